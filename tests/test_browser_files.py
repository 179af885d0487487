"""The drop zone of /logo/ in Debian's headless chromium: a file chosen or dropped is hashed in
the browser, a published one is named with its title headed by its logo's state on the
reader's date, a re-encoded copy is not the portal's; `escda verify` gives the same verdicts
offline. Each answer says it once: never « officiel » (the title is no official label).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from escda_site.cli import main

from browser_helpers import AS_OF, skip_reason

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or ""),
]

OFFICIAL = "logos/2027/banque/banque-horizon-256.png"
NOW = datetime.fromisoformat(AS_OF)  # 24 November 2026: the 2027 logos are valid
AFTER = datetime.fromisoformat("2027-10-05T10:00:00+02:00")


def reencoded(site: Path, tmp: Path) -> Path:
    """The official logo saved again by an image editor: same pixels, other bytes."""
    out = tmp / "banque-horizon-256.png"
    with Image.open(site / OFFICIAL) as im:
        im.save(out)
    return out


def answer(page: Page):
    return page.locator("#escda-file-answer")


def drop(page: Page, path: Path) -> None:
    """Drop `path` on the zone, as a reader dragging it from their desktop."""
    data = list(path.read_bytes())
    page.evaluate(
        """([bytes, name]) => {
            const dt = new DataTransfer();
            dt.items.add(new File([new Uint8Array(bytes)], name, {type: "image/png"}));
            const zone = document.getElementById("escda-file-check");
            zone.dispatchEvent(new DragEvent("dragover", {dataTransfer: dt, bubbles: true}));
            zone.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true}));
        }""",
        [data, path.name],
    )


def test_an_official_file_and_a_reencoded_copy(open_page, bundled_site, tmp_path, capsys):
    page = open_page(now=NOW)
    page.goto("/logo/")
    # Chosen with the file input (the keyboard's way: it is labelled and focusable).
    chooser = page.get_by_label("Déposez un fichier ici, ou choisissez-le")
    chooser.set_input_files(bundled_site / OFFICIAL)
    expect(answer(page)).to_contain_text("a été publié par le portail")
    item = answer(page).locator(".escda-file-match")
    expect(item.locator("strong")).to_have_text("Logo valable au 24\u00a0novembre 2026")
    expect(item).to_contain_text("Titre\u00a0: Banque Horizon, Banque 2027")
    expect(item).to_contain_text("logo valable du 8\u00a0octobre 2026 au 30\u00a0septembre")
    expect(item).to_have_css("border-left-color", "rgb(27, 94, 32)")
    assert "officiel" not in answer(page).inner_text()
    expect(answer(page).get_by_role("link", name="Page qui prouve le titre")).to_have_attribute(
        "href", page.url.split("/logo/")[0] + "/2027/banque/"
    )

    copy = reencoded(bundled_site, tmp_path)
    drop(page, copy)
    expect(answer(page)).to_contain_text("Ce fichier n’a pas été publié par le portail.")
    expect(answer(page)).to_contain_text("ré-enregistrée n’a plus la même empreinte")
    assert "officiel" not in answer(page).inner_text()
    expect(answer(page).get_by_role("link", name="vérifier un nom")).to_have_attribute(
        "href", "#escda-checker"
    )

    # The command line agrees, with its documented exit statuses.
    site = ["--site", str(bundled_site), "--date", "2026-11-24"]
    assert main(["verify", *site, str(bundled_site / OFFICIAL)]) == 0
    assert main(["verify", *site, str(bundled_site / OFFICIAL), str(copy)]) == 3
    out = capsys.readouterr().out
    assert "publié par le portail : Banque Horizon, Banque 2027" in out
    assert "officiel" not in out
    assert "ce fichier n'a pas été publié par le portail" in out


def test_a_file_read_after_its_logo_expired_says_so(open_page, bundled_site):
    page = open_page(now=AFTER)
    page.goto("/logo/")
    page.locator("#escda-file").set_input_files(bundled_site / OFFICIAL)
    item = answer(page).locator(".escda-file-match")
    # Headed by its state, in the warning red with a red rule and the title in grey: a
    # genuine file whose logo may no longer be displayed, never styled as a valid one.
    expect(item.locator("strong")).to_have_text("Logo expiré au 5\u00a0octobre 2027")
    expect(item).to_contain_text("il ne peut plus être affiché. Titre\u00a0: Banque Horizon")
    assert "valable au" not in item.inner_text()
    expect(item).to_have_attribute("data-state", "expired")
    expect(item.locator("strong")).to_have_css("color", "rgb(125, 11, 18)")
    expect(item).to_have_css("border-left-color", "rgb(125, 11, 18)")
    expect(item).to_have_css("color", "rgb(85, 85, 85)")


def test_ex_aequo_laureates_share_one_official_file(open_page, bundled_site):
    page = open_page(now=NOW)
    page.goto("/logo/")
    page.locator("#escda-file").set_input_files(
        bundled_site / "logos/2027/grande-distribution/marche-opale-256.png"
    )
    items = answer(page).locator(".escda-file-match")
    expect(items).to_have_count(2)
    expect(answer(page)).to_contain_text("a été publié par le portail, pour des lauréats ex æquo")
