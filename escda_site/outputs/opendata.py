"""Open data: the laureates of each edition as CSV and JSON, and the page documenting them.

Only the public view is read: one row per laureate, never a non-laureate.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from typing import Any

from escda_site.public import urls
from escda_site.public.view import PublicCategory, PublicEdition, PublicSite
from escda_site.text import frformat
from escda_site.text.wording import (
    AWARD,
    channel_columns,
    laureates_text,
    md_text,
    no_laureate_reason,
)

LICENCE = "Licence Ouverte / Open Licence 2.0 (Etalab)"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"

# Machine-readable reasons for a category without laureate, stable like the field names.
REASONS = {
    "below_threshold": "seuil_non_atteint",
    "too_few": "trop_peu_d_entreprises_testees",
    "no_participant": "seulement_des_referents",
    "no_laureate": "aucun_laureat_proclame",
}

# OWASP "CSV injection": a spreadsheet runs a cell starting with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    meaning: str
    title: str = ""  # short French title for the Table Schema; default: none


# Column order of the files and the documentation table come from this one list, so the
# page cannot drift from the data. `note_<canal>` stands for one column per channel,
# named after the channel's French label (`text.wording.channel_column`).
# Examples on the page are taken from a published row, never made up: an invented mark
# could be a non-laureate's.
FIELDS: tuple[Field, ...] = (
    Field("edition", "entier", "Année de l'édition, celle qui figure sur le logo", title="Édition"),
    Field(
        "categorie_slug",
        "texte",
        "Identifiant stable de la catégorie, utilisé dans les adresses du site",
        title="Identifiant de la catégorie",
    ),
    Field("categorie", "texte", "Nom de la catégorie", title="Catégorie"),
    Field("secteur_slug", "texte", "Identifiant stable du secteur", title="Identifiant du secteur"),
    Field("secteur", "texte", "Nom du secteur", title="Secteur"),
    Field(
        "entreprise_slug",
        "texte",
        "Identifiant stable de l'entreprise lauréate, utilisé dans les adresses du site",
        title="Identifiant de l'entreprise",
    ),
    Field(
        "entreprise",
        "texte",
        "Nom actuel de l'entreprise lauréate (voir `entreprise_nom_a_la_proclamation`)",
        title="Entreprise lauréate",
    ),
    Field(
        "note",
        "nombre décimal sur 20, vide si non publiée",
        "Note globale du lauréat, arrondie à 2 décimales",
        title="Note globale",
    ),
    Field(
        "note_<canal>",
        "nombre décimal sur 20, vide si absente",
        "Note du lauréat sur un canal de contact, arrondie à 2 décimales : une colonne par "
        "canal de l'édition (voir la liste des canaux ci-dessous), nommée d'après le nom du "
        "canal ; aucune pour les éditions d'archive",
        title="Note sur un canal",
    ),
    Field(
        "seuil",
        "nombre décimal sur 20",
        "Note globale minimale pour être lauréat (incluse)",
        title="Seuil d'attribution",
    ),
    Field(
        "entreprises_testees",
        "entier, vide si non publié",
        "Nombre d'entreprises testées dans la catégorie, référents du secteur compris",
        title="Entreprises testées",
    ),
    Field(
        "proclamation",
        "date ISO 8601",
        "Date de proclamation du palmarès",
        title="Date de proclamation",
    ),
    Field(
        "logo_valable_jusqu_au",
        "date ISO 8601",
        "Dernier jour où le lauréat peut utiliser le logo de cette édition",
        title="Logo valable jusqu'au",
    ),
    Field(
        "url",
        "adresse web",
        "Page du résultat de la catégorie sur ce site",
        title="Page du résultat",
    ),
    # Added fields come last, so readers that count columns keep working.
    Field(
        "ex_aequo",
        "booléen (oui / non ; true / false en JSON)",
        "Le titre est partagé avec un autre lauréat de la même note dans la catégorie",
        title="Ex æquo",
    ),
    Field(
        "entreprises_candidates",
        "entier, vide si non publié",
        "Parmi les entreprises testées, celles qui pouvaient remporter le titre (les "
        "référents du secteur, testés hors concours, sont exclus)",
        title="Entreprises candidates",
    ),
    Field(
        "logo_valable_du",
        "date ISO 8601",
        "Premier jour où le lauréat peut utiliser le logo de cette édition (la proclamation)",
        title="Logo valable à partir du",
    ),
    Field(
        "entreprise_nom_a_la_proclamation",
        "texte",
        "Nom sous lequel l'entreprise a été proclamée lauréate, celui des pages et du "
        "certificat de cette édition : il diffère de `entreprise` (son nom actuel) si elle a "
        "changé de nom depuis",
        title="Nom de l'entreprise à la proclamation",
    ),
)

# The fields of `categories_sans_laureat` that the laureates' list does not have.
REASON_FIELDS: tuple[Field, ...] = (
    Field(
        "raison",
        "texte",
        "Pourquoi la catégorie n'a pas de lauréat, en code stable (voir la liste ci-dessous)",
        title="Raison (code)",
    ),
    Field(
        "raison_libelle",
        "texte",
        "La même raison, en toutes lettres, telle que les pages du site l'écrivent",
        title="Raison",
    ),
)

Row = dict[str, Any]


def _channel_ids(editions: tuple[PublicEdition, ...] | list[PublicEdition]) -> list[str]:
    """Channels in display order, newest edition first, each once."""
    seen: dict[str, None] = {}
    for edition in editions:
        for channel in edition.channels:
            seen.setdefault(channel.id, None)
    return list(seen)


Columns = dict[str, str]  # channel id -> its column, from `channel_columns` over the site


def _mark(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _rows(
    edition: PublicEdition, site_url: str, channel_ids: list[str], columns: Columns
) -> list[Row]:
    rows: list[Row] = []
    for category in sorted(edition.categories, key=lambda c: c.slug):
        for laureate in sorted(category.laureates, key=lambda lau: lau.company.slug):
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
            }
            rows.append(row)
    return rows


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


def _channels(editions: list[PublicEdition], columns: Columns) -> list[Row]:
    labels: dict[str, str] = {}
    for edition in editions:
        for channel in edition.channels:
            labels.setdefault(channel.id, channel.label)
    return [{"id": cid, "colonne": columns[cid], "libelle": label} for cid, label in labels.items()]


def field_docs(site: PublicSite) -> dict[str, dict[str, str]]:
    """Each column name of the files -> its French `title` and `description`.

    One entry per channel column (`note_appels_telephoniques`…), titled with the
    channel's name, for the Table Schema of `datapackage.json`.
    """
    docs = {f.name: {"title": f.title, "description": f.meaning} for f in FIELDS + REASON_FIELDS}
    del docs["note_<canal>"]
    for channel in _channels(list(site.editions), channel_columns(site.editions)):
        docs[channel["colonne"]] = {
            "title": f"Note : {channel['libelle']}",
            "description": f"Note du lauréat sur le canal « {channel['libelle']} », arrondie "
            "à 2 décimales",
        }
    return docs


def _json(document: Row) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _csv_cell(value: Any) -> str:
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


def _csv(rows: list[Row], columns: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(row[c]) for c in columns])
    # The BOM makes Excel read UTF-8; bytes keep the CRLF line ends as written.
    return buffer.getvalue().encode("utf-8-sig")


def _columns(channel_ids: list[str], columns: Columns) -> list[str]:
    names: list[str] = []
    for field in FIELDS:
        if field.name == "note_<canal>":
            names += [columns[cid] for cid in channel_ids]
        else:
            names.append(field.name)
    return names


def opendata_files(site: PublicSite, site_url: str) -> list[tuple[str, str | bytes]]:
    """Per edition `donnees/<year>/laureats.csv` and `.json`, then `donnees/laureats.json`."""
    files: list[tuple[str, str | bytes]] = []
    all_rows: list[Row] = []
    all_without: list[Row] = []
    every_channel = _channel_ids(site.editions)
    columns = channel_columns(site.editions)
    for edition in site.editions:
        channel_ids = _channel_ids([edition])
        rows = _rows(edition, site_url, channel_ids, columns)
        without = [
            _without_laureate(edition, c, site_url)
            for c in sorted(edition.categories, key=lambda c: c.slug)
            if not c.laureates
        ]
        csv_file = urls.opendata_file(edition.year, "csv")
        files.append((csv_file, _csv(rows, _columns(channel_ids, columns))))
        files.append(
            (
                urls.opendata_file(edition.year, "json"),
                _json(
                    {
                        "edition": edition.year,
                        "licence": LICENCE,
                        "licence_url": LICENCE_URL,
                        "source": site_url,
                        "canaux": _channels([edition], columns),
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
        # Every row of the combined file has every channel column, null where absent.
        all_rows += _rows(edition, site_url, every_channel, columns)
        all_without += without
    # The all-editions CSV: every channel column, empty where an edition has no such mark.
    files.append(
        (urls.opendata_file(None, "csv"), _csv(all_rows, _columns(every_channel, columns)))
    )
    files.append(
        (
            urls.opendata_file(None, "json"),
            _json(
                {
                    "editions": [e.year for e in site.editions],
                    "licence": LICENCE,
                    "licence_url": LICENCE_URL,
                    "source": site_url,
                    "canaux": _channels(list(site.editions), columns),
                    "categories_sans_laureat": all_without,
                    "laureats": all_rows,
                }
            ),
        )
    )
    return files


def _sample(site: PublicSite) -> Row | None:
    """A published row to draw the page's examples from, with marks when possible."""
    columns = channel_columns(site.editions)
    for edition in site.editions:
        channel_ids = _channel_ids([edition])
        rows = _rows(edition, "…/", channel_ids, columns)
        if channel_ids:
            rows = [r for r in rows if r[columns[channel_ids[0]]] is not None] or rows
        rows = [r for r in rows if r["note"] is not None] or rows
        if rows:
            return rows[0]
    return None


