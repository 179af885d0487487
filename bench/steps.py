"""The steps of `make bench` that run in a fresh interpreter of their own.

Each is called as `run.py --step NAME JSON` (see `builds.run_step`), so that its peak RSS
and its imports are its own, and returns a JSON-able dict that comes back on stdout:

- `generate`: the demo data set at archive scale;
- `score_one`, `score_archive`: scoring one edition (next to pyarrow's and pandas' reads
  of the same files) and the whole archive;
- `write_bare`: the exported tree (`escda generate`) a bare MkDocs builds into the same site;
- `generation`: every generated output, timed in-process;
- `cold_logos`: the logo step into an empty cache;
- `find_edit` (bench/latency.py): the score row the serve loop edits.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import time
from pathlib import Path

from builds import AS_OF, ROOT
from latency import find_edit, paired, summary
from search import search_bytes, search_index

FIRST_EDITION, LAST_DEMO_YEAR = 2008, 2027

# Best of a few runs for the in-process timings: on a shared 2-core machine a single run
# is at the mercy of whatever else wakes up.
REPEAT = 3


def generate(data: str, editions: int, categories: int, companies: int) -> dict:
    """The demo data set, its editions and size on disk."""
    from escda_site.demo.generate import write_demo_data

    started = time.perf_counter()
    # Editions end in 2027, unless there are more than the years since the first (2008)
    # hold: then they start in 2008 (the data contract takes edition years up to 2100).
    first = FIRST_EDITION if editions > LAST_DEMO_YEAR - FIRST_EDITION + 1 else None
    write_demo_data(
        Path(data),
        editions=editions,
        categories=categories,
        companies=companies,
        archive=0,
        first_year=first,
    )
    seasons = sorted((Path(data) / "seasons").iterdir())
    size = sum(p.stat().st_size for p in Path(data).rglob("*") if p.is_file())
    return {
        "seconds": time.perf_counter() - started,
        "editions": len(seasons),
        "last": int(seasons[-1].name),
        "bytes": size,
    }


def _best(fn, repeat: int) -> tuple[float, list[float], object]:
    times, value = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - started)
    return min(times), times, value


def score_one(data: str, year: int, repeat: int = REPEAT) -> dict:
    """One edition end to end in-process, and the two CSV readers alone on the same files."""
    import pandas as pd
    import pyarrow.csv as pacsv

    from escda_site.inputs.load import load_common, load_edition
    from escda_site.inputs.problems import Problems
    from escda_site.scoring.marks import score_edition

    root = Path(data)
    folder = root / "seasons" / str(year)
    csvs = [folder / "tests.csv", folder / "scores.csv"]
    problems = Problems()
    # sectors.yaml and companies.yaml are shared by every edition: read once, outside.
    sectors, companies, _ = load_common(root, problems)

    def ours():
        edition = load_edition(root, folder, problems, sectors, companies)
        if edition is None:
            raise RuntimeError("\n".join(str(p) for p in problems.items))
        score_edition(edition)
        return len(edition.scores), len(edition.tests)

    def load_only():
        return load_edition(root, folder, problems, sectors, companies)

    for path in csvs:  # the same warm page cache for every reader
        path.read_bytes()
    arrow, arrow_runs, _ = _best(lambda: [pacsv.read_csv(p) for p in csvs], repeat)
    rows, tests = ours()

    walls: dict[object, list[float]] = {}

    def timed(fn):
        # CPU time judges (both run on one thread: CPU is the wall time a quiet machine
        # gives); the wall time is kept beside it, to show how loaded the machine was.
        def run_once() -> float:
            started, cpu = time.perf_counter(), time.process_time()
            fn()
            walls.setdefault(fn, []).append(time.perf_counter() - started)
            return time.process_time() - cpu

        return run_once

    def read_pandas():
        return [pd.read_csv(p) for p in csvs]

    # Ours and pandas' read alternate, one ratio per pair: a burst of load on a shared
    # machine falls on both sides of a pair.
    pairs = paired(timed(ours), timed(read_pandas), repeat)
    runs = [a for a, _ in pairs]
    pandas_runs = [b for _, b in pairs]
    total, plain = statistics.median(runs), statistics.median(pandas_runs)
    load, _, edition = _best(load_only, repeat)
    score, _, _ = _best(lambda: score_edition(edition), repeat)
    return {
        "year": year,
        "score_rows": rows,
        "test_rows": tests,
        "seconds": total,  # CPU
        "runs": runs,
        "wall_seconds": statistics.median(walls[ours]),
        "wall_runs": walls[ours],
        "pandas_ratio": summary([a / b for a, b in pairs]),
        "load_seconds": load,
        "score_seconds": score,
        "rows_per_s": rows / total,
        "arrow_seconds": arrow,
        "arrow_runs": arrow_runs,
        "pandas_seconds": plain,
        "pandas_runs": pandas_runs,
    }


def score_archive(data: str) -> dict:
    """Every edition, as `escda validate` and a cold build load them."""
    from escda_site.inputs.load import load_dataset
    from escda_site.scoring.marks import score_edition

    started = time.perf_counter()
    dataset = load_dataset(Path(data))
    for edition in dataset.editions:
        score_edition(edition)
    seconds = time.perf_counter() - started
    rows = sum(len(e.scores) for e in dataset.editions if e.scores is not None)
    return {"editions": len(dataset.editions), "score_rows": rows, "seconds": seconds}


def _store(cache: str | None):
    """The build cache in the folder `cache` (None: no cache), as a build opens it."""
    from escda_site.cache import Store

    store = Store(Path(cache) if cache else None)
    store.begin()
    return store


def _site(data: str, cache: str):
    from escda_site.engine.config import as_of_datetime
    from escda_site.public.view import public_view
    from escda_site.scoring.pipeline import load_and_score

    dataset, results, _ = load_and_score(Path(data), _store(cache))
    return public_view(dataset, results, as_of_datetime(AS_OF), False)


def write_bare(data: str, cache: str, project: str) -> dict:
    """The exported tree of the archive (`escda generate`): every page, hand-written page,
    theme override, data file and logo file the site has, with its own mkdocs.yml, for a
    bare `mkdocs build` to make the same site (issue 26: the bare side builds the same
    output, not a lighter project). The drawn files come from the bench's cache."""
    from escda_site.engine.config import as_of_datetime
    from escda_site.engine.export import export_tree

    tree = Path(project) / "tree"
    shutil.rmtree(tree, ignore_errors=True)
    done = export_tree(
        config_file=ROOT / "mkdocs.yml",
        data=Path(data),
        out=tree,
        as_of=as_of_datetime(AS_OF),
        cache_dir=Path(cache),
    )
    return {"pages": done.pages, "hand_written": done.hand_written, "files": done.files}


