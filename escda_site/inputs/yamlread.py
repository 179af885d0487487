"""Reading the organisers' YAML files: a strict safe loader (no duplicate key, impossible
date, mistyped tag or alias bomb) and every string checked for what cannot be published."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError

from escda_site.inputs.problems import Problems
from escda_site.inputs.text_rules import forbidden_character, without_forbidden
from escda_site.inputs.yamldoc import shown

# Aliases may expand a document by at most this many nodes: enough for anchors shared
# by a few channels, far too few for a "billion laughs" document.
ALIAS_BUDGET = 10_000
_MERGE = "tag:yaml.org,2002:merge"  # `<<: *defaults` may repeat keys it merges
# libyaml's parser, when PyYAML was built with it: the same safe constructors, about 20
# times faster on an archive's categories.yaml and companies.yaml.
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


def read_yaml(root: Path, rel: str, problems: Problems) -> Any:
    """The parsed document at `root/rel`, or None after recording why it cannot be read
    (and `rel` in `problems.unread`)."""
    doc = _read_yaml(root, rel, problems)
    if doc is None:
        problems.unread.add(rel)
    return doc


def _read_yaml(root: Path, rel: str, problems: Problems) -> Any:
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
