"""Safe publishing: embargo, confidentiality, hostile names, atomic and deterministic builds."""

from __future__ import annotations

import json
import os
import re

import pytest

from escda_site.inputs.problems import DataError
from escda_site.outputs import pages
from escda_site.outputs.logos import layout
from escda_site.public import urls

from linkcheck import broken_links
from minidata import company, write
from sitecheck import build, json_ld, page, shown, texts, tree_hash

# Every test reads a site built from the data below, or builds one: `slow`.
pytestmark = pytest.mark.slow

# 2020: "Alpha Banque" wins banque; "Zorglub Confidentiel" and the benchmark lose.
ED_2020 = {
    "banque": [
        company("alpha", [(4, 4), (2, None)], [7]),
        company("zorglub", [(4, 4), (4, 4)], [10], ring=(10, 90)),
        company("temoin", [(4, 4), (4, 4)], [10], role="benchmark"),
    ],
}
# 2021, proclaimed 2020-10-10: "Omegembargo" wins; only visible after that date.
ED_2021 = {
    "banque": [
        company("omegembargo", [(4, 4), (4, 4)], [9]),
        company("alpha", [(3, 3), (3, 3)], [7]),
        company("zorglub", [(2, 2), (2, 2)], [5]),
    ],
}
NAMES = {
    "alpha": "Alpha Banque",
    "zorglub": "Zorglub Confidentiel",
    "temoin": "Benchmarkix Témoin",
    "omegembargo": "Omegembargo Énergie",
}
# Every company has a SIREN: the losers' and the embargoed laureate's must stay unpublished.
SIRENS = {
    "alpha": "986972685",
    "zorglub": "981350838",
    "temoin": "874869167",
    "omegembargo": "954590246",
}
SECRETS = ["Zorglub", "zorglub", "Benchmarkix", "temoin", SIRENS["zorglub"], SIRENS["temoin"]]


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    root = tmp_path_factory.mktemp("data")
    write(root, ED_2020, names=NAMES)
    write(root, ED_2021, year=2021, names=NAMES)
    companies = root / "companies.yaml"
    text = companies.read_text(encoding="utf-8")
    for slug, siren in SIRENS.items():
        text = text.replace(f"slug: {slug}\n", f"slug: {slug}\n  siren: '{siren}'\n")
    companies.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def public_site(data, tmp_path_factory):
    # Between the two proclamations: 2021 is under embargo.
    return build(data, tmp_path_factory.mktemp("out") / "site", "2020-06-01T12:00:00+02:00")


