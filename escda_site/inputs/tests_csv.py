"""tests.csv checked against the season: vectorised, every problem with its file line."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Future
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from escda_site.inputs.cells import INTEGER_TEXT, NUMBER_TEXT, numbers
from escda_site.inputs.csvio import (
    TableSource,
    number_details,
    read_result,
    record_lines,
    report_multiline,
)
from escda_site.inputs.model import TEST_COLUMNS, Category, Channel
from escda_site.inputs.problems import Problems
from escda_site.inputs.rules import text_codes
from escda_site.inputs.yamldoc import KIND_TEXT, shown

TRUE = {"true", "1", "oui", "vrai", "yes"}
FALSE = {"false", "0", "non", "faux", "no"}
FIELD_TEXT = {"int": INTEGER_TEXT, "float": NUMBER_TEXT, "bool": "true or false"}
# ASCII digits only: the date parsers take any script's digits (« ２０１９-06-03 »).
ISO_DATE = r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
FRENCH_DATE = r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}"
# What a rule of the table finds: (rows, as a boolean mask, and the message for them).
Rows = Iterator[tuple[Any, ...]]


def load_tests(
    rel: str,
    problems: Problems,
    channels: dict[str, Channel],
    categories: tuple[Category, ...],
    start: date,
    end: date,
    read: Future[TableSource],
) -> pd.DataFrame | None:
    """tests.csv as a frame (dates and channel fields converted), or None if unreadable.

    `.attrs["lines"]` holds the file line of each test, `.attrs["file"]` how problems name
    the file (with its sheet for a workbook), `.attrs["name"]` the file's name.
    """
    source = read_result(rel, problems, read)
    if source is None:
        return None
    rel = source.named(rel)
    # A record over several lines is a stray quote or a line break in a cell: never data.
    report_multiline(source, rel, problems)
    extra = {name: kind for ch in channels.values() for name, kind in ch.fields}
    if not _has_columns_and_rows(source, rel, problems, extra):
        return None
    before = len(problems.items)
    df = _frame(source, rel, extra)
    report = _reporter(rel, problems, df.attrs["lines"], source)
    report(every_test_has_an_id(df))
    _test_ids_unique(df, rel, problems)
    report(rows_of_entrants(df, categories))
    report(channels_of_the_season(df, channels))
    channel_rows = {cid: (df.channel == cid).to_numpy() for cid in channels}
    report(devices_of_the_channel(df, channels, channel_rows))
    # Tests are counted per category, company, channel and device: with those columns
    # right, a wrong date or duration elsewhere does not make the counts meaningless.
    countable = len(problems.items) == before
    dates = _by_value(df.date, _parse_dates)
    report(dates_in_the_campaign(dates, start, end))
    df["date"] = dates
    valid, converted = {}, {}
    for name, kind in extra.items():
        valid[name], converted[name] = _by_value(df[name], lambda col, kind=kind: _field(col, kind))
    report(fields_of_their_type(channels, channel_rows, valid))
    for name, value in converted.items():
        df[name] = value
    if countable:
        _check_counts(rel, problems, df, channels, categories)
    return df


def _has_columns_and_rows(
    source: TableSource, rel: str, problems: Problems, extra: dict[str, str]
) -> bool:
    """The standard columns and the channels' fields are there, and a test at least."""
    table = source.table
    missing = [c for c in (*TEST_COLUMNS, *extra) if c not in table.column_names]
    if missing:
        problems.add(rel, source.header_line, f"missing column(s): {', '.join(missing)}")
        return False
    if table.num_rows == 0:  # the scores would all be of unknown tests: said once, here
        problems.add(rel, source.header_line, "no test below the header line")
        return False
    return True


def _frame(source: TableSource, rel: str, extra: dict[str, str]) -> pd.DataFrame:
    """The columns of tests.csv as text, the standard ones trimmed, with their lines."""
    table = source.table.select(list(TEST_COLUMNS) + list(extra))
    for i, col in enumerate(TEST_COLUMNS):
        table = table.set_column(i, col, pc.utf8_trim_whitespace(table[col]))
    df = table.to_pandas()
    df.attrs["lines"] = record_lines(source)
    df.attrs["file"], df.attrs["name"] = rel, source.path.name
    return df


