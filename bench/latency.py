"""Measurements of `make bench` that cannot flatter: paired ratios and the serve loop.

- `paired`: two commands run alternately (A B, B A, A B…), so that a load that comes and
  goes on a shared machine falls on both sides; each pair gives a ratio, and the median
  of at least five is reported with the lowest and highest.
- `serve_latency`: `escda serve` in its own process; a laureate's score is edited on disk
  (an atomic replace, as editors save) and the clock runs until the server answers with
  the changed category page (the wait for the file watcher included); on the archive, the
  same session then renames the laureate (companies.yaml) and its sector (sectors.yaml),
  a name never used before each time, until the page shows it. The server's CPU seconds
  (Linux /proc) are beside each edit's wall time.
"""

from __future__ import annotations

import csv
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# MkDocs' livereload script carries the build's epoch: not part of the page.
_LIVERELOAD = re.compile(rb"livereload\(\d+, ?\d+\)")


def summary(ratios: list[float]) -> dict:
    """Median of the paired ratios, with their spread."""
    return {
        "median": statistics.median(ratios),
        "low": min(ratios),
        "high": max(ratios),
        "ratios": ratios,
    }


def paired(first, second, pairs: int) -> list[tuple[float, float]]:
    """(first, second) timings of `pairs` pairs, run in alternating order.

    `first` and `second` take no argument and return seconds.
    """
    out = []
    for i in range(pairs):
        if i % 2 == 0:
            a = first()
            b = second()
        else:
            b = second()
            a = first()
        out.append((a, b))
    return out


# --- choosing an edit that shows --------------------------------------------------------


def find_edit(data: str, cache: str, year: int) -> dict:
    """A score row of a laureate's test, and the category page that shows its mark (and
    the laureate's name, and its sector's)."""
    from escda_site.cache import Store
    from escda_site.scoring.pipeline import load_and_score

    store = Store(Path(cache))
    store.begin()
    _, results, _ = load_and_score(Path(data), store)
    store.close()
    folder = Path(data) / "seasons" / str(year)
    with open(folder / "tests.csv", encoding="utf-8-sig", newline="") as f:
        tests = list(csv.DictReader(f))
    for cat in results[year].categories:
        if not cat.laureates:
            continue
        slug, company = cat.category.slug, cat.laureates[0].company
        ids = {t["test_id"] for t in tests if t["company"] == company and t["category"] == slug}
        lines = (folder / "scores.csv").read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines[1:], start=1):
            test, _criterion, points = line.split(",")
            if test in ids and points not in ("0", ""):
                return {
                    "page": f"{year}/{slug}/",
                    "line": i,
                    "scores": str(folder / "scores.csv"),
                    "company": company,
                    "sector": cat.category.sector,
                }
    raise RuntimeError(f"no laureate's score to edit in {folder}")


