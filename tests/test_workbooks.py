"""The organiser's spreadsheet (issue 28, item 4): tests.xlsx and scores.xlsx wherever a
CSV file is accepted, with typed cells, the same validation, and problems naming the
sheet and its row."""

from __future__ import annotations

import csv
import re
import shutil
import zipfile
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from escda_site.inputs import csvio

from hostile import csv_of_tests, edit, escda, make_workdir, season_file
from sitecheck import ROOT, build, tree_hash

INTEGER = re.compile(r"-?[0-9]+")
DECIMAL = re.compile(r"-?[0-9]*\.[0-9]+")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def typed(text: str, header: bool = False):
    """A CSV cell as a spreadsheet types it: numbers, dates and booleans, not text."""
    if header or text == "":
        return text
    if INTEGER.fullmatch(text) or DECIMAL.fullmatch(text):
        return float(text)
    if ISO_DATE.fullmatch(text):
        return date.fromisoformat(text)
    if text in ("true", "false"):
        return text == "true"
    return text


# What the XML of a sheet cannot hold, written as spreadsheets write it (_x0001_).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_EPOCH = date(1899, 12, 30)  # day 0 of a workbook's dates (1900 system, after March 1900)


def _cell(value) -> str:
    """A cell's XML after its reference: a typed value; strings inline, dates styled."""
    if isinstance(value, bool):
        return f' t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f"><v>{value!r}</v></c>"
    if isinstance(value, date):
        return f' s="1"><v>{(value - _EPOCH).days}</v></c>'
    text = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", escape(value))
    return f' t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _sheet(rows) -> str:
    """A worksheet's XML: `rows` of values from A1, None for an empty cell."""
    columns: list[str] = []
    cells: dict = {}  # the same values recur down a column: their XML is made once
    out = []
    for r, row in enumerate(rows, start=1):
        while len(columns) < len(row):
            columns.append(_column(len(columns)))
        line = [f'<row r="{r}">']
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            key = (type(value), value)
            xml = cells.get(key)
            if xml is None:
                xml = cells[key] = _cell(value)
            line.append(f'<c r="{columns[c]}{r}"{xml}')
        line.append("</row>")
        out.append("".join(line))
    return f'<worksheet xmlns="{_MAIN}"><sheetData>{"".join(out)}</sheetData></worksheet>'


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_STYLES = (
    f'<styleSheet xmlns="{_MAIN}"><numFmts count="1">'
    '<numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs></styleSheet>"
)


def write_workbook(target: Path, sheets: dict[str, list]) -> Path:
    """An .xlsx file of `sheets` (name: rows of typed values), as a spreadsheet saves it:
    typed cells, dates as styled day numbers, text inline (as a streaming writer does).
    Written here, with no library: the bundled data's 1.8 million cells cost 3 s, where
    a writer's call per cell (XlsxWriter) took 11 s."""
    names = list(sheets)
    parts = {
        "[Content_Types].xml": (
            f'<Types xmlns="{_PKG}/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                for i in range(1, len(names) + 1)
            )
            + "</Types>"
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{_PKG}/relationships">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
            + "".join(
                f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
                for i, name in enumerate(names, start=1)
            )
            + "</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{_PKG}/relationships">'
            + "".join(
                f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" '
                f'Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, len(names) + 1)
            )
            + f'<Relationship Id="rId{len(names) + 1}" Type="{_REL}/styles" '
            'Target="styles.xml"/></Relationships>'
        ),
        "xl/styles.xml": _STYLES,
    }
    for i, name in enumerate(names, start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = _sheet(sheets[name])
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, xml in parts.items():
            archive.writestr(
                name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml
            )
    return target


def to_workbook(path: Path, sheets: tuple[str, ...] = ("Feuil1",), cells=None) -> Path:
    """`path` (a CSV file) replaced by a workbook of typed cells in the last of `sheets`;
    the others hold a note. `cells` overrides cells: {(row, column): value}."""
    with path.open(newline="", encoding="utf-8-sig") as f:
        rows = [[typed(text, r == 0) for text in row] for r, row in enumerate(csv.reader(f))]
    for (r, c), value in (cells or {}).items():
        rows[r][c] = value
    book = {name: [["Notes de l'enquêteur"]] for name in sheets[:-1]}
    book[sheets[-1]] = rows
    target = write_workbook(path.with_suffix(".xlsx"), book)
    path.unlink()
    return target


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    return make_workdir(tmp_path, monkeypatch)


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
        to_workbook(path, sheets=(path.stem,))
        converted += 1
    assert converted >= 4
    # The drawn files come from the bundled build's cache (they are keyed on what they
    # show); the workbooks are read, scored and the site generated anew.
    site = build(data, tmp_path / "site", AS_OF, cache=bundled_site.parent / "cache")
    assert tree_hash(site) == tree_hash(bundled_site)
