"""The targets of `make bench` and the table it prints.

`targets` decides each `ok` against the limits of the issue, from the results of the
steps; `table` prints the steps and the targets, as bench/results.json holds them.
"""

from __future__ import annotations

import statistics

from latency import summary

GIB = 1024**3

# Targets of the issue; `ok` is decided against these.
TARGET_ROWS_PER_S = 3_000_000
TARGET_PANDAS_RATIO = 4.0
TARGET_MKDOCS_RATIO = 0.5  # issue 26: CPU, against bare MkDocs of the exported tree
TARGET_GENERATION_MS = 1.0
TARGET_SERVE_BUNDLED = 2.0
# Issue 26: every edit on the 20-edition archive served within 3 s.
TARGET_SERVE_ARCHIVE = 3.0
TARGET_SERVE_RENAME = 3.0  # names never change a mark: nothing is scored again
TARGET_SERVE_CONTENT = 3.0
SERVE_TARGETS = (
    ("bundled", TARGET_SERVE_BUNDLED),
    ("archive", TARGET_SERVE_ARCHIVE),
    ("archive, company renamed", TARGET_SERVE_RENAME),
    ("archive, sector renamed", TARGET_SERVE_RENAME),
    ("archive, content page edited", TARGET_SERVE_CONTENT),
)
TARGET_LOGO_MS = 50.0
TARGET_RSS = 1 * GIB


def targets(
    steps: list[dict],
    one: dict,
    pairs: list[tuple[float, float]],
    bare_info: dict,
    made: dict,
    cold: dict,
    serve_runs: dict[str, dict],
    logos: dict,
    warm: list[dict],
    where: str,
    changed: dict,
) -> list[dict]:
    """Every target: the value measured, its limit, whether it is met, and the detail.

    `pairs` are the (warm build, bare MkDocs build) CPU seconds of the paired runs, `warm`
    the summary counts of the unchanged rebuilds, `changed` those of the rebuild after
    `where` was changed; `made` the generation after that change, `cold` without cache.
    """
    builds = [s for s in steps if s["step"].startswith("build")]
    per_edition_rows = one["score_rows"]
    pandas_ratio = one["pandas_ratio"]
    build_ratio = summary([w / b for w, b in pairs])
    warm_med = statistics.median(w for w, _ in pairs)
    bare_med = statistics.median(b for _, b in pairs)
    per_page_ms = 1000 * made["cpu_seconds"] / made["pages"]
    return [
        {
            "target": "scoring one edition: rows/s end to end (CPU, median)",
            "value": one["rows_per_s"],
            "limit": f">= {TARGET_ROWS_PER_S:,}",
            "ok": one["rows_per_s"] >= TARGET_ROWS_PER_S,
            "detail": f"{per_edition_rows:,} score rows in {one['seconds']:.3f} s of CPU, "
            f"median of {len(one['runs'])} ({min(one['runs']):.3f} to {max(one['runs']):.3f}); "
            f"wall {one['wall_seconds']:.3f} s ({min(one['wall_runs']):.3f} to "
            f"{max(one['wall_runs']):.3f}); best load {one['load_seconds']:.3f} s + "
            f"score {one['score_seconds']:.3f} s",
        },
        {
            "target": "scoring one edition / pandas read of the same files",
            "value": pandas_ratio["median"],
            "limit": f"<= {TARGET_PANDAS_RATIO:g}",
            "ok": pandas_ratio["median"] <= TARGET_PANDAS_RATIO,
            "detail": f"median of {len(pandas_ratio['ratios'])} pairs, "
            f"{pandas_ratio['low']:.2f} to {pandas_ratio['high']:.2f}; pandas "
            f"{one['pandas_seconds']:.3f} s, pyarrow floor {one['arrow_seconds']:.3f} s",
        },
        {
            "target": "warm archive build / bare mkdocs build of the exported tree (CPU)",
            "value": build_ratio["median"],
            "limit": f"<= {TARGET_MKDOCS_RATIO:g}",
            "ok": build_ratio["median"] <= TARGET_MKDOCS_RATIO,
            "detail": f"median of {len(pairs)} alternating pairs, {build_ratio['low']:.2f} to "
            f"{build_ratio['high']:.2f}; {warm_med:.1f} s vs {bare_med:.1f} s of CPU "
            f"({bare_info['pages']} pages, {bare_info['files']} other files)",
        },
        {
            "target": "generation after an edit, ms per page (CPU)",
            "value": per_page_ms,
            "limit": f"<= {TARGET_GENERATION_MS:g}",
            "ok": per_page_ms <= TARGET_GENERATION_MS,
            "detail": f"{made['pages']} pages and {made['files']} data files in "
            f"{made['cpu_seconds']:.2f} s of CPU after one edition changed (median of "
            + ", ".join(f"{s:.2f}" for s in made.get("runs", [made["cpu_seconds"]]))
            + f" s; wall {made['seconds']:.2f} s; {made.get('entries_made', 0)} of "
            f"{made.get('entries_read', 0) + made.get('entries_made', 0)} kept families of "
            "pages and editions' open data made again); cold (nothing kept, "
            f"templates compiled) {cold['cpu_seconds']:.2f} s of CPU = "
            f"{1000 * cold['cpu_seconds'] / cold['pages']:.2f} ms per page; "
            f"{cold['category_pages']} category pages alone {cold['category_seconds']:.2f} s",
        },
        *serve_targets(serve_runs),
        {
            "target": "cold logo step, ms per laureate (all files; CPU over the cores)",
            "value": logos["cpu_ms_per_laureate_per_core"],
            "limit": f"<= {TARGET_LOGO_MS:g}",
            "ok": logos["cpu_ms_per_laureate_per_core"] <= TARGET_LOGO_MS,
            "detail": f"{logos['images']} files for {logos['laureates']} laureates: "
            f"{logos['cpu_seconds']:.1f} s of CPU (workers included) over "
            f"{logos['workers']} cores, the wall time of the step on a machine of its own; "
            f"wall {logos['seconds']:.1f} s = {logos['ms_per_laureate']:.1f} ms per laureate "
            f"here; {logos['serial_ms_per_laureate']:.1f} ms in one process",
        },
        {
            "target": "unchanged rebuild: logos drawn, editions scored",
            "value": max(c["drawn"] + c["scored"] for c in warm),
            "limit": "0 and 0",
            "ok": all(c["drawn"] == 0 and c["scored"] == 0 for c in warm),
            "detail": "; ".join(
                f"{c['drawn']} drawn/{c['reused']} reused, {c['scored']} scored/"
                f"{c['cached']} cached"
                for c in warm
            )
            + f"; after changing {where}: {changed['scored']} scored, "
            f"{changed['drawn']} drawn",
        },
        {
            "target": "peak RSS of the archive build",
            "value": max(s["rss"] for s in builds),
            "limit": "<= 1 GiB",
            "ok": max(s["rss"] for s in builds) <= TARGET_RSS,
            "detail": ", ".join(f"{s['step']} {s['rss'] / 2**20:.0f} MiB" for s in builds),
        },
    ]


