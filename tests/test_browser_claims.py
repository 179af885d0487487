"""Claims true on the day they are read, in a real browser: a site built on one day and read
on another (the browser's clock moved), the logo checker's answers, accent-insensitive
search, and the newsletter fragments opened by URL on a phone.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import Page, expect

from escda_site.text.wording import AWARD

from browser_helpers import Shown, screenshot, settle, skip_reason
from sitecheck import untypeset

# The site (conftest's bundled_site) is built on 24 November 2026, before the 2027 logos
# expire (30 September 2027).
# Read after: 5 October 2027, and just after midnight in Paris on 1 October 2027 (still
# 30 September in UTC and in New York).
AFTER = datetime.fromisoformat("2027-10-05T10:00:00+02:00")
PARIS_MIDNIGHT = datetime.fromisoformat("2027-09-30T22:30:00+00:00")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or ""),
]


def goto(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path}: {response}"


def shoot(page: Page, name: str) -> None:
    settle(page)
    screenshot(page, name, full_page=True)


def checker_answer(page: Page, company: str, day: str | None = None):
    url = f"/logo/?entreprise={quote(company)}" + (f"&date={day}" if day else "")
    goto(page, url)
    status = page.get_by_role("main").get_by_role("status")
    expect(status).not_to_be_empty()
    return status


# --- Item 1: a page built before the logos expired, read after --------------------------


def test_checker_says_the_logo_expired_when_read_after_its_end(open_page):
    page = open_page(now=AFTER)
    status = checker_answer(page, "Banque Horizon")
    expect(page.get_by_label("Date", exact=True)).to_have_value("2027-10-05")
    expect(status).to_contain_text("Au 5 octobre 2027, Banque Horizon ne peut afficher aucun logo")
    item = status.get_by_role("listitem").filter(has_text="Banque 2027")
    expect(item).to_contain_text(
        "logo expiré, ne peut plus être affiché depuis le 1er octobre 2027"
    )
    shoot(page, "logo-lu-apres-expiration-1280")


def test_company_and_category_pages_say_the_logo_expired_when_read_after_its_end(open_page):
    page = open_page(now=AFTER)
    goto(page, "/entreprises/banque-horizon/")
    row = page.get_by_role("row", name=re.compile(r"^2027 Banque"))
    shown = untypeset(row.inner_text())  # what the reader sees: hidden variants aside
    assert "expiré : ne peut plus être affiché depuis le 1er octobre 2027" in shown
    assert "valable au" not in shown
    expect(page.locator("#logos-valables")).to_have_text("Logos valables au 5 octobre 2027")
    expect(
        page.get_by_text("Aucun logo de Banque Horizon n’est valable au 5 octobre 2027")
    ).to_be_visible()
    expect(page.locator("figure img")).to_have_count(1)
    expect(page.locator("figure img")).to_be_hidden()
    shoot(page, "entreprise-lue-apres-expiration-1280")

    goto(page, "/2027/banque/")
    expect(
        page.get_by_text(
            re.compile(r"Logo expiré\s: il ne peut plus être affiché depuis le 1er\soctobre 2027")
        )
    ).to_be_visible()
    expect(page.get_by_text("Archives, à ne plus afficher")).to_be_visible()
    expect(page.get_by_text(re.compile("^Badge à intégrer"))).to_be_hidden()

    goto(page, "/")
    expect(page.locator("#laureats-en-cours")).to_contain_text("5 octobre 2027")
    expect(page.locator(".grid.cards li:visible")).to_have_count(0)
    expect(page.get_by_text("Aucun logo n’est valable au 5 octobre 2027.")).to_be_visible()


def test_a_reader_dated_before_the_build_reads_the_page_as_built(open_page):
    """A clock set back (15 September 2026, the site built on 24 November): the build left
    out the logos expired by then, so re-dating the page earlier would say « no logo valid »
    beside a table calling the 2027 title valid. The page keeps the build date."""
    page = open_page(now=datetime.fromisoformat("2026-09-15T09:00:00+02:00"))
    goto(page, "/entreprises/banque-horizon/")
    expect(page.locator("#logos-valables")).to_have_text("Logos valables au 24 novembre 2026")
    row = page.get_by_role("row", name=re.compile(r"^2027 Banque"))
    assert "valable au 24 novembre 2026" in untypeset(row.inner_text())
    expect(page.locator("figure img")).to_be_visible()
    expect(page.get_by_text(re.compile("^Aucun logo de Banque Horizon"))).to_be_hidden()
    goto(page, "/")
    expect(page.locator("#laureats-en-cours")).to_contain_text("24 novembre 2026")
    expect(page.get_by_text(re.compile("^Aucun logo n.est valable"))).to_be_hidden()


def test_the_checker_of_a_reader_dated_before_the_build_answers_for_the_build_date(open_page):
    """The same clock set back: looked up by name, the checker answered for 15 September,
    a day before the page's build, when the pages around it speak of 24 November. A day
    the reader does not choose is never before the build; a day asked for still is."""
    page = open_page(now=datetime.fromisoformat("2026-09-15T09:00:00+02:00"))
    status = checker_answer(page, "Banque Horizon")
    expect(page.get_by_label("Date", exact=True)).to_have_value("2026-11-24")
    expect(status).to_contain_text("Au 24 novembre 2026, Banque Horizon peut afficher")
    status = checker_answer(page, "Banque Horizon", "2026-13-45")
    notice = untypeset(status.locator(".escda-answer-date").inner_text())
    assert "réponse pour le 24 novembre 2026, date de mise à jour de cette page." in notice
    assert "aujourd'hui" not in notice
    status = checker_answer(page, "Banque Horizon", "2026-09-15")
    expect(status).to_contain_text("Au 15 septembre 2026, Banque Horizon peut afficher le logo de")
    expect(status).to_contain_text("titre : Banque 2026.")


def test_a_re_dated_heading_has_no_stale_date_in_the_table_of_contents(open_page):
    page = open_page(now=AFTER)
    goto(page, "/entreprises/banque-horizon/")
    expect(page.locator("#logos-valables")).to_have_text("Logos valables au 5 octobre 2027")
    toc = page.locator('.md-nav--secondary a[href="#logos-valables"]')
    expect(toc.first).to_have_text("Logos valables")
    goto(page, "/")
    toc = page.locator('.md-nav--secondary a[href="#laureats-en-cours"]')
    expect(toc.first).to_have_text("Lauréats dont le logo est valable")


def test_the_day_changes_at_midnight_in_paris_whatever_the_readers_time_zone(open_page):
    page = open_page(now=PARIS_MIDNIGHT, zone="America/New_York")
    status = checker_answer(page, "Banque Horizon")
    expect(page.get_by_label("Date", exact=True)).to_have_value("2027-10-01")
    expect(status).to_contain_text("ne peut afficher aucun logo")


def test_pages_read_on_a_day_the_logo_is_valid_say_so_with_that_date(open_page):
    page = open_page(now=datetime.fromisoformat("2027-03-02T09:00:00+01:00"))
    goto(page, "/entreprises/banque-horizon/")
    row = page.get_by_role("row", name=re.compile(r"^2027 Banque"))
    shown = untypeset(row.inner_text())
    assert "valable au 2 mars 2027, jusqu'au 30 septembre 2027" in shown
    assert "expiré" not in shown
    expect(page.locator("figure img")).to_be_visible()
    goto(page, "/2027/banque/")
    expect(page.get_by_text(re.compile("^Badge à intégrer"))).to_be_visible()


def test_a_citation_says_the_day_the_reader_consulted_the_page(open_page):
    page = open_page(now=AFTER)
    goto(page, "/2027/banque/")
    cite = untypeset(page.locator(".escda-cite").inner_text())
    assert cite.startswith("Citer cette page :")
    assert cite.endswith("https://palmares.escda.example/2027/banque/, consulté le 5 octobre 2027.")
    expect(page.locator(".escda-cite time")).to_have_attribute("datetime", "2027-10-05")


def test_without_javascript_pages_state_the_build_date(browser, base_url):
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    page = context.new_page()
    goto(page, "/entreprises/banque-horizon/")
    row = page.get_by_role("row", name=re.compile(r"^2027 Banque"))
    shown = untypeset(row.inner_text())
    assert "valable au 24 novembre 2026, jusqu'au 30 septembre 2027" in shown
    assert "expiré" not in shown
    # A citation says when it was consulted: without JavaScript, the build date.
    goto(page, "/2027/banque/")
    cite = untypeset(page.locator(".escda-cite").inner_text())
    assert cite.endswith("/2027/banque/, consulté le 24 novembre 2026.")
    context.close()


# --- Item 2: a checker that never misleads ----------------------------------------------


def _norm(text: str) -> str:
    from escda_site.text.frformat import fold

    return " ".join(re.sub(r"[^\w]+", " ", fold(text).lower()).split())


def test_checker_lists_every_laureate_matching_a_partial_name(open_page, bundled_site):
    site = bundled_site
    index = json.loads((site / "logo" / "titres.json").read_text(encoding="utf-8"))
    expected = sorted(
        c["name"]
        for c in index["companies"]
        if any("horizon" in _norm(n) for n in [c["name"], *c["former_names"]])
    )
    assert len(expected) >= 3  # Banque Horizon, Horizon Lignes, Tilleul & Horizon…
    page = open_page()
    status = checker_answer(page, "Horizon", "2027-03-01")
    expect(status).to_contain_text("« Horizon » ne correspond exactement au nom d’aucun lauréat")
    expect(status).to_contain_text(f"Vouliez-vous dire l’un de ces {len(expected)} lauréats ?")
    choices = status.get_by_role("listitem").get_by_role("link")
    assert sorted(choices.all_inner_texts()) == expected
    # A company found by a former name says so.
    for company in index["companies"]:
        if company["name"] in expected and "horizon" not in _norm(company["name"]):
            item = status.get_by_role("listitem").filter(has_text=company["name"])
            expect(item).to_contain_text("(anciennement ")
    shoot(page, "logo-plusieurs-lauréats-1280")

    # Picking one answers for it, and the address says which.
    status.get_by_role("link", name="Banque Horizon", exact=True).click()
    expect(status).to_contain_text("Au 1er mars 2027, Banque Horizon peut afficher le logo")
    assert "entreprise=Banque+Horizon" in page.url and "date=2027-03-01" in page.url


@pytest.mark.parametrize("typo", ["Banque Horizn", "banque horizom", "Bnque Horizon"])
def test_a_typo_suggests_the_right_company_and_never_says_never_elected(open_page, typo):
    page = open_page()
    status = checker_answer(page, typo)
    expect(status).to_contain_text("Aucun lauréat de ce nom n’est répertorié")
    expect(status.get_by_role("link", name="Banque Horizon", exact=True)).to_be_visible()
    assert "jamais" not in status.inner_text()
    if typo == "Banque Horizn":
        shoot(page, "logo-faute-de-frappe-1280")


def test_former_names_still_work(open_page):
    page = open_page()
    status = checker_answer(page, "hetre autocars", "2027-03-01")
    expect(status).to_contain_text("ancien nom d’Horizon Lignes")
    expect(status).to_contain_text("Horizon Lignes")


def test_the_checker_says_under_which_name_each_title_was_won(open_page):
    # Its company page says « sous le nom Hêtre Autocars »; the checker listed the titles
    # bare, under today's name, which is not the one on those editions' logos.
    page = open_page()
    status = checker_answer(page, "Horizon Lignes", "2025-03-01")
    items = [untypeset(t) for t in status.get_by_role("listitem").all_inner_texts()]
    assert [t.split(" : ")[0] for t in items] == [
        "Transport de voyageurs 2025, sous le nom Hêtre Autocars",
        "Transport de voyageurs 2024, sous le nom Hêtre Autocars",
    ]
    expect(status).to_contain_text(
        "peut afficher le logo de ce titre : Transport de voyageurs 2025 (sous le nom Hêtre "
        "Autocars)."
    )
    shared = checker_answer(page, "Marché Opale", "2027-03-01")
    expect(shared.get_by_role("listitem")).to_contain_text("Grande distribution 2027 (ex æquo)")


def test_the_form_gives_a_shareable_address(open_page):
    page = open_page(now=AFTER)
    goto(page, "/logo/")
    page.get_by_label("Entreprise", exact=True).fill("Banque Horizon")
    page.get_by_label("Date", exact=True).fill("2027-06-01")
    page.get_by_role("button", name="Vérifier").click()
    expect(page.get_by_role("main").get_by_role("status")).to_contain_text(
        "Au 1er juin 2027, Banque Horizon peut"
    )
    shared = page.url
    assert urlsplit(shared).query == "entreprise=Banque+Horizon&date=2027-06-01"
    other = open_page(width=375, now=AFTER)
    goto(other, f"{urlsplit(shared).path}?{urlsplit(shared).query}")
    expect(other.get_by_label("Entreprise", exact=True)).to_have_value("Banque Horizon")
    expect(other.get_by_role("main").get_by_role("status")).to_contain_text(
        "Au 1er juin 2027, Banque Horizon peut"
    )
    shoot(other, "logo-adresse-partagée-375")


# --- Item 6: search that ignores accents both ways --------------------------------------


def search(page: Page, query: str) -> tuple[list[tuple[str, str]], list[str]]:
    """The result list (path, title) and the visible highlighted words for a query."""
    box = page.get_by_role("textbox", name="Recherche")
    box.click()
    box.fill("")
    box.press_sequentially(query)
    box.press("End")  # typed accents come without keyup events: Material reads on keyup
    meta = page.locator(".md-search-result__meta")
    expect(meta).to_contain_text(re.compile(r"\d"))
    page.wait_for_timeout(400)  # let the last query's results replace the previous ones
    items = page.eval_on_selector_all(
        ".md-search-result__item > a",
        "els => els.map(e => [new URL(e.href).pathname, e.innerText.split('\\n')[0]])",
    )
    marks = page.eval_on_selector_all(
        ".md-search-result mark", "els => els.filter(e => e.offsetParent).map(e => e.textContent)"
    )
    return [tuple(i) for i in items], marks


@pytest.fixture(scope="module")
def _home(browser, base_url):
    shown = Shown(browser, base_url)
    yield shown
    shown.close()


@pytest.fixture
def searched_home(_home):
    """The home page, loaded once for the module, for the tests that only type queries and
    read the answers (`search` empties the box first): the page's load and Pagefind's start
    were half of such a test's CPU (browser_helpers.Shown). No script may fail on it."""
    yield _home.page("/")
    assert not _home.problems