def _reporter(
    rel: str, problems: Problems, line: np.ndarray, source: TableSource
) -> Callable[[Rows], None]:
    """Records each (rows, message) a rule finds, naming the file lines of those rows; a
    rule on a number column yields (rows, message, (column, integer)) and each line shown
    says what the cell holds (csvio.number_details)."""

    def report(found: Rows) -> None:
        for mask, message, *number in found:
            rows = np.asarray(mask, dtype=bool)
            if rows.any():
                detail = None
                if number:
                    column, integer = number[0]
                    detail = number_details(source, column, np.flatnonzero(rows), integer)
                problems.add_rows(rel, line[rows], message, detail)

    return report


def every_test_has_an_id(df: pd.DataFrame) -> Rows:
    """Every test has an id."""
    yield df.test_id == "", "empty test_id"


def _test_ids_unique(df: pd.DataFrame, rel: str, problems: Problems) -> None:
    """No test id twice: each repeat names the line of the first."""
    # Counting distinct ids is several times cheaper than marking duplicates: only a file
    # that has some pays for finding them.
    if len(pc.unique(pa.array(df.test_id))) == len(df):
        return
    line = df.attrs["lines"]
    dup = (df.test_id.duplicated() & (df.test_id != "")).to_numpy()
    ids = dict(zip(line, df.test_id, strict=True))
    first = dict(zip(df.test_id[::-1], line[::-1], strict=True))  # the first one wins
    problems.add_rows(
        rel,
        line[dup],
        "duplicate test_id",
        lambda ln: f"{shown(ids[ln])} (first on line {first[ids[ln]]})",
    )


def rows_of_entrants(df: pd.DataFrame, categories: tuple[Category, ...]) -> Rows:
    """A test is of a category of categories.yaml and of one of its entrants."""
    unknown_cat = ~df.category.isin({c.slug for c in categories})
    for value in sorted(set(df.category[unknown_cat])):
        yield unknown_cat & (df.category == value), f"unknown category {shown(value)}"
    not_entrant = ~unknown_cat & ~_entrant_rows(df, categories)
    for (cat, comp), _ in df[not_entrant].groupby(["category", "company"]):
        yield (
            not_entrant & (df.category == cat) & (df.company == comp),
            f"company {shown(comp)} is not an entrant of category {shown(cat)} in categories.yaml",
        )


def channels_of_the_season(df: pd.DataFrame, channels: dict[str, Channel]) -> Rows:
    """A test is of a channel season.yaml defines."""
    unknown_ch = ~df.channel.isin(channels)
    for value in sorted(set(df.channel[unknown_ch])):
        yield (
            unknown_ch & (df.channel == value),
            f"unknown channel {shown(value)} (season.yaml defines {', '.join(channels)})",
        )


def devices_of_the_channel(
    df: pd.DataFrame, channels: dict[str, Channel], channel_rows: dict[str, np.ndarray]
) -> Rows:
    """A test's device is one its channel plans (or desktop); empty when it plans none."""
    for cid, ch in channels.items():
        allowed = {"desktop", *dict(ch.devices)} if ch.devices else {""}
        yield (
            channel_rows[cid] & ~df.device.isin(allowed).to_numpy(),
            f"device must be {' or '.join(sorted(allowed - {''})) or 'empty'} for channel {cid}",
        )


def dates_in_the_campaign(dates: pd.Series, start: date, end: date) -> Rows:
    """A test's date is a date, within the campaign."""
    yield dates.isna(), "date must be YYYY-MM-DD (or DD/MM/YYYY)"
    outside = dates.notna() & ((dates < pd.Timestamp(start)) | (dates > pd.Timestamp(end)))
    yield outside, f"date outside the campaign ({start} to {end})"


def fields_of_their_type(
    channels: dict[str, Channel],
    channel_rows: dict[str, np.ndarray],
    valid: dict[str, np.ndarray],
) -> Rows:
    """Each field of a test's channel holds a value of the field's type."""
    for cid, ch in channels.items():
        for name, kind in ch.fields:
            bad = channel_rows[cid] & ~valid[name]
            message = f"{name} must be {FIELD_TEXT.get(kind, KIND_TEXT.get(kind, kind))}"
            if kind in ("int", "float"):
                yield bad, message, (name, kind == "int")
            else:
                yield bad, message


