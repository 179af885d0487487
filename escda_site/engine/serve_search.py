"""`escda serve`'s search index, brought up to date after the pages are served.

Pagefind has no incremental mode: after any page edit it indexes every page again, seconds
of CPU on an archive, which the organiser's edit → page loop would wait for. Under `serve`
the plugin hands the built folder to a `SearchRefresher` instead: a worker thread indexes
the pages (`search_index.index_site`, as `escda build` does) and swaps the new index into
the served folder when done. `escda build` indexes before it ends, as always.

The worker indexes a twin of the served folder, beside it, whose HTML files are hard links
to the served ones (MkDocs writes a page in place, so a link follows it), with what the
plugin cut of each page as it wrote it: Pagefind's bundle is written into the twin, and
replaces the served one by two renames, never a half-written index under the server. A
rebuild that starts while the worker runs makes its index void (the pages it read may
have changed under it): a Pagefind then running is stopped (its seconds of CPU would be
spent on an index thrown away, beside the rebuild the organiser waits for), nothing is
swapped in, and the index is made again once that rebuild is done. The twin keeps the
same path for the whole session, so the cache keeps one index for it, restored when no
indexed page changed.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import threading
from collections.abc import Mapping
from functools import partial
from pathlib import Path

from escda_site.cache.store import Store
from escda_site.engine.search_index import SearchIndexError, html_files, index_site
from escda_site.public import urls

# Not the engine's logger: a failed index must not abort a serve running with `strict`.
log = logging.getLogger("escda.serve")


class SearchRefresher:
    """The search index of a served folder, made again in a worker after each rebuild."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._build = 0  # rebuilds started so far
        # The folder to index after rebuild n, the documents cut from its pages, the cache.
        self._wanted: tuple[Path, int, Mapping[str, bytes | None] | None, Path | None] | None = None
        self._worker: threading.Thread | None = None
        self._pagefind: subprocess.Popen | None = None  # the worker's Pagefind, while it runs
        self.swapped = 0  # indexes swapped into the served folder
        self._folders: set[Path] = set()  # the served folders indexed (their twins)

    @staticmethod
    def renew(old: SearchRefresher | None, serving: bool) -> SearchRefresher | None:
        """The refresher of a new `serve` session, None outside one; `old` is closed."""
        if old is not None:
            old.close()
        return SearchRefresher() if serving else None

    def build_started(self) -> None:
        """A rebuild starts: an index being made from the pages it will change is void."""
        with self._lock:
            self._build += 1
            self._stop_pagefind()

    def build_done(
        self, site_dir: Path, documents: Mapping[str, bytes | None] | None, store: Store | None
    ) -> None:
        """A rebuild wrote `site_dir`: index it once the worker is free. `documents`: what
        the plugin cut of the pages it wrote (`search_index.index_site`); the index is
        kept in the folder of the build's `store` (the worker opens its own on it)."""
        with self._lock:
            root = store.root if store is not None else None
            self._wanted = (Path(site_dir), self._build, documents, root)
            if self._worker is None:
                self._worker = threading.Thread(target=self._work, name="escda-search", daemon=True)
                self._worker.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Until the index of the last rebuild is in place (tests); False on timeout."""
        with self._idle:
            return self._idle.wait_for(
                lambda: self._worker is None and self._wanted is None, timeout
            )

    def close(self, timeout: float = 60) -> None:
        """The server stops: let a running index end, then remove the twins.

        The worker is a daemon thread: left running, it went on linking pages and writing
        an index into a twin already removed, and the process ended with that copy of the
        site in the temporary folder (seen under load, where Pagefind runs longer).
        """
        with self._lock:
            self._wanted = None
            self._build += 1  # the worker drops what it makes at its next check
            self._stop_pagefind()
            worker = self._worker
        if worker is not None:
            worker.join(timeout)
        for site_dir in self._folders:
            shutil.rmtree(_twin(site_dir), ignore_errors=True)

    def _work(self) -> None:
        while True:
            with self._lock:
                if self._wanted is None:
                    self._worker = None
                    self._idle.notify_all()
                    return
                (site_dir, build, documents, root), self._wanted = self._wanted, None
            try:
                self._index(site_dir, build, documents, root)
            except (SearchIndexError, OSError) as err:
                if self._current(build):  # else Pagefind was stopped: its index was void
                    log.error(f"escda: the search index was not brought up to date: {err}")
            finally:
                with self._lock:
                    self._pagefind = None

    def _index(
        self,
        site_dir: Path,
        build: int,
        documents: Mapping[str, bytes | None] | None,
        cache_root: Path | None,
    ) -> None:
        self._folders.add(site_dir)
        twin = _twin(site_dir)
        _link_pages(site_dir, twin)
        if not self._current(build):
            return
        store = Store(cache_root, lasting=False)
        store.begin()
        try:
            indexed = index_site(
                twin,
                store,
                typeset=False,
                documents=documents,
                previous=site_dir,
                on_start=partial(self._running, build),
            )
        finally:
            store.close()
        with self._lock:
            if self._build != build:
                return  # pages changed while they were read: the next run makes it again
            bundle = site_dir / urls.search_bundle()
            new = twin / urls.search_bundle()
            old = twin / ".previous-index"
            shutil.rmtree(old, ignore_errors=True)
            if bundle.exists():
                os.rename(bundle, old)
            if new.exists():
                os.rename(new, bundle)
            self.swapped += 1
        shutil.rmtree(old, ignore_errors=True)
        how = "restored from the cache" if indexed.restored else "written"
        log.info(f"escda: search index of {indexed.pages} pages {how} (after serving the pages)")

    def _running(self, build: int, pagefind: subprocess.Popen) -> None:
        """Pagefind started indexing the pages of rebuild `build`: stopped at once if a
        newer rebuild has started since, else when one does."""
        with self._lock:
            self._pagefind = pagefind
            if self._build != build:
                self._stop_pagefind()

    def _stop_pagefind(self) -> None:
        """Kill the worker's Pagefind, if one runs (the lock held): its output ends, and
        `index_site` fails without swapping anything in."""
        if self._pagefind is not None:
            self._pagefind.kill()  # nothing once it has ended and been waited for
            self._pagefind = None

    def _current(self, build: int) -> bool:
        with self._lock:
            return self._build == build


def _twin(site_dir: Path) -> Path:
    return site_dir.parent / f".{site_dir.name}.search"


def _link_pages(site_dir: Path, twin: Path) -> None:
    """Make `twin` hold a hard link to every page of `site_dir` (its index excluded), and
    nothing else but its own index: links already right are left as they are."""
    pages = html_files(site_dir, site_dir / urls.search_bundle())
    wanted = {rel: os.stat(site_dir / rel) for rel in pages}
    own = twin / urls.search_bundle()
    for folder, dirs, names in os.walk(twin):
        if Path(folder) == own:
            dirs.clear()
            continue
        for name in names:
            path = os.path.join(folder, name)
            if os.path.relpath(path, twin) not in wanted:
                os.remove(path)
    for rel, st in wanted.items():
        target = twin / rel
        try:
            if os.stat(target).st_ino == st.st_ino:
                continue
            os.remove(target)
        except FileNotFoundError:
            target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site_dir / rel, target)
        except OSError:  # a file system without hard links: a copy, as true at this moment
            shutil.copyfile(site_dir / rel, target)
