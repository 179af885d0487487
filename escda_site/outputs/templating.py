"""The Jinja environment of the generated Markdown pages, shared by every page generator.

Templates get the wording (`award`, `award_short`), the URL map (`url`) and `link`, which
writes a URL of the map relative to the page being rendered (the `here` variable every
generator passes), so no template spells a path or the award's name.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from escda_site.outputs.compiled_templates import COMPILED
from escda_site.public import claims, urls
from escda_site.public.page_meta import front_matter, page_meta
from escda_site.text import frformat, wording

DEVICES = {"smartphone": "smartphone", "desktop": "ordinateur", "tablet": "tablette"}


def md(value: object) -> Markup:
    """Plain text made safe for Markdown and HTML: `*x*` and `<b>` show as typed."""
    return Markup(wording.md_text(value))


@pass_context
def _link(context: Context, target: str, markdown: bool = True) -> str:
    """`target` (a URL of the map) relative to the page being rendered (`here`)."""
    return urls.relative(context["here"], target, markdown)


@pass_context
def _front_matter(context: Context, title: str, description: str, extra: dict) -> Markup:
    """The page's YAML front matter, as `page_meta` decides it for the title and
    description the template words; `extra` holds the page's share image, if any."""
    path = urls.source(context["here"])
    meta = page_meta(context["site"], path, title=title, description=description, **extra)
    return Markup(front_matter(meta))


def _wording(phrase: Callable[..., str]) -> Callable[..., Markup]:
    """A phrase of text/wording.py as it is: its words and numbers hold no data value, and
    escaping would turn its apostrophes into entities that typography cannot curl."""
    return lambda *args: Markup(phrase(*args))


def _points(value: float) -> str:
    return frformat.number(value, 0 if float(value).is_integer() else 1)


@cache
def environment() -> Environment:
    """The page templates' environment (cached: templates compile once per process)."""
    env = Environment(
        loader=PackageLoader("escda_site", "templates/pages"),
        bytecode_cache=COMPILED,
        # Templates are package files: no date check of the file on every page rendered.
        auto_reload=False,
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        md=md,
        mark=frformat.mark,
        threshold=wording.threshold_text,
        day=frformat.day,
        number=frformat.number,
        ordinal=frformat.ordinal,
        of=frformat.of,
        points=_points,
        weight=wording.weight_text,
        device=lambda d: DEVICES.get(d, d),
        in_sentence=lambda text: Markup(wording.in_sentence(str(text))),
        capitalize_first=lambda text: text[:1].upper() + text[1:],
        renamed_note=wording.renamed_note,
        laureate_name=wording.laureate_name,
        former_names=wording.former_names_text,
    )
    env.globals.update(
        front_matter=_front_matter,
        url=urls,
        link=_link,
        sizes=urls.LOGO_SIZES,
        award=wording.AWARD,
        award_short=wording.AWARD_SHORT,
        # A category's result heading: « Lauréats ex æquo », « Pas d'élection »…
        **{
            name: _wording(getattr(wording, name))
            for name in (
                "laureate_heading",
                "wins",
                "no_laureate_heading",
                "no_laureate_reason",
                "no_laureate_line",
            )
        },
        avg=lambda a, cid: dict(a.channels).get(cid),
        # What each result claims: tested, candidates, what the award is.
        award_line=claims.award_line,
        tested_text=claims.tested_text,
        edition_counts=claims.edition_counts,
        laureates_figure=wording.laureates_figure,
        channel_names=wording.channel_names,
        laureates_text=wording.laureates_text,
    )
    return env


def render(template: str, **context: object) -> str:
    """Render a page template; `site` and `here` (the page's URL) must be in `context`."""
    return environment().get_template(template).render(**context)