def _entrant_rows(df: pd.DataFrame, categories: tuple[Category, ...]) -> np.ndarray:
    """True for the rows whose company is an entrant of the row's category."""
    category, cat_values = text_codes(df.category)
    company, company_values = text_codes(df.company)
    cat_index = {v: i for i, v in enumerate(cat_values)}
    company_index = {v: i for i, v in enumerate(company_values)}
    allowed = np.zeros((len(cat_values), len(company_values)), dtype=bool)
    for cat in categories:
        for ent in cat.entrants:
            if cat.slug in cat_index and ent.company in company_index:
                allowed[cat_index[cat.slug], company_index[ent.company]] = True
    return allowed[category, company]


def _by_value(col: pd.Series, convert: Callable[[pd.Series], Any]) -> Any:
    """`convert(col)`, computed once per distinct value and spread back to every row.

    Test columns repeat a few values (dates, durations, yes/no) thousands of times, and
    parsing text costs far more than hashing it. `convert` must work value by value.
    """
    codes, uniques = pd.factorize(col, use_na_sentinel=False)
    done = convert(pd.Series(uniques, name=col.name))
    if isinstance(done, tuple):  # several conversions of the same values
        return tuple(_spread(d, codes, col) for d in done)
    return _spread(done, codes, col)


def _spread(done: Any, codes: np.ndarray, col: pd.Series) -> Any:
    if isinstance(done, pd.Series):
        return pd.Series(done.array.take(codes), index=col.index, name=col.name)
    return np.asarray(done)[codes]


def _parse_dates(text: pd.Series) -> pd.Series:
    iso = text.str.fullmatch(ISO_DATE).fillna(False).to_numpy(dtype=bool)
    dates = pd.to_datetime(text.where(iso), format="%Y-%m-%d", errors="coerce")
    french = dates.isna() & text.str.fullmatch(FRENCH_DATE).fillna(False).to_numpy(dtype=bool)
    if french.any():  # French Excel writes 13/05/2019
        dates[french] = pd.to_datetime(text[french], format="%d/%m/%Y", errors="coerce")
    return dates


def _field(col: pd.Series, kind: str) -> tuple[np.ndarray, pd.Series]:
    """(valid, value) of the cells of a channel field: one conversion decides both, so that
    no cell is valid with a NaN value (a NaN compares false and skips a zero rule)."""
    text = col.str.strip()
    if kind in ("int", "float"):
        values, ok = numbers(pa.array(col, type=pa.string()), integer=kind == "int")
        return ok, pd.Series(values, index=col.index, name=col.name)
    if kind == "bool":
        lower = text.str.lower()
        return lower.isin(TRUE | FALSE).to_numpy(), lower.isin(TRUE)
    return (text != "").to_numpy(), text


def _check_counts(
    rel: str,
    problems: Problems,
    df: pd.DataFrame,
    channels: dict[str, Channel],
    categories: tuple[Category, ...],
) -> None:
    """Each entrant has exactly the planned number of tests per channel (and per device)."""
    counts = df.groupby(["category", "company", "channel", "device"], sort=False).size()
    # Plain dicts: one lookup per entrant and channel, where `.loc` on the grouped counts
    # cost a millisecond each, most of the time of an archive-sized edition.
    by_device: dict[tuple[str, str, str], dict[str, int]] = {}
    for (cat, company, cid, device), n in counts.items():
        by_device.setdefault((cat, company, cid), {})[device] = int(n)
    planned = (
        (cat.slug, ent.company, cid, ch)
        for cat in categories
        for ent in cat.entrants
        for cid, ch in channels.items()
    )
    for cat, company, cid, ch in planned:
        got = by_device.get((cat, company, cid), {})
        for message in tests_as_planned(f"{cat}/{company}/{cid}", got, ch):
            problems.add(rel, "", message)


def tests_as_planned(where: str, got: dict[str, int], channel: Channel) -> Iterator[str]:
    """An entrant has the channel's planned number of tests, and of tests on each device."""
    total = sum(got.values())
    if total != channel.tests:
        yield f"{where}: {total} tests, the plan in season.yaml is {channel.tests}"
    for device, planned in channel.devices:
        if got.get(device, 0) != planned:
            yield (
                f"{where}: {got.get(device, 0)} {device} tests, "
                f"the plan in season.yaml is {planned}"
            )
