"""Typed access to the organisers' YAML files, recording problems with key paths."""

from __future__ import annotations

import math
import re
import reprlib
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError

from escda_site.inputs.problems import Problems
from escda_site.inputs.text_rules import forbidden_character, without_forbidden
from escda_site.text.frformat import PARIS

# fullmatch, not match with `$`, which also matches before a final newline.
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# A slug names URLs and files (`logos/<edition>/<category>/<company>-certificat.pdf`):
# short enough for any file system's 255-byte names and for a readable address.
SLUG_MAX = 60
# A name, a label, a criterion id… is one line of at most this many characters: enough
# for any real name, short enough for a table cell, a logo and a page title.
TEXT_MAX = 120
URL_MAX = 300
# Aliases may expand a document by at most this many nodes: enough for anchors shared
# by a few channels, far too few for a "billion laughs" document.
ALIAS_BUDGET = 10_000
_MISSING = object()
_MERGE = "tag:yaml.org,2002:merge"  # `<<: *defaults` may repeat keys it merges
# libyaml's parser, when PyYAML was built with it: the same safe constructors, about 20
# times faster on an archive's categories.yaml and companies.yaml.
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Values quoted in messages are cut short: a message never prints a whole document.
_SHORT = reprlib.Repr()
_SHORT.maxstring, _SHORT.maxother, _SHORT.maxlist, _SHORT.maxdict, _SHORT.maxlevel = (
    60,
    60,
    4,
    4,
    2,
)
# Characters that show nothing: a name made only of them is empty.
_FILLERS = {"\u115f", "\u1160", "\u2800", "\u3164", "\uffa0"}


def shown(value: Any) -> str:
    """A short repr of any value, for messages (a date as the organiser wrote it)."""
    return repr(value.isoformat()) if isinstance(value, date) else _SHORT.repr(value)


def _strict(base: type) -> type:
    """`base` (a PyYAML safe loader) refusing duplicate keys, impossible dates and bombs."""

    class Strict(base):  # type: ignore[misc, valid-type]
        def construct_document(self, node: yaml.Node) -> Any:
            _check_expansion(node)
            return super().construct_document(node)

        def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
            # A tag forcing a type its text is not (`!!float douze`, `!!bool peutetre`,
            # `!!timestamp demain`) or an integer too long for Python (5,000 digits)
            # makes PyYAML's constructors raise anything but a YAML error, without a line.
            try:
                return super().construct_object(node, deep)
            except (yaml.YAMLError, RecursionError, MemoryError):
                raise
            except Exception:  # ValueError, KeyError, IndexError (`!!float ''`)…
                raise ConstructorError(None, None, _unreadable(node), node.start_mark) from None

        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
            if not isinstance(node, yaml.MappingNode):  # `!!map [1]`: PyYAML says why
                return super().construct_mapping(node, deep)
            first: dict[tuple[str, str], int] = {}
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.tag != _MERGE:
                    key = (key_node.tag, key_node.value)
                    if key in first:
                        raise ConstructorError(
                            None,
                            None,
                            f"duplicate key {shown(key_node.value)} (first on line {first[key]})",
                            key_node.start_mark,
                        )
                    first[key] = key_node.start_mark.line + 1
            return super().construct_mapping(node, deep)

        def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
            try:
                return super().construct_yaml_timestamp(node)
            except ValueError as exc:
                raise ConstructorError(
                    None, None, f"impossible date {shown(node.value)} ({exc})", node.start_mark
                ) from None

        def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:
            # No value of the data is beyond 64 bits; a longer one (`0xfff…` of 5,000
            # digits) could not even be printed in a message.
            value = super().construct_yaml_int(node)
            if abs(value).bit_length() > 64:
                raise ConstructorError(None, None, _unreadable(node, huge=True), node.start_mark)
            return value

    Strict.add_constructor("tag:yaml.org,2002:timestamp", Strict.construct_yaml_timestamp)
    Strict.add_constructor("tag:yaml.org,2002:int", Strict.construct_yaml_int)
    return Strict


def _unreadable(node: yaml.Node, huge: bool = False) -> str:
    """The message for a value whose tag (explicit or implied) its text does not fit."""
    kind = node.tag.rsplit(":", 1)[-1]
    value = node.value if isinstance(node, yaml.ScalarNode) else f"a {node.id}"
    if kind == "int" and isinstance(value, str) and (huge or len(value) > 100):
        return f"the integer {shown(value)} ({len(value)} digits) is beyond any value of this data"
    return f"{shown(value)} is not a valid {kind} (tag !!{kind})"


