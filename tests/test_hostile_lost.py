"""Hostile input and faults (issue 16), promise 1: nothing lost.

The output can never be a source; the site is swapped with no gap, whatever kills the
build; leftovers are cleaned; permissions follow the umask; builds wait for each other.
"""

from __future__ import annotations

import errno
import fcntl
import os
import signal
import stat
import time
from pathlib import Path

import pytest

from escda_site.engine import outdir

from hostile import AS_OF, Forks, build, complete, escda, spawn
from sitecheck import CONFIG, ROOT, tree_hash


@pytest.mark.parametrize(
    "out, why",
    [
        ("data", "it is the data folder"),
        ("data/seasons", "it is inside the data folder"),
        (".", "it contains the data folder"),
        ("cache", "it is the cache folder"),
        (str(ROOT / "content"), "it is docs_dir"),
        (str(ROOT), "it contains docs_dir"),
        (str(ROOT / "overrides"), "it is the theme's custom_dir"),
        ("/", "it contains"),
    ],
)
def test_the_output_can_never_be_a_source(workdir, capsys, out, why):
    (workdir / "cache").mkdir()
    before = tree_hash(workdir / "data")
    code, err = build(capsys, out)
    assert code == 2
    assert f"refusing to build into {Path(out).resolve()}: " in err
    assert why in err
    assert tree_hash(workdir / "data") == before


def test_the_configs_folder_cannot_be_the_output(workdir, capsys, tmp_path_factory):
    project = tmp_path_factory.mktemp("project")
    config = CONFIG.read_text().replace("docs_dir: content", "docs_dir: docs")
    (project / "mkdocs.yml").write_text(config.replace("custom_dir: overrides", ""))
    (project / "docs").mkdir()
    args = ["--as-of", AS_OF, "--config", str(project / "mkdocs.yml"), "--out", str(project)]
    code, err = escda(capsys, "build", "--data", "data", *args)
    assert code == 2
    assert "it contains docs_dir" in err
    assert (project / "mkdocs.yml").is_file()


def test_an_unknown_folder_or_file_is_never_replaced(workdir, capsys):
    (workdir / "notes").mkdir()
    (workdir / "notes" / "todo.txt").write_text("precious")
    code, err = build(capsys, "notes")
    assert code == 2 and "not a site escda built" in err
    (workdir / "report.pdf").write_text("precious")
    code, err = build(capsys, "report.pdf")
    assert code == 2 and "it is a file" in err
    (workdir / "www").mkdir()
    (workdir / "www" / "index.html").write_text("served by hand")
    os.symlink("www", workdir / "elsewhere")
    code, err = build(capsys, "elsewhere")
    assert code == 2 and "escda did not make" in err
    assert (workdir / "notes" / "todo.txt").read_text() == "precious"
    assert (workdir / "report.pdf").read_text() == "precious"
    assert (workdir / "elsewhere" / "index.html").read_text() == "served by hand"


KEPT = ("escda-builds", "lock")  # the mark of a builds folder, and its lock


@pytest.mark.slow
def test_site_is_a_link_switched_to_a_complete_build(workdir, capsys):
    assert build(capsys)[0] == 0
    site = workdir / "site"
    first = os.readlink(site)
    assert site.is_symlink() and first.startswith(".site.builds/")
    assert complete(site)
    assert build(capsys)[0] == 0
    second = os.readlink(site)
    assert second != first and complete(site)
    # The previous build stays until the next build removes it (while that one renders).
    builds = workdir / ".site.builds"
    names = [first, second]
    assert sorted(p.name for p in builds.iterdir()) == sorted([*_names(names), *KEPT])
    assert build(capsys)[0] == 0
    names = [second, os.readlink(site)]
    assert sorted(p.name for p in builds.iterdir()) == sorted([*_names(names), *KEPT])


