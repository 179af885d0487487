"""Over the archive data set (tests/archive_data.py), built once: every output that states
a result carries its mark and its count of companies tested, or says in a sentence that
reads right that the archive did not publish them.

Page bodies, meta descriptions (description, og, twitter), the search index, certificates
(pypdf), the logo's caption on the page and in the press kit, the share images' drawn
text, the feed, the newsletter snippets and `categories.csv`.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from html import unescape

import pytest
from archive_data import EDITIONS, GAP, YEARS
from PIL import Image

from sitecheck import (
    count_said,
    figure_faults,
    mark_said,
    meta_texts,
    page,
    pdf_text,
    shown,
    texts,
    untypeset,
)

pytestmark = pytest.mark.slow

AWARD = "Élu Service Client de l'Année"


def _count(cat: dict) -> str:
    """What a category's count reads: the figure, or « non publié » (« nombre exact » for
    a category without election, whose reason says « moins de 3 entreprises testées »)."""
    if cat.get("election") is False and cat.get("tested") is None:
        return "nombre exact d'entreprises testées non publié"
    return count_said(cat.get("tested"))


def _laureates(cat: dict) -> list[tuple[str, float | None]]:
    return [
        (lau, None) if isinstance(lau, str) else (lau["company"], lau.get("mark"))
        for lau in cat["laureates"]
    ]


CATEGORIES = [(year, cat) for year, cats in EDITIONS.items() for cat in cats]
TITLES = [
    (year, cat, company, mark) for year, cat in CATEGORIES for company, mark in _laureates(cat)
]


def said(text: str) -> str:
    """Text as read, for wording assertions: entities decoded, typography undone, one line."""
    return " ".join(unescape(untypeset(text)).split())


def has(text: str, phrase: str) -> bool:
    """`phrase` in `text`, its first letter in either case (« Nombre d'entreprises… »)."""
    return phrase in text or phrase[:1].upper() + phrase[1:] in text


def test_no_figure_slot_holds_unpublished_anywhere(archive_built_site):
    scanned = 0
    for name, text in texts(archive_built_site):
        if name.endswith((".js", ".css")):
            continue
        assert not figure_faults(text), (name, figure_faults(text))
        scanned += 1
    assert scanned > 300


@pytest.mark.parametrize(
    ("year", "cat"), CATEGORIES, ids=[f"{y}-{c['slug']}" for y, c in CATEGORIES]
)
def test_category_page_and_its_meta_say_the_mark_and_the_count(archive_built_site, year, cat):
    html = page(archive_built_site, f"{year}/{cat['slug']}/")
    body = shown(html)
    count = _count(cat)
    laureates = _laureates(cat)
    if laureates:
        mark = laureates[0][1]
        sentence = re.search(rf"remporte.*? dans la catégorie {cat['name']}(.*?)\.(?: |$)", body)
        assert sentence, body[:600]
        clause = sentence.group(1)
        if mark is None and cat.get("tested") is None:
            assert clause == " (note globale et nombre d'entreprises testées non publiés)"
        else:
            assert mark_said(mark) in clause and count in clause, clause
    for name, text in meta_texts(html).items():
        if name == "title":
            continue
        assert has(text, count), (name, text)
        if laureates:
            assert mark_said(laureates[0][1]) in text, (name, text)


@pytest.mark.parametrize(
    ("year", "cat", "company", "mark"),
    TITLES,
    ids=[f"{y}-{c['slug']}-{co}" for y, c, co, _ in TITLES],
)
def test_what_travels_with_the_logo_gives_the_count_and_the_period(
    archive_built_site, year, cat, company, mark
):
    site, slug = archive_built_site, cat["slug"]
    count = _count(cat)
    period = f"du 13 mai au 19 juillet {year - 1}"
    base = site / f"logos/{year}/{slug}/{company}"
    certificate = said(pdf_text((base.parent / f"{company}-certificat.pdf").read_bytes()))
    assert has(certificate, count) and f"Étude réalisée {period}" in certificate
    shown_mark = "non publiée" if mark is None else mark_said(mark)
    assert f"Note globale : {shown_mark}" in certificate
    kit = zipfile.ZipFile(base.parent / f"{company}-kit.zip")
    caption = said(kit.read("MENTION-OBLIGATOIRE.txt").decode("utf-8-sig"))
    assert has(caption, count) and f"Étude réalisée {period}" in caption
    note = said(kit.read("LISEZ-MOI.txt").decode("utf-8-sig"))
    assert has(note, count) and period in note
    with Image.open(site / f"partage/{year}/categories/{slug}.png") as png:
        drawn = said(png.info["Description"])  # the texts drawn, block by block
    assert has(drawn, count) and f"Tests clients mystères {period}" in drawn
    assert f"Note globale : {shown_mark}" in drawn


def test_the_caption_on_a_valid_title_page_gives_the_count(archive_built_site):
    for cat in EDITIONS[2016]:  # the logos still valid on the build's date
        html = page(archive_built_site, f"2016/{cat['slug']}/")
        caption = said(html.split('class="escda-caption"', 1)[1].split("</p>", 1)[0])
        assert has(caption, _count(cat)), caption
        assert "Étude réalisée du 13 mai au 19 juillet 2015" in caption


def test_each_home_card_gives_its_count_or_says_it_was_not_published(archive_built_site):
    # The home's lead promises it of every title; a card without the count said nothing.
    html = page(archive_built_site, "")
    cards = re.findall(r"<li [^>]*data-escda-if[^>]*>(.*?)</li>", html, re.S)
    assert len(cards) == sum(len(_laureates(c)) for c in EDITIONS[2016]), cards
    counts = [said(re.sub(r"<[^>]+>", "", card)).rsplit(" · ", 1)[1] for card in cards]
    assert counts.count("nombre d'entreprises testées non publié") == 4, counts


def test_feed_entries_and_snippets_give_each_category_its_count(archive_built_site):
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.parse(archive_built_site / "feed.xml").getroot()
    entries = {
        int(e.find("a:id", ns).text.rsplit("/", 1)[1]): e for e in feed.findall("a:entry", ns)
    }
    assert sorted(entries) == list(YEARS) and GAP not in entries
    for year, cats in EDITIONS.items():
        entry = entries[year]
        assert "Tests clients mystères réalisés du 13 mai" in said(entry.find("a:summary", ns).text)
        lines = said(entry.find("a:content", ns).text.replace("\n", " | ")).split(" | ")
        for cat in cats:
            (line,) = [li for li in lines if li.startswith(f"{cat['name']} : ")]
            assert _count(cat) in line, line
            if cat["laureates"]:
                assert f"{mark_said(_laureates(cat)[0][1])} ;" in line, line
                assert ", note globale " in line, line
            snippet = said(
                (archive_built_site / f"newsletter/{year}/{cat['slug']}.txt").read_text()
            )
            assert has(snippet, _count(cat)), snippet
            if cat["laureates"]:
                mark = _laureates(cat)[0][1]
                assert f"note globale {mark_said(mark).removeprefix('note globale ')}" in snippet


def test_archive_palmares_says_what_the_press_said(archive_built_site):
    # 2011: 3 titles (one shared) in 4 categories, one without laureate, one without
    # election, threshold 12/20, the 4th edition (2008 is the 1st).
    html = page(archive_built_site, "2011/")
    body = shown(html)
    facts = (
        "3 titres dans 4 catégories, dont 1 sans lauréat publié et 1 sans élection (1 catégorie à "
        "lauréats ex æquo) ; seuil d'attribution 12/20 ; 10 entreprises testées dans "
        "2 catégories (nombre non publié pour 2 autres catégories)"
    )
    assert f"4e édition d'{AWARD}, reprise des archives : {facts}." in body
    assert "2 catégories sans titre publié" in body and "12/20 seuil d'attribution" in body
    for name, text in meta_texts(html).items():
        if name != "title":
            assert f"(4e édition, reprise des archives) : {facts}." in text, name
    assert "11,5/20" in shown(page(archive_built_site, "2010/"))


def test_categories_csv_lists_every_archive_category(archive_built_site):
    for year, cats in EDITIONS.items():
        data = (archive_built_site / f"donnees/{year}/categories.csv").read_bytes()
        rows = {
            r["categorie_slug"]: r
            for r in csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";")
        }
        assert set(rows) == {c["slug"] for c in cats}
        for cat in cats:
            row = rows[cat["slug"]]
            assert row["entreprises_testees"] == str(cat.get("tested") or ""), row
            assert row["nombre_laureats"] == str(len(cat["laureates"]))
            if not cat["laureates"]:
                expected = "aucun_laureat_proclame"
                if cat.get("election") is False or (cat.get("tested") or 3) < 3:
                    expected = "trop_peu_d_entreprises_testees"
                assert row["statut"] == expected, row


