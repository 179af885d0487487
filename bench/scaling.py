"""How a warm build's cost per page grows with the archive, and a cold build's memory.

- `cost_per_page`: archives of 10, 20 and 40 editions made as the main one is (50
  categories × 6 companies, full tests), each built cold once to fill its cache, then
  warm builds taken in rounds, the sizes in alternating order (10 20 40, 40 20 10, …) so
  that a burst of load on the shared machine falls on every size. Each warm build's CPU
  time (user + system, Pagefind's process included) divided by its pages is its cost per
  page; the growth is, round by round, the largest size's cost per page over the
  smallest's: its median, with its lowest and highest round, is judged (≤ 1.10).
- `large_cold_build`: one cold build of an archive as large as 120 editions (six national
  contests × 20 years; `make bench-large`): its peak RSS against 1 GiB. One data folder
  holds one contest whose edition years run from 2008 to 2100, 93 editions at most: the
  archive built has 93 editions of 65 categories, 6,045 category results against 120 × 50
  = 6,000 (as many category pages, laureates, logos, tests and score rows, or a few more).
  What a build holds grows with those, not with the count of editions: only the two
  pages and the share image of each edition, 27 fewer of them.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable
from pathlib import Path

from builds import Run, escda_build, run_step
from latency import summary

SCALING_SIZES = (10, 20, 40)
SCALING_ROUNDS = 3
TARGET_GROWTH = 1.10
LARGE_EDITIONS = 93  # edition years 2008 to 2100: the most one data folder holds
TARGET_EDITIONS = 120  # six national contests × 20 years
TARGET_LARGE_RSS = 1024**3

Record = Callable[..., None]


def _archive(work: Path, editions: int, categories: int, companies: int, record: Record):
    name = f"scale-{editions}" + (f"x{categories}" if categories != 50 else "")
    data, cache, out = (work / name / p for p in ("data", "cache", "site"))
    if (data / "seasons").is_dir():  # kept from an earlier run (--keep)
        return data, cache, out
    gen, done = run_step(
        "generate", data=str(data), editions=editions, categories=categories, companies=companies
    )
    record(f"generate {editions} editions", done, **gen)
    return data, cache, out


def cost_per_page(
    work: Path,
    categories: int,
    companies: int,
    record: Record,
    sizes: tuple[int, ...] = SCALING_SIZES,
    rounds: int = SCALING_ROUNDS,
) -> dict:
    """Warm build CPU per page at each archive size, and its growth (see the module)."""
    archives = {n: _archive(work, n, categories, companies, record) for n in sizes}
    cold_rss: dict[str, int] = {}
    for n, (data, cache, out) in archives.items():
        counts, done = escda_build(data, out, cache)
        record(f"build {n} editions, cold cache", done, **counts)
        cold_rss[str(n)] = done.rss
    per_page: dict[int, list[float]] = {n: [] for n in sizes}
    pages: dict[int, int] = {}
    for r in range(max(rounds, 1)):
        for n in sizes if r % 2 == 0 else tuple(reversed(sizes)):
            data, cache, out = archives[n]
            counts, done = escda_build(data, out, cache)
            record(f"build {n} editions, warm #{r + 1}", done, **counts)
            pages[n] = counts["pages"]
            per_page[n].append(1000 * done.cpu / counts["pages"])
    small, large = min(sizes), max(sizes)
    growth = summary([b / a for a, b in zip(per_page[small], per_page[large], strict=True)])
    return {
        "sizes": list(sizes),
        "pages": {str(n): pages[n] for n in sizes},
        "ms_per_page": {
            str(n): {
                "median": statistics.median(v),
                "low": min(v),
                "high": max(v),
                "runs": v,
            }
            for n, v in per_page.items()
        },
        "growth": growth,
        "cold_rss": cold_rss,
    }


def scaling_targets(scaling: dict) -> list[dict]:
    sizes = scaling["sizes"]
    small, large = min(sizes), max(sizes)
    growth = scaling["growth"]
    each = "; ".join(
        f"{n} editions {scaling['ms_per_page'][str(n)]['median']:.2f} ms "
        f"({scaling['ms_per_page'][str(n)]['low']:.2f} to "
        f"{scaling['ms_per_page'][str(n)]['high']:.2f}, {scaling['pages'][str(n)]} pages)"
        for n in sizes
    )
    return [
        {
            "target": f"warm build CPU per page, {large} / {small} editions",
            "value": growth["median"],
            "limit": f"<= {TARGET_GROWTH:g}",
            "ok": growth["median"] <= TARGET_GROWTH,
            "detail": f"median of {len(growth['ratios'])} rounds, {growth['low']:.2f} to "
            f"{growth['high']:.2f}; {each}",
        },
        *_cold_rss_targets(scaling),
    ]


def _cold_rss_targets(scaling: dict) -> list[dict]:
    """Each archive's cold build peak RSS, and what it adds per edition (old results have
    no such figures)."""
    rss = {int(n): b for n, b in scaling.get("cold_rss", {}).items()}
    if not rss:
        return []
    small, large = min(rss), max(rss)
    slope = (rss[large] - rss[small]) / (large - small) / 2**20 if large > small else 0.0
    return [
        {
            "target": f"peak RSS, cold build of {n} editions",
            "value": b,
            "limit": f"<= {TARGET_LARGE_RSS // 2**20} MiB",
            "ok": b <= TARGET_LARGE_RSS,
            "detail": f"{slope:.1f} MiB more per edition from {small} to {large} editions",
        }
        for n, b in sorted(rss.items())
    ]


def large_categories(categories: int) -> int:
    """Categories per edition that give `LARGE_EDITIONS` editions as many category
    results as `TARGET_EDITIONS` editions of `categories` (65 for 50)."""
    return math.ceil(TARGET_EDITIONS * categories / LARGE_EDITIONS)


def large_cold_build(work: Path, categories: int, companies: int, record: Record) -> dict:
    """One cold build of an archive as large as `TARGET_EDITIONS` editions of `categories`
    (see the module): its peak RSS and CPU."""
    wide = large_categories(categories)
    data, cache, out = _archive(work, LARGE_EDITIONS, wide, companies, record)
    counts, done = escda_build(data, out, cache)
    record(f"build {LARGE_EDITIONS} editions × {wide} categories, cold cache", done, **counts)
    return _large(done, counts, wide, categories)


def _large(done: Run, counts: dict, wide: int, categories: int) -> dict:
    return {
        "editions": LARGE_EDITIONS,
        "categories_per_edition": wide,
        "as_many_as": f"{TARGET_EDITIONS} editions × {categories} categories",
        "rss": done.rss,
        "cpu": done.cpu,
        "wall": done.seconds,
        **counts,
    }


def large_targets(large: dict) -> list[dict]:
    return [
        {
            "target": f"peak RSS, cold build as large as {large['as_many_as']}",
            "value": large["rss"],  # bytes, as every RSS target (report.table shows MiB)
            "limit": f"<= {TARGET_LARGE_RSS // 2**20} MiB",
            "ok": large["rss"] <= TARGET_LARGE_RSS,
            "detail": f"{large['editions']} editions × {large['categories_per_edition']} "
            f"categories, {large['pages']} pages, {large['logos']} logo files, "
            f"{large['cpu']:.0f} s CPU, {large['wall']:.0f} s wall",
        }
    ]
