"""Load and validate the organisers' files into the typed model, reporting every problem."""

from __future__ import annotations

import re
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import yaml

from escda_site.inputs.csvio import CsvError, read_table, to_float
from escda_site.inputs.model import (
    Category,
    Channel,
    Company,
    Criterion,
    Dataset,
    Edition,
    Entrant,
    PublishedLaureate,
    Sector,
    ZeroRule,
)
from escda_site.inputs.problems import Problems
from escda_site.scoring.marks import criterion_table, text_codes, zero_mask
from escda_site.text.frformat import PARIS

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Category pages live at /<edition>/<slug>/, next to these edition pages.
RESERVED_CATEGORY_SLUGS = {"methodologie"}
FIELD_TYPES = {"int", "float", "bool", "str"}
OPS = {">", ">=", "<", "<=", "==", "!="}
TRUE = {"true", "1", "oui", "vrai", "yes"}
FALSE = {"false", "0", "non", "faux", "no"}
TEST_COLUMNS = ("test_id", "company", "category", "channel", "date", "device")
SCORE_COLUMNS = ("test_id", "criterion", "points")
_MISSING = object()
# libyaml's parser, when PyYAML was built with it: the same safe constructors, about 20
# times faster on an archive's categories.yaml and companies.yaml.
_FAST_YAML = getattr(yaml, "CSafeLoader", None)


def paris_time(moment: datetime) -> datetime:
    """A date-time without offset is the organiser's local time, in Paris."""
    return moment if moment.tzinfo else moment.replace(tzinfo=PARIS)


class _Yaml:
    """Typed access to a parsed YAML document that records problems with key paths."""

    def __init__(self, problems: Problems, file: str):
        self.problems = problems
        self.file = file

    def error(self, path: str, message: str) -> None:
        self.problems.add(self.file, path or "(top)", message)

    def get(self, node: dict, key: str, path: str, kind: str, default: Any = _MISSING) -> Any:
        """Return node[key] checked against `kind`, or None after recording a problem."""
        where = f"{path}.{key}" if path else key
        if key not in node or node[key] is None:
            if default is _MISSING:
                self.error(where, "missing")
                return None
            return default
        value = node[key]
        checked = self.check(value, kind)
        if checked is None:
            self.error(where, f"must be {KIND_TEXT[kind]}, got {value!r}")
        return checked

    @staticmethod
    def check(value: Any, kind: str) -> Any:
        if kind == "str":
            return value.strip() if isinstance(value, str) and value.strip() else None
        if kind == "slug":
            return value if isinstance(value, str) and SLUG.match(value) else None
        if kind == "int":
            return value if isinstance(value, int) and not isinstance(value, bool) else None
        if kind == "number":
            ok = isinstance(value, int | float) and not isinstance(value, bool)
            return float(value) if ok else None
        if kind == "bool":
            return value if isinstance(value, bool) else None
        if kind == "date":
            if isinstance(value, datetime):
                return None
            if isinstance(value, date):
                return value
            try:
                return date.fromisoformat(str(value))
            except ValueError:
                return None
        if kind == "datetime":
            if isinstance(value, datetime):
                moment = value
            elif isinstance(value, date):
                moment = datetime.combine(value, time(0))
            else:
                try:
                    moment = datetime.fromisoformat(str(value))
                except ValueError:
                    return None
            return paris_time(moment)
        if kind in ("list", "dict"):
            return value if isinstance(value, list if kind == "list" else dict) else None
        raise AssertionError(kind)


KIND_TEXT = {
    "str": "a non-empty text",
    "slug": "a slug of lowercase letters, digits and dashes ([a-z0-9-]+)",
    "int": "an integer",
    "number": "a number",
    "bool": "true or false",
    "date": "a date (YYYY-MM-DD)",
    "datetime": "a date and time (YYYY-MM-DDTHH:MM:SS+02:00)",
    "list": "a list",
    "dict": "a mapping",
}


def _read_yaml(root: Path, rel: str, problems: Problems) -> Any:
    path = root / rel
    if not path.is_file():
        problems.add(rel, "", "file is missing")
        return None
    try:
        text = path.read_text(encoding="utf-8-sig")
        if _FAST_YAML is not None:
            try:
                return yaml.load(text, Loader=_FAST_YAML)
            except yaml.YAMLError:
                pass  # parsed again below, for the messages and lines organisers know
        return yaml.safe_load(text)
    except UnicodeDecodeError as exc:
        problems.add(rel, "", f"not UTF-8 text ({exc.reason})")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else ""
        problems.add(rel, line, f"invalid YAML: {getattr(exc, 'problem', exc)}")
    return None


