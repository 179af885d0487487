"""The laureates' rows of the open-data files, and how a CSV cell is written.

Shared by the files (`files`) and the page (`page`), whose examples are cells of a
published row: one row per laureate, never a non-laureate.
"""

from __future__ import annotations

from typing import Any

from escda_site.public import urls
from escda_site.public.view import PublicEdition

# OWASP "CSV injection": a spreadsheet runs a cell starting with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Row = dict[str, Any]
Columns = dict[str, str]  # channel id -> its column, from `channel_columns` over the site


def channel_order(editions: tuple[PublicEdition, ...] | list[PublicEdition]) -> list[str]:
    """Channels in display order, newest edition first, each once."""
    seen: dict[str, None] = {}
    for edition in editions:
        for channel in edition.channels:
            seen.setdefault(channel.id, None)
    return list(seen)


def _mark(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def laureate_rows(
    edition: PublicEdition, site_url: str, channel_ids: list[str], columns: Columns
) -> list[Row]:
    """One row per laureate of the edition, by category then company, with a mark column
    for each of `channel_ids` (null where the laureate has no such mark)."""
    rows: list[Row] = []
    for category in sorted(edition.categories, key=lambda c: c.slug):
        for laureate in sorted(category.laureates, key=lambda lau: lau.company.slug):
            national = laureate.company.national_id
            row: Row = {
                "edition": edition.year,
                "categorie_slug": category.slug,
                "categorie": category.name,
                "secteur_slug": category.sector.slug,
                "secteur": category.sector.name,
                "entreprise_slug": laureate.company.slug,
                "entreprise": laureate.company.name,
                "note": _mark(laureate.overall),
            }
            for channel_id in channel_ids:
                row[columns[channel_id]] = _mark(laureate.channel_mark(channel_id))
            row |= {
                "seuil": edition.threshold,
                "entreprises_testees": category.tested,
                "proclamation": edition.proclamation.date().isoformat(),
                "logo_valable_jusqu_au": edition.logo_valid_until.isoformat(),
                "url": site_url + urls.category(edition.year, category.slug),
                "ex_aequo": len(category.laureates) > 1,
                "entreprises_candidates": category.candidates,
                "logo_valable_du": edition.proclamation.date().isoformat(),
                "entreprise_nom_a_la_proclamation": laureate.name,
                "siren": laureate.company.siren,
                "identifiant_national_schema": national.scheme if national else None,
                "identifiant_national": national.id if national else None,
            }
            rows.append(row)
    return rows


def channel_list(editions: list[PublicEdition], columns: Columns) -> list[Row]:
    """The channels of these editions, each once: its id, its mark's column, its name."""
    labels: dict[str, str] = {}
    for edition in editions:
        for channel in edition.channels:
            labels.setdefault(channel.id, channel.label)
    return [{"id": cid, "colonne": columns[cid], "libelle": label} for cid, label in labels.items()]


def csv_cell(value: Any) -> str:
    """A value as the CSV files write it, for a spreadsheet set to French."""
    if value is None:
        return ""
    if isinstance(value, bool):  # not expected, but bool is an int: keep it explicit
        return "oui" if value else "non"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # French Excel reads "14,37" as a number; 2 decimals like every mark on the site
        return f"{value:.2f}".replace(".", ",")
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text
