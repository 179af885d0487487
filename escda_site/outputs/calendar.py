"""Each edition's calendar as iCalendar (RFC 5545): `/<edition>/calendrier.ics`.

Three events a journalist or a laureate can add to a calendar: the mystery-shopper
campaign, the proclamation and the last day the edition's logo may be displayed. The
file is deterministic: its DTSTAMP is the proclamation (never the build's clock), UIDs
are derived from the edition and the site's host, and times are written in UTC so no
time-zone table (which depends on the machine's tzdata) is embedded.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from icalendar import Calendar, Event

from escda_site.public import urls
from escda_site.public.view import PublicEdition, PublicSite
from escda_site.text import frformat
from escda_site.text.typography import typeset_text
from escda_site.text.wording import DEMO_STAMP, award_of, demo_prefix

PRODID = "-//ESCDA//Portail des résultats//FR"


def calendar_path(edition: PublicEdition) -> str:
    """Site-relative path of an edition's calendar."""
    return urls.calendar(edition.year)


def _event(
    uid: str,
    stamp: datetime,
    summary: str,
    start: date | datetime,
    end: date | None,
    description: str,
    url: str,
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    if end is not None:
        event.add("dtend", end)
    event.add("summary", typeset_text(summary))
    event.add("description", typeset_text(description))
    event.add("url", url)
    event.add("transp", "TRANSPARENT")  # informative dates: they never block anyone's time
    return event


def edition_calendar(edition: PublicEdition, site_url: str, demo: bool = False) -> bytes:
    """The iCalendar document of one edition (CRLF lines, UTF-8); `demo`: demo data, said
    in every event's summary and description (an event is read in a calendar, alone)."""
    host = urlsplit(site_url).hostname or "localhost"
    stamp = edition.proclamation.astimezone(UTC)
    name = award_of(edition.year)
    prefix = demo_prefix(demo) + (
        f"[EMBARGO jusqu’au {frformat.moment(edition.proclamation)}] " if edition.embargoed else ""
    )
    fictitious = f" {DEMO_STAMP}." if demo else ""
    page = site_url + urls.edition(edition.year)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{prefix}{name}")
    events = []
    if not edition.archive:
        events.append(
            _event(
                f"escda-{edition.year}-campagne@{host}",
                stamp,
                f"{prefix}{name} : tests clients mystères",
                edition.campaign_start,
                edition.campaign_end + timedelta(days=1),  # DTEND of a day is exclusive
                f"Campagne de tests clients mystères de l'édition {edition.year}, "
                f"{frformat.period(edition.campaign_start, edition.campaign_end)}." + fictitious,
                site_url + urls.methodology(edition.year),
            )
        )
    events += [
        _event(
            f"escda-{edition.year}-proclamation@{host}",
            stamp,
            f"{prefix}{name} : proclamation du palmarès",
            edition.proclamation.astimezone(UTC),
            None,
            f"Proclamation des lauréats de l'édition {edition.year}, le "
            f"{frformat.moment(edition.proclamation)} ; le logo {edition.year} peut être "
            "utilisé dès ce moment." + fictitious,
            page,
        ),
        _event(
            f"escda-{edition.year}-fin-logo@{host}",
            stamp,
            f"{prefix}{name} : dernier jour de validité du logo",
            edition.logo_valid_until,
            edition.logo_valid_until + timedelta(days=1),
            f"Les lauréats de l'édition {edition.year} peuvent afficher le logo "
            f"{edition.year} jusqu'au "
            f"{frformat.day(edition.logo_valid_until)} inclus." + fictitious,
            page,
        ),
    ]
    for event in events:
        cal.add_component(event)
    return cal.to_ical()


def calendar_files(site: PublicSite, site_url: str) -> list[tuple[str, bytes]]:
    """`<edition>/calendrier.ics` for every public edition."""
    return [(calendar_path(e), edition_calendar(e, site_url, site.demo)) for e in site.editions]
