"""The search index `escda serve` makes after serving the pages (engine/serve_search.py)."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
import time

from escda_site.engine import serve_search
from escda_site.engine.search_index import Indexed


def test_a_server_stopped_while_its_index_is_made_leaves_no_copy_of_the_site(tmp_path, monkeypatch):
    # Under load Pagefind runs for seconds after the pages are served; a stop (Ctrl+C,
    # SIGTERM) then used to remove the twin folder while the worker went on writing into
    # it, and the whole site stayed behind in the temporary folder.
    site = tmp_path / "site"
    (site / "2020").mkdir(parents=True)
    (site / "2020" / "index.html").write_text("<html><body>page</body></html>")
    started, finished, go_on = threading.Event(), threading.Event(), threading.Event()

    def slow_index(twin, store, **options):
        started.set()
        go_on.wait(1)  # until the twin is removed, or a second
        (twin / "pagefind").mkdir(parents=True, exist_ok=True)
        (twin / "pagefind" / "pagefind-entry.json").write_text("{}")
        finished.set()
        return Indexed(1)

    monkeypatch.setattr(serve_search, "index_site", slow_index)
    rmtree = serve_search.shutil.rmtree

    def removed(path, *args, **kwargs):
        rmtree(path, *args, **kwargs)
        go_on.set()

    monkeypatch.setattr(serve_search.shutil, "rmtree", removed)
    refresher = serve_search.SearchRefresher()
    refresher.build_done(site, None, None)
    assert started.wait(5)
    stopper = threading.Thread(target=refresher.close)
    stopper.start()
    stopper.join(10)
    assert finished.wait(5)
    assert not stopper.is_alive()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert not (site / "pagefind").exists()  # an index made for a stopped server is dropped


def test_an_edit_stops_the_pagefind_run_that_it_made_void(tmp_path, monkeypatch, caplog):
    # A rebuild makes the index being made of the pages before it void: Pagefind went on
    # for seconds of CPU (beside the rebuild the organiser waits for), then was dropped.
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        '<html lang="fr"><body><div data-pagefind-body><p>Banque</p></div></body></html>'
    )
    pid_file = tmp_path / "pagefind.pid"
    pagefind = tmp_path / "pagefind"
    pagefind.write_text(
        '#!/bin/sh\n[ "$1" = --version ] && { echo "pagefind 9.9.9"; exit 0; }\n'
        f"echo $$ > {pid_file}.part && mv {pid_file}.part {pid_file}\nexec sleep 60\n"
    )
    pagefind.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(pagefind))
    refresher = serve_search.SearchRefresher()
    pid = None
    try:
        with caplog.at_level(logging.INFO, logger="escda.serve"):
            refresher.build_done(site, None, None)
            deadline = time.monotonic() + 10
            while not pid_file.exists() and time.monotonic() < deadline:
                time.sleep(0.02)
            pid = int(pid_file.read_text())
            refresher.build_started()  # the organiser saved an edit: a rebuild starts
            assert refresher.wait(10), "the void index was still being made"
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, 0)
            raise AssertionError("Pagefind still runs")
        assert refresher.swapped == 0 and not (site / "pagefind").exists()
        assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    finally:
        if pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        refresher.close()
