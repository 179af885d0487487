"""Property-based tests of the tables' boundary (issue 23): Hypothesis writes random and
adversarial cells into tests.csv and scores.csv (other scripts' digits, signs, exponents,
huge and tiny numbers, quotes, separators, line ends, encodings) and checks the contract:

- validation returns a data set or problems naming the file (and line), never raises;
- the numbers it accepts are exactly those written in ASCII digits;
- the laureate it elects is the one the scoring rules give on those numbers.

Bounded and deterministic (derandomized); ESCDA_PROPERTY_EXAMPLES=2000 looks further.
"""

from __future__ import annotations

import csv
import io
import os
import re
import sys
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from escda_site.inputs.cells import CELL_FORBIDDEN, MAX_NUMBER_CHARS, cell_character, numbers
from escda_site.inputs.load import load_dataset
from escda_site.inputs.problems import DataError
from escda_site.inputs.workbook import cell_text
from escda_site.scoring.marks import score_edition

from minidata import SEASON, company, write

# Twice the profile's count (200 in `make test`, 20 in the quick run), or as many as asked.
EXAMPLES = int(os.environ.get("ESCDA_PROPERTY_EXAMPLES", 2 * settings.default.max_examples))
BOUNDED = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Digits of other scripts and look-alikes, signs, marks, exponents, spaces of every kind.
ODD = "0123456789０９٠٩۴߀०൦¹½⁴+-−.,;eExX_ \u00a0\u202f'\"\t\r\n\ufeff\x00"
ADVERSARIAL = [
    "nan", "NaN", "-nan", "inf", "-Infinity", "1e5", "1E-3", "4e0", "0x10", "0X4", "1_0",
    "1 000", "1\u00a0000", "1.000,5", "1,000.5", "٤", "４", "+4", "-0", ".5", "5.", ",5",
    "", " ", '"', '""', "4;5", "4,5", "1" * 40, "0." + "0" * 40 + "1", "9" * 400,
]  # fmt: skip
# Numbers as anything might write them: `\\d` and `\\s` draw from every script.
NUMBERISH = st.one_of(
    st.from_regex(r"\s?[+-]?\d{0,3}([.,]\d{0,3})?([eE][+-]?\d{1,3})?\s?", fullmatch=True),
    st.from_regex(r"[+-]?[0-9]{1,3}([.,][0-9]{1,3})?([eE][+-]?[0-9]{1,2})?", fullmatch=True),
    st.from_regex(r"\d{1,3}", fullmatch=True),
)
CELLS = st.one_of(
    NUMBERISH,
    st.text(alphabet=st.sampled_from(ODD), max_size=8),
    st.sampled_from(ADVERSARIAL),
    st.text(max_size=6),
    st.floats().map(repr),
    st.integers(-(10**40), 10**40).map(str),
)


def reference_number(cell: str, integer: bool) -> float | None:
    """The contract's number, said another way than the code: spaces around, then an
    optional sign, ASCII digits and at most one `,` or `.`, with at least one digit."""
    text = cell.strip(" ")
    if len(cell) > MAX_NUMBER_CHARS or not text:
        return None
    body = text[1:] if text[0] in "+-" else text
    marks = sum(body.count(m) for m in ".,")
    if not body or any(ch not in "0123456789.," for ch in body):
        return None
    if marks > (0 if integer else 1) or not any(ch.isdigit() for ch in body):
        return None
    return float(text.replace(",", "."))


@BOUNDED
@given(st.lists(CELLS, min_size=1, max_size=12), st.booleans())
def test_accepted_numbers_are_exactly_the_ascii_ones(cells, integer):
    values, ok = numbers(pa.array(cells, type=pa.string()), integer=integer)
    for cell, value, accepted in zip(cells, values, ok, strict=True):
        expected = reference_number(cell, integer)
        assert accepted == (expected is not None), cell
        if accepted:
            assert value == expected, cell
        else:
            assert value != value, cell  # NaN, and reported where it is read


@BOUNDED
@given(st.one_of(st.floats(), st.integers(-(10**40), 10**40), st.booleans()))
def test_a_typed_workbook_cell_reads_as_its_value_or_is_refused(value):
    # A sheet's number becomes text for the shared validation: never another number.
    values, ok = numbers(pa.array([cell_text(value)]))
    if ok[0]:
        assert not isinstance(value, bool) and values[0] == float(value), value


def test_the_vectorised_character_class_is_the_text_rule():
    # Every code point but the surrogates (Arrow's text is valid UTF-8): RE2 on a column
    # must flag exactly the characters the shared text rule names.
    points = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    flagged = pc.match_substring_regex(pa.array(points), CELL_FORBIDDEN).to_pylist()
    assert re.compile(CELL_FORBIDDEN).pattern == CELL_FORBIDDEN
    wrong = [
        f"U+{ord(ch):04X}"
        for ch, hit in zip(points, flagged, strict=True)
        if hit != (cell_character(ch) is not None)
    ]
    assert not wrong, wrong[:20]


# --- whole files: random results, one hostile cell, a spreadsheet's way of writing ---

