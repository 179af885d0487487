"""The open-data page, `donnees/index.md`: the files, their fields and formats, the licence.

Its examples are cells of a published row, as the CSV file writes them, never made up.
"""

from __future__ import annotations

import re
from datetime import date

from escda_site.inputs.columns import channel_columns
from escda_site.outputs.opendata.fields import (
    CATEGORY_COLUMNS,
    CATEGORY_STATUS_FIELDS,
    FIELDS,
    LICENCE,
    LICENCE_URL,
    REASONS,
    SCHEMA_HISTORY,
)
from escda_site.outputs.opendata.rows import (
    Row,
    channel_list,
    channel_order,
    csv_cell,
    laureate_rows,
)
from escda_site.public import urls
from escda_site.public.sentences import laureates_text
from escda_site.public.view import PublicSite
from escda_site.text import frformat
from escda_site.text.clean import md_text
from escda_site.text.wording import AWARD


def _sample(site: PublicSite) -> Row | None:
    """A published row to draw the page's examples from, with marks when possible."""
    columns = channel_columns(site.editions)
    for edition in site.editions:
        channel_ids = channel_order([edition])
        rows = laureate_rows(edition, "…/", channel_ids, columns)
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
    value = csv_cell(sample.get(field))
    # An address may break after a slash on a phone, rather than widen the table.
    return md_text(value).replace("/", "/<wbr>") if value else "(vide)"


def _here(target: str) -> str:
    return urls.relative(urls.opendata_page(), target)


def _schema_section() -> list[str]:
    """The versioned Table Schema of the laureates' files and its changelog."""
    out = [
        "## Schéma des données\n",
        "Les colonnes des fichiers CSV des lauréats sont décrites par un schéma Table Schema "
        f"versionné, publiable sur schema.data.gouv.fr : [schema-laureats.json]"
        f"({_here(urls.laureates_schema())}) (version {SCHEMA_HISTORY[0].version}). "
        "Le champ `siren` permet de joindre ces données à l'Annuaire des Entreprises et aux "
        "autres jeux de données sur les entreprises. Un champ ajouté donne une version "
        "mineure ; un champ ne sera jamais renommé ni retiré sans version majeure.\n",
        "Historique des versions :\n",
    ]
    for v in SCHEMA_HISTORY:
        changes = " ".join(_CODE.sub(lambda m: _name(m.group(1)), c) for c in v.changes)
        out.append(f"- **{v.version}** ({frformat.day(date.fromisoformat(v.date))}) : {changes}")
    out.append("")
    return out


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
            "| Édition | Proclamation | Titres | Fichiers |",
            "|---|---|---|---|",
        ]
        for e in site.editions:
            out.append(
                f"| {e.year} | {frformat.day(e.proclamation)} | {laureates_text(e)} | "
                f"[laureats.csv]({_here(urls.opendata_file(e.year, 'csv'))}) · "
                f"[laureats.json]({_here(urls.opendata_file(e.year, 'json'))}) · "
                f"[categories.csv]({_here(urls.opendata_categories(e.year))}) |"
            )
        out += [
            "",
            "Toutes les éditions en un seul fichier : "
            f"[laureats.csv]({_here(urls.opendata_file(None, 'csv'))}) ou "
            f"[laureats.json]({everything}) (une colonne par canal de toutes les éditions, "
            "vide là où l'édition ne l'a pas noté), et toutes les catégories : "
            f"[categories.csv]({_here(urls.opendata_categories(None))}). La description de "
            "chaque fichier, de ses champs et de leurs contraintes, au format Frictionless "
            "Data Package : "
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

    channels = channel_list(list(site.editions), channel_columns(site.editions))
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
    described = {f.name: f for f in (*FIELDS, *CATEGORY_STATUS_FIELDS)}
    out += [
        "### Toutes les catégories : categories.csv\n",
        "Une ligne par catégorie de l'édition, avec ou sans lauréat : une catégorie sans "
        "lauréat ou sans élection y figure avec sa raison, et le nombre d'entreprises "
        "testées reste vide quand il n'a pas été publié. Les champs communs avec "
        "`laureats.csv` y ont le même sens.\n",
        "| Champ | Type | Signification |",
        "|---|---|---|",
    ]
    for name in CATEGORY_COLUMNS:
        f = described[name]
        meaning = _CODE.sub(lambda m: _name(m.group(1)), f.meaning)
        out.append(f"| {_name(f.name)} | {f.type} | {meaning} |")
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
        "Les fichiers d'un site de démonstration ont une colonne de plus, "
        "`donnees_de_demonstration`, qui vaut `oui` sur chaque ligne : leurs entreprises et "
        "leurs résultats sont fictifs.\n",
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
        "- `donnees_de_demonstration` : `true` si les données sont fictives (site de "
        "démonstration), `false` sinon ;",
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
        *_schema_section(),
        "## Licence\n",
        f"Les données sont publiées sous la [{LICENCE}]({LICENCE_URL}). Vous pouvez les "
        "copier, les modifier et les diffuser, y compris à des fins commerciales, à "
        f"condition d'en mentionner la source : « {AWARD} », avec "
        "l'adresse de cette page.\n",
        "Un lauréat n'est autorisé à utiliser le logo de son édition que jusqu'à la date "
        "indiquée dans `logo_valable_jusqu_au`.\n",
    ]
    return "\n".join(out)
