"""Atom feed of the editions."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import datetime

import pytest

from escda_site.outputs.feed import atom_feed
from escda_site.text.wording import AWARD

from factories import FORMULA, SCRIPT, SITE_URL, edition_2014, edition_2026, public_site
from sitecheck import untypeset

A = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def feed() -> ET.Element:
    path, xml = atom_feed(public_site(), SITE_URL)
    assert path == "feed.xml"
    assert xml.startswith('<?xml version="1.0" encoding="utf-8"?>\n')
    return ET.fromstring(xml.encode())


def test_feed_header(feed: ET.Element) -> None:
    assert feed.tag == f"{A}feed"
    assert feed.findtext(f"{A}id") == SITE_URL
    assert feed.findtext(f"{A}title") == f"{AWARD} — palmarès"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{A}link")}
    assert links == {"self": f"{SITE_URL}feed.xml", "alternate": SITE_URL}
    assert feed.findtext(f"{A}author/{A}name") == AWARD
    updated = datetime.fromisoformat(feed.findtext(f"{A}updated") or "")
    assert updated == edition_2026().proclamation and updated.tzinfo is not None


def test_one_entry_per_edition_newest_first(feed: ET.Element) -> None:
    entries = feed.findall(f"{A}entry")
    editions = [edition_2026(), edition_2014()]
    # The factories' site is a demo: every title says so first (see test_demo_stamp.py).
    assert [e.findtext(f"{A}title") for e in entries] == [
        "[DÉMONSTRATION — données fictives] Palmarès ESCDA 2026",
        "[DÉMONSTRATION — données fictives] Palmarès ESCDA 2014",
    ]
    for entry, edition in zip(entries, editions, strict=True):
        assert entry.find(f"{A}link").get("href") == f"{SITE_URL}{edition.year}/"
        for tag in ("published", "updated"):
            moment = datetime.fromisoformat(entry.findtext(f"{A}{tag}") or "")
            assert moment == edition.proclamation
        assert entry.findtext(f"{A}id", "").startswith("tag:palmares.example.fr,")
    ids = [e.findtext(f"{A}id") for e in entries]
    assert len(set(ids)) == len(ids)
    summary = untypeset(entries[0].findtext(f"{A}summary") or "")
    assert "6 titres dans 7 catégories" in summary and "12/20" in summary


def test_byte_identical_across_calls() -> None:
    assert atom_feed(public_site(), SITE_URL) == atom_feed(public_site(), SITE_URL)


def test_entry_ids_do_not_depend_on_the_scheme() -> None:
    _, https = atom_feed(public_site(), SITE_URL)
    _, http = atom_feed(public_site(), SITE_URL.replace("https", "http"))
    ids = [ET.fromstring(x).findtext(f"{A}entry/{A}id") for x in (https, http)]
    assert ids[0] == ids[1]


def test_feed_without_edition_is_still_valid() -> None:
    empty = replace(public_site(), editions=())
    _, xml = atom_feed(empty, SITE_URL)
    root = ET.fromstring(xml)
    assert root.findall(f"{A}entry") == []
    assert datetime.fromisoformat(root.findtext(f"{A}updated") or "") == empty.as_of


def test_entries_name_the_laureates_of_each_category(feed: ET.Element) -> None:
    entries = feed.findall(f"{A}entry")
    content = entries[0].find(f"{A}content")
    assert content is not None and content.get("type") == "text"
    lines = untypeset(content.text or "").splitlines()
    assert lines[0] == "Lauréats 2026"
    # Each line also says how many companies were tested, as the pages do.
    all_candidates = "toutes candidates au titre"
    banque = "Banque : Exemple Banque, note globale 16,72/20 ; 5 entreprises testées"
    assert f"{banque}, {all_candidates}" in lines
    tested = f"4 entreprises testées, {all_candidates}"
    assert f"Assurance : {SCRIPT} et {FORMULA}, ex æquo, note globale 15,50/20 ; {tested}" in lines
    too_few = f"Mutuelle : pas d'élection (2 entreprises testées, {all_candidates}, alors qu'il"
    assert any(line.startswith(too_few) for line in lines)
    archive = untypeset(entries[1].find(f"{A}content").text or "").splitlines()
    # Neither the mark nor the count published: each said so in its own words.
    unpublished = "note globale non publiée ; nombre d'entreprises testées non publié"
    assert f"Banque : Exemple Banque, {unpublished}" in archive


def test_an_entry_title_has_one_bracket_and_a_renamed_laureate_one_parenthesis():
    site = replace(public_site(replace(edition_2026(), embargoed=True)), demo=True)
    feed = untypeset(atom_feed(site, SITE_URL)[1])
    assert "] [" not in feed
    assert "[DÉMONSTRATION — données fictives ; EMBARGO jusqu'au" in feed
    assert ") (" not in feed
