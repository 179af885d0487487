"""Benchmark at archive scale: scoring one edition, and the site build against bare MkDocs.

`make bench` (or `python bench/run.py`) writes a demo data set of 20 full editions × 50
categories × 6 companies (225 tests each, ~830 k score rows per edition) into a temporary
folder, then measures, each step in its own subprocess so that its peak RSS is its own:

- scoring one edition end to end in-process (read, validate, score), next to the floor
  of reading the same two CSV files with pyarrow alone, and with plain pandas;
- scoring the whole archive (`load_dataset` + `score_edition` of each edition);
- a cold site build (empty cache), then unchanged rebuilds (must draw 0 logos and score
  0 editions) alternating with a bare `mkdocs build` of the archive's exported tree
  (`escda generate`: the same pages, overrides, data files and logos, no plugin of ours;
  `--pairs` pairs, 5 by default): each pair gives a CPU ratio, and the median is reported
  with the lowest and highest;
- the generation of every output (pages and data files) in a fresh process, cold (nothing
  kept) and after one edition's scores changed (what earlier builds kept is read);
- a rebuild after one edition's scores changed;
- `escda serve` on the bundled data and on the archive: a laureate's score edited on disk,
  the seconds until the changed page is served (bench/latency.py);
- cold drawing of the logo step alone, per laureate: PNG and vector logos, certificates,
  press kits and share images.

Every ratio target is the median of paired runs (A B, B A, …), never a best-of-N that a
lucky run can flatter.

It prints one table and writes it as JSON to bench/results.json.

This file is the entry point and the order of the steps; the steps run in a process of
their own are in steps.py, the processes and the builds in builds.py, the targets and
the table in report.py, the paired runs and the serve loop in latency.py.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from builds import AS_OF, ROOT, Run, bare_build, change_scores, escda_build, run_step  # noqa: E402
from latency import paired, serve_latency  # noqa: E402
from report import search_targets, serve_targets, table, targets  # noqa: E402
from scaling import (  # noqa: E402
    SCALING_SIZES,
    cost_per_page,
    large_cold_build,
    large_targets,
    scaling_targets,
)
from steps import REPEAT, STEPS  # noqa: E402

# Paired ratios: the median of at least five pairs, reported with its spread.
PAIRS = 5
# The bundled data: its last edition proclaimed, so an edit shows on a public page.
BUNDLED_AS_OF = "2026-11-24T12:00:00+01:00"
SERVE_EDITS = 3
# The edits timed in the archive's serve session after the score edits, by row name.
SERVE_KINDS = {
    "company": "company renamed",
    "sector": "sector renamed",
    "content": "content page edited",
}
# What a reader types: a category, a word typed without its accent, a sector.
SEARCH_QUERIES = ["banque", "energie", "assurance"]


# --- the whole benchmark -----------------------------------------------------------------


def recorder(steps: list[dict]):
    """`record(name, done, **info)`: a step's figures appended to `steps` and printed."""

    def record(name: str, done: Run, **info: object) -> None:
        # `wall` is the subprocess's, start-up included; a step's own `seconds`, if any,
        # is what it timed in-process.
        steps.append({"step": name, "wall": done.seconds, "cpu": done.cpu, "rss": done.rss, **info})
        print(
            f"  {name}: {done.seconds:.2f} s ({done.cpu:.2f} s CPU), "
            f"peak RSS {done.rss / 2**20:.0f} MiB",
            flush=True,
        )

    return record


