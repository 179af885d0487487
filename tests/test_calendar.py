"""The edition's calendar (`/<edition>/calendrier.ics`), read back with icalendar."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, timedelta

from icalendar import Calendar

from escda_site.outputs.calendar import calendar_files, edition_calendar

from factories import SITE_URL, edition_2014, edition_2026, fixture_outputs, public_site
from sitecheck import unfold_ics


def events(document: bytes) -> dict[str, object]:
    """Events by the end of their UID (campagne, proclamation, fin-logo)."""
    cal = Calendar.from_ical(document)
    return {
        str(ev["uid"]).split("@")[0].removeprefix("escda-2026-").removeprefix("escda-2014-"): ev
        for ev in cal.walk("VEVENT")
    }


def test_campaign_proclamation_and_end_of_logo_validity():
    edition = edition_2026()
    found = events(edition_calendar(edition, SITE_URL))
    assert set(found) == {"campagne", "proclamation", "fin-logo"}
    campaign = found["campagne"]
    assert campaign.decoded("dtstart") == edition.campaign_start
    # DTEND of an all-day event is exclusive: the campaign's last day is included.
    assert campaign.decoded("dtend") == edition.campaign_end + timedelta(days=1)
    assert found["proclamation"].decoded("dtstart") == edition.proclamation
    assert found["fin-logo"].decoded("dtstart") == date(2026, 9, 30)
    assert str(found["fin-logo"]["url"]) == f"{SITE_URL}2026/"
    assert "dernier jour de validité du logo" in str(found["fin-logo"]["summary"])
    # « son logo » read as the laureates' own logo (« leur » if anything): the dated one.
    assert " ".join(str(found["fin-logo"]["description"]).split()) == (
        "Les lauréats de l’édition 2026 peuvent afficher le logo 2026 jusqu’au "
        "30 septembre 2026 inclus."
    )


def test_deterministic_stamp_and_stable_uids():
    edition = edition_2026()
    document = edition_calendar(edition, SITE_URL)
    assert document == edition_calendar(edition, SITE_URL)
    for event in events(document).values():
        assert event.decoded("dtstamp") == edition.proclamation.astimezone(UTC)
        assert str(event["uid"]).endswith("@palmares.example.fr")
    uids = [str(e["uid"]) for e in Calendar.from_ical(document).walk("VEVENT")]
    assert len(set(uids)) == len(uids) == 3


def test_archive_edition_has_no_campaign_and_files_are_per_edition():
    assert set(events(edition_calendar(edition_2014(), SITE_URL))) == {"proclamation", "fin-logo"}
    assert [p for p, _ in calendar_files(public_site(), SITE_URL)] == [
        "2026/calendrier.ics",
        "2014/calendrier.ics",
    ]
    assert "2026/calendrier.ics" in dict(fixture_outputs().files)


def test_an_embargoed_edition_says_so_in_a_preview():
    text = unfold_ics(edition_calendar(replace(edition_2026(), embargoed=True), SITE_URL).decode())
    assert "SUMMARY:[EMBARGO jusqu’au 9\u00a0octobre 2025 à 20\u00a0h] Élu Service Client" in text
