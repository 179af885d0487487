"""The demo data's files, written in the data contract's format from what the generator
drew: season.yaml, categories.yaml, sectors.yaml, companies.yaml and the CSV tables."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from escda_site.demo.catalog import (
    MIN_TESTED,
    SECTORS,
    _campaign,
    _Company,
    _proclamation,
    _siren,
    _threshold,
)
from escda_site.demo.channels import PHONE_FIELDS, ZERO_RULES, _Chan


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def season_header(year: int, archive: bool, seed: int) -> list[str]:
    """The lines of season.yaml before its channels."""
    start, end = _campaign(year)
    kind = "archive (lauréats seulement)" if archive else "tests et notes"
    return [
        f"# ESCDA {year} : saison fictive de démonstration, {kind}.",
        f"# Générée par `escda demo-data` (seed {seed}).",
        f"edition: {year}",
        f"campaign: {{start: {start.isoformat()}, end: {end.isoformat()}}}",
        f"proclamation: {_proclamation(year)}",
        f"logo_valid_until: {year}-09-30",
        f"threshold: {_threshold(year):.1f}",
        f"min_tested: {MIN_TESTED}",
        f"archive: {'true' if archive else 'false'}",
    ]


def season_yaml(header: list[str], channels: Sequence[_Chan]) -> str:
    """season.yaml of a measured edition: its header, then every channel."""
    lines = [*header, "channels:"]
    for ch in channels:
        lines += _channel_lines(ch)
    return "\n".join(lines) + "\n"


def _channel_lines(ch: _Chan) -> list[str]:
    lines = [
        f"  {ch.id}:",
        f"    label: {q(ch.label)}",
        f"    tests: {ch.tests}",
        f"    weight: {ch.tests}",
    ]
    if ch.smartphone:
        lines.append(f"    devices: {{smartphone: {ch.smartphone}}}")
    if ch.phone_fields:
        fields = ", ".join(f"{n}: {t}" for n, t in PHONE_FIELDS)
        lines.append(f"    fields: {{{fields}}}")
    lines.append("    criteria:")
    for c in ch.criteria:
        lines.append(
            f"      - {{id: {c.id}, label: {q(c.label)}, group: {q(c.group)}, max: {c.max}}}"
        )
    if ch.phone_fields:
        lines.append("    zero_if:")
        for name, op, value, label in ZERO_RULES:
            shown = "true" if value is True else value
            lines.append(
                f"      - {{field: {name}, op: {q(op)}, value: {shown}, label: {q(label)}}}"
            )
    return lines


def categories_yaml(
    category_set: Iterable[tuple[str, str, str, tuple[str, ...]]],
    entrants: list[tuple[str, str, str]],
) -> str:
    """categories.yaml of a measured edition; `entrants` as (category, company, role)."""
    lines = []
    for slug, name, sector, _ in category_set:
        lines += [f"- slug: {slug}", f"  name: {q(name)}", f"  sector: {sector}"]
        mine = [(company, role) for cat, company, role in entrants if cat == slug]
        lines.append("  entrants:" if mine else "  entrants: []")
        for company, role in mine:
            lines.append(f"    - {{company: {company}, role: {role}}}")
    return "\n".join(lines) + "\n"


def sectors_yaml(used: set[str]) -> str:
    """sectors.yaml: the sectors of the categories run, in the catalogue's order."""
    lines = []
    for slug, name in SECTORS:
        if slug in used:
            lines += [f"- slug: {slug}", f"  name: {q(name)}"]
    return "\n".join(lines) + "\n"


def companies_yaml(companies: list[_Company], years: list[int]) -> str:
    """companies.yaml: every company that entered, with its former names, website, SIREN."""
    lines = []
    for c in companies:
        lines += [f"- slug: {c.slug}", f"  name: {q(c.name)}"]
        if c.former_names:
            until = _renamed_on(years).isoformat()
            dated = (f"{{name: {q(n)}, until: {until}}}" for n in c.former_names)
            lines.append(f"  former_names: [{', '.join(dated)}]")
        if c.website:
            lines.append(f"  website: {q(c.website)}")
        if siren := _siren(c.slug):
            lines.append(f"  siren: {q(siren)}")
    return "\n".join(lines) + "\n"


def _renamed_on(years: list[int]) -> date:
    """The last day a renamed demo company bore its former name: 30 June two years before
    the last edition, so that the last two editions show the new name and older ones the
    name their logo bore (with the name today beside it)."""
    return date(max(years[0], years[-1] - 2), 6, 30)


def write_csv(path: Path, table: pa.Table) -> None:
    """A table as CSV, its header unquoted."""
    # Arrow quotes every header name; values here never hold a separator or a quote.
    with path.open("wb") as f:
        f.write((",".join(table.column_names) + "\n").encode())
        pacsv.write_csv(table, f, pacsv.WriteOptions(include_header=False, quoting_style="none"))
