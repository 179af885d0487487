"""Atom feed of the proclaimed editions, newest first (`/feed.xml`)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, time
from urllib.parse import urlsplit

from escda_site.inputs.model import Correction
from escda_site.public import claims, urls
from escda_site.public.sentences import (
    edition_summary,
    laureate_names,
    no_laureate_heading,
)
from escda_site.public.view import PublicEdition, PublicSite
from escda_site.text import frformat
from escda_site.text.clean import in_sentence
from escda_site.text.figures import mark_phrase
from escda_site.text.typography import typeset_text
from escda_site.text.wording import AWARD, DEMO_STAMP, demo_prefix, edition_label

ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_TITLE = f"{AWARD} — palmarès"


def rfc3339(moment: datetime) -> str:
    """`2025-10-09T20:00:00+02:00`; a naive moment is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat(timespec="seconds")


def entry_id(site_url: str, edition: PublicEdition) -> str:
    """A tag: URI (RFC 4151): it survives a move to another scheme or path on the same host."""
    host = urlsplit(site_url).hostname or "localhost"
    return f"tag:{host},{edition.proclamation.date().isoformat()}:escda/{edition.year}"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        # Dates and ids are not French text; typography leaves them as they are anyway.
        element.text = typeset_text(text)
    return element


def _summary(edition: PublicEdition) -> str:
    return (
        f"{edition_summary(edition)}. "
        f"Palmarès de la {frformat.ordinal(edition.number)} édition, proclamé le "
        f"{frformat.day(edition.proclamation)}. {claims.edition_award_line(edition)} "
        f"Tests clients mystères réalisés "
        f"{frformat.period(edition.campaign_start, edition.campaign_end)}."
    )


def _laureates(edition: PublicEdition) -> str:
    """One line per category, naming its laureates and their mark, sectors in site order."""
    lines = []
    for _, categories in edition.by_sector():
        for category in categories:
            # Each line says how many companies were tested and could win, as pages do.
            # … or that the number was not published (archives).
            tested = f" ; {claims.tested_text(category)}"
            if not category.laureates:
                # One colon per line: « Banque : pas d'élection (moins de 3 …) ».
                none = in_sentence(no_laureate_heading(category))
                reason, count = claims.reason_and_count(edition, category)
                lines.append(f"{category.name} : {none} ({reason})" + (f" ; {count}" * bool(count)))
                continue
            names = laureate_names(category)  # as proclaimed, with today's name if renamed
            if len(category.laureates) > 1:
                names += ", ex æquo"
            names += f", {mark_phrase(category.laureates[0].overall)}"
            lines.append(f"{category.name} : {names}{tested}")
    return "\n".join(lines)


def _stamps(demo: bool, edition: PublicEdition) -> str:
    """What an entry's title must say before its name, in one bracket: `[DÉMONSTRATION —
    données fictives ; EMBARGO jusqu'au …] ` (two brackets in a row read as a glitch)."""
    stamps = [DEMO_STAMP] if demo else []
    if edition.embargoed:
        stamps.append(f"EMBARGO jusqu'au {frformat.moment(edition.proclamation)}")
    return f"[{' ; '.join(stamps)}] " if stamps else ""


def _moment(day: date) -> datetime:
    """A correction's day as a moment: noon in Paris (Atom dates are date-times)."""
    return datetime.combine(day, time(12), tzinfo=frformat.PARIS)


def _correction_entry(
    feed: ET.Element,
    site_url: str,
    edition: PublicEdition,
    number: int,
    correction: Correction,
    demo: bool,
) -> None:
    """An erratum after the proclamation, as its own entry: readers of the feed see it."""
    host = urlsplit(site_url).hostname or "localhost"
    entry = _sub(feed, "entry")
    day = correction.day.isoformat()
    _sub(entry, "id", f"tag:{host},{day}:escda/{edition.year}/correction/{number}")
    names = [c.name for slug in correction.categories if (c := edition.category(slug))]
    about = f" — {', '.join(names)}" if names else ""
    title = f"Correction du palmarès {edition_label(edition.year)}{about}"
    _sub(entry, "title", demo_prefix(demo) + title)
    first = correction.categories[0] if correction.categories else None
    target = urls.category(edition.year, first) if first else urls.edition(edition.year)
    _sub(entry, "link", rel="alternate", type="text/html", href=site_url + target)
    _sub(entry, "published", rfc3339(_moment(correction.day)))
    _sub(entry, "updated", rfc3339(_moment(correction.day)))
    _sub(entry, "summary", f"Correction du {frformat.day(correction.day)} : {correction.text}")


def atom_feed(site: PublicSite, site_url: str) -> tuple[str, str]:
    """("feed.xml", the Atom 1.0 document); dates come from proclamations only."""
    # A plain xmlns attribute keeps the default namespace without ElementTree's global
    # namespace registry, and without "ns0:" prefixes.
    feed = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": "fr"})
    _sub(feed, "id", site_url)
    _sub(feed, "title", FEED_TITLE)
    subtitle = "Les lauréats de chaque édition, à leur proclamation."
    # An entry is read in a feed reader, away from the site's banner: demo data say so.
    _sub(feed, "subtitle", f"{DEMO_STAMP}. {subtitle}" if site.demo else subtitle)
    _sub(feed, "link", rel="self", type="application/atom+xml", href=site_url + urls.feed())
    _sub(feed, "link", rel="alternate", type="text/html", href=site_url)
    # `updated` is required: with no edition yet, the build's reference moment stands in.
    moments = [e.proclamation for e in site.editions]
    moments += [_moment(c.day) for e in site.editions for c in e.corrections]
    _sub(feed, "updated", rfc3339(max(moments) if moments else site.as_of))
    author = _sub(feed, "author")
    _sub(author, "name", AWARD)
    _sub(author, "uri", site_url)

    for edition in site.editions:
        entry = _sub(feed, "entry")
        _sub(entry, "id", entry_id(site_url, edition))
        title = f"{_stamps(site.demo, edition)}Palmarès {edition_label(edition.year)}"
        _sub(entry, "title", title)
        _sub(
            entry,
            "link",
            rel="alternate",
            type="text/html",
            href=site_url + urls.edition(edition.year),
        )
        _sub(entry, "published", rfc3339(edition.proclamation))
        _sub(entry, "updated", rfc3339(edition.proclamation))
        _sub(entry, "summary", _summary(edition))
        _sub(entry, "content", f"Lauréats {edition.year}\n{_laureates(edition)}", type="text")
        for i, correction in enumerate(edition.corrections, start=1):
            _correction_entry(feed, site_url, edition, i, correction, site.demo)

    ET.indent(feed)
    body = ET.tostring(feed, encoding="unicode")
    return urls.feed(), f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'