def _check_expansion(root: yaml.Node) -> None:
    """Raise when aliases would expand the document beyond ALIAS_BUDGET more nodes."""
    sizes: dict[int, int] = {}
    distinct = 0

    def size(node: yaml.Node) -> int:
        nonlocal distinct
        if id(node) in sizes:
            return sizes[id(node)]
        sizes[id(node)] = 1  # a node holding itself counts once
        distinct += 1
        if isinstance(node, yaml.SequenceNode):
            total = 1 + sum(size(n) for n in node.value)
        elif isinstance(node, yaml.MappingNode):
            total = 1 + sum(size(k) + size(v) for k, v in node.value)
        else:
            total = 1
        sizes[id(node)] = min(total, 2**62)
        return sizes[id(node)]

    if size(root) > distinct + ALIAS_BUDGET:
        raise ConstructorError(
            None,
            None,
            f"aliases (*name) expand the document beyond {ALIAS_BUDGET} values",
            root.start_mark,
        )


_FAST_LOADER = _strict(_BASE_LOADER)
_LOADER = _strict(yaml.SafeLoader)


def paris_time(moment: datetime) -> datetime:
    """The same instant on the award's clock: without offset, the organiser's Paris time.

    Every date decision (embargo, validity of a logo, "today") takes the Paris date, so
    the same instant written with any offset gives the same site.
    """
    return moment.astimezone(PARIS) if moment.tzinfo else moment.replace(tzinfo=PARIS)


# Every date of the data and the build's "now" (--as-of) lie in these years: the award's
# (its first edition is 2008) with room on both sides. Year 1 or 9999 overflow once moved
# to another offset, and the site's archives stamp their files with 32-bit times (the
# gzip sitemap's end in February 2106).
YEARS = (2000, 2105)


def in_years(moment: date) -> bool:
    """Whether a date or date-time lies within YEARS (checked before any offset change)."""
    return YEARS[0] <= moment.year <= YEARS[1]


class YamlDoc:
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
            why = text_problem(value) if kind == "str" and isinstance(value, str) else None
            if kind == "slug" and isinstance(value, str) and len(value) > SLUG_MAX:
                why = f"is {len(value)} characters long; a slug has at most {SLUG_MAX}"
            if kind == "number" and isinstance(value, str) and _reads_as_number(value):
                # YAML 1.1 reads 1e3 as a text: a number needs a dot and a signed exponent.
                why = f"{shown(value)} is read as a text by YAML: write it as 1.0e+3 or 1000"
            self.error(where, why or f"must be {KIND_TEXT[kind]}, got {shown(value)}")
        return checked

    @staticmethod
    def check(value: Any, kind: str) -> Any:
        """`value` as `kind` (stripped text, float, Paris date-time…), or None if it is not one."""
        if kind in ("str", "url"):
            if not isinstance(value, str) or text_problem(value):
                return None
            text = value.strip()
            return text if kind == "str" or url_ok(text) else None
        if kind == "slug":
            ok = isinstance(value, str) and len(value) <= SLUG_MAX and SLUG.fullmatch(value)
            return value if ok else None
        if kind == "int":
            ok = isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2**31
            return value if ok else None
        if kind == "number":
            ok = isinstance(value, int | float) and not isinstance(value, bool)
            try:
                number = float(value) if ok else math.nan
            except OverflowError:  # an integer of hundreds of digits
                number = math.nan
            return number if math.isfinite(number) else None
        if kind == "bool":
            return value if isinstance(value, bool) else None
        if kind == "date":
            if isinstance(value, datetime):
                return None
            if not isinstance(value, date):
                try:
                    value = date.fromisoformat(str(value))
                except ValueError:
                    return None
            return value if in_years(value) else None
        if kind == "datetime":
            # A bare date is refused: midnight would open an embargo hours too early.
            if isinstance(value, datetime):
                moment = value
            elif isinstance(value, str) and len(value.strip()) > 10:
                try:
                    moment = datetime.fromisoformat(value.strip())
                except ValueError:
                    return None
            else:
                return None
            return paris_time(moment) if in_years(moment) else None
        if kind in ("list", "dict"):
            return value if isinstance(value, list if kind == "list" else dict) else None
        raise AssertionError(kind)


def _reads_as_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip().lower().lstrip("+-") not in ("nan", "inf", "infinity")