def serve_targets(serve_runs: dict[str, dict]) -> list[dict]:
    """The serve loops' targets: each kind of edit's median seconds from the save to the
    changed page served. Judged on the server's CPU seconds (user + system, Linux) when
    measured: on a shared machine the wall time is mostly other processes' (the issue:
    judge on the more stable figure); the wall times are beside."""
    return [
        {
            "target": f"escda serve, edit → page ({name}), seconds",
            "value": (value := _serve_value(run)),
            "limit": f"<= {limit:g}",
            "ok": value <= limit,
            "detail": f"median of {len(run['latencies'])} edits, "
            + ("server CPU " if run.get("cpu_median") is not None else "wall ")
            + f"{_spread([c for c in run.get('cpu', []) if c is not None])}; wall "
            + _spread(run["latencies"])
            + f" on /{run['page']}"
            + (
                "; server CPU until idle, search index made: "
                + _spread([c for c in run["cpu_idle"] if c is not None])
                if any(c is not None for c in run.get("cpu_idle", []))
                else ""
            )
            + (f" (first build {run['first_build']:.1f} s)" if run["first_build"] else ""),
        }
        for name, limit in SERVE_TARGETS
        if (run := serve_runs.get(name))
    ]


def _serve_value(run: dict) -> float:
    cpu = run.get("cpu_median")
    return run["median"] if cpu is None else cpu


