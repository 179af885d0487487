"""Immutable results of scoring: the confidential full ranking of each edition."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from escda_site.inputs.model import Category, Edition, Role

# laureate: at least one laureate; below_threshold: best participant under the threshold;
# too_few: fewer than min_tested companies tested; no_participant: only benchmarks tested;
# no_laureate: an archive edition published no laureate (reason unknown).
Status = Literal["laureate", "below_threshold", "too_few", "no_participant", "no_laureate"]


@dataclass(frozen=True)
class EntrantScore:
    company: str
    role: Role
    overall: float | None  # None only for archive laureates published without a mark
    channels: tuple[tuple[str, float], ...]  # (channel id, mark /20), in display order
    tests: int

    def channel_mark(self, channel_id: str) -> float | None:
        return dict(self.channels).get(channel_id)


@dataclass(frozen=True)
class CategoryResult:
    category: Category
    status: Status
    ranking: tuple[EntrantScore, ...]  # best first; confidential
    laureates: tuple[EntrantScore, ...]  # several only when tied ex aequo
    tested: int | None  # companies tested (participants and benchmarks); None: archive


@dataclass(frozen=True)
class Averages:
    """Mean overall mark and mean channel marks of a group of tested companies."""

    count: int
    overall: float | None
    channels: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class Aggregates:
    everyone: Averages
    laureates: Averages
    non_laureates: Averages


@dataclass(frozen=True, eq=False)
class EditionResult:
    edition: Edition
    categories: tuple[CategoryResult, ...]
    aggregates: Aggregates | None  # None for archive editions
    tests_run: int
    companies_tested: int  # distinct companies tested across the edition
    # Per company tested in two categories or more, in how many (most first).
    repeat_entries: tuple[int, ...] = ()

    def category(self, slug: str) -> CategoryResult:
        return next(c for c in self.categories if c.category.slug == slug)
