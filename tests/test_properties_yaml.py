"""Property-based tests of the YAML boundary (issue 23): whatever an organiser writes.

Random and adversarial values (any Unicode category, controls and non-characters, lone
surrogates, markup, huge and tiny numbers, impossible dates, YAML tags, wrong types) go
into every key of season.yaml, categories.yaml, companies.yaml, sectors.yaml and
portal.yaml. The contract: `escda validate` exits 0 or 2, never raises, and names each
problem with its file in one printable line; what it accepts builds, and no built file
carries live markup or text an XML reader refuses.

The run is bounded and deterministic (the `escda` profile of tests/conftest.py);
`pytest --hypothesis-profile=deep tests/test_properties_yaml.py` searches much longer.
"""

from __future__ import annotations

import contextlib
import copy
import io
import shutil
import tempfile
import xml.etree.ElementTree as ET
from datetime import UTC, date, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from escda_site import cli

from hostile import CATS, PAYLOADS, live_markup
from minidata import SEASON, write

HOLE = "HOLE7f3a"  # stands for a raw YAML snippet in the dumped document
EXAMPLES = settings.default.max_examples  # the profile's: 100 by default, more with deep

# A season with every optional key, a company with every optional key, a full portal:
# each key of the contract is there to be spoiled.
SEASON_FULL = {
    **copy.deepcopy(SEASON),
    "logo_valid_until": "2020-09-30",
    "min_tested": 3,
    "corrections": [{"date": "2019-11-02", "text": "Erratum", "categories": ["banque"]}],
}
PORTAL = {
    "demo": False,
    "organiser": {
        "name": "Org",
        "address": "1 rue X",
        "email": "contact@org.example",
        "director": "Dir",
        "host": "Host",
        "host_address": "2 rue Y",
        "registration": "RCS",
        "partners": [{"name": "P", "role": "R"}],
    },
    "accessibility": {
        "audit": {"date": date(2026, 3, 2), "auditor": "Cabinet A", "rate": 87.5},
        "non_conformities": ["Un graphique sans alternative"],
        "derogations": ["Les PDF d'archive"],
        "contact": "a11y@org.example",
    },
}
FILES = ("seasons/2020/season.yaml", "seasons/2020/categories.yaml", "companies.yaml",
         "sectors.yaml", "portal.yaml")  # fmt: skip


def base_docs() -> dict[str, Any]:
    """The valid documents every example starts from."""
    with tempfile.TemporaryDirectory() as tmp:
        root = write(Path(tmp), CATS, season=SEASON_FULL)
        docs = {rel: yaml.safe_load((root / rel).read_text()) for rel in FILES[:-1]}
    docs["companies.yaml"][0]["website"] = "https://alpha.example/"
    docs["companies.yaml"][0]["former_names"] = [
        "Alpha Ancienne",
        {"name": "Alpha Vieille", "until": date(2015, 6, 30)},
    ]
    docs["portal.yaml"] = copy.deepcopy(PORTAL)
    return docs


BASE = base_docs()


def paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every key path of a document: the root, each mapping value and list item."""
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += paths(value, (*prefix, i))
    return found


PATHS = [(rel, path) for rel in FILES for path in paths(BASE[rel])]

# Characters that broke or could break something: controls, non-characters, surrogates,
# bidi and invisible ones, line separators, and what Markdown, HTML or YAML read.
SPECIAL = list(
    "\x00\x01\x08\x0b\x0c\x1b\x7f\x85\x9b\ud800\udce9\udfff\ufffe\uffff\ufdd0\ufdef"
    "\U0001fffe\U0010ffff\u202e\u2066\u200b\u200d\u2060\ufeff\u3164\u115f\u00a0\u202f"
    "\u2028\u2029\t\n\r <>&\"'`*_[](){}#!|\\:-~%@"
) + ["\u0301", "\U0001f600"]
TEXT = st.text(alphabet=st.one_of(st.characters(), st.sampled_from(SPECIAL)), max_size=80)
OFFSETS = st.sampled_from(
    [None, UTC, timezone(timedelta(hours=14)), timezone(timedelta(hours=-12, minutes=-59))]
)
SCALARS = st.one_of(
    TEXT,
    st.sampled_from(PAYLOADS),
    st.from_regex(r"[a-z0-9-]{0,90}", fullmatch=True),  # slug-like, of any length
    st.integers(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),  # nan, infinities, subnormals, -0.0
    st.sampled_from([1e308, 1.7976931348623157e308, 5e-324, 1e-323, 2.2250738585072014e-308]),
    st.booleans(),
    st.none(),
    st.dates(),
    st.datetimes(timezones=OFFSETS),
    st.binary(max_size=8),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(TEXT | st.integers(), inner, max_size=3)
    ),  # fmt: skip
    max_leaves=6,
)
# YAML text no Python value dumps to: tags forcing a type, huge integers, aliases,
# anchors, unsafe tags, broken syntax.
RAW = st.one_of(
    st.sampled_from(
        [
            "!!float douze",
            "!!int douze",
            "!!bool peutetre",
            "!!timestamp demain",
            "!!timestamp 2026-02-30",
            "!!timestamp 0001-01-01",
            "!!timestamp 9999-12-31",
            "!!binary '%%%'",
            "!!set {a: null}",
            "!!map [1]",
            "!!seq {a: 1}",
            "!!str [1]",
            "!!omap [1]",
            "!!pairs 3",
            "!!null x",
            "!!python/name:os.system",
            "!!python/object/apply:os.system ['true']",
            "!custom x",
            "*nowhere",
            "&a x",
            "9" * 5000,
            "-" + "9" * 4301,
            "0x" + "f" * 5000,
            "1e99999",
            "1.0e+99999",
            ".nan",
            "-.inf",
            "0o777",
            "1_000",
            "190:20:30",
            "2026-02-30",
            "2026-13-01",
            "'unterminated",
            "[1, 2",
            "{a: ",
            "|\n  deux\n  lignes",
            ">-\n  plié",
            '"\\ufffe"',
            '"\\udce9"',
            '"\\x00"',
            '"\\u2028"',
            "? [1]\n  : x",
        ]
    ),  # fmt: skip
    st.builds(
        lambda tag, text: f"!!{tag} {text!r}",
        st.sampled_from(["float", "int", "bool", "timestamp", "binary", "str", "null"]),
        TEXT,
    ),  # fmt: skip
)


def replace(doc: Any, path: tuple, value: Any) -> Any:
    """`doc` with the node at `path` replaced (the whole document when `path` is ())."""
    if not path:
        return value
    doc = copy.deepcopy(doc)
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return doc


def delete(doc: Any, path: tuple) -> Any:
    doc = copy.deepcopy(doc)
    node = doc
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    return doc


def dump(doc: Any) -> str:
    # Non-ASCII written as escapes: any code point, lone surrogates too, reaches the loader.
    return yaml.safe_dump(doc, allow_unicode=False, sort_keys=False, default_flow_style=False)


@st.composite
def spoiled(draw) -> tuple[str, str]:
    """(file, YAML text): one file of the data set with one key spoiled."""
    rel, path = draw(st.sampled_from(PATHS))
    doc = BASE[rel]
    how = draw(st.sampled_from(["value", "value", "raw", "delete", "add"]))
    if how == "value":
        return rel, dump(replace(doc, path, draw(VALUES)))
    if how == "raw":
        snippet = draw(RAW)
        text = dump(replace(doc, path, HOLE))
        # An indented block scalar or key needs its own line at the value's indentation.
        indent = " " * (len(text.split(HOLE)[0].rsplit("\n", 1)[-1]) + 2)
        return rel, text.replace(HOLE, snippet.replace("\n", "\n" + indent), 1)
    if how == "delete" and path:
        return rel, dump(delete(doc, path))
    node = doc
    for key in path:
        node = node[key]
    parent = path if isinstance(node, dict | list) else path[:-1]
    node = doc
    for key in parent:
        node = node[key]
    if isinstance(node, dict):
        key = draw(TEXT | st.integers() | st.dates())
        return rel, dump(replace(doc, parent, {**node, key: draw(VALUES)}))
    return rel, dump(replace(doc, parent, [*node, draw(VALUES)]))


def data_with(spoil: tuple[str, str], root: Path) -> Path:
    """The valid data set in `root`, with the spoiled file in place of its original."""
    write(root, CATS, season=SEASON_FULL)
    for rel in FILES:
        (root / rel).write_text(dump(BASE[rel]), encoding="utf-8")
    rel, text = spoil
    (root / rel).write_text(text, encoding="utf-8")
    return root


def validate(root: Path) -> tuple[int, str]:
    """`escda validate` in this process: (exit status, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["validate", "--data", str(root)])
    return code, err.getvalue()