def _names(links: list[str]) -> list[str]:
    """Build folder names from what the `site` link said: `.site.builds/<name>`."""
    return [link.split("/")[-1] for link in links]


@pytest.mark.slow
@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_permissions_follow_the_umask(workdir, capsys, umask):
    old = os.umask(umask)
    try:
        assert build(capsys)[0] == 0
    finally:
        os.umask(old)
    site = (workdir / "site").resolve()
    for path in [site, workdir / ".site.builds", site / "index.html", site / "2020"]:
        mode = stat.S_IMODE(path.stat().st_mode)
        expected = (0o777 if path.is_dir() else 0o666) & ~umask
        assert mode == expected, (path, oct(mode))


@pytest.mark.slow
def test_leftovers_of_interrupted_builds_are_cleaned(workdir, capsys):
    assert build(capsys)[0] == 0
    previous = os.readlink(workdir / "site")
    builds = workdir / ".site.builds"
    half = builds / "20200101T000000-deadbeef"
    (half / "2020").mkdir(parents=True)
    (half / "2020" / "index.html").write_text("half")
    os.symlink(".site.builds/20200101T000000-deadbeef", builds / "link-20200101T000000-deadbeef")
    (workdir / ".site-k2j4h5g6").mkdir()  # the former scheme's staging folder
    (workdir / ".site-old").mkdir()
    assert build(capsys)[0] == 0
    current = os.readlink(workdir / "site")
    assert sorted(p.name for p in builds.iterdir()) == sorted([*KEPT, *_names([previous, current])])
    assert not (workdir / ".site-k2j4h5g6").exists() and not (workdir / ".site-old").exists()


@pytest.mark.slow
def test_a_plain_site_folder_from_before_becomes_a_link(workdir, capsys):
    (workdir / "site").mkdir()
    (workdir / "site" / "index.html").write_text("old site")
    assert build(capsys)[0] == 0
    assert (workdir / "site").is_symlink() and complete(workdir / "site")
    assert not (workdir / ".site-old").exists()


def test_a_build_killed_while_a_plain_folder_was_aside_gets_it_back(workdir, capsys):
    (workdir / ".site-old").mkdir()
    (workdir / ".site-old" / "index.html").write_text("old site")
    (workdir / "empty").mkdir()  # a data folder without files: the build fails on its data
    code, _ = escda(capsys, "build", "--data", "empty", "--out", "site", "--as-of", AS_OF,
                    "--config", str(CONFIG))  # fmt: skip
    assert code == 2
    assert (workdir / "site" / "index.html").read_text() == "old site"


@pytest.mark.slow
def test_a_read_only_site_is_replaced_and_removed(workdir, capsys):
    assert build(capsys)[0] == 0
    old = (workdir / "site").resolve()
    for path in sorted(old.rglob("*"), reverse=True) + [old]:
        path.chmod(stat.S_IMODE(path.stat().st_mode) & ~0o222)
    assert build(capsys)[0] == 0
    assert complete(workdir / "site") and old.exists()  # the previous build, kept once
    assert build(capsys)[0] == 0
    assert complete(workdir / "site") and not old.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in a read-only folder")
def test_a_read_only_parent_folder_is_an_io_error(workdir, capsys):
    parent = workdir / "public"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        code, err = build(capsys, "public/site")
    finally:
        parent.chmod(0o755)
    assert code == 1
    assert "Permission denied" in err and "public" in err


@pytest.mark.slow
def test_a_failure_to_write_is_an_io_error_and_the_site_stays(workdir, capsys, monkeypatch):
    assert build(capsys)[0] == 0
    before = tree_hash(workdir / "site")
    target = os.readlink(workdir / "site")

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(workdir / "site"))

    monkeypatch.setattr(os, "symlink", denied)  # the read-only parent's first refusal here
    code, err = build(capsys)
    assert code == 1
    assert f"{workdir / 'site'}: Permission denied; the previous site is unchanged" in err
    assert os.readlink(workdir / "site") == target and tree_hash(workdir / "site") == before
    assert len(list((workdir / ".site.builds").iterdir())) == 1 + len(KEPT)  # no half build


