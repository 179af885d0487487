"""Reading CSV files exported from spreadsheets (French Excel included)."""

from __future__ import annotations

import csv
import io
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from escda_site.inputs.model import TEST_COLUMNS  # noqa: F401 (read from here by tests_csv)
from escda_site.inputs.problems import Problems

BOM = b"\xef\xbb\xbf"
SCORE_COLUMNS = ("test_id", "criterion", "points")


class CsvError(ValueError):
    """The file cannot be read as CSV (header or structure), at these file lines."""

    def __init__(self, message: str, lines: list[int] | None = None):
        super().__init__(message)
        self.lines = lines or [1]


class CsvTable:
    """A CSV file read as text columns, and the file line each of its records starts on."""

    def __init__(self, table: pa.Table, path: Path, delimiter: str):
        self.table = table
        self.path = path
        self.delimiter = delimiter
        self._scan: Scan | None = None

    @property
    def lines(self) -> np.ndarray:
        """File line of each record: blank lines and line breaks inside cells counted."""
        return self.scan().starts

    def scan(self) -> Scan:
        """The records' lines, computed on first use: a plain file (one record a line)
        needs one count of its line breaks; any other is read again record by record."""
        if self._scan is None:
            data = self.path.read_bytes()
            n = self.table.num_rows
            breaks = data.count(b"\n")
            if breaks == (n + 1 if data.endswith(b"\n") else n):
                self._scan = Scan(np.arange(2, n + 2), [], [])
            else:
                self._scan = _scan(data, self.delimiter, len(self.table.column_names))
        return self._scan


@dataclass(frozen=True)
class Scan:
    """Where the records of a CSV file are."""

    starts: np.ndarray  # file line where each record starts
    ragged: list[int]  # start lines of records with the wrong number of fields
    spans: list[tuple[int, int]]  # (start, end) of records spread over several lines


def _scan(data: bytes, delimiter: str, width: int) -> Scan:
    """Records as Python's csv module reads them, the way Arrow and spreadsheets do."""
    text = data.decode("utf-8-sig", errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    next(reader, None)
    starts, ragged, spans = [], [], []
    end = reader.line_num
    for row in reader:
        start, end = end + 1, reader.line_num
        if not row:  # a blank line: Arrow skips it too
            continue
        starts.append(start)
        if len(row) != width:
            ragged.append(start)
        if end > start:
            spans.append((start, end))
    return Scan(np.array(starts, dtype=np.int64), ragged, spans)


def _bad_utf8_lines(data: bytes) -> list[int]:
    """File lines that are not UTF-8 text (a spreadsheet's Latin-1 export, say)."""
    bad = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(number)
    return bad


def read_table(path: Path, numeric: tuple[str, ...] = ()) -> CsvTable:
    """Read a CSV with or without BOM, `,` or `;` separated; every column as text.

    Columns named in `numeric` are left to Arrow's type inference so a clean
    numeric column stays fast; `to_float` handles a decimal comma afterwards.
    `.lines` gives the file line of each record.
    """
    with path.open("rb") as f:
        header = f.readline()
    start = len(BOM) if header.startswith(BOM) else 0
    header = header[start:].rstrip(b"\r\n")
    delimiter = ";" if header.count(b";") > header.count(b",") else ","
    try:
        names = [n.strip() for n in header.decode("utf-8").split(delimiter)]
    except UnicodeDecodeError as exc:
        raise CsvError(f"not UTF-8 text ({exc.reason}); save the file as UTF-8") from exc
    if not header.strip():
        raise CsvError("empty file, a header line is expected")
    twice = sorted({n for n in names if n and names.count(n) > 1})
    if twice:
        raise CsvError(f"column(s) named twice in the header: {', '.join(twice)}")
    types = {n: pa.string() for n in names if n not in numeric}
    # A memory map, not bytes read into Python: the reader's threads parse the file in
    # place (a data file is tens of MB). The header line, BOM included, is skipped.
    try:
        with pa.memory_map(str(path)) as buffer:
            table = pacsv.read_csv(
                buffer,
                read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
                parse_options=pacsv.ParseOptions(delimiter=delimiter),
                convert_options=pacsv.ConvertOptions(
                    column_types=types, strings_can_be_null=False, quoted_strings_can_be_null=False
                ),
            )
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        data = path.read_bytes()
        latin = _bad_utf8_lines(data)
        if latin:
            raise CsvError("not UTF-8 text (Latin-1?); save the file as UTF-8", latin) from exc
        found = _scan(data, delimiter, len(names))
        if found.ragged:
            hint = ""
            if found.spans:
                first, last = found.spans[0]
                hint = f' (a quote " opened on line {first} closes only on line {last})'
            raise CsvError(
                f"not {len(names)} fields separated by {delimiter!r} as on the header line" + hint,
                found.ragged,
            ) from exc
        raise CsvError(str(exc).splitlines()[0][:200]) from exc
    return CsvTable(table, path, delimiter)


def record_lines(source: CsvTable) -> np.ndarray:
    """The file line of each record of `source`; `index + 2` if the scan disagrees with Arrow."""
    lines = source.lines
    n = source.table.num_rows
    return lines if len(lines) == n else np.arange(2, n + 2)


def report_multiline(csv_table: CsvTable, rel: str, problems: Problems) -> None:
    """Report records spread over several lines: a stray quote, or a cell with a line break."""
    for first, last in csv_table.scan().spans:
        problems.add(
            rel,
            first,
            f'a cell runs on to line {last}: a quote " is not closed, or a cell holds a line break',
        )


def to_float(column: pa.ChunkedArray) -> np.ndarray:
    """Numbers with `.` or `,` as decimal mark; NaN where the cell is not a number."""
    if pa.types.is_integer(column.type) or pa.types.is_floating(column.type):
        return column.to_numpy().astype("float64")
    text = pc.utf8_trim_whitespace(column.cast(pa.string()))
    text = pc.replace_substring(text, ",", ".")
    ok = pc.match_substring_regex(text, r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")
    text = pc.if_else(ok, text, pa.scalar(None, pa.string()))
    return text.cast(pa.float64()).to_numpy(zero_copy_only=False).astype("float64")


def read_result(rel: str, problems: Problems, read: Future[Any]) -> Any:
    """What the reader thread returned, or None after recording why the file is unreadable."""
    try:
        return read.result()
    except FileNotFoundError:
        problems.add(rel, "", "file is missing")
    except CsvError as exc:
        problems.add_rows(rel, exc.lines, str(exc))
    except OSError as exc:
        problems.add(rel, "", f"cannot be read: {exc.strerror or exc}")
    return None
