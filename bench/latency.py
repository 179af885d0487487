"""Measurements of `make bench` that cannot flatter: paired ratios and the serve loop.

- `paired`: two commands run alternately (A B, B A, A B…), so that a load that comes and
  goes on a shared machine falls on both sides; each pair gives a ratio, and the median
  of at least five is reported with the lowest and highest.
- `serve_latency`: `escda serve` in its own process; a laureate's score is edited on disk
  (an atomic replace, as editors save; one more of its score rows set to 0 each time, so
  the file and the mark are new at every save) and the clock runs until the server
  answers with the changed category page (the wait for the file watcher included); on
  the archive, the same session then renames the laureate (companies.yaml) and its sector
  (sectors.yaml), a name never used before each time, until the page shows it, then adds
  a new sentence to a hand-written page of content/ (in a copy of the project). The
  server's CPU seconds (Linux /proc) are beside each edit's wall time: until the page is
  served (`cpu`) and until the server is idle again, its search index made (`cpu_idle`).
  The loop asks for the page before each edit, as a browser showing it does: the server
  then rebuilds that page first and serves it, the rest after (engine/serve_focus.py), so
  `cpu` is that first rebuild's and `cpu_idle` includes the whole one.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
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
    """The score rows of a laureate's tests, and the category page that shows its mark
    (and the laureate's name, and its sector's)."""
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
        rows = [
            i
            for i, line in enumerate(lines[1:], start=1)
            if line.split(",")[0] in ids and line.split(",")[2] not in ("0", "")
        ]
        if rows:
            return {
                "page": f"{year}/{slug}/",
                "lines": rows,
                "scores": str(folder / "scores.csv"),
                "company": company,
                "sector": cat.category.sector,
            }
    raise RuntimeError(f"no laureate's score to edit in {folder}")


def _save(path: Path, data: bytes) -> None:
    """Write `path` as editors save: a whole new file, swapped in by an atomic replace."""
    tmp = path.with_name(path.name + ".saving")
    tmp.write_bytes(data)
    os.replace(tmp, path)


# --- the serve loop ---------------------------------------------------------------------


def _settle(pid: int, quiet: float = 0.05, timeout: float = 300) -> float:
    """Wait until the process and its children used less than `quiet` CPU seconds in a
    second (its rebuild and its search index done); their CPU seconds then."""
    started = time.perf_counter()
    last = _cpu_seconds(pid) or 0.0
    while time.perf_counter() - started < timeout:
        time.sleep(1.0)
        now = _cpu_seconds(pid) or 0.0
        if now - last < quiet:
            return now
        last = now
    return last


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
    """User + system CPU seconds of a running process and of its process tree (Linux).

    A child's CPU reaches its parent's counters only when it is reaped: Pagefind, run by
    the server's search worker, was counted when the worker waited for it, often during
    the next edit (the server looked idle meanwhile), and the logo workers, children of a
    fork server, never. So the live descendants' seconds are added to the reaped ones.
    """
    stats = _proc_stats()
    if pid not in stats:
        return None
    children: dict[int, list[int]] = {}
    for child, (parent, _) in stats.items():
        children.setdefault(parent, []).append(child)
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        total += stats[current][1]
        todo += children.get(current, [])
    return total


def _proc_stats() -> dict[int, tuple[int, float]]:
    """Every process's parent and CPU seconds, its reaped children's included."""
    tick = os.sysconf("SC_CLK_TCK")
    out: dict[int, tuple[int, float]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            fields = Path(f"/proc/{name}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        # After the command name: ppid is the 2nd field; utime, stime, cutime, cstime the
        # 12th to 15th.
        out[int(name)] = (int(fields[1]), sum(int(f) for f in fields[11:15]) / tick)
    return out


class _ScoreEdit:
    """One more of a laureate's score rows set to 0 at each save: the file and the
    laureate's mark are new each time (never scored before), the category page changes."""

    page = None  # the category page

    def __init__(self, edit: dict) -> None:
        self.path, self.lines = Path(edit["scores"]), edit["lines"]
        self.original = self.path.read_bytes()
        self.saves = 0

    def save(self) -> bytes | None:
        lines = self.path.read_text(encoding="utf-8").splitlines(keepends=True)
        at = self.lines[self.saves % len(self.lines)]
        test, criterion, _points = lines[at].rstrip("\r\n").split(",")
        lines[at] = f"{test},{criterion},0\n"
        _save(self.path, "".join(lines).encode("utf-8"))
        self.saves += 1
        return None  # any change of the page

    def restore(self) -> None:
        _save(self.path, self.original)
        self.saves = 0


