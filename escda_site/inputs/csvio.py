"""Reading CSV files exported from spreadsheets (French Excel included)."""

from __future__ import annotations

import csv
import io
import os
import stat
from abc import ABC, abstractmethod
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from escda_site.inputs.cells import MAX_CELL_CHARS, cell_character, cell_problems, not_a_number
from escda_site.inputs.problems import ROWS_SHOWN, Problems

BOM = b"\xef\xbb\xbf"
SCORE_COLUMNS = ("test_id", "criterion", "points")
# A table file larger than this is not an export of results (a million score rows take
# about 20 MB); refused before anything is read, as a pipe or a device is.
MAX_FILE_BYTES = 1 << 30
# The header line is found within this many bytes at the start of the file.
HEAD_BYTES = 1 << 16
SAVE_AS = "save the file as UTF-8 (« CSV UTF-8 » in a spreadsheet)"

# Arrow's own allocator (mimalloc) keeps what it freed for its next tables: after an
# edition is read, about 100 MB that the whole build then carries, pages and logos on top
# of it. The C library's allocator hands it back (`release_unused`) and reads no slower.
pa.set_memory_pool(pa.system_memory_pool())


def release_unused() -> None:
    """Give the memory of the tables read so far back to the system (one edition's)."""
    pa.default_memory_pool().release_unused()


class CsvError(ValueError):
    """The file cannot be read as a table: (file lines, reason) groups; the header's line by
    default, no line (the whole file) when `lines` is empty. `sheet`: the workbook sheet
    the lines are rows of."""

    def __init__(
        self,
        message: str = "",
        lines: list[int] | None = None,
        groups: list | None = None,
        sheet: str | None = None,
    ):
        where = [1] if lines is None else lines
        self.groups: list[tuple[list[int], str]] = groups or [(where, message)]
        self.sheet = sheet
        super().__init__(self.groups[0][1])


class TableSource(ABC):
    """A table file read as text columns (`table`), and where each record is in the file:
    `lines[i]` is the line (or sheet row) of record i. CSV files and workbook sheets give
    the same interface, so that one validation serves both."""

    table: pa.Table
    path: Path
    sheet: str | None = None  # the workbook sheet read, None for a CSV file
    header_line = 1

    @property
    def lines(self) -> np.ndarray:
        return self.scan().starts

    @abstractmethod
    def scan(self) -> Scan:
        """Where the records are (see Scan)."""

    def named(self, rel: str) -> str:
        """How problems name the table: `seasons/2020/tests.xlsx:Feuil1` for a sheet."""
        return f"{rel}:{self.sheet}" if self.sheet else rel

    def cell_kind(self, column: str, row: int) -> str | None:
        """What the spreadsheet held in that cell when it was not text nor a number (« date »,
        « boolean »…), so that a message names it as the organiser sees it; None for text."""
        return None


class CsvTable(TableSource):
    """A CSV file read as text columns, and the file line each of its records starts on."""

    def __init__(self, table: pa.Table, path: Path, delimiter: str):
        self.table = table
        self.path = path
        self.delimiter = delimiter
        self._scan: Scan | None = None

    def scan(self) -> Scan:
        """The records' lines (blank lines and line breaks inside cells counted), computed on
        first use: a plain file (one record a line) needs one count of its line breaks; any
        other is read again record by record."""
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
    long: list[int] = field(default_factory=list)  # lines of records with an oversize cell


