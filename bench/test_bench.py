"""`make bench` at toy scale: the script runs end to end and its cache checks hold.

`make bench` runs this first (a minute of CPU), so `make test` does not: the benchmark
is the bench's to check, not every test run's (#27).

Timings are not asserted here (targets live in the benchmark itself); at this scale the
ratios mean nothing, so the script may exit 1 for missed targets, but never crash.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from sitecheck import ROOT

pytestmark = pytest.mark.slow


def test_bench_runs_and_reports_every_step(tmp_path):
    out = tmp_path / "results.json"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--editions",
            "2",
            "--categories",
            "3",
            "--companies",
            "3",
            "--repeat",
            "2",
            "--pairs",
            "2",
            "--sizes",
            "1,2",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=600,  # it serves the bundled data too; a loaded 2-core machine is slow
    )
    assert done.returncode in (0, 1), done.stderr[-3000:]
    results = json.loads(out.read_text(encoding="utf-8"))

    steps = {s["step"]: s for s in results["steps"]}
    assert {"score one edition", "build, cold cache", "bare mkdocs build #1"} <= set(steps)
    # Generation is measured cold and after an edit, from the same pages.
    cold, edited = steps["generate every output, cold"], steps["generate after the edit #1"]
    assert cold["pages"] == edited["pages"] > 0 and cold["category_pages"] > 0
    # After the edit, what the earlier builds kept is read, and what the edit reaches is
    # made again (the edited edition's pages and open data, the site-wide pages: at this
    # toy scale, more than half).
    assert edited["entries_made"] > 0 and edited["entries_read"] > 0, edited
    assert all(s["wall"] > 0 for s in steps.values())
    assert all(s["rss"] > 0 for name, s in steps.items() if not name.startswith("serve"))
    assert steps["build, cold cache"]["scored"] == 2
    assert steps["build, cold cache"]["drawn"] > 0
    # Nothing changed: nothing drawn, nothing scored again.
    unchanged = steps["build, unchanged #1"]
    assert (unchanged["drawn"], unchanged["scored"]) == (0, 0)
    # One edition's scores changed: that edition alone is scored again.
    assert steps["build, one edition changed"]["scored"] == 1
    assert results["machine"]["cores"] >= 1
    # The organiser's loop was measured on both data sets: each edit showed on the page;
    # on the archive, a company and a sector renamed and a hand-written page edited too.
    loops = (
        "bundled",
        "archive",
        "archive, company renamed",
        "archive, sector renamed",
        "archive, content page edited",
    )
    for name in loops:
        serve = steps[f"serve {name}: edit → page"]
        assert len(serve["latencies"]) == 3 and all(s > 0 for s in serve["latencies"])
        assert len(serve["cpu_idle"]) == 3
    assert steps["serve archive, content page edited: edit → page"]["page"] == "presse/"
    pairs = next(t for t in results["targets"] if t["target"].startswith("warm archive build"))
    assert "median of 2 alternating pairs" in pairs["detail"]
    # Every target is reported, each once: 5 serve loops, 3 search figures, the cold peak
    # RSS of the 2 scaling archives, 8 others.
    names = [t["target"] for t in results["targets"]]
    assert len(names) == len(set(names)) == 18
    assert {"peak RSS, cold build of 1 editions", "peak RSS, cold build of 2 editions"} <= set(
        names
    )
    # The warm build's cost per page, at each archive size and round.
    scaling = results["scaling"]
    assert set(scaling["ms_per_page"]) == {"1", "2"}
    assert all(len(v["runs"]) == 3 for v in scaling["ms_per_page"].values())
    assert "warm build CPU per page, 2 / 1 editions" in names
    assert sum(n.startswith("escda serve, edit → page") for n in names) == 5
    assert sum(n.startswith("search: ") for n in names) == 3
    assert "target" in done.stdout and "peak RSS" in done.stdout


def test_the_large_archive_holds_as_many_category_results_as_120_editions():
    sys.path.insert(0, str(ROOT / "bench"))
    from scaling import LARGE_EDITIONS, TARGET_EDITIONS, large_categories

    wide = large_categories(50)
    assert LARGE_EDITIONS <= 2100 - 2008 + 1
    assert TARGET_EDITIONS * 50 <= LARGE_EDITIONS * wide < TARGET_EDITIONS * 50 + LARGE_EDITIONS


def test_a_servers_cpu_counts_its_children_before_they_are_reaped():
    """The serve loop's CPU seconds include a child still running (Pagefind, the logo
    workers): counted only once reaped, it fell into the next edit's figure."""
    sys.path.insert(0, str(ROOT / "bench"))
    from latency import _cpu_seconds

    spin = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.5: pass\n"
    mine, tree = os.times(), _cpu_seconds(os.getpid()) or 0.0
    child = subprocess.Popen([sys.executable, "-c", spin + "input()"], stdin=subprocess.PIPE)
    try:
        while (_cpu_seconds(child.pid) or 0.0) < 0.5:
            time.sleep(0.05)
        spent = os.times()
        own = spent.user + spent.system - mine.user - mine.system
        assert (_cpu_seconds(os.getpid()) or 0.0) - tree - own >= 0.45
    finally:
        child.communicate(b"\n")
