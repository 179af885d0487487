"""A category across the years (`/categories/<slug>/`), from the public view."""

from __future__ import annotations

import re
from html import unescape

from escda_site.outputs.category_history import category_history_pages
from escda_site.outputs.site import site_outputs

from factories import BANK, SITE_URL, edition_2026, fixture_outputs, gap_site, public_site


def pages(site) -> dict[str, str]:
    return dict(category_history_pages(site))


def rows(markdown: str) -> list[str]:
    """The table's body rows, one per edition."""
    return re.findall(r"^\| \[(\d{4})\]", markdown, re.M)


def test_one_row_per_edition_newest_first_a_skipped_one_saying_so():
    markdown = pages(gap_site())["categories/banque/index.md"]
    years = ["2018", "2017", "2016", "2015", "2014", "2013", "2012", "2011", "2010"]
    assert rows(markdown) == years
    assert "[2014](../../2014/banque/index.md)" in markdown
    # 2013 was held without the category: its row links the edition and says so.
    assert "| [2013](../../2013/index.md) | *Catégorie absente de cette édition* |" in markdown


def test_rows_give_laureate_mark_threshold_and_title_count():
    markdown = pages(gap_site())["categories/banque/index.md"]
    row_2014 = next(line for line in markdown.splitlines() if line.startswith("| [2014]"))
    assert "Exemple Banque" in row_2014 and ", 4e titre" in row_2014
    assert "15,50/20" in row_2014 and "12/20" in row_2014
    row_2015 = next(line for line in markdown.splitlines() if line.startswith("| [2015]"))
    assert (
        "Aucun lauréat publié : les archives de l'édition ne disent pas si le titre a été attribué"
        in row_2015
    )


def test_a_renamed_laureates_count_follows_its_name_without_a_second_bracket():
    # « Ancien Nom (aujourd'hui Exemple Banque) (2e titre) » stacks two brackets: the
    # count follows the name after a comma, for every laureate, ex æquo ones included.
    from dataclasses import replace

    from factories import MINUS, archive_edition, banque, laureate

    renamed = replace(laureate(BANK, 15.0), former_name="Ancien Nom")
    site = public_site(
        archive_edition(2012, banque(2012, laureate(BANK, 16.0), laureate(MINUS, 16.0))),
        archive_edition(2011, banque(2011, renamed)),
        archive_edition(2010, banque(2010, renamed)),
    )
    markdown = pages(site)["categories/banque/index.md"]
    cell = {
        y: line.split(" | ")[1].replace("\\", "").replace("&#x27;", "'")
        for line in markdown.splitlines()
        for y in rows(line)
    }
    link = r"\[([^]]+)\]\([^)]+\)"
    assert re.fullmatch(rf"{link} \(aujourd'hui Exemple Banque\)", cell["2010"]), cell
    assert re.fullmatch(rf"{link} \(aujourd'hui Exemple Banque\), 2e titre", cell["2011"]), cell
    assert re.fullmatch(rf"{link}, 3e titre, et {link}, ex æquo", cell["2012"]), cell
    assert "e titre)" not in markdown


def test_measured_editions_give_tested_candidates_and_no_laureate_reasons():
    markdown = pages(public_site())["categories/mutuelle/index.md"]
    row_2026 = next(line for line in markdown.splitlines() if line.startswith("| [2026]"))
    assert "moins de 3 entreprises testées" in row_2026 and "| 2" in row_2026
    ex_aequo = next(line for line in markdown.splitlines() if line.startswith("| [2014]"))
    assert "Ancienne Mutuelle" in ex_aequo and "ex æquo" in ex_aequo


def test_chart_has_a_bar_per_mark_and_a_text_alternative():
    markdown = pages(gap_site())["categories/banque/index.md"]
    chart = re.search(r'<div class="escda-chart".*', markdown).group(0)
    assert 'role="img"' in chart and "aria-labelledby" in chart
    desc = re.search(r'<span id="history-chart-desc" hidden>(.*?)</span>', chart).group(1)
    assert "2014 : Exemple Banque, 15,50/20 (seuil 12/20)" in desc
    assert "2015 : aucun lauréat publié" in desc
    assert chart.count('class="escda-chart-bar"') == 7  # 8 editions, one without laureate
    # Each edition's row carries its own threshold.
    assert len(re.findall(r'class="escda-chart-row" style="[^"]*--escda-threshold', chart)) == 8


def test_no_chart_row_carries_an_empty_style_attribute():
    # 2013 is a gap year in Banque: its row has no bar and no threshold, so no style.
    markdown = pages(gap_site())["categories/banque/index.md"]
    gap = re.search(
        r'<div class="escda-chart-row"[^>]*><span class="escda-chart-label">2013<', markdown
    )
    assert gap is not None and gap.group(0).startswith('<div class="escda-chart-row"><')
    outputs = site_outputs(gap_site(), SITE_URL)
    assert not [path for path, text in outputs.pages if 'style=""' in text]


