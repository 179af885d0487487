"""End to end: the bundled data built into the public site, checked as a reader would."""

from __future__ import annotations

import copy
import json
import posixpath
import re
from html import unescape

import pytest
import yaml

from escda_site.engine.config import as_of_datetime
from escda_site.public import urls
from escda_site.public.view import public_view
from escda_site.scoring.pipeline import load_and_score
from escda_site.text.typography import typeset_text
from escda_site.text.wording import AWARD

from linkcheck import broken_links, orphan_pages
from minidata import SEASON, company, write
from sitecheck import ROOT, build, json_ld, shown, texts, untypeset
from sitecheck import page as raw_page

# The bundled data built in full: a dozen seconds, so the module is `slow`.
pytestmark = pytest.mark.slow

AS_OF = "2026-11-24T12:00:00+01:00"
DATA = ROOT / "data"


@pytest.fixture(scope="session")
def site(shared_build):
    return shared_build(DATA, AS_OF)  # the browser tests' bundled_site: the same build


@pytest.fixture(scope="session")
def scored():
    dataset, results, _ = load_and_score(DATA)
    return dataset, results


def page(site, url: str) -> str:
    """A page's HTML with entities resolved, to assert on the text a reader sees."""
    return untypeset(unescape(raw_page(site, url)))


CONTRACT_URLS = [
    "index.html",
    "2027/index.html",
    "2027/banque/index.html",
    "2027/methodologie/index.html",
    "2027/calendrier.ics",
    "categories/banque/index.html",
    "2024/index.html",  # the archive edition
    "secteurs/banque-assurance/index.html",
    "entreprises/banque-horizon/index.html",
    "logo/index.html",
    "logos/2027/banque/banque-horizon-256.png",
    "logos/2027/banque/banque-horizon-2048.png",
    "logos/2027/banque/banque-horizon-kit.zip",
    "logos/2027/banque/banque-horizon.svg",
    "logos/2027/banque/banque-horizon.pdf",
    "logos/2027/banque/banque-horizon-noir.svg",
    "logos/2027/banque/banque-horizon-noir.pdf",
    "logos/2027/banque/banque-horizon-certificat.pdf",
    "partage/accueil.png",
    "partage/2027/palmares.png",
    "partage/2027/categories/banque.png",
    "newsletter/2027/index.html",
    "newsletter/2027/banque.html",
    "newsletter/index.html",
    urls.opendata_file(2027, "csv"),
    urls.opendata_file(2027, "json"),
    urls.opendata_file(None, "json"),
    urls.opendata_file(None, "csv"),
    urls.opendata_package(),
    urls.opendata_page() + "index.html",
    "feed.xml",
    "sitemap.xml",
    urls.search_bundle() + "pagefind.js",
]


@pytest.mark.parametrize("url", CONTRACT_URLS)
def test_every_contract_url_exists(site, url):
    assert (site / url).is_file()


def test_every_category_of_every_edition_has_its_page(site, scored):
    dataset, _ = scored
    for edition in dataset.editions:
        for category in edition.categories:
            assert (site / str(edition.year) / category.slug / "index.html").is_file()


def test_no_broken_internal_link_or_anchor(site):
    assert list(broken_links(site)) == []


def test_every_page_is_linked_from_another_page(site):
    # The navigation lists one index page per section: every edition, result,
    # methodology, company, sector and preview is reached from a page, not only by its URL.
    assert orphan_pages(site) == []
    nav = raw_page(site, "2027/banque/")
    tabs = nav[nav.index('class="md-tabs"') :]
    tabs = tabs[: tabs.index("</nav>")]
    assert "2026/" not in tabs and "methodologie/" in tabs and "palmares/" in tabs


