"""What a cell of an organiser's table may hold, checked a column at a time.

The one place where table text becomes numbers: a cell is either a number written the way
spreadsheets write one, or it is refused by name. Nothing downstream meets a NaN it did not
expect (a NaN compares false, and would silently skip a zero rule).
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from escda_site.inputs.text_rules import FORBIDDEN_CLASS, forbidden_character
from escda_site.inputs.yamldoc import shown

# Ids, slugs, dates and numbers are short; a longer cell is a paste gone wrong.
MAX_CELL_CHARS = 1_000
# Spreadsheets write at most 17 significant digits: 30 characters leave room for signs,
# zeros and a decimal mark, and keep every accepted number a finite, normal float.
MAX_NUMBER_CHARS = 30
# ASCII digits, one `.` or `,` as decimal mark, an optional sign, spaces around: no
# exponent, no thousands separator, no NaN or infinity, no other script's digits.
NUMBER = r"^ *[+-]?([0-9]+([.,][0-9]*)?|[.,][0-9]+) *$"
INTEGER = r"^ *[+-]?[0-9]+ *$"
NUMBER_TEXT = (
    "a number (ASCII digits, `,` or `.` as decimal mark, no exponent or thousands separator)"
)
INTEGER_TEXT = "a whole number (ASCII digits)"
# Inside a table, a byte order mark is the start of another export pasted after the first.
BOM = "\ufeff"
CELL_FORBIDDEN = FORBIDDEN_CLASS[:-1] + BOM + "]"


def _values(chunk: pa.Array) -> np.ndarray:
    """The bytes of a chunk of text cells, end to end (no copy)."""
    offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int32)[
        chunk.offset : chunk.offset + len(chunk) + 1
    ]
    data = chunk.buffers()[2]
    if data is None or len(offsets) < 2:
        return np.zeros(0, dtype=np.uint8)
    return np.frombuffer(data, dtype=np.uint8)[offsets[0] : offsets[-1]]


def _chunks(column: Column) -> list[pa.Array]:
    column = column.cast(pa.string())
    return column.chunks if isinstance(column, pa.ChunkedArray) else [column]


def _printable_ascii(column: Column) -> bool:
    """True when every byte of every cell is printable ASCII: a quick pass (no copy) that
    spares the regular expressions for the few columns holding anything else."""
    for chunk in _chunks(column):
        values = _values(chunk)
        if len(values) and (values.min() < 0x20 or values.max() > 0x7E):
            return False
    return True


def _digits_only(column: Column) -> bool:
    """True when every cell is a non-empty run of at most MAX_NUMBER_CHARS ASCII digits."""
    for chunk in _chunks(column):
        if chunk.null_count:
            return False
        offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int32)[
            chunk.offset : chunk.offset + len(chunk) + 1
        ]
        lengths = np.diff(offsets)
        if len(lengths) and (lengths.min() < 1 or lengths.max() > MAX_NUMBER_CHARS):
            return False
        values = _values(chunk)
        if len(values) and (values.min() < 0x30 or values.max() > 0x39):
            return False
    return True


Column = pa.Array | pa.ChunkedArray


def numbers(column: Column, integer: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """(values, ok): each cell as a float, and whether it is a number (a whole number when
    `integer`); values are NaN exactly where ok is False, and finite everywhere else."""
    text = column.cast(pa.string())
    if _digits_only(text):  # the usual file: plain whole numbers, one cast
        values = text.cast(pa.float64()).to_numpy(zero_copy_only=False)
        return values.astype("float64"), np.ones(len(values), dtype=bool)
    ok = pc.and_(
        pc.match_substring_regex(text, INTEGER if integer else NUMBER),
        pc.less_equal(pc.utf8_length(text), MAX_NUMBER_CHARS),
    ).fill_null(False)
    clean = pc.replace_substring(pc.utf8_trim(text, " "), ",", ".")
    clean = pc.if_else(ok, clean, pa.scalar("nan"))
    values = clean.cast(pa.float64()).to_numpy(zero_copy_only=False).astype("float64")
    ok = ok.to_numpy(zero_copy_only=False) & np.isfinite(values)
    values[~ok] = np.nan
    return values, ok


_EXPONENT = re.compile(r"^ *[+-]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)[eE][+-]?[0-9]+ *$")
_THOUSANDS = re.compile(r"[0-9]([ \u00a0\u202f'’][0-9]{3}|[.,][0-9]{3}[.,])")
_NOT_FINITE = re.compile(r"^ *[+-]?(nan|inf|infinity) *$", re.IGNORECASE)
# A spreadsheet turns « 3/6 » or « 3.6 » typed in a cell into a date (3 June), « 3:6 »
# into a time: the organiser typed points, the file holds a date.
_TYPED = {
    "a date cell": "the spreadsheet took what was typed (« 3/6 », « 3.6 ») for a date",
    "a date-and-time cell": "the spreadsheet took what was typed for a date",
    "a time cell": "the spreadsheet took what was typed (« 3:6 ») for a time",
}


def not_a_number(text: str, kind: str | None = None, integer: bool = False) -> str:
    """What a cell refused as a number holds, and why, as its organiser sees it: appended
    to « points must be a number (…) ». `kind`: a workbook's typed cell (TableSource.cell_kind),
    whose text is the spreadsheet's export of it (a date cell is « 2019-06-03 »)."""
    if kind:
        why = _TYPED.get(kind)
        fix = "; format the column as numbers and type the value again" if why else ""
        return f"— got {kind}, {text}" + (f": {why}{fix}" if why else "")
    said = f"— got {shown(text)}"
    if not text.strip():
        return "— got an empty cell"
    if len(text) > MAX_NUMBER_CHARS:
        return f"{said}: more than {MAX_NUMBER_CHARS} characters"
    if _EXPONENT.match(text):
        return f"{said}: an exponent; write the number in full"
    if _NOT_FINITE.match(text):
        return f"{said}: not a finite number"
    if any(ch.isdigit() and not ch.isascii() for ch in text):
        return f"{said}: digits other than 0 to 9"
    if _THOUSANDS.search(text):
        return f"{said}: a thousands separator"
    if integer and re.match(NUMBER, text):
        return f"{said}: not a whole number"
    return said