def test_the_chart_says_a_run_of_missing_editions_as_the_table_and_sentences_do():
    # Two editions missing from the archives were labelled « 2013–2014 » on the chart,
    # « 2013 et 2014 » everywhere else (wording.years_text).
    from factories import archive_edition, banque, laureate

    site = public_site(
        archive_edition(2015, banque(2015, laureate(BANK, 15.0))),
        archive_edition(2012, banque(2012, laureate(BANK, 16.0))),
    )
    markdown = pages(site)["categories/banque/index.md"]
    chart = unescape(re.search(r'<div class="escda-chart".*', markdown).group(0))
    labels = re.findall(r'<span class="escda-chart-label">([^<]*)</span>', chart)
    assert labels == ["2015", "2013 et 2014", "2012"]
    desc = re.search(r'<span id="history-chart-desc" hidden>(.*?)</span>', chart).group(1)
    assert "; 2013 et 2014 : " in desc
    assert "\u2013" not in chart
    assert "| 2013 et 2014 | *Éditions absentes du palmarès* |" in markdown  # the table


def test_a_category_without_election_is_not_charted_as_without_laureate():
    # 2026 Mutuelle: 2 companies tested, too few for an election (the table says so).
    markdown = pages(public_site())["categories/mutuelle/index.md"]
    chart = unescape(re.search(r'<div class="escda-chart".*', markdown).group(0))
    desc = re.search(r'<span id="history-chart-desc" hidden>(.*?)</span>', chart).group(1)
    assert desc.startswith("2026 : pas d'élection (seuil 12/20)")
    assert '<span class="escda-chart-note">pas d\'élection</span>' in chart
    assert "pas de lauréat" not in chart


def test_names_stay_text():
    markdown = pages(public_site())["categories/assurance/index.md"]
    assert "<script>" not in markdown
    assert "&lt;script&gt;" in markdown  # in the chart's text alternative


def test_pages_are_part_of_the_site_outputs_and_deterministic():
    out = dict(fixture_outputs().pages)
    assert {p for p in out if p.startswith("categories/")} == {"categories/index.md"} | {
        f"categories/{slug}/index.md"
        for slug in ("banque", "assurance", "energie", "mutuelle", "vad", "cafe", "images")
    }
    assert pages(public_site()) == pages(public_site())


def test_the_categories_index_lists_each_category_with_its_latest_result_and_history():
    from escda_site.outputs.category_history import categories_page

    site = public_site()
    markdown = categories_page(site)
    slugs = {c.slug for e in site.editions for c in e.categories}
    for slug in slugs:
        assert f"(../categories/{slug}/index.md)" not in markdown  # relative to categories/
        assert f"]({slug}/index.md)" in markdown, slug
    latest = site.editions[0]
    banque = latest.category("banque")
    assert f"[{latest.year}](../{latest.year}/banque/index.md)" in markdown
    assert banque.laureates[0].name in markdown
    assert pages(site)["categories/index.md"] == markdown


def test_the_archive_note_does_not_deny_the_marks_and_counts_the_table_shows():
    # Archive editions often published the laureate's mark (here every one of them): a note
    # saying they published « only their laureates » contradicts the table right above it.
    markdown = pages(gap_site())["categories/banque/index.md"]
    row_2014 = next(line for line in markdown.splitlines() if line.startswith("| [2014]"))
    assert "15,50/20" in row_2014
    note = next(line for line in markdown.splitlines() if line.startswith("Après le nom d"))
    assert "publié que leurs lauréats" not in note
    assert "lorsqu'il les a publiés, sa note et le nombre d'entreprises testées" in note
    assert "« non publié »" in note


def test_the_introduction_promises_candidates_only_where_the_table_counts_them():
    # The table counts candidates beside référents only (« 8, dont 6 candidates »): an
    # archive never has them, yet its introduction promised « parmi elles, de candidates ».
    from dataclasses import replace

    def intro(site) -> str:
        markdown = pages(site)["categories/banque/index.md"]
        return next(line for line in markdown.splitlines() if line.startswith("La catégorie"))

    assert "candidates" not in intro(gap_site())
    assert "le nombre d'entreprises testées et le seuil d'attribution" in intro(gap_site())
    edition = edition_2026()
    with_benchmarks = replace(edition.categories[0], candidates=3)  # 5 tested, 2 référents
    site = public_site(replace(edition, categories=(with_benchmarks, *edition.categories[1:])))
    assert "5, dont 3 candidates" in pages(site)["categories/banque/index.md"]
    assert "testées et, parmi elles, de candidates (les référents" in intro(site)


def test_the_description_says_the_editions_the_category_was_held_in_as_runs():
    # « de l'édition 2010 à l'édition 2018 » in the description (search results, shared
    # links) passed 2013, held without the category, for one of its editions.
    markdown = pages(gap_site())["categories/banque/index.md"]
    said = "des éditions 2010 à 2012 et 2014 à 2018"
    assert f"La catégorie Banque d’Élu Service Client de l’Année {said}\u00a0:" in markdown
    assert f"La catégorie Banque {said}, édition par édition" in markdown
