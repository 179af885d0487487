"""The scoring core: pure, vectorised functions from a validated edition to its results."""

from __future__ import annotations

import numpy as np
import pandas as pd

from escda_site.inputs.model import Edition
from escda_site.inputs.rules import criterion_table, text_codes, zero_mask
from escda_site.scoring.results import (
    Aggregates,
    Averages,
    CategoryResult,
    EditionResult,
    EntrantScore,
)

# Marks are compared rounded to 9 decimals (1e-9 on /20): float noise (about 1e-14 after
# summing a season's tests) vanishes, any difference points can make stays. So a mark
# computed as 11.999999999999998 from an exact 12/20 reaches a 12 threshold, and a typed
# 11.9999999995 does not.
DECIMALS = 9


def compared(mark: float) -> float:
    """A mark as the threshold and ties see it."""
    return round(mark, DECIMALS)


def criterion_max(edition: Edition, test_channel: np.ndarray | None = None) -> np.ndarray:
    """The max points of the criterion of each score row (per its test's channel)."""
    scores = edition.scores
    table = criterion_table(edition.channels, list(scores["criterion"].cat.categories))
    if test_channel is None:
        test_channel, _ = text_codes(edition.tests["channel"], [c.id for c in edition.channels])
    rows = scores["test"].to_numpy()
    return table[test_channel[rows], scores["criterion"].cat.codes.to_numpy()]


def test_marks(edition: Edition, test_channel: np.ndarray | None = None) -> np.ndarray:
    """Mark /20 of each test, in the order of `edition.tests`.

    0 when a zero rule holds, else 20 × Σpoints / Σmax over the criteria rated; NaN for a
    test with no rated criterion and no zero rule (validation rejects those).
    """
    n = len(edition.tests)
    rows = edition.scores["test"].to_numpy()
    points = np.bincount(rows, weights=edition.scores["points"].to_numpy(), minlength=n)
    maxima = np.bincount(rows, weights=criterion_max(edition, test_channel), minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        marks = np.where(maxima > 0, 20.0 * points / maxima, np.nan)
    return np.where(zero_mask(edition.tests, edition.channels), 0.0, marks)


def entrant_marks(edition: Edition) -> pd.DataFrame:
    """One row per tested (category, company): a column per channel mark, and `overall`.

    Rows come in order of first appearance in tests.csv; a channel mark is the mean of the
    channel's test marks, and `tests` the number of tests of the entrant.
    """
    tests = edition.tests
    channel_ids = [c.id for c in edition.channels]
    channel, _ = text_codes(tests["channel"], channel_ids)
    category, categories = text_codes(tests["category"])
    company, companies = text_codes(tests["company"])
    entrant, keys = pd.factorize(category * len(companies) + company)
    n, width = len(keys), len(channel_ids)

    marks = test_marks(edition, channel)
    rated = ~np.isnan(marks)
    cell = (entrant * width + channel)[rated]
    sums = np.bincount(cell, weights=marks[rated], minlength=n * width).reshape(n, width)
    counts = np.bincount(cell, minlength=n * width).reshape(n, width)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)

    weights = np.array([c.weight for c in edition.channels])
    present = ~np.isnan(means)
    index = pd.MultiIndex.from_arrays(
        [
            np.asarray(categories, dtype=object)[keys // len(companies)],
            np.asarray(companies, dtype=object)[keys % len(companies)],
        ],
        names=["category", "company"],
    )
    table = pd.DataFrame(means, index=index, columns=pd.Index(channel_ids, name="channel"))
    # A channel with no test for an entrant is left out of its weighted mean.
    table["overall"] = (np.where(present, means, 0.0) @ weights) / (present @ weights)
    table["tests"] = np.bincount(entrant, minlength=n)
    return table


def _average(scores: list[EntrantScore], channel_ids: list[str]) -> Averages:
    if not scores:
        return Averages(0, None, ())
    channels = []
    for cid in channel_ids:
        values = [m for s in scores if (m := s.channel_mark(cid)) is not None]
        if values:
            channels.append((cid, float(np.mean(values))))
    overall = float(np.mean([s.overall for s in scores]))
    return Averages(len(scores), overall, tuple(channels))


def _decide(edition: Edition, ranking: list[EntrantScore]) -> tuple[str, tuple[EntrantScore, ...]]:
    if len(ranking) < edition.min_tested:
        return "too_few", ()
    participants = [s for s in ranking if s.role == "participant"]
    if not participants:
        return "no_participant", ()
    best = compared(participants[0].overall)
    if best < compared(edition.threshold):
        return "below_threshold", ()
    return "laureate", tuple(s for s in participants if compared(s.overall) >= best)


def _score_archive(edition: Edition) -> EditionResult:
    cats = []
    for cat in edition.categories:
        laureates = tuple(
            EntrantScore(lau.company, "participant", lau.mark, (), 0) for lau in cat.laureates
        )
        if laureates:
            status = "laureate"
        elif not cat.election or (cat.tested is not None and cat.tested < edition.min_tested):
            status = "too_few"  # the archive says there was no election
        else:
            status = "no_laureate"
        cats.append(CategoryResult(cat, status, laureates, laureates, cat.tested))
    return EditionResult(edition, tuple(cats), None, 0, 0)


def score_edition(edition: Edition) -> EditionResult:
    """Channel and overall marks, ranking and laureates of every category of an edition."""
    if edition.archive:
        return _score_archive(edition)
    table = entrant_marks(edition)
    channel_ids = [c.id for c in edition.channels]
    index = {key: i for i, key in enumerate(table.index)}
    marks = table[channel_ids].to_numpy()
    overall = table["overall"].to_numpy()
    counts = table["tests"].to_numpy()

    categories = []
    for cat in edition.categories:
        ranking = []
        for ent in cat.entrants:
            i = index.get((cat.slug, ent.company))
            if i is None:  # entered but not tested
                continue
            channels = tuple(
                (cid, float(m))
                for cid, m in zip(channel_ids, marks[i], strict=True)
                if not np.isnan(m)
            )
            ranking.append(
                EntrantScore(ent.company, ent.role, float(overall[i]), channels, int(counts[i]))
            )
        # Stable sort: entrants tied on the mark keep the order of categories.yaml.
        ranking.sort(key=lambda s: -s.overall)
        status, laureates = _decide(edition, ranking)
        categories.append(CategoryResult(cat, status, tuple(ranking), laureates, len(ranking)))

    everyone = [s for c in categories for s in c.ranking]
    winners = [s for c in categories for s in c.laureates]
    losers = [s for c in categories for s in c.ranking if s not in c.laureates]
    aggregates = Aggregates(
        everyone=_average(everyone, channel_ids),
        laureates=_average(winners, channel_ids),
        non_laureates=_average(losers, channel_ids),
    )
    return EditionResult(
        edition=edition,
        categories=tuple(categories),
        aggregates=aggregates,
        tests_run=len(edition.tests),
        companies_tested=int(edition.tests["company"].nunique()),
        repeat_entries=_repeat_entries(edition.tests),
    )


def _repeat_entries(tests: pd.DataFrame) -> tuple[int, ...]:
    """Per company tested in two categories or more, in how many, most first: the count of
    companies alone hides whether one company entered three categories or three two."""
    per_company = tests.groupby("company", observed=True)["category"].nunique()
    return tuple(sorted((int(n) for n in per_company if n > 1), reverse=True))
