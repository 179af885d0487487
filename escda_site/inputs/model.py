"""Typed, immutable model of the organisers' data, as validated by `load`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # only the scoring step needs pandas: a build from the cache never loads it
    import pandas as pd

Role = Literal["participant", "benchmark"]
FieldType = Literal["int", "float", "bool", "str"]
Op = Literal[">", ">=", "<", "<=", "==", "!="]


# The award's first edition: 2008 was the 1st, 2014 the 7th. No earlier year is an edition.
FIRST_EDITION = 2008
LAST_EDITION = 2100
# The columns of tests.csv every edition has (data contract); the channels add their own.
TEST_COLUMNS = ("test_id", "company", "category", "channel", "date", "device")


def edition_number(year: int) -> int:
    """The ordinal of an edition (1 for FIRST_EDITION), never below 1."""
    return max(1, year - FIRST_EDITION + 1)


@dataclass(frozen=True)
class Sector:
    slug: str
    name: str


@dataclass(frozen=True)
class NationalId:
    """A company's identifier in a national register other than the French one."""

    scheme: str  # e.g. "ES-NIF", "GB-COH", "MA-ICE": ISO country code, dash, register
    id: str


@dataclass(frozen=True)
class Company:
    slug: str
    name: str  # the current name
    former_names: tuple[str, ...] = ()  # every former name, dated or not
    website: str | None = None
    # Former names given with `until` (the last day the company bore it), oldest first.
    # An undated former name cannot be placed in time: results keep the current name.
    dated_names: tuple[tuple[str, date], ...] = ()
    # The French company register's number (9 digits, Luhn-checked), so that the open data
    # join the company directories; a foreign company's identifier with its scheme.
    siren: str | None = None
    national_id: NationalId | None = None

    def name_on(self, day: date) -> str:
        """The name the company bore on `day`: a dated former name, else the current one."""
        for name, until in self.dated_names:
            if day <= until:
                return name
        return self.name


@dataclass(frozen=True)
class Criterion:
    id: str
    label: str
    group: str
    max: float


@dataclass(frozen=True)
class ZeroRule:
    field: str
    op: Op
    value: int | float | bool | str
    label: str


@dataclass(frozen=True)
class Channel:
    id: str
    label: str
    tests: int
    weight: float
    criteria: tuple[Criterion, ...]
    devices: tuple[tuple[str, int], ...] = ()  # e.g. (("smartphone", 8),)
    fields: tuple[tuple[str, FieldType], ...] = ()
    zero_if: tuple[ZeroRule, ...] = ()

    @property
    def max_points(self) -> float:
        return sum(c.max for c in self.criteria)

    @property
    def groups(self) -> tuple[tuple[str, tuple[Criterion, ...]], ...]:
        """Criteria by group, groups in order of first appearance."""
        order: dict[str, list[Criterion]] = {}
        for c in self.criteria:
            order.setdefault(c.group, []).append(c)
        return tuple((g, tuple(cs)) for g, cs in order.items())


@dataclass(frozen=True)
class Entrant:
    company: str
    role: Role


@dataclass(frozen=True)
class PublishedLaureate:
    """A laureate of an archive edition, as published at the time."""

    company: str
    mark: float | None = None


@dataclass(frozen=True)
class Category:
    slug: str
    name: str
    sector: str
    entrants: tuple[Entrant, ...] = ()
    laureates: tuple[PublishedLaureate, ...] = ()  # archive editions only
    # Archive editions only: the number of companies tested, as published (None: not
    # published), and whether the category had an election (`election: false`).
    tested: int | None = None
    election: bool = True


@dataclass(frozen=True)
class Correction:
    """An erratum published after the proclamation (season.yaml `corrections`)."""

    day: date
    text: str
    categories: tuple[str, ...] = ()  # slugs concerned; empty: the whole edition


@dataclass(frozen=True, eq=False)
class Edition:
    """One season. `tests` and `scores` are None for archive editions.

    tests: columns test_id, company, category, channel, date, device + channel fields.
    scores: columns test_id, criterion, points.
    They are treated as read-only by everything downstream.
    """

    year: int
    campaign_start: date
    campaign_end: date
    proclamation: datetime  # timezone-aware
    logo_valid_until: date
    threshold: float
    min_tested: int
    archive: bool
    channels: tuple[Channel, ...]
    categories: tuple[Category, ...]
    tests: pd.DataFrame | None = field(default=None, repr=False)
    scores: pd.DataFrame | None = field(default=None, repr=False)
    corrections: tuple[Correction, ...] = ()  # oldest first


@dataclass(frozen=True)
class Organiser:
    """The publisher of the portal, as the legal notice and contact pages state it."""

    name: str
    address: str
    email: str
    director: str  # directeur de la publication
    host: str
    host_address: str
    registration: str = ""
    partners: tuple[tuple[str, str], ...] = ()  # (name, role)


@dataclass(frozen=True)
class Accessibility:
    """portal.yaml's `accessibility`: what only the organiser can state in the RGAA
    accessibility statement (an audit, derogations, known issues, a contact)."""

    audit_date: date | None = None  # an RGAA audit: its day, its auditor, its rate
    auditor: str | None = None
    audit_rate: float | None = None  # share of applicable RGAA criteria met, in %
    non_conformities: tuple[str, ...] = ()  # known issues beyond those the package knows
    derogations: tuple[str, ...] = ()  # dérogations pour charge disproportionnée
    contact: str | None = None  # an e-mail address; default: the organiser's


@dataclass(frozen=True)
class Portal:
    """portal.yaml: whether the data are a demo, and the organiser's facts."""

    demo: bool = False
    organiser: Organiser | None = None
    accessibility: Accessibility = Accessibility()


@dataclass(frozen=True, eq=False)
class Dataset:
    sectors: tuple[Sector, ...]
    companies: tuple[Company, ...]
    editions: tuple[Edition, ...]  # oldest first
    demo: bool = False
    organiser: Organiser | None = None
    accessibility: Accessibility = Accessibility()

    def company(self, slug: str) -> Company:
        return self._companies[slug]

    def edition(self, year: int) -> Edition:
        return next(e for e in self.editions if e.year == year)

    @cached_property
    def _companies(self) -> dict[str, Company]:
        return {c.slug: c for c in self.companies}
