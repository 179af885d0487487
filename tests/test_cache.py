"""The build cache (escda_site/cache): whatever happens to it, the site is the one an empty
cache gives; nothing published shares its bytes; `cache: false` uses none; unused entries go."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from escda_site.cache import codec
from escda_site.scoring.pipeline import load_and_score

from minidata import company, write
from sitecheck import build, tree_hash

# Each test builds a site, most of them twice: `slow`.
pytestmark = pytest.mark.slow

CATS = {
    "banque": [
        company("alpha", [(4, 4), (2, 3)], [7]),
        company("beta", [(4, 4), (4, 4)], [10], ring=(10, 90)),
        company("gamma", [(1, 2), (3, 4)], [5]),
    ]
}
AS_OF = "2020-01-01T12:00"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path, str]:
    """(data, a cache one build filled, the hash of the site an empty cache gives)."""
    from escda_site.outputs import newsletter, templating

    # As in a new process: the templates compiled by earlier tests are compiled again, and
    # so written into this cache.
    for env in (templating.environment(), newsletter._HTML, newsletter._TEXT):
        env.cache.clear()
    root = tmp_path_factory.mktemp("cache")
    data = write(root / "data", CATS)
    site = build(data, root / "site", AS_OF, cache=root / "cache")
    return data, root / "cache", tree_hash(site)


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) * 3 // 5] ^= 0x01
    path.write_bytes(bytes(data))


# Each kind of entry, and whether the generated tree must be dropped for the build to
# read it (a tree taken from the cache needs no template, snippet or scored edition).
KINDS = {
    "template": ("templates/*.cache", True),
    "scored edition": ("values/results/*.json", True),
    "kept snippets": ("values/snippets/*.json", True),
    "input digests": ("values/digests/*.json", True),
    "tree": ("values/trees/*.json", False),
    "image": ("files/logos/*.png", False),
    "vector logo": ("files/logos/*.pdf", False),
    "press kit": ("files/kits/*.zip", False),
}


@pytest.mark.parametrize("kind", KINDS)
def test_a_flipped_byte_in_any_entry_gives_the_site_an_empty_cache_gives(
    built, tmp_path: Path, kind: str
) -> None:
    data, filled, expected = built
    cache = tmp_path / "cache"
    shutil.copytree(filled, cache)
    pattern, without_tree = KINDS[kind]
    entries = sorted(cache.glob(pattern))
    assert entries, pattern
    for entry in entries:
        _flip(entry)
    if without_tree:
        for tree in cache.glob("values/trees/*"):
            tree.unlink()
    site = build(data, tmp_path / "site", AS_OF, cache=cache)
    assert tree_hash(site) == expected
    again = build(data, tmp_path / "site", AS_OF, cache=cache)  # and the entry was mended
    assert tree_hash(again) == expected


def test_an_edit_of_a_published_logo_does_not_reach_the_cache(built, tmp_path: Path) -> None:
    data, filled, expected = built
    cache = tmp_path / "cache"
    shutil.copytree(filled, cache)
    site = build(data, tmp_path / "site", AS_OF, cache=cache)
    logos = sorted((site / "logos").rglob("*.png"))
    assert logos
    for logo in logos:
        with logo.open("r+b") as f:  # edited in place, as an editor or a script would
            f.seek(100)
            f.write(b"\0" * 16)
    again = build(data, tmp_path / "site", AS_OF, cache=cache)
    assert tree_hash(again) == expected


def test_without_the_cache_nothing_is_read_or_written(built, tmp_path: Path) -> None:
    data, _, expected = built
    cache = tmp_path / "cache"
    site = build(data, tmp_path / "site", AS_OF, cache=cache, use_cache=False)
    assert tree_hash(site) == expected
    assert not cache.exists()


def _entries(cache: Path) -> set[str]:
    return {p.relative_to(cache).as_posix() for p in cache.rglob("*") if p.is_file()}


def test_entries_no_build_used_are_pruned(tmp_path: Path) -> None:
    data = write(tmp_path / "data", CATS)
    cache = tmp_path / "cache"
    build(data, tmp_path / "site", AS_OF, cache=cache)
    first = _entries(cache)
    edited = dict(CATS, banque=[*CATS["banque"][:2], company("gamma", [(4, 4), (4, 4)], [9])])
    write(tmp_path / "data", edited)
    build(data, tmp_path / "site", AS_OF, cache=cache)
    now = _entries(cache)
    for kind in ("values/results/", "values/trees/", "values/snippets/"):
        old, new = ({e for e in entries if e.startswith(kind)} for entries in (first, now))
        assert len(new) == 1 and not old & new, kind  # the entry of the old data is gone
    logos = {e for e in now if e.endswith(".png")}
    assert len(logos) == len({e for e in first if e.endswith(".png")})
    assert len(logos & first) > len(logos) // 2  # most logos did not change: drawn once
    # Two outputs (the site and its preview) share one cache: each keeps what it uses.
    build(data, tmp_path / "preview", AS_OF, preview=True, cache=cache)
    assert logos <= _entries(cache)


def test_scored_editions_are_kept_as_json_and_read_back_the_same(tmp_path: Path) -> None:
    from escda_site.cache import Store

    data = write(tmp_path / "data", CATS)
    plain = load_and_score(data)
    for _ in range(2):  # written, then read (by a new store, as a new process would)
        store = Store(tmp_path / "cache")
        store.begin()
        dataset, results, stats = load_and_score(data, store)
        store.close()
    assert stats.reused == 1
    assert repr(results) == repr(plain[1]) and repr(dataset) == repr(plain[0])
    entry = next((tmp_path / "cache").glob("values/results/*.json"))
    assert b"pickle" not in entry.read_bytes()
    with pytest.raises(codec.Undecodable):  # JSON naming a class outside the package
        codec.loads(b'{"dc": "subprocess:Popen", "f": {"args": "true"}}')


def test_a_drawn_file_is_read_again_only_when_it_changed(tmp_path: Path, monkeypatch) -> None:
    """Checked once, a file is trusted while unchanged (no re-read of hundreds of MB in a
    warm build); a write to it, even in place and of the same size, makes it a miss."""
    from escda_site.cache import Store
    from escda_site.cache.entries import write_entry

    def opened(store: Store) -> Store:
        store.begin()
        return store

    first = opened(Store(tmp_path / "cache"))
    folder = first.files("logos")
    folder.mkdir(parents=True)
    path = write_entry(folder, "k" * 64, ".png", b"\x89PNG" + bytes(range(256)) * 40)
    first.added([path])
    first.end("site")
    time.sleep(2.1)  # past the window in which a change could keep the same timestamps
    second = opened(Store(tmp_path / "cache"))
    assert second.find(folder, "k" * 64, ".png") == path  # read and hashed: checked now
    second.end("site")
    third = opened(Store(tmp_path / "cache"))
    read = Path.read_bytes

    def no_png(self: Path) -> bytes:
        assert self.suffix != ".png", f"{self} read again"
        return read(self)

    with monkeypatch.context() as m:
        m.setattr(Path, "read_bytes", no_png)
        assert third.find(folder, "k" * 64, ".png") == path
    third.close()
    with path.open("r+b") as f:  # one byte flipped in place: same size, same name
        f.seek(300)
        byte = f.read(1)
        f.seek(300)
        f.write(bytes([byte[0] ^ 1]))
    fourth = opened(Store(tmp_path / "cache"))
    assert fourth.find(folder, "k" * 64, ".png") is None
    assert not path.exists()  # removed, to be drawn again


def test_a_kept_value_is_written_as_json_s_own_text_in_few_pieces(tmp_path: Path) -> None:
    # The json module's streaming encoder is its pure-Python one (a piece per token, five
    # to ten times slower): the outer levels are streamed, what is below is encoded at once.
    import json

    data = write(tmp_path / "data", CATS)
    dataset, results, _ = load_and_score(data)
    values = [results, dataset, [], {}, [[]], {"a": [1, 2.5, None, "é"]}, ("x", {"k": ()})]
    for value in values:
        written = "".join(codec.pieces(value))
        compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
        assert written == "".join(compact.iterencode(codec._encode(value)))
        assert codec.loads(written.encode()) == value or repr(
            codec.loads(written.encode())
        ) == repr(value)
    tokens = sum(1 for _ in json.JSONEncoder().iterencode(codec._encode(results)))
    assert sum(1 for _ in codec.pieces(results)) < tokens / 10


def test_a_kept_tree_is_written_a_page_at_a_time_whatever_the_archive_s_size() -> None:
    """The generated tree is kept as the build keeps it (engine/tree.py): its largest piece
    is one page, so the cache never holds the archive's pages as one string (a cold build's
    peak memory grew with every edition when it did)."""
    from escda_site.engine.tree import Tree

    def largest_piece(pages: int) -> int:
        page = "x" * 2000
        tree = Tree(
            pages=[(f"{i}/index.md", page) for i in range(pages)],
            files=[(f"{i}/data.json", page) for i in range(pages)],
            listed={"index.md"},
            logos=0,
            drawn=0,
            reused=0,
        )
        return max(len(p) for p in codec.pieces({"tree": tree, "made_from": ("a",)}))

    assert largest_piece(10) < 2100 and largest_piece(2000) < 2100
