"""The site search at archive scale: what it costs the build, and what a phone downloads.

- `search_index`: Pagefind over the built archive (`engine.search_index.index_site`), the
  step a build runs after the engine, timed alone as the plugin runs it in a warm build
  (the changed page cut as it is written, the others' documents kept with their HTML, then
  the index made or restored, into a new folder beside the published site, whose index
  files of the same bytes are linked): CPU seconds (this process and the
  Pagefind binary it waits for) and wall, `repeat` runs, when Pagefind runs (one category
  page's title given a new word each run) and when the index is restored from the cache
  (no indexed page changed).
- `search_bytes`: the site served on loopback and searched in Debian's chromium as a
  reader does (the box opened, a word typed, the first results shown): the bytes of every
  file the search fetched (its script, Pagefind's script and WebAssembly, the index chunks
  and the results' fragments), as served, and gzipped as a host would send the scripts
  (Pagefind's chunks are gzipped already). None when chromium is missing.
"""

from __future__ import annotations

import gzip
import resource
import statistics
import tempfile
import time
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def search_index(site: str, repeat: int = 3) -> dict:
    import inspect
    import shutil

    from escda_site.cache.store import Store
    from escda_site.engine.search_document import BODY, page_document
    from escda_site.engine.search_index import Indexed, index_site
    from escda_site.engine.serve_search import _link_pages

    # What the engine holds as it writes each page, read here untimed: a warm build takes
    # each unchanged page's document with its kept HTML (engine/page_outputs.py) and cuts
    # the page an edit changed as it writes it (on_post_page), which each timed run repeats.
    root = Path(site)
    pages = {
        p.relative_to(root).as_posix(): text
        for p in root.rglob("*.html")
        if "pagefind" not in p.relative_to(root).parts
        and BODY in (text := p.read_text(encoding="utf-8"))
    }
    # As a build: the pages written into a new folder beside the published one (`site`,
    # whose index the build may link from), no index there yet. Untimed: hard links.
    twin = root.parent / f"{root.name}-bench-search"
    _link_pages(root, twin)
    beside = {"previous": root} if "previous" in inspect.signature(index_site).parameters else {}
    edited = min(rel for rel in pages if rel.count("/") > 1)  # one category page
    kept = {rel: page_document(text) for rel, text in pages.items()}

    def once(store: Store, change: str = "") -> tuple[float, float, Indexed]:
        shutil.rmtree(twin / "pagefind", ignore_errors=True)
        cpu, wall = _cpu(), time.perf_counter()
        documents = dict(kept)
        if change:  # a page changed as an edit changes it: one word more in its title
            documents[edited] = page_document(pages[edited].replace("</h1>", f" {change}</h1>", 1))
            assert documents[edited] != kept[edited]
        # As the plugin's build: typeset pages, the documents it cut, its store.
        indexed = index_site(twin, store, typeset=False, documents=documents, **beside)
        return _cpu() - cpu, time.perf_counter() - wall, indexed

    try:
        with tempfile.TemporaryDirectory(prefix="escda-bench-search-") as cache:
            # A page changed: Pagefind runs, and its index is kept (a store of its own each).
            runs = []
            for i in range(repeat):
                store = Store(Path(cache) / f"changed-{i}")
                store.begin()
                runs.append(once(store, change=f"modifie{i}"))
                store.close()
            # No page changed: the index is restored from the store that kept it.
            store = Store(Path(cache) / "kept")
            store.begin()
            once(store)  # the build that keeps it
            restored = [once(store) for _ in range(repeat)]
            store.close()
        bundle = twin / "pagefind"
        files = [p for p in bundle.rglob("*") if p.is_file()]
        sizes = {
            "bundle_bytes": sum(p.stat().st_size for p in files),
            "bundle_files": len(files),
            "bundle_linked": sum(p.stat().st_nlink > 1 for p in files),
        }
    finally:
        shutil.rmtree(twin, ignore_errors=True)
    assert not any(indexed.restored for *_, indexed in runs)
    assert all(indexed.restored for *_, indexed in restored)
    return {
        "pages": runs[0][2].pages,
        "cpu": statistics.median(c for c, _, _ in runs),
        "seconds": statistics.median(w for _, w, _ in runs),
        "cpu_runs": [round(c, 3) for c, _, _ in runs],
        "restored_cpu": statistics.median(c for c, _, _ in restored),
        "restored_cpu_runs": [round(c, 3) for c, _, _ in restored],
        **sizes,
    }


def search_bytes(site: str, queries: list[str]) -> dict | None:
    if not CHROMIUM.exists():
        return None
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from playwright.sync_api import sync_playwright

    from browser_helpers import CHROMIUM_ARGS, serve

    answers = []
    with serve(Path(site)) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for query in queries:
            # A fresh context each time: nothing cached, a first answer.
            context = browser.new_context(base_url=base, viewport={"width": 375, "height": 800})
            page = context.new_page()
            fetched: dict[str, bytes] = {}

            def keep(response, fetched=fetched):
                url = response.url
                if "/pagefind/" in url or url.endswith("/assets/escda/search.js"):
                    fetched[url] = response.body()

            page.on("response", keep)
            page.goto("/")
            page.get_by_role("button", name="Recherche").click()
            page.get_by_role("textbox", name="Recherche").fill(query)
            page.locator(".md-search-result__item").first.wait_for()
            page.wait_for_timeout(1500)  # the fragments of the first results
            context.close()
            raw = sum(len(b) for b in fetched.values())
            sent = sum(
                len(gzip.compress(b)) if u.split("?")[0].endswith((".js", ".json")) else len(b)
                for u, b in fetched.items()
            )
            kinds: dict[str, int] = {}
            for url, body in fetched.items():
                name = url.split("?")[0].rsplit("/", 1)[-1]
                kind = name.rsplit(".", 1)[-1] if "." in name else name
                kinds[kind] = kinds.get(kind, 0) + len(body)
            answers.append(
                {"query": query, "bytes": raw, "gzip": sent, "files": len(fetched), "kinds": kinds}
            )
        browser.close()
    return {
        "answers": answers,
        "bytes": statistics.median(a["bytes"] for a in answers),
        "gzip": statistics.median(a["gzip"] for a in answers),
    }
