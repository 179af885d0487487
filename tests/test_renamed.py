"""A company renamed since: each result names it as proclaimed, with its name today.

A journalist citing the 2020 result needs the name on the 2020 logo (the former name);
a reader needs today's name to find the company. Banque Horizon won in 2020 (proclaimed
10 October 2019), was renamed Horizon Finance after 31 March 2020, and won again in 2021.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime

import pytest
import yaml

from escda_site.inputs.load import load_dataset
from escda_site.inputs.problems import DataError
from escda_site.outputs.site import site_outputs
from escda_site.public import urls
from escda_site.public.sentences import company_titles_text
from escda_site.public.view import PublicSite, public_view
from escda_site.scoring.pipeline import load_and_score
from escda_site.text.wording import AWARD

from factories import SITE_URL
from minidata import company, write
from sitecheck import untypeset

CATEGORIES = {
    "banque": [
        company("horizon", [(4, 4), (4, 4)], [10]),
        company("alpha", [(3, 3), (3, 2)], [7]),
        company("gamma", [(2, 2), (2, 2)], [5]),
    ],
}
THEN, NOW = "Banque Horizon", "Horizon Finance"
BOTH = "Banque Horizon (aujourd’hui Horizon Finance)"  # as typeset in text outputs


def _data(root, former) -> None:
    write(root, CATEGORIES, names={"horizon": NOW})
    write(root, CATEGORIES, year=2021, names={"horizon": NOW})
    companies = yaml.safe_load((root / "companies.yaml").read_text(encoding="utf-8"))
    companies[[c["slug"] for c in companies].index("horizon")]["former_names"] = former
    (root / "companies.yaml").write_text(yaml.safe_dump(companies, allow_unicode=True))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> PublicSite:
    root = tmp_path_factory.mktemp("renamed")
    _data(root, [{"name": THEN, "until": "2020-03-31"}, "Caisse Horizon"])
    dataset, results, _ = load_and_score(root)
    return public_view(dataset, results, datetime.fromisoformat("2021-01-05T09:00:00+01:00"))


@pytest.fixture(scope="module")
def out(site) -> dict[str, str]:
    built = site_outputs(site, SITE_URL)
    files = {p: c if isinstance(c, str) else c.decode("utf-8-sig") for p, c in built.files}
    return dict(built.pages) | files


def test_the_name_at_the_proclamation_day(site):
    (lau_2020,) = site.edition(2020).category("banque").laureates
    (lau_2021,) = site.edition(2021).category("banque").laureates
    assert (lau_2020.name, lau_2020.renamed) == (THEN, True)
    assert (lau_2021.name, lau_2021.renamed) == (NOW, False)
    horizon = site.companies[[c.slug for c in site.companies].index("horizon")]
    assert horizon.name_on(datetime(2020, 3, 31).date()) == THEN  # `until` is its last day
    assert horizon.name_on(datetime(2020, 4, 1).date()) == NOW


def test_pages_name_the_2020_title_as_proclaimed_and_the_2021_one_by_todays_name(out):
    page_2020 = out[urls.source(urls.category(2020, "banque"))]
    assert "**[Banque Horizon](" in page_2020
    assert "\\(aujourd&\\#x27;hui Horizon Finance\\) remporte le titre" in page_2020
    page_2021 = out[urls.source(urls.category(2021, "banque"))]
    assert "**[Horizon Finance](" in page_2021
    # The former name only where the streak is told: the 2020 title was won under it.
    assert page_2021.count("Banque Horizon") == 1
    assert (
        "Horizon Finance : 2e année consécutive (sous le nom Banque Horizon lors de "
        "l&#39;édition 2020)." in page_2021
    )
    # The edition's table, the category's history, the company's own rows.
    assert "[Banque Horizon](" in out[urls.source(urls.edition(2020))]
    history = out[urls.source(urls.category_history("banque"))]
    assert "[Banque Horizon](" in history and "[Horizon Finance](" in history
    company = out[urls.source(urls.company("horizon"))]
    assert "# Horizon Finance" in company
    assert ", sous le nom Banque Horizon |" in company
    assert (
        "Anciennement : Banque Horizon \\(jusqu&\\#x27;au 31\u00a0mars 2020\\), Caisse Horizon"
        in (company)
    )


def test_the_company_description_says_which_titles_were_won_under_a_former_name(out, site):
    # The page lists the 2020 title « sous le nom Banque Horizon »: its description, shown
    # by search engines and shared links away from the page, must not drop that.
    company = out[urls.source(urls.company("horizon"))]
    description = untypeset(yaml.safe_load(company.split("---")[1])["description"])
    assert description == (
        "Horizon Finance : 2 titres Élu Service Client de l'Année (1 sous le nom Banque "
        "Horizon), dont Banque 2021."
    )
    # One title, or every title, won under the former name.
    titles = site.titles_of("horizon")  # newest first
    assert company_titles_text(NOW, titles[1:]) == (
        f"{NOW} : 1 titre {AWARD}, Banque 2020, sous le nom {THEN}."
    )
    renamed = [replace(t, laureate=replace(t.laureate, former_name=THEN)) for t in titles]
    assert company_titles_text(NOW, renamed) == (
        f"{NOW} : 2 titres {AWARD} (tous sous le nom {THEN}), dont Banque 2021."
    )


def test_snippets_feed_and_open_data_carry_the_name_at_the_time(out):
    assert BOTH in out[urls.snippet(2020, "banque", "txt")]
    assert BOTH in out[urls.snippet(2020, "banque", "html")]
    assert "Banque Horizon" not in out[urls.snippet(2021, "banque", "txt")]
    assert f"{BOTH}, note globale 20,00/20" in out["feed.xml"]
    (row_2020,) = json.loads(out[urls.opendata_file(2020, "json")])["laureats"]
    assert row_2020["entreprise"] == NOW  # the company, by its name today
    assert row_2020["entreprise_nom_a_la_proclamation"] == THEN
    (row_2021,) = json.loads(out[urls.opendata_file(2021, "json")])["laureats"]
    assert row_2021["entreprise_nom_a_la_proclamation"] == NOW
    assert f";{NOW};" in out[urls.opendata_file(2020, "csv")]
    # The name at the proclamation, then the register numbers (none here).
    assert out[urls.opendata_file(2020, "csv")].rstrip().endswith(f";{THEN};;;")


def test_structured_data_keeps_the_company_and_names_the_former_name(out):
    page = out[urls.source(urls.category(2020, "banque"))]
    meta = yaml.safe_load(page.split("\n---", 1)[0].removeprefix("---\n"))
    (org,) = [n for n in json.loads(meta["jsonld"])["@graph"] if n["@type"] == "Organization"]
    assert (org["name"], org["alternateName"]) == (NOW, THEN)


@pytest.mark.parametrize(
    ("former", "message"),
    [
        ([{"name": THEN}], "companies.yaml: [2].former_names[0].until: missing"),
        ([{"name": THEN, "until": "2020-02-30"}], "former_names[0].until: must be a date"),
        ([{"until": "2020-03-31"}], "companies.yaml: [2].former_names[0].name: missing"),
        ([3], "former_names[0]: must be a text or a mapping {name, until}"),
        (
            [{"name": THEN, "until": "2020-03-31"}, {"name": "B", "until": "2020-03-31"}],
            "former_names: two former names end on the same day",
        ),
    ],
)
def test_a_bad_former_name_is_named(tmp_path, former, message):
    _data(tmp_path, former)
    with pytest.raises(DataError) as err:
        load_dataset(tmp_path)
    assert any(message in str(p) for p in err.value.problems), err.value.problems
