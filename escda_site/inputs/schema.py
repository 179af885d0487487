"""The YAML schema checks: sectors, companies, a season's channels and its categories."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from escda_site.inputs.model import (
    TEST_COLUMNS,
    Category,
    Channel,
    Company,
    Correction,
    Criterion,
    Entrant,
    NationalId,
    PublishedLaureate,
    Sector,
    ZeroRule,
)
from escda_site.inputs.problems import Problems
from escda_site.inputs.yamldoc import (
    KIND_TEXT,
    YamlDoc,
    list_of_dicts,
    read_yaml,
    shown,
    text_problem,
    unique,
)
from escda_site.public import urls

FIELD_TYPES = {"int", "float", "bool", "str"}
# Weights, criterion maxima and planned tests stay within these bounds: far beyond any
# real grid, they keep every sum and product of the scoring far from overflow (1e308
# gave an infinite mark) and from subnormal numbers (1e-323 has about one significant
# bit: a mark computed with it is silently wrong).
SCALE = (0.01, 10_000)
MAX_TESTS = 10_000
OPS = {">", ">=", "<", "<=", "==", "!="}


def load_sectors(root: Path, problems: Problems) -> tuple[Sector, ...]:
    """sectors.yaml: a list of {slug, name}."""
    y = YamlDoc(problems, "sectors.yaml")
    sectors = []
    for path, node in list_of_dicts(y, read_yaml(root, y.file, problems)):
        slug, name = y.get(node, "slug", path, "slug"), y.get(node, "name", path, "str")
        sectors.append((path, Sector(slug, name)))
    unique(y, [(f"{p}.slug", s.slug) for p, s in sectors], "sector slug")
    return tuple(s for _, s in sectors)


def load_companies(root: Path, problems: Problems) -> tuple[Company, ...]:
    """companies.yaml: a list of {slug, name, former_names?, website?, siren?, national_id?}.

    A former name is a text, or `{name, until}` with the last day the company bore it, so
    that results of that time show the name they were proclaimed under.
    """
    y = YamlDoc(problems, "companies.yaml")
    companies = []
    for path, node in list_of_dicts(y, read_yaml(root, y.file, problems)):
        former = y.get(node, "former_names", path, "list", default=[]) or []
        names, dated = _former_names(y, f"{path}.former_names", former)
        company = Company(
            slug=y.get(node, "slug", path, "slug"),
            name=y.get(node, "name", path, "str"),
            former_names=names,
            # Shown as a link: only a plain http(s) address, never javascript: or markup.
            website=y.get(node, "website", path, "url", default=None),
            dated_names=dated,
            siren=_siren(y, node, path),
            national_id=_national_id(y, node, path),
        )
        companies.append((path, company))
    unique(y, [(f"{p}.slug", c.slug) for p, c in companies], "company slug")
    _distinct_logo_files(y, [(f"{p}.slug", c.slug) for p, c in companies])
    unique(y, [(f"{p}.siren", c.siren) for p, c in companies], "SIREN")
    return tuple(c for _, c in companies)


def _distinct_logo_files(y: YamlDoc, slugs: list[tuple[str, str | None]]) -> None:
    """Refuse a slug whose logo files would bear another company's file names.

    A laureate's files share one folder per category and edition, named from its slug
    with endings (`alpha-noir.svg` is `alpha`'s black logo): ex æquo laureates `alpha`
    and `alpha-noir` would overwrite each other's files. The URLs are a public contract,
    so the data is refused, whichever slug comes first.
    """
    owner: dict[str, str] = {}
    for _, slug in slugs:
        for file in urls.title_files(0, "c", slug).values() if slug else ():
            owner.setdefault(file.rsplit("/", 1)[1], slug)
    for path, slug in slugs:
        if not slug:
            continue
        for file in urls.title_files(0, "c", slug).values():
            name = file.rsplit("/", 1)[1]
            if owner[name] != slug:
                y.error(
                    path,
                    f"{shown(slug)} would name its logo file {name} as company "
                    f"{shown(owner[name])} names one of its own (laureates ex æquo share "
                    "a folder): choose another slug",
                )
                break


def luhn_ok(digits: str) -> bool:
    """The Luhn checksum of a digit string holds (every second digit from the right doubled)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def siren_problem(value: Any) -> str | None:
    """Why `value` is not a SIREN, or None: 9 digits (spaces allowed) with a valid Luhn key."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        return f'must be a SIREN, 9 digits in quotes ("552081317"), got {shown(value)}'
    text = str(value).replace(" ", "").replace("\u00a0", "")
    if not (len(text) == 9 and text.isascii() and text.isdigit()):
        return f"a SIREN has 9 digits, got {shown(value)}"
    if not luhn_ok(text):
        return f"SIREN {text} is not valid: its check digit (Luhn) is wrong, a digit is mistyped"
    return None


def _siren(y: YamlDoc, node: dict, path: str) -> str | None:
    value = node.get("siren")
    if value is None:
        return None
    why = siren_problem(value)
    if why:
        y.error(f"{path}.siren", why)
        return None
    return str(value).replace(" ", "").replace("\u00a0", "")


_SCHEME = re.compile(r"[A-Z]{2}-[A-Z0-9]{2,20}")
_NATIONAL_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ./-]{0,39}")


def _national_id(y: YamlDoc, node: dict, path: str) -> NationalId | None:
    """`national_id: {scheme: ES-NIF, id: B12345678}` (a French company gives `siren`)."""
    value = node.get("national_id")
    if value is None:
        return None
    where = f"{path}.national_id"
    if not isinstance(value, dict):
        y.error(where, "must be a mapping {scheme, id}")
        return None
    scheme = y.get(value, "scheme", where, "str")
    ident = value.get("id")
    if ident is None:
        y.error(f"{where}.id", "missing")
    elif not isinstance(ident, str) or not _NATIONAL_ID.fullmatch(ident.strip()):
        y.error(f"{where}.id", "must be a text of 1 to 40 letters, digits, spaces, . / or -")
        ident = None
    else:
        ident = ident.strip()
    for key in set(value) - {"scheme", "id"}:
        y.error(f"{where}.{key}", "unknown key (expected scheme and id)")
    if scheme is not None and not _SCHEME.fullmatch(scheme):
        y.error(
            f"{where}.scheme",
            "must be a country code and a register, e.g. ES-NIF, GB-COH, MA-ICE",
        )
        return None
    if scheme is not None and scheme.startswith("FR-"):
        y.error(f"{where}.scheme", "a French company gives its number as `siren`")
        return None
    return NationalId(scheme, ident) if scheme and ident else None


def _former_names(
    y: YamlDoc, path: str, former: list[Any]
) -> tuple[tuple[str, ...], tuple[tuple[str, date], ...]]:
    """Every former name, and the dated ones oldest first (each `until` a distinct day)."""
    names: list[str] = []
    dated: list[tuple[str, date]] = []
    for i, item in enumerate(former):
        where = f"{path}[{i}]"
        if isinstance(item, dict):
            name = y.get(item, "name", where, "str")
            until = y.get(item, "until", where, "date")
            if name is not None and until is not None:
                names.append(name)
                dated.append((name, until))
            continue
        name = y.check(item, "str")
        if name is None:
            why = text_problem(item) if isinstance(item, str) else None
            y.error(where, why or "must be a text or a mapping {name, until}")
        else:
            names.append(name)
    days = [d for _, d in dated]
    if len(set(days)) < len(days):
        y.error(path, "two former names end on the same day: which one did results show?")
    return tuple(names), tuple(sorted(dated, key=lambda nd: nd[1]))


def load_channel(y: YamlDoc, cid: str, node: Any) -> Channel | None:
    """One channel of season.yaml: tests, weight, devices, fields, criteria, zero rules."""
    path = f"channels.{cid}"
    if y.check(cid, "slug") is None:
        y.error(path, f"channel id must be {KIND_TEXT['slug']}")
    if not isinstance(node, dict):
        y.error(path, "must be a mapping")
        return None
    label = y.get(node, "label", path, "str")
    tests = y.get(node, "tests", path, "int")
    if tests is not None and not 0 < tests <= MAX_TESTS:
        y.error(f"{path}.tests", f"must be between 1 and {MAX_TESTS}")
        tests = None
    weight = y.get(node, "weight", path, "number", default=float(tests or 1))
    _in_scale(y, f"{path}.weight", weight)

    devices = y.get(node, "devices", path, "dict", default={}) or {}
    for name in [n for n in devices if y.check(n, "slug") is None]:
        y.error(f"{path}.devices", f"device {shown(name)} must be a slug ([a-z0-9-]+)")
        del devices[name]
    for name, count in devices.items():
        if not (isinstance(count, int) and 0 <= count <= (tests or 0)):
            y.error(
                f"{path}.devices.{name}", "must be an integer between 0 and the channel's tests"
            )
    if sum(v for v in devices.values() if isinstance(v, int)) > (tests or 0):
        y.error(f"{path}.devices", "device counts add up to more than the channel's tests")

    fields = y.get(node, "fields", path, "dict", default={}) or {}
    for name in [n for n in fields if not isinstance(n, str) or text_problem(n)]:
        y.error(f"{path}.fields", f"field name {shown(name)} must be a column name")
        del fields[name]
    for name, kind in fields.items():
        if not isinstance(kind, str) or kind not in FIELD_TYPES:
            y.error(f"{path}.fields.{name}", f"type must be one of {sorted(FIELD_TYPES)}")
        if name in TEST_COLUMNS:
            y.error(f"{path}.fields.{name}", "clashes with a standard column of tests.csv")

    criteria = []
    for i, c in enumerate(y.get(node, "criteria", path, "list") or []):
        cpath = f"{path}.criteria[{i}]"
        if not isinstance(c, dict):
            y.error(cpath, "must be a mapping")
            continue
        cmax = y.get(c, "max", cpath, "number")
        _in_scale(y, f"{cpath}.max", cmax)
        criteria.append(
            Criterion(
                id=y.get(c, "id", cpath, "str"),
                label=y.get(c, "label", cpath, "str"),
                group=y.get(c, "group", cpath, "str", default="Critères"),
                max=cmax or 0.0,
            )
        )
    if not criteria:
        y.error(f"{path}.criteria", "at least one criterion is needed")
    unique(y, [(f"{path}.criteria[{i}].id", c.id) for i, c in enumerate(criteria)], "criterion")

    rules = []
    for i, r in enumerate(y.get(node, "zero_if", path, "list", default=[]) or []):
        rpath = f"{path}.zero_if[{i}]"
        if not isinstance(r, dict):
            y.error(rpath, "must be a mapping")
            continue
        fname, op = r.get("field"), r.get("op")
        kind = fields.get(fname) if isinstance(fname, str) else None
        if kind is None:
            y.error(f"{rpath}.field", f"{shown(fname)} is not one of this channel's fields")
        if not isinstance(op, str) or op not in OPS:
            y.error(f"{rpath}.op", f"must be one of {' '.join(sorted(OPS))}")
        elif kind in ("str", "bool") and op not in ("==", "!="):
            y.error(f"{rpath}.op", f"{fname} is {KIND_TEXT.get(kind, kind)}: only == and != apply")
        value = r.get("value")
        if value is None:
            y.error(f"{rpath}.value", "missing")
        elif kind in ("int", "float") and y.check(value, "number") is None:
            y.error(f"{rpath}.value", f"must be a number to compare with {fname}")
        elif kind == "bool" and not isinstance(value, bool):
            y.error(f"{rpath}.value", f"must be true or false to compare with {fname}")
        elif kind == "str" and y.check(value, "str") is None:
            y.error(f"{rpath}.value", f"must be a text to compare with {fname}")
        rules.append(ZeroRule(fname, op, value, y.get(r, "label", rpath, "str")))

    return Channel(
        id=cid,
        label=label,
        tests=tests or 0,
        weight=weight or 0.0,
        criteria=tuple(criteria),
        devices=tuple(devices.items()),
        fields=tuple(fields.items()),
        zero_if=tuple(rules),
    )


def _in_scale(y: YamlDoc, path: str, value: float | None) -> None:
    low, high = SCALE
    if value is not None and not low <= value <= high:
        y.error(path, f"must be between {low:g} and {high:g}, got {value:g}")


def load_categories(
    root: Path,
    rel: str,
    archive: bool,
    problems: Problems,
    sectors: set,
    companies: set,
    min_tested: int = 1,
) -> tuple[Category, ...]:
    """A season's categories.yaml: entrants, or laureates in an archive edition.

    An archive category may say how many companies were tested (`tested`, as published)
    and that it had no election (`election: false`); a count under `min_tested` is a
    category without election, so it cannot list laureates.
    """
    y = YamlDoc(problems, rel)
    cats: list[tuple[str, Category]] = []
    for path, node in list_of_dicts(y, read_yaml(root, rel, problems)):
        slug = y.get(node, "slug", path, "slug")
        if slug in urls.RESERVED_CATEGORY_SLUGS:
            y.error(f"{path}.slug", f"{shown(slug)} is reserved for a page of the edition")
        sector = y.get(node, "sector", path, "slug")
        if sector and sector not in sectors:
            y.error(f"{path}.sector", f"unknown sector {shown(sector)} (not in sectors.yaml)")
        entrants: list[Entrant] = []
        laureates: list[PublishedLaureate] = []
        tested, election = None, True
        if archive:
            for i, lau in enumerate(y.get(node, "laureates", path, "list", default=[]) or []):
                lpath = f"{path}.laureates[{i}]"
                mark = None
                if isinstance(lau, dict):
                    mark = y.get(lau, "mark", lpath, "number", default=None)
                    if mark is not None and not 0 <= mark <= 20:
                        y.error(f"{lpath}.mark", "must be between 0 and 20")
                    lau = lau.get("company")
                if not isinstance(lau, str) or lau not in companies:
                    y.error(lpath, f"unknown company {shown(lau)} (not in companies.yaml)")
                    continue
                laureates.append(PublishedLaureate(lau, mark))
            unique(
                y,
                [(f"{path}.laureates[{i}]", lau.company) for i, lau in enumerate(laureates)],
                "laureate",
            )
            if "entrants" in node:
                y.error(f"{path}.entrants", "an archive edition lists laureates, not entrants")
            tested = y.get(node, "tested", path, "int", default=None)
            if tested is not None and tested < len(laureates):
                y.error(f"{path}.tested", f"must be at least the number of laureates, got {tested}")
            elif tested is not None and laureates and tested < min_tested:
                y.error(
                    f"{path}.tested",
                    f"{tested} companies tested is under min_tested ({min_tested}): "
                    "such a category has no election, hence no laureate",
                )
            election = y.get(node, "election", path, "bool", default=True)
            if election is False and laureates:
                y.error(f"{path}.election", "a category without election has no laureate")
        elif "tested" in node or "election" in node:
            key = "tested" if "tested" in node else "election"
            y.error(f"{path}.{key}", "only an archive edition says it (counted from tests.csv)")
        else:
            for i, ent in enumerate(y.get(node, "entrants", path, "list", default=[]) or []):
                epath = f"{path}.entrants[{i}]"
                if not isinstance(ent, dict):
                    y.error(epath, "must be a mapping {company: …, role: …}")
                    continue
                company = ent.get("company")
                if not isinstance(company, str) or company not in companies:
                    y.error(
                        f"{epath}.company",
                        f"unknown company {shown(company)} (not in companies.yaml)",
                    )
                    continue
                role = ent.get("role", "participant")
                if not isinstance(role, str) or role not in ("participant", "benchmark"):
                    y.error(f"{epath}.role", "must be participant or benchmark")
                entrants.append(Entrant(company, role))
            unique(
                y,
                [(f"{path}.entrants[{i}].company", e.company) for i, e in enumerate(entrants)],
                "entrant",
            )
        cats.append(
            (
                path,
                Category(
                    slug,
                    y.get(node, "name", path, "str"),
                    sector,
                    tuple(entrants),
                    tuple(laureates),
                    tested if archive else None,
                    election is not False if archive else True,
                ),
            )
        )
    unique(y, [(f"{p}.slug", c.slug) for p, c in cats], "category slug")
    return tuple(c for _, c in cats)


def load_corrections(
    y: YamlDoc, doc: dict, categories: tuple[Category, ...], proclaimed: date | None
) -> tuple[Correction, ...]:
    """season.yaml `corrections` (optional): errata published after the proclamation.

    Each is `{date, text, categories?}`; the categories, slugs of this edition, are the
    pages that show it (none: the edition's palmarès only).
    """
    raw = doc.get("corrections")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        y.error("corrections", "must be a list of {date, text, categories}")
        return ()
    known = {c.slug for c in categories}
    found = []
    for i, node in enumerate(raw):
        path = f"corrections[{i}]"
        if not isinstance(node, dict):
            y.error(path, "must be a mapping {date, text, categories}")
            continue
        day = y.get(node, "date", path, "date")
        if day and proclaimed and day < proclaimed:
            y.error(f"{path}.date", "a correction comes after the proclamation")
        text = y.get(node, "text", path, "str")
        if text is not None and not text:
            y.error(f"{path}.text", "must not be empty")
        slugs = y.get(node, "categories", path, "list", default=[]) or []
        for j, slug in enumerate(slugs):
            if not isinstance(slug, str) or slug not in known:
                y.error(
                    f"{path}.categories[{j}]",
                    f"unknown category {shown(slug)} (not in this edition's categories.yaml)",
                )
        if day and text:
            found.append(
                Correction(day, text, tuple(s for s in slugs if isinstance(s, str) and s in known))
            )
    return tuple(sorted(found, key=lambda c: c.day))
