"""The built site in a real browser: a reader's journeys, the search box, the logo checker,
small screens and accessibility (axe-core), in Debian's headless chromium.

Screenshots of the audited pages land in tests/screenshots/ for a human to look at, with
`pytest --screenshots`.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urldefrag, urlsplit

import pytest
from mkdocs.utils.yaml import yaml_load
from playwright.sync_api import Locator, Page, expect

from escda_site.text.frformat import fold
from escda_site.text.wording import AWARD

from browser_helpers import (
    AS_OF,
    PAGES,
    WIDTHS,
    Shown,
    describe,
    screenshot,
    serious_violations,
    settle,
    skip_reason,
    zero_size_tab_stops,
)
from sitecheck import CONFIG

TODAY = AS_OF[:10]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or ""),
]

# The public host: e-mail snippets address their images there (see `open_page`).
SITE_URL = yaml_load(CONFIG.read_text(encoding="utf-8"))["site_url"]


@pytest.fixture
def open_page(readers, base_url):
    """Opens pages of the served site; no request may leave it, no script may fail."""
    problems = []

    def request(request):
        problem = _outside(request, base_url)
        if problem:
            problems.append(problem)

    def error(error: str) -> None:
        problems.append(f"script error: {error}")

    # Requests are watched, not intercepted: interception would take the browser's cache
    # away and hold every request for a round trip to this process (twice the CPU of a
    # page load); a request leaving the site fails in the browser (CHROMIUM_ARGS).
    def open_page(width: int = 1280, now: datetime | None = None) -> Page:
        return readers.page(base_url, width, now=now, on_request=request, on_error=error)

    yield open_page
    readers.reset()
    assert not problems


def _outside(request, base_url: str) -> str | None:
    """Why a request may not be made: it leaves the site."""
    url = request.url
    if url.startswith(base_url):
        return None
    # The previews of /newsletter/ show e-mail snippets, whose images are addressed on
    # the public host by design (a mail client has no other way to fetch them).
    snippet = request.frame.parent_frame is not None and url.startswith(SITE_URL)
    return None if snippet else f"request outside the site: {url}"


@pytest.fixture(scope="module")
def _shown(browser, base_url):
    shown = Shown(browser, base_url, on_request=lambda request: _outside(request, base_url))
    yield shown
    shown.close()


@pytest.fixture
def shown(_shown):
    """`shown(path, width=1280)`: the page at `path`, loaded once for the module, for the
    tests that only read it (browser_helpers.Shown): most audited pages are read by two or
    three tests at 1280 px. As with `open_page`, no request may leave the site and no
    script may fail."""
    yield _shown.page
    assert not _shown.problems


def goto(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path}: {response}"


def follow(page: Page, link: Locator) -> None:
    """Click a link as a reader would; the page it leads to must load."""
    expect(link).to_be_visible()
    with page.expect_navigation() as navigation:
        link.click()
    response = navigation.value
    assert response is not None and response.status == 200, f"{page.url}: {response}"


def path(page: Page) -> str:
    return urlsplit(page.url).path


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def test_reader_goes_from_home_to_a_company_by_links(open_page):
    page = open_page()
    goto(page, "/")
    expect(heading(page)).to_have_text(AWARD)

    follow(page, page.get_by_role("link", name="Palmarès 2027", exact=True))
    assert path(page) == "/2027/"
    expect(heading(page)).to_have_text("Palmarès 2027")

    follow(page, page.locator(".md-tabs").get_by_role("link", name="Secteurs"))
    assert path(page) == "/secteurs/"
    follow(page, page.get_by_role("link", name="Banque & Assurance"))
    assert path(page) == "/secteurs/banque-assurance/"
    expect(heading(page)).to_have_text("Banque & Assurance")

    # The sector lists its categories edition by edition, the latest first (in tables; the
    # line above them links each category across the editions).
    follow(page, page.get_by_role("table").get_by_role("link", name="Banque", exact=True).first)
    assert path(page) == "/2027/banque/"
    expect(heading(page)).to_have_text("Banque — 2027")

    follow(page, page.get_by_role("link", name="Banque Horizon", exact=True).first)
    assert path(page) == "/entreprises/banque-horizon/"
    expect(heading(page)).to_have_text("Banque Horizon")
    expect(page.get_by_role("row", name=re.compile(r"^2027 Banque"))).to_contain_text("valable")


def test_home_shows_one_card_per_laureate_with_a_valid_logo(shown):
    page = shown("/")
    cards = page.locator(".grid.cards li")
    assert cards.count() >= 10
    for card in cards.all():
        expect(card.get_by_role("link")).to_have_count(2)  # the company, its category
        expect(card).to_contain_text("entreprises testées")


def test_previous_edition_link_of_a_category(open_page):
    page = open_page()
    goto(page, "/2027/banque/")
    follow(page, page.get_by_role("link", name="← Banque 2026"))
    assert path(page) == "/2026/banque/"
    expect(heading(page)).to_have_text("Banque — 2026")


@pytest.mark.parametrize(
    ("query", "name", "url"),
    [
        (
            "Société Hirondelle",
            "Société Hirondelle Électricité",
            "/entreprises/societe-hirondelle-electricite/",
        ),
        # French readers often type without accents: the build folds them in the index.
        (
            "societe hirondelle",
            "Société Hirondelle Électricité",
            "/entreprises/societe-hirondelle-electricite/",
        ),
        ("energie chataigne", "Énergie Châtaigne", "/entreprises/energie-chataigne/"),
    ],
)
def test_search_finds_a_laureate_by_name(open_page, query, name, url):
    page = open_page()
    goto(page, "/")
    box = page.get_by_role("textbox", name="Recherche")
    expect(box).to_be_visible()
    box.click()
    box.press_sequentially(query)

    results = page.locator(".md-search-result__list")
    best = results.get_by_role("link").first
    expect(best).to_contain_text(name)
    # The accent-free copies the index carries stay hidden in the result snippets.
    shown = results.inner_text()
    for word in name.split():
        if fold(word) != word:
            assert fold(word) not in shown

    follow(page, best)
    assert path(page) == url
    expect(heading(page)).to_have_text(name)


@pytest.mark.parametrize(
    ("company", "day", "answer", "title"),
    [
        (
            "Banque Horizon",
            None,
            "Au 24 novembre 2026, Banque Horizon peut afficher le logo de ce titre",
            "Banque 2027",
        ),
        # The 2026 logos expired on 2026-09-30; typed without accents.
        (
            "energie chataigne",
            None,
            "Au 24 novembre 2026, Énergie Châtaigne ne peut afficher aucun logo",
            "Fournisseur d’énergie 2026",
        ),
        (
            "Énergie Châtaigne",
            "2026-06-01",
            "Au 1er juin 2026, Énergie Châtaigne peut afficher le logo",
            "Fournisseur d’énergie 2026",
        ),
        ("Entreprise Jamais Élue", None, "Aucun lauréat de ce nom n’est répertorié", None),
    ],
)
def test_logo_checker(open_page, company, day, answer, title):
    # The checker answers for the reader's own date: the clock says it is the build's day.
    page = open_page(now=datetime.fromisoformat(AS_OF))
    goto(page, "/logo/")
    date = page.get_by_label("Date", exact=True)
    expect(date).to_have_value(TODAY)
    page.get_by_label("Entreprise", exact=True).fill(company)
    if day:
        date.fill(day)
    page.get_by_role("button", name="Vérifier").click()

    status = page.get_by_role("main").get_by_role("status")
    expect(status).to_contain_text(answer)
    shot = re.sub(r"\W+", "-", fold(f"{company} {day or TODAY}").lower())
    screenshot(page.locator("#escda-checker"), f"logo-verificateur-{shot}")
    if title is None:
        expect(status.get_by_role("link", name=re.compile(r"\d{4}$"))).to_have_count(0)
        return
    link = status.get_by_role("link", name=title)
    if day is None and "aucun" in answer:
        expect(status.get_by_role("listitem").filter(has_text=title)).to_contain_text("expiré")
    follow(page, link)
    # The checker sets names as the pages do, with typographic apostrophes.
    expect(heading(page)).to_contain_text(title.rsplit(" ", 1)[0])


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_page_is_accessible_and_fits_the_screen(shown, name, width):
    page = shown("/" + PAGES[name], width)
    settle(page)
    screenshot(page, f"{name}-{width}", full_page=True)

    assert page.locator("html").get_attribute("lang") == "fr"
    violations = serious_violations(page)
    assert not violations, describe(violations)
    assert not zero_size_tab_stops(page)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{scroll_width} px wide at a {width} px viewport"
    # Material lets a too-wide table scroll inside itself: none of ours needs to, even on a
    # phone, where half a column out of sight reads as a broken page.
    hidden = page.eval_on_selector_all(
        ".md-typeset table", "els => els.map(e => e.scrollWidth - e.clientWidth)"
    )
    assert all(extra <= 1 for extra in hidden), f"a table overflows its box by {max(hidden)} px"
    # « Banque Horizon » then « , 3e titre » below it: a table's links are boxes, after
    # which a line may break (text/table_punctuation.py); « · » keeps to the item before it.
    assert not page.evaluate(_PUNCTUATION_STARTING_A_LINE)


def test_no_line_of_the_home_starts_with_a_separator_at_any_phone_width(open_page):
    # A card's « Banque 2027 · 16,92/20 · 7 entreprises testées » broke before a « · » at
    # some widths (320, 384–392 px with the bundled data): the separator now holds to the
    # item before it (typography.py), whatever the width.
    page = open_page(375)
    goto(page, "/")
    settle(page)
    found = {}
    for width in range(320, 432, 4):
        page.set_viewport_size({"width": width, "height": 900})
        lines = page.evaluate(_PUNCTUATION_STARTING_A_LINE)
        if lines:
            found[width] = lines
    assert not found


def test_no_line_of_a_citation_starts_with_the_punctuation_after_its_url(open_page):
    # The theme breaks a long word anywhere it must (`overflow-wrap: break-word`): at 362
    # and 364 px the citation's URL broke before its comma, a line starting with
    # « , consulté le », and the logo's mandatory caption before its « » » at five widths.
    # A URL's last segment holds to what follows it (templating.url_then).
    page = open_page(375)
    goto(page, "/2027/banque/")
    settle(page)
    found = {}
    for width in range(320, 442, 2):
        page.set_viewport_size({"width": width, "height": 900})
        for block in (".escda-cite", ".escda-caption"):
            lines = page.evaluate(_LINE_STARTS, block)
            if any(re.match(r"[,.;:!?)\]»]", line) for line in lines):
                found[(block, width)] = lines
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{scroll_width} px wide at a {width} px viewport"
    assert not found


def test_the_permanent_link_breaks_only_after_a_slash_of_its_path(open_page):
    # Shown as code to copy, the URL broke anywhere on a phone (« …/2027/banqu » over
    # « e/ » at 375 px): it breaks after a slash only (templating.url_code), and copies whole.
    page = open_page(375)
    goto(page, "/2027/banque/")
    settle(page)
    url = page.evaluate(_MARK_PERMALINK)
    assert url.startswith("http") and url.endswith("/2027/banque/") and " " not in url
    broken = {}
    for width in range(320, 442, 4):
        page.set_viewport_size({"width": width, "height": 900})
        lines = page.evaluate(_LINE_STARTS, "code[data-permalink]")
        if not all(f"/{line}" in url for line in lines):
            broken[width] = lines
    assert not broken


# The URL the page gives as its permanent link, its element marked for _LINE_STARTS.
_MARK_PERMALINK = r"""() => {
  const code = [...document.querySelectorAll('.md-content code')]
    .find((c) => /^https?:/.test(c.textContent));
  code.dataset.permalink = '';
  return code.textContent;
}"""


# The first characters of each line of the text in `selector` (after the first line).
_LINE_STARTS = r"""(selector) => {
  const starts = [];
  const walk = document.createTreeWalker(document.querySelector(selector), 4);
  let bottom = null;
  for (let t = walk.nextNode(); t; t = walk.nextNode()) {
    for (let i = 0; i < t.data.length; i++) {
      if (/\s/.test(t.data[i])) continue;
      const r = document.createRange();
      r.setStart(t, i);
      r.setEnd(t, i + 1);
      const box = r.getBoundingClientRect();
      if (!box.height) continue;
      const below = bottom !== null && (box.top + box.bottom) / 2 > bottom;
      if (below) starts.push(t.data.slice(i, i + 20));
      bottom = box.bottom;
    }
  }
  return starts;
}"""


# Punctuation that starts a line below the text before it: a table cell's comma after a
# link (a box of its own), or a separator « · » anywhere in the page.
_PUNCTUATION_STARTING_A_LINE = r"""() => {
  const found = [];
  const walk = document.createTreeWalker(document.querySelector('.md-content'), 4);
  const rect = (node, i) => {
    const r = document.createRange();
    r.setStart(node, i);
    r.setEnd(node, i + 1);
    return r.getBoundingClientRect();
  };
  for (let t = walk.nextNode(); t; t = walk.nextNode()) {
    const prev = t.previousSibling, inCell = t.parentElement.closest('td, th');
    for (let i = 0; i < t.data.length; i++) {
      const dot = t.data[i] === '·', lead = /^[  ]?$/.test(t.data.slice(0, i));
      if (!(dot || (lead && inCell && /[,.;:!?)\]»]/.test(t.data[i])))) continue;
      let j = i - 1;
      while (j >= 0 && /\s/.test(t.data[j])) j--;
      let before = null;
      if (j >= 0) before = rect(t, j);
      else if (prev && prev.nodeType === 1) {
        const boxes = prev.getClientRects();
        before = boxes[boxes.length - 1];
      }
      const char = rect(t, i);
      if (before && char.height && (char.top + char.bottom) / 2 > before.bottom) {
        const said = j >= 0 ? t.data.slice(0, i) : prev.textContent;
        found.push(`${said.slice(-30)} | ${t.data.slice(i, i + 30)}`);
      }
    }
  }
  return found;
}"""


def test_charts_have_a_text_alternative(shown):
    page = shown("/2027/grande-distribution/")  # ex æquo: one chart per laureate
    charts = page.locator(".escda-chart")
    expect(charts).to_have_count(2)
    for laureate in ("Hypermarchés du Cèdre", "Marché Opale"):
        chart = page.get_by_role("img", name=re.compile(f"^Notes par canal (de |d’){laureate} "))
        expect(chart).to_be_visible()
        # The threshold is named with what it applies to: the overall mark, not a channel.
        expect(chart).to_have_accessible_name(
            re.compile(
                r"note globale\s:\s\d+,\d\d/20\s;\sle seuil d[’']attribution, \d+(,\d+)?/20, "
                r"s[’']applique à la note globale seule, pas aux notes par canal$"
            )
        )


def test_every_link_of_the_audited_pages_resolves(shown, base_url):
    targets: set[str] = set()
    for url in PAGES.values():
        page = shown("/" + url)
        found = page.eval_on_selector_all(
            "a[href], img[src], link[rel=stylesheet], script[src]",
            "els => els.map(e => e.href || e.src)",
        )
        targets |= {urldefrag(u).url for u in found if u.startswith(base_url)}
    assert len(targets) > 40, len(targets)
    broken = [u for u in sorted(targets) if page.request.get(u).status != 200]
    assert not broken


# --- Phones and hands, at the width of a small phone ---------------------------------------
PHONE = 375
# Every link and control of the page's own content and footer (the header, menu and search
# are Material's), with what WCAG 2.2's inline exception (2.5.8) needs to know: a link
# displayed inline in a paragraph of at least five words of its own running text, whose
# size the line height of the sentence sets, is exempt. No other exemption is taken.
TARGETS = (
    ".md-content a[href], .md-content button, .md-content input, .md-content select, "
    ".md-content summary, .md-footer a[href]"
)
_MEASURE_TARGETS = """els => els.filter(e => e.checkVisibility()).map(e => {
  const box = e.getBoundingClientRect();
  const block = e.parentElement.closest('p, li, td, th, dd, dt, figcaption, nav, div, form');
  let words = 0;
  if (block && block.tagName === 'P') {
    const copy = block.cloneNode(true);
    copy.querySelectorAll('a, button, input').forEach(c => c.remove());
    words = (copy.textContent.match(/[\\p{L}\\d]+/gu) || []).length;
  }
  const name = (e.textContent || e.getAttribute('aria-label') || e.name || '').trim();
  return {
    target: `${e.tagName.toLowerCase()} « ${name.slice(0, 40)} »`,
    width: box.width, height: box.height,
    inlineInProse: getComputedStyle(e).display === 'inline' && words >= 5,
  };
})"""


def _phone_page(open_page, path: str) -> Page:
    # The logo checker answers for the reader's date: the clock says it is the build's day.
    page = open_page(PHONE, now=datetime.fromisoformat(AS_OF))
    goto(page, path)
    settle(page)
    return page


def test_chart_labels_are_legible_on_a_phone(open_page):
    for path in ("/2027/banque/", "/2027/grande-distribution/", "/categories/banque/"):
        page = _phone_page(open_page, path)
        texts = page.eval_on_selector_all(
            ".escda-chart-label, .escda-chart-value, .escda-chart-note, .escda-chart-legend *",
            """els => els.filter(e => e.checkVisibility() && e.textContent.trim()).map(e => ({
              text: e.textContent.trim(),
              size: parseFloat(getComputedStyle(e).fontSize),
              height: e.getBoundingClientRect().height,
            }))""",
        )
        assert len(texts) >= 9, (path, texts)  # labels, values and the threshold's legend
        # As rendered: a drawing scaled down to the screen shrinks its text with it.
        small = [t for t in texts if t["size"] < 12 or t["height"] < 12]
        assert not small, (path, small)


@pytest.mark.parametrize("path", ["", "newsletter/", "2027/", "2027/banque/", "logo/", "donnees/"])
def test_tap_targets_are_24_px_on_a_phone(open_page, path):
    page = _phone_page(open_page, "/" + path)
    # Collapsed blocks open, as a reader would open them: their links count too.
    page.eval_on_selector_all("details", "els => els.forEach(d => { d.open = true; })")
    if path == "logo/":  # the checker's answer lists links to the titles
        page.get_by_label("Entreprise", exact=True).fill("Banque Horizon")
        page.get_by_role("button", name="Vérifier").click()
        expect(
            page.get_by_role("main").get_by_role("status").get_by_role("link").first
        ).to_be_visible()
    targets = page.eval_on_selector_all(TARGETS, _MEASURE_TARGETS)
    assert len(targets) >= 5, targets
    small = [t for t in targets if t["width"] < 24 or t["height"] < 24]
    too_small = [t for t in small if not t["inlineInProse"]]
    assert not too_small, "\n".join(
        f"{t['target']}: {t['width']:.0f}×{t['height']:.0f} px" for t in too_small
    )


def test_tables_of_one_kind_line_up_on_an_edition_page(open_page):
    page = _phone_page(open_page, "/2027/")
    tables = page.eval_on_selector_all(
        ".md-typeset table",
        """els => els.map(t => ({
          head: [...t.tHead.rows[0].cells].map(c => c.textContent.trim()).join(' | '),
          widths: [...t.tHead.rows[0].cells].map(c => Math.round(c.getBoundingClientRect().width)),
        }))""",
    )
    kinds: dict[str, list[list[int]]] = {}
    for table in tables:
        kinds.setdefault(table["head"], []).append(table["widths"])
    sectors = kinds["Catégorie | Lauréat | Note globale | Entreprises testées"]
    assert len(sectors) >= 5  # one table per sector
    for widths in kinds.values():
        assert all(w == widths[0] for w in widths), widths


def test_open_data_page_fits_a_phone_and_keeps_field_names_whole(open_page):
    page = _phone_page(open_page, "/donnees/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    # Nor does a table scroll inside itself: every column in sight.
    hidden = page.eval_on_selector_all(
        ".md-typeset table", "els => els.map(e => e.scrollWidth - e.clientWidth)"
    )
    assert all(extra <= 1 for extra in hidden), hidden
    # Where a name in a table wraps, the line ends after an underscore, never inside a word.
    splits = page.eval_on_selector_all(
        ".md-typeset td code",
        """els => els.flatMap(code => {
          const splits = [];
          let top = null, before = '';
          const walk = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
          for (let node = walk.nextNode(); node; node = walk.nextNode()) {
            for (let i = 0; i < node.length; i++) {
              const range = document.createRange();
              range.setStart(node, i);
              range.setEnd(node, i + 1);
              const y = range.getBoundingClientRect().top;
              if (top !== null && y > top + 2 && before !== '_') {
                splits.push(`${code.textContent} after « ${before} »`);
              }
              top = y;
              before = node.data[i];
            }
          }
          return splits;
        })""",
    )
    assert not splits, splits
    assert page.locator(".md-typeset td code").count() >= 15


@pytest.mark.parametrize(
    "path,tab",
    [
        ("2027/banque/", "Palmarès"),
        ("2027/", "Palmarès"),
        ("2027/methodologie/", "Méthodologie"),
        ("categories/banque/", "Catégories"),
        ("entreprises/banque-horizon/", "Entreprises"),
        ("secteurs/banque-assurance/", "Secteurs"),
    ],
)
def test_a_detail_page_lights_its_tab_and_has_no_empty_column(shown, path, tab):
    page = shown("/" + path)
    active = page.locator(".md-tabs__item--active")
    expect(active).to_have_count(1)
    expect(active).to_have_text(tab)
    # The navigation column would be empty: the content starts at the left instead.
    expect(page.locator(".md-sidebar--primary")).to_be_hidden()
