"""The badge laureates embed: one address, the logo while valid, never the logo after."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime
from html import unescape
from pathlib import Path

import pytest
from PIL import Image
from test_logos import SITE_URL, assets_in, site

from escda_site.engine.postbuild import headers_file
from escda_site.outputs.pages import badge_html
from escda_site.public import urls

from sitecheck import ROOT, build, page, untypeset

BADGE = urls.badge(2020, "banque", "acme")


def _badge_and_logo(tmp_path: Path, day: datetime) -> tuple[bytes, bytes]:
    files = dict(assets_in(replace(site(), as_of=day), tmp_path, SITE_URL).files)
    return files[BADGE].read_bytes(), files[urls.logo(2020, "banque", "acme", 256)].read_bytes()


@pytest.mark.slow
def test_the_badge_is_the_logo_until_it_expires_then_a_card_that_says_so(tmp_path):
    valid, logo = _badge_and_logo(tmp_path, datetime(2020, 9, 30, 12, tzinfo=UTC))
    assert valid == logo
    expired, logo = _badge_and_logo(tmp_path, datetime(2020, 10, 1, 12, tzinfo=UTC))
    assert expired != logo
    card = Image.open(io.BytesIO(expired))
    assert card.size == (256, 256)  # the pasted code's width and height still fit it
    said = untypeset(card.info["Description"]).split("\n")
    assert said == [
        "Titre ESCDA de l'édition",
        "2020",
        "Banque",
        "Plus en cours",
        "depuis le 01/10/2020",
    ]


def test_the_pasted_code_points_at_the_badge_not_the_dated_logo():
    title = site().titles()[0]
    snippet = badge_html(title, SITE_URL)
    assert f'src="{SITE_URL}{BADGE}"' in snippet and "/logos/" not in snippet
    assert snippet.startswith(f'<a href="{SITE_URL}2020/banque/">')


def test_the_pasted_alt_stays_true_on_both_sides_of_the_expiry():
    """The code on the laureate's site is static while its image turns into a « Plus en
    cours » card: its alt (the link's name, read aloud) names a past title and where to
    check it, never « Élu … 2020 » as a current claim."""
    title = site().titles()[0]
    snippets = {
        badge_html(replace(site(), as_of=day).titles()[0], SITE_URL)
        for day in (datetime(2020, 9, 30, 12, tzinfo=UTC), datetime(2020, 10, 1, 12, tzinfo=UTC))
    }
    assert len(snippets) == 1
    alt = unescape(snippets.pop().split('alt="')[1].split('"')[0])
    assert alt == (
        f"Titre Élu Service Client de l\u2019Année, édition 2020, catégorie Banque, décerné à "
        f"{title.laureate.name} \u2014 validité à vérifier sur le portail des résultats"
    )
    assert "Année 2020" not in alt


def test_the_headers_file_keeps_badges_short_and_hashed_files_long(tmp_path):
    hashed = tmp_path / "assets/javascripts/bundle.0123abcd.min.js"
    hashed.parent.mkdir(parents=True)
    hashed.write_text("x")
    (tmp_path / "assets/escda.css").write_text("x")
    text = headers_file(tmp_path)
    assert "/badges/*\n  Cache-Control: public, max-age=3600\n" in text
    assert (
        "/assets/javascripts/bundle.0123abcd.min.js\n"
        "  Cache-Control: public, max-age=31536000, immutable\n"
    ) in text
    assert "escda.css" not in text  # not named by its content: the host's default


@pytest.mark.slow
def test_two_daily_builds_serve_different_bytes_at_the_badge_address(bundled_site):
    """The bundled data built before and after 30 September 2027: the badge of 2027's
    Banque laureate swaps from the logo to a card that is no logo at all."""
    after = build(
        ROOT / "data",
        bundled_site.parent.parent / "badge-after" / "site",
        "2027-10-01T09:00:00+02:00",
        cache=bundled_site.parent / "cache",
    )
    badge = urls.badge(2027, "banque", "banque-horizon")
    before_bytes, after_bytes = (bundled_site / badge).read_bytes(), (after / badge).read_bytes()
    assert (
        before_bytes
        == (bundled_site / urls.logo(2027, "banque", "banque-horizon", 256)).read_bytes()
    )
    assert after_bytes != before_bytes
    logos = {p.read_bytes() for p in (after / urls.LOGOS).rglob("*.png")}
    assert after_bytes not in logos
    assert "Plus en cours" in Image.open(after / badge).info["Description"]
    # Every title has its badge; the page still links the code to the proof page.
    assert len(list((after / urls.BADGES).rglob("*.png"))) == len(
        list((after / urls.LOGOS).rglob("*-256.png"))
    )
    assert f"{urls.BADGES}2027/banque/banque-horizon.png" in page(bundled_site, "2027/banque/")
    assert "/badges/*" in (after / "_headers").read_text(encoding="utf-8")