def check_contract(code: int, err: str) -> None:
    assert code in (0, 2), (code, err)
    assert "Traceback" not in err
    err.encode("utf-8")  # a message holding a lone surrogate could not be printed
    for line in err.splitlines():
        assert line.isprintable(), repr(line)  # one line each, nothing invisible
        assert len(line) < 600, line[:200]
        # Each names its file (relative to the data folder), or is escda's own summary.
        assert line.startswith((*FILES, "seasons/", "escda: ", "warning: ")), line


def test_the_base_data_is_valid(tmp_path):
    code, err = validate(data_with(("portal.yaml", dump(PORTAL)), tmp_path))
    assert code == 0, err


@settings(max_examples=2 * EXAMPLES)
@given(spoil=spoiled())
def test_validate_names_every_problem_and_never_raises(spoil):
    with tempfile.TemporaryDirectory() as tmp:
        code, err = validate(data_with(spoil, Path(tmp)))
    check_contract(code, err)


# Values an organiser may well type into a name, a label or an address: anything
# printable, markup and payloads included (most of them are accepted).
VISIBLE = st.text(
    alphabet=st.one_of(
        st.characters(exclude_categories=["Cc", "Cs", "Co", "Cn", "Zl", "Zp"]),
        st.sampled_from(list("<>&\"'`*_[](){}#!|\\:-~%@=/")),
    ),
    min_size=1,
    max_size=40,
)
TEXT_PATHS = [
    (rel, path)
    for rel, path in PATHS
    if (path and isinstance(path[-1], str)
        and path[-1] in ("name", "label", "group", "text", "address", "director", "host",
                         "host_address", "registration", "role", "website", "email", "auditor",
                         "contact"))
    or path[-2:-1] in (("non_conformities",), ("derogations",))
]  # fmt: skip


@st.composite
def renamed(draw) -> dict[tuple[str, tuple], str]:
    """A few text keys given new values, payloads included."""
    chosen = draw(st.lists(st.sampled_from(TEXT_PATHS), min_size=1, max_size=6, unique=True))
    return {
        place: draw(VISIBLE | st.sampled_from(PAYLOADS) | st.builds(str.__add__, VISIBLE,
                    st.sampled_from(PAYLOADS)))
        for place in chosen
    }  # fmt: skip


def write_docs(root: Path, docs: dict[str, Any]) -> Path:
    """The data of `docs` (the YAML files of FILES) in `root`."""
    write(root, CATS, season=SEASON_FULL)
    for rel in FILES:
        (root / rel).write_text(dump(docs[rel]), encoding="utf-8")
    return root


BUILT_AS_OF = "2020-01-01T12:00"


@pytest.fixture(scope="module")
def base_drawn(drawn_files, tmp_path_factory) -> Path:
    """The files a build of the unchanged data draws (conftest's drawn_files): each example
    draws only those its new texts change."""
    return drawn_files(write_docs(tmp_path_factory.mktemp("base") / "data", BASE), BUILT_AS_OF)


@pytest.mark.slow
@settings(max_examples=max(3, EXAMPLES // 30))
@given(changes=renamed())
def test_accepted_text_builds_and_is_never_live(base_drawn, changes):
    from sitecheck import build, texts

    docs = copy.deepcopy(BASE)
    for (rel, path), value in changes.items():
        docs[rel] = replace(docs[rel], path, value)
    with tempfile.TemporaryDirectory() as tmp:
        root = write_docs(Path(tmp) / "data", docs)
        code, err = validate(root)
        check_contract(code, err)
        if code != 0:
            return
        shutil.copytree(base_drawn, Path(tmp) / "cache" / "files")
        site = build(root, Path(tmp) / "site", BUILT_AS_OF, cache=Path(tmp) / "cache")
        for name, text in texts(site):
            if name.endswith((".html", ".svg")) and "assets/" not in name:
                assert not live_markup(text), (name, live_markup(text))
        for path in [*site.rglob("*.xml"), *site.glob("logos/**/*.svg")]:
            ET.fromstring(path.read_bytes())  # well-formed: feed readers take it


def test_the_properties_can_fail():
    """The contract's checks see what they are for (else the search proves nothing)."""
    with pytest.raises(AssertionError):
        check_contract(1, "")
    with pytest.raises(AssertionError):
        check_contract(2, "Traceback (most recent call last):")
    with pytest.raises(UnicodeEncodeError):
        check_contract(2, "companies.yaml: [0].name: \udce9")
    with pytest.raises(ET.ParseError):
        ET.fromstring("<feed>\ufffe</feed>".encode())
