"""Cached values as JSON: the package's frozen dataclasses and the plain values they hold.

What the cache keeps between builds (scored editions, the generated tree, newsletter
snippets) is written as tagged JSON and read back into the same objects. Reading JSON runs
no code: only dataclasses of this package are rebuilt, by their fields, and anything else
is refused (a miss). Pickle, which the cache used before, runs whatever the file says.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path, PurePath
from typing import Any
from zoneinfo import ZoneInfo

_PACKAGE = "escda_site."


class Undecodable(ValueError):
    """The JSON does not describe a value this codec writes."""


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


# How many levels of lists and objects `pieces` walks before a part is encoded whole: a
# generated tree's pages are six levels down as the build keeps it ({"tree": …} is a dict,
# its list of pairs, a pair, the Tree, its fields, its list of pages), so each part is a
# page or a file, never the whole tree: at four, every page and data file of the archive
# was one string at once (cold build peak +85 MiB at 10 editions, +14 MiB per edition).
_STREAMED_LEVELS = 6


def pieces(value: object) -> Iterator[str]:
    """`value` as compact JSON text (deterministic: the same value, the same text), in
    pieces made as they are read: a value as large as an archive's generated tree is
    written without its whole JSON in memory.

    The outer levels are walked here and each part below them is encoded at once, by the
    json module's C encoder: its streaming `iterencode` is the pure-Python one, five to
    ten times slower (the text is the same, tests/test_cache.py)."""
    return _pieces(_encode(value), _STREAMED_LEVELS)


def _pieces(v: Any, levels: int) -> Iterator[str]:
    if levels == 0 or not isinstance(v, list | dict) or not v:
        yield _ENCODER.encode(v)
    elif isinstance(v, list):
        yield "["
        for i, item in enumerate(v):
            if i:
                yield ","
            yield from _pieces(item, levels - 1)
        yield "]"
    else:
        yield "{"
        for i, (key, item) in enumerate(v.items()):  # keys are the tags: strings
            yield f"{',' if i else ''}{_ENCODER.encode(key)}:"
            yield from _pieces(item, levels - 1)
        yield "}"


def loads(data: bytes) -> Any:
    """The value whose JSON `pieces` wrote; Undecodable when the bytes do not describe one."""
    try:
        return _decode(json.loads(data))
    except (ValueError, TypeError, KeyError, AttributeError, ImportError) as exc:
        raise Undecodable(str(exc)) from None


def _encode(v: object) -> Any:
    if v is None or isinstance(v, bool | int | float | str):
        return v
    if isinstance(v, list):
        return [_encode(x) for x in v]
    if isinstance(v, tuple):
        return {"t": [_encode(x) for x in v]}
    if isinstance(v, set | frozenset):
        items = sorted((_encode(x) for x in v), key=lambda x: json.dumps(x, sort_keys=True))
        return {"s" if isinstance(v, set) else "fs": items}
    if isinstance(v, dict):
        return {"d": [[_encode(k), _encode(x)] for k, x in v.items()]}
    if isinstance(v, bytes):
        return {"b": v.hex()}
    if isinstance(v, datetime):
        return {"dt": v.replace(tzinfo=None).isoformat(), "tz": _zone(v), "fold": v.fold}
    if isinstance(v, date):
        return {"date": v.isoformat()}
    if isinstance(v, PurePath):
        return {"p": v.as_posix()}
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        cls = type(v)
        if not cls.__module__.startswith(_PACKAGE):
            raise TypeError(f"not a dataclass of the package: {cls.__qualname__}")
        fields = {f.name: _encode(getattr(v, f.name)) for f in dataclasses.fields(v)}
        return {"dc": f"{cls.__module__}:{cls.__qualname__}", "f": fields}
    raise TypeError(f"cannot keep a {type(v).__name__} in the cache")


def _zone(v: datetime) -> Any:
    if v.tzinfo is None:
        return None
    if isinstance(v.tzinfo, ZoneInfo):
        return v.tzinfo.key
    offset = v.utcoffset()
    assert offset is not None
    return offset.total_seconds()


def _decode(v: Any) -> Any:
    if not isinstance(v, dict):
        if isinstance(v, list):
            return [_decode(x) for x in v]
        return v
    if "t" in v:
        return tuple(_decode(x) for x in v["t"])
    if "s" in v:
        return {_decode(x) for x in v["s"]}
    if "fs" in v:
        return frozenset(_decode(x) for x in v["fs"])
    if "d" in v:
        return {_decode(k): _decode(x) for k, x in v["d"]}
    if "b" in v:
        return bytes.fromhex(v["b"])
    if "dt" in v:
        moment = datetime.fromisoformat(v["dt"])
        tz = v["tz"]
        if tz is None:
            return moment.replace(fold=v["fold"])
        zone = ZoneInfo(tz) if isinstance(tz, str) else timezone(timedelta(seconds=tz))
        return moment.replace(tzinfo=zone, fold=v["fold"])
    if "date" in v:
        return date.fromisoformat(v["date"])
    if "p" in v:
        return Path(v["p"])
    if "dc" in v:
        return _dataclass(v["dc"], {k: _decode(x) for k, x in v["f"].items()})
    raise Undecodable(f"unknown tag in {sorted(v)}")


def _dataclass(name: str, fields: dict[str, Any]) -> object:
    module, _, qualname = name.partition(":")
    if not module.startswith(_PACKAGE):
        raise Undecodable(f"not a class of the package: {name}")
    cls: Any = importlib.import_module(module)
    for part in qualname.split("."):
        cls = getattr(cls, part)
    if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
        raise Undecodable(f"not a dataclass: {name}")
    return cls(**fields)
