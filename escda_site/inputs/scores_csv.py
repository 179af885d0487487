"""scores.csv checked against tests.csv and the season's criteria, in vectorised passes."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from escda_site.inputs.cells import NUMBER_TEXT, numbers
from escda_site.inputs.csvio import (
    SCORE_COLUMNS,
    TableSource,
    number_details,
    read_result,
    read_table,
    record_lines,
)
from escda_site.inputs.model import Channel
from escda_site.inputs.problems import Problems
from escda_site.inputs.rules import criterion_table, text_codes
from escda_site.inputs.yamldoc import shown

# What a rule of the table finds: (rows, as a boolean mask, and the message for them).
Rows = Iterator[tuple[np.ndarray, str]]


@dataclass(frozen=True)
class ScoresFile:
    """scores.csv as read, with what can be decoded before tests.csv is known."""

    table: pa.Table
    crit_code: np.ndarray
    crit_values: list[str]
    points: np.ndarray
    source: TableSource

    def lines(self, rows: np.ndarray) -> np.ndarray:
        """The file lines of these rows (found only when there is a problem to report)."""
        return record_lines(self.source)[rows]


def read_scores(path: Path) -> TableSource | ScoresFile:
    """Read scores.csv (or .xlsx) and decode its criterion and points columns; the bare
    table when columns are missing (reported by `load_scores`). Runs on the reader thread."""
    source = read_table(path)
    table = source.table
    if any(c not in table.column_names for c in SCORE_COLUMNS):
        return source
    crit_code, crit_values = _trimmed_codes(table["criterion"])
    points, _ = numbers(table["points"])  # NaN where not a number, reported below
    return ScoresFile(table, crit_code, crit_values, points, source)


@dataclass(frozen=True)
class _Rated:
    """The rows of scores.csv joined to their tests: what the rules check, row by row."""

    test: np.ndarray  # index of each row's test in tests.csv (len(tests): an unknown one)
    unknown: np.ndarray  # rows whose test is unknown or of an unknown channel
    row_max: np.ndarray  # the criterion's maximum in the test's channel (NaN: undefined)
    test_channel: np.ndarray  # index of each test's channel in `channel_ids` (-1: unknown)
    channel_ids: list[str]
    crit_code: np.ndarray
    crit_values: list[str]
    points: np.ndarray


def load_scores(
    rel: str,
    problems: Problems,
    tests: pd.DataFrame,
    channels: dict[str, Channel],
    read: Future[TableSource | ScoresFile],
) -> pd.DataFrame | None:
    """scores.csv as (test index, criterion, points) rows, checked against the season."""
    decoded = read_result(rel, problems, read)
    if decoded is None:
        return None
    if isinstance(decoded, TableSource):
        missing = [c for c in SCORE_COLUMNS if c not in decoded.table.column_names]
        problems.add(
            decoded.named(rel), decoded.header_line, f"missing column(s): {', '.join(missing)}"
        )
        return None
    rel = decoded.source.named(rel)

    def report(found: Rows, column: str | None = None) -> None:
        """`column`: each line shown also says what that column's cell holds."""
        for mask, message in found:
            if mask.any():
                rows = np.flatnonzero(mask)
                detail = number_details(decoded.source, column, rows) if column else None
                problems.add_rows(rel, decoded.lines(rows), message, detail)

    # Every step over the ~1 M rows is one vectorised pass; text is hashed once per column
    # and trimmed or looked up per distinct value, not per row.
    test = _test_of_rows(decoded.table, tests)
    unknown = test.is_null().to_numpy(zero_copy_only=False)
    report(tests_of_tests_csv(unknown, tests.attrs["name"]))
    if test.null_count:
        # They stand for a test of no channel past the last one (tests.csv may have none).
        test = test.fill_null(len(tests))
    rated = _rated(decoded, test.to_numpy().astype(np.int64), unknown, tests, channels)
    report(criteria_of_the_channel(rated))
    report(points_are_numbers(rated), "points")
    report(points_within_the_maximum(rated))
    report(rated_once(rated))
    return pd.DataFrame(
        {
            "test": rated.test,
            "criterion": pd.Categorical.from_codes(rated.crit_code, categories=rated.crit_values),
            "points": rated.points,
        },
        copy=False,  # the arrays are ours alone: ~1 M rows need not be copied again
    )


def _test_of_rows(table: pa.Table, tests: pd.DataFrame) -> pa.ChunkedArray:
    """The index in tests.csv of each row's test, null where no test has its id."""
    test_ids = pa.array(tests["test_id"]).cast(table["test_id"].type)  # no copy
    test = pc.index_in(table["test_id"], value_set=test_ids)
    if test.null_count:
        # Test ids are trimmed in tests.csv: an id that matched as typed matches trimmed.
        test = pc.index_in(pc.utf8_trim_whitespace(table["test_id"]), value_set=test_ids)
    return test


