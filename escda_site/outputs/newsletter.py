"""Newsletter snippets: e-mail-safe HTML fragments of the palmarès, with plain-text twins.

Outlook renders HTML with Word's engine and Gmail may drop `<style>`, so the templates
use nested presentation tables and a `<style>` block that css_inline moves into `style`
attributes. Everything here reads the public view only.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from html import escape

from jinja2 import Environment
from markupsafe import Markup

from escda_site.cache.store import Store
from escda_site.cache.templates import compile_templates
from escda_site.inputs.model import Correction
from escda_site.outputs.email_html import email_fragment
from escda_site.outputs.templating import package_environment
from escda_site.public import claims, urls
from escda_site.public.sentences import (
    edition_summary,
    laureate_heading,
    laureate_name,
    no_laureate_heading,
)
from escda_site.public.view import PublicCategory, PublicEdition, PublicSite
from escda_site.text import frformat
from escda_site.text.clean import clean
from escda_site.text.figures import threshold_text
from escda_site.text.typography import typeset_text
from escda_site.text.wording import (
    abbr,
    award_of,
    demo_banner,
    edition_label,
    embargo_notice,
    logo_alt,
)


def _environment(autoescape: bool) -> Environment:
    env = package_environment("newsletter", autoescape)
    env.globals.update(demo_banner=demo_banner, embargo_notice=embargo_notice)
    return env


_HTML, _TEXT = _environment(autoescape=True), _environment(autoescape=False)


def compile_newsletter_templates(store: Store) -> None:
    """Load every snippet template, through the store's compiled templates."""
    names = _HTML.list_templates()
    html = [n for n in names if n.endswith(".html.j2")]
    compile_templates(_HTML, "newsletter-html", html, store)
    text = [n for n in names if n.endswith(".txt.j2")]
    compile_templates(_TEXT, "newsletter-text", text, store)


def logo_url(site_url: str, year: int, category_slug: str, company_slug: str) -> str:
    # The web size, shown at 96 px in e-mails: sharp on high-density screens.
    return site_url + urls.logo(year, category_slug, company_slug, urls.LOGO_SIZES["web"])


# --- View models handed to the templates ------------------------------------------------


@dataclass(frozen=True)
class _Winner:
    name: str
    mark: str
    logo_url: str
    logo_alt: str


@dataclass(frozen=True)
class _Correction:
    title: str  # « Correction du 20 octobre 2026 », with the categories it names if asked
    text: str


@dataclass(frozen=True)
class _Entry:
    slug: str
    name: str
    sector: str
    url: str
    winners: tuple[_Winner, ...]
    tested: str
    threshold: str
    reason: str
    heading: str  # « Lauréat », « Pas de lauréat », « Aucun lauréat publié »…: sentences.py
    award: str  # what the award is: private, paid, how many tested and could win, threshold
    corrections: tuple[_Correction, ...]  # errata that concern the category, oldest first
    counted: bool  # the count of companies tested was published (archives may not have)


@dataclass(frozen=True)
class _EditionView:
    year: int
    label: str
    label_html: Markup  # the label with « ESCDA » spelled out in <abbr>
    title: str
    number_text: str
    proclaimed: str
    campaign: str
    valid_until: str
    threshold: str
    summary: str
    award: str
    url: str
    embargoed: bool
    demo: bool  # a demo build: the snippet says its companies are fictitious
    sectors: tuple[tuple[str, tuple[_Entry, ...]], ...]
    corrections: tuple[_Correction, ...]  # every erratum of the edition, oldest first

    @property
    def counted(self) -> bool:
        """Whether every result of the edition gives its count of companies tested."""
        return all(entry.counted for _, entries in self.sectors for entry in entries)