def _cores() -> int:
    return os.cpu_count() or 1


def _cpu_with_children() -> float:
    """CPU seconds (user + system) of this process and of its reaped children."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def cold_logos(data: str, cache: str, logo_cache: str, sample: int = 10) -> dict:
    """Every laureate's files into an empty cache: PNG logos, vector logos, certificate,
    press kit, and the share images of every category, edition and the home."""
    from escda_site.outputs.logos import build_logo_assets, share_specs, title_specs
    from escda_site.public import urls

    site = _site(data, cache)
    titles = site.titles()
    url = "https://example.org/"
    started, cpu = time.perf_counter(), _cpu_with_children()
    assets = build_logo_assets(site, _store(logo_cache), url)
    seconds = time.perf_counter() - started
    cpu_seconds = _cpu_with_children() - cpu  # the drawing workers are reaped by now
    # The same work in one process, for a few laureates: the cost of one laureate's
    # files alone (its category's share image included), whatever the number of cores.
    one = titles[:sample]
    shares = share_specs(site, url)
    started = time.perf_counter()
    for t in one:
        for spec in title_specs(t, url, site.demo).values():
            spec.draw()
        shares[urls.share_image(t.edition.year, t.category.slug)].draw()
    serial = (time.perf_counter() - started) / max(1, len(one))
    return {
        "laureates": len(titles),
        "images": assets.drawn,
        "seconds": seconds,
        "ms_per_laureate": 1000 * seconds / max(1, len(titles)),
        "cpu_seconds": cpu_seconds,
        # The wall time the step takes with its cores to itself: its CPU over the cores.
        "cpu_ms_per_laureate_per_core": 1000 * cpu_seconds / max(1, len(titles)) / _cores(),
        "serial_ms_per_laureate": 1000 * serial,
        "workers": _cores(),
    }


def generation(data: str, cache: str, outputs_cache: str | None = None) -> dict:
    """Every generated output of the archive (pages and data files), in a fresh process:
    what a build's `on_files` costs, logo images aside.

    With `outputs_cache`, what earlier builds kept there is read (compiled templates, the
    snippets of each edition whose results did not change, each family of pages and each
    edition's open data whose slice did not change), as in a build after an edit;
    without, everything is made, templates compiled included. The 1,000-odd category
    pages are then timed alone, templates compiled.
    """
    from escda_site.outputs.pages import category_page
    from escda_site.outputs.site import site_outputs

    site = _site(data, cache)
    url = "https://palmares.escda.example/"
    store = _store(outputs_cache) if outputs_cache else None
    kept = Path(outputs_cache or ".") / "values" / "generated"
    before = set(os.listdir(kept)) if outputs_cache and kept.is_dir() else set()
    started, cpu = time.perf_counter(), time.process_time()
    outputs = site_outputs(site, url, store)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu  # one thread: a quiet machine's wall time
    # What the earlier builds kept and this generation read, and what it made again (each
    # family of pages and each edition's open data is one entry): the edit's share.
    used = {
        u.rsplit("/", 1)[-1]
        for u in (store.used if store is not None else ())
        if u.startswith("values/generated/")
    }
    categories = [(e, c) for e in site.editions for c in e.categories]
    started = time.perf_counter()
    for e, c in categories:
        category_page(site, e, c, url)
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "pages": len(outputs.pages),
        "files": len(outputs.files),
        "category_pages": len(categories),
        "category_seconds": time.perf_counter() - started,
        "entries_read": len(used & before),
        "entries_made": len(used - before),
    }


STEPS = {
    "generate": generate,
    "generation": generation,
    "find_edit": find_edit,
    "score_one": score_one,
    "score_archive": score_archive,
    "write_bare": write_bare,
    "cold_logos": cold_logos,
    "search_index": search_index,
    "search_bytes": search_bytes,
}