def _list_of_dicts(y: _Yaml, doc: Any) -> list[tuple[str, dict]]:
    if not isinstance(doc, list):
        y.error("", "must be a list of entries")
        return []
    out = []
    for i, item in enumerate(doc):
        if isinstance(item, dict):
            out.append((f"[{i}]", item))
        else:
            y.error(f"[{i}]", "must be a mapping")
    return out


def _unique(y: _Yaml, items: list[tuple[str, Any]], what: str) -> None:
    seen: dict[Any, str] = {}
    for path, value in items:
        if value is None:
            continue
        if value in seen:
            y.error(path, f"duplicate {what} {value!r} (first at {seen[value]})")
        else:
            seen[value] = path


def _load_sectors(root: Path, problems: Problems) -> tuple[Sector, ...]:
    y = _Yaml(problems, "sectors.yaml")
    sectors = []
    for path, node in _list_of_dicts(y, _read_yaml(root, y.file, problems)):
        slug, name = y.get(node, "slug", path, "slug"), y.get(node, "name", path, "str")
        sectors.append((path, Sector(slug, name)))
    _unique(y, [(f"{p}.slug", s.slug) for p, s in sectors], "sector slug")
    return tuple(s for _, s in sectors)


def _load_companies(root: Path, problems: Problems) -> tuple[Company, ...]:
    y = _Yaml(problems, "companies.yaml")
    companies = []
    for path, node in _list_of_dicts(y, _read_yaml(root, y.file, problems)):
        former = y.get(node, "former_names", path, "list", default=[]) or []
        if not all(isinstance(n, str) for n in former):
            y.error(f"{path}.former_names", "must be a list of texts")
            former = []
        company = Company(
            slug=y.get(node, "slug", path, "slug"),
            name=y.get(node, "name", path, "str"),
            former_names=tuple(former),
            website=y.get(node, "website", path, "str", default=None),
        )
        if company.website and not company.website.startswith(("https://", "http://")):
            y.error(f"{path}.website", "must start with https:// or http://")
        companies.append((path, company))
    _unique(y, [(f"{p}.slug", c.slug) for p, c in companies], "company slug")
    return tuple(c for _, c in companies)


def _load_channel(y: _Yaml, cid: str, node: Any) -> Channel | None:
    path = f"channels.{cid}"
    if not SLUG.match(cid):
        y.error(path, "channel id must be a slug ([a-z0-9-]+)")
    if not isinstance(node, dict):
        y.error(path, "must be a mapping")
        return None
    label = y.get(node, "label", path, "str")
    tests = y.get(node, "tests", path, "int")
    if tests is not None and tests <= 0:
        y.error(f"{path}.tests", "must be > 0")
    weight = y.get(node, "weight", path, "number", default=float(tests or 0))
    if weight is not None and weight <= 0:
        y.error(f"{path}.weight", "must be > 0")

    devices = y.get(node, "devices", path, "dict", default={}) or {}
    for name, count in devices.items():
        if not (isinstance(count, int) and 0 <= count <= (tests or 0)):
            y.error(
                f"{path}.devices.{name}", "must be an integer between 0 and the channel's tests"
            )
    if sum(v for v in devices.values() if isinstance(v, int)) > (tests or 0):
        y.error(f"{path}.devices", "device counts add up to more than the channel's tests")

    fields = y.get(node, "fields", path, "dict", default={}) or {}
    for name, kind in fields.items():
        if kind not in FIELD_TYPES:
            y.error(f"{path}.fields.{name}", f"type must be one of {sorted(FIELD_TYPES)}")
        if name in TEST_COLUMNS:
            y.error(f"{path}.fields.{name}", "clashes with a standard column of tests.csv")

    criteria = []
    for i, c in enumerate(y.get(node, "criteria", path, "list") or []):
        cpath = f"{path}.criteria[{i}]"
        if not isinstance(c, dict):
            y.error(cpath, "must be a mapping")
            continue
        cmax = y.get(c, "max", cpath, "number")
        if cmax is not None and cmax <= 0:
            y.error(f"{cpath}.max", "must be > 0")
        criteria.append(
            Criterion(
                id=y.get(c, "id", cpath, "str"),
                label=y.get(c, "label", cpath, "str"),
                group=y.get(c, "group", cpath, "str", default="Critères"),
                max=cmax or 0.0,
            )
        )
    if not criteria:
        y.error(f"{path}.criteria", "at least one criterion is needed")
    _unique(y, [(f"{path}.criteria[{i}].id", c.id) for i, c in enumerate(criteria)], "criterion")

    rules = []
    for i, r in enumerate(y.get(node, "zero_if", path, "list", default=[]) or []):
        rpath = f"{path}.zero_if[{i}]"
        if not isinstance(r, dict):
            y.error(rpath, "must be a mapping")
            continue
        fname, op = r.get("field"), r.get("op")
        if fname not in fields:
            y.error(f"{rpath}.field", f"{fname!r} is not one of this channel's fields")
        if op not in OPS:
            y.error(f"{rpath}.op", f"must be one of {' '.join(sorted(OPS))}")
        value = r.get("value")
        if value is None:
            y.error(f"{rpath}.value", "missing")
        elif fields.get(fname) in ("int", "float") and y.check(value, "number") is None:
            y.error(f"{rpath}.value", f"must be a number to compare with {fname}")
        elif fields.get(fname) == "bool" and not isinstance(value, bool):
            y.error(f"{rpath}.value", f"must be true or false to compare with {fname}")
        rules.append(ZeroRule(fname, op, value, y.get(r, "label", rpath, "str")))

    return Channel(
        id=cid,
        label=label,
        tests=tests or 0,
        weight=weight or 0.0,
        criteria=tuple(criteria),
        devices=tuple(devices.items()),
        fields=tuple(fields.items()),
        zero_if=tuple(rules),
    )