def _toggle(path: Path, line: int, original: str) -> None:
    """Set the row's points to 0, or back to what they were; saved by an atomic replace."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    test, criterion, points = lines[line].rstrip("\r\n").split(",")
    lines[line] = f"{test},{criterion},{original if points == '0' else '0'}\n"
    tmp = path.with_name(path.name + ".saving")
    tmp.write_text("".join(lines), encoding="utf-8")
    os.replace(tmp, path)


# --- the serve loop ---------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return _LIVERELOAD.sub(b"", response.read())
    except OSError:
        return None


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a running process and its reaped children (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    # After the command name: utime, stime, cutime, cstime are the 12th to 15th fields.
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


class _ScoreEdit:
    """A laureate's score row set to 0 and back: the category page's mark changes."""

    def __init__(self, edit: dict) -> None:
        self.path, self.line = Path(edit["scores"]), edit["line"]
        self.original = self.path.read_text(encoding="utf-8").splitlines()[self.line]
        self.original = self.original.split(",")[2]
        self.saves = 0

    def save(self) -> bytes | None:
        _toggle(self.path, self.line, self.original)
        self.saves += 1
        return None  # any change of the page

    def restore(self) -> None:
        if self.saves % 2:
            _toggle(self.path, self.line, self.original)
        self.saves = 0


class _Rename:
    """An entry of companies.yaml or sectors.yaml given a name never used before, each
    save a new one; the page must show it."""

    def __init__(self, path: Path, slug: str) -> None:
        self.path, self.slug = path, slug
        self.original = path.read_bytes()

    def save(self) -> bytes:
        import yaml

        tag = f"Renom{uuid.uuid4().hex[:8]}"  # plain letters and digits: typeset as is
        doc = yaml.safe_load(self.original)
        for entry in doc:
            if entry["slug"] == self.slug:
                entry["name"] = f"{entry['name']} {tag}"
        tmp = self.path.with_name(self.path.name + ".saving")
        tmp.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "utf-8")
        os.replace(tmp, self.path)
        return tag.encode()

    def restore(self) -> None:
        tmp = self.path.with_name(self.path.name + ".saving")
        tmp.write_bytes(self.original)
        os.replace(tmp, self.path)


def serve_latency(
    data: str,
    cache: str,
    as_of: str,
    year: int,
    edits: int = 3,
    start_timeout: float = 900,
    renames: bool = False,
) -> dict:
    """Seconds from saving an edited scores.csv to the changed page being served.

    With `renames`, the same session then renames the page's laureate in companies.yaml
    and its category's sector in sectors.yaml, `edits` times each: their figures are in
    `renames` ("company", "sector"). Each edit's CPU seconds of the server are beside.
    """
    edit = find_edit(data, cache, year)
    kinds: dict[str, object] = {"score": _ScoreEdit(edit)}
    if renames:
        kinds["company"] = _Rename(Path(data) / "companies.yaml", edit["company"])
        kinds["sector"] = _Rename(Path(data) / "sectors.yaml", edit["sector"])
    port = _free_port()
    url = f"http://127.0.0.1:{port}/{edit['page']}"
    cmd = [sys.executable, "-m", "escda_site.cli", "serve", "--data", data]
    cmd += ["--as-of", as_of, "--addr", f"127.0.0.1:{port}"]
    env = {**os.environ, "ESCDA_CACHE": cache}
    timed: dict[str, dict] = {kind: {"latencies": [], "cpu": []} for kind in kinds}
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=log)
        try:
            started = time.perf_counter()
            page = _get(url)
            while page is None:
                if server.poll() is not None or time.perf_counter() - started > start_timeout:
                    log.seek(0)
                    tail = log.read().decode("utf-8", "replace")[-3000:]
                    raise RuntimeError(f"escda serve did not serve {url}:\n{tail}")
                time.sleep(0.2)
                page = _get(url)
            first_build = time.perf_counter() - started
            for kind, change in kinds.items():
                for _ in range(edits):
                    time.sleep(1.0)  # the watcher's first scan must see the file as it was
                    before = page
                    cpu = _cpu_seconds(server.pid)
                    saved = time.perf_counter()
                    shown = change.save()
                    while page == before or (shown is not None and shown not in page):
                        if time.perf_counter() - saved > 300:
                            raise RuntimeError(f"{url} did not change within 300 s of the edit")
                        time.sleep(0.05)
                        page = _get(url) or before
                    timed[kind]["latencies"].append(time.perf_counter() - saved)
                    after = _cpu_seconds(server.pid)
                    timed[kind]["cpu"].append(None if cpu is None else after - cpu)
                change.restore()
                if kind != "score":
                    time.sleep(1.0)
                    # The restored names served again before the next kind's edits.
                    while shown in page:
                        if time.perf_counter() - saved > 600:
                            raise RuntimeError(f"{url} kept the edit 600 s after its undoing")
                        time.sleep(0.05)
                        page = _get(url) or page
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            for change in kinds.values():
                change.restore()
    for figures in timed.values():
        figures["median"] = statistics.median(figures["latencies"])
        cpu = [c for c in figures["cpu"] if c is not None]
        figures["cpu_median"] = statistics.median(cpu) if cpu else None
    score = timed.pop("score")
    return {"page": edit["page"], "first_build": first_build, **score, "renames": timed}
