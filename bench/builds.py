"""Running one measured command of `make bench` in its own process, with its peak RSS.

- `run`: a command's wall time and the peak RSS of that process alone;
- `run_step`: one of the steps of bench/steps.py in a fresh interpreter (`run.py --step`);
- `escda_build` and `bare_build`: our build of the archive and a bare `mkdocs build` of
  its exported tree (the same site), the two sides of the paired ratio;
- `change_scores`: one edition's scores changed on disk, for the incremental rebuild.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2100-01-01"  # every edition proclaimed: the whole archive is public
# The entry point: a step runs as `run.py --step NAME JSON`.
ENTRY = Path(__file__).resolve().parent / "run.py"

SUMMARY = re.compile(
    r"(?P<pages>\d+) pages?, (?P<logos>\d+) logo files? \((?P<drawn>\d+) drawn, "
    r"(?P<reused>\d+) reused\), (?P<scored>\d+) editions? scored, (?P<cached>\d+) from cache"
)


# --- running a step in a subprocess ------------------------------------------------------


@dataclass
class Run:
    seconds: float  # wall clock, interpreter start-up included
    rss: int  # peak resident set size in bytes, of the process or any child it waited for
    stdout: str
    stderr: str
    cpu: float = 0.0  # user + system seconds of the process and the children it waited for


def run(cmd: list[str], env: dict[str, str] | None = None) -> Run:
    """Run `cmd`, returning its wall time and peak RSS.

    The child is reaped with wait4, whose rusage is that child's alone (with the children
    it reaped, such as logo workers), where RUSAGE_CHILDREN would be the peak of every
    step so far.
    """
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        # stderr goes to a file: MkDocs logs a line per page, enough to fill a pipe.
        proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=err, cwd=ROOT, env={**os.environ, **(env or {})}
        )
        assert proc.stdout is not None
        out = proc.stdout.read()
        proc.stdout.close()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    if proc.returncode:
        tail = "\n".join(text.splitlines()[-30:])
        raise RuntimeError(f"{' '.join(cmd)} exited with {proc.returncode}:\n{tail}")
    # ru_maxrss is in KiB on Linux.
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, usage.ru_maxrss * 1024, out.decode(), text, cpu)


def run_step(name: str, **kwargs: object) -> tuple[dict, Run]:
    """Run one of the STEPS of steps.py in a fresh interpreter.

    Its result comes back as JSON, the last line of its stdout.
    """
    done = run([sys.executable, str(ENTRY), "--step", name, json.dumps(kwargs)])
    return json.loads(done.stdout.strip().splitlines()[-1]), done


# --- builds ------------------------------------------------------------------------------


def escda_build(data: Path, out: Path, cache: Path) -> tuple[dict, Run]:
    """`escda build` of the archive with this cache: the counts of its summary line."""
    done = run(
        [
            sys.executable,
            "-m",
            "escda_site.cli",
            "build",
            "--as-of",
            AS_OF,
            "--data",
            str(data),
            "--out",
            str(out),
            "--config",
            str(ROOT / "mkdocs.yml"),
        ],
        env={"ESCDA_CACHE": str(cache)},
    )
    return parse_summary(done.stderr), done


def parse_summary(stderr: str) -> dict:
    """The counts of `escda build`'s summary line."""
    found = SUMMARY.search(stderr)
    if not found:
        raise RuntimeError(f"no build summary in:\n{stderr[-2000:]}")
    return {k: int(v) for k, v in found.groupdict().items()}


def bare_build(project: Path) -> Run:
    """A bare `mkdocs build` of the exported tree `steps.write_bare` wrote."""
    return run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--quiet",
            "--clean",
            "-f",
            str(project / "tree" / "mkdocs.yml"),
            "-d",
            str(project / "site"),
        ],
        env={"SOURCE_DATE_EPOCH": "4102444800"},
    )


def change_scores(data: Path, year: int) -> str:
    """Set one non-zero score row of an edition to 0 points: valid, and a new input hash."""
    path = data / "seasons" / str(year) / "scores.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines[1:], start=1):
        test, criterion, points = line.rstrip("\r\n").split(",")
        if points != "0":
            lines[i] = f"{test},{criterion},0\n"
            path.write_text("".join(lines), encoding="utf-8")
            return f"{path.name}:{i + 1}"
    raise RuntimeError(f"{path}: no non-zero score to change")