def _load_categories(
    root: Path, rel: str, archive: bool, problems: Problems, sectors: set, companies: set
) -> tuple[Category, ...]:
    y = _Yaml(problems, rel)
    cats: list[tuple[str, Category]] = []
    for path, node in _list_of_dicts(y, _read_yaml(root, rel, problems)):
        slug = y.get(node, "slug", path, "slug")
        if slug in RESERVED_CATEGORY_SLUGS:
            y.error(f"{path}.slug", f"{slug!r} is reserved for an edition page")
        sector = y.get(node, "sector", path, "slug")
        if sector and sector not in sectors:
            y.error(f"{path}.sector", f"unknown sector {sector!r} (not in sectors.yaml)")
        entrants: list[Entrant] = []
        laureates: list[PublishedLaureate] = []
        if archive:
            for i, lau in enumerate(y.get(node, "laureates", path, "list", default=[]) or []):
                lpath = f"{path}.laureates[{i}]"
                mark = None
                if isinstance(lau, dict):
                    mark = y.get(lau, "mark", lpath, "number", default=None)
                    if mark is not None and not 0 <= mark <= 20:
                        y.error(f"{lpath}.mark", "must be between 0 and 20")
                    lau = lau.get("company")
                if lau not in companies:
                    y.error(lpath, f"unknown company {lau!r} (not in companies.yaml)")
                laureates.append(PublishedLaureate(lau, mark))
            if "entrants" in node:
                y.error(f"{path}.entrants", "an archive edition lists laureates, not entrants")
        else:
            for i, ent in enumerate(y.get(node, "entrants", path, "list", default=[]) or []):
                epath = f"{path}.entrants[{i}]"
                if not isinstance(ent, dict):
                    y.error(epath, "must be a mapping {company: …, role: …}")
                    continue
                company = ent.get("company")
                if company not in companies:
                    y.error(
                        f"{epath}.company", f"unknown company {company!r} (not in companies.yaml)"
                    )
                role = ent.get("role", "participant")
                if role not in ("participant", "benchmark"):
                    y.error(f"{epath}.role", "must be participant or benchmark")
                entrants.append(Entrant(company, role))
            _unique(
                y,
                [(f"{path}.entrants[{i}].company", e.company) for i, e in enumerate(entrants)],
                "entrant",
            )
        cats.append(
            (
                path,
                Category(
                    slug,
                    y.get(node, "name", path, "str"),
                    sector,
                    tuple(entrants),
                    tuple(laureates),
                ),
            )
        )
    _unique(y, [(f"{p}.slug", c.slug) for p, c in cats], "category slug")
    return tuple(c for _, c in cats)


