"""What one build makes (compiled templates, snippets) is read by the next, never at the
expense of the output: with or without the cache folder, damaged or not, the same outputs."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from escda_site.cache import Store
from escda_site.outputs import newsletter, templating
from escda_site.outputs.site import site_outputs

from factories import SITE_URL, edition_2014, edition_2026, public_site

# Each test compiles every template anew, as a fresh process does, often twice: `slow`.
pytestmark = pytest.mark.slow


def _outputs(cache: Path | None = None, site=None):
    """What a fresh process would make: templates loaded again, from `cache` if given."""
    for env in (templating.environment(), newsletter._HTML, newsletter._TEXT):
        env.cache.clear()
    store = Store(cache)
    store.begin()
    try:
        return site_outputs(site or public_site(), SITE_URL, store)
    finally:
        store.end("test")
        store.close()


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("templates/*.cache"))


def _snippets(cache: Path) -> dict[str, Path]:
    return {p.name.split("-")[0]: p for p in cache.glob("values/snippets/*.json")}


def _generated(cache: Path) -> dict[str, Path]:
    """The kept families of pages and editions' open data, by family (`category-2014-banque`)."""
    return {p.name.rsplit("-", 1)[0]: p for p in cache.glob("values/generated/*.json")}


def test_compiled_templates_are_kept_and_give_the_same_outputs(tmp_path: Path) -> None:
    plain = _outputs()
    first = _outputs(tmp_path)
    entries = _entries(tmp_path)
    assert len(entries) >= 10  # the page and newsletter templates
    assert first == plain
    stamps = [e.stat().st_mtime_ns for e in entries]
    assert _outputs(tmp_path) == plain
    assert [e.stat().st_mtime_ns for e in entries] == stamps  # read, not written again


def _flip(path: Path, at: float = 0.6) -> None:
    data = bytearray(path.read_bytes())
    data[int(len(data) * at)] ^= 0x01
    path.write_bytes(bytes(data))


def test_a_flipped_byte_in_a_compiled_template_is_compiled_again(tmp_path: Path) -> None:
    plain = _outputs()
    _outputs(tmp_path)
    for at in (0.3, 0.6, 0.9):  # the code, its constants, the end: each one a miss
        for entry in _entries(tmp_path):
            _flip(entry, at)
        assert _outputs(tmp_path) == plain


def test_a_flipped_byte_in_kept_snippets_makes_them_again(tmp_path: Path) -> None:
    plain = _outputs()
    _outputs(tmp_path)
    for entry in _snippets(tmp_path).values():
        _flip(entry)
    assert _outputs(tmp_path) == plain


def test_a_damaged_or_unwritable_cache_only_means_making_again(tmp_path: Path) -> None:
    plain = _outputs()
    _outputs(tmp_path)
    kept = [*_entries(tmp_path), *_snippets(tmp_path).values(), *_generated(tmp_path).values()]
    for entry in kept:
        entry.write_bytes(entry.read_bytes()[:20])  # cut short, as by a full disk
    assert _outputs(tmp_path) == plain
    assert all(e.stat().st_size > 20 for e in _entries(tmp_path))  # compiled and written again
    assert all(e.stat().st_size > 20 for e in _snippets(tmp_path).values())
    assert all(e.stat().st_size > 20 for e in _generated(tmp_path).values())
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert _outputs(blocked / "cache") == plain


def test_an_edited_edition_gets_new_snippets_and_the_others_keep_theirs(tmp_path: Path) -> None:
    _outputs(tmp_path)
    first = _snippets(tmp_path)
    assert sorted(first) == ["2014", "2026"]
    stamp_2014 = first["2014"].stat().st_mtime_ns
    e = edition_2026()
    renamed = replace(e.categories[0], name="Banque de détail")
    edited = public_site(replace(e, categories=(renamed, *e.categories[1:])), edition_2014())
    with_cache = _outputs(tmp_path, edited)
    assert with_cache == _outputs(None, edited)
    assert "Banque de détail" in dict(with_cache.files)["newsletter/2026/banque.txt"]
    now = _snippets(tmp_path)
    assert now["2026"] != first["2026"] and not first["2026"].exists()  # one entry per edition
    assert now["2014"] == first["2014"] and now["2014"].stat().st_mtime_ns == stamp_2014


def test_a_mark_edited_in_one_edition_shows_on_every_page_it_feeds_the_others_are_read(
    tmp_path: Path,
) -> None:
    """A build after an edit makes again the pages of the edited edition and the pages
    across editions that read it (the laureate's, its sector's, its category's history),
    and reads the others from what the earlier build kept: the same outputs as from
    nothing, the new mark on every page that shows it."""
    _outputs(tmp_path)
    before = _generated(tmp_path)
    stamps = {family: path.stat().st_mtime_ns for family, path in before.items()}
    e = edition_2026()
    banque = e.categories[0]
    assert banque.slug == "banque" and banque.laureates[0].overall == 16.7234
    lau = replace(banque.laureates[0], overall=18.4567)
    edited = public_site(
        replace(e, categories=(replace(banque, laureates=(lau,)), *e.categories[1:])),
        edition_2014(),
    )
    with_cache = _outputs(tmp_path, edited)
    assert with_cache == _outputs(None, edited)
    pages = dict(with_cache.pages)
    for path in (
        "2026/banque/index.md",
        "entreprises/exemple-banque/index.md",  # across editions: each title's mark
        "secteurs/banque-assurance/index.md",
        "categories/banque/index.md",
    ):
        assert "18,46" in pages[path] and "16,72" not in pages[path], path
    after = _generated(tmp_path)
    remade = {family for family, path in after.items() if path != before.get(family)}
    assert {"category-2026-banque", "company-exemple-banque", "history-banque"} <= remade
    # An edition and a company the edit does not reach: read, not made nor written again.
    for family in ("edition-2014", "category-2014-mutuelle", "company-ancienne", "opendata-2014"):
        assert family not in remade and after[family].stat().st_mtime_ns == stamps[family]
