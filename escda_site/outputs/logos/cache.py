"""A folder of files named by the hash of their inputs, drawn in parallel only when missing.

Modelled on mkdocs-material's social plugin: every file is named by a hash of all that it
is drawn from, so an unchanged rebuild draws nothing and a changed input can never be
served a stale file. Logos, vector files, share images, certificates and press kits all
go through it.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Hashable, Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Protocol

from escda_site import progress
from escda_site.atomic import write_atomic


class Drawable(Hashable, Protocol):
    """What the cache needs of a file to make: a content key, a suffix and a way to draw it.

    Specs are frozen dataclasses of plain values: they travel to worker processes.
    """

    @property
    def key(self) -> str: ...

    suffix: str

    def draw(self) -> bytes: ...


def _draw_job(jobs: list[tuple[Drawable, str]]) -> int:
    # Runs in a worker process: writing there spares sending the file back to the parent.
    for spec, path in jobs:
        write_atomic(Path(path), spec.draw())
    return len(jobs)


def _pool_context() -> multiprocessing.context.BaseContext:
    # fork starts workers in milliseconds and shares the parent's font cache, but a fork
    # taken while other threads run (mkdocs serve) may inherit a held lock: then start the
    # workers from a clean server process (they import only this package, ~0.1 s).
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and sys.platform != "darwin" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


# How each kind of file ends when it was written whole, and how many bytes to look at.
_ENDINGS = {
    ".png": (12, lambda tail: tail[4:8] == b"IEND"),
    ".pdf": (32, lambda tail: b"%%EOF" in tail),
    ".svg": (8, lambda tail: tail.rstrip().endswith(b"</svg>")),
    ".zip": (22, lambda tail: tail.startswith(b"PK\x05\x06")),  # end of central directory
}
_STARTS = {".png": b"\x89PNG\r\n\x1a\n", ".pdf": b"%PDF-", ".svg": b"<?xml", ".zip": b"PK"}


def whole(path: Path) -> bool:
    """The file exists and is whole: its format's opening and closing bytes are there.

    Files are written atomically, but a cache may be damaged from outside (a disk error,
    a hand edit): a damaged file is a miss, drawn again, never published.
    """
    size, ends = _ENDINGS.get(path.suffix, (0, lambda tail: True))
    try:
        with path.open("rb") as f:
            head = f.read(8)
            if size:
                f.seek(-size, os.SEEK_END)
            return head.startswith(_STARTS.get(path.suffix, b"")) and ends(f.read(size))
    except OSError:
        return False


# Files this process found whole or wrote, with their size and date then: under `escda
# serve`, a rebuild only looks at these (one stat) instead of reading the files' ends.
_WHOLE: dict[Path, tuple[int, int]] = {}


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _known_whole(path: Path) -> bool:
    known = _WHOLE.get(path)
    return known is not None and known == _signature(path)


class ContentCache:
    """A folder of files named by the hash of their inputs; draws only what is missing."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.drawn = 0
        self.reused = 0

    def path(self, spec: Drawable) -> Path:
        return self.directory / f"{spec.key}{spec.suffix}"

    def ensure(self, specs: Iterable[Drawable]) -> dict[Drawable, Path]:
        """The cached file of every spec, drawing the missing ones in parallel."""
        paths = {spec: self.path(spec) for spec in dict.fromkeys(specs)}
        missing = [(spec, p) for spec, p in paths.items() if not (_known_whole(p) or whole(p))]
        self.reused += len(paths) - len(missing)
        if missing:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._draw(missing)
            self.drawn += len(missing)
        for p in paths.values():
            if (signature := _signature(p)) is not None:
                _WHOLE[p] = signature
        return paths

    def _draw(self, missing: list[tuple[Drawable, Path]]) -> None:
        workers = min(os.cpu_count() or 1, len(missing))
        counter = progress.task("drawing logos", len(missing))
        if len(missing) <= 2 or workers < 2:
            for spec, p in missing:
                counter.advance(_draw_job([(spec, str(p))]))
            return
        # Several chunks per worker, each a run of consecutive specs: a laureate's files
        # are listed together, so one worker outlines a category's texts once for its
        # SVGs, PDFs and certificates; runs of many laureates even out the costs.
        jobs = [(spec, str(p)) for spec, p in missing]
        size = -(-len(jobs) // (workers * 4))
        chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
        try:
            with ProcessPoolExecutor(workers, mp_context=_pool_context()) as pool:
                for done in pool.map(_draw_job, chunks):
                    counter.advance(done)
        except (BrokenProcessPool, OSError, NotImplementedError, ImportError):
            # No working process pool here (a sandbox without semaphores, say): draw in
            # this process what the workers left undone; a real drawing error recurs.
            _draw_job([(spec, str(p)) for spec, p in missing if not p.exists()])


LogoCache = ContentCache  # the name it had when it held logos only
