"""A category across the years: `/categories/<category>/`, one page per category slug.

Every edition's result for the category (laureates, marks, companies tested and
candidates, threshold, or why there was no laureate), newest first, with a chart of the
laureate's mark against each edition's threshold. A year the category skipped (no edition
on the portal, or an edition without it) keeps its row in both, saying so: 2014 read under
2012 would pass for the next edition. Read from the public view only, so a
non-laureate's name or mark cannot appear.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from escda_site.outputs.charts import Bar, bar_chart
from escda_site.outputs.templating import render
from escda_site.public import sentences, urls
from escda_site.public.history import gap_text, skipped_runs, title_years
from escda_site.public.view import PublicCategory, PublicEdition, PublicSite
from escda_site.text import figures, frformat, wording
from escda_site.text.wording import AWARD


@dataclass(frozen=True)
class Row:
    """One edition of the category, as the page and its chart show it."""

    edition: PublicEdition
    category: PublicCategory
    titles: tuple[int, ...]  # per laureate: its number of titles in the category so far

    gap = False

    @property
    def year(self) -> int:
        return self.edition.year

    @property
    def mark(self) -> float | None:
        return self.category.laureates[0].overall if self.category.laureates else None


@dataclass(frozen=True)
class Gap:
    """Years between two editions of the category without a result of their own: a run of
    years with no edition on the portal, or one edition held without the category."""

    years: tuple[int, ...]  # newest first
    edition: PublicEdition | None  # None: no edition on the portal those years
    text: str  # public/history.gap_text, lower case
    gap = True

    @property
    def year(self) -> int:
        return self.years[0]

    @property
    def label(self) -> str:
        """« 2013 », « 2015 à 2025 »."""
        return wording.years_text(self.years)


def _rows(site: PublicSite, slug: str) -> list[Row | Gap]:
    held = {c.year: c for c in site.category_history(slug)}
    skipped = [y for y in range(max(held), min(held) - 1, -1) if y not in held]
    rows: list[Row | Gap] = [
        Gap(run, site.edition(run[0]), gap_text(site, run)) for run in skipped_runs(site, skipped)
    ]
    for c in held.values():
        edition = site.edition(c.year)
        assert edition is not None
        titles = tuple(
            len(title_years(site, slug, lau.company.slug, c.year)) for lau in c.laureates
        )
        rows.append(Row(edition, c, titles))
    return sorted(rows, key=lambda r: -r.year)  # newest first


def _row_text(row: Row | Gap) -> str:
    """One edition in words, for the chart's text alternative."""
    if isinstance(row, Gap):
        return f"{row.label} : {row.text}"
    c, e = row.category, row.edition
    threshold = f"seuil {figures.threshold_text(e.threshold)}"
    if not c.laureates:
        return f"{e.year} : {sentences.no_laureate_word(c)} ({threshold})"
    return (
        f"{e.year} : {sentences.laureate_names(c)}, {figures.mark_or_unpublished(row.mark)} "
        f"({threshold})"
    )


def history_chart(rows: list[Row | Gap], name: str, key: str = "history-chart") -> Markup:
    """Bars, one per edition: the laureate's mark and the edition's threshold.

    Drawn like the channel chart of a result page (outputs/charts.py, 0 to 20 scale);
    each edition has its own dashed threshold mark, as the threshold changed over the
    years. A skipped year is an empty, outlined track saying why. The title and
    description say everything the bars show.
    """
    bars = []
    for row in rows:
        if isinstance(row, Gap):
            # The span as the table and the sentences say it (« 2013 et 2014 »).
            bars.append(Bar(row.label, None, row.text, None, is_mark=False, gap=True))
            continue
        if not row.category.laureates:
            value, is_mark = sentences.no_laureate_word(row.category), False
        elif row.mark is None:
            value, is_mark = figures.MARK_UNPUBLISHED, False
        else:
            value, is_mark = frformat.mark(row.mark, suffix=False), True
        bars.append(Bar(str(row.edition.year), row.mark, value, row.edition.threshold, is_mark))
    return bar_chart(
        key,
        f"Note du lauréat et seuil, catégorie {name}, édition par édition",
        " ; ".join(_row_text(r) for r in rows),
        bars,
        "- - - seuil de l'édition ; échelle de 0 à 20",
    )


def category_history_page(site: PublicSite, slug: str) -> str:
    """The Markdown of `categories/<slug>/index.md`."""
    rows = _rows(site, slug)
    held = [r for r in rows if isinstance(r, Row)]
    latest = held[0].category
    years = [r.year for r in held]
    # Editions, not calendar years: the 2026 edition tested in 2025 and was proclaimed then.
    # Said as runs (« des éditions 2010 à 2012 et 2014 à 2016 »): « de l'édition 2010 à
    # l'édition 2016 » passed a year missing from the archives, or one held without the
    # category, for one of its editions.
    span = f"lors de l'édition {years[0]}" if len(years) == 1 else wording.of_editions(years)
    description = (
        f"La catégorie {latest.name} {frformat.of(AWARD)}{AWARD} {span} : lauréats, "
        "notes, entreprises testées et seuil de chaque édition."
    )
    return render(
        "category_history.md.j2",
        site=site,
        here=urls.category_history(slug),
        c=latest,
        rows=rows,
        span=span,
        description=description,
        chart=history_chart(rows, latest.name),
        archive=any(r.edition.archive for r in held),
        # The table counts candidates only beside référents (_macros.j2 `tested`).
        candidates=any(r.category.benchmarks for r in held),
        renamed=any(r.category.name != latest.name for r in held),
        meta={},
    )


def categories_page(site: PublicSite) -> str:
    """The Markdown of `categories/index.md`: every category of any public edition, by
    sector, with its latest result and a link to its history."""
    latest = {}
    for e in site.editions:  # newest first: the first one met is the latest
        for c in e.categories:
            latest.setdefault(c.slug, (e, c))
    groups = []
    for sector in site.sectors:
        rows = sorted(
            (ec for ec in latest.values() if ec[1].sector.slug == sector.slug),
            key=lambda ec: frformat.sort_key(ec[1].name),
        )
        if rows:
            groups.append((sector, rows))
    description = (
        f"Toutes les catégories {frformat.of(AWARD)}{AWARD}, avec leur dernier résultat et "
        "l'historique de chacune, édition par édition."
    )
    return render(
        "categories.md.j2",
        site=site,
        here=urls.categories(),
        groups=groups,
        count=len(latest),
        description=description,
        meta={},
    )


def category_history_pages(site: PublicSite) -> list[tuple[str, str]]:
    """The index, then one page per category slug of any public edition, in order of first
    appearance."""
    slugs = dict.fromkeys(c.slug for e in site.editions for c in e.categories)
    return [(urls.source(urls.categories()), categories_page(site))] + [
        (urls.source(urls.category_history(slug)), category_history_page(site, slug))
        for slug in slugs
    ]
