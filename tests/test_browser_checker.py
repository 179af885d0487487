"""The logo checker never answers for a name the reader did not type, says when it cannot read
a date, and speaks French typography, in Debian's headless chromium.

The reader's clock is the build's day (24 November 2026), so « aujourd'hui » is known.
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from playwright.sync_api import Locator, Page, expect
from test_browser_claims import checker_answer, shoot

from browser_helpers import AS_OF, skip_reason

TODAY_FR = "24 novembre 2026"
NOW = datetime.fromisoformat(AS_OF)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or ""),
]


def verdicts(status: Locator) -> Locator:
    return status.locator(".escda-answer-ok, .escda-answer-none")


@pytest.mark.parametrize(
    ("typed", "candidates"),
    [
        ("Banque", ["Banque Horizon"]),
        # Assurance Auto Vallon and Assurance Auto Clairière competed but did not win.
        ("Assurance Auto", ["Assurance Auto Marelle"]),
        ("tilleul horizon", ["Tilleul & Horizon"]),  # a word of the name left out
    ],
)
def test_a_partial_name_gets_no_verdict_but_exact_names_to_choose(open_page, typed, candidates):
    page = open_page(now=NOW)
    status = checker_answer(page, typed)
    expect(status).to_contain_text(f"« {typed} » ne correspond exactement au nom d’aucun lauréat")
    expect(status).to_contain_text("Vouliez-vous dire ce lauréat ?")
    expect(verdicts(status)).to_have_count(0)
    expect(status).not_to_contain_text("peut afficher")
    choices = status.locator(".escda-choices").get_by_role("link")
    assert choices.all_inner_texts() == candidates
    if typed == "Banque":
        shoot(page, "logo-nom-partiel-1280")

    # Choosing the candidate answers for that exact name, and the address says which.
    choices.first.click()
    expect(status).to_contain_text(f"Au {TODAY_FR}, {candidates[0]} ")
    expect(verdicts(status)).to_have_count(1)
    expect(page.get_by_label("Entreprise", exact=True)).to_have_value(candidates[0])
    assert "entreprise=" + candidates[0].replace(" ", "+").replace("&", "%26") in page.url


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Banque Horizon", "Banque Horizon"),
        ("BANQUE   horizon", "Banque Horizon"),
        ("banque-horizon.", "Banque Horizon"),
        ("energie chataigne", "Énergie Châtaigne"),
        ("ÉNERGIE CHÂTAIGNE", "Énergie Châtaigne"),
        ("Tilleul et Horizon", "Tilleul & Horizon"),
        ("Hêtre Autocars", "Horizon Lignes"),  # a former name
        ("hetre autocars", "Horizon Lignes"),
    ],
)
def test_an_exact_name_in_any_case_or_accents_gets_a_verdict(open_page, typed, name):
    page = open_page(now=NOW)
    status = checker_answer(page, typed)
    expect(verdicts(status)).to_have_count(1)
    expect(verdicts(status)).to_contain_text(f"Au {TODAY_FR}, {name} ")
    expect(status).not_to_contain_text("Vouliez-vous dire")
    if name == "Horizon Lignes":
        # The former name as the data spells it, whatever the case or accents typed.
        expect(status).to_contain_text("« Hêtre Autocars » est un ancien nom d’Horizon Lignes.")


@pytest.mark.parametrize("bad", ["2026-13-45", "1er octobre 2027", "2027-02-30"])
def test_a_malformed_date_is_said_and_the_answer_is_for_today(open_page, bad):
    page = open_page(now=NOW)
    status = checker_answer(page, "Banque Horizon", bad)
    notice = status.locator(".escda-answer-date")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(f"Date « {bad} » non reconnue (attendu AAAA-MM-JJ)")
    expect(notice).to_contain_text(f"réponse pour aujourd’hui, le {TODAY_FR}.")
    expect(verdicts(status)).to_contain_text(f"Au {TODAY_FR}, Banque Horizon peut afficher")
    expect(page.get_by_label("Date", exact=True)).to_have_value(AS_OF[:10])
    if bad == "2026-13-45":
        shoot(page, "logo-date-non-reconnue-1280")


def test_a_valid_date_gets_no_notice(open_page):
    page = open_page(now=NOW)
    status = checker_answer(page, "Banque Horizon", "2027-03-01")
    expect(status).to_contain_text("Au 1er mars 2027, Banque Horizon peut afficher")
    expect(status.locator(".escda-answer-date")).to_have_count(0)
    # The ordinal is set in superscript, as on the pages the build writes.
    expect(status.locator(".escda-answer-ok sup")).to_have_text("er")


# What an answer may not contain: a straight apostrophe in a word, an ordinary space before
# « : ; ? ! » or inside « ». The names typed below have none of these themselves.
_BAD_TYPOGRAPHY = re.compile(r"\w'\w| [:;?!»]|« |\u00a0[;?!»]|«\u00a0|\u202f:")

ANSWERS = [
    ("Banque Horizon", None),  # valid
    ("Banque Horizon", "2026-06-01"),  # not yet valid, one title expired
    ("Énergie Châtaigne", None),  # none valid
    ("Horizon", None),  # several names contain it
    ("Banque", None),  # one name contains it
    ("hetre autocars", None),  # a former name
    ("Banque Horizn", None),  # no laureate, closest names
    ("Entreprise Jamais Élue", "2026-13-45"),  # no laureate, date not read
]


def _answer_texts(page: Page) -> list[str]:
    texts = []
    for typed, day in ANSWERS:
        status = checker_answer(page, typed, day)
        texts.append(status.text_content() or "")
    page.get_by_label("Entreprise", exact=True).fill("")
    page.eval_on_selector(
        "#escda-checker", "f => f.dispatchEvent(new Event('submit', {cancelable: true}))"
    )
    texts.append(page.get_by_role("main").get_by_role("status").text_content() or "")
    return texts


def test_the_checkers_messages_follow_french_typography(open_page):
    page = open_page(now=NOW)
    texts = _answer_texts(page)
    joined = "\n".join(texts)
    for phrase in ("pas encore valable", "logo expiré", "Vouliez-vous dire", "anciennement"):
        assert phrase in joined, phrase
    bad = {m.group() for t in texts for m in _BAD_TYPOGRAPHY.finditer(t)}
    assert not bad, (bad, texts)
    # No « : … : » in one statement about a title not yet valid.
    assert "pas encore valable\u00a0:" not in joined
    expected = ("n’est", "l’orthographe", "d’une entreprise", "ancien nom d’Horizon Lignes")
    for phrase in expected:
        assert phrase in joined, phrase
    assert "Vouliez-vous dire l’un de ces" in joined and "lauréats\u202f?" in joined
    expect(page.get_by_label("Entreprise", exact=True)).to_have_attribute(
        "placeholder", "Nom de l’entreprise"
    )
