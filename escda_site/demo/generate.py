"""Synthetic demonstration data, written in exactly the data contract's format.

Every company is invented. Marks come from a per-company service level drawn for each
edition, so streaks and upsets appear naturally; on top of that, `scenario=True`
engineers the storylines the portal must be able to tell (see `STORYLINES`) and checks
them by scoring the generated tests before anything is written.

Everything is drawn from one `numpy.random.default_rng(seed)` in a fixed order and
nothing iterates over a `set`, so the same arguments always give byte-identical files.
"""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from escda_site.demo.portal import PORTAL_YAML

LAST_EDITION = 2027
TESTS_PER_COMPANY = 225
MIN_TESTED = 3
# Beta concentration of a test's success rate around the company's level: lower means
# more uneven tests. 8 gives test marks spread over roughly ±5 points, as in real studies.
KAPPA = 8.0

SECTORS: tuple[tuple[str, str], ...] = (
    ("banque-assurance", "Banque & Assurance"),
    ("energie-telecoms", "Énergie & Télécoms"),
    ("commerce-distribution", "Commerce & Distribution"),
    ("transport-tourisme", "Transport & Tourisme"),
    ("services-habitat", "Services & Habitat"),
)

# The scenario's categories come first so that small data sets still hold the storylines.
# slug | name | sector | words that name a company of this trade
_CATALOG_TABLE = """
banque | Banque | banque-assurance | Banque, Crédit, Caisse
vente-a-distance | Vente à distance | commerce-distribution | Comptoir, Catalogue, Maison
e-commerce | E-commerce | commerce-distribution | Boutique, Market, Achats
grande-distribution | Grande distribution | commerce-distribution | Marché, Hypermarchés, Épicerie
assurance-auto | Assurance automobile | banque-assurance | Assurances, Assurance Auto, Mutuelle
operateur-telecom | Opérateur télécom | energie-telecoms | Télécom, Mobile, Réseaux
fournisseur-energie | Fournisseur d'énergie | energie-telecoms | Énergie, Énergies, Électricité
transport-voyageurs | Transport de voyageurs | transport-tourisme | Autocars, Lignes, Voyageurs
immobilier | Immobilier | services-habitat | Immobilier, Habitat, Logis
mutuelle-sante | Mutuelle santé | banque-assurance | Mutuelle, Santé, Prévoyance
location-vehicules | Location de véhicules | transport-tourisme | Location, Loc, Auto
fournisseur-acces-internet | Fournisseur d'accès Internet | energie-telecoms | Net, Fibre, Connect
banque-en-ligne | Banque en ligne | banque-assurance | Banque, Finance, Crédit
equipement-maison | Équipement de la maison | commerce-distribution | Maison, Intérieur, Déco
services-a-la-personne | Services à la personne | services-habitat | Services, Domicile, Aide
agence-de-voyages | Agence de voyages | transport-tourisme | Voyages, Évasion, Séjours
assurance-habitation | Assurance habitation | banque-assurance | Assurances, Protection, Mutuelle
operateur-mobile | Opérateur mobile | energie-telecoms | Mobile, Télécom, Ondes
bricolage | Bricolage | commerce-distribution | Brico, Outillage, Chantiers
compagnie-aerienne | Compagnie aérienne | transport-tourisme | Airlines, Aviation, Ailes
demenagement | Déménagement | services-habitat | Déménagements, Transferts, Cartons
credit-consommation | Crédit à la consommation | banque-assurance | Crédit, Financement, Prêts
distribution-eau | Distribution d'eau | energie-telecoms | Eaux, Hydro, Source
electromenager | Électroménager | commerce-distribution | Électro, Ménager, Appareils
constructeur-automobile | Constructeur automobile | transport-tourisme | Automobiles, Motors, Auto
syndic-copropriete | Syndic de copropriété | services-habitat | Syndic, Gestion, Copro
epargne-assurance-vie | Épargne et assurance vie | banque-assurance | Patrimoine, Épargne, Vie
television-payante | Télévision payante | energie-telecoms | TV, Vision, Écrans
pret-a-porter | Prêt-à-porter | commerce-distribution | Mode, Textile, Atelier
entretien-automobile | Entretien automobile | transport-tourisme | Garage, Auto Service, Pneus
teleassistance | Téléassistance | services-habitat | Assistance, Veille, Sérénité
courtage-assurance | Courtage en assurance | banque-assurance | Courtage, Conseil, Assurances
energie-renouvelable | Énergies renouvelables | energie-telecoms | Solaire, Énergie Verte, Éolien
high-tech | High-tech | commerce-distribution | Numérique, Tech, Digital
hotellerie | Hôtellerie | transport-tourisme | Hôtels, Résidences, Auberges
depannage-domicile | Dépannage à domicile | services-habitat | Dépannage, Plomberie, Urgences
assistance | Assistance | banque-assurance | Assistance, Secours, Garantie
installation-solaire | Installation photovoltaïque | energie-telecoms | Solaire, Soleil, Énergie
parfumerie-beaute | Parfumerie et beauté | commerce-distribution | Beauté, Parfums, Cosmétiques
livraison-colis | Livraison de colis | transport-tourisme | Express, Colis, Livraisons
telesurveillance | Télésurveillance | services-habitat | Sécurité, Protection, Vigilance
assurance-animaux | Assurance animaux | banque-assurance | Assur'Animaux, Compagnons, Assurances
optique | Optique | commerce-distribution | Optique, Lunettes, Vision
croisieres | Croisières | transport-tourisme | Croisières, Navigation, Escales
formation | Formation en ligne | services-habitat | Formation, Académie, Campus
rachat-credits | Rachat de crédits | banque-assurance | Regroupement, Crédit, Finance
ameublement | Ameublement | commerce-distribution | Meubles, Mobilier, Salons
stationnement | Stationnement | transport-tourisme | Parkings, Parc, Stationnement
travail-temporaire | Travail temporaire | services-habitat | Intérim, Emploi, Talents
prevoyance-obseques | Prévoyance obsèques | banque-assurance | Prévoyance, Obsèques, Mutuelle
jardinerie | Jardinerie | commerce-distribution | Jardin, Jardinerie, Plantes
vehicules-occasion | Véhicules d'occasion | transport-tourisme | Occasions, Auto, VO
services-funeraires | Services funéraires | services-habitat | Pompes Funèbres, Funéraire, Souvenir
livraison-repas | Livraison de repas | commerce-distribution | Repas, Cuisine, Table
animalerie | Animalerie | commerce-distribution | Animalerie, Compagnons, Ferme
"""


