"""Material's own widgets as a French reader sees them in Debian's headless chromium: the
search box's messages (Material's words, in the site's own search box) and the copy
button of a code block."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from browser_helpers import skip_reason

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or ""),
]


def test_search_messages_are_materials_french_ones(open_page):
    page = open_page()
    page.goto("/")
    box = page.get_by_role("textbox", name="Recherche")
    box.click()
    # Before any typing: Material's prompt, in French.
    meta = page.locator(".md-search-result__meta")
    expect(meta).to_have_text("Taper pour démarrer la recherche")
    box.press_sequentially("banque")
    expect(meta).to_have_text(re.compile("^\\d+\u00a0documents trouvés$"))  # count with noun
    # A word that is nowhere finds nothing.
    box.press("Control+A")
    box.press_sequentially("zzzqx")
    expect(meta).to_have_text("Aucun document trouvé")


def test_badge_code_wraps_on_a_phone_and_copies_as_one_line(open_page, base_url):
    page = open_page(375)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    page.goto("/2027/banque/")
    badge = page.locator("details", has_text="Badge à intégrer")
    badge.locator("summary").click()
    code = badge.locator("pre > code")
    expect(code).to_be_visible()
    # Wrapped within the screen rather than scrolled sideways, over several lines.
    width, visible, height, line = code.evaluate(
        "c => [c.scrollWidth, c.clientWidth, c.getBoundingClientRect().height,"
        " parseFloat(getComputedStyle(c).lineHeight)]"
    )
    assert width <= visible, (width, visible)
    assert height > 3 * line
    # Material's copy button still copies the code exactly: one line, as shown.
    shown = code.text_content().rstrip("\n")
    badge.locator("pre").hover()
    badge.get_by_role("button", name="Copier dans le presse-papiers").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == shown and "\n" not in copied
    assert copied.startswith('<a href="https://palmares.escda.example/2027/banque/"><img src=')
