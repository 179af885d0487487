"""Archive editions, where the press left out a mark, a count, an edition or a laureate:
every claim still reads right and says what was not published (tests/archive_data.py)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from html import unescape

import pytest
import yaml
from archive_data import AS_OF, EDITIONS, write_archive

from escda_site.outputs.category_history import category_history_pages
from escda_site.outputs.pages import badge_html, sector_pages
from escda_site.public import claims
from escda_site.public.history import history_line
from escda_site.public.view import public_view
from escda_site.scoring.pipeline import load_and_score
from escda_site.text import figures

from factories import edition_2026


@pytest.fixture(scope="module")
def archive_site(tmp_path_factory):
    """The archive data set, validated, scored and made public (no build)."""
    data = write_archive(tmp_path_factory.mktemp("archive") / "data")
    dataset, results, _ = load_and_score(data)
    return public_view(dataset, results, datetime.fromisoformat(AS_OF))


# --- History lines: every combination of gap, empty year, renaming and ex æquo --------

HISTORY = [
    ("first edition of the portal", 2010, "banque", None),
    ("streak", 2011, "banque", "Alpha Banque : 2e année consécutive."),
    (
        "no laureate after a laureate",
        2011,
        "mutuelle",
        "Lors de l'édition 2010, le titre revenait à Beta Mutuelle.",
    ),
    (
        "no election after a renamed laureate",
        2011,
        "energie",
        "Lors de l'édition 2010, le titre revenait à Gamma Ancien (aujourd'hui Gamma Énergie).",
    ),
    (
        "ex æquo: a streak and a first title",
        2011,
        "telecom",
        "Delta Télécom : 2e année consécutive ; Epsilon Mobile : premier titre dans la catégorie.",
    ),
    (
        "returning laureate after a year without laureate",
        2012,
        "mutuelle",
        # The archive does not say the title left Beta Mutuelle in 2011: not « retrouve ».
        "Aucun lauréat publié lors de l'édition 2011 dans cette catégorie ; Beta Mutuelle "
        "remporte de nouveau le titre, déjà lauréat de l'édition 2010 (2e titre dans la "
        "catégorie).",
    ),
    (
        "returning laureate after a year without election",
        2012,
        "energie",
        "Pas d'élection lors de l'édition 2011 dans cette catégorie ; Gamma Ancien retrouve le "
        "titre, déjà lauréat de l'édition 2010 (2e titre dans la catégorie).",
    ),
    (
        "gap year, then a laureate back after a year without laureate",
        2014,
        "banque",
        "L'édition 2013 ne figure pas au palmarès. Aucun lauréat publié lors de "
        "l'édition 2012 dans cette catégorie ; Alpha Banque remporte de nouveau le titre, déjà "
        "lauréat des éditions 2010 et 2011 (3e titre dans la catégorie).",
    ),
    (
        "gap year, then a succession",
        2014,
        "mutuelle",
        "L'édition 2013 ne figure pas au palmarès. Zeta Santé succède à Beta Mutuelle, lauréat "
        "de l'édition 2012.",
    ),
    (
        "gap year, renamed laureate: no « consecutive » across the gap, its former name said",
        2014,
        "energie",
        # Gamma may have won 2013 too, missing from the archives: not « retrouve ».
        "L'édition 2013 ne figure pas au palmarès. Gamma Énergie remporte de nouveau le titre, "
        "déjà lauréat des éditions 2010 et 2012, sous le nom Gamma Ancien (3e titre dans la "
        "catégorie).",
    ),
    ("new category", 2014, "assurance", "Nouvelle catégorie de l'édition 2014."),
    (
        "ex æquo, both new, after a laureate",
        2015,
        "mutuelle",
        "Theta Prévoyance : premier titre dans la catégorie ; Iota Électricité : premier titre "
        "dans la catégorie. Les lauréats ex æquo succèdent à Zeta Santé, lauréat de l'édition "
        "2014.",
    ),
    (
        "returning category across a missing edition and an edition without it",
        2015,
        "telecom",
        "La catégorie revient au palmarès (absente de l'édition 2014). L'édition 2013 ne figure "
        "pas au palmarès. Delta Télécom retrouve le titre, déjà lauréat des éditions 2010 à "
        "2012 (4e titre dans la catégorie).",
    ),
    (
        "returning laureate that succeeds laureates ex æquo",
        2016,
        "mutuelle",
        "Beta Mutuelle retrouve le titre, déjà lauréat des éditions 2010 et 2012 (3e titre dans "
        "la catégorie), et succède à Theta Prévoyance et Iota Électricité, lauréats de l'édition "
        "2015.",
    ),
    (
        "new laureate after a year without election",
        2016,
        "energie",
        "Pas d'élection lors de l'édition 2015 dans cette catégorie ; Iota Électricité succède à "
        "Gamma Énergie, lauréat de l'édition 2014.",
    ),
    (
        "ex æquo: a streak and a returning laureate",
        2016,
        "telecom",
        "Delta Télécom : 2e année consécutive, 5e titre dans la catégorie ; Epsilon Mobile "
        "retrouve le titre, déjà lauréat de l'édition 2011 (2e titre dans la catégorie).",
    ),
    (
        "returning laureate after a year without laureate (count published)",
        2016,
        "assurance",
        "Aucun lauréat publié lors de l'édition 2015 dans cette catégorie ; Eta Assurances "
        "remporte de nouveau le titre, déjà lauréat de l'édition 2014 (2e titre dans la "
        "catégorie).",
    ),
]


@pytest.mark.parametrize(
    ("year", "slug", "expected"), [h[1:] for h in HISTORY], ids=[h[0] for h in HISTORY]
)
def test_history_lines_say_everything_between_two_titles(archive_site, year, slug, expected):
    category = archive_site.edition(year).category(slug)
    assert history_line(archive_site, category) == expected


def test_a_streak_stops_at_a_missing_edition(archive_site):
    from escda_site.public.history import streak

    # Gamma won 2012 and 2014; 2013 is not on the portal: not two years in a row.
    assert streak(archive_site, 2014, "energie", "gamma") == 1
    assert streak(archive_site, 2016, "banque", "alpha") == 3


# --- One wording per sentence for what was not published ------------------------------


# --- History tables and charts: a skipped year keeps its row --------------------------


def _table_rows(markdown: str) -> list[tuple[str, str]]:
    """The history table's body rows as (year, laureate cell), newest first."""
    return [
        (re.sub(r"\[(\d{4})\]\(.*?\)", r"\1", year), cell)
        for year, cell in re.findall(r"^\| (\[?\d{4}\]?(?:\(.*?\))?) \| (.*?) \|", markdown, re.M)
    ]


