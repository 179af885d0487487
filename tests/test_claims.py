"""Claims never overstated: how many companies were tested and could win, totals that add
up, and what the award is (a private contest with paid entry) wherever a result is claimed.
"""

from __future__ import annotations

import copy
import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from html import unescape
from pathlib import Path

import pytest

from escda_site.inputs.load import load_dataset
from escda_site.inputs.problems import DataError
from escda_site.outputs.newsletter import site_snippets
from escda_site.outputs.site import site_outputs
from escda_site.public import claims
from escda_site.public.view import public_view
from escda_site.scoring.pipeline import load_and_score
from escda_site.text import frformat

from minidata import SEASON, company, write
from sitecheck import ROOT, build, page, shown

AWARD_LINE = "Concours privé à inscription payante"


def spaces(text: str) -> str:
    """No-break spaces (numbers, French punctuation) as plain ones, to compare wording."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


@pytest.fixture(scope="module")
def scored():
    dataset, results, _ = load_and_score(ROOT / "data")
    return dataset, results


def test_a_category_with_a_benchmark_says_how_many_could_win(bundled_site, scored):
    dataset, results = scored
    banque = results[2027].category("banque")
    roles = [s.role for s in banque.ranking]
    assert roles.count("benchmark") == 1 and banque.tested == 3  # the case of the issue
    text = shown(page(bundled_site, "2027/banque/"))
    said = (
        "3 entreprises testées, dont 2 candidates au titre et 1 référent du secteur, hors concours"
    )
    assert f"parmi {said}" in text  # in the laureate's box
    assert f"Entreprises testées {said}" in text  # in the key figures
    # Said once in the table: the nature of the title, then the count, then the threshold.
    assert f"Nature du titre {AWARD_LINE}, entre les seules entreprises inscrites" in text
    assert text.count(said) == 2 and text.count("seuil d'attribution 12/20") == 0
    # The benchmark is counted, never named.
    benchmark = next(s.company for s in banque.ranking if s.role == "benchmark")
    assert dataset.company(benchmark).name not in page(bundled_site, "2027/banque/")


def test_every_result_page_states_what_the_award_is(bundled_site):
    pages = sorted(bundled_site.glob("20[0-9][0-9]/*/index.html"))
    results = [p for p in pages if p.parent.name != "methodologie"]
    assert len(results) > 40
    for path in results:
        html = path.read_text(encoding="utf-8")
        figures = shown(html).split("Le résultat en chiffres", 1)[1]
        assert f"Nature du titre {AWARD_LINE}" in figures, path
        assert re.search(r'<meta name="description" content="[^"]*' + AWARD_LINE, html), path


def test_edition_totals_add_up(bundled_site, scored):
    dataset, results = scored
    for year, result in results.items():
        if result.edition.archive:
            continue
        entries = sum(c.tested for c in result.categories)
        candidates = sum(1 for c in result.categories for s in c.ranking if s.role == "participant")
        per_entry = sum(ch.tests for ch in result.edition.channels)
        assert result.tests_run == entries * per_entry, year
        text = spaces(shown(page(bundled_site, f"{year}/")))
        # The headline counts the contest; the note below it counts every company tested.
        headline = f"{frformat.number(candidates)} candidatures au titre"
        assert spaces(headline) in text
        assert spaces(f"{frformat.number(result.tests_run)} tests clients mystères") in text
        n, distinct = frformat.number, result.companies_tested
        # Companies first; participations (one per company and category) when they differ,
        # and then the candidacies, référents and tests count participations.
        if distinct != entries:
            counts = [
                f"{n(distinct)} entreprises testées ({n(entries)} participations, ",
                f") ; sur ces {n(entries)} participations, {n(candidates)} candidatures au titre "
                f"et {n(entries - candidates)} "
                f"référents du secteur, hors concours ; {n(result.tests_run)} tests clients "
                f"mystères ({n(per_entry)} par participation)",
            ]
        else:
            counts = [
                f"{n(entries)} entreprises testées (chacune dans une seule catégorie), dont "
                f"{n(candidates)} candidates au titre et {n(entries - candidates)} référents "
                f"du secteur, hors concours ; {n(result.tests_run)} tests clients mystères "
                f"({n(per_entry)} par entreprise)"
            ]
        assert all(spaces(part) in text for part in counts), year
        data = json.loads((bundled_site / f"donnees/{year}/laureats.json").read_text())
        totals = data["totaux"]
        assert totals["entreprises_testees_par_categorie"] == entries
        assert totals["entreprises_candidates"] + totals["referents_hors_concours"] == entries
        assert totals["tests"] == entries * totals["tests_par_entreprise_et_categorie"]


def test_the_home_page_counts_add_up(bundled_site, scored):
    _, results = scored
    latest = results[max(results)]
    text = shown(page(bundled_site, ""))
    entries = sum(c.tested for c in latest.categories)
    year = max(results)
    totals = json.loads((bundled_site / f"donnees/{year}/laureats.json").read_text())["totaux"]
    candidates = totals["entreprises_candidates"]
    # The headline counts the contest (candidates), never the référents tested beside it.
    assert candidates < entries
    shown_candidates = re.search(r"(\d+) candidatures au titre", text)
    shown_tests = re.search(r"([\d\u00a0 ]+) tests clients mystères", text)
    assert shown_candidates and shown_tests
    assert int(shown_candidates.group(1)) == candidates
    assert int(re.sub(r"\D", "", shown_tests.group(1))) == entries * 225
    distinct = re.search(r"(\d+) entreprises testées \((\d+) participations, ", text)
    assert distinct and int(distinct.group(2)) == entries
    assert int(distinct.group(1)) == latest.companies_tested < entries


def test_every_snippet_and_feed_entry_states_what_the_award_is(bundled_site):
    snippets = sorted((bundled_site / "newsletter").glob("*/*.*"))
    assert len(snippets) > 20
    for path in snippets:
        assert AWARD_LINE in path.read_text(encoding="utf-8"), path
    feed = ET.parse(bundled_site / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    summaries = [e.findtext("a:summary", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert summaries and all(AWARD_LINE in s for s in summaries)


def test_claims_wording(bundled_site):
    from escda_site.engine.config import as_of_datetime
    from escda_site.public.view import public_view

    dataset, results, _ = load_and_score(ROOT / "data")
    site = public_view(dataset, results, as_of_datetime("2026-11-24T12:00:00+01:00"))
    e = site.edition(2027)
    all_candidates = next(c for c in e.categories if c.tested and not c.benchmarks)
    assert claims.tested_text(all_candidates).endswith(", toutes candidates au titre")
    assert claims.award_line(e, e.category("banque")).endswith("; seuil d'attribution 12/20.")
    # Distinct companies are counted apart only when one was tested in two categories.
    distinct = e.companies_tested != e.entries
    assert ("participations, une entreprise concourant" in claims.edition_counts(e)) is distinct
    assert ("chacune dans une seule catégorie" in claims.edition_counts(e)) is not distinct
    archive = next(ed for ed in site.editions if ed.archive)
    assert claims.tested_text(archive.categories[0]) == "nombre d'entreprises testées non publié"


# --- Corrections: an erratum after the proclamation is visible, not silent --------------

CORRECTION = "La note de Alpha dans la catégorie Banque a été recalculée : 15,00/20."


def _with_corrections(tmp_path, corrections) -> Path:
    cats = {
        "banque": [
            company("alpha", [(4, 4), (4, 4)], [9]),
            company("beta", [(1, 1), (1, 1)], [5]),
            company("gamma", [(2, 2), (2, 2)], [5], role="benchmark"),
        ],
        "energie": [
            company("delta", [(4, 3), (4, 4)], [9]),
            company("epsilon", [(1, 1), (1, 1)], [5]),
            company("zeta", [(2, 2), (2, 2)], [5]),
        ],
    }
    season = copy.deepcopy(SEASON)
    season["corrections"] = corrections
    return write(tmp_path / "data", cats, season=season)


@pytest.mark.slow
def test_corrections_show_on_the_pages_concerned_and_in_the_feed(tmp_path):
    data = _with_corrections(
        tmp_path,
        [{"date": "2019-10-20", "text": CORRECTION, "categories": ["banque"]}],
    )
    site = build(data, tmp_path / "site", "2019-11-01T12:00:00+01:00")
    banque = shown(page(site, "2020/banque/"))
    assert f"Correction du 20 octobre 2019 {CORRECTION}" in banque
    assert "Correction du" not in page(site, "2020/energie/")
    assert CORRECTION in shown(page(site, "2020/"))
    feed = ET.parse(site / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert "Correction du palmarès ESCDA 2020 — Banque" in titles
    assert feed.findtext("a:updated", namespaces=ns) == "2019-10-20T12:00:00+02:00"
    opendata = json.loads((site / "donnees/2020/laureats.json").read_text(encoding="utf-8"))
    assert opendata["corrections"] == [
        {"date": "2019-10-20", "texte": CORRECTION, "categories": ["banque"]}
    ]


def test_newsletter_snippets_carry_the_corrections_of_their_category_and_edition(tmp_path):
    whole = "Le seuil de l'édition était bien 12/20 : aucun résultat ne change."
    data = _with_corrections(
        tmp_path,
        [
            {"date": "2019-10-20", "text": CORRECTION, "categories": ["banque"]},
            {"date": "2019-10-22", "text": whole},
        ],
    )
    dataset, results, _ = load_and_score(data)
    site = public_view(dataset, results, datetime.fromisoformat("2019-11-01T12:00:00+01:00"))
    edition, banque, energie = site_snippets(site, "https://palmares.example.fr/")[2020]

    def said(text: str) -> str:
        return " ".join(unescape(re.sub(r"<[^>]+>", " ", text)).split())

    for snippet in (edition, banque):
        for body in (said(snippet.html), " ".join(snippet.text.split())):
            assert "Alpha dans la catégorie Banque a été recalculée" in body, snippet.slug
            assert "Correction du 20 octobre 2019".upper() in body.upper()
    # The edition's snippet names the category each correction concerns.
    assert "Correction du 20 octobre 2019 — Banque" in said(edition.html)
    # An erratum of the whole edition concerns every category; one of Banque, Banque only.
    for snippet in (edition, banque, energie):
        assert "aucun résultat ne change" in said(snippet.html) and (
            "aucun résultat ne change" in snippet.text
        )
    assert "recalculée" not in said(energie.html) + energie.text
    # A snippet is sent without the page: the correction comes before the result.
    assert said(banque.html).index("recalculée") < said(banque.html).index("Note globale")
    assert banque.text.index("recalculée") < banque.text.index("note globale")
    # The category pages say what the snippets say.
    pages = dict(site_outputs(site, "https://palmares.example.fr/").pages)
    assert "aucun résultat ne change" in pages["2020/energie/index.md"]
    assert "recalculée" not in pages["2020/energie/index.md"]


def test_corrections_are_validated(tmp_path):
    data = _with_corrections(
        tmp_path,
        [
            {"date": "2019-10-01", "text": "Avant la proclamation", "categories": ["banque"]},
            {"date": "2019-10-20", "categories": ["banq"]},
            "pas une correction",
        ],
    )
    with pytest.raises(DataError) as err:
        load_dataset(data)
    found = [str(p) for p in err.value.problems]
    file = "seasons/2020/season.yaml"
    assert f"{file}: corrections[0].date: a correction comes after the proclamation" in found
    assert f"{file}: corrections[1].text: missing" in found
    assert any(
        p.startswith(f"{file}: corrections[1].categories[0]: unknown category") for p in found
    )
    assert f"{file}: corrections[2]: must be a mapping {{date, text, categories}}" in found


def test_edition_summary_counts_no_laureate_and_no_election_apart():
    from dataclasses import replace

    from escda_site.public.sentences import edition_summary

    from factories import edition_2026

    edition = edition_2026()  # Énergie below the threshold, Mutuelle too few tested

    def summary(**statuses: str) -> str:
        cats = tuple(
            replace(c, laureates=(), status=statuses[c.slug]) if c.slug in statuses else c
            for c in edition.categories
        )
        return edition_summary(replace(edition, categories=cats))

    assert ", dont 1 sans lauréat et 1 sans élection" in summary()
    # A zero part is left out; plurals need no « s » (« sans » is invariable).
    assert ", dont 2 sans élection (" in summary(energie="too_few")
    assert "sans lauréat" not in summary(energie="too_few")
    assert ", dont 2 sans lauréat (" in summary(mutuelle="below_threshold")
    assert "sans élection" not in summary(mutuelle="below_threshold")


def test_edition_summary_never_counts_a_company_twice():
    from dataclasses import replace

    from escda_site.public.sentences import edition_summary

    from factories import BANK, edition_2026, laureate

    edition = edition_2026()
    assert edition_summary(edition) == (
        "6 titres dans 7 catégories, dont 1 sans lauréat et 1 sans élection "
        "(1 catégorie à lauréats ex æquo)"
    )
    # The bank also wins the café category: 6 titles, but only 5 companies.
    cats = tuple(
        replace(c, laureates=(laureate(BANK, 12.0),)) if c.slug == "cafe" else c
        for c in edition.categories
    )
    assert edition_summary(replace(edition, categories=cats)).startswith(
        "6 titres pour 5 entreprises lauréates dans 7 catégories"
    )


def test_the_non_laureates_average_says_what_it_covers(bundled_site):
    for year in (2025, 2026, 2027):
        text = spaces(shown(page(bundled_site, f"{year}/")))
        counted = re.search(r"Notes prises en compte (\d+) (\d+) (\d+)", text)
        assert counted, year
        note = re.search(r"La colonne « Non-lauréats » réunit les notes ([^.]*)\.", text)
        assert note, year
        said = note.group(1)
        assert not re.search(r"\d,\d|/20", said), said  # counts only, never a mark
        figures = [int(n) for n in re.findall(r"\b(\d+) (?:entreprises?|référents?)", said)]
        assert sum(figures) == int(counted.group(3)), (year, said)  # the column's own count
        totals = json.loads((bundled_site / f"donnees/{year}/laureats.json").read_text())
        benchmarks = totals["totaux"]["referents_hors_concours"]
        assert f"de {benchmarks} référents du secteur (testés hors concours)" in said, year
    # 2027 has a category without election (too few tested): its candidates are counted.
    text = spaces(shown(page(bundled_site, "2027/")))
    assert "et de 2 entreprises candidates de la catégorie sans élection." in text
    assert "sans élection." not in spaces(shown(page(bundled_site, "2025/"))).split("Moyennes")[1]
