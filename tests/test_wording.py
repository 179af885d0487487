"""One term for one thing: a category's result is named the same in every output.

« Pas de lauréat » (the contest took place, nobody reached the threshold) and « Pas
d'élection » (too few companies tested, or none could win) are different facts; a shared
title is « Lauréats ex æquo », plural, wherever it is named.
"""

from __future__ import annotations

import json
import re

import pytest

from escda_site.outputs.logos.share import category_share
from escda_site.outputs.site import site_outputs
from escda_site.text.wording import laureate_heading, no_laureate_heading

from factories import SITE_URL, edition_2026, public_site
from sitecheck import untypeset


@pytest.fixture(scope="module")
def outputs() -> dict[str, str]:
    out = site_outputs(public_site(), SITE_URL)
    return {path: c for path, c in [*out.pages, *out.files] if isinstance(c, str)}


def _plain(text: str) -> str:
    """Typography set aside (apostrophes, no-break spaces), HTML apostrophes resolved."""
    return untypeset(text.replace("&#x27;", "'").replace("&#39;", "'"))


def test_too_few_tested_is_no_election_in_every_output(outputs):
    # 2026 Mutuelle: 2 companies tested, fewer than the 3 an election needs.
    page = _plain(outputs["2026/mutuelle/index.md"])
    assert '!!! info "Pas d\'élection en 2026"' in page
    assert "Pas de lauréat" not in page
    for snippet in ("newsletter/2026/mutuelle.html", "newsletter/2026/mutuelle.txt"):
        text = _plain(outputs[snippet])
        assert "Pas d'élection : moins de 3 entreprises testées." in text
        assert "Pas de lauréat" not in text
    feed = _plain(outputs["feed.xml"])
    assert "Mutuelle : pas d'élection (moins de 3 entreprises testées)" in feed
    mutuelle = edition_2026().category("mutuelle")
    assert ("head", "Pas d'élection") in category_share(edition_2026(), mutuelle, SITE_URL).blocks


def test_below_threshold_is_no_laureate(outputs):
    # 2026 Énergie: tested and contested, no candidate reached 12/20.
    page = _plain(outputs["2026/energie/index.md"])
    assert '!!! info "Pas de lauréat en 2026"' in page and "élection" not in page
    snippet = _plain(outputs["newsletter/2026/energie.txt"])
    assert "Pas de lauréat : aucune entreprise candidate n'a atteint le seuil de 12/20." in snippet
    edition = _plain(outputs["2026/index.md"])
    assert "*Pas de lauréat : aucune entreprise candidate n'a atteint" in edition
    assert "*Pas d'élection : moins de 3 entreprises testées*" in edition


def test_the_headings_come_from_the_category_status():
    e = edition_2026()
    assert [no_laureate_heading(e.category(s)) for s in ("mutuelle", "energie")] == [
        "Pas d'élection",
        "Pas de lauréat",
    ]
    assert laureate_heading(e.category("assurance")) == "Lauréats ex æquo"
    assert laureate_heading(e.category("banque")) == "Lauréat"


def test_a_shared_title_is_plural_everywhere(outputs):
    page = outputs["2026/assurance/index.md"]
    # One box for the shared title, naming both laureates.
    assert page.count("!!! success") == 1
    assert '!!! success "Lauréats ex æquo 2026"' in page
    assert re.search(r"\*\*\[[^\]]+\]\([^)]+\)\*\* et \*\*\[.*remportent ex æquo le titre", page)
    assert "Lauréats ex æquo" in outputs["newsletter/2026/assurance.html"]
    assert "Lauréats ex æquo :" in _plain(outputs["newsletter/2026/assurance.txt"])
    singular = [p for p, text in outputs.items() if re.search(r"Lauréat ex (æ|ae)quo", text)]
    assert singular == []


def test_open_data_reason_matches_the_pages(outputs):
    doc = json.loads(outputs["donnees/2026/laureats.json"])
    reasons = {c["categorie_slug"]: c["raison_libelle"] for c in doc["categories_sans_laureat"]}
    assert reasons["mutuelle"] == "moins de 3 entreprises testées"
