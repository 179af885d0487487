"""What one build makes (compiled templates, snippets) is read by the next, never at the
expense of the output: with or without the cache folder, the same outputs."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from escda_site.outputs import kept, newsletter, templating
from escda_site.outputs.site import site_outputs

from factories import SITE_URL, edition_2014, edition_2026, public_site


def _outputs(cache: Path | None = None, site=None):
    """What a fresh process would make: templates loaded again, from `cache` if given."""
    for env in (templating.environment(), newsletter._HTML, newsletter._TEXT):
        env.cache.clear()
    kept.forget()
    return site_outputs(site or public_site(), SITE_URL, cache)


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


def test_a_damaged_or_unwritable_cache_only_means_making_again(tmp_path: Path) -> None:
    plain = _outputs()
    _outputs(tmp_path)
    for entry in [*_entries(tmp_path), *tmp_path.glob("snippets/*.pickle")]:
        entry.write_bytes(entry.read_bytes()[:20])  # cut short, as by a full disk
    assert _outputs(tmp_path) == plain
    assert all(e.stat().st_size > 20 for e in _entries(tmp_path))  # compiled and written again
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert _outputs(blocked) == plain


def test_an_edited_edition_gets_new_snippets_and_the_others_keep_theirs(tmp_path: Path) -> None:
    _outputs(tmp_path)
    first = {p.name.split("-")[0]: p for p in tmp_path.glob("snippets/*.pickle")}
    assert sorted(first) == ["2014", "2026"]
    stamp_2014 = first["2014"].stat().st_mtime_ns
    e = edition_2026()
    renamed = replace(e.categories[0], name="Banque de détail")
    edited = public_site(replace(e, categories=(renamed, *e.categories[1:])), edition_2014())
    with_cache = _outputs(tmp_path, edited)
    assert with_cache == _outputs(None, edited)
    assert "Banque de détail" in dict(with_cache.files)["newsletter/2026/banque.txt"]
    now = {p.name.split("-")[0]: p for p in tmp_path.glob("snippets/*.pickle")}
    assert now["2026"] != first["2026"] and not first["2026"].exists()  # one entry per edition
    assert now["2014"] == first["2014"] and now["2014"].stat().st_mtime_ns == stamp_2014
