"""Typed access to the organisers' YAML files, recording problems with key paths."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import yaml

from escda_site.inputs.problems import Problems
from escda_site.text.frformat import PARIS

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_MISSING = object()
# libyaml's parser, when PyYAML was built with it: the same safe constructors, about 20
# times faster on an archive's categories.yaml and companies.yaml.
_FAST_YAML = getattr(yaml, "CSafeLoader", None)


def paris_time(moment: datetime) -> datetime:
    """The same instant on the award's clock: without offset, the organiser's Paris time.

    Every date decision (embargo, validity of a logo, "today") takes the Paris date, so
    the same instant written with any offset gives the same site.
    """
    return moment.astimezone(PARIS) if moment.tzinfo else moment.replace(tzinfo=PARIS)


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
            self.error(where, f"must be {KIND_TEXT[kind]}, got {value!r}")
        return checked

    @staticmethod
    def check(value: Any, kind: str) -> Any:
        """`value` as `kind` (stripped text, float, Paris date-time…), or None if it is not one."""
        if kind == "str":
            return value.strip() if isinstance(value, str) and value.strip() else None
        if kind == "slug":
            return value if isinstance(value, str) and SLUG.match(value) else None
        if kind == "int":
            return value if isinstance(value, int) and not isinstance(value, bool) else None
        if kind == "number":
            ok = isinstance(value, int | float) and not isinstance(value, bool)
            return float(value) if ok else None
        if kind == "bool":
            return value if isinstance(value, bool) else None
        if kind == "date":
            if isinstance(value, datetime):
                return None
            if isinstance(value, date):
                return value
            try:
                return date.fromisoformat(str(value))
            except ValueError:
                return None
        if kind == "datetime":
            if isinstance(value, datetime):
                moment = value
            elif isinstance(value, date):
                moment = datetime.combine(value, time(0))
            else:
                try:
                    moment = datetime.fromisoformat(str(value))
                except ValueError:
                    return None
            return paris_time(moment)
        if kind in ("list", "dict"):
            return value if isinstance(value, list if kind == "list" else dict) else None
        raise AssertionError(kind)


KIND_TEXT = {
    "str": "a non-empty text",
    "slug": "a slug of lowercase letters, digits and dashes ([a-z0-9-]+)",
    "int": "an integer",
    "number": "a number",
    "bool": "true or false",
    "date": "a date (YYYY-MM-DD)",
    "datetime": "a date and time (YYYY-MM-DDTHH:MM:SS+02:00)",
    "list": "a list",
    "dict": "a mapping",
}


def read_yaml(root: Path, rel: str, problems: Problems) -> Any:
    """The parsed document at `root/rel`, or None after recording why it cannot be read."""
    path = root / rel
    if not path.is_file():
        problems.add(rel, "", "file is missing")
        return None
    try:
        text = path.read_text(encoding="utf-8-sig")
        if _FAST_YAML is not None:
            try:
                return yaml.load(text, Loader=_FAST_YAML)
            except yaml.YAMLError:
                pass  # parsed again below, for the messages and lines organisers know
        return yaml.safe_load(text)
    except UnicodeDecodeError as exc:
        problems.add(rel, "", f"not UTF-8 text ({exc.reason})")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else ""
        problems.add(rel, line, f"invalid YAML: {getattr(exc, 'problem', exc)}")
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
            y.error(path, f"duplicate {what} {value!r} (first at {seen[value]})")
        else:
            seen[value] = path
