"""The organiser's spreadsheet (issue 28, item 4): tests.xlsx and scores.xlsx wherever a
CSV file is accepted, with typed cells, the same validation, and problems naming the
sheet and its row."""

from __future__ import annotations

import csv
import re
import shutil
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from escda_site.inputs import csvio

from hostile import csv_of_tests, edit, escda, season_file
from sitecheck import ROOT, build, tree_hash

INTEGER = re.compile(r"-?[0-9]+")
DECIMAL = re.compile(r"-?[0-9]*\.[0-9]+")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def write_typed(sheet, row: int, column: int, text: str, date_format) -> None:
    """A CSV cell as a spreadsheet types it: numbers, dates and booleans, not text."""
    if row == 0 or text == "":
        if text:
            sheet.write_string(row, column, text)
    elif INTEGER.fullmatch(text) or DECIMAL.fullmatch(text):
        sheet.write_number(row, column, float(text))
    elif ISO_DATE.fullmatch(text):
        sheet.write_datetime(row, column, datetime.fromisoformat(text), date_format)
    elif text in ("true", "false"):
        sheet.write_boolean(row, column, text == "true")
    else:
        sheet.write_string(row, column, text)


def to_workbook(path: Path, sheets: tuple[str, ...] = ("Feuil1",), cells=None) -> Path:
    """`path` (a CSV file) replaced by a workbook of typed cells in the last of `sheets`;
    the others hold a note. `cells` overrides cells: {(row, column): value}."""
    target = path.with_suffix(".xlsx")
    _write_book(target, _csv_rows(path), sheets, cells)
    path.unlink()
    return target


def _csv_rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8-sig") as f:
        return list(csv.reader(f))


def _write_book(target: Path, rows: list[list[str]], sheets: tuple[str, ...], cells) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(target), {"constant_memory": True})
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    for name in sheets[:-1]:
        book.add_worksheet(name).write_string(0, 0, "Notes de l'enquêteur")
    sheet = book.add_worksheet(sheets[-1])
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if cells and (r, c) in cells and isinstance(cells[(r, c)], datetime):
                sheet.write_datetime(r, c, cells[(r, c)], date_format)
            elif cells and (r, c) in cells:
                sheet.write(r, c, cells[(r, c)])
            else:
                write_typed(sheet, r, c, text, date_format)
    book.close()


SHEET = "xl/worksheets/sheet1.xml"


def large_workbook(path: Path) -> Path:
    """`to_workbook(path, sheets=(path.stem,))` for a table of some 200,000 rows, at a
    tenth of xlsxwriter's CPU (4 s for such a table, mostly its cell-by-cell calls).

    xlsxwriter writes the workbook of a sample of the rows (every kind of cell the table
    holds); the cells of its sheet must be, byte for byte, those `_cells_xml` writes for
    the same sample, which then writes every row into that workbook's sheet."""
    rows = _csv_rows(path)
    target = path.with_suffix(".xlsx")
    sample = rows[:1] + rows[1::50]
    _write_book(target, sample, (path.stem,), None)
    with zipfile.ZipFile(target) as book:
        parts = [(info, book.read(info)) for info in book.infolist()]
    sheet = dict((info.filename, data) for info, data in parts)[SHEET].decode("utf-8")
    head, _, rest = sheet.partition("<sheetData>")
    written, _, tail = rest.partition("</sheetData>")
    assert written == _cells_xml(sample), "xlsxwriter writes these cells otherwise"
    assert f'<dimension ref="{_dimension(sample)}"/>' in head, head
    head = head.replace(f'ref="{_dimension(sample)}"', f'ref="{_dimension(rows)}"')
    sheet = f"{head}<sheetData>{_cells_xml(rows)}</sheetData>{tail}"
    with zipfile.ZipFile(target, "w") as book:
        for info, data in parts:
            book.writestr(info, sheet.encode("utf-8") if info.filename == SHEET else data)
    path.unlink()
    return target


def _dimension(rows: list[list[str]]) -> str:
    """The range of the written cells, as a sheet's `<dimension>` gives it."""
    from xlsxwriter.utility import xl_rowcol_to_cell

    filled = [(r, c) for r, row in enumerate(rows) for c, text in enumerate(row) if text]
    top, bottom = filled[0][0], filled[-1][0]
    left, right = min(c for _, c in filled), max(c for _, c in filled)
    return f"{xl_rowcol_to_cell(top, left)}:{xl_rowcol_to_cell(bottom, right)}"