def _entry(edition: PublicEdition, category: PublicCategory, site_url: str) -> _Entry:
    name = clean(category.name)
    if category.laureates:
        reason, tested = "", claims.tested_text(category)
    else:  # the count said once: in the reason when it is the reason (claims)
        reason, tested = claims.reason_and_count(edition, category)
    return _Entry(
        slug=category.slug,
        name=name,
        sector=clean(category.sector.name),
        url=site_url + urls.category(edition.year, category.slug),
        winners=tuple(
            _Winner(
                name=laureate_name(lau),  # as proclaimed, with its name today if renamed
                mark=frformat.mark(lau.overall),
                logo_url=logo_url(site_url, edition.year, category.slug, lau.company.slug),
                logo_alt=logo_alt(edition.year, name),
            )
            for lau in category.laureates
        ),
        tested=_sentence(tested),
        threshold=threshold_text(edition.threshold),
        reason=reason,
        heading=(
            laureate_heading(category) if category.laureates else no_laureate_heading(category)
        ),
        award=claims.award_line(edition, category, counted=bool(tested)),
        corrections=tuple(
            _correction(edition, c, named=False) for c in edition.corrections_of(category.slug)
        ),
        counted=category.tested is not None,
    )


def _correction(edition: PublicEdition, correction: Correction, named: bool) -> _Correction:
    """An erratum as the pages show it; `named`: the title names the categories concerned."""
    title = f"Correction du {frformat.day(correction.day)}"
    names = [clean(c.name) for s in correction.categories if (c := edition.category(s))]
    if named and names:
        title += " — " + ", ".join(names)
    return _Correction(title=title, text=clean(correction.text))


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _edition_view(edition: PublicEdition, site_url: str, demo: bool) -> _EditionView:
    start, end = edition.campaign_start, edition.campaign_end
    return _EditionView(
        year=edition.year,
        label=edition_label(edition.year),
        label_html=Markup(f"{abbr()} {edition.year}"),
        title=award_of(edition.year),
        number_text=f"{frformat.ordinal(edition.number)} édition",
        proclaimed=frformat.day(edition.proclamation),
        campaign=frformat.period(start, end),
        valid_until=frformat.day(edition.logo_valid_until),
        threshold=threshold_text(edition.threshold),
        summary=edition_summary(edition),
        award=claims.edition_award_line(edition),
        url=site_url + urls.edition(edition.year),
        embargoed=edition.embargoed,
        demo=demo,
        sectors=tuple(
            (clean(sector.name), tuple(_entry(edition, c, site_url) for c in cats))
            for sector, cats in edition.by_sector()
        ),
        corrections=tuple(_correction(edition, c, named=True) for c in edition.corrections),
    )


# --- Rendering --------------------------------------------------------------------------


def _email_html(template: str, **context: object) -> str:
    return email_fragment(_HTML.get_template(template).render(**context))


def _plain_text(template: str, **context: object) -> str:
    rendered = _TEXT.get_template(template).render(**context)
    lines = [line.rstrip() for line in rendered.splitlines()]
    return typeset_text(re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()) + "\n"


# The fragment's images have the site's absolute URLs: an e-mail needs them. Read anywhere
# else (`escda serve`, a preview build served locally, before the ceremony) they would show
# the production site's images, absent then. The files people paste carry no script (mail
# tools strip or flag it): the newsletter page previews a copy whose images point at the
# site it is read from by relative URLs, `Snippet.preview` at `urls.snippet_preview`.


@dataclass(frozen=True)
class Snippet:
    """One snippet of an edition: the edition's palmarès (`slug` None) or one category.

    `html` is the fragment to paste into an e-mail; `document` wraps it into a standalone
    UTF-8 page, the file published at `url("html")`, whose <body> is exactly the fragment.
    """

    year: int
    slug: str | None
    title: str
    html: str
    text: str
    site_url: str = ""  # the images' absolute prefix; read elsewhere, the page swaps it

    @property
    def document(self) -> str:
        """The fragment as a standalone HTML document, declared UTF-8 and phone-ready: the
        file people paste, so no script in it."""
        return self._page(self.html, "")

    @property
    def preview(self) -> str:
        """The document as the site previews it: images addressed relative to the preview's
        own URL, so they load from whichever site shows it; never indexed, never pasted."""
        body = self.html
        if self.site_url:
            up = "../" * self.preview_url().count("/")  # back to the site's root
            body = body.replace(f'src="{escape(self.site_url)}', f'src="{up}')
        return self._page(body, '<meta name="robots" content="noindex">\n')

    def _page(self, body: str, head: str) -> str:
        return (
            '<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"{head}<title>{typeset_text(escape(self.title, quote=False))} — "
            f"{award_of(self.year)}</title>\n</head>\n"
            '<body style="margin:0;padding:0">\n'
            f"{body}</body>\n</html>\n"
        )

    def preview_url(self) -> str:
        """Site-relative URL of the preview copy the newsletter page shows."""
        return urls.snippet_preview(self.year, self.slug)

    def url(self, ext: str) -> str:
        """Site-relative URL of the snippet's `html` or `txt` file."""
        return urls.snippet(self.year, self.slug, ext)

    def link(self, ext: str) -> str:
        """The file's link as written on the newsletter page."""
        return urls.relative(urls.newsletter_page(), self.url(ext))