def _secrets(scored):
    """Names, slugs and marks of everything that never won, and every public number."""
    dataset, results = scored
    public = public_view(dataset, results, as_of_datetime(AS_OF))
    winners = {c.slug for c in public.companies}
    losers = {c for c in dataset.companies if c.slug not in winners}
    shown = set()
    for e in public.editions:
        shown.add(f"{e.threshold:.2f}")
        for avg in (
            (e.aggregates.everyone, e.aggregates.laureates, e.aggregates.non_laureates)
            if e.aggregates
            else ()
        ):
            shown.update(f"{v:.2f}" for v in [avg.overall, *dict(avg.channels).values()])
        for c in e.categories:
            for lau in c.laureates:
                marks = [lau.overall, *dict(lau.channels).values()]
                shown.update(f"{m:.2f}" for m in marks if m is not None)
    marks = set()
    for res in results.values():
        for cr in res.categories:
            for s in cr.ranking:
                if s not in cr.laureates:
                    marks.update(f"{m:.2f}" for m in [s.overall, *dict(s.channels).values()])
    return losers, marks - shown


def test_companies_that_never_won_appear_nowhere(site, scored):
    losers, _ = _secrets(scored)
    assert len(losers) > 50  # the bundled data tests many more companies than it elects
    needles = (
        {c.name for c in losers} | {f"/{c.slug}" for c in losers} | {f'"{c.slug}"' for c in losers}
    )
    for name, text in texts(site):
        found = [n for n in needles if n in text]
        assert not found, f"{found[:3]} in {name}"


def test_no_script_or_stylesheet_names_a_company(site):
    # The code the site ships is the same whatever the data: a name in a comment there is
    # a name no rename, withdrawal or embargo reaches (a renamed laureate's old name stayed).
    companies = yaml.safe_load((ROOT / "data" / "companies.yaml").read_text(encoding="utf-8"))
    names = {c["name"] for c in companies}
    assert len(names) > 50
    shipped = [p for p in site.rglob("*") if p.suffix in (".js", ".css")]
    assert len(shipped) > 5
    for path in shipped:
        text = path.read_text(encoding="utf-8")
        found = sorted(n for n in names if n in text)
        assert not found, f"{found[:3]} in {path.relative_to(site)}"


def test_marks_of_non_laureates_appear_nowhere(site, scored):
    _, marks = _secrets(scored)
    assert len(marks) > 100
    secrets = {m.replace(".", sep) for m in marks for sep in (",", ".")}
    for name, text in texts(site):
        if name.endswith((".png", ".zip")):
            continue
        text = re.sub(r'\sd="[^"]*"', "", text)  # icon outlines are full of numbers
        found = sorted(secrets.intersection(_NUMBERS.findall(text)))
        assert not found, f"{found[0]} in {name}"


# Every number with two decimals, whole (not the tail of a longer number): the marks a
# text shows, to intersect with the secret ones (one pass, not a 400-way alternation).
_NUMBERS = re.compile(r"(?<![\d.,])\d+[.,]\d\d(?!\d)")


def test_the_number_scan_finds_a_secret_mark_and_only_a_whole_one():
    secrets = {"13,33", "13.33", "9.50"}
    assert secrets & set(_NUMBERS.findall("note 13,33/20 et 9.50")) == {"13,33", "9.50"}
    assert not secrets & set(_NUMBERS.findall("113,33 13,334 1.13.33 19.50 0,13,33"))


def test_benchmark_above_every_participant_is_not_published(site):
    html = page(site, "2027/fournisseur-energie/")
    assert "Sirocco Énergies" in html
    assert "Société Lumière Énergie" not in html and "17,77" not in html


def test_category_page_has_what_journalists_need(site):
    html = page(site, "2027/banque/")
    assert "Banque Horizon" in html
    assert "3e année consécutive" in html
    assert "Entreprises testées" in html and "Seuil d'attribution" in html
    # The figures' cells may be wrapped (out of the search index): their text is the same.
    assert re.search(r"<td>(<span[^>]*>)?12/20(</span>)?</td>", html)
    assert re.search(r"\d\d,\d\d/20", html)
    assert "du 11 mai au 17 juillet 2026" in html
    assert "https://palmares.escda.example/2027/banque/" in html
    # The chart has a text alternative.
    assert re.search(r'<div class="escda-chart[^"]*" role="img" aria-labelledby="[^"]+-desc"', html)
    assert 'href="../../2026/banque/"' in html  # previous edition