# Text xlsxwriter writes as it is, escaped: no whitespace to keep at either end, no control
# character nor `_xHHHH_` escape, no rich string. A table holding other text is written
# by `to_workbook`.
_PLAIN_TEXT = re.compile(r"(?!<r>)(?!\s)(?:(?!_x[0-9a-fA-F]{4}_)[^\x00-\x08\x0b-\x1f])*(?<!\s)")


def _cells_xml(rows: list[list[str]]) -> str:
    """The `<row>` elements xlsxwriter's constant-memory mode writes for `write_typed`'s
    cells (a date in the workbook's first added format, index 1)."""
    from xlsxwriter.utility import xl_col_to_name

    columns = [xl_col_to_name(c) for c in range(max(len(row) for row in rows))]
    header = {text: _string_cell(text) for text in rows[0]}
    after = {}  # the end of a cell, by its text: most texts of a table come again and again
    out = []
    for r, row in enumerate(rows, start=1):
        ends = header if r == 1 else after
        cells = []
        for c, text in enumerate(row):
            if text:
                end = ends.get(text) or ends.setdefault(text, _typed_cell(text))
                cells.append(f'<c r="{columns[c]}{r}"{end}')
        if cells:
            out.append(f'<row r="{r}">{"".join(cells)}</row>')
    return "".join(out)


def _typed_cell(text: str) -> str:
    """A cell after its reference, as `write_typed` has xlsxwriter write `text`."""
    from xlsxwriter.utility import _datetime_to_excel_datetime

    if INTEGER.fullmatch(text) or DECIMAL.fullmatch(text):
        return f"><v>{float(text):.16G}</v></c>"
    if ISO_DATE.fullmatch(text):
        day = _datetime_to_excel_datetime(datetime.fromisoformat(text), False, False)
        return f' s="1"><v>{day:.16G}</v></c>'
    if text in ("true", "false"):
        return f' t="b"><v>{int(text == "true")}</v></c>'
    return _string_cell(text)


def _string_cell(text: str) -> str:
    if not _PLAIN_TEXT.fullmatch(text):
        raise ValueError(f"{text!r}: write this table with to_workbook")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f' t="inlineStr"><is><t>{text}</t></is></c>'


def scores_csv(workdir: Path) -> Path:
    return workdir / "data" / "seasons" / "2020" / "scores.csv"


def ranking(capsys) -> str:
    from escda_site import cli

    capsys.readouterr()
    assert cli.main(["results", "2020", "--data", "data", "--format", "csv"]) == 0
    return capsys.readouterr().out


def test_workbooks_give_the_ranking_of_their_csv_files(workdir, capsys):
    plain = ranking(capsys)
    to_workbook(csv_of_tests(workdir))
    to_workbook(scores_csv(workdir))
    assert ranking(capsys) == plain


def test_booleans_typed_in_a_sheet_are_booleans(workdir, capsys):
    # A boolean field and a zero rule on it: beta's first call met a saturation message.
    edit(season_file(workdir), "ring_seconds: int", "ring_seconds: int\n      saturation: bool")
    edit(
        season_file(workdir),
        "    zero_if:\n",
        "    zero_if:\n    - {field: saturation, op: ==, value: true, label: Saturation}\n",
    )
    path = csv_of_tests(workdir)
    lines = path.read_text().splitlines()
    lines = [lines[0] + ",saturation"] + [
        line + (",true" if line.startswith("T4,") else ",false") for line in lines[1:]
    ]
    path.write_text("\n".join(lines) + "\n")
    as_text = ranking(capsys)
    assert "beta" in as_text
    to_workbook(path)
    assert ranking(capsys) == as_text


@pytest.mark.parametrize(
    "table, cell, value, message",
    [
        ("tests", (5, 6), "９０", "tests.xlsx:Feuil1:6: ring_seconds must be a whole number"),
        ("tests", (5, 6), 90.5, "tests.xlsx:Feuil1:6: ring_seconds must be a whole number"),
        ("tests", (5, 6), True, "tests.xlsx:Feuil1:6: ring_seconds must be a whole number"),
        ("tests", (5, 4), 43620.0, "tests.xlsx:Feuil1:6: date must be YYYY-MM-DD"),
        ("tests", (5, 0), "T5\x01", "tests.xlsx:Feuil1:6: test_id: holds U+0001"),
        ("tests", (5, 1), "be\nta", "tests.xlsx:Feuil1:6: a cell holds a line break"),
        ("scores", (1, 2), False, "scores.xlsx:Feuil1:2: points must be a number"),
        ("scores", (1, 2), 1e300, "scores.xlsx:Feuil1:2: points must be a number"),
        ("scores", (1, 2), 40, "scores.xlsx:Feuil1:2: points out of range"),
        ("scores", (1, 0), "T99", "scores.xlsx:Feuil1:2: unknown test_id (not in tests.xlsx)"),
    ],
)
def test_a_bad_cell_names_the_sheet_and_its_row(workdir, capsys, table, cell, value, message):
    to_workbook(csv_of_tests(workdir), cells={cell: value} if table == "tests" else None)
    to_workbook(scores_csv(workdir), cells={cell: value} if table == "scores" else None)
    code, err = escda(capsys, "validate", "--data", "data")
    assert code == 2 and f"seasons/2020/{message}" in err, err


