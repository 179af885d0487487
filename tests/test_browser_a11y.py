"""The accessibility statement claims what these tests measure, in Debian's headless chromium:
the sample is read off the built page and every check the page lists is run on each of its
pages; the state it gives is the one portal.yaml and the package allow; every page's footer
states it; the logo page's two tools work with the keyboard alone.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from escda_site.inputs.portal import load_portal
from escda_site.inputs.problems import Problems
from escda_site.public import accessibility
from escda_site.text.typography import typeset_text

from browser_helpers import (
    AS_OF,
    PAGES,
    WIDTHS,
    describe,
    serious_violations,
    settle,
    skip_reason,
)
from sitecheck import ROOT

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or ""),
]

STATE = accessibility.state(load_portal(ROOT / "data", Problems()).accessibility)


def goto(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path}: {response}"


def test_the_page_claims_only_what_the_tests_measure(open_page, base_url):
    page = open_page()
    goto(page, "/accessibilite/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Déclaration d’accessibilité")
    expect(page.locator("article")).to_contain_text(f"Ce portail est {STATE} avec")
    checks = page.locator("h2#resultats-des-tests + p + ul li").all_inner_texts()
    # The checks the page lists are exactly the ones run below.
    listed = [typeset_text(c) for c in accessibility.CHECKS]  # as the page sets them
    assert [c.rstrip(" ;\u202f") for c in checks] == listed
    # « Pages testées » until an audit, « Échantillon audité » after one.
    links = page.locator("h2:is(#echantillon-audite, #pages-testees) + ul a")
    sample = [href for href in links.evaluate_all("els => els.map(e => e.href)")]
    assert len(sample) >= 10
    # test_browser.py::test_page_is_accessible_and_fits_the_screen runs these checks (and
    # more) on its PAGES at the same widths: the rest of the sample is audited here.
    audited = {"/" + path for path in PAGES.values()}
    # A reader per width, each page of the sample loaded afresh in it.
    readers = {width: open_page(width) for width in WIDTHS}
    for url in sample:
        if urlsplit(url).path in audited:
            continue
        for width, reader in readers.items():
            goto(reader, url)
            settle(reader)
            assert reader.locator("html").get_attribute("lang") == "fr", url
            violations = serious_violations(reader)
            assert not violations, f"{url} at {width} px: {describe(violations)}"
            scroll = reader.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, f"{url}: {scroll} px wide at {width} px"


def test_every_page_footer_states_the_conformity_state(bundled_site):
    pages = [p for p in bundled_site.rglob("*.html") if "newsletter" not in p.parts]
    assert len(pages) > 100
    label = accessibility.footer_label(load_portal(ROOT / "data", Problems()).accessibility)
    shown = label.replace(" :", "\u00a0:")
    for path in pages:
        text = path.read_text("utf-8")
        assert f'accessibilite/">{shown}</a>' in text, path


def _tab_to(page: Page, element_id: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} cannot be reached with the Tab key")


def test_the_logo_tools_work_with_the_keyboard_alone(open_page, bundled_site):
    page = open_page(now=datetime.fromisoformat(AS_OF))
    goto(page, "/logo/")
    _tab_to(page, "escda-company")
    page.keyboard.type("Banque Horizon")
    page.keyboard.press("Enter")
    expect(page.get_by_role("main").get_by_role("status")).to_contain_text(
        "Banque Horizon peut afficher"
    )
    _tab_to(page, "escda-file")
    # Space or Enter opens the system's file chooser: the test answers it as a reader would.
    try:
        with page.expect_file_chooser(timeout=10_000) as chooser:
            page.keyboard.press("Space")
    except PlaywrightTimeout:  # a loaded CI machine once dropped the first key: Enter then
        with page.expect_file_chooser() as chooser:
            page.keyboard.press("Enter")
    chooser.value.set_files(bundled_site / "logos/2027/banque/banque-horizon-256.png")
    expect(page.locator("#escda-file-answer")).to_contain_text(
        re.compile("Titre\u00a0: Banque Horizon, Banque 2027")
    )
