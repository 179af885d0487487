"""Drawing the mystery-shopper tests of an edition, and their tables in the contract's format."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, date, datetime

import numpy as np
import pandas as pd
import pyarrow as pa

from escda_site.demo.catalog import TESTS_PER_COMPANY
from escda_site.demo.channels import (
    CHANNELS,
    HANDLING_SECONDS,
    MODEL_CHANNELS,
    NO_ANSWER_SECONDS,
    _Chan,
)
from escda_site.inputs.model import Category, Edition
from escda_site.scoring.marks import score_edition
from escda_site.scoring.results import EditionResult

# Beta concentration of a test's success rate around the company's level: lower means
# more uneven tests. 8 gives test marks spread over roughly ±5 points, as in real studies.
KAPPA = 8.0


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


@dataclass(frozen=True)
class TestTables:
    """tests.csv and scores.csv of an edition, and the score rows as the scoring core reads
    them (test row, criterion code into `criteria`)."""

    tests: pa.Table
    scores: pa.Table
    score_test: np.ndarray
    score_criterion: np.ndarray
    criteria: list[str]


def test_tables(
    entrants: list[tuple[str, str]], blocks: list[_Block], days: list[str]
) -> TestTables:
    """The tests of `entrants` ((category, company) pairs) in the data contract's format."""
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
    companies = list(dict.fromkeys(company for _, company in entrants))
    categories = list(dict.fromkeys(category for category, _ in entrants))
    company = np.array([companies.index(c) for _, c in entrants], dtype=np.int32)
    category = np.array([categories.index(c) for c, _ in entrants], dtype=np.int32)
    phone = np.array([ch.phone_fields for ch in CHANNELS])[channel]

    tests = pa.table(
        {
            "test_id": ids,
            "company": dict_array(company[entrant], companies),
            "category": dict_array(category[entrant], categories),
            "channel": dict_array(channel, [ch.id for ch in CHANNELS]),
            "date": dict_array(day, days),
            "device": dict_array(device, ["desktop", "smartphone"], mask=device < 0),
            "ring_seconds": pa.array(ring, mask=~phone),
            "handling_seconds": pa.array(handling, mask=~phone),
            "saturation": pa.array(saturation, mask=~phone),
        }
    )

    test = np.concatenate(s_test)
    order = np.argsort(test, kind="stable")  # criteria stay in season.yaml order
    scores = pa.table(
        {
            "test_id": pa.DictionaryArray.from_arrays(pa.array(test[order].astype(np.int32)), ids),
            "criterion": dict_array(np.concatenate(s_crit)[order], criteria),
            "points": pa.array(np.concatenate(s_points)[order]),
        }
    )
    return TestTables(tests, scores, test[order], np.concatenate(s_crit)[order], criteria)


def score_tables(
    year: int,
    categories: tuple[Category, ...],
    tables: TestTables,
    threshold: float,
    min_tested: int,
) -> EditionResult:
    """The scoring core's results for drawn tests, exactly as the site will compute them."""
    points = tables.scores.column("points").to_numpy()
    scores = pd.DataFrame(
        {
            "test": tables.score_test.astype(np.intp),
            "criterion": pd.Categorical.from_codes(
                tables.score_criterion, categories=tables.criteria
            ),
            "points": points.astype(float),
        }
    )
    tests = tables.tests.to_pandas()
    for column in ("test_id", "company", "category", "channel", "date", "device"):
        tests[column] = tests[column].astype(object)
    edition = Edition(
        year=year,
        campaign_start=date(year - 1, 5, 1),
        campaign_end=date(year - 1, 7, 31),
        proclamation=datetime(year - 1, 10, 10, 20, 0, tzinfo=UTC),
        logo_valid_until=date(year, 9, 30),
        threshold=threshold,
        min_tested=min_tested,
        archive=False,
        channels=MODEL_CHANNELS,
        categories=categories,
        tests=tests,
        scores=scores,
    )
    return score_edition(edition)


def dict_array(
    codes: np.ndarray, values: list[str], mask: np.ndarray | None = None
) -> pa.DictionaryArray:
    """A dictionary-encoded text column: `codes` into `values`, null where `mask`."""
    indices = pa.array(codes.astype(np.int32), mask=mask)
    return pa.DictionaryArray.from_arrays(indices, pa.array(values, pa.string()))