def test_history_table_and_chart_give_a_skipped_year_its_own_row(archive_site):
    # Telecom: 2012, no edition in 2013, an edition without the category in 2014, 2015.
    page = dict(category_history_pages(archive_site))["categories/telecom/index.md"]
    rows = _table_rows(page)
    assert [year for year, _ in rows] == [str(y) for y in range(2016, 2009, -1)]
    assert dict(rows)["2013"] == "*Édition absente du palmarès*"
    assert dict(rows)["2014"] == "*Catégorie absente de cette édition*"
    assert "| 2013 |" in page  # no edition page to link to
    chart = re.search(r'<div class="escda-chart".*', page).group(0)
    assert re.findall(r'escda-chart-label">(\d{4})<', chart) == [
        str(y) for y in range(2016, 2009, -1)
    ]
    assert chart.count("escda-chart-track--gap") == 2
    desc = re.search(r'id="history-chart-desc" hidden>(.*?)</span>', chart).group(1)
    assert "2014 : catégorie absente de cette édition ; 2013 : édition absente du palmarès" in desc


def test_sector_page_says_the_missing_edition_between_its_neighbours(archive_site):
    page = dict(sector_pages(archive_site))["secteurs/finance/index.md"]
    between = page[page.index("## Édition 2014") : page.index("## Édition 2012")]
    assert "ne figure pas au palmarès" in between and "2013" in between


def test_each_sentence_says_unpublished_in_its_own_words():
    banque = edition_2026().categories[0]
    cases = {
        (16.7234, 5): ", avec une note globale de 16,72/20, parmi 5 entreprises testées, toutes "
        "candidates au titre",
        (16.7234, None): ", avec une note globale de 16,72/20 (nombre d'entreprises testées "
        "non publié)",
        (None, 5): ", parmi 5 entreprises testées, toutes candidates au titre (note globale "
        "non publiée)",
        (None, None): " (note globale et nombre d'entreprises testées non publiés)",
    }
    for (overall, tested), expected in cases.items():
        lau = replace(banque.laureates[0], overall=overall)
        c = replace(banque, tested=tested, candidates=tested, laureates=(lau,))
        assert claims.result_clause(c) == expected
    assert figures.mark_clause(None) == " (note globale non publiée)"
    assert figures.mark_or_unpublished(None) == "note globale non publiée"
    assert figures.mark_clause(12.0, "**") == ", avec une note globale de **12,00/20**"