def _rows(table: str) -> list[list[str]]:
    return [[cell.strip() for cell in line.split("|")] for line in table.strip().splitlines()]


CATALOG: tuple[tuple[str, str, str, tuple[str, ...]], ...] = tuple(
    (slug, name, sector, tuple(w.strip() for w in words.split(",")))
    for slug, name, sector, words in _rows(_CATALOG_TABLE)
)

# Beyond the catalogue, categories are regional variants ("Banque (Nord)").
REGIONS = ("Nord", "Sud", "Est", "Ouest", "Centre", "Outre-mer")

# Invented, evocative French words; combined with a trade word they make company names
# that belong to no real brand.
_WORD_LIST = """
Horizon Lumière Cèdre Alizé Boréal Émeraude Opale Sirocco Nacre Cormoran Héron Ardoise
Galet Tilleul Verveine Falaise Aurore Zéphyr Calanque Garrigue Pivoine Lavande Rivage
Sillon Clairière Bruyère Hirondelle Mésange Loriot Albâtre Ambre Corail Grenat Topaze
Ondine Archipel Estuaire Méridien Boussole Sextant Comète Phare Marelle Fougère Genêt
Érable Platane Châtaigne Mirabelle Églantine Capucine Colibri Martinet Goéland Vallon
Embrun Hêtre Aubépine Lagune Cyprès Bergeronnette Sablier Carillon Perce-Neige
"""
WORDS: tuple[str, ...] = tuple(_WORD_LIST.split())

# ---------------------------------------------------------------------------------------
# Channels and criteria, modelled on the published ESCDA method


@dataclass(frozen=True)
class _Crit:
    id: str
    label: str
    group: str
    max: int
    not_rated: float = 0.0  # share of tests where the criterion does not apply


@dataclass(frozen=True)
class _Chan:
    id: str
    label: str
    tests: int
    criteria: tuple[_Crit, ...]
    smartphone: int = 0
    phone_fields: bool = False

    @property
    def maxima(self) -> np.ndarray:
        return np.array([c.max for c in self.criteria], dtype=np.int64)

    @property
    def not_rated(self) -> np.ndarray:
        return np.array([c.not_rated for c in self.criteria])


# Each channel's maxima add up to 20 or 32: test marks are then multiples of 1/8, exact in
# binary floating point, so two companies with the same tests get bit-identical means
# whatever order a scorer sums them in (the ex aequo storyline relies on it).
# id | label | group | max | share of tests where the criterion does not apply
_PHONE = """
decroche | Temps de décroché | Disponibilité | 3
orientation | Accès au bon interlocuteur | Disponibilité | 2
attente | Mise en attente | Disponibilité | 2 | 0.15
rappel | Réponse différée et rappel | Disponibilité | 2 | 0.5
accueil | Identification et formule d'accueil | Relationnel | 2
expression | Expression et vocabulaire | Relationnel | 2
reformulation | Reformulation de la demande | Relationnel | 2
transfert | Qualité du transfert | Relationnel | 1 | 0.4
ecoute | Écoute et prise en compte | Relationnel | 3
conge | Prise de congé | Relationnel | 1
reponse | Qualité de la réponse | Qualité de la réponse et qualité humaine | 7
impression | Impression générale | Qualité de la réponse et qualité humaine | 3
ton | Ton et amabilité | Qualité de la réponse et qualité humaine | 2
"""
_EMAIL = """
delai | Délai de réponse | Délai et accessibilité | 4
accuse | Accusé de réception | Délai et accessibilité | 1
acces | Accès au formulaire de contact | Délai et accessibilité | 2
compatibilite | Compatibilité technique | Délai et accessibilité | 2
salutation | Formule d'appel personnalisée | Personnalisation | 2
signature | Signature nominative | Personnalisation | 1
contexte | Prise en compte du contexte client | Personnalisation | 3
orthographe | Orthographe et grammaire | Qualité rédactionnelle | 2
clarte | Clarté et structure du message | Qualité rédactionnelle | 2
ton | Ton et courtoisie | Qualité rédactionnelle | 2
politesse | Formule de politesse | Qualité rédactionnelle | 1
reponse | Exactitude de la réponse | Qualité de la réponse | 6
complet | Exhaustivité de la réponse | Qualité de la réponse | 3
liens | Pièces jointes et liens utiles | Qualité de la réponse | 1 | 0.4
"""
_WEB = """
identification | Identification de l'entreprise | Identification | 1
coordonnees | Accès aux coordonnées du service client | Identification | 2
accueil | Clarté de la page d'accueil | Identification | 1
moteur | Moteur de recherche interne | Fonctionnalités | 2 | 0.2
faq | Foire aux questions | Fonctionnalités | 2
espace | Espace client | Fonctionnalités | 1 | 0.3
navigation | Facilité de navigation | Fonctionnalités | 2
lisibilite | Lisibilité des textes | Lisibilité | 1
ecran | Adaptation à l'écran | Lisibilité | 1
rapidite | Rapidité d'affichage | Lisibilité | 1
accessibilite | Accessibilité | Lisibilité | 1
reponse | Réponse trouvée | Qualité de la réponse | 4
autonomie | Autonomie du client | Qualité de la réponse | 1
"""
_SOCIAL = """
delai | Délai de réponse | Réactivité et accessibilité | 2
accessibilite | Accessibilité du compte | Réactivité et accessibilité | 1
visibilite | Visibilité de la réponse | Réactivité et accessibilité | 1
prive | Passage en message privé | Réactivité et accessibilité | 1 | 0.3
identification | Identification du conseiller | Personnalisation | 1
personnalisation | Personnalisation | Personnalisation | 2
contexte | Prise en compte de la demande | Personnalisation | 2
ton | Ton employé | Ton et qualité | 2
codes | Adaptation aux codes du réseau | Ton et qualité | 1
orthographe | Orthographe | Ton et qualité | 1
reponse | Qualité de la réponse | Ton et qualité | 3
complet | Exhaustivité de la réponse | Ton et qualité | 1
suivi | Suivi de la demande | Ton et qualité | 1 | 0.2
conclusion | Remerciement et conclusion | Ton et qualité | 1
"""
_CHAT = """
acces | Accès au chat | Attente et réactivité | 2
attente | Temps d'attente | Attente et réactivité | 4
reactivite | Réactivité des échanges | Attente et réactivité | 4
accueil | Message d'accueil | Personnalisation | 1
identification | Identification du conseiller | Personnalisation | 1
personnalisation | Personnalisation | Personnalisation | 2
ecoute | Compréhension de la demande | Personnalisation | 3
ton | Ton et courtoisie | Qualité de la réponse | 2
orthographe | Orthographe | Qualité de la réponse | 1
reponse | Qualité de la réponse | Qualité de la réponse | 6
complet | Exhaustivité de la réponse | Qualité de la réponse | 2
liens | Liens et documents utiles | Qualité de la réponse | 1 | 0.3
transcription | Envoi de la conversation | Qualité de la réponse | 1 | 0.4
conge | Prise de congé | Qualité de la réponse | 2
"""