def _load_tests(
    rel: str,
    problems: Problems,
    channels: dict[str, Channel],
    categories: tuple[Category, ...],
    start: date,
    end: date,
    read: Future[pa.Table],
) -> pd.DataFrame | None:
    table = _table(rel, problems, read)
    if table is None:
        return None
    extra = {name: kind for ch in channels.values() for name, kind in ch.fields}
    missing = [c for c in (*TEST_COLUMNS, *extra) if c not in table.column_names]
    if missing:
        problems.add(rel, 1, f"missing column(s): {', '.join(missing)}")
        return None
    before = len(problems.items)
    table = table.select(list(TEST_COLUMNS) + list(extra))
    for i, col in enumerate(TEST_COLUMNS):
        table = table.set_column(i, col, pc.utf8_trim_whitespace(table[col]))
    df = table.to_pandas()
    line = df.index.to_numpy() + 2

    def bad(mask: Any, message: str) -> None:
        mask = np.asarray(mask, dtype=bool)
        if mask.any():
            problems.add_rows(rel, line[mask], message)

    bad(df.test_id == "", "empty test_id")
    # Counting distinct ids is several times cheaper than marking duplicates: only a file
    # that has some pays for finding them.
    if len(pc.unique(pa.array(df.test_id))) < len(df):
        dup = (df.test_id.duplicated() & (df.test_id != "")).to_numpy()
        ids = dict(zip(line, df.test_id, strict=True))
        first = dict(zip(df.test_id[::-1], line[::-1], strict=True))  # the first one wins
        problems.add_rows(
            rel,
            line[dup],
            "duplicate test_id",
            lambda ln: f"{ids[ln]!r} (first on line {first[ids[ln]]})",
        )

    cat_slugs = {c.slug for c in categories}
    unknown_cat = ~df.category.isin(cat_slugs)
    for value in sorted(set(df.category[unknown_cat])):
        bad(unknown_cat & (df.category == value), f"unknown category {value!r}")
    not_entrant = ~unknown_cat & ~_entrant_rows(df, categories)
    for (cat, comp), _ in df[not_entrant].groupby(["category", "company"]):
        bad(
            not_entrant & (df.category == cat) & (df.company == comp),
            f"company {comp!r} is not an entrant of category {cat!r} in categories.yaml",
        )
    unknown_ch = ~df.channel.isin(channels)
    for value in sorted(set(df.channel[unknown_ch])):
        bad(
            unknown_ch & (df.channel == value),
            f"unknown channel {value!r} (season.yaml defines {', '.join(channels)})",
        )

    channel_rows = {cid: (df.channel == cid).to_numpy() for cid in channels}
    for cid, ch in channels.items():
        allowed = {"desktop", *dict(ch.devices)} if ch.devices else {""}
        bad(
            channel_rows[cid] & ~df.device.isin(allowed).to_numpy(),
            f"device must be {' or '.join(sorted(allowed - {''})) or 'empty'} for channel {cid}",
        )
    # Tests are counted per category, company, channel and device: with those columns
    # right, a wrong date or duration elsewhere does not make the counts meaningless.
    countable = len(problems.items) == before

    dates = _by_value(df.date, _parse_dates)
    bad(dates.isna(), "date must be YYYY-MM-DD (or DD/MM/YYYY)")
    outside = dates.notna() & ((dates < pd.Timestamp(start)) | (dates > pd.Timestamp(end)))
    bad(outside, f"date outside the campaign ({start} to {end})")
    df["date"] = dates

    valid, converted = {}, {}
    for name, kind in extra.items():
        valid[name], converted[name] = _by_value(
            df[name], lambda col, kind=kind: (_valid_field(col, kind), _convert_field(col, kind))
        )
    for cid, ch in channels.items():
        for name, kind in ch.fields:
            bad(
                channel_rows[cid] & ~valid[name],
                f"{name} must be {KIND_TEXT.get(kind, kind)}"
                if kind != "bool"
                else f"{name} must be true or false",
            )
    for name, value in converted.items():
        df[name] = value

    if countable:
        _check_counts(rel, problems, df, channels, categories)
    return df


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
    dates = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    french = dates.isna()
    if french.any():  # French Excel writes 13/05/2019
        dates[french] = pd.to_datetime(text[french], format="%d/%m/%Y", errors="coerce")
    return dates