@pytest.fixture(scope="module")
def preview_site(data, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "site-preview"
    return build(data, out, "2020-06-01T12:00:00+02:00", preview=True)


def test_embargoed_edition_is_nowhere_in_the_public_site(public_site):
    assert (public_site / "2020" / "banque" / "index.html").is_file()
    assert not (public_site / "2021").exists()
    assert not (public_site / "logos" / "2021").exists()
    assert not (public_site / urls.BADGES / "2021").exists()
    assert (public_site / urls.badge(2020, "banque", "alpha")).is_file()
    assert not (public_site / "newsletter" / "2021").exists()
    assert not (public_site / urls.opendata_file(2021, "csv")).exists()
    for name, text in texts(public_site):
        assert "Omegembargo" not in text and "omegembargo" not in text, name
        assert SIRENS["omegembargo"] not in text, name
        assert "/2021/" not in text, name
        assert "Palmarès 2021" not in text, name


def test_embargo_lifts_at_the_proclamation(data, public_site, tmp_path):
    # The public build's cache: what it holds of 2020 is reused, 2021 is made anew.
    site = build(
        data, tmp_path / "site", "2020-10-10T20:00:00+02:00", cache=public_site.parent / "cache"
    )
    assert "Omegembargo Énergie" in page(site, "2021/banque/")
    assert "EMBARGO" not in page(site, "2021/banque/")


def test_preview_marks_embargoed_pages(preview_site):
    html = page(preview_site, "2021/banque/")
    assert "EMBARGO — ne pas diffuser avant le 10\u00a0octobre 2020 à 20\u00a0h" in html
    assert '<meta name="robots" content="noindex">' in html
    assert "EMBARGO" not in page(preview_site, "2020/banque/")
    # Nothing of a preview is to be indexed, proclaimed editions included.
    assert '<meta name="robots" content="noindex">' in page(preview_site, "2020/banque/")


def test_preview_marks_every_shared_page_that_shows_embargoed_results(preview_site):
    assert "Omegembargo Énergie" in page(preview_site, "entreprises/omegembargo/")
    for url in ("", "entreprises/omegembargo/", "secteurs/", "logo/", urls.opendata_page()):
        html = page(preview_site, url)
        assert "EMBARGO — ne pas diffuser avant le 10\u00a0octobre 2020 à 20\u00a0h" in html, url
        assert '<meta name="robots" content="noindex">' in html, url
    feed = (preview_site / "feed.xml").read_text(encoding="utf-8")
    assert "[EMBARGO jusqu’au 10\u00a0octobre 2020 à 20\u00a0h] Palmarès ESCDA 2021" in feed


def _non_laureate_marks() -> list[str]:
    # zorglub 2020: phone (20 + 0) / 2 = 10, email 20 -> (2×10 + 20) / 3 = 13.3333
    return ["13,33", "13.33", "13.333"]


def test_a_preview_closes_robots_txt(public_site, preview_site):
    assert "Disallow: /" in (preview_site / "robots.txt").read_text().splitlines()
    assert "Sitemap:" not in (preview_site / "robots.txt").read_text()
    assert "Disallow: /" not in (public_site / "robots.txt").read_text()


def test_non_laureates_never_appear(public_site, preview_site):
    for site in (public_site, preview_site):
        for name, text in texts(site):
            for secret in SECRETS:
                assert secret not in text, f"{secret!r} in {name}"
            for mark in _non_laureate_marks():
                assert mark not in text, f"{mark!r} in {name}"


def test_the_scans_read_every_kind_of_file_that_names_a_laureate(public_site):
    # A name drawn in a PDF, an SVG or an image is text the scans see: the laureate's is
    # found in each kind, so a non-laureate's (tested above) could not hide there.
    seen = {}
    for name, text in texts(public_site):
        kind = name.rsplit(".", 1)[-1] if "." in name else ""
        if "Alpha Banque" in text or "alpha" in name:
            seen.setdefault(kind, []).append(name)
    certificate = "logos/2020/banque/alpha-certificat.pdf"
    assert certificate in seen["pdf"]  # extracted page text
    # The laureate's SIREN is published (open data, JSON-LD): the scans would see a loser's.
    with_siren = {name for name, text in texts(public_site) if SIRENS["alpha"] in text}
    assert {"donnees/laureats.csv", "donnees/2020/laureats.json"} <= with_siren
    assert any(name.startswith("2020/banque/index.html#jsonld") for name in with_siren)
    assert "logos/2020/banque/alpha-kit.zip!certificat-escda-2020-banque-alpha.pdf" in seen["pdf"]
    assert "partage/2020/categories/banque.png" in seen["png"]  # image metadata
    assert any(n.endswith("alpha.svg") for n in seen["svg"])
    outlined = {"logos/2020/banque/alpha.svg", "logos/2020/banque/alpha-noir.pdf"}
    for name, text in texts(public_site):
        if name in outlined:  # texts drawn as outlines are labelled, for the scans too
            assert "Banque" in text and "Valable jusqu’au" in text, name


def test_every_internal_link_resolves(public_site, preview_site):
    assert list(broken_links(public_site)) == []
    assert list(broken_links(preview_site)) == []


def test_link_check_finds_a_broken_link(public_site, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(public_site, copy)
    (copy / "2020" / "banque" / "index.html").unlink()
    assert any("2020/banque/" in b for b in broken_links(copy))


HOSTILE = {
    "alpha": '<script>alert(1)</script>"><img src=x onerror=alert(1)>',
    "zorglub": "*gras* _it_ [x](javascript:alert(1)) {{ 7*7 }} {% raw %}",
}
# As long as a name may be (120 characters: see TEXT_MAX): it must still fit a logo.
HOSTILE_CATEGORY = "Banque {{ 7*7 }} <b>gras</b> [lien](javascript:alert(2)) שלום 🚀 " + "x" * 56


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    winners = {
        "banque": ED_2020["banque"],
        "energie": [
            company("zorglub", [(4, 4), (4, 4)], [10]),
            company("beta", [(1, 1), (1, 1)], [1]),
            company("gamma", [(1, 1), (1, 1)], [2]),
        ],
    }
    write(root, winners, names=HOSTILE, category_names={"banque": HOSTILE_CATEGORY})
    return build(root, tmp_path_factory.mktemp("out") / "site", "2020-01-01T00:00:00+01:00")


def test_hostile_names_are_plain_text_everywhere(hostile_site):
    # Data files (CSV, JSON, plain text) hold the names exactly as written; every file a
    # browser or mail client renders as markup holds them escaped.
    for name, text in texts(hostile_site):
        if not name.endswith((".html", ".xml", ".svg")):
            continue
        assert "<script>alert" not in text, name
        assert "<img src=x" not in text, name
        assert 'href="javascript:' not in text.replace("'", '"'), name
        assert "<b>gras</b>" not in text, name
        assert "49" not in re.findall(r"Banque (\S+)", text), name
    category = page(hostile_site, "2020/banque/")
    assert "{{ 7*7 }}" in category
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in category


def test_hostile_names_in_titles_and_meta_are_escaped(hostile_site):
    html = page(hostile_site, "2020/banque/")
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "&lt;b&gt;gras&lt;/b&gt;" in title
    og = re.search(r'<meta property="og:description" content="([^"]*)"', html).group(1)
    assert "&lt;script&gt;" in og


def test_hostile_names_survive_in_open_data(hostile_site):
    data = json.loads((hostile_site / urls.opendata_file(None, "json")).read_text())
    assert {row["entreprise"] for row in data["laureats"]} == set(HOSTILE.values())
    assert HOSTILE_CATEGORY in {row["categorie"] for row in data["laureats"]}


def test_hostile_names_stay_inside_the_json_ld(hostile_site):
    html = page(hostile_site, "2020/banque/")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block
    (graph,) = json_ld(html)
    names = {n["name"] for n in graph["@graph"] if n["@type"] == "Organization"}
    assert names == {HOSTILE["alpha"]}
    assert HOSTILE_CATEGORY in graph["@graph"][0]["itemListElement"][-1]["name"]


def test_hostile_names_keep_the_open_data_valid(hostile_site):
    import frictionless

    report = frictionless.validate(str(hostile_site / "donnees" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])


def test_search_index_holds_no_markup_from_names(hostile_site):
    # Pagefind reads names from the pages' text and from the search data's attributes,
    # both escaped; the search box shows them as text (tests/test_browser_search.py).
    for path in hostile_site.rglob("index.html"):
        html = path.read_text(encoding="utf-8")
        for data in re.findall(r'<div class="escda-search-data"[^>]*>', html):
            assert "<script>alert" not in data and "<img src=x" not in data, path


def test_failed_build_leaves_the_previous_site_untouched(data, public_site, tmp_path, monkeypatch):
    import shutil

    site = tmp_path / "site"
    shutil.copytree(public_site, site)
    before = tree_hash(site)
    broken = tmp_path / "broken"
    shutil.copytree(data, broken)
    scores = broken / "seasons" / "2020" / "scores.csv"
    scores.write_text(scores.read_text().replace("T1,accueil,4", "T1,accueil,99"))
    with pytest.raises(DataError):
        build(broken, site, "2020-06-01T12:00:00+02:00")
    assert tree_hash(site) == before

    def explode(*args, **kwargs):
        raise RuntimeError("generator failure")

    monkeypatch.setattr(pages, "methodology_page", explode)
    with pytest.raises(RuntimeError):
        build(data, site, "2020-06-01T12:00:00+02:00")
    assert tree_hash(site) == before
    monkeypatch.undo()

    # A missing font: with an empty cache, drawing the first logo fails.
    monkeypatch.setattr(layout, "text_font", explode)
    # Drawn in this process: workers started by forkserver (when other threads run, as
    # after the browser tests) would not see the patched font.
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    with pytest.raises(Exception, match="generator failure"):
        build(data, site, "2020-06-01T12:00:00+02:00", cache=tmp_path / "empty-cache")
    assert tree_hash(site) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")]


def test_same_data_gives_byte_identical_sites(data, public_site, tmp_path):
    again = build(data, tmp_path / "again", "2020-06-01T12:00:00+02:00")
    assert tree_hash(again) == tree_hash(public_site)


def test_before_the_first_proclamation_the_site_is_empty_but_whole(data, public_site, tmp_path):
    site = build(
        data, tmp_path / "site", "2019-10-10T19:59:00+02:00", cache=public_site.parent / "cache"
    )
    assert not (site / "2020").exists()
    # Only the manifest of official files, listing none yet (/logo/'s drop zone reads it).
    assert [p.name for p in (site / "logos").iterdir()] == ["manifeste.json"]
    assert json.loads((site / urls.logo_manifest()).read_text("utf-8"))["fichiers"] == []
    assert "Aucun logo n'est valable au 10 octobre 2019" in shown(page(site, ""))
    for name, text in texts(site):
        assert "Alpha Banque" not in text, name
    assert list(broken_links(site)) == []
