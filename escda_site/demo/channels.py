"""The demo's channels and criteria, modelled on the published ESCDA method."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from escda_site.demo.catalog import TESTS_PER_COMPANY, _rows
from escda_site.inputs.model import Channel, Criterion, ZeroRule


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


def _model(ch: _Chan) -> Channel:
    phone = ch.phone_fields
    return Channel(
        id=ch.id,
        label=ch.label,
        tests=ch.tests,
        weight=float(ch.tests),
        criteria=tuple(Criterion(c.id, c.label, c.group, float(c.max)) for c in ch.criteria),
        devices=(("smartphone", ch.smartphone),) if ch.smartphone else (),
        fields=PHONE_FIELDS if phone else (),
        zero_if=tuple(ZeroRule(*rule) for rule in ZERO_RULES) if phone else (),
    )


# The channels as season.yaml states them (weight = tests), for the scoring core.
MODEL_CHANNELS: tuple[Channel, ...] = tuple(_model(ch) for ch in CHANNELS)
