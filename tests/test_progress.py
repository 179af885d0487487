"""Long builds show live progress on a terminal, and nothing of it anywhere else."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys

import pytest

from minidata import company, write
from sitecheck import CONFIG

pytestmark = pytest.mark.slow

CATS = {
    "banque": [
        company("alpha", [(4, 4), (2, 3)], [7]),
        company("beta", [(4, 4), (4, 4)], [10]),
        company("gamma", [(1, 2), (3, 4)], [5]),
    ]
}


def _build_args(tmp_path) -> list[str]:
    write(tmp_path / "data", CATS)
    return [
        sys.executable, "-m", "escda_site.cli", "build", "--data", str(tmp_path / "data"),
        "--out", str(tmp_path / "site"), "--as-of", "2020-01-01", "--config", str(CONFIG),
    ]  # fmt: skip


def _env(tmp_path) -> dict:
    return {**os.environ, "ESCDA_CACHE": str(tmp_path / "cache"), "TERM": "xterm"}


def test_a_build_on_a_terminal_counts_its_work(tmp_path):
    args, env = _build_args(tmp_path), _env(tmp_path)
    leader, follower = pty.openpty()
    build = subprocess.Popen(args, env=env, stdin=follower, stdout=follower, stderr=follower)
    os.close(follower)
    # Read while the build runs: a terminal holds a few kilobytes, and a slow build redraws
    # its progress bars often enough to fill it and wait forever for a reader.
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal's other side is closed: everything was read
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    returncode = build.wait()
    text = out.decode("utf-8", "replace")
    assert returncode == 0, text[-2000:]
    for work in ("scoring editions", "rendering pages", "writing pages"):
        assert work in text
    pages = re.findall(r"rendering pages\s.*?(\d+)/(\d+)", text)
    assert pages and pages[-1][0] == pages[-1][1], "the last count shows every page done"


def test_a_build_in_a_pipe_prints_no_progress(tmp_path):
    done = subprocess.run(_build_args(tmp_path), env=_env(tmp_path), capture_output=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert b"rendering pages" not in done.stderr
    assert b"\x1b[" not in done.stderr and b"\r" not in done.stderr