def _valid_field(col: pd.Series, kind: str) -> np.ndarray:
    text = col.str.strip().str.lower()
    if kind == "int":
        return text.str.fullmatch(r"[-+]?\d+").to_numpy(dtype=bool)
    if kind == "float":
        return text.str.fullmatch(r"[-+]?(\d+[.,]?\d*|[.,]\d+)").to_numpy(dtype=bool)
    if kind == "bool":
        return text.isin(TRUE | FALSE).to_numpy()
    return (text != "").to_numpy()


def _convert_field(col: pd.Series, kind: str) -> pd.Series:
    text = col.str.strip()
    if kind in ("int", "float"):
        return pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce")
    if kind == "bool":
        return text.str.lower().isin(TRUE)
    return text


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
    for cat in categories:
        for ent in cat.entrants:
            for cid, ch in channels.items():
                got = by_device.get((cat.slug, ent.company, cid), {})
                where = f"{cat.slug}/{ent.company}/{cid}"
                total = sum(got.values())
                if total != ch.tests:
                    problems.add(
                        rel,
                        "",
                        f"{where}: {total} tests, the plan in season.yaml is {ch.tests}",
                    )
                for device, planned in ch.devices:
                    if got.get(device, 0) != planned:
                        problems.add(
                            rel,
                            "",
                            f"{where}: {got.get(device, 0)} {device} tests, "
                            f"the plan in season.yaml is {planned}",
                        )


def _table(rel: str, problems: Problems, read: Future[Any]) -> Any:
    """What the reader thread returned, or None after recording why the file is unreadable."""
    try:
        return read.result()
    except FileNotFoundError:
        problems.add(rel, "", "file is missing")
    except CsvError as exc:
        problems.add_rows(rel, exc.lines, str(exc))
    return None


@dataclass(frozen=True)
class _ScoresFile:
    """scores.csv as read, with what can be decoded before tests.csv is known."""

    table: pa.Table
    crit_code: np.ndarray
    crit_values: list[str]
    points: np.ndarray


def _read_scores(path: Path) -> pa.Table | _ScoresFile:
    """Read scores.csv and decode its criterion and points columns; the bare table when
    columns are missing (reported by `_load_scores`). Runs on the reader thread."""
    table = read_table(path, numeric=("points",))
    if any(c not in table.column_names for c in SCORE_COLUMNS):
        return table
    crit_code, crit_values = _trimmed_codes(table["criterion"])
    return _ScoresFile(table, crit_code, crit_values, to_float(table["points"]))


