"""Reading CSV files exported from spreadsheets (French Excel included)."""

from __future__ import annotations

import csv
import io
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from escda_site.inputs.problems import Problems

BOM = b"\xef\xbb\xbf"
TEST_COLUMNS = ("test_id", "company", "category", "channel", "date", "device")
SCORE_COLUMNS = ("test_id", "criterion", "points")


class CsvError(ValueError):
    """The file cannot be read as CSV (header or structure), at these file lines."""

    def __init__(self, message: str, lines: list[int] | None = None):
        super().__init__(message)
        self.lines = lines or [1]


def read_table(path: Path, numeric: tuple[str, ...] = ()) -> pa.Table:
    """Read a CSV with or without BOM, `,` or `;` separated; every column as text.

    Columns named in `numeric` are left to Arrow's type inference so a clean
    numeric column stays fast; `to_float` handles a decimal comma afterwards.
    Data rows are on file lines `index + 2` (one header line, no multi-line cells).
    """
    with path.open("rb") as f:
        header = f.readline()
    start = len(BOM) if header.startswith(BOM) else 0
    header = header[start:].rstrip(b"\r\n")
    delimiter = ";" if header.count(b";") > header.count(b",") else ","
    try:
        names = [n.strip() for n in header.decode("utf-8").split(delimiter)]
    except UnicodeDecodeError as exc:
        raise CsvError(f"not UTF-8 text ({exc.reason})") from exc
    if not header.strip():
        raise CsvError("empty file, a header line is expected")
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
        ragged = _ragged_lines(path, delimiter, len(names))
        if ragged:
            raise CsvError(
                f"not {len(names)} fields separated by {delimiter!r} as on the header line",
                ragged,
            ) from exc
        raise CsvError(str(exc).splitlines()[0]) from exc
    return table


def _ragged_lines(path: Path, delimiter: str, width: int) -> list[int]:
    """File lines of the records whose number of fields differs from the header's.

    Only run once Arrow has refused the file, whose message names no line: a record
    with a `;` among `,` (a row pasted from another export) is the usual cause.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    next(reader, None)
    return [reader.line_num for row in reader if row and len(row) != width]


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
    return None
