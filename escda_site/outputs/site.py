"""Every generated text output of a site, in one list: pages (Markdown) and data files.

The MkDocs plugin and the golden tests both read this list, so what the tests pin is
exactly what the engine publishes. Logo images and press kits (binary, cached) are
produced apart by `logos.build_logo_assets`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, partial
from typing import TypeVar

from escda_site.cache.store import Store
from escda_site.inputs.columns import channel_columns
from escda_site.outputs.calendar import calendar_files
from escda_site.outputs.category_history import categories_page, category_history_page
from escda_site.outputs.datapackage import datapackage, laureates_schema
from escda_site.outputs.feed import atom_feed
from escda_site.outputs.institutional import institutional_pages
from escda_site.outputs.logo_checker import checker_files
from escda_site.outputs.newsletter import (
    Snippet,
    compile_newsletter_templates,
    newsletter_files,
    site_snippets,
)
from escda_site.outputs.newsletter_page import newsletter_page
from escda_site.outputs.opendata.fields import field_docs
from escda_site.outputs.opendata.files import Parts, edition_opendata, opendata_files
from escda_site.outputs.opendata.page import opendata_page
from escda_site.outputs.opendata.rows import channel_order
from escda_site.outputs.pages import (
    companies_page,
    company_page,
    edition_pages,
    front_pages,
    result_page,
    sector_page,
    sectors_page,
)
from escda_site.outputs.robots import robots_txt
from escda_site.outputs.search_data import search_data, with_search_data
from escda_site.outputs.slices import Fingerprints, GeneratedPages, Slices
from escda_site.outputs.structured_data import with_structured_data
from escda_site.outputs.templating import compile_page_templates
from escda_site.public import urls
from escda_site.public.page_meta import front_matter, page_meta
from escda_site.public.view import PublicSite
from escda_site.text.frformat import of
from escda_site.text.wording import AWARD


@dataclass(frozen=True)
class SiteOutputs:
    pages: list[tuple[str, str]]  # (path of a Markdown page, its source)
    files: list[tuple[str, str | bytes]]  # (path of a published file, its content)


Pages = list[tuple[str, str]]
T = TypeVar("T")


def site_outputs(
    site: PublicSite,
    site_url: str,
    store: Store | None = None,
    kept: GeneratedPages | None = None,
) -> SiteOutputs:
    """The Markdown pages and the data files (newsletter, open data, feed, checker index).

    With a `store`, what an earlier build made from the same inputs is read from it: the
    compiled templates, the snippets of each edition whose results did not change, and,
    as `kept` below, each family of pages and each edition's open data (a build after an
    edit makes again only what the edit changed).
    Each family of pages is made from its slice of `site` (`outputs.slices`); with `kept`
    (serve's rebuilds, in memory), a family whose slice did not change since the previous
    build is taken from it, and so are the data files, and each edition's open data while
    that edition is the same.
    """
    if store is not None:
        compile_page_templates(store)
        compile_newsletter_templates(store)
    if kept is not None:
        kept.begin()
    reuse = _reuse(kept, store)
    fingerprint = Fingerprints()
    # Read by the newsletter page and the data files: made (or read from the store) once.
    snippets = cache(partial(site_snippets, site, site_url, store))

    def finished(view: PublicSite, pages: Pages) -> Pages:
        data = search_data(view, {path for path, _ in pages})
        return with_search_data(view, with_structured_data(view, site_url, pages), data)

    pages: Pages = []
    for family, view, make in _families(site, site_url, snippets):
        held = kept.held(family) if kept is not None else None
        if held is not None:  # a rebuild focused on a page of another family
            pages += held
        elif reuse is None:
            pages += finished(view, make(view))
        else:
            key = f"{fingerprint(view)}\0{site_url}"
            pages += reuse(family, key, lambda v=view, m=make: finished(v, m(v)))

    if kept is not None and (held := kept.held(("files",))) is not None:
        return SiteOutputs(pages=pages, files=held)
    parts: Parts = edition_opendata
    if reuse is not None:
        # Each edition's open data is kept while the edition and the archive's channels
        # are the same: a score edited in one edition makes again that edition's files.
        every, columns = channel_order(site.editions), channel_columns(site.editions)
        made = {
            e.year: reuse(
                ("opendata", e.year),
                f"{fingerprint(e)}\0{site_url}\0{site.demo}\0{columns!r}\0{every!r}",
                partial(edition_opendata, e, site_url, site.demo, columns, every),
            )
            for e in site.editions
        }
        parts = lambda edition, *_: made[edition.year]  # noqa: E731

    def files() -> list[tuple[str, str | bytes]]:
        opendata = opendata_files(site, site_url, parts)
        return [
            *newsletter_files(site, site_url, snippets()),
            *opendata,
            datapackage(site, site_url, opendata, field_docs(site)),
            laureates_schema(site, site_url, opendata, field_docs(site)),
            atom_feed(site, site_url),
            robots_txt(site, site_url),
            *calendar_files(site, site_url),
            *checker_files(site, site_url),
        ]

    if kept is None:
        # A build keeps no whole set of data files: its tree is kept under its inputs, so
        # a build that would find them is one that takes the whole tree instead.
        return SiteOutputs(pages=pages, files=files())
    key = f"{fingerprint(site)}\0{site_url}"
    return SiteOutputs(pages=pages, files=kept.get(("files",), key, files))


Reuse = Callable[[tuple, str, Callable[[], T]], T]


def _reuse(kept: GeneratedPages | None, store: Store | None) -> Reuse | None:
    """How a family of outputs made from a slice is taken again: from serve's memory
    (`kept`), else from the cache of earlier builds (`store`) under the slice's
    fingerprint; None when nothing is kept (everything is made)."""
    if kept is not None:
        return kept.get
    if store is None or not store.enabled:
        return None
    return lambda family, key, make: store.kept("generated", "-".join(map(str, family)), key, make)


Family = tuple[tuple, PublicSite, Callable[[PublicSite], Pages]]
Snippets = Callable[[], dict[int, list[Snippet]]]


def _families(site: PublicSite, site_url: str, snippets: Snippets) -> Iterator[Family]:
    """Every family of pages in the site's order: its name, its slice, and how its pages
    are made from that slice (`snippets`: the site's newsletter snippets)."""
    slices = Slices(site)
    yield ("front",), site, front_pages
    for e in site.editions:
        yield ("edition", e.year), slices.edition(e.year), partial(_edition, e.year)
        for c in e.categories:
            yield (
                ("category", e.year, c.slug),
                slices.category(e.year, c.slug),
                partial(_result, e.year, c.slug, site_url),
            )
    for sector in site.sectors:
        yield ("sector", sector.slug), slices.sector(sector.slug), partial(_sector, sector.slug)
    yield ("sectors",), site, lambda view: [sectors_page(view)]
    for co in site.companies:
        yield ("company", co.slug), slices.company(co.slug), partial(_company, co.slug)
    yield ("companies",), site, lambda view: [companies_page(view)]
    yield ("categories",), site, _categories
    for slug in dict.fromkeys(c.slug for e in site.editions for c in e.categories):
        yield ("history", slug), slices.history(slug), partial(_history, slug)
    yield ("institutional",), site, institutional_pages
    yield ("newsletter", "opendata"), site, partial(_newsletter_and_opendata, site_url, snippets)


def _edition(year: int, view: PublicSite) -> Pages:
    edition = view.edition(year)
    assert edition is not None
    return edition_pages(view, edition)


def _result(year: int, slug: str, site_url: str, view: PublicSite) -> Pages:
    edition = view.edition(year)
    category = edition.category(slug) if edition else None
    assert edition is not None and category is not None
    return [result_page(view, edition, category, site_url)]


def _sector(slug: str, view: PublicSite) -> Pages:
    return [sector_page(view, next(s for s in view.sectors if s.slug == slug))]


def _company(slug: str, view: PublicSite) -> Pages:
    return [company_page(view, next(co for co in view.companies if co.slug == slug))]


def _categories(view: PublicSite) -> Pages:
    return [(urls.source(urls.categories()), categories_page(view))]


def _history(slug: str, view: PublicSite) -> Pages:
    return [(urls.source(urls.category_history(slug)), category_history_page(view, slug))]


def _newsletter_and_opendata(site_url: str, snippets: Snippets, site: PublicSite) -> Pages:
    return [
        _with_meta(
            site,
            urls.source(urls.newsletter_page()),
            newsletter_page(site, site_url, snippets()),
            f"Les résultats {of(AWARD)}{AWARD} prêts à reprendre dans une lettre d'information ou "
            "un intranet : un texte par édition et par catégorie, en HTML et en texte brut.",
        ),
        _with_meta(
            site,
            urls.source(urls.opendata_page()),
            opendata_page(site),
            f"Le palmarès {of(AWARD)}{AWARD} en données ouvertes : lauréats, notes publiées, "
            "catégories et éditions en CSV et JSON, avec leur schéma et leur licence.",
        ),
    ]


def _with_meta(site: PublicSite, path: str, markdown: str, description: str) -> tuple[str, str]:
    """A page whose title is its heading: front matter for its description, embargo, robots."""
    meta = page_meta(site, path, description=description)
    return path, f"{front_matter(meta)}\n\n{markdown}" if meta else markdown
