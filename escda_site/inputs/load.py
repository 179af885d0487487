"""Load and validate the organisers' files into the typed model, reporting every problem."""

from __future__ import annotations

import errno
import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from escda_site.inputs.categories import load_categories
from escda_site.inputs.columns import CHANNEL_COLUMN_PREFIX, channel_columns
from escda_site.inputs.companies import load_companies, load_sectors
from escda_site.inputs.model import Category, Channel, Dataset, Edition, Portal
from escda_site.inputs.portal import load_portal
from escda_site.inputs.problems import Problems
from escda_site.inputs.season import Season, load_corrections, read_channels, read_season
from escda_site.inputs.yamldoc import YamlDoc, paris_time, shown
from escda_site.inputs.yamlread import read_yaml

# paris_time is part of this module's interface (the CLI and the plugin use it).
__all__ = ["edition_folders", "load_common", "load_dataset", "load_edition", "paris_time"]

if TYPE_CHECKING:  # the tables' modules are imported only when an edition is read
    import pandas as pd


def _load_edition(
    root: Path, folder: Path, problems: Problems, sectors: set | None, companies: set | None
) -> Edition | None:
    """One edition's files, checked in the order its problems are reported: season.yaml,
    its channels, categories.yaml, the tables (when what they lean on is sound), then the
    corrections."""
    base = f"seasons/{folder.name}"
    rel = f"{base}/season.yaml"
    doc = read_yaml(root, rel, problems)
    if doc is None:
        return None
    y = YamlDoc(problems, rel)
    if not isinstance(doc, dict):
        y.error("", "must be a mapping")
        return None
    season = read_season(y, doc, folder.name)
    config_problems = len(problems.items)
    channels = read_channels(y, doc, bool(season.archive))
    categories = load_categories(
        root,
        f"{base}/categories.yaml",
        bool(season.archive),
        problems,
        sectors,
        companies,
        season.min_tested or 1,
    )
    tests = scores = None
    # CSV checks lean on valid channels and categories; other season problems
    # (threshold, dates of the logo…) do not stop them.
    structure_ok = len(problems.items) == config_problems
    if not season.archive and structure_ok and season.start and season.end:
        tests, scores = _load_tables(root, base, problems, season, channels, categories)
    proclaimed = season.proclamation.date() if season.proclamation else None
    corrections = load_corrections(y, doc, categories, proclaimed)
    if problems:
        return None
    return Edition(
        year=season.year,
        campaign_start=season.start,
        campaign_end=season.end,
        proclamation=season.proclamation,
        logo_valid_until=season.valid_until,
        threshold=season.threshold,
        min_tested=season.min_tested,
        archive=season.archive,
        channels=tuple(channels.values()),
        categories=categories,
        tests=tests,
        scores=scores,
        corrections=corrections,
    )


def _load_tables(
    root: Path,
    base: str,
    problems: Problems,
    season: Season,
    channels: dict[str, Channel],
    categories: tuple[Category, ...],
) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """tests.csv and scores.csv (or their workbooks), checked against the season; both
    None, or scores None, when a problem stops the checks."""
    # The CSV readers bring numpy, pandas and pyarrow (most of a second to import): only
    # an edition actually read needs them, not a build whose editions all come from the cache.
    from escda_site.inputs.csvio import read_result, read_table
    from escda_site.inputs.scores_csv import load_scores, read_scores
    from escda_site.inputs.tests_csv import load_tests

    before = len(problems.items)
    tests = scores = None
    # One reader thread, files in turn: scores.csv, the big one, is parsed while
    # tests.csv is checked here (Arrow's reader releases the interpreter lock).
    tests_file = table_file(root, base, "tests", problems)
    scores_file = table_file(root, base, "scores", problems)
    with ThreadPoolExecutor(max_workers=1) as pool:
        tests_read = pool.submit(read_table, root / tests_file)
        scores_read = pool.submit(read_scores, root / scores_file)
        tests = load_tests(
            tests_file, problems, channels, categories, season.start, season.end, tests_read
        )
        if tests is not None:
            scores = load_scores(scores_file, problems, tests, channels, scores_read)
        else:  # its checks need the tests, but a file that cannot be read is said now
            read_result(scores_file, problems, scores_read)
    if scores is not None and len(problems.items) == before:
        _every_test_rated_or_zeroed(problems, tests, scores, channels, Path(scores_file).name)
    return tests, scores


def _every_test_rated_or_zeroed(
    problems: Problems,
    tests: pd.DataFrame,
    scores: pd.DataFrame,
    channels: dict[str, Channel],
    scores_name: str,
) -> None:
    """A test with no rated criterion scores only under a zero rule: else its mark is
    undefined."""
    import numpy as np

    from escda_site.inputs.rules import zero_mask

    rated = np.bincount(scores["test"].to_numpy(), minlength=len(tests))
    unrated = (rated == 0) & ~zero_mask(tests, tuple(channels.values()))
    problems.add_rows(
        tests.attrs["file"],
        tests.attrs["lines"][np.flatnonzero(unrated)],
        f"test has no rated criterion in {scores_name} and no zero rule applies",
    )