def _rated(
    decoded: ScoresFile,
    test_idx: np.ndarray,
    unknown: np.ndarray,
    tests: pd.DataFrame,
    channels: dict[str, Channel],
) -> _Rated:
    """The rows with their test's channel and their criterion's maximum in it."""
    channel_ids = list(channels)
    crit_values = decoded.crit_values
    maxima = criterion_table(channels.values(), crit_values)
    test_channel, _ = text_codes(tests["channel"], channel_ids)
    known_channels = bool((test_channel >= 0).all())
    test_channel = np.append(test_channel, -1)  # the channel of the unknown ids' test
    if not known_channels:
        # A test of an unknown channel is reported in tests.csv; its scores cannot be
        # checked against any channel, so they are left alone like those of unknown tests.
        unknown = unknown | (test_channel[test_idx] < 0)
    # Flat lookups: a row offset per test, then one gather for the ~1 M rows.
    row_max = maxima.ravel()[(test_channel * len(crit_values))[test_idx] + decoded.crit_code]
    return _Rated(
        test_idx,
        unknown,
        row_max,
        test_channel,
        channel_ids,
        decoded.crit_code,
        crit_values,
        decoded.points,
    )


def tests_of_tests_csv(unknown: np.ndarray, tests_name: str) -> Rows:
    """A row rates a test of tests.csv."""
    yield unknown, f"unknown test_id (not in {tests_name})"


def criteria_of_the_channel(rated: _Rated) -> Rows:
    """A row rates a criterion season.yaml defines for its test's channel."""
    undefined = np.isnan(rated.row_max) & ~rated.unknown
    if not undefined.any():
        return
    for code in np.unique(rated.crit_code[undefined]):
        sel = undefined & (rated.crit_code == code)
        chans = sorted({rated.channel_ids[c] for c in rated.test_channel[rated.test[sel]]})
        yield (
            sel,
            f"criterion {shown(rated.crit_values[code])} is not defined "
            f"for channel {', '.join(chans)} in season.yaml",
        )


def points_are_numbers(rated: _Rated) -> Rows:
    """A row's points are a number."""
    yield np.isnan(rated.points), f"points must be {NUMBER_TEXT}"


def points_within_the_maximum(rated: _Rated) -> Rows:
    """A row's points lie from 0 to its criterion's maximum."""
    points, row_max = rated.points, rated.row_max
    with np.errstate(invalid="ignore"):
        # NaN compares false: a missing number or an undefined criterion is never out
        # of range, except a negative number, which the second mask sorts out.
        out_of_range = (points < 0) | (points > row_max)
    if not out_of_range.any():
        return
    # A row of an unknown test was measured against no channel: already reported.
    out_of_range &= ~np.isnan(points) & ~np.isnan(row_max) & ~rated.unknown
    for code in np.unique(rated.crit_code[out_of_range]):
        sel = out_of_range & (rated.crit_code == code)
        top = np.nanmax(row_max[sel])
        yield (
            sel,
            f"points out of range for criterion {shown(rated.crit_values[code])} (0 to {top:g})",
        )


def rated_once(rated: _Rated) -> Rows:
    """A test's criterion is rated on one row only."""
    n = len(rated.points)
    key = rated.test * len(rated.crit_values) + rated.crit_code
    if rated.unknown.any():  # rows of unknown tests share one test: give them keys of their own
        key = np.where(rated.unknown, -1 - np.arange(n), key)
    if _maybe_repeated(key, n):
        dup = ~rated.unknown & pd.Series(key).duplicated().to_numpy()
        yield dup, "criterion rated twice for the same test"


def _trimmed_codes(column: pa.ChunkedArray) -> tuple[np.ndarray, list[str]]:
    """Codes of the trimmed values, numbered in order of first appearance, and the values."""
    encoded = column.combine_chunks().dictionary_encode()
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    values = encoded.dictionary
    trimmed = pc.utf8_trim_whitespace(values)
    if not trimmed.equals(values):
        # Values that differ only by spaces around them are one value; the dictionary is
        # in order of first appearance, so its re-encoding is too.
        merged = trimmed.dictionary_encode()
        codes = merged.indices.to_numpy(zero_copy_only=False)[codes]
        values = merged.dictionary
    return codes, values.to_pylist()


def _maybe_repeated(key: np.ndarray, n: int) -> bool:
    """False when no key occurs twice, known from a bitmap of the keys seen where that
    takes little memory (a few MB); otherwise True, and the exact check decides."""
    if n <= 1:
        return False
    top = int(key.max())
    if key.min() < 0 or top > 64 * n + (1 << 20):
        return True
    seen = np.zeros(top + 1, dtype=bool)
    seen[key] = True
    return int(np.count_nonzero(seen)) != n
