"""Helpers of the hostile-input tests (tests/test_hostile_*.py): data, CLI runs, scans."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from escda_site import cli

from minidata import company, write
from sitecheck import BUILD_IMPORTS, CONFIG

CATS = {
    "banque": [
        company("alpha", [(4, 4), (2, 3)], [7]),
        company("beta", [(4, 4), (4, 4)], [10], ring=(10, 90)),
        company("gamma", [(1, 2), (3, 4)], [5]),
    ],
}
AS_OF = "2020-01-01T12:00"


def make_workdir(tmp_path: Path, monkeypatch, drawn: Path | None = None) -> Path:
    """A project-like folder holding data/, made the current folder of the commands
    (conftest's `workdir` fixture); its cache holds the `drawn` files, if given."""
    write(tmp_path / "data", CATS)
    if drawn is not None:
        shutil.copytree(drawn, tmp_path / "cache" / "files")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ESCDA_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("ESCDA_AS_OF", raising=False)
    return tmp_path


def escda(capsys, *args: str) -> tuple[int, str]:
    """Run the CLI in this process: (exit status, stderr)."""
    capsys.readouterr()
    code = cli.main(list(args))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def build(capsys, out: str = "site") -> tuple[int, str]:
    return escda(
        capsys, "build", "--data", "data", "--out", out, "--as-of", AS_OF, "--config", str(CONFIG)
    )


def complete(site: Path) -> bool:
    """The site a reader sees is whole: its home page, its feed and its last-written files."""
    return all(
        (site / rel).is_file()
        for rel in ("index.html", "feed.xml", "sitemap.xml", "pagefind/pagefind-entry.json")
    )


ESCDA = [sys.executable, "-m", "escda_site.cli"]


def spawn(workdir: Path) -> subprocess.Popen:
    args = [*ESCDA, "build", "--data", "data", "--out", "site", "--as-of", AS_OF]
    return subprocess.Popen(
        [*args, "--config", str(CONFIG)],
        cwd=workdir,
        env={**os.environ, "ESCDA_CACHE": str(workdir / "cache")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


# A process that imported the command line and the engine once, then runs each command
# asked on its stdin (a JSON list of arguments) in a child forked for it: the child can be
# killed at any moment of its build as a build started from a shell can, without paying an
# interpreter's start and imports (two thirds of a small build's CPU) for each.
_FORKS = (
    """
import json, os, sys
from escda_site.engine import engines
engines.use()
import escda_site.engine.plugin, mkdocs.commands.build
from escda_site import cli
"""
    + BUILD_IMPORTS
    + """
for line in sys.stdin:
    if line.startswith("wait "):
        _, status = os.waitpid(int(line.split()[1]), 0)
        print(os.waitstatus_to_exitcode(status), flush=True)
        continue
    pid = os.fork()
    if pid == 0:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        code = 1
        try:
            code = cli.main(json.loads(line))
        finally:
            os._exit(code)
    print(pid, flush=True)
"""
)


class Forks:
    """`escda build` of `workdir`'s data into site/, in processes forked from one
    (see _FORKS): `start` gives the build's process id, `wait` its exit status."""

    def __init__(self, workdir: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", _FORKS],
            cwd=workdir,
            env={**os.environ, "ESCDA_CACHE": str(workdir / "cache")},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def _ask(self, line: str) -> int:
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline())

    def start(self) -> int:
        args = ["build", "--data", "data", "--out", "site", "--as-of", AS_OF]
        return self._ask(json.dumps([*args, "--config", str(CONFIG)]))

    def wait(self, pid: int) -> int:
        return self._ask(f"wait {pid}")

    def close(self) -> None:
        self.process.stdin.close()
        assert self.process.wait(timeout=60) == 0


def season_file(workdir: Path) -> Path:
    return workdir / "data" / "seasons" / "2020" / "season.yaml"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def companies_file(workdir: Path) -> Path:
    return workdir / "data" / "companies.yaml"


def built_texts(site: Path) -> str:
    from sitecheck import texts

    return "\n".join(text for _, text in texts(site))


def csv_of_tests(workdir: Path) -> Path:
    return workdir / "data" / "seasons" / "2020" / "tests.csv"


def get(url: str) -> str | None:
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode()
    except OSError:
        return None


def wait_for(url: str, ok, deadline: float) -> str:
    html = ""
    while time.monotonic() < deadline:
        html = get(url) or ""
        if ok(html):
            break
        time.sleep(0.3)
    return html


PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "[x](javascript:alert(1))",
    "![x](https://e.example/x.png){: onerror=alert(1) }",
    "' onmouseover='alert(1)",
    "*gras* <b>gras</b> {{ 7*7 }} {% raw %}",
]


def live_markup(html: str) -> list[str]:
    """What of the payloads a browser would run or render as markup in this page."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Scan(HTMLParser):
        last = ""

        def handle_starttag(self, tag: str, attrs: list) -> None:
            # JSON-LD is data, not script: its strings may hold any text (escaped as JSON).
            self.last = "data" if ("type", "application/ld+json") in attrs else tag
            for key, value in attrs:
                value = (value or "").strip().lower()
                if key.startswith("on"):
                    found.append(f"<{tag} {key}=…>")
                if key in ("href", "src") and (
                    value.startswith(("javascript:", "data:")) or "e.example" in value
                ):
                    found.append(f"<{tag} {key}={value}>")
                if tag == "img" and key == "src" and value == "x":
                    found.append("<img src=x>")

        def handle_data(self, data: str) -> None:
            if (self.last == "script" and "alert(1)" in data) or (
                self.last == "b" and data == "gras"
            ):
                found.append(f"<{self.last}>{data}")

    Scan().feed(html)
    return found
