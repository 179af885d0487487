"""The organisers' commands as they run them: exit codes, messages, the site left intact."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from sitecheck import CONFIG, tree_hash

ESCDA = [sys.executable, "-m", "escda_site.cli"]
# Every test here runs the command line in a subprocess, in conftest's `workdir` (the data
# of hostile.py).
pytestmark = pytest.mark.slow


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "ESCDA_CACHE": str(cwd / "cache")}
    return subprocess.run(
        [*ESCDA, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def build_args(out: str = "site") -> list[str]:
    return [
        "build",
        "--data",
        "data",
        "--out",
        out,
        "--as-of",
        "2020-01-01",
        "--config",
        str(CONFIG),
    ]


def test_build_prints_a_summary_and_writes_the_site(workdir):
    done = run(*build_args(), cwd=workdir)
    assert done.returncode == 0, done.stderr
    assert "escda: built site/ — 1 edition, 1 category" in done.stderr
    assert (workdir / "site" / "2020" / "banque" / "index.html").is_file()


def test_the_summary_names_the_output_folder_given(workdir):
    done = run(*build_args("public/portail"), cwd=workdir)
    assert done.returncode == 0, done.stderr
    assert "escda: built public/portail/ — 1 edition," in done.stderr
    assert (workdir / "public" / "portail" / "index.html").is_file()


def test_bad_data_exits_2_names_each_problem_and_keeps_the_last_site(workdir):
    assert run(*build_args(), cwd=workdir).returncode == 0
    before = tree_hash(workdir / "site")
    scores = workdir / "data" / "seasons" / "2020" / "scores.csv"
    scores.write_text(scores.read_text().replace("T1,accueil,4", "T1,accueil,40"))
    tests = workdir / "data" / "seasons" / "2020" / "tests.csv"
    tests.write_text(tests.read_text().replace("T3,alpha,banque", "T3,alpha,banq"))
    done = run(*build_args(), cwd=workdir)
    assert done.returncode == 2
    assert "seasons/2020/tests.csv:4: unknown category 'banq'" in done.stderr
    assert "nothing was written" in done.stderr
    assert tree_hash(workdir / "site") == before
    assert sorted(p.name for p in workdir.iterdir()) == [".site.builds", "cache", "data", "site"]
    # The site in use and the lock: the failed build left no folder behind.
    target = os.readlink(workdir / "site").split("/")[-1]
    assert sorted(p.name for p in (workdir / ".site.builds").iterdir()) == [
        target,
        "escda-builds",
        "lock",
    ]


def test_results_and_validate_commands(workdir):
    done = run("results", "2020", "--data", "data", "--format", "csv", cwd=workdir)
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[0].startswith("category,rank,company,name,role,overall,phone,email")
    assert [ln.split(",")[2] for ln in lines[1:]] == ["alpha", "beta", "gamma"]
    assert run("validate", "--data", "data", cwd=workdir).returncode == 0
    assert run("results", "1999", "--data", "data", cwd=workdir).returncode == 2


def test_build_outside_the_project_says_what_is_missing(workdir):
    done = run("build", "--data", "data", "--as-of", "2020-01-01", cwd=workdir)
    assert done.returncode == 2
    assert "escda: no MkDocs configuration at mkdocs.yml" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (workdir / "site").exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode()
    except OSError:
        return None


def _start_server(workdir: Path, path: str, **env_vars: str) -> tuple[subprocess.Popen, str, str]:
    """`escda serve` on a free port, and the first page it served.

    The port is free when picked but may be taken before the server binds it: then the
    server exits, and another port is tried.
    """
    env = {**os.environ, "ESCDA_CACHE": str(workdir / "cache"), **env_vars}
    for _attempt in range(5):
        port = _free_port()
        server = subprocess.Popen(
            [*ESCDA, "serve", "--data", "data", "--as-of", "2020-01-01"]
            + ["--config", str(CONFIG), "--addr", f"127.0.0.1:{port}"],
            cwd=workdir,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}/{path}"
        deadline = time.monotonic() + 60
        while server.poll() is None and time.monotonic() < deadline:
            if (html := _get(url)) is not None:
                return server, url, html
            time.sleep(0.3)
        server.terminate()
        server.wait(timeout=10)
    pytest.fail("escda serve did not start")


def test_serve_rebuilds_when_data_changes(workdir):
    server, url, html = _start_server(workdir, "2020/banque/")
    try:
        assert "Alpha" in html
        companies = workdir / "data" / "companies.yaml"
        companies.write_text(companies.read_text().replace("name: Alpha", "name: Alphanouveau"))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            html = _get(url) or ""
            if "Alphanouveau" in html:
                break
            time.sleep(0.3)
        assert "Alphanouveau" in html
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_stopped_by_sigterm_leaves_no_copy_of_the_site_behind(workdir):
    # A service manager or a container stops the preview with SIGTERM, not Ctrl+C: each
    # stop used to leave the whole served site in the temporary folder.
    temp = workdir / "tmp"
    temp.mkdir()
    server, _url, html = _start_server(workdir, "2020/banque/", TMPDIR=str(temp))
    assert "Alpha" in html
    assert any(temp.iterdir())  # the served site lives there while serving
    server.terminate()
    assert server.wait(timeout=30) == 0
    assert list(temp.iterdir()) == []


def test_a_rebuild_from_the_same_inputs_reuses_the_outputs_and_an_edit_shows(workdir):
    assert run(*build_args(), cwd=workdir).returncode == 0
    first = tree_hash(workdir / "site")
    again = run(*build_args(), cwd=workdir)
    assert again.returncode == 0, again.stderr
    assert "pages taken from the cache (same inputs)" in again.stderr
    assert "(0 drawn," in again.stderr and "0 editions scored" in again.stderr
    assert tree_hash(workdir / "site") == first
    # A company renamed: the outputs are made again, and say so.
    companies = workdir / "data" / "companies.yaml"
    companies.write_text(companies.read_text().replace("name: Alpha", "name: Âlpha Nouvelle"))
    renamed = run(*build_args(), cwd=workdir)
    assert renamed.returncode == 0, renamed.stderr
    assert "pages generated" in renamed.stderr
    page = (workdir / "site" / "2020" / "banque" / "index.html").read_text(encoding="utf-8")
    assert "Âlpha Nouvelle" in page
    # A cached logo file damaged (cut short), then one gone: drawn again each time, never
    # published damaged nor as a dangling link.
    published = {p.read_bytes() for p in (workdir / "site" / "logos").rglob("*.png")}
    damaged = next(
        p
        for p in sorted((workdir / "cache" / "files" / "logos").rglob("*.png"))
        if p.read_bytes() in published
    )
    damaged.write_bytes(damaged.read_bytes()[:100])
    assert run(*build_args(), cwd=workdir).returncode == 0
    assert damaged.read_bytes()[-8:-4] == b"IEND"  # drawn again, whole
    cached = damaged
    cached.unlink()
    redrawn = run(*build_args(), cwd=workdir)
    assert redrawn.returncode == 0, redrawn.stderr
    assert "pages generated" in redrawn.stderr and "(0 drawn," not in redrawn.stderr
    assert all(p.exists() for p in (workdir / "site").rglob("*"))