POINTS = st.one_of(st.none(), st.integers(0, 4), st.sampled_from([0.5, 2.5, 3.75]))
PHONE = st.tuples(POINTS, POINTS)  # (None, None): no rated criterion, valid only if zeroed
COMPANY = st.tuples(
    st.lists(PHONE, min_size=2, max_size=2),
    st.integers(0, 10),
    st.tuples(st.integers(0, 120), st.integers(0, 120)),
)
TEST_COLUMNS = ["test_id", "company", "category", "channel", "date", "device", "ring_seconds"]


@st.composite
def hostile_cell(draw):
    """(file, row, column, text): one cell of a data row replaced, or None."""
    if not draw(st.integers(0, 3)):
        return None
    name = draw(st.sampled_from(["tests.csv", "scores.csv"]))
    row = draw(st.integers(1, 9 if name == "tests.csv" else 12))
    column = draw(st.integers(0, 6 if name == "tests.csv" else 2))
    if draw(st.integers(0, 3)):  # mostly the number columns
        column = 6 if name == "tests.csv" else 2
    return name, row, column, draw(st.one_of(NUMBERISH, CELLS))


WRITING = st.fixed_dictionaries(
    {
        "sep": st.sampled_from([",", ";"]),
        "end": st.sampled_from(["\n", "\r\n", "\r"]),
        "quote": st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
        "encoding": st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
        "raw": st.booleans(),  # the hostile cell written as is, unquoted
    }
)


def _rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def _write(path: Path, rows: list[list[str]], how: dict, raw_row: int | None) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=how["sep"], lineterminator=how["end"], quoting=how["quote"])
    for i, row in enumerate(rows):
        if i == raw_row and how["raw"]:
            out.write(how["sep"].join(row) + how["end"])
        else:
            writer.writerow(row)
    path.write_bytes(out.getvalue().encode(how["encoding"], errors="replace"))


def expected_laureates(tests: list[list[str]], scores: list[list[str]]) -> set[str] | None:
    """The laureates by the contract's rules, from the cells as written; None when the
    contract refuses the data (a number cell that is not one, a test with no rated
    criterion that no zero rule covers)."""
    channel, company, ring = {}, {}, {}
    for t in tests[1:]:
        test_id = t[0].strip()
        channel[test_id], company[test_id] = t[3].strip(), t[1].strip()
        if channel[test_id] == "phone":
            ring[test_id] = reference_number(t[6], integer=True)
            if ring[test_id] is None:
                return None
    maxima = {"accueil": 4, "reponse": 4, "redaction": 10}
    got: dict[str, list[float]] = {}
    for test_id, criterion, points in scores[1:]:
        value = reference_number(points, integer=False)
        if value is None:
            return None
        rated = got.setdefault(test_id.strip(), [0.0, 0.0])
        rated[0] += value
        rated[1] += maxima[criterion.strip()]
    marks: dict[str, dict[str, list[float]]] = {}
    for test_id, ch in channel.items():
        zero = ch == "phone" and ring[test_id] > 60
        if test_id not in got and not zero:
            return None
        points, top = got.get(test_id, (0.0, 1.0))
        marks.setdefault(company[test_id], {}).setdefault(ch, []).append(
            0.0 if zero else 20 * points / top
        )
    weights = {"phone": 2, "email": 1}
    overall = {
        slug: round(
            sum(weights[ch] * sum(m) / len(m) for ch, m in by_channel.items())
            / sum(weights.values()),
            9,
        )
        for slug, by_channel in marks.items()
    }
    best = max(overall.values())
    return {s for s, mark in overall.items() if mark == best} if best >= 12 else set()


@BOUNDED
@given(st.lists(COMPANY, min_size=3, max_size=3), hostile_cell(), WRITING)
def test_validation_names_a_line_or_elects_the_rules_laureate(companies, hostile, how):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "data"
        slugs = ["alpha", "beta", "gamma"]
        cats = {
            "banque": [
                company(slug, phone, [email], ring=ring)
                for slug, (phone, email, ring) in zip(slugs, companies, strict=True)
            ]
        }
        write(root, cats)
        folder = root / "seasons" / "2020"
        tables = {name: _rows(folder / name) for name in ("tests.csv", "scores.csv")}
        if how["sep"] == ";":  # French Excel: `;` between cells, `,` in numbers
            for row in tables["scores.csv"][1:]:
                row[2] = row[2].replace(".", ",")
        raw_row = {}
        if hostile:
            name, row, column, text = hostile
            if row < len(tables[name]):
                tables[name][row][column] = text
                raw_row[name] = row
        for name, rows in tables.items():
            _write(folder / name, rows, how, raw_row.get(name))

        try:
            dataset = load_dataset(root)
        except DataError as err:
            event("refused")
            for problem in err.problems:
                assert re.match(r"seasons/2020/(tests|scores)\.csv$", problem.file), problem
                assert problem.where == "" or problem.where.isdigit(), problem
            return
        # Accepted: the cells were numbers as the contract writes them, and the laureates
        # are those of the rules (read back as text, the way the reader saw the file).
        event("accepted, hostile cell" if hostile else "accepted")
        seen = {name: _decoded(folder / name, how) for name in tables}
        expected = expected_laureates(seen["tests.csv"], seen["scores.csv"])
        assert expected is not None, "data the contract refuses was accepted"
        result = score_edition(dataset.editions[0])
        assert {e.company for e in result.categories[0].laureates} == expected


def _decoded(path: Path, how: dict) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=how["sep"]))


assert SEASON["channels"]["phone"]["zero_if"][0]["value"] == 60  # the rule the reference applies
