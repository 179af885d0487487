"""`donnees/datapackage.json`: the open data described as a Frictionless Data Package.

One tabular resource per published table (each CSV, and each array of each JSON file),
with its Table Schema: types, constraints (marks between 0 and 20, slugs as in URLs),
primary keys, licence etalab-2.0, source and last update, as data.gouv.fr reads it.

The package describes the files actually published: it reads their columns from the
generated files themselves (CSV header, JSON keys), so it cannot drift from them. A
column without a known schema stops the build: a renamed field must be described here.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from escda_site.inputs.columns import CHANNEL_COLUMN_PREFIX
from escda_site.outputs.opendata.fields import SCHEMA_HISTORY, SCHEMA_NAME
from escda_site.public import urls
from escda_site.public.view import PublicSite
from escda_site.text.wording import AWARD, DEMO_STAMP

FOLDER = urls.OPENDATA
LICENSE = {
    "name": "etalab-2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    "title": "Licence Ouverte / Open Licence version 2.0",
}
SLUG = {"type": "string", "constraints": {"required": True, "pattern": "[a-z0-9-]+"}}
TEXT = {"type": "string", "constraints": {"required": True}}
MARK = {"type": "number", "constraints": {"minimum": 0, "maximum": 20}}
COUNT = {"type": "integer", "constraints": {"minimum": 0}}
DATE = {"type": "date", "constraints": {"required": True}}

# Table Schema of every column name the open data files use; `note_*` columns (one per
# channel, named by `inputs.columns.channel_column`) are marks.
SCHEMAS: dict[str, dict[str, Any]] = {
    "edition": {"type": "integer", "constraints": {"required": True, "minimum": 2008}},
    "categorie_slug": SLUG,
    "categorie": TEXT,
    "secteur_slug": SLUG,
    "secteur": TEXT,
    "entreprise_slug": SLUG,
    "entreprise": TEXT,
    "entreprise_nom_a_la_proclamation": TEXT,
    "note": MARK,
    "seuil": {"type": "number", "constraints": {"required": True, "minimum": 0, "maximum": 20}},
    "entreprises_testees": COUNT,
    "entreprises_candidates": COUNT,
    "proclamation": DATE,
    "logo_valable_du": DATE,
    "logo_valable_jusqu_au": DATE,
    "url": {"type": "string", "format": "uri", "constraints": {"required": True}},
    "ex_aequo": {"type": "boolean", "constraints": {"required": True}},
    "raison": TEXT,
    "raison_libelle": TEXT,
    "statut": TEXT,
    "statut_libelle": TEXT,
    "nombre_laureats": {"type": "integer", "constraints": {"required": True, "minimum": 0}},
    "laureats": {"type": "string"},
    "laureats_slugs": {"type": "string", "constraints": {"pattern": "[a-z0-9-]+( [a-z0-9-]+)*"}},
    "donnees_de_demonstration": {"type": "boolean", "constraints": {"required": True}},
    # Text, not a number: a SIREN may start with 0 and is an identifier, not a quantity.
    "siren": {"type": "string", "constraints": {"pattern": "[0-9]{9}"}},
    "identifiant_national_schema": {
        "type": "string",
        "constraints": {"pattern": "[A-Z]{2}-[A-Z0-9]{2,20}"},
    },
    "identifiant_national": {"type": "string"},
}
KEYS = {
    "laureats": ["edition", "categorie_slug", "entreprise_slug"],
    "categories_sans_laureat": ["edition", "categorie_slug"],
    "categories": ["edition", "categorie_slug"],
}
# The CSV files are written for French spreadsheets (see the open data page).
CSV_DIALECT = {"delimiter": ";", "header": True}


Docs = dict[str, dict[str, str]]  # column name -> its French "title" and "description"


def _field(name: str, csv: bool, docs: Docs) -> dict[str, Any]:
    schema = SCHEMAS.get("note" if name.startswith(CHANNEL_COLUMN_PREFIX) else name)
    if schema is None:
        raise ValueError(f"open data column {name!r} has no Table Schema in datapackage.py")
    field: dict[str, Any] = {"name": name}
    # Frictionless order: name, title, description, then the type and its constraints.
    field |= {k: v for k, v in docs.get(name, {}).items() if k in ("title", "description") and v}
    field |= schema
    if csv and field["type"] == "number":
        field["decimalChar"] = ","
    if csv and field["type"] == "boolean":
        field |= {"trueValues": ["oui"], "falseValues": ["non"]}
    return field


def _schema(columns: list[str], key: list[str], csv: bool, docs: Docs) -> dict:
    return {
        "fields": [_field(c, csv, docs) for c in columns],
        "missingValues": [""],
        "primaryKey": key,
    }


def _csv_columns(data: bytes) -> list[str]:
    return data.decode("utf-8-sig").split("\r\n", 1)[0].split(";")


def _resource_name(path: str, table: str, fmt: str) -> str:
    """`laureats-2027-csv`, `sans-laureat-json`…: unique, stable names."""
    rel = path.removeprefix(FOLDER)
    folder = rel.rsplit("/", 1)[0] if "/" in rel else ""
    base = {"laureats": "laureats", "categories": "categories"}.get(table, "sans-laureat")
    return "-".join(p for p in (base, folder, fmt) if p)


def _resources(files: list[tuple[str, str | bytes]], docs: Docs) -> list[dict[str, Any]]:
    resources = []
    for path, content in files:
        rel = path.removeprefix(FOLDER)
        if path.endswith(".csv") and isinstance(content, bytes):
            # `categories.csv`: every category; `laureats.csv`: one row per laureate.
            table = "categories" if path.endswith("/categories.csv") else "laureats"
            resources.append(
                {
                    "name": _resource_name(path, table, "csv"),
                    "type": "table",
                    "profile": "tabular-data-resource",
                    "path": rel,
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8-sig",
                    "dialect": CSV_DIALECT,
                    "schema": _schema(_csv_columns(content), KEYS[table], True, docs),
                }
            )
        elif path.endswith(".json"):
            document = json.loads(content)
            for table, key in KEYS.items():
                rows = document.get(table)
                if not rows:  # an empty table has no columns to describe
                    continue
                resources.append(
                    {
                        "name": _resource_name(path, table, "json"),
                        "type": "table",
                        "profile": "tabular-data-resource",
                        "path": rel,
                        "format": "json",
                        "mediatype": "application/json",
                        "encoding": "utf-8",
                        "dialect": {"json": {"property": table, "keyed": True}},
                        "schema": _schema(list(rows[0]), key, False, docs),
                    }
                )
    return resources


def datapackage(
    site: PublicSite,
    site_url: str,
    files: list[tuple[str, str | bytes]],
    docs: Docs,
) -> tuple[str, str]:
    """("donnees/datapackage.json", the descriptor) for the open data `files`.

    `docs` gives each column's French title and meaning (the open data page's list).
    The last update is the latest proclamation: the data change only then.
    """
    latest = site.latest
    updated: datetime = latest.proclamation if latest else site.as_of
    demo = f"{DEMO_STAMP}. " if site.demo else ""
    package = {
        "profile": "tabular-data-package",
        "name": "escda-palmares",
        "title": f"Palmarès {AWARD}",
        "description": (
            f"{demo}Les lauréats de chaque édition d'{AWARD}, avec leur note, "
            "le seuil d'attribution et le nombre d'entreprises testées ; les catégories sans "
            "lauréat avec leur raison ; chaque catégorie de chaque édition, avec ou sans "
            "lauréat (categories.csv). Les entreprises non lauréates ne sont jamais publiées."
        ),
        "homepage": f"{site_url}{urls.opendata_page()}",
        "licenses": [LICENSE],
        "sources": [{"title": AWARD, "path": site_url}],
        "keywords": ["service client", "palmarès", "ESCDA"],
        "language": "fr",
        "created": updated.isoformat(timespec="seconds"),
        "last_updated": updated.date().isoformat(),
        "resources": _resources(files, docs),
    }
    return urls.opendata_package(), json.dumps(package, ensure_ascii=False, indent=2) + "\n"


def laureates_schema(
    site: PublicSite,
    site_url: str,
    files: list[tuple[str, str | bytes]],
    docs: Docs,
) -> tuple[str, str]:
    """`donnees/schema-laureats.json`: the Table Schema of the laureates' CSV files with the
    metadata schema.data.gouv.fr asks of a published schema (name, version, contributors,
    licence, example), the version and dates from `SCHEMA_HISTORY`.

    Its fields are the columns of the all-editions file (`note_*`: one per channel); each
    edition's file has the same columns but the channels that edition did not test.
    """
    every = dict(files).get(urls.opendata_file(None, "csv"))
    columns = _csv_columns(every) if isinstance(every, bytes) else []
    organiser = site.organiser
    contributor: dict[str, str] = {"title": organiser.name if organiser else AWARD}
    contributor |= {"role": "author"} | ({"email": organiser.email} if organiser else {})
    schema = {
        "$schema": "https://frictionlessdata.io/schemas/table-schema.json",
        "name": SCHEMA_NAME,
        "title": f"Lauréats {AWARD}",
        "description": (
            f"Les lauréats de chaque édition d'{AWARD} : entreprise (avec son SIREN quand "
            "il est connu), catégorie, note globale et notes par canal (une colonne "
            "`note_<canal>` par canal de contact testé), seuil d'attribution, nombre "
            "d'entreprises testées et validité du logo. Fichiers CSV séparés par « ; », "
            "décimales à la virgule, encodés en UTF-8 avec BOM."
        ),
        "countryCode": "FR",
        "homepage": f"{site_url}{urls.opendata_page()}",
        "path": f"{site_url}{urls.laureates_schema()}",
        "resources": [
            {
                "title": "Tous les lauréats, toutes éditions (CSV)",
                "path": f"{site_url}{urls.opendata_file(None, 'csv')}",
            }
        ],
        "sources": [{"title": AWARD, "path": site_url}],
        "created": SCHEMA_HISTORY[-1].date,
        "lastModified": SCHEMA_HISTORY[0].date,
        "version": SCHEMA_HISTORY[0].version,
        "contributors": [contributor],
        "licenses": [LICENSE],
        **_schema(columns, KEYS["laureats"], True, docs),
    }
    return urls.laureates_schema(), json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