KIND_TEXT = {
    "str": f"a text of one line, at most {TEXT_MAX} characters",
    "url": "an address starting with https:// or http://",
    "slug": f"a slug of lowercase letters, digits and dashes ([a-z0-9-]+, at most {SLUG_MAX})",
    "int": "an integer",
    "number": "a finite number",
    "bool": "true or false",
    "date": f"a date (YYYY-MM-DD) from {YEARS[0]} to {YEARS[1]}",
    "datetime": (
        "a date and a time (YYYY-MM-DDTHH:MM:SS+02:00), not a bare date, "
        f"from {YEARS[0]} to {YEARS[1]}"
    ),
    "list": "a list",
    "dict": "a mapping",
}


def text_problem(value: str) -> str | None:
    """Why a name or label cannot be shown as one clean line, or None when it can."""
    if any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in value):
        return "must be one line of text (no line break, tab or control character)"
    visible = [
        ch
        for ch in value
        if unicodedata.category(ch) not in ("Cf", "Zs", "Mn", "Me") and ch not in _FILLERS
    ]
    if not visible:
        return "must hold visible characters (it is empty once spaces and invisible ones go)"
    if len(value.strip()) > TEXT_MAX:
        return f"is {len(value.strip())} characters long; at most {TEXT_MAX}"
    return None


def url_ok(text: str) -> bool:
    """An absolute http(s) address without spaces, quotes or angle brackets."""
    return (
        len(text) <= URL_MAX
        and re.fullmatch(r"https?://[^\s\"'<>\\`]+", text) is not None
        and re.match(r"https?://[^/?#@]*[A-Za-z0-9]", text) is not None
    )


def read_yaml(root: Path, rel: str, problems: Problems) -> Any:
    """The parsed document at `root/rel`, or None after recording why it cannot be read."""
    path = root / rel
    if not path.is_file():
        problems.add(rel, "", "file is missing")
        return None
    try:
        text = path.read_text(encoding="utf-8-sig")
        try:
            doc = yaml.load(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            # Parsed again by the Python parser, for the messages and lines organisers know.
            doc = yaml.load(text, Loader=_LOADER)
    except UnicodeDecodeError as exc:
        problems.add(rel, "", f"not UTF-8 text ({exc.reason})")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else ""
        problems.add(rel, line, f"invalid YAML: {getattr(exc, 'problem', None) or exc}")
    except RecursionError:
        problems.add(rel, "", "invalid YAML: nested too deeply")
    else:
        if doc is None:
            problems.add(rel, "", "the file is empty (or holds only comments)")
        return _publishable(doc, rel, problems)
    return None


def _publishable(doc: Any, rel: str, problems: Problems) -> Any:
    """`doc` with every string (key or value) checked by `forbidden_character`.

    Each bad string is reported at its key path, then kept without its bad characters so
    that later checks do not report it again; nothing is built from data with problems.
    """
    seen: set[int] = set()  # containers already walked: aliases share them, may nest

    def where(path: str, key: Any) -> str:
        name = key if isinstance(key, str) else shown(key)  # Problem escapes the invisible
        return f"{path}.{name}" if path else str(name)

    def text(value: str, path: str) -> str:
        why = forbidden_character(value)
        if why is None:
            return value
        problems.add(rel, path or "(top)", why)
        return without_forbidden(value)

    def walk(node: Any, path: str) -> Any:
        if isinstance(node, str):
            return text(node, path)
        if id(node) in seen or not isinstance(node, list | dict):
            return node
        seen.add(id(node))
        if isinstance(node, list):
            for i, item in enumerate(node):
                node[i] = walk(item, f"{path}[{i}]")
        elif any(isinstance(k, str) and forbidden_character(k) for k in node):
            items = [
                (text(k, where(path, k)) if isinstance(k, str) else k, v) for k, v in node.items()
            ]
            node.clear()
            node.update((k, walk(v, where(path, k))) for k, v in items)
        else:
            for key, value in node.items():
                node[key] = walk(value, where(path, key))
        return node

    try:
        return walk(doc, "")
    except RecursionError:
        problems.add(rel, "", "invalid YAML: nested too deeply")
        return None


def list_of_dicts(y: YamlDoc, doc: Any) -> list[tuple[str, dict]]:
    """The mapping entries of a top-level list, with their key paths (`[i]`)."""
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


def unique(y: YamlDoc, items: list[tuple[str, Any]], what: str) -> None:
    """Record a problem for each value already seen at an earlier path."""
    seen: dict[Any, str] = {}
    for path, value in items:
        if value is None:
            continue
        if value in seen:
            y.error(path, f"duplicate {what} {shown(value)} (first at {seen[value]})")
        else:
            seen[value] = path