@pytest.mark.parametrize(
    ("plain", "accented"),
    [
        ("energie", "énergie"),
        ("societe", "société"),
        ("cedre", "cèdre"),
        ("electricite", "électricité"),
    ],
)
def test_accent_pairs_give_identical_results_with_highlighting(searched_home, plain, accented):
    page = searched_home
    plain_items, plain_marks = search(page, plain)
    accented_items, accented_marks = search(page, accented)
    assert plain_items, plain
    assert plain_items == accented_items
    # The accented words of the pages are highlighted for the query typed without accents.
    assert any(_norm(m).startswith(plain) and _norm(m) != m.lower() for m in plain_marks)
    assert sorted(set(plain_marks)) == sorted(set(accented_marks))


# --- Item 5: newsletter fragments opened by URL ----------------------------------------


# Each document's HTTP status, its text and its width, read in frames of one page at once.
_READ_IN_FRAMES = """paths => Promise.all(paths.map(path => new Promise(done => {
  const frame = document.createElement('iframe');
  frame.style.cssText = 'display: block; width: 375px; height: 900px; border: 0';
  frame.onload = () => {
    const win = frame.contentWindow, doc = frame.contentDocument;
    done([win.performance.getEntriesByType('navigation')[0].responseStatus,
      doc.body.innerText, doc.documentElement.scrollWidth]);
  };
  frame.src = path;
  document.body.append(frame);
})))"""


