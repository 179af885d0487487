"""A category across the years: `/categories/<category>/`, one page per category slug.

Every edition's result for the category (laureates, marks, companies tested and
candidates, threshold, or why there was no laureate), newest first, with a chart of the
laureate's mark against each edition's threshold. Read from the public view only, so a
non-laureate's name or mark cannot appear.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from markupsafe import Markup

from escda_site.outputs.templating import render
from escda_site.public import urls
from escda_site.public.history import title_years
from escda_site.public.view import PublicCategory, PublicEdition, PublicSite
from escda_site.text import frformat, wording
from escda_site.text.wording import AWARD


@dataclass(frozen=True)
class Row:
    """One edition of the category, as the page and its chart show it."""

    edition: PublicEdition
    category: PublicCategory
    titles: tuple[int, ...]  # per laureate: its number of titles in the category so far

    @property
    def mark(self) -> float | None:
        return self.category.laureates[0].overall if self.category.laureates else None


def _rows(site: PublicSite, slug: str) -> list[Row]:
    rows = []
    for c in reversed(site.category_history(slug)):  # newest first
        edition = site.edition(c.year)
        assert edition is not None
        titles = tuple(
            len(title_years(site, slug, lau.company.slug, c.year)) for lau in c.laureates
        )
        rows.append(Row(edition, c, titles))
    return rows


def _row_text(row: Row) -> str:
    """One edition in words, for the chart's text alternative."""
    c, e = row.category, row.edition
    threshold = f"seuil {wording.threshold_text(e.threshold)}"
    if not c.laureates:
        return f"{e.year} : pas de lauréat ({threshold})"
    return f"{e.year} : {wording.laureate_names(c)}, {frformat.mark(row.mark)} ({threshold})"


def history_chart(rows: list[Row], name: str, key: str = "history-chart") -> Markup:
    """Inline SVG bars, one per edition: the laureate's mark and the edition's threshold.

    Drawn like the channel chart of a result page (same classes, 0 to 20 scale); each
    edition has its own dashed threshold mark, as the threshold changed over the years.
    The title and description say everything the bars show.
    """
    row_h, label_w, bar_w, scale = 34, 48, 250, 20.0
    height = row_h * len(rows) + 28
    desc = " ; ".join(_row_text(r) for r in rows)
    parts = [
        f'<svg class="escda-chart" viewBox="0 0 {label_w + bar_w + 104} {height}" '
        f'role="img" aria-labelledby="{key}-title {key}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{key}-title">Note du lauréat et seuil, catégorie {html.escape(name)}, '
        "édition par édition</title>",
        f'<desc id="{key}-desc">{html.escape(desc)}</desc>',
    ]
    for i, row in enumerate(rows):
        y = 8 + i * row_h
        x_threshold = label_w + bar_w * row.edition.threshold / scale
        parts += [
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" class="escda-chart-label">'
            f"{row.edition.year}</text>",
            f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="20" rx="3" '
            'class="escda-chart-track"/>',
        ]
        if row.mark is not None:
            width = bar_w * max(row.mark, 0) / scale
            parts.append(
                f'<rect x="{label_w}" y="{y + 3}" width="{width:.1f}" height="20" rx="3" '
                'class="escda-chart-bar"/>'
            )
        if not row.category.laureates:
            value, css = "pas de lauréat", "escda-chart-label"
        elif row.mark is None:
            value, css = "non publiée", "escda-chart-label"
        else:
            value, css = frformat.mark(row.mark, suffix=False), "escda-chart-value"
        parts += [
            f'<line x1="{x_threshold:.1f}" x2="{x_threshold:.1f}" y1="{y}" y2="{y + 26}" '
            'class="escda-chart-threshold"/>',
            f'<text x="{label_w + bar_w + 8}" y="{y + 18}" class="{css}">{value}</text>',
        ]
    parts += [
        f'<text x="{label_w + bar_w}" y="{height - 4}" text-anchor="end" '
        'class="escda-chart-label">- - - seuil de l\'édition ; échelle de 0 à 20</text>',
        "</svg>",
    ]
    return Markup("".join(parts))


def category_history_page(site: PublicSite, slug: str) -> str:
    """The Markdown of `categories/<slug>/index.md`."""
    rows = _rows(site, slug)
    latest = rows[0].category
    years = [r.edition.year for r in rows]
    span = f"en {years[0]}" if len(years) == 1 else f"de {years[-1]} à {years[0]}"
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
        archive=any(r.edition.archive for r in rows),
        renamed=any(r.category.name != latest.name for r in rows),
        meta={},
    )


def category_history_pages(site: PublicSite) -> list[tuple[str, str]]:
    """One page per category slug of any public edition, in order of first appearance."""
    slugs = dict.fromkeys(c.slug for e in site.editions for c in e.categories)
    return [
        (urls.source(urls.category_history(slug)), category_history_page(site, slug))
        for slug in slugs
    ]
