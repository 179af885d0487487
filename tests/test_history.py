"""History lines as the press writes them, with categories that skip an edition."""

from __future__ import annotations

import re

import pytest
import yaml

from escda_site.outputs.pages import category_page
from escda_site.public.history import history_line, streak, title_years

from factories import SITE_URL, gap_site, public_site
from sitecheck import build, page, shown


def line(site, year: int, slug: str) -> str | None:
    edition = site.edition(year)
    return history_line(site, edition.category(slug))


@pytest.fixture(scope="module")
def site():
    return gap_site()


def test_a_returning_category_is_never_new(site):
    text = line(site, 2014, "banque")
    assert "Nouvelle catégorie" not in text
    assert text == (
        "La catégorie revient au palmarès (absente de l'édition 2013). Exemple Banque retrouve "
        "le titre, déjà lauréat des éditions 2010 à 2012 (4e titre dans la catégorie)."
    )


def test_the_returning_laureates_page_names_its_earlier_titles(site):
    edition = site.edition(2014)
    markdown = category_page(site, edition, edition.category("banque"), SITE_URL)
    assert "déjà lauréat des éditions 2010 à 2012" in markdown
    assert "4e titre" in markdown
    assert "Nouvelle catégorie" not in markdown


def test_a_succession_names_the_previous_laureate_across_the_gap(site):
    assert line(site, 2014, "mutuelle") == (
        "La catégorie revient au palmarès (absente de l'édition 2013). "
        "Ancienne Mutuelle succède à -2 Assurances, lauréat de l'édition 2012."
    )


def test_streaks_count_consecutive_editions_and_titles_in_the_category(site):
    assert line(site, 2011, "banque") == "Exemple Banque : 2e année consécutive."
    assert line(site, 2012, "banque") == "Exemple Banque : 3e année consécutive."
    # Back after someone else: earlier titles named, and the succession too.
    assert line(site, 2017, "banque") == (
        "Exemple Banque retrouve le titre, déjà lauréat des éditions 2010 à 2012 et 2014 "
        "(5e titre dans la catégorie), et succède à Ancienne Mutuelle, lauréat de l'édition 2016."
    )
    # A streak shorter than the count of titles cites both.
    assert line(site, 2018, "banque") == (
        "Exemple Banque : 2e année consécutive, 6e titre dans la catégorie."
    )
    assert streak(site, 2014, "banque", "exemple-banque") == 1  # the gap breaks the streak
    assert title_years(site, "banque", "exemple-banque", 2014) == [2010, 2011, 2012, 2014]


def test_a_year_without_laureate_and_the_title_after_it(site):
    assert line(site, 2015, "banque") == (
        "Lors de l'édition 2014, le titre revenait à Exemple Banque."
    )
    assert line(site, 2016, "banque") == (
        "Aucun lauréat publié lors de l'édition 2015 dans cette catégorie ; Ancienne Mutuelle "
        "succède à Exemple Banque, lauréat de l'édition 2014."
    )
    assert line(site, 2015, "mutuelle") == (
        "Exemple Banque succède à Ancienne Mutuelle, lauréat de l'édition 2014."
    )


def test_first_edition_and_new_category():
    assert line(gap_site(), 2010, "banque") is None
    assert line(public_site(), 2026, "assurance") == "Nouvelle catégorie de l'édition 2026."


def _archive(root, year: int, categories: list[dict]) -> None:
    folder = root / "seasons" / str(year)
    folder.mkdir(parents=True)
    season = {
        "edition": year,
        "campaign": {"start": f"{year - 1}-05-13", "end": f"{year - 1}-07-19"},
        "proclamation": f"{year - 1}-10-10T20:00:00+02:00",
        "threshold": 12.0,
        "archive": True,
    }
    (folder / "season.yaml").write_text(yaml.safe_dump(season), encoding="utf-8")
    (folder / "categories.yaml").write_text(
        yaml.safe_dump(categories, allow_unicode=True), encoding="utf-8"
    )


@pytest.mark.slow
def test_built_site_with_a_category_that_skips_a_year(tmp_path):
    """Archive editions 2010–2014 from data files; « banque » is absent in 2013."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "sectors.yaml").write_text(yaml.safe_dump([{"slug": "finance", "name": "Finance"}]))
    companies = [{"slug": "alpha", "name": "Alpha Banque"}, {"slug": "volt", "name": "Volt"}]
    (data / "companies.yaml").write_text(yaml.safe_dump(companies))

    def banque(mark: float) -> dict:
        laureates = [{"company": "alpha", "mark": mark}]
        return {"slug": "banque", "name": "Banque", "sector": "finance", "laureates": laureates}

    energie = {"slug": "energie", "name": "Énergie", "sector": "finance", "laureates": ["volt"]}
    for year, mark in ((2010, 14.5), (2011, 15.0), (2012, 16.0)):
        _archive(data, year, [banque(mark), energie])
    _archive(data, 2013, [energie])
    _archive(data, 2014, [banque(15.5), energie])

    site = build(data, tmp_path / "site", "2014-06-01T12:00:00+02:00")
    html = shown(page(site, "2014/banque/"))
    assert "Nouvelle catégorie" not in html
    assert (
        "La catégorie revient au palmarès (absente de l'édition 2013). Alpha Banque retrouve le "
        "titre, déjà lauréat des éditions 2010 à 2012 (4e titre dans la catégorie)."
    ) in html
    across = page(site, "categories/banque/")
    assert re.findall(r'<td><a href="../../(\d{4})/banque/">', across) == [
        "2014",
        "2012",
        "2011",
        "2010",
    ]


def test_the_tables_of_editions_give_a_missing_edition_its_own_row():
    # 2014, 2012 and 2008 on the portal: 2012 read under 2014 passed for the edition before.
    from escda_site.outputs.pages import editions_page, home_page

    from factories import BANK, archive_edition, banque, laureate

    site = public_site(
        *(archive_edition(y, banque(y, laureate(BANK, 15.0))) for y in (2014, 2012, 2008))
    )
    rows = editions_page(site).replace("\xa0", " ").splitlines()
    palmares = [r for r in rows if r.startswith("| ")][2:]
    assert [r.split(" | ")[:2] for r in palmares] == [
        ["| [Palmarès 2014](../2014/index.md)", "10 octobre 2013"],
        ["| 2013", "*Édition absente du palmarès*"],
        ["| [Palmarès 2012](../2012/index.md)", "10 octobre 2011"],
        ["| 2009 à 2011", "*Éditions absentes du palmarès*"],
        ["| [Palmarès 2008](../2008/index.md)", "10 octobre 2007"],
    ]
    home = home_page(site).split("## Toutes les éditions", 1)[1]
    assert "| 2013 | *Édition absente du palmarès* | — | — |" in home
    assert "| 2009 à 2011 | *Éditions absentes du palmarès* | — | — |" in home


def test_the_home_share_image_says_the_editions_it_holds_with_their_gap():
    # « des éditions 2010 à 2016 » passed 2013, absent from the palmarès, as held.
    from escda_site.outputs.logos.share import home_share

    from factories import BANK, archive_edition, banque, laureate

    years = (2016, 2015, 2014, 2012, 2011, 2010)
    site = public_site(*(archive_edition(y, banque(y, laureate(BANK, 15.0))) for y in years))
    detail = dict(home_share(site, SITE_URL).blocks)["detail"]
    assert detail == "Résultats, méthode et logos des éditions 2010 à 2012 et 2014 à 2016"