def test_an_archive_edition_counts_what_it_published(archive_site):
    counts = {e.year: claims.archive_counts(e) for e in archive_site.editions}
    assert counts[2012] == (
        "3 entreprises testées dans 1 catégorie (nombre non publié pour 3 autres catégories)"
    )
    assert counts[2014] == (
        "3 entreprises testées dans 1 catégorie (nombre non publié pour 3 autres catégories)"
    )
    # Every category published its count: a sum over categories, said as one.
    e = archive_site.edition(2012)
    full = replace(e, categories=tuple(replace(c, tested=c.tested or 4) for c in e.categories))
    assert claims.archive_counts(full) == "15 entreprises testées dans les 4 catégories"
    assert claims.archive_facts(archive_site.edition(2011)) == (
        "3 titres dans 4 catégories, dont 1 sans lauréat publié et 1 sans élection (1 catégorie à "
        "lauréats ex æquo) ; seuil d'attribution 12/20 ; 10 entreprises testées dans "
        "2 catégories (nombre non publié pour 2 autres catégories)"
    )


# --- The data contract's extension: `tested` and `election` in archive categories -------


def test_archive_categories_carry_their_published_count_and_election(archive_site):
    e2011 = archive_site.edition(2011)
    assert e2011.category("mutuelle").status == "no_laureate"
    assert e2011.category("mutuelle").tested == 4
    assert e2011.category("energie").status == "too_few"  # election: false
    assert archive_site.edition(2015).category("energie").status == "too_few"  # tested: 2
    assert archive_site.edition(2012).category("banque").tested is None
    # An archive never says who could win: no « candidates » figure is made up.
    assert archive_site.edition(2010).category("banque").candidates is None


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        ({"laureates": ["alpha"], "tested": 2}, "[0].tested: 2 companies tested is under"),
        ({"laureates": ["alpha", "beta"], "tested": 1}, "[0].tested: must be at least"),
        ({"laureates": ["alpha"], "election": False}, "[0].election: a category without"),
        ({"laureates": [], "tested": "cinq"}, "[0].tested: must be"),
    ],
)
def test_contradictory_archive_facts_are_refused(tmp_path, facts, message):
    from escda_site.inputs.load import load_dataset
    from escda_site.inputs.problems import DataError

    data = write_archive(tmp_path / "data")
    cats = data / "seasons/2010/categories.yaml"
    first = dict(EDITIONS[2010][0], **facts)
    cats.write_text(yaml.safe_dump([first], allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_dataset(data)
    assert message in caught.value.report(), caught.value.report()


def test_a_measured_edition_cannot_state_a_count(tmp_path):
    from escda_site.inputs.load import load_dataset
    from escda_site.inputs.problems import DataError

    from minidata import company, write

    data = write(tmp_path / "data", {"banque": [company("acme", [(4, 4), (4, 4)], [10])]})
    cats = data / "seasons/2020/categories.yaml"
    doc = yaml.safe_load(cats.read_text(encoding="utf-8"))
    doc[0]["tested"] = 5
    cats.write_text(yaml.safe_dump(doc), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_dataset(data)
    assert "[0].tested: only an archive edition says it" in caught.value.report()


def test_the_badge_of_a_shared_title_says_it_was_awarded_ex_aequo(archive_site):
    """The code a laureate pastes names its title as the certificate does: a shared title
    is « décerné ex æquo à » it, a title of its own « décerné à » it."""
    shared = [
        t for t in archive_site.titles() if (t.edition.year, t.category.slug) == (2011, "telecom")
    ]
    alone = [
        t for t in archive_site.titles() if (t.edition.year, t.category.slug) == (2012, "telecom")
    ]
    assert len(shared) == 2 and len(alone) == 1
    for title in shared:
        alt = unescape(badge_html(title, "https://example.org/").split('alt="')[1].split('"')[0])
        assert f"décerné ex æquo à {title.laureate.name} \u2014" in alt
    alt = unescape(badge_html(alone[0], "https://example.org/").split('alt="')[1].split('"')[0])
    assert f"décerné à {alone[0].laureate.name} \u2014" in alt and "æquo" not in alt