def test_a_cell_refused_as_a_number_is_shown_with_why(workdir, capsys):
    # « 3/6 » typed in a points cell becomes 3 June: the organiser was told only that points
    # must be a number, with no word of the date the spreadsheet had made of it.
    number = "a number (ASCII digits, `,` or `.` as decimal mark, no exponent or thousands "
    number += "separator)"
    edit(scores_csv(workdir), "T1,accueil,4", "T1,accueil,1 250")
    edit(
        csv_of_tests(workdir),
        "T5,beta,banque,phone,2019-06-03,,90",
        "T5,beta,banque,phone,2019-06-03,,90.5",
    )
    code, err = escda(capsys, "validate", "--data", "data")
    assert code == 2
    assert f"seasons/2020/scores.csv:2: points must be {number} — got '1 250': a thousands " in err
    assert (
        "seasons/2020/tests.csv:6: ring_seconds must be a whole number (ASCII digits) — got "
        "'90.5': not a whole number"
    ) in err
    edit(scores_csv(workdir), "T1,accueil,1 250", "T1,accueil,4")
    to_workbook(scores_csv(workdir), cells={(1, 2): datetime(2019, 6, 3)})
    code, err = escda(capsys, "validate", "--data", "data")
    assert code == 2
    assert (
        f"seasons/2020/scores.xlsx:Feuil1:2: points must be {number} — got a date cell, "
        "2019-06-03: the spreadsheet took what was typed (« 3/6 », « 3.6 ») for a date; "
        "format the column as numbers and type the value again"
    ) in err, err


def test_a_csv_and_a_workbook_for_one_table_is_an_error(workdir, capsys):
    shutil.copy(csv_of_tests(workdir), workdir / "tests-copy.csv")
    to_workbook(csv_of_tests(workdir))
    shutil.copy(workdir / "tests-copy.csv", csv_of_tests(workdir))
    code, err = escda(capsys, "validate", "--data", "data")
    assert code == 2
    assert "seasons/2020/tests.xlsx: tests.csv is there too: keep one of the two files" in err


def test_the_sheet_named_like_the_file_is_read_else_the_first(workdir, capsys):
    plain = ranking(capsys)
    tests_text = csv_of_tests(workdir).read_text()
    to_workbook(csv_of_tests(workdir), sheets=("Notes", "tests"))
    to_workbook(scores_csv(workdir), sheets=("Résultats",))
    assert ranking(capsys) == plain
    # Without a sheet named `tests`, the first one is read: here, a note, not the table.
    csv_of_tests(workdir).with_suffix(".xlsx").unlink()
    csv_of_tests(workdir).write_text(tests_text)
    to_workbook(csv_of_tests(workdir), sheets=("Notes", "Feuille des tests"))
    code, err = escda(capsys, "validate", "--data", "data")
    assert code == 2 and "seasons/2020/tests.xlsx:Notes:1: missing column(s): test_id" in err


def test_a_damaged_or_oversize_workbook_is_named(workdir, capsys, monkeypatch):
    path = to_workbook(csv_of_tests(workdir))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    code, err = escda(capsys, "validate", "--data", "data")
    assert code == 2 and "seasons/2020/tests.xlsx: not a workbook (.xlsx)" in err, err
    path.write_bytes(data)
    monkeypatch.setattr(csvio, "MAX_FILE_BYTES", len(data) + 10)
    code, err = escda(capsys, "validate", "--data", "data")
    assert code == 2 and "seasons/2020/tests.xlsx: unpacks to " in err, err


@pytest.mark.slow
def test_the_bundled_data_from_workbooks_builds_the_same_site(bundled_site, tmp_path):
    from browser_helpers import AS_OF

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    converted = 0
    for path in sorted(data.glob("seasons/*/*.csv")):
        large_workbook(path)
        converted += 1
    assert converted >= 4
    # The drawn files come from the bundled build's cache (they are keyed on what they
    # show); the workbooks are read, scored and the site generated anew.
    site = build(data, tmp_path / "site", AS_OF, cache=bundled_site.parent / "cache")
    assert tree_hash(site) == tree_hash(bundled_site)
