"""The newsletter page, `newsletter/index.md`: the latest edition's snippets in full, then
links to every earlier edition's. Its words are in templates/pages/newsletter.md.j2.

Needs the Markdown extensions admonition, pymdownx.details, pymdownx.superfences (fences
inside collapsed blocks), md_in_html (the `markdown` attribute of the divs that keep
sources out of the search index) and tables.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from escda_site.outputs.newsletter import Snippet, site_snippets
from escda_site.outputs.templating import render
from escda_site.public import urls
from escda_site.public.view import PublicSite


def _fence(code: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    return "`" * max(3, longest + 1)


def _indent(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line if line else line for line in text.splitlines())


def source_block(title: str, code: str, lang: str) -> Markup:
    """A collapsed block (pymdownx.details) holding a fenced code block to copy.

    Kept out of the search index (`data-pagefind-ignore="all"`, its value written out so that
    md_in_html keeps it as Pagefind reads it):
    markup would bloat the index and turn every search for a laureate into a hit here.
    """
    fence = _fence(code)
    block = f"{fence}{lang}\n{code.rstrip()}\n{fence}"
    details = f'??? example "{title}"\n\n{_indent(block)}\n'
    return Markup(f'<div data-pagefind-ignore="all" markdown>\n\n{details}\n</div>\n')


def newsletter_page(
    site: PublicSite, site_url: str, snippets: dict[int, list[Snippet]] | None = None
) -> str:
    """Markdown of `newsletter/index.md`; `snippets` by year, as `site_snippets` makes them."""
    by_year = site_snippets(site, site_url) if snippets is None else snippets
    markdown = render(
        "newsletter.md.j2",
        site=site,
        here=urls.newsletter_page(),
        editions=[(e, by_year[e.year]) for e in site.editions],
        source_block=source_block,
    )
    # Blocks end their own lines: the page ends with exactly one line end.
    return markdown.rstrip("\n") + "\n"