def _criteria(table: str) -> tuple[_Crit, ...]:
    return tuple(
        _Crit(row[0], row[1], row[2], int(row[3]), float(row[4]) if len(row) > 4 else 0.0)
        for row in _rows(table)
    )


CHANNELS: tuple[_Chan, ...] = (
    _Chan("phone", "Appels téléphoniques", 140, _criteria(_PHONE), phone_fields=True),
    _Chan("email", "E-mails et formulaires", 50, _criteria(_EMAIL)),
    _Chan("web", "Navigation Internet", 15, _criteria(_WEB), smartphone=8),
    _Chan("social", "Réseaux sociaux", 10, _criteria(_SOCIAL)),
    _Chan("chat", "Chat", 10, _criteria(_CHAT)),
)
assert sum(c.tests for c in CHANNELS) == TESTS_PER_COMPANY

NO_ANSWER_SECONDS = 60
HANDLING_SECONDS = 240
ZERO_RULES = (
    ("ring_seconds", ">", NO_ANSWER_SECONDS, "Pas de réponse après 60 s de sonnerie"),
    ("handling_seconds", ">", HANDLING_SECONDS, "Prise en charge au-delà de 4 minutes"),
    ("saturation", "==", True, "Message de saturation"),
)
PHONE_FIELDS = (("ring_seconds", "int"), ("handling_seconds", "int"), ("saturation", "bool"))


# ---------------------------------------------------------------------------------------
# The storylines engineered when scenario=True


@dataclass(frozen=True)
class Storylines:
    """Where the engineered facts live; "last" is the last full edition (2027 by default).

    Each applies only when its categories and editions exist in the data set asked for.
    """

    # Laureate of its category in each of the last 3 full editions, not the year before.
    streak: tuple[str, str] = ("banque", "banque-horizon")
    # (category, laureate the year before the last, the company that takes its title).
    dethroned: tuple[str, str, str] = ("operateur-telecom", "telecom-alize", "nacre-mobile")
    # Only in the last edition (and laureate: the double winner).
    new_category: str = "e-commerce"
    # (company, its two categories): laureate of both in the last edition.
    double: tuple[str, tuple[str, str]] = ("comptoir-boreal", ("vente-a-distance", "e-commerce"))
    # (category, two participants with identical tests): laureates ex aequo in the last.
    ex_aequo: tuple[str, str, str] = (
        "grande-distribution",
        "marche-opale",
        "hypermarches-du-cedre",
    )
    # (category, benchmark, laureate): the benchmark beats every participant in the last.
    benchmark_above: tuple[str, str, str] = (
        "fournisseur-energie",
        "societe-lumiere-energie",
        "sirocco-energies",
    )
    # Best participant below the threshold in the last edition.
    no_laureate: str = "assurance-auto"
    # No laureate the year before the last, a laureate again in the last.
    no_laureate_before: str = "immobilier"
    # Fewer than min_tested companies tested in the last edition: no election.
    too_few: str = "transport-voyageurs"


STORYLINES = Storylines()

# Fixed companies of the storylines: (name, categories, role, long-run level /20).
_STORY_COMPANIES: tuple[tuple[str, tuple[str, ...], str, float], ...] = (
    ("Banque Horizon", ("banque",), "participant", 16.0),
    ("Télécom Alizé", ("operateur-telecom",), "participant", 15.0),
    ("Nacre Mobile", ("operateur-telecom",), "participant", 14.0),
    ("Comptoir Boréal", ("vente-a-distance", "e-commerce"), "participant", 15.0),
    ("Marché Opale", ("grande-distribution",), "participant", 14.5),
    ("Hypermarchés du Cèdre", ("grande-distribution",), "participant", 14.5),
    ("Société Lumière Énergie", ("fournisseur-energie",), "benchmark", 17.0),
    ("Sirocco Énergies", ("fournisseur-energie",), "participant", 14.5),
)


@dataclass
class _Plan:
    """Engineered outcome of one category in one edition."""

    required: list[tuple[str, str, float]] = field(default_factory=list)  # slug, role, target
    cap: float | None = None  # other participants' targets stay below this
    count: int | None = None  # exact number of tested companies (all participants)
    laureates: tuple[str, ...] | None = None  # expected; () means no laureate
    tie: tuple[str, str] | None = None  # (model, copy): the copy gets identical tests
    above: str | None = None  # benchmark expected above every participant
    excluded: tuple[str, ...] = ()  # may not be laureate (archive) or enter


