"""schema.org JSON-LD of the generated pages, parsed back and checked against the data."""

from __future__ import annotations

import json

import yaml

from escda_site.outputs.site import site_outputs
from escda_site.outputs.structured_data import crumbs, page_graph, script_json
from escda_site.public import urls

from factories import FORMULA, IMG, SCRIPT, SITE_URL, fixture_outputs, gap_site, public_site


def graphs(site=None) -> dict[str, dict]:
    """Each generated page's JSON-LD, read from its front matter as MkDocs reads it (of
    `site`, else of the factories' public site)."""
    found = {}
    outputs = fixture_outputs() if site is None else site_outputs(site, SITE_URL)
    for path, markdown in outputs.pages:
        assert markdown.startswith("---\n"), path
        meta = yaml.safe_load(markdown.split("\n---", 1)[0].removeprefix("---\n"))
        found[path] = json.loads(meta["jsonld"])
    return found


def of_type(graph: dict, kind: str) -> list[dict]:
    return [node for node in graph["@graph"] if node["@type"] == kind]


def test_every_generated_page_has_a_breadcrumb_trail_from_home():
    for path, graph in graphs().items():
        (trail,) = of_type(graph, "BreadcrumbList")
        items = trail["itemListElement"]
        assert items[0] == {
            "@type": "ListItem",
            "position": 1,
            "name": "Accueil",
            "item": SITE_URL,
        }, path
        assert [i["position"] for i in items] == list(range(1, len(items) + 1))
        if path != "index.md":
            assert items[-1]["item"] == SITE_URL + path.removesuffix("index.md"), path


def test_trails_name_each_step():
    site = public_site()
    assert crumbs(site, "2026/banque/index.md", "") == [
        ("Accueil", ""),
        ("Palmarès", "palmares/"),
        ("Palmarès 2026", "2026/"),
        ("Banque", "2026/banque/"),
    ]
    assert crumbs(site, "2026/methodologie/index.md", "")[1:] == [
        ("Méthodologie", "methodologie/"),
        ("Méthodologie 2026", "2026/methodologie/"),
    ]
    assert crumbs(site, "categories/banque/index.md", "")[1:] == [
        ("Catégories", "categories/"),
        ("Banque : toutes les éditions", "categories/banque/"),
    ]
    assert crumbs(site, "entreprises/scripty/index.md", "")[-1] == (SCRIPT, "entreprises/scripty/")


def _types(node: object) -> set[str]:
    """Every `@type` anywhere in a JSON-LD node."""
    if isinstance(node, dict):
        found = {node["@type"]} if "@type" in node else set()
        return found.union(*(_types(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_types(v) for v in node))
    return set()


def test_a_laureate_is_an_organization_with_its_award_and_the_rated_study():
    graph = graphs()["2026/banque/index.md"]
    (org,) = of_type(graph, "Organization")
    assert org["name"] == "Exemple Banque"
    assert org["award"] == "Élu Service Client de l’Année 2026 — catégorie Banque"
    review = org["review"]
    assert review["@type"] == "Review"
    assert review["author"]["@type"] == "Organization"
    assert review["datePublished"] == "2025-10-09"  # the proclamation
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 16.72,
        "bestRating": 20,
        "worstRating": 0,
    }
    assert review["url"] == f"{SITE_URL}2026/banque/"


def test_a_laureate_with_a_siren_or_a_national_id_carries_it_as_identifier():
    found = graphs()
    (bank,) = of_type(found["2026/banque/index.md"], "Organization")
    assert bank["identifier"] == [
        {"@type": "PropertyValue", "propertyID": "SIREN", "value": "012345674"}
    ]
    orgs = [o for g in found.values() for o in of_type(g, "Organization")]
    arabic = next(o for o in orgs if o["@id"].endswith("/entreprises/arabe/#organisation"))
    assert arabic["identifier"] == [
        {"@type": "PropertyValue", "propertyID": "MA-ICE", "value": "001234567000089"}
    ]
    others = [o for o in orgs if o["@id"] not in (bank["@id"], arabic["@id"])]
    assert others and not [o for o in others if "identifier" in o]


def test_no_page_claims_a_certification_the_pages_deny():
    site = public_site()
    pages = dict(site_outputs(site, SITE_URL).pages)
    assert "ni un label officiel ni une certification" in pages["2026/banque/index.md"]
    for path, graph in graphs(site).items():
        assert not {"Certification", "EducationalOccupationalCredential"} & _types(graph), path
        assert "hasCertification" not in json.dumps(graph), path


def test_ex_aequo_archive_and_no_laureate():
    found = graphs()
    names = {o["name"] for o in of_type(found["2026/assurance/index.md"], "Organization")}
    assert names == {SCRIPT, FORMULA}
    (unrated,) = of_type(found["2014/banque/index.md"], "Organization")
    assert "review" not in unrated  # mark not published: no rating to give
    assert unrated["award"] == "Élu Service Client de l’Année 2014 — catégorie Banque"
    assert of_type(found["2026/energie/index.md"], "Organization") == []


def test_open_data_page_is_a_dataset_with_every_file():
    site = public_site()
    (data,) = of_type(graphs(site)[urls.source(urls.opendata_page())], "Dataset")
    assert data["license"] == "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
    published = {
        SITE_URL + path
        for path, _ in site_outputs(site, SITE_URL).files
        if path.startswith(urls.OPENDATA)
    }
    assert {d["contentUrl"] for d in data["distribution"]} == published
    # 2014 and 2026 only: « 2014/2026 » claimed the eleven editions between them.
    assert data["temporalCoverage"] == ["2014", "2026"]


def test_the_open_data_covers_the_runs_of_editions_it_holds_and_no_gap():
    def coverage(site):
        (data,) = of_type(graphs(site)[urls.source(urls.opendata_page())], "Dataset")
        return data["temporalCoverage"]

    assert coverage(gap_site()) == "2010/2018"  # 2013 held, without the category
    editions = [e for e in gap_site().editions if e.year not in (2013, 2014)]
    assert coverage(public_site(*editions)) == ["2010/2012", "2015/2018"]


def test_hostile_names_cannot_leave_the_script_element():
    text = script_json({"name": SCRIPT + "</script><!--" + IMG + "]]>"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["name"] == SCRIPT + "</script><!--" + IMG + "]]>"


def test_archive_site_and_determinism():
    site = gap_site()
    graph = page_graph(site, "2014/banque/index.md", "# Banque — 2014", SITE_URL)
    (org,) = of_type(graph, "Organization")
    assert org["review"]["datePublished"] == "2013-10-10"
    assert graphs(site) == graphs(gap_site())


def test_pages_below_a_section_index_show_the_way_back_up():
    pages = dict(fixture_outputs().pages)

    def shown_trail(path: str) -> list:
        meta = yaml.safe_load(pages[path].split("---\n")[1])
        return meta.get("crumbs", [])

    assert shown_trail("2026/banque/index.md") == [
        ["Accueil", "../../"],
        ["Palmarès", "../../palmares/"],
        ["Palmarès 2026", "../"],
        ["Banque", ""],
    ]
    assert shown_trail("2026/methodologie/index.md")[1] == ["Méthodologie", "../../methodologie/"]
    # The navigation lists the index pages themselves: no trail there.
    assert shown_trail("palmares/index.md") == shown_trail("secteurs/index.md") == []