def _load_scores(
    rel: str,
    problems: Problems,
    tests: pd.DataFrame,
    channels: dict[str, Channel],
    read: Future[pa.Table | _ScoresFile],
) -> pd.DataFrame | None:
    decoded = _table(rel, problems, read)
    if decoded is None:
        return None
    if isinstance(decoded, pa.Table):
        missing = [c for c in SCORE_COLUMNS if c not in decoded.column_names]
        problems.add(rel, 1, f"missing column(s): {', '.join(missing)}")
        return None
    table, points = decoded.table, decoded.points
    crit_code, crit_values = decoded.crit_code, decoded.crit_values

    # Every step over the ~1 M rows is one vectorised pass; text is hashed once per column
    # and trimmed or looked up per distinct value, not per row.
    test_ids = pa.array(tests["test_id"]).cast(table["test_id"].type)  # no copy
    test = pc.index_in(table["test_id"], value_set=test_ids)
    if test.null_count:
        # Test ids are trimmed in tests.csv: an id that matched as typed matches trimmed.
        test = pc.index_in(pc.utf8_trim_whitespace(table["test_id"]), value_set=test_ids)
    n = len(points)

    unknown = test.is_null().to_numpy(zero_copy_only=False)
    if test.null_count:
        problems.add_rows(rel, np.flatnonzero(unknown) + 2, "unknown test_id (not in tests.csv)")
        test = test.fill_null(0)
    test_idx = test.to_numpy().astype(np.int64)

    channel_ids = list(channels)
    maxima = criterion_table(channels.values(), crit_values)
    test_channel, _ = text_codes(tests["channel"], channel_ids)
    if (test_channel < 0).any():
        # A test of an unknown channel is reported in tests.csv; its scores cannot be
        # checked against any channel, so they are left alone like those of unknown tests.
        unknown = unknown | (test_channel[test_idx] < 0)
    # Flat lookups: a row offset per test, then one gather for the ~1 M rows.
    row_max = maxima.ravel()[(test_channel * len(crit_values))[test_idx] + crit_code]
    undefined = np.isnan(row_max) & ~unknown
    if undefined.any():
        for code in np.unique(crit_code[undefined]):
            sel = undefined & (crit_code == code)
            chans = sorted({channel_ids[c] for c in test_channel[test_idx[sel]]})
            problems.add_rows(
                rel,
                np.flatnonzero(sel) + 2,
                f"criterion {crit_values[code]!r} is not defined "
                f"for channel {', '.join(chans)} in season.yaml",
            )
    nan = np.isnan(points)
    if nan.any():
        problems.add_rows(rel, np.flatnonzero(nan) + 2, "points must be a number")
    with np.errstate(invalid="ignore"):
        # NaN compares false: a missing number or an undefined criterion is never out
        # of range, except a negative number, which the second mask sorts out.
        out_of_range = (points < 0) | (points > row_max)
    if out_of_range.any():
        # A row of an unknown test was measured against test 0's channel: already reported.
        out_of_range &= ~nan & ~np.isnan(row_max) & ~unknown
        for code in np.unique(crit_code[out_of_range]):
            sel = out_of_range & (crit_code == code)
            top = np.nanmax(row_max[sel])
            problems.add_rows(
                rel,
                np.flatnonzero(sel) + 2,
                f"points out of range for criterion {crit_values[code]!r} (0 to {top:g})",
            )
    key = test_idx * len(crit_values) + crit_code
    if unknown.any():  # rows of unknown tests stand for test 0: give them keys of their own
        key = np.where(unknown, -1 - np.arange(n), key)
    if _maybe_repeated(key, n):
        dup = ~unknown & pd.Series(key).duplicated().to_numpy()
        if dup.any():
            problems.add_rows(
                rel, np.flatnonzero(dup) + 2, "criterion rated twice for the same test"
            )
    return pd.DataFrame(
        {
            "test": test_idx,
            "criterion": pd.Categorical.from_codes(crit_code, categories=crit_values),
            "points": points,
        },
        copy=False,  # the arrays are ours alone: ~1 M rows need not be copied again
    )


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


def _load_edition(
    root: Path, folder: Path, problems: Problems, sectors: set, companies: set
) -> Edition | None:
    base = f"seasons/{folder.name}"
    rel = f"{base}/season.yaml"
    doc = _read_yaml(root, rel, problems)
    if doc is None:
        return None
    y = _Yaml(problems, rel)
    if not isinstance(doc, dict):
        y.error("", "must be a mapping")
        return None
    year = y.get(doc, "edition", "", "int")
    if year is not None and str(year) != folder.name:
        y.error("edition", f"{year} disagrees with the folder name {folder.name!r}")
    campaign = y.get(doc, "campaign", "", "dict") or {}
    start = y.get(campaign, "start", "campaign", "date") if campaign else None
    end = y.get(campaign, "end", "campaign", "date") if campaign else None
    if start and end and start > end:
        y.error("campaign", "start is after end")
    proclamation = y.get(doc, "proclamation", "", "datetime")
    if proclamation and end and proclamation.date() <= end:
        y.error("proclamation", "must come after the end of the campaign")
    valid_until = y.get(
        doc, "logo_valid_until", "", "date", default=date(year, 9, 30) if year else None
    )
    if valid_until and proclamation and valid_until < proclamation.date():
        y.error("logo_valid_until", "must not be before the proclamation")
    threshold = y.get(doc, "threshold", "", "number")
    if threshold is not None and not 0 <= threshold <= 20:
        y.error("threshold", "must be between 0 and 20")
    min_tested = y.get(doc, "min_tested", "", "int", default=3)
    if min_tested is not None and min_tested < 1:
        y.error("min_tested", "must be at least 1")
    archive = y.get(doc, "archive", "", "bool", default=False)

    config_problems = len(problems.items)
    channels: dict[str, Channel] = {}
    if archive:
        if doc.get("channels"):
            y.error("channels", "an archive edition has no channels")
    else:
        raw = y.get(doc, "channels", "", "dict") or {}
        for cid, node in raw.items():
            ch = _load_channel(y, str(cid), node)
            if ch:
                channels[str(cid)] = ch

    categories = _load_categories(
        root, f"{base}/categories.yaml", bool(archive), problems, sectors, companies
    )
    tests = scores = None
    structure_ok = len(problems.items) == config_problems
    if not archive and structure_ok and start and end:
        # CSV checks lean on valid channels and categories; other season problems
        # (threshold, dates of the logo…) do not stop them.
        # One reader thread, files in turn: scores.csv, the big one, is parsed while
        # tests.csv is checked here (Arrow's reader releases the interpreter lock).
        with ThreadPoolExecutor(max_workers=1) as pool:
            tests_read = pool.submit(read_table, root / base / "tests.csv")
            scores_read = pool.submit(_read_scores, root / base / "scores.csv")
            tests = _load_tests(
                f"{base}/tests.csv", problems, channels, categories, start, end, tests_read
            )
            if tests is not None:
                scores = _load_scores(f"{base}/scores.csv", problems, tests, channels, scores_read)
            else:  # its checks need the tests, but a file that cannot be read is said now
                _table(f"{base}/scores.csv", problems, scores_read)
        if scores is not None and len(problems.items) == config_problems:
            rated = np.bincount(scores["test"].to_numpy(), minlength=len(tests))
            unrated = (rated == 0) & ~zero_mask(tests, tuple(channels.values()))
            problems.add_rows(
                f"{base}/tests.csv",
                np.flatnonzero(unrated) + 2,
                "test has no rated criterion in scores.csv and no zero rule applies",
            )
    if problems:
        return None
    return Edition(
        year=year,
        campaign_start=start,
        campaign_end=end,
        proclamation=proclamation,
        logo_valid_until=valid_until,
        threshold=threshold,
        min_tested=min_tested,
        archive=archive,
        channels=tuple(channels.values()),
        categories=categories,
        tests=tests,
        scores=scores,
    )


