"""The open-data files: per edition `laureats.csv` and `.json`, then all editions.

Only the public view is read: one row per laureate, never a non-laureate.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass

from escda_site.inputs.columns import channel_columns
from escda_site.outputs.opendata.fields import (
    CATEGORY_COLUMNS,
    DEMO_FIELD,
    FIELDS,
    LAUREATE_STATUS,
    LICENCE,
    LICENCE_URL,
    REASONS,
)
from escda_site.outputs.opendata.rows import (
    Columns,
    Row,
    channel_list,
    channel_order,
    csv_cell,
    laureate_rows,
)
from escda_site.public import urls
from escda_site.public.sentences import laureate_heading, no_laureate_line, no_laureate_reason
from escda_site.public.view import PublicCategory, PublicEdition, PublicSite


def _without_laureate(edition: PublicEdition, category: PublicCategory, site_url: str) -> Row:
    return {
        "edition": edition.year,
        "categorie_slug": category.slug,
        "categorie": category.name,
        "secteur_slug": category.sector.slug,
        "secteur": category.sector.name,
        "raison": REASONS.get(category.status, "aucun_laureat_proclame"),
        "raison_libelle": no_laureate_reason(edition, category),
        "seuil": edition.threshold,
        "entreprises_testees": category.tested,
        "url": site_url + urls.category(edition.year, category.slug),
        "entreprises_candidates": category.candidates,
    }


def _category_row(edition: PublicEdition, category: PublicCategory, site_url: str) -> Row:
    """A category of `categories.csv`: its laureates, or why it has none; the count of
    companies tested empty when the edition did not publish it."""
    laureates = category.laureates
    return {
        "edition": edition.year,
        "categorie_slug": category.slug,
        "categorie": category.name,
        "secteur_slug": category.sector.slug,
        "secteur": category.sector.name,
        "statut": (
            LAUREATE_STATUS if laureates else REASONS.get(category.status, "aucun_laureat_proclame")
        ),
        "statut_libelle": (
            laureate_heading(category) if laureates else no_laureate_line(edition, category)
        ),
        "nombre_laureats": len(laureates),
        "laureats": " / ".join(lau.name for lau in laureates) or None,
        "laureats_slugs": " ".join(lau.company.slug for lau in laureates) or None,
        "note": (
            round(laureates[0].overall, 2)
            if laureates and laureates[0].overall is not None
            else None
        ),
        "seuil": edition.threshold,
        "entreprises_testees": category.tested,
        "entreprises_candidates": category.candidates,
        "url": site_url + urls.category(edition.year, category.slug),
    }


def _totals(edition: PublicEdition) -> Row | None:
    """What the edition's totals count, in numbers that add up (None: archive edition).

    A company tested in two categories is two entries: `tests` = entries × tests per entry.
    """
    if edition.archive:
        return None
    return {
        "entreprises_testees_par_categorie": edition.entries,
        "entreprises_distinctes": edition.companies_tested,
        "entreprises_candidates": edition.candidates,
        "referents_hors_concours": edition.entries - edition.candidates,
        "tests": edition.tests_run,
        "tests_par_entreprise_et_categorie": edition.tests_per_entry,
    }


def _json(document: Row) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _csv(rows: list[Row], columns: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(row[c]) for c in columns])
    # The BOM makes Excel read UTF-8; bytes keep the CRLF line ends as written.
    return buffer.getvalue().encode("utf-8-sig")


def _columns(channel_ids: list[str], columns: Columns, demo: bool) -> list[str]:
    names: list[str] = []
    for field in FIELDS:
        if field.name == "note_<canal>":
            names += [columns[cid] for cid in channel_ids]
        else:
            names.append(field.name)
    return [*names, DEMO_FIELD.name] if demo else names


def _csv_rows(rows: list[Row], demo: bool) -> list[Row]:
    """The rows of a CSV file: in a demo build, each says so (`donnees_de_demonstration`)."""
    return [row | {DEMO_FIELD.name: True} for row in rows] if demo else rows


@dataclass(frozen=True)
class EditionOpenData:
    """An edition's own open-data files, and its rows of the all-editions files."""

    files: tuple[tuple[str, str | bytes], ...]
    rows: tuple[Row, ...]  # with every channel of the archive (the all-editions files)
    without: tuple[Row, ...]
    categories: tuple[Row, ...]