@pytest.mark.slow
def test_a_full_disk_is_an_io_error_and_the_site_stays(workdir, capsys, monkeypatch):
    from mkdocs import utils

    assert build(capsys)[0] == 0
    before = tree_hash(workdir / "site")

    def full(content, output_path):
        raise OSError(errno.ENOSPC, "No space left on device", output_path)

    monkeypatch.setattr(utils, "write_file", full)
    code, err = build(capsys)
    assert code == 1
    assert "No space left on device; the previous site is unchanged" in err
    assert tree_hash(workdir / "site") == before
    assert len(list((workdir / ".site.builds").iterdir())) == 1 + len(KEPT)


@pytest.mark.slow
@pytest.mark.parametrize("failing", ["symlink", "replace", "clean"])
def test_a_fault_at_each_step_of_the_swap_leaves_a_complete_site(
    workdir, capsys, monkeypatch, failing
):

    assert build(capsys)[0] == 0
    before = tree_hash(workdir / "site")

    def fault(*args, **kwargs):
        raise OSError(errno.EIO, "Input/output error")

    if failing == "clean":
        # The new site is in place; removing the old one fails: not an error, retried later.
        with monkeypatch.context() as patch:
            patch.setattr(outdir.shutil, "rmtree", fault)
            assert build(capsys)[0] == 0
        assert complete(workdir / "site")
        assert build(capsys)[0] == 0
        # The mark, the lock, the current build and the one before it: the older one went.
        assert len(list((workdir / ".site.builds").iterdir())) == 2 + len(KEPT)
        return
    monkeypatch.setattr(outdir.os, failing, fault)
    assert build(capsys)[0] == 1
    assert tree_hash(workdir / "site") == before


@pytest.mark.slow
def test_a_second_build_waits_for_the_first(workdir):
    (workdir / ".site.builds").mkdir()
    with (workdir / ".site.builds" / "lock").open("a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        held.write("4242\n")
        held.flush()
        proc = spawn(workdir)
        line = proc.stderr.readline()
        assert "another build of site/ is running (pid 4242); waiting for it" in line
        assert not (workdir / "site").exists()
    assert proc.wait(timeout=120) == 0, proc.stderr.read()
    assert complete(workdir / "site")


@pytest.mark.slow
def test_killing_a_build_at_any_point_leaves_a_complete_site(workdir):
    # Each build runs in a process of its own, killed with SIGKILL; forked from one that
    # imported the command line (hostile.Forks): the moments tried are all in the build.
    # The moments spread over a build that finds its drawn files in the cache, as every
    # build after the first does (the first, drawing them, takes twice as long).
    builds = Forks(workdir)
    assert builds.wait(builds.start()) == 0
    reference = tree_hash(workdir / "site")
    started = time.monotonic()
    assert builds.wait(builds.start()) == 0
    duration = time.monotonic() - started
    steps, killed = 14, 0
    for i in range(steps):
        pid = builds.start()
        time.sleep(duration * (i + 0.5) / steps)
        os.kill(pid, signal.SIGKILL)
        killed += builds.wait(pid) == -signal.SIGKILL
        site = workdir / "site"
        assert complete(site), f"killed after {duration * (i + 0.5) / steps:.2f} s"
        assert tree_hash(site) == reference  # the same data: the old site or the same new one
    assert killed >= steps // 2, f"only {killed} of {steps} builds were killed while running"
    assert builds.wait(builds.start()) == 0
    builds.close()
    # Every leftover cleaned: mark, lock, this build and the complete one before it remain.
    assert len(list((workdir / ".site.builds").iterdir())) == 2 + len(KEPT)
    assert not [p for p in workdir.iterdir() if p.name.startswith(".site-")]