# ---------------------------------------------------------------------------------------
# Companies


@dataclass
class _Company:
    slug: str
    name: str
    base: float  # long-run service level /20
    former_names: tuple[str, ...] = ()
    website: str | None = None


def _slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text.replace("&", " et "))
    ascii_text = ascii_text.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


class _Names:
    """Draws unique company names and slugs from trade words and evocative words."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self.slugs: dict[str, None] = {}

    def reserve(self, name: str) -> str:
        slug = _slugify(name)
        self.slugs[slug] = None
        return slug

    def _compose(self, kinds: tuple[str, ...]) -> str:
        rng = self.rng
        kind = kinds[int(rng.integers(len(kinds)))]
        word, other = (WORDS[int(i)] for i in rng.choice(len(WORDS), 2, replace=False))
        pattern = int(rng.integers(10))
        if pattern < 4:
            return f"{kind} {word}"
        if pattern < 7:
            return f"{word} {kind}"
        if pattern < 9:
            return f"{word} & {other}"
        return f"Société {word} {kind}"

    def new(self, kinds: tuple[str, ...]) -> tuple[str, str]:
        for _ in range(1000):
            name = self._compose(kinds)
            slug = _slugify(name)
            if slug not in self.slugs:
                self.slugs[slug] = None
                return name, slug
        raise RuntimeError("ran out of company names")


def _extras(rng: np.random.Generator, names: _Names, slug: str, kinds: tuple[str, ...]) -> dict:
    """Optional companies.yaml fields: a website for most, a former name for a few."""
    extras: dict = {}
    if rng.random() < 0.75:
        # .example is reserved (RFC 2606): the demo never links to a real site.
        extras["website"] = f"https://www.{slug}.example"
    if rng.random() < 0.07:
        extras["former_names"] = (names.new(kinds)[0],)
    return extras


# ---------------------------------------------------------------------------------------
# Calendar


def _campaign(year: int) -> tuple[date, date]:
    """Ten weeks from mid-May of the year before the edition, Monday to Friday."""
    if year == 2021:  # that campaign was moved to 1 June - 10 July 2020 (rules, article 9)
        return date(2020, 6, 1), date(2020, 7, 10)
    may10 = date(year - 1, 5, 10)
    start = may10 + timedelta(days=(7 - may10.weekday()) % 7)
    return start, start + timedelta(weeks=9, days=4)


def _proclamation(year: int) -> str:
    """Second Thursday of October, 20:00 Paris summer time (always before the clock change)."""
    oct1 = date(year - 1, 10, 1)
    thursday = oct1 + timedelta(days=(3 - oct1.weekday()) % 7 + 7)
    return f"{thursday.isoformat()}T20:00:00+02:00"


def _threshold(year: int) -> float:
    return 11.5 if year in (2009, 2014) else 12.0


def _test_days(start: date, end: date) -> list[str]:
    """Mystery shoppers work Monday to Saturday."""
    days = (start + timedelta(days=i) for i in range((end - start).days + 1))
    return [d.isoformat() for d in days if d.weekday() < 6]


# ---------------------------------------------------------------------------------------
# Drawing tests


@dataclass
class _Block:
    """One channel's tests of every entrant: arrays shaped (entrants, tests[, criteria])."""

    points: np.ndarray
    rated: np.ndarray
    day: np.ndarray
    smartphone: np.ndarray | None = None
    ring: np.ndarray | None = None
    handling: np.ndarray | None = None
    saturation: np.ndarray | None = None

    def arrays(self) -> list[np.ndarray]:
        return [a for f in fields(self) if (a := getattr(self, f.name)) is not None]

    def zero(self) -> np.ndarray:
        if self.ring is None:
            return np.zeros(self.day.shape, dtype=bool)
        return (
            (self.ring > NO_ANSWER_SECONDS) | (self.handling > HANDLING_SECONDS) | self.saturation
        )


def _draw_block(
    rng: np.random.Generator, ch: _Chan, level: np.ndarray, zero_share: np.ndarray, n_days: int
) -> _Block:
    entrants, n = len(level), ch.tests
    zero_share = zero_share if ch.phone_fields else np.zeros(entrants)
    # Auto-zero calls pull the channel mean down; aim the other calls higher to keep it.
    mean = np.clip(level / 20 / (1 - zero_share), 0.05, 0.985)[:, None]
    success = rng.beta(mean * KAPPA, (1 - mean) * KAPPA, size=(entrants, n))
    points = rng.binomial(ch.maxima[None, None, :], success[:, :, None]).astype(np.int8)
    rated = rng.random((entrants, n, len(ch.criteria))) >= ch.not_rated[None, None, :]
    day = np.sort(rng.integers(0, n_days, size=(entrants, n)), axis=1)
    block = _Block(points, rated, day)
    if ch.smartphone:
        on_phone = np.tile(np.arange(n) < ch.smartphone, (entrants, 1))
        block.smartphone = rng.permuted(on_phone, axis=1)
    if ch.phone_fields:
        u = rng.random((entrants, n))
        share = zero_share[:, None]
        no_answer = u < 0.5 * share
        too_long = (u >= 0.5 * share) & (u < 0.8 * share)
        saturated = (u >= 0.8 * share) & (u < share)
        # Weaker services ring longer before answering.
        scale = 3.0 + (20.0 - level[:, None]) * 0.6
        ring = np.clip(np.rint(rng.gamma(2.0, scale, size=(entrants, n))), 1, NO_ANSWER_SECONDS - 2)
        wait = np.rint(rng.gamma(2.0, 20.0, size=(entrants, n)))
        handling = np.minimum(ring + wait, HANDLING_SECONDS - 5)
        unanswered = rng.integers(NO_ANSWER_SECONDS + 1, 2 * NO_ANSWER_SECONDS + 1, (entrants, n))
        ring = np.where(no_answer, unanswered, ring)
        handling = np.where(no_answer, ring, handling)  # the call ended unanswered
        slow = rng.integers(HANDLING_SECONDS + 1, 2 * HANDLING_SECONDS + 1, (entrants, n))
        handling = np.where(too_long, slow, handling)
        block.ring = ring.astype(np.int32)
        block.handling = handling.astype(np.int32)
        block.saturation = saturated
    return block


