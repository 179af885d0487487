"""The demo data's world: sectors, categories, invented company names, the calendar."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

LAST_EDITION = 2027
TESTS_PER_COMPANY = 225
MIN_TESTED = 3

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


def _siren(slug: str) -> str | None:
    """A SIREN for about a third of the companies, derived from the slug alone (not from the
    random draws, which would then change every mark): 8 digits and their Luhn key. The
    numbers are made up; a demo site says its data are fictitious."""
    digest = int.from_bytes(hashlib.sha256(slug.encode()).digest()[:8], "big")
    if digest % 3:
        return None
    body = str(800_000_000 + digest % 200_000_000)[:8]
    total = 0
    for i, ch in enumerate(reversed(body)):  # the key will be the rightmost digit
        n = int(ch) * (1 if i % 2 else 2)
        total += n - 9 if n > 9 else n
    return body + str(-total % 10)


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
