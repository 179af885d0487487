"""The search index `escda serve` makes after serving the pages (engine/serve_search.py)."""

from __future__ import annotations

import threading

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