# A field named in another field's meaning, in Markdown code.
_CODE = re.compile(r"`([^`]+)`")


def _name(name: str) -> str:
    """A field or column name in a table cell: code that may break after an underscore
    (`<wbr>`) on a phone, and nowhere else: never inside a word (escda.css)."""
    return "<code>" + "_<wbr>".join(md_text(part) for part in name.split("_")) + "</code>"


def _example(sample: Row | None, field: str) -> str:
    if sample is None:
        return "—"
    if field == "note_<canal>":
        field = next((k for k in sample if k.startswith("note_")), "")
    value = _csv_cell(sample.get(field))
    # An address may break after a slash on a phone, rather than widen the table.
    return md_text(value).replace("/", "/<wbr>") if value else "(vide)"


def _here(target: str) -> str:
    return urls.relative(urls.opendata_page(), target)


def opendata_page(site: PublicSite) -> str:
    """Markdown of `donnees/index.md`; links are relative to that page."""
    sample = _sample(site)
    everything = _here(urls.opendata_file(None, "json"))
    mark = _example(sample, "note") if sample and sample["note"] is not None else None
    decimal_example = f" ({mark})" if mark else ""
    out = [
        "# Données ouvertes\n",
        "Le palmarès de chaque édition est publié en fichiers ouverts, pour les "
        "journalistes, les chercheurs et toute personne qui veut vérifier ou réutiliser "
        "les résultats. Chaque fichier contient une ligne par lauréat ; deux lauréats "
        "ex æquo dans une catégorie font deux lignes.\n",
        '!!! info "Seuls les lauréats sont publiés"\n'
        "    Les noms et les notes des entreprises testées qui n'ont pas obtenu le titre ne "
        "sont jamais publiés, ni ici ni ailleurs sur le site : chaque entreprise reçoit "
        "ses propres résultats à titre confidentiel. Le nombre d'entreprises testées dans "
        "chaque catégorie et le seuil d'attribution sont en revanche publiés.\n",
        "## Fichiers\n",
    ]
    if site.editions:
        out += [
            # CSV and JSON in one column: five columns would not fit a 375 px phone.
            "| Édition | Proclamation | Lauréats | Fichiers |",
            "|---|---|---|---|",
        ]
        for e in site.editions:
            out.append(
                f"| {e.year} | {frformat.day(e.proclamation)} | {laureates_text(e)} | "
                f"[laureats.csv]({_here(urls.opendata_file(e.year, 'csv'))}) · "
                f"[laureats.json]({_here(urls.opendata_file(e.year, 'json'))}) |"
            )
        out += [
            "",
            "Toutes les éditions en un seul fichier : "
            f"[laureats.csv]({_here(urls.opendata_file(None, 'csv'))}) ou "
            f"[laureats.json]({everything}) (une colonne par canal de toutes les éditions, "
            "vide là où l'édition ne l'a pas noté). La description de chaque fichier, de ses "
            "champs et de leurs contraintes, au format Frictionless Data Package : "
            f"[datapackage.json]({_here(urls.opendata_package())}).\n",
        ]
    else:
        out.append("Aucun palmarès n'a encore été proclamé.\n")

    out += [
        "Les adresses de ces fichiers ne changent pas : un fichier publié reste disponible "
        "à la même adresse, et les champs existants gardent leur nom. De nouveaux champs "
        "peuvent s'ajouter.\n",
        "## Champs\n",
        "Les lignes sont triées par édition (la plus récente d'abord), puis par "
        "identifiant de catégorie et d'entreprise."
        + (
            f" Les exemples viennent du palmarès {sample['edition']}, tels qu'ils figurent "
            "dans le fichier CSV.\n"
            if sample
            else "\n"
        ),
        "| Champ | Type | Signification | Exemple |",
        "|---|---|---|---|",
    ]
    for f in FIELDS:
        meaning = _CODE.sub(lambda m: _name(m.group(1)), f.meaning)
        out.append(f"| {_name(f.name)} | {f.type} | {meaning} | {_example(sample, f.name)} |")
    out.append("")

    channels = _channels(list(site.editions), channel_columns(site.editions))
    if channels:
        out += [
            "Canaux de contact présents dans les fichiers. La colonne de la note d'un canal "
            "porte le nom du canal, sans accents ni majuscules, les mots reliés par `_`. "
            "C'est le nom du canal dans la première édition qui l'a noté : si le canal est "
            "renommé, sa colonne garde son nom.\n",
            "| Colonne | Canal |",
            "|---|---|",
        ]
        # Channel ids and labels come from the organisers' files: escaped like any name.
        out += [f"| {_name(c['colonne'])} | {md_text(c['libelle'])} |" for c in channels]
        out.append("")
    out += [
        "Les éditions d'archive ne publient que leurs lauréats : pas de note par canal, "
        "parfois pas de note globale ni de nombre d'entreprises testées. Ces champs sont "
        "alors vides.\n",
        "## Format CSV\n",
        "Les fichiers CSV s'ouvrent directement dans un tableur réglé en français :\n",
        "- séparateur de colonnes : point-virgule (`;`) ;",
        f"- séparateur décimal : virgule{decimal_example} ; dates au format ISO 8601 ;",
        "- encodage UTF-8 avec marque d'ordre des octets (BOM), fins de ligne CRLF ;",
        "- première ligne : le nom des champs.\n",
        "Par sécurité, une cellule de texte qui commence par `=`, `+`, `-` ou `@` est "
        "précédée d'une apostrophe (`'`) : un tableur ne peut pas l'exécuter comme une "
        "formule. Retirez cette apostrophe si vous traitez le fichier par programme.\n",
        "Avec pandas, par exemple :\n",
        "```python",
        "import pandas as pd",
        "",
        'df = pd.read_csv("laureats.csv", sep=";", decimal=",", encoding="utf-8-sig")',
        "```\n",
        "## Format JSON\n",
        "Les fichiers JSON sont encodés en UTF-8. Les notes y sont des nombres avec un "
        "point décimal, une valeur absente vaut `null`. Chaque fichier est un objet :\n",
        "- `edition` : l'année de l'édition (`editions`, la liste des années, dans "
        f"[laureats.json]({everything})) ;",
        "- `licence`, `licence_url` et `source` : la licence et l'adresse du site ;",
        "- `canaux` : les canaux de contact notés, chacun avec son `id` (son identifiant dans "
        "les fichiers de l'organisateur), sa `colonne` (le champ de sa note) et son "
        "`libelle` (son nom) ;",
        "- `categories_sans_laureat` : les catégories sans lauréat, avec la raison "
        "(`raison` : " + ", ".join(f"`{code}`" for code in REASONS.values()) + ") et le "
        "nombre d'entreprises testées ;",
        "- `laureats` : une entrée par lauréat, avec les champs ci-dessus ;",
        "- `totaux` (fichier d'une édition ; `null` pour une édition d'archive) : "
        "`entreprises_testees_par_categorie` (une entreprise testée dans deux catégories "
        "compte deux fois), `entreprises_distinctes`, `entreprises_candidates` et "
        "`referents_hors_concours` (leur somme fait les entreprises testées par catégorie), "
        "`tests` et `tests_par_entreprise_et_categorie` (`tests` en est le produit par les "
        "entreprises testées par catégorie) ;",
        "- `corrections` (fichier d'une édition) : les corrections publiées après la "
        "proclamation, chacune avec sa `date`, son `texte` et les `categories` concernées.\n",
        "## Licence\n",
        f"Les données sont publiées sous la [{LICENCE}]({LICENCE_URL}). Vous pouvez les "
        "copier, les modifier et les diffuser, y compris à des fins commerciales, à "
        f"condition d'en mentionner la source : « {AWARD} », avec "
        "l'adresse de cette page.\n",
        "Un lauréat n'est autorisé à utiliser le logo de son édition que jusqu'à la date "
        "indiquée dans `logo_valable_jusqu_au`.\n",
    ]
    return "\n".join(out)
