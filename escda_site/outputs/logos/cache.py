"""Drawn files kept in the store by the hash of their inputs, drawn in parallel when missing.

Modelled on mkdocs-material's social plugin: every file is named by a hash of all that it
is drawn from, so an unchanged rebuild draws nothing and a changed input can never be
served a stale file; the name also carries the digest of the file's bytes, checked before
the file is used (`cache.store`), so a damaged file is drawn again, never published.
Logos, vector files, share images, certificates and press kits all go through it.
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

from escda_site.cache.entries import write_entry
from escda_site.cache.store import Store


class Drawable(Hashable, Protocol):
    """What the cache needs of a file to make: a content key, a suffix and a way to draw it.

    Specs are frozen dataclasses of plain values: they travel to worker processes.
    """

    @property
    def key(self) -> str: ...

    suffix: str

    def draw(self) -> bytes: ...


def _draw_job(jobs: list[tuple[Drawable, str]]) -> list[str]:
    # Runs in a worker process: writing there spares sending the file back to the parent.
    return [
        str(write_entry(Path(folder), spec.key, spec.suffix, spec.draw())) for spec, folder in jobs
    ]


# Workers started from a fork server (or spawned) import the drawing code again, about
# 0.15 s of CPU each, and even forked ones copy a large process's page tables and fault in
# what they touch (16 files of a renamed laureate on the archive: 0.6 s of the workers'
# CPU, 0.2 s drawn here), where a file costs about 0.02 s to draw: a batch this small (an
# edit's certificates and share images) is drawn in this process.
_WORKERS_PAY_FROM = 32


def _pool_context() -> multiprocessing.context.BaseContext:
    # fork starts workers in milliseconds and shares the parent's font cache, but a fork
    # taken while other threads run (mkdocs serve) may inherit a held lock: then start the
    # workers from a clean server process (they import only this package, ~0.1 s).
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and sys.platform != "darwin" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


class ContentCache:
    """The drawn files of one kind in the store; draws only what is missing or damaged."""

    def __init__(self, store: Store, kind: str) -> None:
        self.store = store
        self.directory = store.files(kind)
        self.drawn = 0
        self.reused = 0

    def ensure(self, specs: Iterable[Drawable]) -> dict[Drawable, Path]:
        """The verified file of every spec, drawing the missing ones in parallel.

        A store that lives across the rebuilds of `escda serve` remembers the files it
        verified or drew: a rebuild does not stat ten thousand logos again. The session
        holds the cache's shared lock, so no prune removes them meanwhile.
        """
        paths: dict[Drawable, Path] = {}
        missing: list[Drawable] = []
        known: dict[Drawable, Path] = self.store.memo(("verified files", self.directory), dict)
        for spec in dict.fromkeys(specs):
            found = known.get(spec)
            if found is not None:
                self.store.use(found)
                paths[spec] = found
                continue
            found = self.store.find(self.directory, spec.key, spec.suffix)
            if found is None:
                missing.append(spec)
            else:
                paths[spec] = known[spec] = found
        self.reused += len(paths)
        if missing:
            self.directory.mkdir(parents=True, exist_ok=True)
            drawn = self._draw(missing)
            self.store.added(drawn.values())
            paths |= drawn
            known |= drawn
            self.drawn += len(missing)
        return paths

    def _draw(self, missing: list[Drawable]) -> dict[Drawable, Path]:
        workers = min(os.cpu_count() or 1, len(missing))
        counter = self.store.progress.task("drawing logos", len(missing))
        jobs = [(spec, str(self.directory)) for spec in missing]
        if workers < 2 or len(missing) < _WORKERS_PAY_FROM:
            done = []
            for job in jobs:
                done += _draw_job([job])
                counter.advance()
            return dict(zip(missing, map(Path, done), strict=True))
        # Several chunks per worker, each a run of consecutive specs: a laureate's files
        # are listed together, so one worker outlines a category's texts once for its
        # SVGs, PDFs and certificates; runs of many laureates even out the costs.
        size = -(-len(jobs) // (workers * 4))
        chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
        done = []
        try:
            with ProcessPoolExecutor(workers, mp_context=_pool_context()) as pool:
                for paths in pool.map(_draw_job, chunks):
                    done += paths
                    counter.advance(len(paths))
        except (BrokenProcessPool, OSError, NotImplementedError, ImportError):
            # No working process pool here (a sandbox without semaphores, say): draw in
            # this process; a real drawing error recurs.
            done = _draw_job(jobs)
        return dict(zip(missing, map(Path, done), strict=True))
