"""A season's season.yaml: its year, dates, threshold, channels and corrections.

Each check is a rule of the data contract, named for it: it yields the problems it finds
as (key path, message), which `YamlDoc.report` records in the order they are found.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from escda_site.inputs.channels import load_channel
from escda_site.inputs.model import FIRST_EDITION, LAST_EDITION, Category, Channel, Correction
from escda_site.inputs.yamldoc import YamlDoc, shown

Found = Iterator[tuple[str, str]]  # (key path, message) of each problem a rule finds


@dataclass(frozen=True)
class Season:
    """What season.yaml says before its channels: each None when missing or refused."""

    year: int | None
    start: date | None
    end: date | None
    proclamation: datetime | None
    valid_until: date | None
    threshold: float | None
    min_tested: int | None
    archive: bool | None


def read_season(y: YamlDoc, doc: dict, folder: str) -> Season:
    """The edition's year (its folder's name), campaign, proclamation, logo validity,
    threshold, minimum of companies tested, and whether it is an archive edition."""
    year = _edition_year(y, doc, folder)
    start, end = _campaign(y, doc)
    proclamation = y.get(doc, "proclamation", "", "datetime")
    y.report(proclaimed_after_the_campaign(proclamation, end))
    valid_until = y.get(
        doc, "logo_valid_until", "", "date", default=date(year, 9, 30) if year else None
    )
    if valid_until and proclamation and valid_until < proclamation.date():
        y.error("logo_valid_until", "must not be before the proclamation")
    threshold = y.get(doc, "threshold", "", "number")
    if threshold is not None and not 0 <= threshold <= 20:
        y.error("threshold", "must be between 0 and 20")
    min_tested = y.get(doc, "min_tested", "", "int", default=3)
    if min_tested is not None and min_tested < 1:
        y.error("min_tested", "must be at least 1")
    archive = y.get(doc, "archive", "", "bool", default=False)
    return Season(year, start, end, proclamation, valid_until, threshold, min_tested, archive)


def _edition_year(y: YamlDoc, doc: dict, folder: str) -> int | None:
    """`edition`: a year from FIRST_EDITION to LAST_EDITION, the name of its folder."""
    year = y.get(doc, "edition", "", "int")
    if year is not None and not FIRST_EDITION <= year <= LAST_EDITION:
        y.error(
            "edition",
            f"{year} is not an edition year ({FIRST_EDITION}, the first, to {LAST_EDITION})",
        )
        return None
    if year is not None and str(year) != folder:
        y.error("edition", f"{year} disagrees with the folder name {shown(folder)}")
    return year


def _campaign(y: YamlDoc, doc: dict) -> tuple[date | None, date | None]:
    """`campaign: {start, end}`, start no later than end."""
    campaign = y.get(doc, "campaign", "", "dict")
    # `campaign: {}` lacks both dates, as much as a campaign without them.
    start = y.get(campaign, "start", "campaign", "date") if campaign is not None else None
    end = y.get(campaign, "end", "campaign", "date") if campaign is not None else None
    if start and end and start > end:
        y.error("campaign", "start is after end")
    return start, end


def proclaimed_after_the_campaign(proclamation: datetime | None, end: date | None) -> Found:
    """The laureates are proclaimed after the last day of the tests."""
    if proclamation and end and proclamation.date() <= end:
        yield "proclamation", "must come after the end of the campaign"


def read_channels(y: YamlDoc, doc: dict, archive: bool) -> dict[str, Channel]:
    """`channels`, by id: at least one in a measured edition, none in an archive one."""
    if archive:
        if doc.get("channels"):
            y.error("channels", "an archive edition has no channels")
        return {}
    raw = y.get(doc, "channels", "", "dict")
    if raw == {}:  # every test belongs to a channel: the CSV checks need one
        y.error("channels", "at least one channel is needed (or `archive: true`)")
    channels: dict[str, Channel] = {}
    for cid, node in (raw or {}).items():
        channel = load_channel(y, str(cid), node)
        if channel:
            channels[str(cid)] = channel
    return channels


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
