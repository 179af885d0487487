"""Workbooks (`tests.xlsx`, `scores.xlsx`) read as the text table a CSV file gives.

A sheet's cells are typed (numbers, dates, booleans); each becomes the text a spreadsheet's
CSV export would hold, so that the one validation of `tests_csv.py` and `scores_csv.py`
reads both (`90.0` in a whole-number column is 90, a date cell is `2019-06-03`, a boolean
cell is `true`). The sheet read is the one named like the file (`tests` in tests.xlsx),
else the first one. Problems name the sheet and its row: `tests.xlsx:Feuil1:6: …`.
"""

from __future__ import annotations

import math
import zipfile
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from escda_site.inputs import csvio
from escda_site.inputs.csvio import (
    CsvError,
    Scan,
    TableSource,
    names_problem,
    regular_size,
)


class SheetTable(TableSource):
    """A workbook's sheet read as text columns, and the sheet row of each record."""

    def __init__(self, table: pa.Table, path: Path, sheet: str, rows: list[int], header: int):
        self.table = table
        self.path = path
        self.sheet = sheet
        self.header_line = header
        self._scan = Scan(np.array(rows, dtype=np.int64), [], [])
        self._cells: list[list[Any]] | None = None  # the typed cells, read again on demand

    def scan(self) -> Scan:
        return self._scan

    def cell_kind(self, column: str, row: int) -> str | None:
        # Read again, only when a problem is reported: the typed cells are not kept.
        if self._cells is None:
            self._cells = _rows(self.path)[1]
        at = self.table.column_names.index(column)
        line = self._cells[int(self._scan.starts[row]) - 1]
        return typed_kind(line[at]) if at < len(line) else None


def typed_kind(value: Any) -> str | None:
    """How a spreadsheet shows a typed cell that is neither text nor a number."""
    if isinstance(value, bool):
        return "a true/false cell"
    if isinstance(value, datetime):
        return "a date cell" if value.time() == time(0) else "a date-and-time cell"
    if isinstance(value, date):
        return "a date cell"
    if isinstance(value, time):
        return "a time cell"
    return None


def cell_text(value: Any) -> str:
    """A typed cell as the text of its CSV export (ASCII digits, no exponent)."""
    if isinstance(value, bool):  # before int: a boolean is an int to Python
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return repr(value)  # refused as a number, by name
        if value.is_integer() and abs(value) < 2**53:
            return str(int(value))  # 90.0 typed in a whole-number column is 90
        return format(Decimal(repr(value)), "f")  # 1e-07 is 0.0000001
    if isinstance(value, datetime):
        if value.time() == time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _expanded_size(path: Path) -> None:
    """A workbook is a zip archive: its parts, unpacked, may not exceed the table file
    limit (a few kB can unpack to gigabytes)."""
    try:
        with zipfile.ZipFile(path) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise CsvError("not a workbook (.xlsx): save it again from the spreadsheet", []) from None
    if size > csvio.MAX_FILE_BYTES:
        limit = csvio.MAX_FILE_BYTES
        raise CsvError(f"unpacks to {size:,} bytes: a table file holds at most {limit:,}", [])


def _rows(path: Path) -> tuple[str, list[list[Any]]]:
    """The name of the sheet to read, and its rows from A1."""
    from python_calamine import CalamineWorkbook  # a Rust extension: only for workbooks

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = workbook.sheet_names
        if not names:
            raise CsvError("a workbook without a sheet", [])
        sheet = path.stem if path.stem in names else names[0]
        return sheet, workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except CsvError:
        raise
    except Exception as exc:  # noqa: BLE001 (the reader's errors share no base class)
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise CsvError(f"cannot be read as a workbook: {reason}", []) from None


def read_sheet(path: Path) -> SheetTable:
    """Read a workbook's sheet, every column as text; blank rows are skipped, as blank
    lines of a CSV file are, and rows keep their numbers in the sheet."""
    regular_size(path)
    _expanded_size(path)
    sheet, cells = _rows(path)
    numbered = [
        (number, texts)
        for number, row in enumerate(cells, start=1)
        if any(texts := [cell_text(v) for v in row])
    ]
    if not numbered:
        raise CsvError("an empty sheet, a header row is expected", [], sheet=sheet)
    (header_row, header), body = numbered[0], numbered[1:]
    names = [n.strip() for n in header]
    while names and not names[-1]:  # formatted but empty columns on the right
        names.pop()
    problem = names_problem(names)
    if problem:
        raise CsvError(problem, [header_row], sheet=sheet)
    width = len(names)
    beyond = [n for n, row in body if any(row[width:])]
    if beyond:
        raise CsvError("a cell right of the last named column", beyond, sheet=sheet)
    broken = [n for n, row in body if any("\n" in c or "\r" in c for c in row[:width])]
    if broken:
        raise CsvError("a cell holds a line break", broken, sheet=sheet)
    columns = [pa.array([row[i] for _, row in body], type=pa.string()) for i in range(width)]
    table = pa.Table.from_arrays(columns, names=names)
    return SheetTable(table, path, sheet, [n for n, _ in body], header_row)