def edition_snippets(
    edition: PublicEdition, site_url: str, demo: bool = False, store: Store | None = None
) -> list[Snippet]:
    """The edition's snippet first, then one per category in palmarès order.

    With a `store`, an edition whose public results did not change since an earlier
    build keeps that build's snippets: CSS inlining makes them the costliest output.
    Under `serve` (a store that lasts), a category's snippet is kept while what it is
    made of is the same, though another category of its edition changed (a renamed
    sector or laureate changes a few of an edition's fifty).
    """
    inputs = (edition, site_url, demo)
    if store is None:
        return list(_edition_snippets(*inputs))
    kept = store.memo(("category snippets",), dict)
    made = store.kept(
        "snippets", str(edition.year), inputs, lambda: _edition_snippets(*inputs, kept)
    )
    return list(made)


# A pure function of its arguments, kept by `edition_snippets` in the store.
def _edition_snippets(
    edition: PublicEdition, site_url: str, demo: bool, kept: dict | None = None
) -> tuple[Snippet, ...]:
    if edition.category("index") is not None:
        # The URL contract gives the edition's snippet the name index.html
        raise ValueError(f"{edition.year}: a category slug 'index' would overwrite index.html")
    view = _edition_view(edition, site_url, demo)
    snippets = [
        Snippet(
            year=edition.year,
            slug=None,
            title=f"Palmarès {view.label}",
            html=_email_html("edition.html.j2", ed=view),
            text=_plain_text("edition.txt.j2", ed=view),
            site_url=site_url,
        )
    ]
    # A category's snippet reads its entry and the edition's own facts, not the other
    # categories: it is made from these only, so `kept` can hold it under them.
    header = dataclasses.replace(view, sectors=(), corrections=())
    for _sector, entries in view.sectors:
        for entry in entries:
            key = (header, entry, site_url)
            known = None if kept is None else kept.get((edition.year, entry.slug))
            if known is None or known[0] != key:
                known = (key, _category_snippet(header, entry, site_url))
                if kept is not None:
                    kept[(edition.year, entry.slug)] = known
            snippets.append(known[1])
    return tuple(snippets)


def _category_snippet(header: _EditionView, entry: _Entry, site_url: str) -> Snippet:
    return Snippet(
        year=header.year,
        slug=entry.slug,
        title=entry.name,
        html=_email_html("category.html.j2", ed=header, e=entry),
        text=_plain_text("category.txt.j2", ed=header, e=entry),
        site_url=site_url,
    )


def site_snippets(
    site: PublicSite, site_url: str, store: Store | None = None
) -> dict[int, list[Snippet]]:
    """Every public edition's snippets, by year: made once, read by the page and the files."""
    return {e.year: edition_snippets(e, site_url, site.demo, store) for e in site.editions}


def newsletter_files(
    site: PublicSite, site_url: str, snippets: dict[int, list[Snippet]] | None = None
) -> list[tuple[str, str]]:
    """Every snippet and its plain-text twin, as (site-relative path, content)."""
    snippets = site_snippets(site, site_url) if snippets is None else snippets
    files: list[tuple[str, str]] = []
    for edition in site.editions:
        for snippet in snippets[edition.year]:
            files.append((snippet.url("html"), snippet.document))
            if snippet.slug is None:  # the newsletter page previews each edition's palmarès
                files.append((snippet.preview_url(), snippet.preview))
            # A byte order mark: browsers read a .txt served without charset as UTF-8.
            files.append((snippet.url("txt"), "\ufeff" + snippet.text))
    return files
