"""Synthetic demonstration data, written in exactly the data contract's format.

Every company is invented. Marks come from a per-company service level drawn for each
edition, so streaks and upsets appear naturally; on top of that, `scenario=True`
engineers the storylines the portal must be able to tell (see `STORYLINES`) and checks
them by scoring the generated tests before anything is written.

Everything is drawn from one `numpy.random.default_rng(seed)` in a fixed order and
nothing iterates over a `set`, so the same arguments always give byte-identical files.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from escda_site.demo.catalog import (
    LAST_EDITION,
    MIN_TESTED,
    SECTORS,
    _campaign,
    _catalog,
    _Company,
    _extras,
    _Names,
    _test_days,
    _threshold,
)
from escda_site.demo.channels import CHANNELS
from escda_site.demo.draw import TestTables, _draw_block, score_tables, test_tables
from escda_site.demo.files import (
    categories_yaml,
    companies_yaml,
    q,
    season_header,
    season_yaml,
    sectors_yaml,
    write_csv,
)
from escda_site.demo.portal import PORTAL_YAML
from escda_site.demo.storylines import _STORY_COMPANIES, STORYLINES, _Plan, plans
from escda_site.inputs.model import Category, Entrant
from escda_site.scoring.results import EditionResult

# ---------------------------------------------------------------------------------------
# The generator


@dataclass
class _Entrant:
    category: str
    company: _Company
    role: str
    target: float = 0.0


class _Generator:
    def __init__(
        self,
        out: Path,
        seed: int,
        editions: int,
        categories: int,
        companies: int | None,
        archive: int,
        first_year: int | None,
        scenario: bool,
    ):
        if editions < 0 or archive < 0 or editions + archive < 1:
            raise ValueError("at least one edition is needed")
        if categories < 1:
            raise ValueError("at least one category is needed")
        if companies is not None and companies < 1:
            raise ValueError("companies must be at least 1")
        self.out = out
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.companies_per_category = companies
        self.scenario = scenario
        if first_year is None:
            first_year = LAST_EDITION - editions - archive + 1
        self.archive_years = [first_year + i for i in range(archive)]
        self.full_years = [first_year + archive + i for i in range(editions)]
        self.years = self.archive_years + self.full_years
        self.catalog = _catalog(categories + 1)
        self.category_sets = self._category_sets(categories)
        self.names = _Names(self.rng)
        self.pools = self._pools()
        self.plans = (
            plans(self.full_years, self.archive_years, self.category_sets, self.pools)
            if scenario
            else {}
        )
        self.used: dict[str, _Company] = {}

    # -- structure -----------------------------------------------------------------------

    def _category_sets(self, n: int) -> dict[int, list[tuple[str, str, str, tuple[str, ...]]]]:
        base = self.catalog[:n]
        sets = {year: list(base) for year in self.years}
        new = STORYLINES.new_category
        if self.scenario and len(self.years) > 1 and any(c[0] == new for c in base):
            # The new category replaces one that is not run any more.
            before = [c for c in base if c[0] != new] + [self.catalog[n]]
            for year in self.years[:-1]:
                sets[year] = before
        order = {slug: i for i, (slug, _) in enumerate(SECTORS)}
        for year in sets:
            sets[year].sort(key=lambda c: order[c[2]])  # stable: catalogue order in a sector
        return sets

    def _pools(self) -> dict[str, tuple[list[_Company], list[_Company]]]:
        """Per category, the companies that may enter: (participants, benchmarks)."""
        rng = self.rng
        wanted = self.companies_per_category or 8
        pools: dict[str, tuple[list[_Company], list[_Company]]] = {}
        story: dict[str, list[tuple[_Company, str]]] = {}
        if self.scenario:
            for name, cats, role, level in _STORY_COMPANIES:
                company = _Company(self.names.reserve(name), name, level)
                for cat in cats:
                    story.setdefault(cat, []).append((company, role))
        seen: dict[str, None] = {}
        for year in self.years:
            for slug, _, _, kinds in self.category_sets[year]:
                if slug in seen:
                    continue
                seen[slug] = None
                participants = [c for c, r in story.get(slug, []) if r == "participant"]
                benchmarks = [c for c, r in story.get(slug, []) if r == "benchmark"]
                while len(participants) < wanted + 3:
                    name, cslug = self.names.new(kinds)
                    company = _Company(cslug, name, float(rng.uniform(8.0, 17.8)))
                    participants.append(company)
                while len(benchmarks) < 3:
                    name, cslug = self.names.new(kinds)
                    benchmarks.append(_Company(cslug, name, float(rng.uniform(10.5, 16.5))))
                for company in participants + benchmarks:
                    if company.website is None and not company.former_names:
                        extras = _extras(rng, self.names, company.slug, kinds)
                        company.website = extras.get("website")
                        company.former_names = extras.get("former_names", ())
                pools[slug] = (participants, benchmarks)
        return pools

    # -- entrants ------------------------------------------------------------------------

    def _select(self, year: int, cat: str, previous: list[str]) -> list[_Entrant]:
        rng = self.rng
        plan = self.plans.get((year, cat), _Plan())
        participants, benchmarks = self.pools[cat]
        by_slug = {c.slug: c for c in participants + benchmarks}
        if self.companies_per_category is None:
            total = int(rng.integers(3, 9))
        else:
            total = self.companies_per_category
        n_bench = min(int(rng.integers(0, 3)), max(total - 2, 0))
        if plan.count is not None:
            total, n_bench = plan.count, 0
        required = [(by_slug[slug], role) for slug, role, _ in plan.required]
        n_bench = max(n_bench, sum(role == "benchmark" for _, role in required))
        n_part = max(total - n_bench, sum(role == "participant" for _, role in required))

        chosen = [c for c, role in required if role == "participant"]
        # Most companies enter again the next year.
        keep = [s for s in previous if rng.random() < 0.8 and s not in plan.excluded]
        shuffled = [participants[int(i)].slug for i in rng.permutation(len(participants))]
        for slug in keep + shuffled:
            if len(chosen) >= n_part:
                break
            company = by_slug.get(slug)
            if company in participants and company not in chosen and slug not in plan.excluded:
                chosen.append(company)
        refs = [c for c, role in required if role == "benchmark"]
        for i in rng.permutation(len(benchmarks)):
            c = benchmarks[int(i)]
            if len(refs) >= n_bench:
                break
            if c not in refs:
                refs.append(c)

        entrants = [_Entrant(cat, c, "participant") for c in chosen]
        entrants += [_Entrant(cat, c, "benchmark") for c in refs]
        entrants.sort(key=lambda e: e.company.slug)
        targets = {slug: t for slug, _, t in plan.required}
        for e in entrants:
            if e.company.slug in targets:
                e.target = targets[e.company.slug]
                continue
            e.target = float(np.clip(e.company.base + rng.normal(0.0, 0.8), 7.0, 18.6))
            if plan.cap is not None and e.role == "participant" and e.target > plan.cap:
                e.target = plan.cap - float(rng.uniform(0.3, 2.5))
        return entrants

    # -- editions ------------------------------------------------------------------------

    def run(self) -> None:
        self._prepare_out()
        previous: dict[str, list[str]] = {}
        for year in self.years:
            folder = self.out / "seasons" / str(year)
            folder.mkdir(parents=True, exist_ok=True)
            if year in self.archive_years:
                self._archive(year, folder)
            else:
                self._full(year, folder, previous)
        self._write_sectors()
        self._write_companies()
        (self.out / "portal.yaml").write_text(PORTAL_YAML, encoding="utf-8")

    def _prepare_out(self) -> None:
        """Refuse to write into a folder holding anything but a previous demo set, whose
        editions that are not regenerated are removed (else they would mix with ours)."""
        out = self.out
        if out.is_dir() and any(out.iterdir()) and not _is_demo(out):
            raise FileExistsError(f"{out} is not empty and holds no demo data (portal.yaml)")
        seasons = out / "seasons"
        if seasons.is_dir():
            for folder in sorted(seasons.iterdir()):
                if folder.is_dir() and folder.name not in {str(y) for y in self.years}:
                    shutil.rmtree(folder)
        out.mkdir(parents=True, exist_ok=True)

    def _archive(self, year: int, folder: Path) -> None:
        rng = self.rng
        (folder / "season.yaml").write_text(
            "\n".join(season_header(year, True, self.seed)) + "\n", encoding="utf-8"
        )
        lines = []
        for slug, name, sector, _ in self.category_sets[year]:
            plan = self.plans.get((year, slug), _Plan())
            participants = [c for c in self.pools[slug][0] if c.slug not in plan.excluded]
            lines += [f"- slug: {slug}", f"  name: {q(name)}", f"  sector: {sector}"]
            if rng.random() < 0.08:  # the best was below the threshold that year
                lines.append("  laureates: []")
                continue
            entered = rng.choice(len(participants), min(6, len(participants)), replace=False)
            levels = [participants[i].base + rng.normal(0.0, 1.0) for i in entered]
            best = participants[entered[int(np.argmax(levels))]]
            self.used[best.slug] = best
            mark = float(np.clip(max(levels), _threshold(year) + 0.2, 18.8))
            if rng.random() < 0.12:  # some old palmarès were published without marks
                lines += ["  laureates:", f"    - {{company: {best.slug}}}"]
            else:
                lines += ["  laureates:", f"    - {{company: {best.slug}, mark: {mark:.2f}}}"]
        (folder / "categories.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        for name in ("tests.csv", "scores.csv"):
            (folder / name).unlink(missing_ok=True)

    def _full(self, year: int, folder: Path, previous: dict[str, list[str]]) -> None:
        entrants: list[_Entrant] = []
        for slug, _, _, _ in self.category_sets[year]:
            chosen = self._select(year, slug, previous.get(slug, []))
            previous[slug] = [e.company.slug for e in chosen if e.role == "participant"]
            entrants += chosen
        for e in entrants:
            self.used[e.company.slug] = e.company

        start, end = _campaign(year)
        days = _test_days(start, end)
        tables = self._draw_checked(year, entrants, days)
        self._write_season(year, folder)
        self._write_categories(year, folder, entrants)
        self._write_tests(folder, tables)

    def _draw_checked(self, year: int, entrants: list[_Entrant], days: list[str]) -> TestTables:
        """Draw the tests; redraw (deterministically) until every engineered outcome holds.

        The outcomes are read from the scoring core's own results for the drawn tests, so
        the demo data never computes a mark itself.
        """
        n_days = len(days)
        pairs = [(e.category, e.company.slug) for e in entrants]
        rng = self.rng
        level = np.array([e.target for e in entrants])
        zero_share = np.clip(0.02 + (12.0 - level) * 0.003, 0.005, 0.045)
        weights = np.array([c.tests for c in CHANNELS], dtype=float)
        index = {(e.category, e.company.slug): i for i, e in enumerate(entrants)}
        ties = [
            (index[(cat, p.tie[0])], index[(cat, p.tie[1])])
            for (y, cat), p in self.plans.items()
            if y == year and p.tie
        ]
        for _ in range(100):
            # Each company is better on some channels than others, around its level.
            spread = rng.normal(0.0, 1.0, size=(len(entrants), len(CHANNELS)))
            spread -= (spread @ weights / weights.sum())[:, None]
            levels = np.clip(level[:, None] + spread, 3.0, 19.4)
            blocks = [
                _draw_block(rng, ch, levels[:, i], zero_share, n_days)
                for i, ch in enumerate(CHANNELS)
            ]
            for model, copy in ties:
                for b in blocks:
                    for a in b.arrays():
                        a[copy] = a[model]
            tables = test_tables(pairs, blocks, days)
            result = score_tables(
                year, self._model_categories(year, entrants), tables, _threshold(year), MIN_TESTED
            )
            if not self._failures(year, entrants, result):
                return tables
        raise RuntimeError(f"could not draw the scenario of {year}")

    def _failures(self, year: int, entrants: list[_Entrant], result: EditionResult) -> list[str]:
        failures = []
        by_slug = {c.category.slug: c for c in result.categories}
        for (y, cat), plan in self.plans.items():
            if y != year:
                continue
            ranking = by_slug[cat].ranking
            if plan.count is not None and len(ranking) != plan.count:
                failures.append(f"{cat}: {len(ranking)} tested")
            parts = [s for s in ranking if s.role == "participant"]
            if plan.laureates is not None and parts:
                won = tuple(sorted(s.company for s in by_slug[cat].laureates))
                if won != tuple(sorted(plan.laureates)):
                    failures.append(f"{cat}: laureates {won}")
            if plan.above is not None:
                ref = next(s for s in ranking if s.company == plan.above)
                if not all(ref.overall > s.overall for s in parts):
                    failures.append(f"{cat}: benchmark not above")
        return failures

    def _model_categories(self, year: int, entrants: list[_Entrant]) -> tuple[Category, ...]:
        """The edition's categories as categories.yaml lists them, for the scoring core."""
        return tuple(
            Category(
                slug,
                name,
                sector,
                tuple(Entrant(e.company.slug, e.role) for e in entrants if e.category == slug),
            )
            for slug, name, sector, _ in self.category_sets[year]
        )

    # -- writing -------------------------------------------------------------------------

    def _write_season(self, year: int, folder: Path) -> None:
        text = season_yaml(season_header(year, False, self.seed), CHANNELS)
        (folder / "season.yaml").write_text(text, encoding="utf-8")

    def _write_categories(self, year: int, folder: Path, entrants: list[_Entrant]) -> None:
        listed = [(e.category, e.company.slug, e.role) for e in entrants]
        text = categories_yaml(self.category_sets[year], listed)
        (folder / "categories.yaml").write_text(text, encoding="utf-8")

    def _write_tests(self, folder: Path, tables: TestTables) -> None:
        write_csv(folder / "tests.csv", tables.tests)
        write_csv(folder / "scores.csv", tables.scores)

    def _write_sectors(self) -> None:
        used = {c[2] for year in self.years for c in self.category_sets[year]}
        (self.out / "sectors.yaml").write_text(sectors_yaml(used), encoding="utf-8")

    def _write_companies(self) -> None:
        text = companies_yaml([self.used[slug] for slug in sorted(self.used)], self.years)
        (self.out / "companies.yaml").write_text(text, encoding="utf-8")


def _is_demo(folder: Path) -> bool:
    portal = folder / "portal.yaml"
    return (
        portal.is_file()
        and re.search(r"^demo:\s*true\s*$", portal.read_text(encoding="utf-8"), re.M) is not None
    )


def write_demo_data(
    out: Path,
    *,
    seed: int = 2024,
    editions: int = 3,
    categories: int = 12,
    companies: int | None = None,
    archive: int = 1,
    first_year: int | None = None,
    scenario: bool = True,
) -> None:
    """Write a fictional data set in the data contract's format into `out`.

    `archive` archive editions (laureates only) come first, then `editions` full
    editions; by default the last one is 2027. `companies` None tests 3 to 8 companies
    per category (0 to 2 benchmarks among them), an int exactly that many (the
    storylines may still force a category to 2). `scenario` engineers `STORYLINES`.
    Raises FileExistsError rather than overwrite a data set that is not demo data.
    """
    _Generator(
        Path(out), seed, editions, categories, companies, archive, first_year, scenario
    ).run()
