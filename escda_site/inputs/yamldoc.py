"""Typed access to the organisers' parsed YAML, recording problems with key paths.

Reading a file (the strict loader, refused characters) is `inputs/yamlread.py`'s.
"""

from __future__ import annotations

import math
import re
import reprlib
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from escda_site.inputs.problems import Problems
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
_MISSING = object()
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

    def report(self, found: Iterable[tuple[str, str]]) -> None:
        """Record each (key path, message) a rule found."""
        for path, message in found:
            self.error(path, message)

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


def list_of_dicts(y: YamlDoc, doc: Any) -> list[tuple[str, dict]]:
    """The mapping entries of a top-level list, with their key paths (`[i]`); none for
    a file that could not be read (None: `read_yaml` said why)."""
    if doc is None:
        return []
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