def _scan(data: bytes, delimiter: str, width: int) -> Scan:
    """Records as Python's csv module reads them, the way Arrow and spreadsheets do: a line
    ends with LF, CRLF or a lone CR (old Excel for Mac)."""
    text = data.decode("utf-8-sig", errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    starts, ragged, spans, long = [], [], [], []
    try:
        next(reader, None)
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
            if max(map(len, row)) > MAX_CELL_CHARS:
                long.append(start)
    except csv.Error as exc:  # a cell beyond the csv module's limit (128 K by default)
        reason = f"a cell of more than {MAX_CELL_CHARS:,} characters"
        if "field limit" not in str(exc):
            reason = f"cannot be read as CSV: {exc}"
        raise CsvError(reason, [reader.line_num]) from None
    return Scan(np.array(starts, dtype=np.int64), ragged, spans, long)


def _bad_utf8_lines(data: bytes) -> list[int]:
    """File lines that are not UTF-8 text (a spreadsheet's Latin-1 export, say)."""
    bad = []
    lines = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
    for number, line in enumerate(lines, start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(number)
    return bad


def regular_size(path: Path) -> int:
    """The size of the regular file at `path`; CsvError for anything that is not one (a
    pipe or a device would hang or never end) or is too large to be a table."""
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise CsvError(
                f"a symbolic link to {os.readlink(path)}, which does not exist", []
            ) from None
        raise
    if stat.S_ISDIR(info.st_mode):
        raise CsvError("a folder, not a file", [])
    if not stat.S_ISREG(info.st_mode):
        raise CsvError("not a regular file (a pipe or a device?); save the table as a file", [])
    if info.st_size > MAX_FILE_BYTES:
        raise CsvError(f"{info.st_size:,} bytes: a table file holds at most {MAX_FILE_BYTES:,}", [])
    return info.st_size


def _encoding_problem(head: bytes) -> str | None:
    """Why the start of a file shows it is not UTF-8 CSV text, or None."""
    if head.startswith(b"PK\x03\x04"):
        return f"a workbook or a zip archive, not CSV text: {SAVE_AS}"
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    if not utf16 and b"\x00" in head:
        # Latin text in UTF-16 without a byte order mark: every other byte is a zero.
        pairs = len(head) // 2
        zeros = sorted((head[0::2].count(0), head[1::2].count(0)))
        utf16 = zeros[1] > pairs // 2 and zeros[0] < pairs // 8
    if utf16:
        return f"UTF-16 text, not UTF-8: {SAVE_AS}"
    if head.count(0) * 20 > len(head):  # one stray NUL is a cell's problem, named by line
        return f"binary data, not CSV text: {SAVE_AS}"
    return None


def _header(path: Path, size: int) -> tuple[list[str], str]:
    """The column names of the header line, and the separator it shows."""
    with path.open("rb") as f:
        head = f.read(HEAD_BYTES)
    problem = _encoding_problem(head)
    if problem:
        raise CsvError(problem)
    ends = [i for i in (head.find(b"\n"), head.find(b"\r")) if i >= 0]
    if not ends and len(head) < size:
        raise CsvError(f"no line end in the first {HEAD_BYTES:,} bytes: not a CSV header")
    line = head[: min(ends)] if ends else head
    line = line[len(BOM) :] if line.startswith(BOM) else line
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CsvError(f"not UTF-8 text ({exc.reason}); {SAVE_AS}") from exc
    if not text.strip():
        raise CsvError("empty file, a header line is expected")
    delimiter = ";" if text.count(";") > text.count(",") else ","
    # The csv module reads a quoted header ("test_id","criterion",…) as spreadsheets write it.
    names = [n.strip() for n in next(csv.reader([text], delimiter=delimiter))]
    problem = names_problem(names)
    if problem:
        raise CsvError(problem)
    return names, delimiter


def names_problem(names: list[str]) -> str | None:
    """What is wrong with the column names of a header, or None."""
    for name in names:
        if len(name) > MAX_CELL_CHARS:
            return f"a column name of more than {MAX_CELL_CHARS:,} characters"
        why = cell_character(name)
        if why:
            return f"a column name {why}"
    twice = sorted({n for n in names if n and names.count(n) > 1})
    if twice:
        return f"column(s) named twice in the header: {', '.join(twice)}"
    return None


def read_table(path: Path) -> TableSource:
    """Read a table, every column as text: a workbook's sheet (`.xlsx`) or a CSV file."""
    if path.suffix == ".xlsx":
        from escda_site.inputs.workbook import read_sheet  # the reader's extension module

        return checked(read_sheet(path))
    return checked(read_csv(path))


def read_csv(path: Path) -> CsvTable:
    """Read a CSV with or without BOM, `,` or `;` separated, every column as text.

    A line ends with LF, CRLF or CR. `.lines` gives the file line of each record.
    """
    size = regular_size(path)
    names, delimiter = _header(path, size)
    # A memory map, not bytes read into Python: the reader's threads parse the file in
    # place (a data file is tens of MB). The header line, BOM included, is skipped.
    try:
        with pa.memory_map(str(path)) as buffer:
            table = pacsv.read_csv(
                buffer,
                read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
                parse_options=pacsv.ParseOptions(delimiter=delimiter),
                convert_options=pacsv.ConvertOptions(
                    column_types={n: pa.string() for n in names},
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        data = path.read_bytes()
        latin = _bad_utf8_lines(data)
        if latin:
            raise CsvError(f"not UTF-8 text (Latin-1?); {SAVE_AS}", latin) from exc
        found = _scan(data, delimiter, len(names))
        if found.long:  # beyond Arrow's block size (1 MB) the reader gives up
            reason = f"a cell of more than {MAX_CELL_CHARS:,} characters"
            raise CsvError(reason, found.long) from None
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


def checked(source: TableSource) -> TableSource:
    """`source`, once no cell holds what no table may (too long, control or
    non-characters, a byte order mark); CsvError naming their lines otherwise."""
    table = source.table
    groups = [
        (rows, reason)
        for name, column in zip(table.column_names, table.columns, strict=True)
        for rows, reason in cell_problems(name, column)
    ]
    if groups:
        lines = record_lines(source)
        raise CsvError(
            groups=[(lines[rows].tolist(), reason) for rows, reason in groups], sheet=source.sheet
        )
    return source


def record_lines(source: TableSource) -> np.ndarray:
    """The file line of each record of `source`; `index + 2` if the scan disagrees with Arrow."""
    lines = source.lines
    n = source.table.num_rows
    return lines if len(lines) == n else np.arange(2, n + 2)


def number_details(
    source: TableSource, column: str, rows: np.ndarray, integer: bool = False
) -> Callable[[int], str]:
    """For the file lines of `rows`, cells of `column` refused as numbers: what each holds
    and why (cells.not_a_number), looked up for the first ROWS_SHOWN only (the problems
    shown), so that the check itself stays one pass over the column."""
    rows = rows[:ROWS_SHOWN]
    texts = source.table[column].take(pa.array(rows, type=pa.int64())).to_pylist()
    lines = record_lines(source)[rows]
    said = {
        int(line): not_a_number(text, source.cell_kind(column, int(row)), integer)
        for row, line, text in zip(rows, lines, texts, strict=True)
    }
    return lambda line: said.get(line, "")


def report_multiline(csv_table: TableSource, rel: str, problems: Problems) -> None:
    """Report records spread over several lines: a stray quote, or a cell with a line break."""
    for first, last in csv_table.scan().spans:
        problems.add(
            rel,
            first,
            f'a cell runs on to line {last}: a quote " is not closed, or a cell holds a line break',
        )


def read_result(rel: str, problems: Problems, read: Future[Any]) -> Any:
    """What the reader thread returned, or None after recording why the file is unreadable."""
    try:
        return read.result()
    except FileNotFoundError:
        problems.add(rel, "", "file is missing")
    except CsvError as exc:
        for lines, reason in exc.groups:
            if lines:
                problems.add_rows(f"{rel}:{exc.sheet}" if exc.sheet else rel, lines, reason)
            else:
                problems.add(rel, "", reason)
    except OSError as exc:
        problems.add(rel, "", f"cannot be read: {exc.strerror or exc}")
    return None
