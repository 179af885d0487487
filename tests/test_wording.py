"""One term for one thing: a category's result is named the same in every output.

« Pas de lauréat » (the contest took place, nobody reached the threshold) and « Pas
d'élection » (too few companies tested, or none could win) are different facts; a shared
title is « Lauréats ex æquo », plural, wherever it is named.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from escda_site.outputs.logos.kit import readme
from escda_site.outputs.logos.share import category_share
from escda_site.outputs.site import site_outputs
from escda_site.public.sentences import laureate_heading, no_laureate_heading
from escda_site.text.figures import weight_shares

from factories import SITE_URL, edition_2014, edition_2026, fixture_outputs, public_site
from sitecheck import untypeset


@pytest.fixture(scope="module")
def outputs() -> dict[str, str]:
    out = fixture_outputs()
    return {path: c for path, c in [*out.pages, *out.files] if isinstance(c, str)}


def _plain(text: str) -> str:
    """Typography set aside (apostrophes, no-break spaces), HTML apostrophes resolved."""
    return untypeset(text.replace("&#x27;", "'").replace("&#39;", "'"))


def test_too_few_tested_is_no_election_in_every_output(outputs):
    # 2026 Mutuelle: 2 companies tested, fewer than the 3 an election needs.
    page = _plain(outputs["2026/mutuelle/index.md"])
    assert "!!! info \"Pas d'élection pour l'édition 2026\"" in page
    assert "Pas de lauréat" not in page
    for snippet in ("newsletter/2026/mutuelle.html", "newsletter/2026/mutuelle.txt"):
        text = _plain(outputs[snippet])
        assert "Pas d'élection : 2 entreprises testées, toutes candidates au titre, alors " in text
        assert "Pas de lauréat" not in text
    feed = _plain(outputs["feed.xml"])
    assert "Mutuelle : pas d'élection (2 entreprises testées, toutes candidates au titre, " in feed
    mutuelle = edition_2026().category("mutuelle")
    assert ("head", "Pas d'élection") in category_share(edition_2026(), mutuelle, SITE_URL).blocks


def test_below_threshold_is_no_laureate(outputs):
    # 2026 Énergie: tested and contested, no candidate reached 12/20.
    page = _plain(outputs["2026/energie/index.md"])
    assert '!!! info "Pas de lauréat pour l\'édition 2026"' in page and "élection" not in page
    snippet = _plain(outputs["newsletter/2026/energie.txt"])
    assert "Pas de lauréat : aucune entreprise candidate n'a atteint le seuil de 12/20." in snippet
    edition = _plain(outputs["2026/index.md"])
    assert "*Pas de lauréat : aucune entreprise candidate n'a atteint" in edition
    assert "*Pas d'élection : moins de 3 entreprises testées*" in edition


def test_the_headings_come_from_the_category_status():
    e = edition_2026()
    assert [no_laureate_heading(e.category(s)) for s in ("mutuelle", "energie")] == [
        "Pas d'élection",
        "Pas de lauréat",
    ]
    assert laureate_heading(e.category("assurance")) == "Lauréats ex æquo"
    assert laureate_heading(e.category("banque")) == "Lauréat"


def test_an_archive_that_names_no_laureate_is_said_so_the_same_way_everywhere(outputs):
    # 2014 Énergie: an archive category with no laureate listed and no reason. The archive
    # does not say whether the title was given, so no output may say « pas de lauréat »
    # as a fact: one wording, « aucun lauréat publié », in every place the fact travels.
    energie = edition_2014().category("energie")
    assert no_laureate_heading(energie) == "Aucun lauréat publié"
    said = {
        "2014/energie/index.md": '!!! info "Aucun lauréat publié pour l\'édition 2014"',
        "2014/index.md": "*Aucun lauréat publié : les archives de l'édition ne disent pas",
        "categories/energie/index.md": "2014 : aucun lauréat publié (seuil 11,5/20)",
        "newsletter/2014/energie.txt": "Aucun lauréat publié : les archives de l'édition",
        "newsletter/index.md": "| Fournisseur d'énergie | Aucun lauréat publié |",
        "2026/energie/index.md": "Aucun lauréat publié lors de l'édition 2014.",
    }
    for path, words in said.items():
        assert words in _plain(outputs[path]).replace("&\\#x27;", "'"), path
    about_2014 = [p for p in outputs if re.match(r"(newsletter/|donnees/)?2014/", p)]
    assert "newsletter/2014/index.txt" in about_2014 and "2014/energie/index.md" in about_2014
    for path in about_2014:
        text = _plain(outputs[path])
        assert not re.search(r"pas de lauréat|sans lauréat(?! publié)", text, re.I), path
    assert "dont 1 sans lauréat publié (" in _plain(outputs["2014/index.md"])
    assert "<strong>1</strong> catégorie sans titre publié</div>" in outputs["2014/index.md"]
    blocks = category_share(edition_2014(), energie, SITE_URL).blocks
    assert ("head", "Aucun lauréat publié") in blocks


def test_a_shared_title_is_plural_everywhere(outputs):
    page = outputs["2026/assurance/index.md"]
    # One box for the shared title, naming both laureates.
    assert page.count("!!! success") == 1
    assert '!!! success "Lauréats ex æquo 2026"' in page
    assert re.search(r"\*\*\[[^\]]+\]\([^)]+\)\*\* et \*\*\[.*remportent ex æquo le titre", page)
    assert "Lauréats ex æquo" in outputs["newsletter/2026/assurance.html"]
    assert "Lauréats ex æquo :" in _plain(outputs["newsletter/2026/assurance.txt"])
    singular = [p for p, text in outputs.items() if re.search(r"Lauréat ex (æ|ae)quo", text)]
    assert singular == []


def test_open_data_reason_matches_the_pages(outputs):
    doc = json.loads(outputs["donnees/2026/laureats.json"])
    reasons = {c["categorie_slug"]: c["raison_libelle"] for c in doc["categories_sans_laureat"]}
    assert reasons["mutuelle"] == "moins de 3 entreprises testées"


def test_methodology_weights_add_up_to_their_total(outputs):
    page = outputs["2026/methodologie/index.md"]
    rows = re.findall(r"\| (\d+) sur (\d+) \((\d+,\d) %\) \|", page)
    assert [(w, t) for w, t, _ in rows] == [("140", "190"), ("50", "190")]
    assert sum(int(w) for w, _, _ in rows) == 190  # the figures shown are the exact weights
    assert "Les pourcentages sont arrondis au dixième" in page  # 73,7 + 26,3: exactly 100


@pytest.mark.parametrize(
    ("weights", "cells", "note"),
    [
        # Thirds: no channel is nudged to 33,4 % to make 100; the note says 99,9 %.
        (
            [1, 1, 1],
            ["1 sur 3 (33,3 %)"] * 3,
            "Les pourcentages, arrondis au dixième, font ensemble 99,9 %",
        ),
        # The bundled seasons: equal weights keep equal shares (4,4 % twice).
        (
            [140, 50, 15, 10, 10],
            ["140 sur 225 (62,2 %)", "50 sur 225 (22,2 %)", "15 sur 225 (6,7 %)"]
            + ["10 sur 225 (4,4 %)"] * 2,
            "font ensemble 99,9 % ; la note globale utilise les poids exacts (225 au total).",
        ),
        # Exact shares need no note.
        ([0.5, 0.25, 0.25], ["0,5 sur 1 (50 %)", "0,25 sur 1 (25 %)", "0,25 sur 1 (25 %)"], ""),
    ],
)
def test_weight_shares(weights, cells, note):
    shown, said = weight_shares(weights)
    assert [untypeset(c) for c in shown] == cells
    assert note in untypeset(said) and (said == "") == (note == "")


def test_figures_count_titles_and_companies_when_they_differ():
    # Exemple Banque also wins Café-restaurant: 6 titles, 5 companies.
    e = edition_2026()
    bank = e.category("banque").laureates[0]
    cats = tuple(
        replace(c, laureates=(replace(bank, overall=12.0),)) if c.slug == "cafe" else c
        for c in e.categories
    )
    site = public_site(replace(e, categories=cats))
    pages = dict(site_outputs(site, SITE_URL).pages)
    card = "<div><strong>6</strong> titres pour 5 entreprises lauréates</div>"
    assert card in pages["index.md"] and card in pages["2026/index.md"]
    assert "| 6 titres pour 5 entreprises lauréates |" in pages["index.md"]  # editions table
    # The feed's summary counts the same way (public/sentences.py's edition_summary).
    files = dict(site_outputs(site, SITE_URL).files)
    assert "6 titres pour 5 entreprises lauréates dans 7 catégories" in untypeset(files["feed.xml"])
    # Without a double winner, the same word for the same count: « titres ».
    plain = dict(fixture_outputs().pages)
    assert "<div><strong>6</strong> titres</div>" in plain["index.md"]


def test_channels_are_named_as_the_edition_names_them(outputs):
    # About and logo pages list the latest edition's channels by their labels, as the
    # methodology, the rules and the press kit do, not a hand-typed list of other words.
    for page in ("a-propos/index.md", "logo/index.md"):
        assert "(appels téléphoniques, e\\-mails et formulaires)" in outputs[page], page
    title = next(t for t in public_site().titles() if t.category.slug == "banque")
    kit = untypeset(readme(title, SITE_URL))
    assert "(appels téléphoniques, e-mails et formulaires)" in kit
    assert "l'entreprise candidate la mieux notée" in kit
    words = "\n".join(untypeset(text) for text in outputs.values())
    for other in ("téléphone, e-mail", "Courriel", "entreprises participantes"):
        assert other not in words


def test_the_kit_tells_a_website_to_show_the_badge_that_stops_claiming():
    # The dated PNG a laureate copies onto its site keeps saying « élu » after expiry; the
    # badge address shows, after it, that the title is no longer current. The kit's usage
    # note is what a webmaster reads: it must give that address, not only the logo files.
    title = next(t for t in public_site().titles() if t.category.slug == "banque")
    kit = untypeset(readme(title, SITE_URL))
    slug = title.laureate.company.slug
    badge = f"{SITE_URL}badges/{title.edition.year}/banque/{slug}.png"
    rule = next(line for line in kit.splitlines() if line.startswith("- En ligne"))
    assert badge in rule and "n'est plus en cours" in rule


def test_fractional_weights_read_the_same_in_the_table_and_the_formula():
    e = edition_2026()
    channels = tuple(replace(ch, weight=w) for ch, w in zip(e.channels, (0.75, 0.25), strict=True))
    pages = dict(site_outputs(public_site(replace(e, channels=channels)), SITE_URL).pages)
    page = untypeset(pages["2026/methodologie/index.md"])
    assert "| 0,75 sur 1 (75 %) |" in page and "| 0,25 sur 1 (25 %) |" in page
    assert "Appels téléphoniques 0,75, E\\-mails et formulaires 0,25)" in page
    assert "arrondis" not in page  # exact shares: no rounding note


def test_counts_of_zero_and_one_take_the_singular():
    # French: « 0 titre », « 1 titre », « 2 titres » (never « 0 titres »).
    from escda_site.text import figures

    assert [figures.plural(n, "titre", "titres") for n in (0, 1, 2)] == [
        "0 titre",
        "1 titre",
        "2 titres",
    ]


# --- How many companies an edition tested: companies first, participations after -------

COMPANY_COUNTS = [
    (0, 0, (), "aucune entreprise testée"),
    (1, 1, (), "1 entreprise testée"),
    (72, 72, (), "72 entreprises testées (chacune dans une seule catégorie)"),
    (
        59,
        60,
        (2,),
        "59 entreprises testées (60 participations, une entreprise concourant dans deux "
        "catégories)",
    ),
    (
        10,
        12,
        (3,),
        "10 entreprises testées (12 participations, une entreprise concourant dans trois "
        "catégories)",
    ),
    (
        20,
        23,
        (2, 2, 2),
        "20 entreprises testées (23 participations, trois entreprises concourant chacune dans "
        "deux catégories)",
    ),
    (
        20,
        23,
        (3, 2),
        "20 entreprises testées (23 participations, deux entreprises concourant dans "
        "plusieurs catégories)",
    ),
    (1, 2, (2,), "1 entreprise testée (2 participations, l'entreprise concourant dans deux "
     "catégories)"),
]  # fmt: skip


@pytest.mark.parametrize(("distinct", "entries", "repeats", "expected"), COMPANY_COUNTS)
def test_companies_tested_are_counted_as_a_reader_counts_them(distinct, entries, repeats, expected):
    from escda_site.public.claims import companies_tested_text

    assert companies_tested_text(distinct, entries, repeats) == expected


def test_edition_counts_say_tests_per_participation_when_a_company_counts_twice():
    from escda_site.public.claims import edition_counts
    from escda_site.text.frformat import number

    e = edition_2026()  # 27 companies tested, each in one category, no référent
    assert edition_counts(e) == (
        f"27 entreprises testées (chacune dans une seule catégorie) ; {number(e.tests_run)} "
        f"tests clients mystères ({e.tests_per_entry} par entreprise)"
    )
    twice = replace(e, companies_tested=26, repeat_entries=(2,))
    assert edition_counts(twice) == (
        "26 entreprises testées (27 participations, une entreprise concourant dans deux "
        f"catégories) ; {number(e.tests_run)} tests clients mystères "
        f"({e.tests_per_entry} par participation)"
    )


def test_the_home_description_reads_right_when_no_logo_is_valid():
    # Read in a search result or a shared link: « aucun titre dont le logo est valable… »
    # began with « no title »; the palmarès is there, only no logo is valid that day.
    from datetime import UTC, datetime

    from escda_site.outputs.pages import home_page

    def description(site) -> str:
        front = home_page(site).split("---")[1]
        return untypeset(re.search(r"^description: '(.*)'$", front, re.M).group(1))

    assert description(public_site()) == (
        "Le palmarès d'Élu Service Client de l'Année : 6 titres dont le logo est valable au "
        "15 janvier 2026, par secteur, et toutes les éditions."
    )
    later = replace(public_site(), as_of=datetime(2027, 3, 1, 12, tzinfo=UTC))
    assert description(later) == (
        "Le palmarès d'Élu Service Client de l'Année, par secteur, et toutes les éditions. "
        "Aucun logo n'est valable au 1er mars 2027 ; dernière édition : 2026."
    )


def test_an_edition_without_title_counts_zero_as_french_does():
    # « 0 titres » in the palmarès table, where every other count says « 0 catégorie ».
    from escda_site.public.sentences import candidacies_figure, laureates_text

    from factories import archive_edition, banque

    assert laureates_text(archive_edition(2012, banque(2012))) == "0 titre"
    assert candidacies_figure(0) == ("0", "candidature au titre")