def test_history_lines_are_typeset(archive_built_site):
    html = page(archive_built_site, "2014/banque/")
    history = html.split('class="escda-history"', 1)[1].split("</p>", 1)[0]
    assert "’" in history and "'" not in history and "&#39;" not in history
    assert not re.search(r" [;:!?]", history), history  # no-break spaces before them
    assert "Aucun lauréat publié lors de l’édition 2012 dans cette catégorie" in history


def test_a_category_without_election_does_not_contradict_its_reason(archive_built_site):
    # 2011 energie: `election: false`, count unpublished: its reason bounds the count.
    with Image.open(archive_built_site / "partage/2011/categories/energie.png") as png:
        drawn = said(png.info["Description"])
    exact = "nombre exact d'entreprises testées non publié"
    assert f"Moins de 3 entreprises testées · {exact.capitalize()}" in drawn
    feed = said((archive_built_site / "feed.xml").read_text(encoding="utf-8"))
    line = f"Fournisseur d'énergie : pas d'élection (moins de 3 entreprises testées) ; {exact}"
    assert f"{line} Opérateur télécom" in feed
    snippet = said((archive_built_site / "newsletter/2011/index.txt").read_text("utf-8"))
    assert f"Pas d'élection : moins de 3 entreprises testées. {exact.capitalize()}" in snippet
    # Tables too: the history's and the palmarès' count cells say only the exact number is
    # unknown, never a bare « non publié » beside « moins de 3 entreprises testées ».
    for path, key in (("categories/energie/", "2011/energie/"), ("2011/", "energie/")):
        rows = said(page(archive_built_site, path)).split("<tr>")
        row = next(r for r in rows if f'href="{key}' in r.replace("../", ""))
        assert "Pas d'élection" in row, (path, row)
        assert "nombre exact non publié" in row, (path, row)
    # And the result page's own figures, under the reason.
    rows = said(page(archive_built_site, "2011/energie/")).split("<tr>")
    row = next(r for r in rows if "Entreprises testées" in r)
    assert "nombre exact non publié" in row, row