def forbidden_cells(column: Column) -> np.ndarray | None:
    """Rows whose cell holds a character no text may hold (see text_rules.py) or a byte
    order mark, or None if there is none."""
    if _printable_ascii(column):
        return None
    hit = pc.match_substring_regex(column.cast(pa.string()), CELL_FORBIDDEN).fill_null(False)
    if not pc.any(hit).as_py():
        return None
    return hit.to_numpy(zero_copy_only=False)


def long_cells(column: Column) -> np.ndarray | None:
    """Rows whose cell is longer than MAX_CELL_CHARS characters, or None if there is none."""
    text = column.cast(pa.string())
    if (pc.max(pc.binary_length(text)).as_py() or 0) <= MAX_CELL_CHARS:  # bytes ≥ characters
        return None
    long = pc.greater(pc.utf8_length(text), MAX_CELL_CHARS).fill_null(False)
    return long.to_numpy(zero_copy_only=False) if pc.any(long).as_py() else None


def cell_problems(name: str, column: Column) -> list[tuple[np.ndarray, str]]:
    """(rows, reason) for the cells of column `name` that no table may hold."""
    found = []
    long = long_cells(column)
    if long is not None:
        found.append((long, f"{name}: a cell of more than {MAX_CELL_CHARS:,} characters"))
    bad = forbidden_cells(column)
    if bad is not None:
        if long is not None:
            bad &= ~long
        rows = np.flatnonzero(bad)
        texts = column.take(pa.array(rows)).to_pylist() if len(rows) else []
        reasons: dict[str, list[int]] = {}
        for row, text in zip(rows, texts, strict=True):
            reasons.setdefault(cell_character(text) or "", []).append(int(row))
        for reason, where in reasons.items():
            mask = np.zeros(len(column), dtype=bool)
            mask[where] = True
            found.append((mask, f"{name}: {reason}"))
    return found


def cell_character(text: str) -> str | None:
    """Why a table cell (or column name) cannot be read as text, or None."""
    why = forbidden_character(text)
    if why is None and BOM in text:
        why = "holds U+FEFF, a byte order mark (two files joined into one?); remove it"
    return why