def _channel_marks(blocks: list[_Block]) -> np.ndarray:
    """Channel marks (entrants × channels) under the contract's rules."""
    marks = []
    for ch, b in zip(CHANNELS, blocks, strict=True):
        got = (b.points * b.rated).sum(axis=2)
        top = (ch.maxima[None, None, :] * b.rated).sum(axis=2)
        test = np.where(b.zero(), 0.0, 20.0 * got / top)
        marks.append(test.mean(axis=1))
    return np.stack(marks, axis=1)


def _overall(channel_marks: np.ndarray) -> np.ndarray:
    weights = np.array([c.tests for c in CHANNELS], dtype=float)
    return channel_marks @ weights / weights.sum()


# ---------------------------------------------------------------------------------------
# The generator


@dataclass
class _Entrant:
    category: str
    company: _Company
    role: str
    target: float = 0.0


class _Generator:
    def __init__(
        self,
        out: Path,
        seed: int,
        editions: int,
        categories: int,
        companies: int | None,
        archive: int,
        first_year: int | None,
        scenario: bool,
    ):
        if editions < 0 or archive < 0 or editions + archive < 1:
            raise ValueError("at least one edition is needed")
        if categories < 1:
            raise ValueError("at least one category is needed")
        if companies is not None and companies < 1:
            raise ValueError("companies must be at least 1")
        self.out = out
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.companies_per_category = companies
        self.scenario = scenario
        if first_year is None:
            first_year = LAST_EDITION - editions - archive + 1
        self.archive_years = [first_year + i for i in range(archive)]
        self.full_years = [first_year + archive + i for i in range(editions)]
        self.years = self.archive_years + self.full_years
        self.catalog = _catalog(categories + 1)
        self.category_sets = self._category_sets(categories)
        self.names = _Names(self.rng)
        self.pools = self._pools()
        self.plans = self._plans() if scenario else {}
        self.used: dict[str, _Company] = {}

    # -- structure -----------------------------------------------------------------------

    def _category_sets(self, n: int) -> dict[int, list[tuple[str, str, str, tuple[str, ...]]]]:
        base = self.catalog[:n]
        sets = {year: list(base) for year in self.years}
        new = STORYLINES.new_category
        if self.scenario and len(self.years) > 1 and any(c[0] == new for c in base):
            # The new category replaces one that is not run any more.
            before = [c for c in base if c[0] != new] + [self.catalog[n]]
            for year in self.years[:-1]:
                sets[year] = before
        order = {slug: i for i, (slug, _) in enumerate(SECTORS)}
        for year in sets:
            sets[year].sort(key=lambda c: order[c[2]])  # stable: catalogue order in a sector
        return sets

    def _pools(self) -> dict[str, tuple[list[_Company], list[_Company]]]:
        """Per category, the companies that may enter: (participants, benchmarks)."""
        rng = self.rng
        wanted = self.companies_per_category or 8
        pools: dict[str, tuple[list[_Company], list[_Company]]] = {}
        story: dict[str, list[tuple[_Company, str]]] = {}
        if self.scenario:
            for name, cats, role, level in _STORY_COMPANIES:
                company = _Company(self.names.reserve(name), name, level)
                for cat in cats:
                    story.setdefault(cat, []).append((company, role))
        seen: dict[str, None] = {}
        for year in self.years:
            for slug, _, _, kinds in self.category_sets[year]:
                if slug in seen:
                    continue
                seen[slug] = None
                participants = [c for c, r in story.get(slug, []) if r == "participant"]
                benchmarks = [c for c, r in story.get(slug, []) if r == "benchmark"]
                while len(participants) < wanted + 3:
                    name, cslug = self.names.new(kinds)
                    company = _Company(cslug, name, float(rng.uniform(8.0, 17.8)))
                    participants.append(company)
                while len(benchmarks) < 3:
                    name, cslug = self.names.new(kinds)
                    benchmarks.append(_Company(cslug, name, float(rng.uniform(10.5, 16.5))))
                for company in participants + benchmarks:
                    if company.website is None and not company.former_names:
                        extras = _extras(rng, self.names, company.slug, kinds)
                        company.website = extras.get("website")
                        company.former_names = extras.get("former_names", ())
                pools[slug] = (participants, benchmarks)
        return pools

    def _plans(self) -> dict[tuple[int, str], _Plan]:
        s = STORYLINES
        plans: dict[tuple[int, str], _Plan] = {}
        full = self.full_years

        def add(year: int | None, cat: str, plan: _Plan) -> None:
            if year is not None and any(c[0] == cat for c in self.category_sets.get(year, [])):
                plans[(year, cat)] = plan

        last = full[-1] if full else None
        before = full[-2] if len(full) > 1 else None

        cat, champion = s.streak
        run = full[-3:]
        for year in run:
            add(
                year, cat, _Plan([(champion, "participant", 16.8)], cap=14.0, laureates=(champion,))
            )
        if run:
            previous = run[0] - 1
            if previous in self.archive_years:
                add(previous, cat, _Plan(excluded=(champion,)))
            elif previous in full:
                rival = self.pools[cat][0][1].slug
                add(
                    previous,
                    cat,
                    _Plan(
                        [(rival, "participant", 15.8), (champion, "participant", 13.2)],
                        cap=14.5,
                        laureates=(rival,),
                    ),
                )

        cat, holder, challenger = s.dethroned
        if before is not None:
            add(
                before,
                cat,
                _Plan(
                    [(holder, "participant", 16.0), (challenger, "participant", 13.6)],
                    cap=13.0,
                    laureates=(holder,),
                ),
            )
            add(
                last,
                cat,
                _Plan(
                    [(challenger, "participant", 16.4), (holder, "participant", 14.2)],
                    cap=13.0,
                    laureates=(challenger,),
                ),
            )

        company, (first, second) = s.double
        add(last, first, _Plan([(company, "participant", 16.2)], cap=13.8, laureates=(company,)))
        add(last, second, _Plan([(company, "participant", 15.8)], cap=13.8, laureates=(company,)))

        cat, model, copy = s.ex_aequo
        add(
            last,
            cat,
            _Plan(
                [(model, "participant", 15.4), (copy, "participant", 15.4)],
                cap=13.6,
                laureates=(model, copy),
                tie=(model, copy),
            ),
        )

        cat, benchmark, laureate = s.benchmark_above
        add(
            last,
            cat,
            _Plan(
                [(benchmark, "benchmark", 17.6), (laureate, "participant", 14.8)],
                cap=13.2,
                laureates=(laureate,),
                above=benchmark,
            ),
        )

        add(last, s.no_laureate, _Plan(cap=10.6, laureates=()))

        if before is not None and s.no_laureate_before in self.pools:
            add(before, s.no_laureate_before, _Plan(cap=10.6, laureates=()))
            comeback = self.pools[s.no_laureate_before][0][0].slug
            add(
                last,
                s.no_laureate_before,
                _Plan([(comeback, "participant", 15.2)], cap=13.5, laureates=(comeback,)),
            )

        add(last, s.too_few, _Plan(count=2))
        return plans

    # -- entrants ------------------------------------------------------------------------

    def _select(self, year: int, cat: str, previous: list[str]) -> list[_Entrant]:
        rng = self.rng
        plan = self.plans.get((year, cat), _Plan())
        participants, benchmarks = self.pools[cat]
        by_slug = {c.slug: c for c in participants + benchmarks}
        if self.companies_per_category is None:
            total = int(rng.integers(3, 9))
        else:
            total = self.companies_per_category
        n_bench = min(int(rng.integers(0, 3)), max(total - 2, 0))
        if plan.count is not None:
            total, n_bench = plan.count, 0
        required = [(by_slug[slug], role) for slug, role, _ in plan.required]
        n_bench = max(n_bench, sum(role == "benchmark" for _, role in required))
        n_part = max(total - n_bench, sum(role == "participant" for _, role in required))

        chosen = [c for c, role in required if role == "participant"]
        # Most companies enter again the next year.
        keep = [s for s in previous if rng.random() < 0.8 and s not in plan.excluded]
        shuffled = [participants[int(i)].slug for i in rng.permutation(len(participants))]
        for slug in keep + shuffled:
            if len(chosen) >= n_part:
                break
            company = by_slug.get(slug)
            if company in participants and company not in chosen and slug not in plan.excluded:
                chosen.append(company)
        refs = [c for c, role in required if role == "benchmark"]
        for i in rng.permutation(len(benchmarks)):
            c = benchmarks[int(i)]
            if len(refs) >= n_bench:
                break
            if c not in refs:
                refs.append(c)

        entrants = [_Entrant(cat, c, "participant") for c in chosen]
        entrants += [_Entrant(cat, c, "benchmark") for c in refs]
        entrants.sort(key=lambda e: e.company.slug)
        targets = {slug: t for slug, _, t in plan.required}
        for e in entrants:
            if e.company.slug in targets:
                e.target = targets[e.company.slug]
                continue
            e.target = float(np.clip(e.company.base + rng.normal(0.0, 0.8), 7.0, 18.6))
            if plan.cap is not None and e.role == "participant" and e.target > plan.cap:
                e.target = plan.cap - float(rng.uniform(0.3, 2.5))
        return entrants

    # -- editions ------------------------------------------------------------------------

    def run(self) -> None:
        self._prepare_out()
        previous: dict[str, list[str]] = {}
        for year in self.years:
            folder = self.out / "seasons" / str(year)
            folder.mkdir(parents=True, exist_ok=True)
            if year in self.archive_years:
                self._archive(year, folder)
            else:
                self._full(year, folder, previous)
        self._write_sectors()
        self._write_companies()
        (self.out / "portal.yaml").write_text(PORTAL_YAML, encoding="utf-8")

    def _prepare_out(self) -> None:
        """Refuse to write into a folder holding anything but a previous demo set, whose
        editions that are not regenerated are removed (else they would mix with ours)."""
        out = self.out
        if out.is_dir() and any(out.iterdir()) and not _is_demo(out):
            raise FileExistsError(f"{out} is not empty and holds no demo data (portal.yaml)")
        seasons = out / "seasons"
        if seasons.is_dir():
            for folder in sorted(seasons.iterdir()):
                if folder.is_dir() and folder.name not in {str(y) for y in self.years}:
                    shutil.rmtree(folder)
        out.mkdir(parents=True, exist_ok=True)

    def _season_header(self, year: int, archive: bool) -> list[str]:
        start, end = _campaign(year)
        kind = "archive (lauréats seulement)" if archive else "tests et notes"
        return [
            f"# ESCDA {year} : saison fictive de démonstration, {kind}.",
            f"# Générée par `escda demo-data` (seed {self.seed}).",
            f"edition: {year}",
            f"campaign: {{start: {start.isoformat()}, end: {end.isoformat()}}}",
            f"proclamation: {_proclamation(year)}",
            f"logo_valid_until: {year}-09-30",
            f"threshold: {_threshold(year):.1f}",
            f"min_tested: {MIN_TESTED}",
            f"archive: {'true' if archive else 'false'}",
        ]

    def _archive(self, year: int, folder: Path) -> None:
        rng = self.rng
        (folder / "season.yaml").write_text(
            "\n".join(self._season_header(year, archive=True)) + "\n", encoding="utf-8"
        )
        lines = []
        for slug, name, sector, _ in self.category_sets[year]:
            plan = self.plans.get((year, slug), _Plan())
            participants = [c for c in self.pools[slug][0] if c.slug not in plan.excluded]
            lines += [f"- slug: {slug}", f"  name: {_q(name)}", f"  sector: {sector}"]
            if rng.random() < 0.08:  # the best was below the threshold that year
                lines.append("  laureates: []")
                continue
            entered = rng.choice(len(participants), min(6, len(participants)), replace=False)
            levels = [participants[i].base + rng.normal(0.0, 1.0) for i in entered]
            best = participants[entered[int(np.argmax(levels))]]
            self.used[best.slug] = best
            mark = float(np.clip(max(levels), _threshold(year) + 0.2, 18.8))
            if rng.random() < 0.12:  # some old palmarès were published without marks
                lines += ["  laureates:", f"    - {{company: {best.slug}}}"]
            else:
                lines += ["  laureates:", f"    - {{company: {best.slug}, mark: {mark:.2f}}}"]
        (folder / "categories.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        for name in ("tests.csv", "scores.csv"):
            (folder / name).unlink(missing_ok=True)

    def _full(self, year: int, folder: Path, previous: dict[str, list[str]]) -> None:
        entrants: list[_Entrant] = []
        for slug, _, _, _ in self.category_sets[year]:
            chosen = self._select(year, slug, previous.get(slug, []))
            previous[slug] = [e.company.slug for e in chosen if e.role == "participant"]
            entrants += chosen
        for e in entrants:
            self.used[e.company.slug] = e.company

        start, end = _campaign(year)
        days = _test_days(start, end)
        blocks = self._draw_checked(year, entrants, len(days))
        self._write_season(year, folder)
        self._write_categories(year, folder, entrants)
        self._write_tests(folder, entrants, blocks, days)

    def _draw_checked(self, year: int, entrants: list[_Entrant], n_days: int) -> list[_Block]:
        """Draw the tests; redraw (deterministically) until every engineered outcome holds."""
        rng = self.rng
        level = np.array([e.target for e in entrants])
        zero_share = np.clip(0.02 + (12.0 - level) * 0.003, 0.005, 0.045)
        weights = np.array([c.tests for c in CHANNELS], dtype=float)
        index = {(e.category, e.company.slug): i for i, e in enumerate(entrants)}
        ties = [
            (index[(cat, p.tie[0])], index[(cat, p.tie[1])])
            for (y, cat), p in self.plans.items()
            if y == year and p.tie
        ]
        for _ in range(100):
            # Each company is better on some channels than others, around its level.
            spread = rng.normal(0.0, 1.0, size=(len(entrants), len(CHANNELS)))
            spread -= (spread @ weights / weights.sum())[:, None]
            levels = np.clip(level[:, None] + spread, 3.0, 19.4)
            blocks = [
                _draw_block(rng, ch, levels[:, i], zero_share, n_days)
                for i, ch in enumerate(CHANNELS)
            ]
            for model, copy in ties:
                for b in blocks:
                    for a in b.arrays():
                        a[copy] = a[model]
            if not self._failures(year, entrants, _overall(_channel_marks(blocks))):
                return blocks
        raise RuntimeError(f"could not draw the scenario of {year}")

    def _failures(self, year: int, entrants: list[_Entrant], overall: np.ndarray) -> list[str]:
        failures = []
        for (y, cat), plan in self.plans.items():
            if y != year:
                continue
            rows = [i for i, e in enumerate(entrants) if e.category == cat]
            if plan.count is not None and len(rows) != plan.count:
                failures.append(f"{cat}: {len(rows)} tested")
            parts = [i for i in rows if entrants[i].role == "participant"]
            if plan.laureates is not None and parts:
                best = max(overall[i] for i in parts)
                won = (
                    tuple(sorted(entrants[i].company.slug for i in parts if overall[i] == best))
                    if best >= _threshold(year)
                    else ()
                )
                if won != tuple(sorted(plan.laureates)):
                    failures.append(f"{cat}: laureates {won}")
            if plan.above is not None:
                ref = next(i for i in rows if entrants[i].company.slug == plan.above)
                if not all(overall[ref] > overall[i] for i in parts):
                    failures.append(f"{cat}: benchmark not above")
        return failures

    # -- writing -------------------------------------------------------------------------

    def _write_season(self, year: int, folder: Path) -> None:
        lines = self._season_header(year, archive=False)
        lines.append("channels:")
        for ch in CHANNELS:
            lines += [
                f"  {ch.id}:",
                f"    label: {_q(ch.label)}",
                f"    tests: {ch.tests}",
                f"    weight: {ch.tests}",
            ]
            if ch.smartphone:
                lines.append(f"    devices: {{smartphone: {ch.smartphone}}}")
            if ch.phone_fields:
                fields = ", ".join(f"{n}: {t}" for n, t in PHONE_FIELDS)
                lines.append(f"    fields: {{{fields}}}")
            lines.append("    criteria:")
            for c in ch.criteria:
                lines.append(
                    f"      - {{id: {c.id}, label: {_q(c.label)}, group: {_q(c.group)}, "
                    f"max: {c.max}}}"
                )
            if ch.phone_fields:
                lines.append("    zero_if:")
                for name, op, value, label in ZERO_RULES:
                    shown = "true" if value is True else value
                    lines.append(
                        f"      - {{field: {name}, op: {_q(op)}, value: {shown}, "
                        f"label: {_q(label)}}}"
                    )
        (folder / "season.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    def _write_categories(self, year: int, folder: Path, entrants: list[_Entrant]) -> None:
        lines = []
        for slug, name, sector, _ in self.category_sets[year]:
            lines += [f"- slug: {slug}", f"  name: {_q(name)}", f"  sector: {sector}"]
            mine = [e for e in entrants if e.category == slug]
            lines.append("  entrants:" if mine else "  entrants: []")
            for e in mine:
                lines.append(f"    - {{company: {e.company.slug}, role: {e.role}}}")
        (folder / "categories.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    def _write_tests(
        self, folder: Path, entrants: list[_Entrant], blocks: list[_Block], days: list[str]
    ) -> None:
        n_ent, per = len(entrants), TESTS_PER_COMPANY
        total = n_ent * per
        channel = np.empty(total, dtype=np.int32)
        day = np.empty(total, dtype=np.int32)
        device = np.full(total, -1, dtype=np.int32)  # -1: none, 0 desktop, 1 smartphone
        ring = np.zeros(total, dtype=np.int32)
        handling = np.zeros(total, dtype=np.int32)
        saturation = np.zeros(total, dtype=bool)
        s_test, s_crit, s_points = [], [], []
        criteria = list(dict.fromkeys(c.id for ch in CHANNELS for c in ch.criteria))
        offset = 0
        # Tests are numbered entrant by entrant, channel by channel, in date order.
        for ci, (ch, b) in enumerate(zip(CHANNELS, blocks, strict=True)):
            n = ch.tests
            g = np.arange(n_ent)[:, None] * per + offset + np.arange(n)[None, :]
            offset += n
            channel[g] = ci
            day[g] = b.day
            if b.smartphone is not None:
                device[g] = b.smartphone.astype(np.int32)
            if b.ring is not None:
                ring[g], handling[g], saturation[g] = b.ring, b.handling, b.saturation
            crit = np.array([criteria.index(c.id) for c in ch.criteria], dtype=np.int32)
            shape = b.points.shape
            s_test.append(np.broadcast_to(g[:, :, None], shape)[b.rated])
            s_crit.append(np.broadcast_to(crit[None, None, :], shape)[b.rated])
            s_points.append(b.points[b.rated])
        width = max(5, len(str(total)))
        letters = [ch.id[0].upper() for ch in CHANNELS]
        ids = pa.array([f"{letters[c]}{i + 1:0{width}d}" for i, c in enumerate(channel.tolist())])
        entrant = np.repeat(np.arange(n_ent, dtype=np.int32), per)
        companies = list(dict.fromkeys(e.company.slug for e in entrants))
        categories = list(dict.fromkeys(e.category for e in entrants))
        company = np.array([companies.index(e.company.slug) for e in entrants], dtype=np.int32)
        category = np.array([categories.index(e.category) for e in entrants], dtype=np.int32)
        phone = np.array([ch.phone_fields for ch in CHANNELS])[channel]

        tests = pa.table(
            {
                "test_id": ids,
                "company": _dict(company[entrant], companies),
                "category": _dict(category[entrant], categories),
                "channel": _dict(channel, [ch.id for ch in CHANNELS]),
                "date": _dict(day, days),
                "device": _dict(device, ["desktop", "smartphone"], mask=device < 0),
                "ring_seconds": pa.array(ring, mask=~phone),
                "handling_seconds": pa.array(handling, mask=~phone),
                "saturation": pa.array(saturation, mask=~phone),
            }
        )
        _write_csv(folder / "tests.csv", tests)

        test = np.concatenate(s_test)
        order = np.argsort(test, kind="stable")  # criteria stay in season.yaml order
        scores = pa.table(
            {
                "test_id": pa.DictionaryArray.from_arrays(
                    pa.array(test[order].astype(np.int32)), ids
                ),
                "criterion": _dict(np.concatenate(s_crit)[order], criteria),
                "points": pa.array(np.concatenate(s_points)[order]),
            }
        )
        _write_csv(folder / "scores.csv", scores)

    def _write_sectors(self) -> None:
        used = {c[2] for year in self.years for c in self.category_sets[year]}
        lines = []
        for slug, name in SECTORS:
            if slug in used:
                lines += [f"- slug: {slug}", f"  name: {_q(name)}"]
        (self.out / "sectors.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    def _write_companies(self) -> None:
        lines = []
        for slug in sorted(self.used):
            c = self.used[slug]
            lines += [f"- slug: {c.slug}", f"  name: {_q(c.name)}"]
            if c.former_names:
                lines.append(f"  former_names: [{', '.join(_q(n) for n in c.former_names)}]")
            if c.website:
                lines.append(f"  website: {_q(c.website)}")
        (self.out / "companies.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _catalog(n: int) -> list[tuple[str, str, str, tuple[str, ...]]]:
    out = list(CATALOG[:n])
    for region in REGIONS:
        if len(out) >= n:
            break
        for slug, name, sector, kinds in CATALOG[: n - len(out)]:
            out.append((f"{slug}-{_slugify(region)}", f"{name} ({region})", sector, kinds))
    if len(out) < n:
        raise ValueError(f"at most {len(out)} categories")
    return out


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _dict(
    codes: np.ndarray, values: list[str], mask: np.ndarray | None = None
) -> pa.DictionaryArray:
    indices = pa.array(codes.astype(np.int32), mask=mask)
    return pa.DictionaryArray.from_arrays(indices, pa.array(values, pa.string()))


def _write_csv(path: Path, table: pa.Table) -> None:
    # Arrow quotes every header name; values here never hold a separator or a quote.
    with path.open("wb") as f:
        f.write((",".join(table.column_names) + "\n").encode())
        pacsv.write_csv(table, f, pacsv.WriteOptions(include_header=False, quoting_style="none"))


def _is_demo(folder: Path) -> bool:
    portal = folder / "portal.yaml"
    return (
        portal.is_file()
        and re.search(r"^demo:\s*true\s*$", portal.read_text(encoding="utf-8"), re.M) is not None
    )


def write_demo_data(
    out: Path,
    *,
    seed: int = 2024,
    editions: int = 3,
    categories: int = 12,
    companies: int | None = None,
    archive: int = 1,
    first_year: int | None = None,
    scenario: bool = True,
) -> None:
    """Write a fictional data set in the data contract's format into `out`.

    `archive` archive editions (laureates only) come first, then `editions` full
    editions; by default the last one is 2027. `companies` None tests 3 to 8 companies
    per category (0 to 2 benchmarks among them), an int exactly that many (the
    storylines may still force a category to 2). `scenario` engineers `STORYLINES`.
    Raises FileExistsError rather than overwrite a data set that is not demo data.
    """
    _Generator(
        Path(out), seed, editions, categories, companies, archive, first_year, scenario
    ).run()