def load_common(root: Path, problems: Problems) -> tuple[tuple, tuple, bool]:
    """sectors.yaml, companies.yaml and the optional portal.yaml: (sectors, companies, demo)."""
    if not root.is_dir():
        problems.add(str(root), "", "data folder not found")
        return (), (), False
    sectors = _load_sectors(root, problems)
    companies = _load_companies(root, problems)
    # portal.yaml (optional, our extension of the contract): {demo: true} flags demo data.
    demo = False
    if (root / "portal.yaml").exists():
        portal = _read_yaml(root, "portal.yaml", problems)
        if isinstance(portal, dict):
            demo = _Yaml(problems, "portal.yaml").get(portal, "demo", "", "bool", default=False)
        elif portal is not None:
            problems.add("portal.yaml", "", "must be a mapping such as {demo: true}")
    return sectors, companies, bool(demo)


def edition_folders(root: Path, problems: Problems) -> list[Path]:
    """The seasons/<year>/ folders, oldest first."""
    seasons = root / "seasons"
    folders = sorted(p for p in seasons.iterdir() if p.is_dir()) if seasons.is_dir() else []
    if root.is_dir() and not folders:
        problems.add("seasons", "", "no edition folder found (seasons/<year>/)")
    good = []
    for folder in folders:
        if folder.name.isdigit():
            good.append(folder)
        else:
            problems.add(f"seasons/{folder.name}", "", "edition folders are named by year")
    return good


def load_edition(
    root: Path, folder: Path, problems: Problems, sectors: tuple, companies: tuple
) -> Edition | None:
    """One edition, validated; None (with problems recorded) when it has problems."""
    # Its own collector, so that problems elsewhere do not hide this edition's CSV checks.
    own = Problems()
    edition = _load_edition(
        root, folder, own, {s.slug for s in sectors}, {c.slug for c in companies}
    )
    problems.items.extend(own.items)
    return edition


def load_dataset(root: Path) -> Dataset:
    """Read and validate a data folder; raise DataError listing every problem found."""
    root = Path(root)
    problems = Problems()
    sectors, companies, demo = load_common(root, problems)
    editions = []
    for folder in edition_folders(root, problems):
        edition = load_edition(root, folder, problems, sectors, companies)
        if edition:
            editions.append(edition)
    problems.raise_if_any()
    return Dataset(tuple(sectors), tuple(companies), tuple(editions), demo=demo)
