"""A build publishes the drawn files the published build has as links to them, and never
one that changed since that build (engine/drawn_links.py)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from escda_site.cache.store import Store
from escda_site.engine import drawn_links, outdir
from escda_site.engine.drawn_links import DrawnLinks

from hostile import build
from sitecheck import tree_hash


def _drawn(site: Path) -> dict[str, os.stat_result]:
    """The drawn files of a built site (its logos, vector files, certificates, kits)."""
    found = (p for p in (site / "logos").rglob("*") if p.is_file() and p.suffix != ".json")
    return {p.relative_to(site).as_posix(): p.stat() for p in found}


def _built(workdir: Path, capsys, monkeypatch) -> Path:
    """A build of the work folder's data, published: its folder. Nothing it draws counts as
    written within the same timestamp as its record (a real build lasts seconds)."""
    monkeypatch.setattr(drawn_links, "_RACY_NS", 0)
    assert build(capsys)[0] == 0
    return (workdir / "site").resolve()


@pytest.mark.slow
def test_a_build_links_the_published_builds_drawn_files_and_is_the_same_site(
    workdir, capsys, monkeypatch
):
    first = _built(workdir, capsys, monkeypatch)
    before = _drawn(first)
    assert len(before) >= 8
    second = _built(workdir, capsys, monkeypatch)
    assert second != first
    after = _drawn(second)
    assert after.keys() == before.keys()
    assert all(after[rel].st_ino == before[rel].st_ino for rel in after)
    assert tree_hash(second) == tree_hash(first)


@pytest.mark.slow
def test_a_published_file_edited_by_hand_is_copied_from_the_store_again(
    workdir, capsys, monkeypatch
):
    first = _built(workdir, capsys, monkeypatch)
    whole = tree_hash(first)
    edited = sorted(_drawn(first))[0]
    with open(first / edited, "r+b") as f:  # in place: same inode, new bytes
        f.seek(0)
        f.write(b"edited by hand")
    second = _built(workdir, capsys, monkeypatch)
    # The new build has the store's bytes: the site as the first build made it.
    assert tree_hash(second) == whole
    assert (second / edited).stat().st_ino != (first / edited).stat().st_ino
    assert (first / edited).read_bytes().startswith(b"edited by hand")  # left as it was
    others = [rel for rel in _drawn(second) if rel != edited]
    assert all((second / rel).stat().st_ino == (first / rel).stat().st_ino for rel in others)


def _builds(tmp_path: Path) -> tuple[Path, Path, Path]:
    builds = tmp_path / ".site.builds"
    first, second = builds / "20261207T100000-0000000a", builds / "20261207T110000-0000000b"
    first.mkdir(parents=True)
    second.mkdir()
    (builds / outdir.MARK).touch()  # a builds folder of this tool
    (tmp_path / "site").symlink_to(f".site.builds/{first.name}")
    return builds, first, second


def _publish(store: Store, build: Path, entry: Path, name: str = "logo.png", keep: bool = False):
    """`entry` published as `name` in `build`, its record kept if asked (the build's end)."""
    links = DrawnLinks(store, build)
    links.publish(entry, build / name, name)
    if keep:
        links.keep()
    return links


def test_a_file_written_just_before_the_record_is_copied_not_linked(tmp_path, monkeypatch):
    # A file changed within the same timestamp as its record could change again unseen.
    _, first, second = _builds(tmp_path)
    store = Store(tmp_path / "cache")
    store.begin()
    entry = tmp_path / "entry.png"
    entry.write_bytes(b"logo")
    _publish(store, first, entry, keep=True)
    again = _publish(store, second, entry)
    assert again.linked == 0 and (second / "logo.png").read_bytes() == b"logo"
    # Recorded long enough after its writing, the same file is linked.
    monkeypatch.setattr(drawn_links, "_RACY_NS", 0)
    (second / "logo.png").unlink()
    again = _publish(store, second, entry)
    assert again.linked == 1
    assert (second / "logo.png").stat().st_ino == (first / "logo.png").stat().st_ino
    store.close()


def test_a_store_entry_drawn_again_or_a_record_of_another_build_is_not_linked(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(drawn_links, "_RACY_NS", 0)
    builds, first, second = _builds(tmp_path)
    store = Store(tmp_path / "cache")
    store.begin()
    entry = tmp_path / "entry.png"
    entry.write_bytes(b"logo")
    _publish(store, first, entry, keep=True)
    # The entry replaced by a new drawing (a new file under the same name).
    entry.unlink()
    entry.write_bytes(b"LOGO")
    again = _publish(store, second, entry)
    assert again.linked == 0 and (second / "logo.png").read_bytes() == b"LOGO"
    # The published file's mode is not what the umask gives a new one now: a link would
    # keep it, a copy follows the umask (as the site's other files do).
    monkeypatch.setattr(drawn_links, "_RACY_NS", 0)
    os.chmod(first / "logo.png", 0o600)
    _publish(store, first, entry, keep=True)  # the new entry's record
    (second / "logo.png").unlink()
    again = _publish(store, second, entry)
    assert again.linked == 0
    # Records of a build that is not the published one (it failed before publishing).
    third = builds / "20261207T120000-0000000c"
    third.mkdir()
    _publish(store, second, entry, "other.png", keep=True)
    after = _publish(store, third, entry, "other.png")
    assert after.linked == 0
    store.close()


def test_a_file_whose_change_time_moved_is_linked_only_with_the_entrys_bytes(tmp_path):
    # Removing an older build that shared the file changes its change time, not its bytes:
    # then its bytes are compared with the digest the entry's name carries.
    builds, first, second = _builds(tmp_path)
    store = Store(tmp_path / "cache")
    store.begin()
    data = b"logo"
    entry = tmp_path / f"logo.{hashlib.sha256(data).hexdigest()}.png"
    entry.write_bytes(data)
    _publish(store, first, entry, keep=True)
    older = builds / "older.png"
    os.link(first / "logo.png", older)
    older.unlink()  # as the removal of an older build: the change time moves
    again = _publish(store, second, entry)
    assert again.linked == 1
    # Edited in place with its modification time set back: other bytes, copied.
    (second / "logo.png").unlink()
    stamp = (first / "logo.png").stat()
    (first / "logo.png").write_bytes(b"LOGO")
    os.utime(first / "logo.png", ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    again = _publish(store, second, entry)
    assert again.linked == 0 and (second / "logo.png").read_bytes() == data
    store.close()
