"""What the site search knows of a page beyond its text: its filters and its result line.

Pagefind (`engine.search_index`) indexes the built pages. Each generated page that belongs
to an edition, a sector, a category or a laureate ends with one empty hidden element whose
attributes Pagefind reads (the page text itself is indexed from the main content,
`overrides/main.html`):

- the filters a reader narrows by (`FILTERS`): the edition, the sector, the category, and
  « lauréats actuels », the pages of a laureate whose logo is valid on the build date
  (the daily rebuild keeps it true, as it keeps the home page's list);
- the result line: the laureate(s) and the overall mark.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from html import escape

from escda_site.public import sentences, urls
from escda_site.public.view import PublicCategory, PublicEdition, PublicSite, Title
from escda_site.text import figures
from escda_site.text.typography import typeset_text

# The filters, in the order the search box offers them (overrides/partials/escda-search.html).
EDITION, SECTOR, CATEGORY, STATUS = "edition", "secteur", "categorie", "statut"
FILTERS = (EDITION, SECTOR, CATEGORY, STATUS)
CURRENT = "lauréats actuels"  # the one value of STATUS


@dataclass(frozen=True)
class SearchData:
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)  # laureat, note


def _filters(pairs) -> dict[str, tuple[str, ...]]:
    """{filter: its distinct values in order of first appearance} from (filter, value)."""
    out: dict[str, dict[str, None]] = {}
    for name, value in pairs:
        out.setdefault(name, {})[str(value)] = None
    return {name: tuple(out[name]) for name in FILTERS if name in out}


def _category_page(e: PublicEdition, c: PublicCategory, current: bool) -> SearchData:
    pairs = [(EDITION, e.year), (SECTOR, c.sector.name), (CATEGORY, c.name)]
    if current:
        pairs.append((STATUS, CURRENT))
    meta = {}
    if c.laureates:
        shared = " (ex æquo)" if len(c.laureates) > 1 else ""
        meta = {
            # Named as the page names them: a renamed laureate with its name today, which
            # is what a reader searched for.
            "laureat": sentences.laureate_names(c) + shared,
            # Ex æquo laureates share the mark; an archive edition may publish none, said
            # in words (« · non publiée » read as nothing in particular).
            "note": figures.mark_or_unpublished(c.laureates[0].overall),
        }
    return SearchData(_filters(pairs), meta)


def _company_page(titles: list[Title], current: bool) -> SearchData:
    pairs = [(EDITION, t.edition.year) for t in titles]
    pairs += [(SECTOR, t.category.sector.name) for t in titles]
    pairs += [(CATEGORY, t.category.name) for t in titles]
    if current:
        pairs.append((STATUS, CURRENT))
    latest = titles[0]  # newest edition first
    meta = {
        "laureat": latest.laureate.company.name,
        "note": f"{figures.mark_or_unpublished(latest.laureate.overall)} "
        f"({latest.category.name} {latest.edition.year})",
    }
    return SearchData(_filters(pairs), meta)


def search_data(site: PublicSite, paths: Collection[str] | None = None) -> dict[str, SearchData]:
    """The search data of each generated page that has some, by its Markdown path; with
    `paths`, of those pages only (a family of pages made from its slice of the view reads
    its own: the slice of one category page holds that category in every edition)."""
    today = site.as_of.date()
    wanted = (lambda _: True) if paths is None else paths.__contains__
    out: dict[str, SearchData] = {}
    for e in site.editions:
        edition = SearchData(_filters([(EDITION, e.year)]))
        for path in (urls.source(urls.edition(e.year)), urls.source(urls.methodology(e.year))):
            if wanted(path):
                out[path] = edition
        for c in e.categories:
            path = urls.source(urls.category(e.year, c.slug))
            if wanted(path):
                current = any(Title(e, c, lau).valid_on(today) for lau in c.laureates)
                out[path] = _category_page(e, c, current)
    for sector in site.sectors:
        path = urls.source(urls.sector(sector.slug))
        if wanted(path):
            out[path] = SearchData(_filters([(SECTOR, sector.name)]))
    for company in site.companies:
        path = urls.source(urls.company(company.slug))
        titles = site.titles_of(company.slug) if wanted(path) else None
        if titles:
            current = any(t.valid_on(today) for t in titles)
            out[path] = _company_page(titles, current)
    for slug in dict.fromkeys(c.slug for e in site.editions for c in e.categories):
        path = urls.source(urls.category_history(slug))
        if wanted(path):
            history = site.category_history(slug)
            pairs = [(SECTOR, c.sector.name) for c in history]
            pairs += [(CATEGORY, c.name) for c in history]
            out[path] = SearchData(_filters(pairs))
    return out


def search_markup(data: SearchData) -> str:
    """The hidden element Pagefind reads: every value in an attribute, nothing displayed.

    Values are read from attributes (`name[attribute]`) rather than written inline after
    `name:`, where a comma or a colon in a name would cut it.
    """
    refs, attrs = [], []
    for name, values in data.filters.items():
        for i, value in enumerate(values):
            refs.append(f"{name}[data-{name}-{i}]")
            attrs.append(f'data-{name}-{i}="{escape(value, quote=True)}"')
    head = [f'data-pagefind-filter="{", ".join(refs)}"'] if refs else []
    if data.meta:
        head.append(f'data-pagefind-meta="{", ".join(f"{k}[data-{k}]" for k in data.meta)}"')
        # Typeset as the page shows the same names.
        attrs += [f'data-{k}="{escape(typeset_text(v), quote=True)}"' for k, v in data.meta.items()]
    return f'<div class="escda-search-data" hidden {" ".join(head + attrs)}></div>'


def with_search_data(
    site: PublicSite,
    pages: list[tuple[str, str]],
    data: dict[str, SearchData] | None = None,
) -> list[tuple[str, str]]:
    """`pages` with each one's search data at the end (raw HTML, which any engine keeps);
    `data`: `search_data(site)`, when worked out already."""
    data = search_data(site) if data is None else data
    out = []
    for path, markdown in pages:
        if path in data:
            markdown = f"{markdown.rstrip()}\n\n{search_markup(data[path])}\n"
        out.append((path, markdown))
    return out
