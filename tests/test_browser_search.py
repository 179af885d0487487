"""The site search in Debian's headless chromium, on the bundled site (our plugin) and on
the exported tree of the same data built by bare `mkdocs build`, then `escda finish`:
accents and ligatures both ways with the same results in the same order, the filters,
the keyboard and a phone, and nothing fetched from outside the site nor of Material's own
search.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import datetime
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from escda_site import cli

from browser_helpers import AS_OF, Shown, serve, skip_reason
from sitecheck import CONFIG, ROOT

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or ""),
]

# The exported tree's data: the bundled data, one laureate renamed to hold an œ.
RENAMED = ("Sirocco Énergies", "Sirocco Œuvres Énergies")


@pytest.fixture(scope="module")
def exported_url(tmp_path_factory, bundled_site):
    root = tmp_path_factory.mktemp("exported")
    # A copy of the bundled build's cache: its scores and drawn files (keyed on what they
    # show, a rename keeps every mark) are taken, not made again; the tree is the same.
    shutil.copytree(bundled_site.parent / "cache", root / "cache")
    data = root / "data"
    shutil.copytree(ROOT / "data", data)
    companies = data / "companies.yaml"
    text = companies.read_text(encoding="utf-8")
    assert f'name: "{RENAMED[0]}"' in text
    companies.write_text(text.replace(*(f'name: "{n}"' for n in RENAMED)), encoding="utf-8")
    tree = root / "tree"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("ESCDA_CACHE", str(root / "cache"))
        args = ["generate", str(tree), "--data", str(data), "--as-of", AS_OF]
        assert cli.main([*args, "--config", str(CONFIG)]) == 0
    epoch = str(int(datetime.fromisoformat(AS_OF).timestamp()))
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(tree / "mkdocs.yml")],
        env={**os.environ, "SOURCE_DATE_EPOCH": epoch, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert cli.main(["finish", str(tree / "site")]) == 0
    with serve(tree / "site") as url:
        yield url


@pytest.fixture(params=["bundled", "exported"])
def site(request):
    """(name, base URL) of each site the search must work on."""
    fixture = "base_url" if request.param == "bundled" else "exported_url"
    return request.param, request.getfixturevalue(fixture)


@pytest.fixture
def open_site(readers, site):
    """Opens pages of the site; every request is recorded, none may fail or leave it."""
    name, base_url = site
    requests, problems = [], []

    def request(request):
        requests.append(request.url)

    def error(error: str) -> None:
        problems.append(f"script error: {error}")

    # Watched, not intercepted (see test_browser.open_page): one leaving the site fails.
    def open_site(width: int = 1280) -> Page:
        page = readers.page(base_url, width, on_request=request, on_error=error)
        page.goto("/")
        return page

    open_site.name = name
    open_site.requests = requests
    open_site.base_url = base_url
    yield open_site
    readers.reset()
    assert not problems


@pytest.fixture(scope="module")
def _homes(browser):
    """Per site, its pages kept for the module (browser_helpers.Shown)."""
    kept: dict[str, Shown] = {}
    yield browser, kept
    for shown in kept.values():
        shown.close()


@pytest.fixture
def searched_home(_homes, site):
    """The site's home page at 1280 px, loaded once for the module, for the tests that only
    type queries and read the answers (`results` empties the box first): the page's load
    and Pagefind's start were half of such a test's CPU. No script may fail on it; a
    request leaving the site fails (see CHROMIUM_ARGS)."""
    browser, kept = _homes
    name, base_url = site
    shown = kept.setdefault(name, Shown(browser, base_url))
    yield shown.page("/")
    assert not shown.problems


# A count keeps to its noun (a no-break space, overrides/partials/languages/fr-custom.html).
META = re.compile("^(\\d+\u00a0documents trouvés|1\u00a0document trouvé|Aucun document trouvé)$")


def open_box(page: Page):
    box = page.get_by_role("textbox", name="Recherche")
    if not box.is_visible():  # a phone: the magnifier in the header opens it
        page.get_by_role("button", name="Recherche").click()
    box.click()
    return box


def settled(page: Page) -> None:
    """Until the list shows the answer to the last query or filter (never a fixed wait:
    under load an answer takes longer than any)."""
    expect(page.locator(".md-search-result__list")).to_have_attribute("aria-busy", "false")


def results(page: Page, query: str) -> tuple[list[str], list[str], str]:
    """The paths of the results shown for `query`, the highlighted words, all their text."""
    box = open_box(page)
    box.fill("")
    box.press_sequentially(query)
    expect(page.locator(".md-search-result__meta")).to_have_text(META)
    settled(page)
    paths = page.eval_on_selector_all(
        ".md-search-result__item > a", "els => els.map(e => new URL(e.href).pathname)"
    )
    marks = page.eval_on_selector_all(
        ".md-search-result mark", "els => els.map(e => e.textContent)"
    )
    return paths, marks, page.locator(".md-search-result__list").inner_text()


PAIRS = [
    ("energie", "énergie", "Énergie"),
    ("societe", "société", "Société"),
    ("cedre", "cèdre", "Cèdre"),
    ("ex aequo", "ex æquo", "æquo"),
]


@pytest.mark.parametrize(("plain", "written", "shown"), PAIRS)
def test_accents_and_ligatures_fold_both_ways_in_the_same_order(
    searched_home, plain, written, shown
):
    page = searched_home
    plain_paths, plain_marks, plain_text = results(page, plain)
    written_paths, written_marks, _ = results(page, written)
    assert plain_paths and plain_paths == written_paths
    # The page's own word is highlighted, as written there, for the query without accents.
    assert any(m.rstrip(".,;:").endswith(shown) for m in plain_marks), plain_marks
    assert sorted(set(plain_marks)) == sorted(set(written_marks))
    # The folded twins the index holds for œ and æ are never shown.
    assert "aequo" not in plain_text
    # French typography as on the plugin's pages: no-break spaces before « : ; ? ! »,
    # straight apostrophes nowhere; `escda finish` typesets what a bare engine printed.
    assert not re.search(r"\w [:;?!]|« | »|[^\W\d_]'", plain_text), plain_text


def test_oeuvre_finds_the_laureate_written_with_a_ligature(searched_home, site):
    page = searched_home
    if site[0] == "bundled":
        pytest.skip("no œ in the bundled data: the exported tree renames a laureate")
    plain, _, text = results(page, "oeuvres")
    written, _, _ = results(page, "Œuvres")
    assert plain == written and "/entreprises/sirocco-energies/" in plain
    assert RENAMED[1] in text and "Oeuvres" not in text and "oeuvres" not in text


def test_filters_narrow_the_results_to_an_edition_and_to_current_laureates(open_site):
    page = open_site()
    everything, _, _ = results(page, "banque")
    assert {"/2027/banque/", "/2024/banque/"} <= set(everything)
    page.locator("select[data-facet=edition]").select_option("2024")
    settled(page)
    expect(page.locator(".md-search-result__item a").first).to_be_visible()
    in_2024 = page.eval_on_selector_all(
        ".md-search-result__item > a", "els => els.map(e => new URL(e.href).pathname)"
    )
    assert "/2024/banque/" in in_2024 and not [p for p in in_2024 if p.startswith("/2027/")]
    assert len(in_2024) < len(everything)
    # No word at all: the current laureates' pages, and only theirs.
    page.locator("select[data-facet=edition]").select_option("")
    open_box(page).fill("")
    page.get_by_label("Lauréats actuels seulement").check()
    expect(page.locator(".md-search-result__meta")).to_have_text(META)
    settled(page)
    while page.get_by_role("button", name="Afficher les résultats suivants").count():
        page.get_by_role("button", name="Afficher les résultats suivants").click()
        settled(page)
    current = page.eval_on_selector_all(
        ".md-search-result__item > a", "els => els.map(e => new URL(e.href).pathname)"
    )
    assert {"/2027/banque/", "/entreprises/banque-horizon/"} <= set(current)
    assert not [p for p in current if p.startswith(("/2024/", "/2025/"))]
    # Each result names its laureate and mark.
    first = page.locator(".md-search-result__item").first
    expect(first.locator(".escda-search-laureate")).to_contain_text(re.compile(r"\d,\d\d/20"))


def test_an_index_that_fails_to_load_is_said_and_the_next_query_tries_again(open_site):
    # A host or a cache failing to serve Pagefind's script: an empty list would read as
    # « nothing found » for a laureate the site has.
    page = open_site()
    failures = []

    def fail_twice(route):
        if len(failures) < 2:
            failures.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.route("**/pagefind/pagefind.js", fail_twice)
    failed = re.compile("^La recherche n’a pas pu être chargée\u00a0: réessayez dans un instant.$")
    box = open_box(page)  # opening the box fetches the index ahead of the first query
    expect(page.locator(".md-search-result__meta")).to_have_text(failed)
    box.press_sequentially("banque")  # fetched again, failing again
    expect(page.locator(".md-search-result__meta")).to_have_text(failed)
    settled(page)
    assert len(failures) == 2 and page.locator(".md-search-result__item").count() == 0
    paths, _, _ = results(page, "banque horizon")
    assert "/entreprises/banque-horizon/" in paths


def test_next_results_that_fail_to_load_are_said_and_the_next_click_tries_again(open_site):
    # « Afficher les résultats suivants » whose fragments a host fails to serve: the button
    # went away and nothing was said, the list read as complete.
    page = open_site()
    results(page, "banque")
    shown = page.locator(".md-search-result__item > a").count()
    count = page.locator(".md-search-result__meta").inner_text()
    failing = []

    def fail(route):
        failing.append(route.request.url)
        route.abort()

    page.route("**/pagefind/fragment/**", fail)
    following = page.get_by_role("button", name="Afficher les résultats suivants")
    following.click()
    failed = re.compile("^La recherche n’a pas pu être chargée\u00a0: réessayez dans un instant.$")
    expect(page.locator(".md-search-result__meta")).to_have_text(failed)
    settled(page)
    assert failing and page.locator(".md-search-result__item > a").count() == shown
    expect(following).to_be_focused()
    page.unroute("**/pagefind/fragment/**")
    following.click()
    expect(page.locator(".md-search-result__meta")).to_have_text(count)
    settled(page)
    assert page.locator(".md-search-result__item > a").count() > shown


# Pagefind's interface as search.js uses it, each instance's start and end counted, each
# result's data answered by the test (`window.escdaData(term)`).
_FAKE_PAGEFIND = """
export async function options() {}
export async function init() { window.escdaInits = (window.escdaInits || 0) + 1; }
export async function filters() { return {}; }
export async function destroy() { window.escdaDestroys = (window.escdaDestroys || 0) + 1; }
export async function search(term) {
  return { results: [{ data: () => window.escdaData(term) }] };
}
"""

_ANSWERS = """() => {
  window.escdaData = (term) => {
    if (term === "lente") return new Promise((_, fail) => { window.escdaFailLate = fail; });
    if (term === "cassee") return Promise.reject(new Error("fragment"));
    return Promise.resolve({ url: "/", meta: { title: term }, excerpt: term });
  };
}"""


def test_an_older_query_failing_late_keeps_the_instance_a_newer_query_uses(open_site):
    # A failed query dropped whatever Pagefind instance was current. Destroying an instance
    # fails the queries still loading on it a moment later: a newer query started in that
    # moment had its new instance dropped and destroyed under it. Only the instance the
    # failing query used goes.
    page = open_site()
    page.route(
        "**/pagefind/pagefind.js",
        lambda route: route.fulfill(content_type="text/javascript", body=_FAKE_PAGEFIND),
    )
    page.evaluate(_ANSWERS)
    meta = page.locator(".md-search-result__meta")
    failed = re.compile("^La recherche n’a pas pu être chargée\u00a0: réessayez dans un instant.$")
    box = open_box(page)  # the first instance
    box.fill("lente")  # its result's data comes later
    page.wait_for_function("() => window.escdaFailLate")
    box.fill("cassee")  # fails at once: its instance (the first) goes
    expect(meta).to_have_text(failed)
    box.fill("nouvelle")  # a second instance
    expect(meta).to_have_text("1\u00a0document trouvé")
    settled(page)
    page.evaluate("() => window.escdaFailLate(new Error('worker terminated'))")
    box.fill("suivante")  # on the second instance, kept
    expect(page.locator(".md-search-result__item h1")).to_have_text("suivante")
    expect(meta).to_have_text("1\u00a0document trouvé")
    assert page.evaluate("() => [window.escdaInits, window.escdaDestroys]") == [2, 1]


def test_search_fetches_only_the_site_and_nothing_of_materials_search(open_site):
    page = open_site()
    paths, _, _ = results(page, "banque horizon")
    assert paths
    fetched = open_site.requests
    assert [u for u in fetched if not u.startswith(open_site.base_url)] == []
    assert [u for u in fetched if "/pagefind/" in u]
    assert not [u for u in fetched if "search_index" in u or "/workers/search" in u]


def test_the_search_works_by_keyboard_on_a_phone(open_site):
    page = open_site(375)
    button = page.get_by_role("button", name="Recherche")
    expect(button).to_be_visible()
    button.focus()
    page.keyboard.press("Enter")
    box = page.get_by_role("textbox", name="Recherche")
    expect(box).to_be_focused()
    page.keyboard.type("cedre")
    expect(page.locator(".md-search-result__meta")).to_have_text(META)
    first = page.locator(".md-search-result__item > a").first
    expect(first).to_be_in_viewport()
    page.keyboard.press("ArrowDown")
    expect(first).to_be_focused()
    # Nothing wider than the phone, once open: while it opens, Material's overlay grows
    # from the magnifier (0.4 s) and the page is briefly wider; measured mid-way on a
    # fast machine, the test failed on a page a reader never sees that way.
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.keyboard.press("Escape")
    expect(box).not_to_be_in_viewport()
    expect(button).to_be_focused()
    # « / » opens it again, as in Material; Enter in the box follows the first result.
    page.keyboard.press("/")
    expect(box).to_be_focused()
    expect(box).to_have_value("cedre")
    target = first.get_attribute("href")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert target and urlsplit(page.url).path == target