def bench(
    work: Path,
    editions: int,
    categories: int,
    companies: int,
    repeat: int,
    pairs_n: int,
    sizes: tuple[int, ...] = SCALING_SIZES,
    edits: int = SERVE_EDITS,
) -> dict:
    data, cache, out = work / "data", work / "cache", work / "site"
    steps: list[dict] = []
    record = recorder(steps)

    print(f"bench: {editions} editions × {categories} categories × {companies} companies")
    gen, done = run_step(
        "generate", data=str(data), editions=editions, categories=categories, companies=companies
    )
    record("generate demo data", done, **gen)
    year = gen["last"]

    # Sub-second timings on a shared VM swing by a third from run to run: take more runs.
    one, done = run_step("score_one", data=str(data), year=year, repeat=max(repeat, 7))
    record("score one edition", done, **one)
    archive, done = run_step("score_archive", data=str(data))
    record("score the archive", done, **archive)

    counts, done = escda_build(data, out, cache)
    record("build, cold cache", done, **counts)

    # The site search, on the site just built (the bare builds below write into the same
    # folder).
    search, answer = search_steps(out, record)
    bare_info, done = run_step("write_bare", data=str(data), cache=str(cache), project=str(work))
    record("write bare MkDocs project", done, **bare_info)

    # Warm build and bare MkDocs alternate (W B, B W, …): one ratio per pair.
    warm: list[dict] = []

    # Judged on CPU (user + system, children included): on a shared machine the wall time
    # is mostly other processes'.
    def warm_build() -> float:
        counts, done = escda_build(data, out, cache)
        record(f"build, unchanged #{len(warm) + 1}", done, **counts)
        warm.append(counts)
        return done.cpu

    bares: list[Run] = []

    def bare() -> float:
        done = bare_build(work)
        bares.append(done)
        record(f"bare mkdocs build #{len(bares)}", done)
        return done.cpu

    pairs = paired(warm_build, bare, max(pairs_n, 1))

    # Generation cold (nothing kept), then as a build after an edit makes it: from what the
    # builds so far kept (compiled templates, snippets, generated pages and open data; a
    # copy, so that the build after the edit below still finds its cache as it was), once
    # one edition's scores changed.
    kept = work / "kept-before-edit"
    for part in ("templates", "values/snippets", "values/generated"):
        if (cache / part).is_dir():
            shutil.copytree(cache / part, kept / part)
    cold, done = run_step("generation", data=str(data), cache=str(cache))
    record("generate every output, cold", done, **cold)

    where = change_scores(data, year)
    counts, done = escda_build(data, out, cache)
    record("build, one edition changed", done, changed=where, **counts)
    changed = counts
    # A single sub-second timing is at the mercy of the shared VM: the median of `repeat`
    # runs, each from its own copy of what the builds before the edit kept.
    runs = []
    for i in range(max(repeat, 1)):
        copy = work / f"kept-{i + 1}"
        shutil.copytree(kept, copy)
        made, done = run_step(
            "generation", data=str(data), cache=str(cache), outputs_cache=str(copy)
        )
        record(f"generate after the edit #{i + 1}", done, **made)
        runs.append(made)
    made = sorted(runs, key=lambda r: r["cpu_seconds"])[len(runs) // 2]
    made["runs"] = [r["cpu_seconds"] for r in runs]

    # The organiser's loop: `escda serve`, a laureate's score edited, the page served.
    serve_runs = {}
    bundled = work / "bundled"
    shutil.copytree(ROOT / "data", bundled)
    for name, folder, serve_cache, as_of in (
        ("bundled", bundled, work / "bundled-cache", BUNDLED_AS_OF),
        ("archive", data, cache, AS_OF),
    ):
        latest = max(int(p.name) for p in (folder / "seasons").iterdir())
        started = time.perf_counter()
        result = serve_latency(
            str(folder),
            str(serve_cache),
            as_of,
            latest,
            edits,
            renames=name == "archive",
            work=work,
        )
        _serve_rows(serve_runs, steps, name, result, time.perf_counter() - started)

    logos, done = run_step(
        "cold_logos", data=str(data), cache=str(cache), logo_cache=str(work / "logos")
    )
    record("cold logo drawing", done, **logos)

    # Warm build CPU per page at 10, 20 and 40 editions: must not grow with the archive.
    scaling = cost_per_page(work, categories, companies, record, sizes)

    return {
        "machine": _machine(),
        "scale": {
            "editions": editions,
            "categories": categories,
            "companies": companies,
            "score_rows_per_edition": one["score_rows"],
            "data_bytes": gen["bytes"],
        },
        "steps": steps,
        "scaling": scaling,
        "targets": targets(
            steps, one, pairs, bare_info, made, cold, serve_runs, logos, warm, where, changed
        )
        + search_targets(search, answer, [s for s in steps if s["step"].startswith("build, un")])
        + scaling_targets(scaling),
    }


def _machine() -> dict:
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def only(
    work: Path,
    what: str,
    categories: int,
    companies: int,
    sizes: tuple[int, ...],
    editions: int = 20,
    edits: int = SERVE_EDITS,
) -> dict:
    """One part of the benchmark alone: `scaling` (cost per page at `sizes` editions),
    `large` (a cold build of the largest archive, `make bench-large`), `serve` (the
    organiser's loop on the archive of `editions`) or `search` (the search rows)."""
    steps: list[dict] = []
    record = recorder(steps)
    if what == "serve":
        serve_runs = serve_only(work, editions, categories, companies, edits, record, steps)
        return {"steps": steps, "targets": serve_targets(serve_runs)}
    if what == "scaling":
        scaling = cost_per_page(work, categories, companies, record, sizes)
        return {"steps": steps, "scaling": scaling, "targets": scaling_targets(scaling)}
    if what == "search":
        targets = search_only(work, editions, categories, companies, record)
        return {"steps": steps, "targets": targets}
    large = large_cold_build(work, categories, companies, record)
    return {"steps": steps, "large": large, "targets": large_targets(large)}


def serve_only(
    work: Path,
    editions: int,
    categories: int,
    companies: int,
    edits: int,
    record,
    steps: list[dict],
) -> dict[str, dict]:
    """The archive's serve loop alone (`--only serve`): the archive generated in `work`
    unless it is there already (`--keep`), its cache made by the serve's first build."""
    data, cache = work / "data", work / "cache"
    if not (data / "seasons").is_dir():
        gen, done = run_step(
            "generate",
            data=str(data),
            editions=editions,
            categories=categories,
            companies=companies,
        )
        record("generate demo data", done, **gen)
    latest = max(int(p.name) for p in (data / "seasons").iterdir())
    serve_runs: dict[str, dict] = {}
    started = time.perf_counter()
    result = serve_latency(str(data), str(cache), AS_OF, latest, edits, renames=True, work=work)
    _serve_rows(serve_runs, steps, "archive", result, time.perf_counter() - started)
    return serve_runs


def search_steps(site: Path, record) -> tuple[dict, dict | None]:
    """Pagefind's step alone on the built `site`, and the bytes a phone downloads for a
    first answer (bench/search.py)."""
    search, done = run_step("search_index", site=str(site.resolve()))
    record("search index (Pagefind) of the archive", done, **search)
    answer, done = run_step("search_bytes", site=str(site.resolve()), queries=SEARCH_QUERIES)
    record("search: first answer in chromium", done, answer=answer)
    return search, answer


def search_only(work: Path, editions: int, categories: int, companies: int, record) -> list:
    """The search rows alone (`--only search`): the archive built cold, Pagefind's step and
    a first answer's bytes on it, and the unchanged warm builds the step is compared with
    (as many as `make bench` takes: one per pair)."""
    data, cache, out = work / "data", work / "cache", work / "site"
    gen, done = run_step(
        "generate", data=str(data), editions=editions, categories=categories, companies=companies
    )
    record("generate demo data", done, **gen)
    counts, done = escda_build(data, out, cache)
    record("build, cold cache", done, **counts)
    search, answer = search_steps(out, record)
    warm = []
    for i in range(PAIRS):
        counts, done = escda_build(data, out, cache)
        record(f"build, unchanged #{i + 1}", done, **counts)
        warm.append({"step": "build, unchanged", "cpu": done.cpu})
    return search_targets(search, answer, warm)


def merged(previous: dict, part: dict) -> dict:
    """`previous` results with `part`'s figures added: its targets replace those of the
    same name, its steps are added; results.json keeps every figure of both runs."""
    names = {t["target"] for t in part["targets"]}
    out = {**previous, **{k: v for k, v in part.items() if k not in ("steps", "targets")}}
    out["machine"] = _machine()
    out["steps"] = previous.get("steps", []) + part["steps"]
    out["targets"] = [t for t in previous.get("targets", []) if t["target"] not in names]
    out["targets"] += part["targets"]
    return out


def _serve_rows(serve_runs: dict, steps: list[dict], name: str, result: dict, wall: float) -> None:
    """The serve session's rows: the score edit, then each rename timed in the session."""
    renames = result.pop("renames", {})
    runs = {name: result}
    for kind, figures in renames.items():
        row = f"{name}, {SERVE_KINDS[kind]}"
        runs[row] = {"first_build": 0.0, **figures}
    for row, run in runs.items():
        serve_runs[row] = run
        steps.append({"step": f"serve {row}: edit → page", "wall": wall, "rss": 0, **run})
        cpu = ", ".join("?" if c is None else f"{c:.2f}" for c in run["cpu"])
        print(
            f"  serve {row}: edit → page {', '.join(f'{s:.2f}' for s in run['latencies'])} s"
            f" (CPU {cpu} s; first build {result['first_build']:.1f} s)",
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--editions", type=int, default=20)
    p.add_argument("--categories", type=int, default=50)
    p.add_argument("--companies", type=int, default=6)
    p.add_argument("--repeat", type=int, default=REPEAT)
    p.add_argument(
        "--edits", type=int, default=SERVE_EDITS, help="edits of each kind in the serve loops"
    )
    p.add_argument("--pairs", type=int, default=PAIRS, help="warm/bare build pairs")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    p.add_argument("--keep", type=Path, help="work in this folder and keep it")
    p.add_argument(
        "--sizes",
        default=",".join(map(str, SCALING_SIZES)),
        help="editions of the archives whose warm build cost per page is compared",
    )
    p.add_argument(
        "--only",
        choices=("scaling", "large", "serve", "search"),
        help="run one part alone (large: the 93-edition cold build; serve: the archive's "
        "serve loop, --edits of each kind; search: Pagefind's step, a first answer's bytes "
        "and the warm builds they are compared with), its figures added to --out",
    )
    p.add_argument("--step", nargs=2, metavar=("NAME", "JSON"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.step:
        name, kwargs = args.step
        print(json.dumps(STEPS[name](**json.loads(kwargs))))
        return 0
    sizes = tuple(int(n) for n in args.sizes.split(","))

    def run_all(work: Path) -> dict:
        if args.only:
            part = only(
                work, args.only, args.categories, args.companies, sizes, args.editions, args.edits
            )
            previous = (
                json.loads(args.out.read_text(encoding="utf-8")) if args.out.is_file() else {}
            )
            return merged(previous, part)
        return bench(
            work,
            args.editions,
            args.categories,
            args.companies,
            args.repeat,
            args.pairs,
            sizes,
            args.edits,
        )

    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        results = run_all(args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="escda-bench-") as work:
            results = run_all(Path(work))
    print()
    print(table(results))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to {args.out}")
    return 0 if all(t["ok"] for t in results["targets"]) else 1


if __name__ == "__main__":
    sys.exit(main())
