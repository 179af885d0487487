"""Outputs kept between builds, by the digest of what they are made from.

A build after an edit makes again only what the edit touched: an output that is a pure
function of some inputs is kept under a digest of those inputs (their `repr`, which for
the frozen dataclasses of the public view lists every field) and of the package's code:
in memory for the process (`escda serve` rebuilds), and in the cache folder for the next
build. Each group (an edition, say) keeps its latest entry only. A missing, damaged or
unwritable entry only means making the output again.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from escda_site.atomic import write_atomic
from escda_site.source import source_digest

T = TypeVar("T")

# The latest entry of each (folder, group) this process made or read.
_LATEST: dict[tuple[Path | None, str], tuple[str, Any]] = {}


def kept(folder: Path | None, group: str, inputs: object, make: Callable[[], T]) -> T:
    """`make()`, or what this process or an earlier build made for the same `inputs`."""
    digest = hashlib.sha256(f"{source_digest()}\0{inputs!r}".encode()).hexdigest()[:32]
    latest = _LATEST.get((folder, group))
    if latest is not None and latest[0] == digest:
        return latest[1]
    if folder is None:
        value = make()
    else:
        path = folder / f"{group}-{digest}.pickle"
        try:
            value = pickle.loads(path.read_bytes())
        except Exception:  # noqa: BLE001 (missing or damaged: made again, and kept)
            value = make()
            _write(folder, group, path, value)
    _LATEST[(folder, group)] = (digest, value)
    return value


def forget() -> None:
    """Drop what this process keeps in memory (as a new process would start)."""
    _LATEST.clear()


def _write(folder: Path, group: str, path: Path, value: object) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        for old in folder.glob(f"{group}-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only or full cache folder: the build goes on without it