class _Rename:
    """An entry of companies.yaml or sectors.yaml given a name never used before, each
    save a new one; the page must show it."""

    page = None  # the category page

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
        _save(self.path, yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode())
        return tag.encode()

    def restore(self) -> None:
        _save(self.path, self.original)


# A hand-written page of content/, listed under « À propos » by the plugin's `pages`.
PRESS_PAGE = "presse.md"


class _ContentEdit:
    """A sentence never written before added to a hand-written page of content/."""

    page = "presse/"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.original = path.read_bytes()

    def save(self) -> bytes:
        tag = f"Phrase{uuid.uuid4().hex[:8]}"
        _save(self.path, self.path.read_bytes() + f"\nNouvelle phrase : {tag}.\n".encode())
        return tag.encode()

    def restore(self) -> None:
        _save(self.path, self.original)


def serve_project(work: Path) -> Path:
    """A copy of the project's mkdocs.yml, content/ and overrides/ in `work`, with a
    hand-written page (PRESS_PAGE) that the content edits change: the repository's own
    content/ is never edited. Its mkdocs.yml."""
    project = work / "serve-project"
    if project.exists():
        shutil.rmtree(project)
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    (project / "content" / PRESS_PAGE).write_text(
        "# Presse\n\nVoir le [palmarès](palmares/index.md).\n", encoding="utf-8"
    )
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    anchor = "      as_of: !ENV ESCDA_AS_OF\n"
    if anchor not in config:
        raise RuntimeError(f"mkdocs.yml: no {anchor.strip()!r} line to add the page after")
    config = config.replace(anchor, f"{anchor}      pages:\n        - Presse: {PRESS_PAGE}\n")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    return project / "mkdocs.yml"


def serve_latency(
    data: str,
    cache: str,
    as_of: str,
    year: int,
    edits: int = 3,
    start_timeout: float = 900,
    renames: bool = False,
    work: Path | None = None,
) -> dict:
    """Seconds from saving an edited scores.csv to the changed page being served.

    With `renames`, the same session then renames the page's laureate in companies.yaml
    and its category's sector in sectors.yaml, then edits a hand-written page of content/
    (a copy of the project in `work`), `edits` times each: their figures are in `renames`
    ("company", "sector", "content"). Each edit's CPU seconds of the server are beside.
    """
    edit = find_edit(data, cache, year)
    kinds: dict[str, object] = {"score": _ScoreEdit(edit)}
    config = ROOT / "mkdocs.yml"
    if renames:
        assert work is not None, "the content edits need a copy of the project"
        config = serve_project(work)
        kinds["company"] = _Rename(Path(data) / "companies.yaml", edit["company"])
        kinds["sector"] = _Rename(Path(data) / "sectors.yaml", edit["sector"])
        kinds["content"] = _ContentEdit(config.parent / "content" / PRESS_PAGE)
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    url = base + edit["page"]
    cmd = [sys.executable, "-m", "escda_site.cli", "serve", "--data", data]
    cmd += ["--as-of", as_of, "--addr", f"127.0.0.1:{port}", "--config", str(config)]
    env = {**os.environ, "ESCDA_CACHE": cache}
    timed: dict[str, dict] = {
        kind: {"page": change.page or edit["page"], "latencies": [], "cpu": [], "cpu_idle": []}  # type: ignore[attr-defined]
        for kind, change in kinds.items()
    }
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
                if change.page is not None:  # type: ignore[attr-defined]
                    url = base + change.page  # type: ignore[attr-defined]
                page = _get(url)
                initial = page
                for _ in range(edits):
                    _settle(server.pid)  # the index of the last rebuild made, the CPU idle
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
                    # And until the server is idle again: the search index made after the
                    # page was served included.
                    idle = _settle(server.pid)
                    timed[kind]["cpu_idle"].append(None if cpu is None else idle - cpu)
                change.restore()
                time.sleep(1.0)
                # The page as it was served again before the next kind's edits.
                restored = time.perf_counter()
                while page != initial:
                    if time.perf_counter() - restored > 600:
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
        for name in ("cpu", "cpu_idle"):
            cpu = [c for c in figures[name] if c is not None]
            figures[f"{name}_median"] = statistics.median(cpu) if cpu else None
    score = timed.pop("score")
    return {"page": edit["page"], "first_build": first_build, **score, "renames": timed}