def edition_opendata(
    edition: PublicEdition,
    site_url: str,
    demo: bool,
    columns: Columns,
    every_channel: list[str],
) -> EditionOpenData:
    """`donnees/<year>/`'s files: a function of the edition, the site's URL, the demo flag
    and the archive's channel columns only (`escda serve` keeps them by these)."""
    channel_ids = channel_order([edition])
    rows = laureate_rows(edition, site_url, channel_ids, columns)
    without = [
        _without_laureate(edition, c, site_url)
        for c in sorted(edition.categories, key=lambda c: c.slug)
        if not c.laureates
    ]
    files: list[tuple[str, str | bytes]] = []
    csv_file = urls.opendata_file(edition.year, "csv")
    csv_columns = _columns(channel_ids, columns, demo)
    files.append((csv_file, _csv(_csv_rows(rows, demo), csv_columns)))
    files.append(
        (
            urls.opendata_file(edition.year, "json"),
            _json(
                {
                    DEMO_FIELD.name: demo,
                    "edition": edition.year,
                    "licence": LICENCE,
                    "licence_url": LICENCE_URL,
                    "source": site_url,
                    "canaux": channel_list([edition], columns),
                    "categories_sans_laureat": without,
                    "laureats": rows,
                    "totaux": _totals(edition),
                    "corrections": [
                        {
                            "date": c.day.isoformat(),
                            "texte": c.text,
                            "categories": list(c.categories),
                        }
                        for c in edition.corrections
                    ],
                }
            ),
        )
    )
    categories = [
        _category_row(edition, c, site_url)
        for c in sorted(edition.categories, key=lambda c: c.slug)
    ]
    category_columns = [*CATEGORY_COLUMNS, DEMO_FIELD.name] if demo else CATEGORY_COLUMNS
    files.append(
        (
            urls.opendata_categories(edition.year),
            _csv(_csv_rows(categories, demo), list(category_columns)),
        )
    )
    return EditionOpenData(
        files=tuple(files),
        # Every row of the combined file has every channel column, null where absent.
        rows=tuple(laureate_rows(edition, site_url, every_channel, columns)),
        without=tuple(without),
        categories=tuple(categories),
    )


Parts = Callable[[PublicEdition, str, bool, Columns, list[str]], EditionOpenData]


def opendata_files(
    site: PublicSite, site_url: str, parts: Parts = edition_opendata
) -> list[tuple[str, str | bytes]]:
    """Per edition `donnees/<year>/laureats.csv` and `.json`, then `donnees/laureats.json`.

    `parts` makes an edition's own files (`edition_opendata`, or what keeps them)."""
    files: list[tuple[str, str | bytes]] = []
    all_rows: list[Row] = []
    all_without: list[Row] = []
    all_categories: list[Row] = []
    every_channel = channel_order(site.editions)
    columns = channel_columns(site.editions)
    for edition in site.editions:
        part = parts(edition, site_url, site.demo, columns, every_channel)
        files += part.files
        all_rows += part.rows
        all_without += part.without
        all_categories += part.categories
    # The all-editions CSV: every channel column, empty where an edition has no such mark.
    files.append(
        (
            urls.opendata_file(None, "csv"),
            _csv(_csv_rows(all_rows, site.demo), _columns(every_channel, columns, site.demo)),
        )
    )
    files.append(
        (
            urls.opendata_categories(None),
            _csv(
                _csv_rows(all_categories, site.demo),
                [*CATEGORY_COLUMNS, DEMO_FIELD.name] if site.demo else list(CATEGORY_COLUMNS),
            ),
        )
    )
    files.append(
        (
            urls.opendata_file(None, "json"),
            _json(
                {
                    DEMO_FIELD.name: site.demo,
                    "editions": [e.year for e in site.editions],
                    "licence": LICENCE,
                    "licence_url": LICENCE_URL,
                    "source": site_url,
                    "canaux": channel_list(list(site.editions), columns),
                    "categories_sans_laureat": all_without,
                    "laureats": all_rows,
                }
            ),
        )
    )
    return files
