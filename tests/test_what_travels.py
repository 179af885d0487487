"""What leaves the site with a title says how many companies could win it.

The logo's mandatory caption, the certificate, the share image, the press kit and the
newsletter snippets are read away from the category page: each states how many companies
were tested and how many of them were candidates, in the same words, and says outright
when only one could win (a court found « élection » misleading for a lone candidate).
"""

from __future__ import annotations

import shutil
import zipfile

import pytest
from PIL import Image

from browser_helpers import AS_OF
from sitecheck import ROOT, build, page, pdf_text, shown, texts, untypeset

BANQUE = "logos/2027/banque/banque-horizon"
TWO = "3 entreprises testées, dont 2 candidates au titre"
ONE = "3 entreprises testées, dont une seule candidate au titre"


@pytest.fixture(scope="module")
def lone_candidate_site(bundled_site, tmp_path_factory):
    """The bundled data with 2027 Banque's other candidate turned into a référent: one
    candidate and two référents (the build shares the bundled site's drawing cache)."""
    data = tmp_path_factory.mktemp("lone") / "data"
    shutil.copytree(ROOT / "data", data)
    cats = data / "seasons/2027/categories.yaml"
    text = cats.read_text(encoding="utf-8")
    before = "{company: banque-capucine, role: participant}"
    assert before in text
    cats.write_text(text.replace(before, before.replace("participant", "benchmark")), "utf-8")
    out = data.parent / "site"
    return build(data, out, AS_OF, cache=bundled_site.parent / "cache")


def travelling_texts(site) -> dict[str, str]:
    """Everything that can leave the site with 2027 Banque's title, as read."""
    kit = zipfile.ZipFile(site / f"{BANQUE}-kit.zip")
    png = Image.open(site / "partage/2027/categories/banque.png")
    texts = {
        "caption": page(site, "2027/banque/").split('class="escda-caption"', 1)[1],
        "certificate": pdf_text((site / f"{BANQUE}-certificat.pdf").read_bytes()),
        "share image": png.info["Description"],
        "MENTION-OBLIGATOIRE": kit.read("MENTION-OBLIGATOIRE.txt").decode("utf-8-sig"),
        "LISEZ-MOI": kit.read("LISEZ-MOI.txt").decode("utf-8-sig"),
        "snippet": (site / "newsletter/2027/banque.txt").read_text(encoding="utf-8"),
        "snippet html": shown((site / "newsletter/2027/banque.html").read_text("utf-8")),
        "edition snippet": (site / "newsletter/2027/index.txt").read_text(encoding="utf-8"),
    }
    return {name: " ".join(untypeset(text).split()) for name, text in texts.items()}


def test_every_text_that_travels_with_the_title_counts_the_candidates(bundled_site):
    for name, text in travelling_texts(bundled_site).items():
        assert TWO in text, name
        assert "une seule candidate" not in text, name


def test_a_lone_candidate_is_said_outright_everywhere(lone_candidate_site):
    for name, text in travelling_texts(lone_candidate_site).items():
        assert ONE in text, name
        assert "dont 1 candidate" not in text, name
    html = shown(page(lone_candidate_site, "2027/banque/"))
    assert f"{ONE} et 2 référents du secteur, hors concours" in html


def test_the_share_image_and_certificate_keep_the_statement_whole(lone_candidate_site):
    # Drawn within their layout: the whole clause is on the certificate's page and the
    # share image's detail block, not cut by an ellipsis.
    site = lone_candidate_site
    cert = pdf_text((site / f"{BANQUE}-certificat.pdf").read_bytes())
    assert "…" not in cert.split("Note globale", 1)[1].split("Vérifier", 1)[0]
    with Image.open(site / "partage/2027/categories/banque.png") as png:
        assert png.size == (1200, 630)
        assert ONE in " ".join(untypeset(png.info["Description"]).split())


def test_the_wording_of_lone_and_missing_candidates():
    from dataclasses import replace

    from escda_site.public import claims
    from escda_site.public.sentences import tested_and_candidates

    from factories import edition_2026

    banque = edition_2026().categories[0]
    cases = {
        (3, 2): ("3 entreprises testées, dont 2 candidates au titre", " et 1 référent"),
        (3, 1): ("3 entreprises testées, dont une seule candidate au titre", " et 2 référents"),
        (3, 3): ("3 entreprises testées, toutes candidates au titre", ""),
        (1, 1): ("1 entreprise testée, seule candidate au titre", ""),
        # All référents: said once, never in a bracket a reason's bracket would hold.
        (3, 0): ("3 entreprises testées, aucune candidate au titre", ""),
    }
    for (tested, candidates), (short, rest) in cases.items():
        c = replace(banque, tested=tested, candidates=candidates)
        assert tested_and_candidates(c) == short
        assert claims.tested_text(c).startswith(short + rest)
        assert rest or claims.tested_text(c) == short


