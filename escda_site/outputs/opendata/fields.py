"""The fields of the open-data files: names, types, meanings and titles, in one list.

The column order of the files, the table of the page and the Table Schema of
`datapackage.json` (`field_docs`) all come from here, so that none can drift from the
others; with them, the reason codes of a category without laureate and the licence.
"""

from __future__ import annotations

from dataclasses import dataclass

from escda_site.inputs.columns import channel_columns
from escda_site.outputs.opendata.rows import channel_list
from escda_site.public.view import PublicSite

LICENCE = "Licence Ouverte / Open Licence 2.0 (Etalab)"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"

# Machine-readable reasons for a category without laureate, stable like the field names.
REASONS = {
    "below_threshold": "seuil_non_atteint",
    "too_few": "trop_peu_d_entreprises_testees",
    "no_participant": "seulement_des_referents",
    "no_laureate": "aucun_laureat_proclame",
}


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    meaning: str
    title: str = ""  # short French title for the Table Schema; default: none


# Column order of the files and the documentation table come from this one list, so the
# page cannot drift from the data. `note_<canal>` stands for one column per channel,
# named after the channel's French label (`inputs.columns.channel_column`).
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
    Field(
        "siren",
        "texte de 9 chiffres, vide si non renseigné",
        "Numéro SIREN de l'entreprise au répertoire Sirene de l'Insee (clé de Luhn "
        "vérifiée) : il permet de joindre ces données à l'Annuaire des Entreprises et aux "
        "autres jeux de données publics sur les entreprises",
        title="SIREN",
    ),
    Field(
        "identifiant_national_schema",
        "texte, vide si non renseigné",
        "Pour une entreprise étrangère, le registre de son identifiant national : code pays "
        "ISO et registre, par exemple ES-NIF, GB-COH ou MA-ICE",
        title="Registre de l'identifiant national",
    ),
    Field(
        "identifiant_national",
        "texte, vide si non renseigné",
        "Pour une entreprise étrangère, son identifiant dans ce registre",
        title="Identifiant national",
    ),
)


@dataclass(frozen=True)
class SchemaVersion:
    version: str  # semver: a new optional column is a minor version, a removed one a major
    date: str  # ISO day
    changes: tuple[str, ...]  # in French, for the open data page's changelog
    added: tuple[str, ...] = ()  # the columns this version added


# The changelog of `schema-laureats.json` (datapackage.py), newest first: its one source.
# The open data page prints it; a test fails when a column of the files has no version
# that added it.
SCHEMA_HISTORY: tuple[SchemaVersion, ...] = (
    SchemaVersion(
        "1.1.0",
        "2026-12-07",
        (
            "Ajout de `siren` (numéro SIREN de l'entreprise, clé de jointure avec "
            "l'Annuaire des Entreprises) et, pour les entreprises étrangères, de "
            "`identifiant_national_schema` et `identifiant_national`.",
        ),
        added=("siren", "identifiant_national_schema", "identifiant_national"),
    ),
    SchemaVersion(
        "1.0.0",
        "2026-11-24",
        ("Première version : les lauréats de chaque édition, leurs notes et leur titre.",),
        added=(
            "edition",
            "categorie_slug",
            "categorie",
            "secteur_slug",
            "secteur",
            "entreprise_slug",
            "entreprise",
            "note",
            "note_*",
            "seuil",
            "entreprises_testees",
            "proclamation",
            "logo_valable_jusqu_au",
            "url",
            "ex_aequo",
            "entreprises_candidates",
            "logo_valable_du",
            "entreprise_nom_a_la_proclamation",
            "donnees_de_demonstration",
        ),
    ),
)
SCHEMA_NAME = "escda-laureats"


# A column of the CSV files of demo builds only (the JSON files say it once, at the top):
# a spreadsheet opened away from the site still says its companies are fictitious.
DEMO_FIELD = Field(
    "donnees_de_demonstration",
    "booléen (oui), seulement dans les données de démonstration",
    "Présent seulement dans les fichiers de démonstration : les entreprises et les "
    "résultats sont fictifs",
    title="Données de démonstration",
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


# `categories.csv`: one row per category of an edition, with its laureates or the reason
# it has none, so that a spreadsheet shows the empty ones too. Shared columns keep the
# meaning they have in the laureates' files.
CATEGORY_STATUS_FIELDS: tuple[Field, ...] = (
    Field(
        "statut",
        "texte",
        "`laureat` si la catégorie a au moins un lauréat, sinon la raison de son absence, en "
        "code stable (la même que `raison`)",
        title="Statut (code)",
    ),
    Field(
        "statut_libelle",
        "texte",
        "Le statut en toutes lettres, tel que les pages du site l'écrivent (« Lauréat », "
        "« Pas d'élection : moins de 3 entreprises testées »…)",
        title="Statut",
    ),
    Field(
        "nombre_laureats",
        "entier",
        "Nombre de lauréats (0 sans lauréat, 2 ex æquo…)",
        title="Nombre de lauréats",
    ),
    Field(
        "laureats",
        "texte, vide sans lauréat",
        "Noms des lauréats tels que proclamés, séparés par « / »",
        title="Lauréats",
    ),
    Field(
        "laureats_slugs",
        "texte, vide sans lauréat",
        "Identifiants des lauréats (ceux de `entreprise_slug`), séparés par une espace",
        title="Identifiants des lauréats",
    ),
)
CATEGORY_COLUMNS: tuple[str, ...] = (
    "edition",
    "categorie_slug",
    "categorie",
    "secteur_slug",
    "secteur",
    "statut",
    "statut_libelle",
    "nombre_laureats",
    "laureats",
    "laureats_slugs",
    "note",
    "seuil",
    "entreprises_testees",
    "entreprises_candidates",
    "url",
)
LAUREATE_STATUS = "laureat"


def field_docs(site: PublicSite) -> dict[str, dict[str, str]]:
    """Each column name of the files -> its French `title` and `description`.

    One entry per channel column (`note_appels_telephoniques`…), titled with the
    channel's name, for the Table Schema of `datapackage.json`.
    """
    docs = {
        f.name: {"title": f.title, "description": f.meaning}
        for f in (*FIELDS, *REASON_FIELDS, *CATEGORY_STATUS_FIELDS, DEMO_FIELD)
    }
    del docs["note_<canal>"]
    for channel in channel_list(list(site.editions), channel_columns(site.editions)):
        docs[channel["colonne"]] = {
            "title": f"Note : {channel['libelle']}",
            "description": f"Note du lauréat sur le canal « {channel['libelle']} », arrondie "
            "à 2 décimales",
        }
    return docs