def table_file(root: Path, base: str, stem: str, problems: Problems) -> str:
    """The file of an edition's table, relative to the data folder: `<stem>.csv`, or
    `<stem>.xlsx` (a workbook, see inputs/workbook.py) when there is no CSV. Both at
    once is a problem: which one holds the results would be a guess."""
    found = [
        f"{base}/{stem}{ext}"
        for ext in (".csv", ".xlsx")
        if os.path.lexists(root / base / f"{stem}{ext}")
    ]
    if len(found) == 2:
        problems.add(found[1], "", f"{stem}.csv is there too: keep one of the two files")
    return found[0] if found else f"{base}/{stem}.csv"


def load_common(root: Path, problems: Problems) -> tuple[tuple, tuple, Portal]:
    """sectors.yaml, companies.yaml and the optional portal.yaml: (sectors, companies, portal)."""
    if not root.is_dir():
        problems.add(str(root), "", "data folder not found")
        return (), (), Portal()
    sectors = load_sectors(root, problems)
    companies = load_companies(root, problems)
    return sectors, companies, load_portal(root, problems)


def edition_folders(root: Path, problems: Problems) -> list[Path]:
    """The seasons/<year>/ folders, oldest first.

    Every entry of seasons/ is an edition or a named problem: an entry skipped without a
    word would take its edition off the published site. Hidden entries (`.DS_Store`, a
    `.git` folder) are the system's, not the organiser's, and are left alone.
    """
    seasons = root / "seasons"
    if not seasons.is_dir():
        if root.is_dir():
            found = "not a folder" if seasons.exists() or seasons.is_symlink() else "missing"
            problems.add("seasons", "", f"{found}: editions live in seasons/<year>/ folders")
        return []
    good, refused = [], False
    try:
        entries = sorted(seasons.iterdir())
    except OSError as exc:
        problems.add("seasons", "", f"cannot be read: {exc.strerror or exc}")
        return []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        why = _not_an_edition(entry)
        if why:
            problems.add(f"seasons/{entry.name}", "", why)
            refused = True
        else:
            good.append(entry)
    if not good and not refused:
        problems.add("seasons", "", "no edition folder found (seasons/<year>/)")
    return good


def _not_an_edition(entry: Path) -> str | None:
    """Why an entry of seasons/ is not an edition folder, or None when it is one."""
    try:
        entry.stat()
    except FileNotFoundError:
        return f"a symbolic link to {os.readlink(entry)}, which does not exist"
    except OSError as exc:  # a symbolic link loop, a folder that cannot be read
        if exc.errno == errno.ELOOP:
            return "a symbolic link that leads back to itself (a loop)"
        return f"cannot be read: {exc.strerror or exc}"
    if not entry.is_dir():
        return "not a folder: an edition is a folder named by its year (seasons/2021/)"
    if not re.fullmatch(r"[0-9]{4}", entry.name):
        return "edition folders are named by year"
    return None


def load_edition(
    root: Path, folder: Path, problems: Problems, sectors: tuple, companies: tuple
) -> Edition | None:
    """One edition, validated; None (with problems recorded) when it has problems."""
    # Its own collector, so that problems elsewhere do not hide this edition's CSV checks.
    own = Problems()
    # A common file that could not be read is one problem, said once: its names are not
    # checked against (None), or every category of every edition would be refused too.
    edition = _load_edition(
        root,
        folder,
        own,
        None if "sectors.yaml" in problems.unread else {s.slug for s in sectors},
        None if "companies.yaml" in problems.unread else {c.slug for c in companies},
    )
    problems.items.extend(own.items)
    return edition


def check_channel_columns(editions: list[Edition], problems: Problems) -> None:
    """Every channel's open data column is a name of its own (see `channel_columns`).

    Two channels whose labels differ only by accents, case or punctuation would share
    one column of the published files: refused, naming the label that gives the column.
    """
    columns = channel_columns(editions)
    named_in: dict[str, tuple[int, str]] = {}  # channel id -> (year, label) naming its column
    for edition in sorted(editions, key=lambda e: e.year):
        for channel in edition.channels:
            named_in.setdefault(channel.id, (edition.year, channel.label))
    by_column: dict[str, list[str]] = {}
    for cid, column in columns.items():
        by_column.setdefault(column, []).append(cid)
    for column, ids in by_column.items():
        for cid in ids:
            year, label = named_in[cid]
            where = f"channels.{cid}.label"
            if column == CHANNEL_COLUMN_PREFIX:
                problems.add(
                    f"seasons/{year}/season.yaml",
                    where,
                    f"{shown(label)} holds no Latin letter or digit to name the channel's "
                    "open data column",
                )
            elif len(ids) > 1:
                others = ", ".join(shown(o) for o in ids if o != cid)
                problems.add(
                    f"seasons/{year}/season.yaml",
                    where,
                    f"{shown(label)} gives the open data column {column}, as channel "
                    f"{others} does: channel labels must differ beyond accents, case and "
                    "punctuation",
                )


def load_dataset(root: Path) -> Dataset:
    """Read and validate a data folder; raise DataError listing every problem found."""
    root = Path(root)
    problems = Problems()
    sectors, companies, portal = load_common(root, problems)
    editions = []
    for folder in edition_folders(root, problems):
        edition = load_edition(root, folder, problems, sectors, companies)
        if edition:
            editions.append(edition)
    check_channel_columns(editions, problems)
    problems.raise_if_any()
    return Dataset(
        tuple(sectors),
        tuple(companies),
        tuple(editions),
        demo=portal.demo,
        organiser=portal.organiser,
        accessibility=portal.accessibility,
    )