def test_every_newsletter_fragment_reads_well_on_a_phone(open_page, bundled_site):
    # newsletter/<edition>/<name>.html and .txt (newsletter/index.html is the site's page)
    snippets = sorted(
        p.relative_to(bundled_site).as_posix() for p in (bundled_site / "newsletter").glob("*/*.*")
    )
    fragments = [p for p in snippets if p.endswith(".html")]
    twins = [p for p in snippets if p.endswith(".txt")]
    assert len(fragments) > 10 and len(twins) == len(fragments)
    page = open_page(width=375)
    # The fragments and their text twins open at once, each in a frame 375 px wide (its own
    # viewport, as a phone's screen is) of a plain-text page that states no encoding: one
    # that stated none would be read in that default, as when opened alone (the twins state
    # theirs with a byte-order mark, which a frame reads as a tab does). Opened one by one,
    # the 52 twins of the bundled data cost 2.7 s of CPU; in frames, 1.3 s.
    goto(page, "/robots.txt")
    read = page.evaluate(_READ_IN_FRAMES, ["/" + path for path in fragments + twins])
    assert len(read) == len(fragments + twins)
    for path, (status, text, width) in zip(fragments + twins, read, strict=True):
        assert status == 200, path
        assert "Ã" not in text and "â€" not in text, path
        assert AWARD in text, path  # « Élu Service Client de l’Année », accents intact
        assert width <= 375, f"{path}: {width} px wide at 375 px"
    goto(page, "/newsletter/2027/banque.html")
    shoot(page, "newsletter-categorie-375")
    wide = open_page(width=1280)
    goto(wide, "/newsletter/2027/index.html")
    container = "document.querySelector('table[style*=\"max-width:600px\"]').offsetWidth"
    assert wide.evaluate(container) <= 602
    shoot(wide, "newsletter-edition-1280")


def test_a_local_preview_shows_the_local_logos_and_the_files_keep_production_urls(
    open_page, bundled_site, base_url
):
    production = "https://palmares.escda.example/logos/2027/banque/"
    # The file an organiser pastes into an e-mail keeps the absolute production address,
    # and holds no script (mail tools strip or flag it)…
    published = (bundled_site / "newsletter/2027/banque.html").read_text(encoding="utf-8")
    assert f'src="{production}' in published and "<script" not in published
    # …while the newsletter page's preview (an iframe of a copy with relative image
    # addresses) shows this server's logos, loaded.
    page = open_page()
    goto(page, "/newsletter/")
    page.locator("iframe").first.scroll_into_view_if_needed()  # loading="lazy"
    frame = page.frame_locator("iframe").first
    framed = frame.locator("img").first
    expect(framed).to_have_js_property("complete", True)
    assert framed.evaluate("img => img.currentSrc").startswith(f"{base_url}logos/2027/")
    assert framed.evaluate("img => img.naturalWidth") > 0
