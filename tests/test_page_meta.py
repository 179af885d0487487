"""Each page's metadata, as the generated front matter and the theme's <head> show it."""

from __future__ import annotations

import dataclasses

import pytest

from escda_site.public.page_meta import page_meta

from factories import edition_2014, edition_2026, public_site

BANNER = "EMBARGO — ne pas diffuser avant le 9\u00a0octobre 2025 à 20\u00a0h"


def _preview_with_2026_embargoed():
    site = public_site(dataclasses.replace(edition_2026(), embargoed=True), edition_2014())
    return dataclasses.replace(site, preview=True)


def test_a_public_page_has_only_its_words_escaped_and_typeset():
    meta = page_meta(public_site(), "logo/index.md", title="A <b> : x", description='l\'été "x"')
    # Typeset (they are read in search results and shared links), then escaped.
    assert meta == {"title": "A &lt;b&gt;\u00a0: x", "description": "l’été &quot;x&quot;"}


def test_a_preview_bans_indexing_and_marks_every_page_showing_embargoed_results():
    site = _preview_with_2026_embargoed()
    for path in ("2026/banque/index.md", "index.md", "entreprises/x/index.md", "contact.md"):
        meta = page_meta(site, path)
        assert meta["embargo"] == BANNER, path
        assert meta["robots"] == "noindex", path
    # A proclaimed edition's own pages show nothing under embargo, but stay unindexed.
    assert page_meta(site, "2014/index.md") == {
        "robots": "noindex",
        "tab": "palmares/index.md",
        "hide": ["navigation"],
    }


def test_the_share_image_comes_with_its_alternative_text():
    meta = page_meta(public_site(), "2026/banque/index.md", image="logos/x.png", image_alt="Logo")
    assert (meta["image"], meta["image_alt"]) == ("logos/x.png", "Logo")


@pytest.mark.parametrize(
    "path,tab",
    [
        ("2026/banque/index.md", "palmares/index.md"),
        ("categories/banque/index.md", "categories/index.md"),
        ("entreprises/acme/index.md", "entreprises/index.md"),
        ("secteurs/finance/index.md", "secteurs/index.md"),
        ("2026/methodologie/index.md", "methodologie/index.md"),
        ("2026/index.md", "palmares/index.md"),
        ("palmares/index.md", None),
        ("methodologie/index.md", None),
        ("logo/index.md", None),
    ],
)
def test_a_detail_page_names_its_tab_and_hides_the_empty_navigation(path, tab):
    meta = page_meta(public_site(), path)
    assert meta.get("tab") == tab
    assert (meta.get("hide") == ["navigation"]) is (tab is not None)