def _spread(values: list[float]) -> str:
    """`1.20 s (1.10 to 1.42: 1.10, 1.20, 1.42)`: median, lowest and highest, each run."""
    if not values:
        return "not measured"
    each = ", ".join(f"{v:.2f}" for v in values)
    return f"{statistics.median(values):.2f} s ({min(values):.2f} to {max(values):.2f}: {each})"


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.0f}" if value >= 1000 else f"{value:.2f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def table(results: dict) -> str:
    """The steps (wall time, in-process time, peak RSS) and the targets, met or not."""
    lines = [
        f"machine: {results['machine']['cores']} cores, Python {results['machine']['python']}",
        "",
        f"{'step (own subprocess)':<30} {'wall s':>8} {'timed s':>8} {'peak RSS':>10}",
    ]
    for s in results["steps"]:
        timed = f"{s['seconds']:.3f}" if "seconds" in s else ""
        lines.append(f"{s['step']:<30} {s['wall']:>8.2f} {timed:>8} {s['rss'] / 2**20:>6.0f} MiB")
    lines += ["", f"{'target':<50} {'value':>12} {'limit':>12}  ok"]
    for t in results["targets"]:
        value = t["value"]
        if "RSS" in t["target"]:
            value = f"{value / 2**20:.0f} MiB"
        lines.append(
            f"{t['target']:<50} {_fmt(value):>12} {t['limit']:>12}  {'yes' if t['ok'] else 'NO'}"
        )
        lines.append(f"    {t['detail']}")
    return "\n".join(lines)


# The site search: Material's whole index, gzipped, was 404 KB on the 20-edition archive,
# and building it 20 % of a warm archive build (issue 25): Pagefind must beat both.
TARGET_SEARCH_BYTES = 404 * 1024
TARGET_SEARCH_SHARE = 0.20
# An unchanged set of pages restores its index: close to nothing (issue 25).
TARGET_RESTORED_SHARE = 0.05


def search_targets(search: dict, answer: dict | None, warm_steps: list[dict]) -> list[dict]:
    """The bytes of a first answer, and the Pagefind step's share of a warm build's CPU:
    when a page changed (Pagefind runs) and when none did (the index is restored)."""
    builds = [s["cpu"] for s in warm_steps if "cpu" in s]
    warm_cpu = statistics.median(builds) if builds else float("nan")
    share = search["cpu"] / warm_cpu
    restored = search["restored_cpu"] / warm_cpu
    if answer is None:
        first = {
            "target": "search: bytes fetched for a first answer (phone)",
            "value": None,
            "limit": f"<= {TARGET_SEARCH_BYTES // 1024} KB",
            "ok": False,
            "detail": "not measured: Debian's chromium is missing (make browser)",
        }
    else:
        each = "; ".join(
            f"« {a['query']} » {a['bytes'] / 1024:.0f} KB in {a['files']} files "
            f"({a['gzip'] / 1024:.0f} KB with the scripts gzipped)"
            for a in answer["answers"]
        )
        first = {
            "target": "search: bytes fetched for a first answer (phone)",
            "value": answer["bytes"],
            "limit": f"<= {TARGET_SEARCH_BYTES // 1024} KB",
            "ok": answer["bytes"] <= TARGET_SEARCH_BYTES,
            "detail": f"median of {len(answer['answers'])} queries: {each}",
        }
    return [
        first,
        {
            "target": "search: Pagefind step / warm archive build (CPU)",
            "value": share,
            "limit": f"< {TARGET_SEARCH_SHARE}",
            "ok": share < TARGET_SEARCH_SHARE,
            "detail": f"a page changed, Pagefind runs: {search['cpu']:.2f} s CPU (runs "
            f"{search['cpu_runs']}) for {search['pages']} pages, {search['seconds']:.2f} s "
            f"wall; warm build {warm_cpu:.2f} s CPU (median of {len(builds)}); index "
            f"{search['bundle_bytes'] / 2**20:.1f} MiB in {search['bundle_files']} files",
        },
        {
            "target": "search: index restored, no page changed / warm build (CPU)",
            "value": restored,
            "limit": f"< {TARGET_RESTORED_SHARE}",
            "ok": restored < TARGET_RESTORED_SHARE,
            "detail": f"{search['restored_cpu']:.2f} s CPU (runs {search['restored_cpu_runs']})"
            " to read the pages, find them unchanged and restore the kept index",
        },
    ]
