"""sectors.yaml and companies.yaml: slugs, names, former names, websites and register numbers."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from escda_site.inputs.model import Company, NationalId, Sector
from escda_site.inputs.problems import Problems
from escda_site.inputs.yamldoc import YamlDoc, list_of_dicts, shown, text_problem, unique
from escda_site.inputs.yamlread import read_yaml
from escda_site.public import urls


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
