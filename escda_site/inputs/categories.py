"""A season's categories.yaml: its entrants, or in an archive edition its laureates and
the facts the press published (how many companies were tested, whether there was an
election)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from escda_site.inputs.model import Category, Entrant, PublishedLaureate
from escda_site.inputs.problems import Problems
from escda_site.inputs.yamldoc import YamlDoc, list_of_dicts, shown, unique
from escda_site.inputs.yamlread import read_yaml
from escda_site.public import urls

Found = Iterator[tuple[str, str]]  # (key path, message) of each problem a rule finds
T = TypeVar("T")


@dataclass(frozen=True)
class _Known:
    """What a category is checked against: the season's kind and the common files."""

    archive: bool
    sectors: set | None  # None: sectors.yaml could not be read, so no name is checked
    companies: set | None  # None: likewise companies.yaml
    min_tested: int


def load_categories(
    root: Path,
    rel: str,
    archive: bool,
    problems: Problems,
    sectors: set | None,
    companies: set | None,
    min_tested: int = 1,
) -> tuple[Category, ...]:
    """A season's categories.yaml: entrants, or laureates in an archive edition.

    An archive category may say how many companies were tested (`tested`, as published)
    and that it had no election (`election: false`); a count under `min_tested` is a
    category without election, so it cannot list laureates.
    """
    y = YamlDoc(problems, rel)
    known = _Known(archive, sectors, companies, min_tested)
    cats = [
        (path, _category(y, path, node, known))
        for path, node in list_of_dicts(y, read_yaml(root, rel, problems))
    ]
    unique(y, [(f"{p}.slug", c.slug) for p, c in cats], "category slug")
    return tuple(c for _, c in cats)


def _category(y: YamlDoc, path: str, node: dict, known: _Known) -> Category:
    slug = y.get(node, "slug", path, "slug")
    if slug in urls.RESERVED_CATEGORY_SLUGS:
        y.error(f"{path}.slug", f"{shown(slug)} is reserved for a page of the edition")
    sector = y.get(node, "sector", path, "slug")
    if sector and known.sectors is not None and sector not in known.sectors:
        y.error(f"{path}.sector", f"unknown sector {shown(sector)} (not in sectors.yaml)")
    entrants: tuple[Entrant, ...] = ()
    laureates: tuple[PublishedLaureate, ...] = ()
    tested, election = None, True
    if known.archive:
        laureates, tested, election = _archive_facts(y, path, node, known)
    else:
        counted = list(counted_from_tests(path, node))
        y.report(counted)
        if not counted:
            read = partial(_entrant, y, known.companies)
            entrants = _companies_listed(y, node, path, "entrants", read, "entrant", ".company")
    return Category(
        slug,
        y.get(node, "name", path, "str"),
        sector,
        entrants,
        laureates,
        tested if known.archive else None,
        election is not False if known.archive else True,
    )


def counted_from_tests(path: str, node: dict) -> Found:
    """A measured edition counts its tested companies from tests.csv: only an archive
    edition says `tested` or `election`."""
    if "tested" in node or "election" in node:
        key = "tested" if "tested" in node else "election"
        yield f"{path}.{key}", "only an archive edition says it (counted from tests.csv)"


def _archive_facts(
    y: YamlDoc, path: str, node: dict, known: _Known
) -> tuple[tuple[PublishedLaureate, ...], int | None, bool | None]:
    """(laureates, companies tested, election) of an archive category."""
    read = partial(_laureate, y, known.companies)
    laureates = _companies_listed(y, node, path, "laureates", read, "laureate")
    if "entrants" in node:
        y.error(f"{path}.entrants", "an archive edition lists laureates, not entrants")
    tested = y.get(node, "tested", path, "int", default=None)
    y.report(enough_tested_for_the_laureates(f"{path}.tested", tested, laureates, known))
    election = y.get(node, "election", path, "bool", default=True)
    if election is False and laureates:
        y.error(f"{path}.election", "a category without election has no laureate")
    return laureates, tested, election


def enough_tested_for_the_laureates(
    path: str, tested: int | None, laureates: tuple, known: _Known
) -> Found:
    """At least as many companies tested as laureates, and a category with laureates had
    at least `min_tested` companies tested (fewer: no election)."""
    if tested is not None and tested < len(laureates):
        yield path, f"must be at least the number of laureates, got {tested}"
    elif tested is not None and laureates and tested < known.min_tested:
        yield (
            path,
            f"{tested} companies tested is under min_tested ({known.min_tested}): "
            "such a category has no election, hence no laureate",
        )


def _known_company(slug: Any, companies: set | None) -> bool:
    """A company slug, in companies.yaml when that file could be read."""
    return isinstance(slug, str) and (companies is None or slug in companies)


def _laureate(y: YamlDoc, companies: set | None, path: str, item: Any) -> PublishedLaureate | None:
    """A company's slug, or `{company, mark}`."""
    mark = None
    if isinstance(item, dict):
        mark = y.get(item, "mark", path, "number", default=None)
        if mark is not None and not 0 <= mark <= 20:
            y.error(f"{path}.mark", "must be between 0 and 20")
        item = item.get("company")
    if not _known_company(item, companies):
        y.error(path, f"unknown company {shown(item)} (not in companies.yaml)")
        return None
    return PublishedLaureate(item, mark)


def _entrant(y: YamlDoc, companies: set | None, path: str, item: Any) -> Entrant | None:
    """`{company, role}` (role: participant, the default, or benchmark)."""
    if not isinstance(item, dict):
        y.error(path, "must be a mapping {company: …, role: …}")
        return None
    company = item.get("company")
    if not _known_company(company, companies):
        y.error(f"{path}.company", f"unknown company {shown(company)} (not in companies.yaml)")
        return None
    role = item.get("role", "participant")
    if not isinstance(role, str) or role not in ("participant", "benchmark"):
        y.error(f"{path}.role", "must be participant or benchmark")
    return Entrant(company, role)


def _companies_listed(
    y: YamlDoc,
    node: dict,
    path: str,
    key: str,
    read: Callable[[str, Any], T | None],
    what: str,
    field: str = "",
) -> tuple[T, ...]:
    """The items of the optional list `key` that `read` accepts (it records why it
    refuses the others), each company once (`field`: the key naming it in an item)."""
    items = y.get(node, key, path, "list", default=[]) or []
    found = [read(f"{path}.{key}[{i}]", item) for i, item in enumerate(items)]
    listed = [entry for entry in found if entry]
    unique(y, [(f"{path}.{key}[{i}]{field}", e.company) for i, e in enumerate(listed)], what)
    return tuple(listed)
