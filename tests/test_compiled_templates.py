"""Templates compiled by one build are read by the next, and never at the expense of output."""

from __future__ import annotations

from pathlib import Path

from escda_site.outputs import newsletter, templating
from escda_site.outputs.site import site_outputs

from factories import SITE_URL, public_site


def _outputs(cache: Path | None = None):
    """What a fresh process would make: templates loaded again, from `cache` if given."""
    for env in (templating.environment(), newsletter._HTML, newsletter._TEXT):
        env.cache.clear()
    return site_outputs(public_site(), SITE_URL, cache)


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("templates/*/*.cache"))


def test_compiled_templates_are_kept_and_give_the_same_outputs(tmp_path: Path) -> None:
    plain = _outputs()
    first = _outputs(tmp_path)
    entries = _entries(tmp_path)
    assert len(entries) >= 10  # the page and newsletter templates
    assert first == plain
    stamps = [e.stat().st_mtime_ns for e in entries]
    assert _outputs(tmp_path) == plain
    assert [e.stat().st_mtime_ns for e in entries] == stamps  # read, not written again


def test_a_damaged_or_unwritable_cache_only_means_compiling_again(tmp_path: Path) -> None:
    plain = _outputs()
    _outputs(tmp_path)
    for entry in _entries(tmp_path):
        entry.write_bytes(entry.read_bytes()[:20])  # cut short, as by a full disk
    assert _outputs(tmp_path) == plain
    assert all(e.stat().st_size > 20 for e in _entries(tmp_path))  # compiled and written again
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert _outputs(blocked) == plain
