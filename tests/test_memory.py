"""A build's memory does not grow with copies of what it already holds (issue #26: a cold
archive build in at most 1 GiB). Each test measures the Python heap with tracemalloc."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest

from escda_site.cache.store import Store
from escda_site.engine import adapter
from escda_site.engine.plugin import EscdaPlugin

from minidata import company, write
from sitecheck import build

CATS = {
    "banque": [
        company("alpha", [(4, 4), (2, 3)], [7]),
        company("beta", [(4, 4), (4, 4)], [10], ring=(10, 90)),
        company("gamma", [(1, 2), (3, 4)], [5]),
    ]
}


def _peak_above_start(fn) -> int:
    """The most `fn()` held at once beyond what was held before it ran, in bytes."""
    tracemalloc.start()
    try:
        start, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - start


def test_a_large_cached_value_is_written_without_a_second_copy_in_memory(tmp_path: Path) -> None:
    # Pages of French text as the generator makes them: narrow no-break spaces make each a
    # two-byte-per-character string, 12 MB held in all.
    pages = [(f"{i}/index.md", "Note\u202f: 14,37\u202f/\u202f20. " * 2_000) for i in range(160)]
    held = sum(len(text) * 2 for _, text in pages)
    store = Store(tmp_path / "cache")
    store.begin()
    used = _peak_above_start(lambda: store.save("trees", "big", {"pages": pages}))
    # Its whole JSON as a string, then as bytes, then sealed, was 2.5 times what it holds.
    assert used < held / 4, f"saving held {used / 2**20:.1f} MiB beyond the value"
    assert store.load("trees", "big") == {"pages": pages}
    # The entry's bytes are unchanged: the digest of the compact JSON, then the JSON.
    entry = next((tmp_path / "cache" / "values" / "trees").glob("big.json")).read_bytes()
    head, _, data = entry.partition(b"\n")
    decoded = json.loads(data)
    assert decoded["d"][0] == ["pages", [{"t": list(pair)} for pair in pages]]
    assert data == json.dumps(decoded, ensure_ascii=False, separators=(",", ":")).encode()
    store.close()


@pytest.mark.slow
def test_a_build_holds_no_page_or_data_file_once_it_is_written(tmp_path: Path, monkeypatch) -> None:
    """MkDocs renders every page before it writes one and keeps them all to the end: the
    plugin lets go of each page's Markdown once rendered, of its HTML once written, and
    of each data file's content once written (at 120 editions, hundreds of MB)."""
    seen = {}
    on_env = EscdaPlugin.on_env

    def spy(self, env, config, files):
        seen["files"] = files
        return on_env(self, env, config, files)

    monkeypatch.setattr(EscdaPlugin, "on_env", spy)
    data = write(tmp_path / "data", CATS)
    site = build(data, tmp_path / "site", "2020-01-01T12:00")
    files = seen["files"]
    pages = [f.page for f in files.documentation_pages()]
    assert len(pages) > 10
    assert [p.file.src_uri for p in pages if p.content is not None or p.markdown is not None] == []
    generated = [f for f in files if f.generated_by == "escda"]
    assert len(generated) > len(pages)
    assert [f.src_uri for f in generated if adapter.generated_content(f) is not None] == []
    # What was let go was written first.
    assert all((site / f.dest_uri).is_file() for f in generated)


_SCORING_RSS = """
import sys
from pathlib import Path

import pandas, pyarrow.csv  # noqa: E401,F401 - the libraries' own memory is not counted

from escda_site.scoring.pipeline import load_and_score


def rss():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) * 1024


before = rss()
load_and_score(Path(sys.argv[1]))
print(rss() - before)
"""


@pytest.mark.slow
def test_scoring_hands_back_the_memory_of_the_tables_it_read(tmp_path: Path) -> None:
    """Every later phase of a build (pages, logos, rendering) sits on top of what scoring
    left resident: Arrow's allocator kept what it freed, about 100 MB at archive scale."""
    import subprocess
    import sys

    from escda_site.demo.generate import write_demo_data

    data = tmp_path / "data"
    write_demo_data(data, editions=2, categories=10, companies=6, archive=0)
    run = subprocess.run(
        [sys.executable, "-c", _SCORING_RSS, str(data)], capture_output=True, text=True, check=True
    )
    left = int(run.stdout.split()[-1])
    # Two editions of 10 categories (7 MB of CSV): 88 MiB stayed resident, now under 10.
    assert left < 32 * 2**20, f"scoring left {left / 2**20:.0f} MiB resident"


@pytest.mark.slow
def test_no_page_html_or_data_file_is_held_whole_while_mkdocs_renders(
    tmp_path: Path, monkeypatch
) -> None:
    """MkDocs renders every page before it writes one or copies a file: at that moment
    (on_env) a full build held every page's HTML and every data file's content, about
    230 MB at 120 editions. Data files are on disk by then, HTML is kept compressed."""
    seen: dict = {}
    on_env = EscdaPlugin.on_env

    def spy(self, env, config, files):
        out = on_env(self, env, config, files)
        pages = [f.page for f in files.documentation_pages()]
        seen["html"] = [p.file.src_uri for p in pages if p.content is not None]
        held = getattr(self, "held", None)
        seen["held"] = len(held.pages) if held else 0
        generated = [
            f for f in files if f.generated_by == "escda" and not f.is_documentation_page()
        ]
        seen["data"] = [f.src_uri for f in generated if adapter.generated_content(f) is not None]
        # Those not copied from the cache (logos, kits) are in the site already.
        written = [f for f in generated if f.abs_src_path == f.abs_dest_path]
        seen["on disk"] = len(written) > 5 and all(Path(f.abs_dest_path).is_file() for f in written)
        seen["pages"] = len(pages)
        return out

    monkeypatch.setattr(EscdaPlugin, "on_env", spy)
    data = write(tmp_path / "data", CATS)
    site = build(data, tmp_path / "site", "2020-01-01T12:00")
    assert seen["pages"] > 10
    assert seen["html"] == []
    assert seen["held"] == seen["pages"]
    assert seen["data"] == []
    assert seen["on disk"]
    # Each page is written whole from what was held.
    assert "</html>" in (site / "index.html").read_text(encoding="utf-8")
