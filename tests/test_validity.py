"""Which titles a company may display on a given day: proclamation ≤ day ≤ valid until."""

from __future__ import annotations

from datetime import date

import pytest

from escda_site.public.view import valid_titles

from factories import BANK, SCRIPTY, public_site


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 10, 8), []),  # the day before the 2026 proclamation
        (date(2025, 10, 9), ["banque 2026"]),  # proclamation day
        (date(2026, 9, 30), ["banque 2026"]),  # last day, inclusive
        (date(2026, 10, 1), []),  # expired
        (date(2014, 3, 1), ["banque 2014"]),  # an archive edition's title, in its window
    ],
)
def test_valid_titles_follow_the_window(day, expected):
    found = valid_titles(public_site(), BANK.slug, day)
    assert [f"{t.category.slug} {t.edition.year}" for t in found] == expected


def test_an_ex_aequo_laureate_holds_its_own_title():
    found = valid_titles(public_site(), SCRIPTY.slug, date(2026, 1, 1))
    assert [(t.category.slug, t.laureate.company.slug) for t in found] == [
        ("assurance", SCRIPTY.slug)
    ]


def test_a_company_that_never_won_has_no_title():
    assert valid_titles(public_site(), "jamais-elue", date(2026, 1, 1)) == []
