"""A build's memory does not grow with copies of what it already holds (issue #26: a cold
archive build in at most 1 GiB). Each test measures the Python heap with tracemalloc."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

from escda_site.cache.store import Store


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