# --- « La meilleure note » is the best among candidates, not of the whole category ------

OVERSTATED = (
    "meilleure note de sa catégorie",
    "meilleure note d'une catégorie",
    "meilleure de sa catégorie",
)


def test_no_text_says_the_laureate_has_the_best_mark_of_its_category(bundled_site):
    from escda_site.scoring.pipeline import load_and_score

    # Why it matters: in the demo data a référent outscored the laureate somewhere.
    _, results, _ = load_and_score(ROOT / "data")
    outscored = [
        (year, c.category.slug)
        for year, r in results.items()
        for c in r.categories
        if c.laureates
        and any(s.role == "benchmark" and s.overall > c.laureates[0].overall for s in c.ranking)
    ]
    assert outscored
    scanned = 0
    for name, text in texts(bundled_site):
        said = " ".join(untypeset(text).split())
        for phrase in OVERSTATED:
            assert phrase not in said, (name, phrase)
        scanned += 1
    assert scanned > 500
    for url in [f"{year}/" for year, _ in outscored] + ["logo/"]:
        text = shown(page(bundled_site, url))
        assert "la meilleure note parmi les entreprises candidates de sa catégorie" in text, url
        assert "référents du secteur, testés hors concours, peuvent avoir obtenu" in text, url
    archive = shown(page(bundled_site, "2024/methodologie/"))
    assert "devait obtenir la meilleure note parmi les entreprises candidates" in archive


def test_a_category_with_too_few_companies_says_its_count_once_everywhere():
    # « Moins de 3 entreprises testées (2 entreprises testées) » said the number twice, on
    # the page, in the feed, the share image and the newsletter.
    import re

    from escda_site.outputs.feed import atom_feed
    from escda_site.outputs.logos.share import category_share
    from escda_site.outputs.newsletter import edition_snippets
    from escda_site.outputs.pages import category_page

    from factories import SITE_URL, public_site

    site = public_site()
    e = site.edition(2026)
    c = e.category("mutuelle")
    said = "2 entreprises testées, toutes candidates au titre, alors qu'il en faut au moins 3"
    blocks = category_share(e, c, SITE_URL).blocks
    assert ("detail", said.capitalize()) in blocks  # a block of its own, the campaign's next
    share = " ".join(text for _, text in blocks)
    snippet = next(s for s in edition_snippets(e, SITE_URL) if s.slug == "mutuelle")
    feed = untypeset(atom_feed(site, SITE_URL)[1])
    outputs = {
        "page": category_page(site, e, c, SITE_URL).split("!!! info", 1)[1].split("\n\n")[1],
        "feed": next(line for line in feed.splitlines() if line.startswith("Mutuelle :")),
        "share image": share,
        "snippet": untypeset(snippet.text),
        "snippet HTML": untypeset(re.sub(r"<[^>]+>", " ", snippet.html)),
    }
    for where, text in outputs.items():
        text = untypeset(text)
        assert said in text or said.capitalize() in text, (where, text)
        assert len(re.findall(r"\d entreprises? testées?", text)) == 1, (where, text)
        assert "moins de 3" not in text.lower(), (where, text)


@pytest.mark.parametrize(
    ("status", "tested", "reason"),
    [
        ("too_few", None, "pas d'élection (moins de 3 entreprises testées)."),
        ("too_few", 2, "pas d'élection (2 entreprises testées, toutes candidates au titre, "),
        ("below_threshold", 8, "pas de lauréat (aucune entreprise candidate n'a atteint le "),
        ("no_participant", 2, "pas d'élection (aucune entreprise candidate, seuls des "),
        ("no_laureate", None, "aucun lauréat publié (les archives de l'édition ne disent pas "),
    ],
)
def test_a_category_without_laureate_says_why_within_what_search_engines_show(
    status, tested, reason
):
    # The reason is in the description (search results, shared links), within the 155
    # characters a search engine shows, what the award is and the count after it: at some
    # 230 characters, an archive's reason was cut under a long category name.
    from escda_site.outputs.pages import category_page
    from escda_site.public.claims import AWARD_NATURE

    from factories import ENERGY_SECTOR, SITE_URL, archive_edition, category, public_site

    name = "Fournisseur d'accès à internet"
    cat = category(2011, "fai", name, ENERGY_SECTOR, status, tested)
    site = public_site(archive_edition(2011, cat))
    e = site.edition(2011)
    markdown = untypeset(category_page(site, e, e.category("fai"), SITE_URL))
    description = markdown.split("description: ", 1)[1].splitlines()[0].strip("'")
    description = description.replace("''", "'")
    assert description.startswith(f"{name}, édition 2011 : {reason}"), description
    fact = description.split("). ", 1)[0] + ")."
    assert len(fact) <= 155, (len(fact), description)
    assert description.endswith(".") and f"). {AWARD_NATURE}" in description, description
    assert ("entreprises testées non publié" in description) == (tested is None), description
