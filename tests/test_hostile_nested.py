"""Folders that are not what a command expects: an output inside a built site (or holding
one), `escda finish` on any folder, the cache inside the data or the output."""

from __future__ import annotations

import pytest

from hostile import AS_OF, build, escda
from sitecheck import CONFIG, tree_hash


@pytest.mark.slow
def test_a_preview_cannot_be_built_inside_the_public_site(workdir, capsys):
    assert build(capsys, "S")[0] == 0
    before = tree_hash(workdir / "S")
    args = ["build", "--preview", "--data", "data", "--as-of", AS_OF, "--config", str(CONFIG)]
    for inner in ("S/apercu", "S/2020/apercu"):
        code, err = escda(capsys, *args, "--out", inner)
        assert code == 2, err
        assert f"refusing to build into {inner}" in err and "inside" in err and "S" in err
    assert tree_hash(workdir / "S") == before  # nothing published under the public site
    assert not (workdir / "S" / "apercu").exists()


@pytest.mark.slow
def test_a_site_cannot_be_built_around_another_one(workdir, capsys):
    assert build(capsys, "out/inner")[0] == 0
    (workdir / "out" / "index.html").write_text("<p>a site</p>")  # looks like a site
    code, err = build(capsys, "out")
    assert code == 2, err
    assert "refusing to build into out" in err and "inner" in err
    assert tree_hash(workdir / "out" / "inner")  # still there


@pytest.mark.parametrize("folder", ["data", "elsewhere", "."])
def test_finish_refuses_a_folder_that_is_not_a_built_site(workdir, capsys, folder):
    (workdir / "elsewhere").mkdir()
    before = sorted(p.name for p in (workdir / folder).iterdir())
    code, err = escda(capsys, "finish", folder)
    assert code == 2, err
    assert f"refusing to finish {folder}: not a site built from escda's pages" in err
    assert sorted(p.name for p in (workdir / folder).iterdir()) == before  # no sitemap


@pytest.mark.slow
def test_finish_accepts_a_site_escda_built(workdir, capsys):
    assert build(capsys)[0] == 0
    code, err = escda(capsys, "finish", "site")
    assert code == 0, err


@pytest.mark.slow
@pytest.mark.parametrize("cache", ["data/cache", "data", "site/cache"])
def test_the_cache_may_not_live_in_the_data_or_the_output(workdir, capsys, monkeypatch, cache):
    assert build(capsys)[0] == 0
    data = sorted(p.relative_to(workdir).as_posix() for p in (workdir / "data").rglob("*"))
    monkeypatch.setenv("ESCDA_CACHE", str(workdir / cache))
    code, err = build(capsys)
    assert code == 2, err
    assert "refusing to" in err and "cache" in err
    assert sorted(p.relative_to(workdir).as_posix() for p in (workdir / "data").rglob("*")) == data


def test_a_folder_of_other_files_is_not_taken_as_the_cache(workdir, capsys, monkeypatch):
    notes = workdir / "notes"
    notes.mkdir()
    (notes / "todo.txt").write_text("keep me")
    monkeypatch.setenv("ESCDA_CACHE", str(notes))
    code, err = build(capsys)
    assert code == 2, err
    assert f"refusing to use {notes} as the cache folder" in err
    assert sorted(p.name for p in notes.iterdir()) == ["todo.txt"]