def test_the_threshold_is_shown_against_the_overall_mark_only(site):
    # A channel mark under 12/20 beside « 12/20 » read as a laureate failing the threshold.
    html = page(site, "2026/assurance-auto/")
    section = html.split('id="notes-par-canal"', 1)[1].split("<h2", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", section, re.S)
    channel_rows = [r for r in rows if "Note globale" not in r and "<th" not in r]
    assert any("Appels téléphoniques" in r for r in channel_rows)
    assert all("12/20" not in r for r in channel_rows), channel_rows
    assert "s'applique à la note globale seule, pas aux notes par canal" in section
    # The chart: one dashed threshold mark, on the overall mark's bar, and said so.
    chart = re.search(r'<div class="escda-chart.*?</div>\s*</div>', section, re.S).group(0)
    marked = re.findall(r'<div class="escda-chart-row" style="[^"]*--escda-threshold', chart)
    assert len(marked) == 1
    last_row = chart.rsplit('<div class="escda-chart-row"', 1)[1]
    assert "Note globale" in last_row and "--escda-threshold" in chart.rsplit("Note globale")[0]
    desc = re.search(r'<span id="[^"]+-desc" hidden>(.*?)</span>', chart).group(1)
    assert "note globale" in desc and desc.endswith("pas aux notes par canal")


def test_home_cards_say_a_shared_title_is_ex_aequo(site):
    # A card shows one laureate: two cards « Grande distribution 2027 » read as a mistake.
    html = page(site, "")
    cards = re.findall(r"<li[^>]*>(.*?)</li>", html, re.S)
    shared = [c for c in cards if "Grande distribution 2027" in c]
    assert len(shared) == 2
    assert any("Hypermarchés du Cèdre" in c and "ex æquo avec Marché Opale" in c for c in shared)
    assert any("Marché Opale" in c and "ex æquo avec Hypermarchés du Cèdre" in c for c in shared)
    assert not any("ex æquo" in c for c in cards if "Banque 2027" in c)


def test_dates_keep_their_day_with_their_month(site):
    # « 8 » alone at the end of a line, « octobre 2026 » on the next, at 375 px.
    html = unescape(raw_page(site, "2027/banque/"))
    cite = re.search(r'<p class="escda-cite">.*?</p>', html, re.S).group(0)
    assert "proclamés le 8\u00a0octobre 2026" in cite
    assert re.search(r"consulté le <time[^>]*>\d+(?:<sup>er</sup>)?\u00a0\w+ \d{4}</time>", cite)
    assert "du 11\u00a0mai au 17\u00a0juillet 2026" in html  # the test period, year once
    # Text outputs too; data files keep their values as the organiser gave them.
    assert "8\u00a0octobre 2026" in (site / "newsletter/2027/banque.txt").read_text()
    assert "\u00a0" not in (site / "donnees/2027/laureats.csv").read_text(encoding="utf-8-sig")


def test_a_range_of_days_in_one_year_names_the_year_once(site):
    html = shown(raw_page(site, "2027/"))
    assert "se sont déroulés du 11 mai au 17 juillet 2026 ;" in html
    # Across two years, each day keeps its year: the logo's window.
    category = shown(raw_page(site, "2027/banque/"))
    assert "Logo valable du 8 octobre 2026 au 30 septembre 2027" in category
    for name in ("newsletter/2027/index.txt", "2027/calendrier.ics"):
        text = untypeset((site / name).read_bytes().decode().replace("\r\n ", ""))  # unfolded
        assert "2026 au 17" not in text and "du 11 mai au 17 juillet 2026" in text, name


def test_titles_are_counted_as_titles_everywhere(site):
    # 2027: « 11 titres pour 10 entreprises lauréates »; 2026 (one title per company) said
    # « 11 lauréats » on the same pages: one word for one count.
    feed = untypeset((site / "feed.xml").read_text(encoding="utf-8"))
    for text in (shown(raw_page(site, "")), shown(raw_page(site, "donnees/")), feed):
        assert "11 titres pour 10 entreprises lauréates" in text
        assert "11 titres" in text.replace("11 titres pour", "")
        assert not re.search(r"\d lauréats\b", text), re.search(r".{30}\d lauréats\b", text)


def test_home_lead_says_each_thing_once(site):
    lead = shown(re.search(r'<p class="escda-lead">.*?</p>', raw_page(site, ""), re.S).group(0))
    assert lead.count("concours") == 1 and "clients mystères" in lead


def test_the_404_page_does_not_say_pages_move(site):
    # Result URLs never change: a missing one is mistyped, or not proclaimed yet (embargo).
    text = shown((site / "404.html").read_text(encoding="utf-8"))
    assert "déplacée" not in text
    assert "mal recopiée" in text and "pas encore été proclamés" in text


def test_logo_alt_texts_write_the_apostrophe_as_typed_by_a_copy_editor(site):
    # The badge's code is copied by laureates: « d&#x27;énergie » there looked broken.
    html = raw_page(site, "2027/fournisseur-energie/")
    blocks = re.findall(r"<code[^>]*>(.*?)</code>", html, re.S)
    code = unescape(re.sub(r"<[^>]+>", "", next(b for b in blocks if "badges/" in b)))
    assert "Fournisseur d’énergie" in code and "&#x27;" not in code and "&#39;" not in code
    assert 'alt="Logo Élu Service Client de l’Année 2027, catégorie Fournisseur d’énergie"' in html
    # URLs are left as they are.
    assert 'href="https://palmares.escda.example/2027/fournisseur-energie/"' in code


def test_history_lines(site):
    assert "Nouvelle catégorie de l'édition 2027" in page(site, "2027/e-commerce/")
    assert "Nacre Mobile succède à Télécom Alizé" in page(site, "2027/operateur-telecom/")
    assert "Pas de lauréat lors de l'édition 2026" in page(site, "2027/immobilier/")
    # Ex æquo: one laureate back after a year, one new; together they succeed the 2026 one.
    assert (
        "Hypermarchés du Cèdre retrouve le titre, déjà lauréat de l'édition 2025 (2e titre dans la "
        "catégorie) ; Marché Opale : premier titre dans la catégorie. Les lauréats ex æquo "
        "succèdent à Marché "
        "Fougère, lauréat de l'édition 2026."
    ) in page(site, "2027/grande-distribution/")


# Words that are true only on the day they are written: read in a later year they point at
# the wrong edition. Site texts name editions instead (« lors de l'édition 2026 »).
RELATIVE_YEARS = re.compile(
    r"cette année|l'an dernier|l'année dernière|l'an prochain|l'année prochaine", re.I
)


def test_no_text_dates_itself_relative_to_the_day_it_was_written(site):
    found = [
        (name, match.group(0))
        for name, text in texts(site)
        for match in RELATIVE_YEARS.finditer(untypeset(unescape(text)))
    ]
    assert found == []


def test_archive_results_show_their_test_period(site):
    # 2024 is an archive edition (laureates only), but its season gives the campaign dates:
    # every result shows its test period, the methodology and the edition page give them.
    period = "du 15 mai au 21 juillet 2023"
    for slug in ("banque", "mutuelle-sante"):
        assert f"Période de test {period}" in shown(raw_page(site, f"2024/{slug}/"))
    methodology = shown(raw_page(site, "2024/methodologie/"))
    assert f"Campagne de tests clients mystères {period} (10 semaines)" in methodology
    assert f"Tests clients mystères réalisés {period} ;" in shown(raw_page(site, "2024/"))


def test_names_are_elided_as_french_wants(site):
    html = page(site, "2027/grande-distribution/")
    assert "Note d'Hypermarchés du Cèdre" in html and "Note de Marché Opale" in html
    assert "Badge à intégrer sur le site d'Hypermarchés du Cèdre" in html


def test_companies_are_listed_in_french_alphabetical_order(site):
    html = page(site, "entreprises/")
    names = re.findall(r'<td><a href="[^"]+">([^<]+)</a>', html)
    assert names.index("Énergie Châtaigne") < names.index("Finance Fougère")  # not after "T"


def test_edition_page_explains_categories_without_laureate(site):
    html = page(site, "2027/")
    assert "aucune entreprise candidate n'a atteint le seuil de 12/20" in html
    assert "moins de 3 entreprises testées" in html
    assert "Marché Opale" in html and "Hypermarchés du Cèdre" in html and "ex æquo" in html
    assert "Moyennes de l'édition" in html


def test_methodology_reflects_the_season(site):
    html = page(site, "2027/methodologie/")
    season = yaml.safe_load((DATA / "seasons/2027/season.yaml").read_text())
    for channel in season["channels"].values():
        assert channel["label"] in html
        for criterion in channel["criteria"]:
            assert criterion["label"] in html
    assert "225 tests clients mystères" in html
    # Weights shown exactly (they add up to 225), shares rounded and said to be.
    assert "<td>140 sur 225 (62,2 %)</td>" in html and "<td>10 sur 225 (4,4 %)</td>" in html
    assert "font ensemble 99,9 %" in html
    assert "dont 8 sur smartphone" in html
    headings = re.findall(r"<h3 id=\"[^\"]*\">([^<]*)", html)
    assert headings == [ch["label"] for ch in season["channels"].values()]


# Markdown that reached the reader as text: a heading swallowed by a table, a table that
# did not render, a link or emphasis left raw.
RAW_MARKDOWN = re.compile(r"(^|>)\s*#{2,6} |\| --- \||\]\((?!\))|(?<![*\w])\*\*\w")


def test_no_page_shows_raw_markdown(site):
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        if "/newsletter/" in path.as_posix() and path.name != "index.html":
            continue  # e-mail snippets, not Markdown pages
        # Code blocks show sources (badges, snippets) on purpose.
        text = re.sub(r"<(pre|code|script|style)\b.*?</\1>", "", html, flags=re.S)
        found = RAW_MARKDOWN.search(text)
        assert found is None, (
            f"{path.relative_to(site)}: {text[found.start() - 80 : found.end() + 40]!r}"
        )


def test_demo_data_shows_a_banner_on_every_page(site):
    for path in site.rglob("*.html"):
        if "newsletter/" in path.as_posix() and path.name != "index.html":
            continue  # e-mail fragments, not pages
        if path.parent.parent.name == "newsletter":
            continue
        assert "Données de démonstration" in path.read_text(), path


def test_home_lists_the_logos_valid_today(site):
    text = shown(page(site, ""))
    assert "Lauréats dont le logo est valable au 24 novembre 2026" in text
    assert "Banque Horizon" in text
    assert "Télécom Alizé" not in text.split("Toutes les éditions")[0]  # 2026 title expired


def test_category_page_says_whether_its_logo_may_still_be_displayed(site):
    current = shown(page(site, "2027/banque/"))
    assert (
        "Au 24 novembre 2026, Banque Horizon peut afficher ce logo, jusqu'au 30 septembre 2027"
        in current
    )
    expired = shown(page(site, "2026/banque/"))
    assert (
        "Logo expiré : il ne peut plus être affiché depuis le 1er octobre 2026. Banque Horizon "
        "a pu l'afficher du 9 octobre 2025 au 30 septembre 2026" in expired
    )
    # The files stay at their addresses, presented as history.
    assert "Archives, à ne plus afficher : web, 256 px" in expired
    assert "peut afficher" not in expired
    # A badge is for a logo that may be displayed: none for an expired title.
    assert "Badge à intégrer" in current
    assert "Badge à intégrer" not in page(site, "2026/banque/")


def test_edition_averages_say_what_they_count(site):
    html = page(site, "2027/")
    assert "une entreprise testée dans deux catégories y compte deux fois" in html
    assert "Nombre d'entreprises" not in html


def test_company_page_shows_titles_and_expired_ones(site):
    text = shown(page(site, "entreprises/banque-horizon/"))
    assert "3e année consécutive" in text
    assert "valable au 24 novembre 2026, jusqu'au 30 septembre 2027" in text
    assert "expiré : ne peut plus être affiché depuis le 1er octobre 2026" in text
    assert "Logos valables au 24 novembre 2026" in text


def test_pages_have_their_own_title_description_and_canonical(site):
    html = page(site, "2027/banque/")
    assert f"<title>Banque — {untypeset(AWARD)} 2027</title>" in html
    assert re.search(r'<meta name="description" content="Banque Horizon remporte le titre', html)
    assert '<link rel="canonical" href="https://palmares.escda.example/2027/banque/">' in html
    assert '<meta property="og:title"' in html and '<html lang="fr"' in html


def _meta(html: str) -> dict[str, str]:
    return dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', html))


def test_every_category_page_shares_a_large_image_that_exists(site, scored):
    from PIL import Image

    dataset, _ = scored
    base = "https://palmares.escda.example/"
    pages = [f"{e.year}/{c.slug}/" for e in dataset.editions for c in e.categories]
    pages += ["", "2027/"]  # the home and an edition palmarès too
    for url in pages:
        meta = _meta(page(site, url))
        image = meta["og:image"]
        assert image.startswith(base + "partage/"), url
        with Image.open(site / image.removeprefix(base)) as im:
            assert im.size == (1200, 630), url
        assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630"), url
        assert meta["og:image:alt"] and meta["twitter:image"] == image, url
        assert meta["twitter:card"] == "summary_large_image", url
    meta = _meta(page(site, "2027/banque/"))
    assert meta["og:image"] == base + "partage/2027/categories/banque.png"
    assert meta["og:image:alt"].startswith("Banque Horizon remporte Élu Service Client")
    # A page without its own image stays a small card.
    assert _meta(page(site, "logo/"))["twitter:card"] == "summary"


def test_category_page_prints_the_mandatory_caption(site):
    html = page(site, "2027/banque/")
    caption = shown(re.search(r'<p class="escda-caption"[^>]*>(.*?)</p>', html, re.S).group(1))
    assert "Élu Service Client de l'Année 2027 – Catégorie Banque – Étude réalisée du" in caption
    assert (
        "3 entreprises testées, dont 2 candidates au titre – Détails sur "
        "https://palmares.escda.example/2027/banque/" in caption
    )
    for suffix in (".svg", ".pdf", "-noir.svg", "-noir.pdf", "-certificat.pdf", "-kit.zip"):
        assert f'href="../../logos/2027/banque/banque-horizon{suffix}"' in html, suffix
    # An expired logo may no longer be advertised: no caption.
    assert 'class="escda-caption"' not in page(site, "2026/banque/")


def test_a_current_laureates_press_kit_holds_every_print_file(site):
    import io
    import zipfile

    import pypdfium2
    import resvg_py
    import zxingcpp
    from PIL import Image

    kit = zipfile.ZipFile(site / "logos/2027/banque/banque-horizon-kit.zip")
    names = set(kit.namelist())
    assert {"logo-escda-2027-banque-256.png", "logo-escda-2027-banque-2048.png"} <= names
    svg = kit.read("logo-escda-2027-banque.svg")
    assert b"<text" not in svg  # outlines: opens without the font
    rendered = resvg_py.svg_to_bytes(svg_string=svg.decode(), skip_system_fonts=True, dpi=96)
    assert Image.open(io.BytesIO(bytes(rendered))).getbbox()
    assert kit.read("logo-escda-2027-banque.pdf").startswith(b"%PDF")
    assert b'fill="#000"' in kit.read("logo-escda-2027-banque-noir.svg")
    assert kit.read("logo-escda-2027-banque-noir.pdf").startswith(b"%PDF")
    certificate = kit.read("certificat-escda-2027-banque-banque-horizon.pdf")
    rendered = pypdfium2.PdfDocument(certificate)[0].render(scale=3).to_pil()
    codes = [r.text for r in zxingcpp.read_barcodes(rendered)]
    assert codes == ["https://palmares.escda.example/2027/banque/"]
    caption = kit.read("MENTION-OBLIGATOIRE.txt").decode("utf-8-sig")
    assert "Catégorie Banque – Étude réalisée du" in caption
    readme = untypeset(kit.read("LISEZ-MOI.txt").decode("utf-8-sig"))
    assert all(f"- {name} : " in readme for name in names - {"LISEZ-MOI.txt"} | {"LISEZ-MOI.txt"})


def test_search_indexes_the_pages_and_nothing_of_material(site):
    entry = json.loads((site / urls.search_bundle() / "pagefind-entry.json").read_text())
    # Every page's main content, not the e-mail snippets nor the 404 page.
    bodies = [p for p in site.rglob("*.html") if "data-pagefind-body" in p.read_text()]
    assert entry["languages"]["fr"]["page_count"] == len(bodies) > 10
    assert not (site / "404.html").read_text().count("data-pagefind-body")
    assert not (site / "search").exists()  # Material's search plugin is not in the build
    html = raw_page(site, "2027/banque/")
    assert "search_index.json" not in html and 'name="search"' not in html


def test_methodology_follows_an_edited_season(tmp_path):
    cats = {
        "banque": [
            company("a", [(4, 4), (4, 4)], [9]),
            company("b", [(1, 1), (1, 1)], [5]),
            company("c", [(2, 2), (2, 2)], [5]),
        ]
    }
    season = copy.deepcopy(SEASON)
    season["threshold"] = 13.5
    season["channels"]["phone"]["criteria"][0]["label"] = "Amabilité du conseiller"
    season["channels"]["email"]["weight"] = 3
    write(tmp_path / "data", cats, season=season)
    html = page(build(tmp_path / "data", tmp_path / "site", "2020-01-01"), "2020/methodologie/")
    assert "13,5/20" in html and "Amabilité du conseiller" in html
    assert "3 sur 5 (60 %)" in html  # email weight 3 of 5, exact: no rounding note
    assert "Données de démonstration" not in html


def test_a_category_across_the_years(site, scored):
    html = page(site, "categories/banque/")
    dataset, _ = scored
    years = sorted((e.year for e in dataset.editions), reverse=True)
    rows = re.findall(r'<tr>\s*<td><a href="../../(\d{4})/banque/">', html)
    assert [int(y) for y in rows] == years  # one row per edition, newest first
    assert re.search(r'<div class="escda-chart"[^>]*role="img"', html)
    assert "Banque Horizon, 3e titre" in shown(html)
    assert "dont 2 candidates" in html  # 2027: three tested, one of them a benchmark


def test_category_sector_and_edition_pages_link_to_the_category_across_the_years(site):
    assert 'href="../../categories/banque/"' in page(site, "2027/banque/")
    assert 'href="../../categories/banque/"' in page(site, "secteurs/banque-assurance/")
    assert 'href="../categories/banque/"' in page(site, "2027/")


def test_edition_page_links_its_calendar(site):
    assert 'href="calendrier.ics"' in page(site, "2027/")
    ics = (site / "2027" / "calendrier.ics").read_text(encoding="utf-8")
    assert ics.startswith("BEGIN:VCALENDAR") and "DTSTART;VALUE=DATE:20260511" in ics


def test_open_data_validates_against_its_data_package(site):
    import frictionless

    report = frictionless.validate(str(site / "donnees" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])
    described = {t.name for t in report.tasks}
    assert {"laureats-csv", "laureats-json", "laureats-2027-csv"} <= described


def _organizations(html: str) -> list[dict]:
    return [n for g in json_ld(html) for n in g["@graph"] if n["@type"] == "Organization"]


def test_every_category_page_has_json_ld_that_matches_the_page(site, scored):
    dataset, _ = scored
    checked = 0
    for edition in dataset.editions:
        for category in edition.categories:
            url = f"{edition.year}/{category.slug}/"
            html = page(site, url)
            (graph,) = json_ld(raw_page(site, url))
            kinds = [n["@type"] for n in graph["@graph"]]
            assert kinds[0] == "BreadcrumbList"
            # The page says the title is no certification: the markup may not say it is.
            assert "ni un label officiel ni une certification" in html
            assert "Certification" not in json.dumps(graph)
            for org in _organizations(raw_page(site, url)):
                assert org["name"] in html
                assert org["award"] == typeset_text(
                    f"{AWARD} {edition.year} — catégorie {category.name}"
                )
                review = org.get("review")
                if review is not None:
                    assert review["url"] == f"https://palmares.escda.example/{url}"
                    assert review["datePublished"] == edition.proclamation.date().isoformat()
                    rating = review["reviewRating"]
                    shown = f"{rating['ratingValue']:.2f}".replace(".", ",") + "/20"
                    assert shown in html and rating["bestRating"] == 20
                checked += 1
    assert checked > 30


def test_json_ld_of_a_current_laureate(site):
    (org,) = _organizations(raw_page(site, "2027/banque/"))
    html = page(site, "2027/banque/")
    assert org["name"] == "Banque Horizon"
    assert org["award"] == f"{AWARD} 2027 — catégorie Banque"
    assert org["review"]["datePublished"] == "2026-10-08"
    assert "proclamés le 8 octobre 2026" in html  # the same date, in words
    assert org["review"]["reviewRating"]["ratingValue"] == 16.96
    assert "16,96/20" in html
    assert "expires" not in json.dumps(org)  # the logo's window is no certification's validity


def test_every_generated_page_has_a_breadcrumb_and_open_data_a_dataset(site):
    for path in site.rglob("index.html"):
        rel = path.relative_to(site).as_posix()
        if rel.startswith("newsletter/") and rel != "newsletter/index.html":
            continue  # e-mail snippets, not pages
        graphs = json_ld(path.read_text(encoding="utf-8"))
        assert len(graphs) == 1, rel
        assert graphs[0]["@graph"][0]["@type"] == "BreadcrumbList", rel
    (trail,) = json_ld(raw_page(site, "a-propos/"))[0]["@graph"]  # a hand-written page
    assert [i["item"] for i in trail["itemListElement"]] == [
        "https://palmares.escda.example/",
        "https://palmares.escda.example/a-propos/",
    ]
    (graph,) = json_ld(raw_page(site, "donnees/"))
    (data,) = [n for n in graph["@graph"] if n["@type"] == "Dataset"]
    for item in data["distribution"]:
        assert (site / item["contentUrl"].removeprefix("https://palmares.escda.example/")).is_file()


def test_result_pages_say_how_to_cite_them(site):
    html = page(site, "2027/banque/")
    assert (
        "Citer cette page : Élu Service Client de l'Année, « Banque — palmarès 2027 », "
        "20e édition, résultats proclamés le 8 octobre 2026, "
        "https://palmares.escda.example/2027/banque/"
    ) in shown(html)


def test_every_page_links_the_feed_and_robots_txt_the_sitemap(site):
    for path in site.rglob("index.html"):
        rel = path.relative_to(site).as_posix()
        if rel.startswith("newsletter/") and rel != "newsletter/index.html":
            continue  # e-mail snippets, not pages
        html = path.read_text(encoding="utf-8")
        link = re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*>', html)
        assert link, rel
        # Relative, so that Material's sitemap request beside it stays on the copy read.
        href = re.search(r'href="([^"]+)"', link.group(0)).group(1)
        assert posixpath.normpath(posixpath.join(posixpath.dirname(rel), href)) == "feed.xml"
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://palmares.escda.example/sitemap.xml" in robots.splitlines()
    assert "Disallow: /" not in robots


def test_the_sitemap_lists_every_page_without_a_daily_changing_date(site):
    # With <lastmod> at the build date, the daily rebuild would mark every page as changed.
    xml = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://palmares.escda.example/2027/banque/</loc>" in xml
    assert "lastmod" not in xml
