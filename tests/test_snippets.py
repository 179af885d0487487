"""Newsletter snippets: e-mail-safe markup, escaped names, the right content, a usable page."""

from __future__ import annotations

import re
from dataclasses import replace
from html import escape
from html.parser import HTMLParser

import markdown
import pytest

from escda_site.inputs.model import Company
from escda_site.outputs.newsletter import newsletter_files, site_snippets
from escda_site.outputs.newsletter_page import newsletter_page
from escda_site.text.wording import AWARD

from factories import (
    EMOJI,
    FORMULA,
    IMG,
    RTL,
    SCRIPT,
    SITE_URL,
    TEMPLATE,
    category,
    edition_2014,
    edition_2026,
    laureate,
    public_site,
)
from sitecheck import untypeset

GMAIL_CLIP = 102 * 1024


class Parsed(HTMLParser):
    """Tags with their attributes, and the text as a reader sees it."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.texts.append(data)

    @property
    def text(self) -> str:
        return untypeset(" ".join("".join(self.texts).split()))

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    return {p: untypeset(text) for p, text in newsletter_files(public_site(), SITE_URL)}


_BODY = re.compile(r"<body[^>]*>\n(.*)</body>", re.S)
# Outlook's conditional comments: the only comments a snippet may hold.
_MSO = re.compile(r"<!--\[if mso\]>.*?<!\[endif\]-->")


@pytest.fixture(scope="module")
def html_files(files: dict[str, str]) -> dict[str, str]:
    """The fragment to paste of each HTML file: its <body>."""
    found = {}
    for path, document in files.items():
        if path.endswith(".html") and "/apercu/" not in path:  # previews are not pasted
            body = _BODY.search(document)
            assert body is not None, path
            found[path] = body.group(1)
    return found


def test_each_html_file_is_a_standalone_utf8_document(files: dict[str, str]) -> None:
    snippets = {s.url("html"): s for s in site_snippets(public_site(), SITE_URL)[2026]}
    for path, snippet in snippets.items():
        document = files[path]
        assert document.startswith('<!DOCTYPE html>\n<html lang="fr">'), path
        assert '<meta charset="utf-8">' in document, path
        assert 'name="viewport" content="width=device-width, initial-scale=1"' in document, path
        title = untypeset(f"{escape(snippet.title, quote=False)} — {AWARD} 2026")
        assert f"<title>{title}</title>" in document
        # The part to copy is the body, exactly the fragment shown on the newsletter page.
        assert _BODY.search(document).group(1) == untypeset(snippet.html), path


def test_text_twins_are_marked_utf8(files: dict[str, str]) -> None:
    twins = [body for path, body in files.items() if path.endswith(".txt")]
    assert twins and all(body.startswith("\ufeff") for body in twins)
    page = newsletter_page(public_site(), SITE_URL)
    assert page.count('{ type="text/plain; charset=utf-8" }') == page.count(".txt)")


def test_one_html_and_one_text_file_per_edition_and_category(files: dict[str, str]) -> None:
    expected = set()
    for edition in public_site().editions:
        for stem in ["index", *(c.slug for c in edition.categories)]:
            expected |= {f"newsletter/{edition.year}/{stem}.html"}
            expected |= {f"newsletter/{edition.year}/{stem}.txt"}
        expected.add(f"newsletter/{edition.year}/apercu/index.html")  # the page's preview
    assert set(files) == expected
    assert len(files) == len(newsletter_files(public_site(), SITE_URL))  # no duplicate path


def test_output_is_deterministic() -> None:
    assert newsletter_files(public_site(), SITE_URL) == newsletter_files(public_site(), SITE_URL)
    assert newsletter_page(public_site(), SITE_URL) == newsletter_page(public_site(), SITE_URL)


# --- Markup that e-mail clients render ------------------------------------------------


def test_snippets_are_fragments_with_everything_inlined(html_files: dict[str, str]) -> None:
    for path, html in html_files.items():
        lowered = html.lower()
        for forbidden in ("<style", "<script", "<link", "<svg", "<html", "<head", "<body"):
            assert forbidden not in lowered, (path, forbidden)
        assert "class=" not in lowered, path
        assert "@font-face" not in lowered and "@import" not in lowered, path
        assert "<!--" not in _MSO.sub("", html), path


def test_no_layout_css_outlook_ignores(html_files: dict[str, str]) -> None:
    for path, html in html_files.items():
        for attrs in (a for _, a in Parsed(html).tags if a.get("style")):
            style = (attrs["style"] or "").replace(" ", "").lower()
            assert "display:flex" not in style and "display:grid" not in style, path
            assert "float:" not in style and "position:" not in style, path
            assert "url(" not in style, path


def test_tables_are_presentation_tables_and_colours_are_hex(html_files: dict[str, str]) -> None:
    for path, html in html_files.items():
        parsed = Parsed(html)
        assert parsed.tags[0][0] == "table", path
        assert all(t.get("role") == "presentation" for t in parsed.all("table")), path
        for _, attrs in parsed.tags:
            style = attrs.get("style") or ""
            for value in re.findall(r"(?:^|;)\s*(?:background-)?color:\s*([^;]+)", style):
                assert re.fullmatch(r"#[0-9A-Fa-f]{6}", value.strip()), (path, value)
            if attrs.get("bgcolor"):
                assert re.fullmatch(r"#[0-9A-Fa-f]{6}", attrs["bgcolor"] or ""), path


def test_container_is_fluid_up_to_600_px(html_files: dict[str, str]) -> None:
    for path, html in html_files.items():
        parsed = Parsed(html)
        styles = [(t, (t.get("style") or "").replace(" ", "")) for t in parsed.all("table")]
        container = [t for t, style in styles if "max-width:600px" in style]
        assert len(container) == 1, path
        assert container[0]["width"] == "100%", path
        # Outlook on Windows ignores max-width: its conditional table holds 600 px.
        assert '<table role="presentation" width="600"' in "".join(_MSO.findall(html)), path
        for _, attrs in parsed.tags:
            width = attrs.get("width")
            if width is not None:
                assert width == "100%" or int(width) <= 600, (path, width)
            for px in re.findall(r"(?<![-\w])width:\s*(\d+)px", attrs.get("style") or ""):
                assert int(px) <= 600, (path, px)


def test_padding_is_on_cells(html_files: dict[str, str]) -> None:
    for path, html in html_files.items():
        for tag, attrs in Parsed(html).tags:
            if "padding" in (attrs.get("style") or ""):
                assert tag in ("td", "p"), (path, tag)


def test_links_and_images_are_absolute_https(html_files: dict[str, str]) -> None:
    for path, html in html_files.items():
        parsed = Parsed(html)
        for attrs in parsed.all("a"):
            assert (attrs.get("href") or "").startswith("https://"), path
        images = parsed.all("img")
        for attrs in images:
            assert (attrs.get("src") or "").startswith(SITE_URL + "logos/"), path
            assert attrs.get("alt"), path
            assert attrs.get("width") == "96" and attrs.get("height") == "96", path
            assert "display:block" in (attrs.get("style") or "").replace(" ", ""), path


def test_snippets_stay_far_below_gmail_clipping(html_files: dict[str, str]) -> None:
    for path, html in html_files.items():
        assert len(html.encode()) < GMAIL_CLIP / 4, path


def test_a_large_edition_still_fits_in_one_e_mail() -> None:
    long_url = "https://palmares.elu-service-client-de-l-annee.fr/"
    cats = []
    for i in range(50):
        winners = [laureate(Company(f"entreprise-{i}", f"Entreprise numéro {i} SA"), 15.123)]
        if i % 10 == 0:  # a few ex aequo
            winners.append(laureate(Company(f"autre-{i}", f"Autre entreprise {i}"), 15.123))
        sector = edition_2026().categories[i % 7].sector
        cats.append(category(2026, f"categorie-{i}", f"Catégorie numéro {i}", sector,
                             "laureate", 6, *winners))  # fmt: skip
    big = replace(edition_2026(), categories=tuple(cats))
    files = dict(newsletter_files(public_site(big), long_url))
    assert len(files["newsletter/2026/index.html"].encode()) < 0.8 * GMAIL_CLIP


# --- Content --------------------------------------------------------------------------


def test_category_snippet_gives_the_facts_and_links(files: dict[str, str]) -> None:
    html = files["newsletter/2026/banque.html"]
    parsed = Parsed(html)
    for fact in (
        "ESCDA 2026",
        f"{untypeset(AWARD)} 2026",
        "Banque",
        "Exemple Banque",
        "16,72/20",
        "Concours privé à inscription payante : 5 entreprises testées",
        "12/20",
    ):
        assert fact in parsed.text
    assert f"{SITE_URL}2026/banque/" in {a["href"] for a in parsed.all("a")}
    [img] = parsed.all("img")
    assert img["src"] == f"{SITE_URL}logos/2026/banque/exemple-banque-256.png"


def test_ex_aequo_laureates_are_all_named_with_their_logo(files: dict[str, str]) -> None:
    parsed = Parsed(files["newsletter/2026/assurance.html"])
    assert "Lauréats ex æquo" in parsed.text
    assert SCRIPT in parsed.text and FORMULA in parsed.text
    assert [i["src"] for i in parsed.all("img")] == [
        f"{SITE_URL}logos/2026/assurance/scripty-256.png",
        f"{SITE_URL}logos/2026/assurance/formule-256.png",
    ]
    assert "4 entreprises testées" in parsed.text


_LEAF_CELL = re.compile(r"<td[^>]*>((?:(?!<td).)*?)</td>", re.S)
_TESTED = re.compile(r"\b4 entreprises testées")  # Assurance, the ex aequo category


@pytest.mark.parametrize("snippet", ["newsletter/2026/assurance", "newsletter/2026/index"])
def test_ex_aequo_tested_count_comes_once_after_all_laureates(
    files: dict[str, str], snippet: str
) -> None:
    # How many companies were tested concerns the category, not the last laureate: one
    # line, after every laureate, in no laureate's own cell (HTML) or line (text).
    for blocks in (
        [Parsed(cell).text for cell in _LEAF_CELL.findall(files[f"{snippet}.html"])],
        files[f"{snippet}.txt"].splitlines(),
    ):
        # In the edition's snippet, Assurance is followed by Mutuelle.
        blocks = blocks[: next((i for i, b in enumerate(blocks) if "Mutuelle" in b), None)]
        counted = [i for i, block in enumerate(blocks) if _TESTED.search(block)]
        named = [i for i, block in enumerate(blocks) if SCRIPT in block or FORMULA in block]
        assert len(named) == 2 and len(counted) == 1, (named, counted)
        assert counted[0] > max(named)


@pytest.mark.parametrize(
    ("path", "heading", "reason"),
    [
        (
            "newsletter/2026/energie.html",
            "Pas de lauréat",
            "aucune entreprise candidate n'a atteint le seuil de 12/20",
        ),
        ("newsletter/2026/mutuelle.html", "Pas d'élection", "alors qu'il en faut au moins 3"),
        (
            "newsletter/2014/energie.html",
            "Aucun lauréat publié",
            "les archives de l'édition ne disent pas si le titre a été attribué",
        ),
    ],
)
def test_category_without_laureate_names_nobody(
    files: dict[str, str], path: str, heading: str, reason: str
) -> None:
    parsed = Parsed(files[path])
    assert heading in parsed.text
    assert reason in parsed.text
    assert not parsed.all("img")
    names = {lau.company.name for t in public_site().titles() for lau in [t.laureate]}
    assert not any(name in parsed.text for name in names)
    twin = files[path.replace(".html", ".txt")]
    assert heading in twin and reason in twin


def test_edition_snippet_lists_every_laureate_by_sector(files: dict[str, str]) -> None:
    edition = edition_2026()
    parsed = Parsed(files["newsletter/2026/index.html"])
    hrefs = {a["href"] for a in parsed.all("a")}
    for c in edition.categories:
        assert f"{SITE_URL}{c.url}" in hrefs
        for lau in c.laureates:
            assert lau.company.name in parsed.text
    sectors = [s.name for s, _ in edition.by_sector()]
    positions = [parsed.text.index(s) for s in sectors]
    assert positions == sorted(positions)
    assert f"{SITE_URL}2026/" in hrefs
    assert "6 titres dans 7 catégories" in parsed.text
    assert len(parsed.all("img")) == edition.laureate_count


def test_archive_edition_says_what_was_not_published(files: dict[str, str]) -> None:
    text = Parsed(files["newsletter/2014/banque.html"]).text
    assert "non publiée" in text
    assert "nombre d'entreprises testées non publié" in text.lower()
    assert "11,5/20" in text


PROMISED = "Chaque résultat indique le nombre d'entreprises testées et le seuil"
UNPUBLISHED = "le nombre d'entreprises testées, ou dit qu'il n'a pas été publié"


@pytest.mark.parametrize(
    ("path", "counted"),
    [
        ("newsletter/2014/index.html", False),  # no archive category published its count
        ("newsletter/2014/banque.html", False),
        ("newsletter/2026/index.html", True),  # every measured category gives its count
        ("newsletter/2026/banque.html", True),
    ],
)
def test_the_footer_promises_counts_only_above_results_that_give_them(
    files: dict[str, str], path: str, counted: bool
) -> None:
    # The footer speaks of the results above it: under archive results that say « nombre
    # d'entreprises testées non publié », it may not say each one gives the number.
    text = Parsed(files[path]).text
    assert ("non publié" in text) != counted
    assert (PROMISED in text) == counted and (UNPUBLISHED in text) != counted


@pytest.mark.parametrize("name", [SCRIPT, IMG, TEMPLATE, RTL, EMOJI, FORMULA, "Énergie <b>"])
def test_hostile_names_are_text_in_html(files: dict[str, str], name: str) -> None:
    html = files["newsletter/2026/index.html"]
    assert name in Parsed(html).text  # shown as written…
    head, body = html.split("<body", 1)
    assert "<script" not in body and "<img src=x" not in body and "<b>" not in body  # …inert
    # No script at all: mail tools strip or flag it (the site previews a copy instead).
    assert "<script" not in head
    assert "{{" not in html  # and no newsletter tool will take it for template syntax


def test_bidi_overrides_cannot_reorder_the_mark() -> None:
    spoof = Company("spoof", "Banque\u202e Exemple")
    edition = replace(
        edition_2026(),
        categories=(category(2026, "banque", "Banque", edition_2026().categories[0].sector,
                             "laureate", 5, laureate(spoof, 13.0)),),
    )  # fmt: skip
    files = dict(newsletter_files(public_site(edition), SITE_URL))
    assert all("\u202e" not in body for body in files.values())
    assert "Banque Exemple, note globale 13,00/20" in files["newsletter/2026/banque.txt"]


def test_plain_text_twin_has_the_names_and_urls(files: dict[str, str]) -> None:
    for edition in public_site().editions:
        index = files[f"newsletter/{edition.year}/index.txt"]
        for c in edition.categories:
            twin = files[f"newsletter/{edition.year}/{c.slug}.txt"]
            for text in (index, twin):
                assert f"{SITE_URL}{c.url}" in text
                assert c.name in text
                for lau in c.laureates:
                    assert lau.company.name in text
            assert "&lt;" not in twin and "&#" not in twin  # plain text, not HTML
    assert "16,72/20" in files["newsletter/2026/banque.txt"]
    assert (
        "Concours privé à inscription payante : 5 entreprises testées, toutes candidates "
        "au titre ; seuil d'attribution 12/20" in files["newsletter/2026/banque.txt"]
    )


def test_embargoed_preview_is_marked_as_such() -> None:
    preview = replace(edition_2026(), embargoed=True)
    files = dict(newsletter_files(public_site(preview), SITE_URL))
    assert "sous embargo" in Parsed(files["newsletter/2026/index.html"]).text
    assert "SOUS EMBARGO" in files["newsletter/2026/banque.txt"]
    plain = dict(newsletter_files(public_site(), SITE_URL))
    assert "embargo" not in plain["newsletter/2026/index.html"]


def test_demo_data_is_marked_as_fictitious() -> None:
    demo = dict(newsletter_files(public_site(), SITE_URL))
    assert "fictifs" in Parsed(demo["newsletter/2026/banque.html"]).text
    assert "DÉMONSTRATION" in demo["newsletter/2026/index.txt"]
    real = dict(newsletter_files(replace(public_site(), demo=False), SITE_URL))
    assert "fictifs" not in real["newsletter/2026/banque.html"]
    assert "DÉMONSTRATION" not in real["newsletter/2026/index.txt"]


class _Capitals(HTMLParser):
    """The <sup> elements inside an element whose inline style sets text in capitals."""

    VOID = ("img", "br", "meta", "hr", "input", "link")

    def __init__(self, html: str) -> None:
        super().__init__()
        self.open: list[str] = []  # the styles of the elements around the current one
        self.sups, self.capitalised = 0, 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "sup":
            self.sups += 1
            self.capitalised += any("uppercase" in style for style in self.open)
        if tag not in self.VOID:
            self.open.append(dict(attrs).get("style") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.open:
            self.open.pop()


def test_no_superscript_is_set_in_capitals() -> None:
    # « 20<sup>e</sup> édition » in a line set in capitals read « 20ᴱ ÉDITION ».
    raw = dict(newsletter_files(public_site(), SITE_URL))
    found = _Capitals(_BODY.search(raw["newsletter/2026/index.html"]).group(1))
    assert found.sups and not found.capitalised


def test_notices_have_room_around_their_words() -> None:
    # The yellow band read as a highlighter stroke: padding, on a cell (Outlook ignores
    # padding elsewhere), inlined.
    preview = replace(edition_2026(), embargoed=True)
    raw = dict(newsletter_files(public_site(preview), SITE_URL))
    for path in ("newsletter/2026/index.html", "newsletter/2026/banque.html"):
        cells = re.findall(r"<(\w+)\b([^>]*#FFF4CC[^>]*)>\s*(?:<p[^>]*>)?([^<]*)", raw[path])
        notices = [c for c in cells if "fictifs" in c[2] or "embargo" in c[2]]
        assert len(notices) == 2, (path, cells)
        for tag, attrs, _ in notices:
            assert tag == "td" and 'bgcolor="#FFF4CC"' in attrs, (path, attrs)
            padding = re.search(r"padding:\s*([^;\"]+)", attrs)
            assert padding and any(int(v) >= 8 for v in re.findall(r"(\d+)px", padding.group(1)))


def test_a_category_slug_cannot_overwrite_the_edition_snippet() -> None:
    clash = category(2026, "index", "Index", edition_2026().categories[0].sector, "too_few", 1)
    edition = replace(edition_2026(), categories=(clash,))
    with pytest.raises(ValueError, match="index"):
        newsletter_files(public_site(edition), SITE_URL)


# --- The page -------------------------------------------------------------------------

EXTENSIONS = [
    "tables",
    "admonition",
    "attr_list",
    "md_in_html",
    "pymdownx.details",
    "pymdownx.superfences",
    "toc",
]


@pytest.fixture(scope="module")
def page() -> str:
    return newsletter_page(public_site(), SITE_URL)


def test_page_links_are_relative_to_the_page(page: str) -> None:
    assert page.startswith("# Lettre d'information\n")
    links = re.findall(r"\]\(([^)]+)\)", page)
    assert "2026/index.html" in links and "2026/index.txt" in links
    assert "2026/banque.html" in links and "2014/mutuelle.txt" in links
    assert all(not link.startswith(("/", "http")) for link in links)


def test_page_renders_sources_to_copy_and_keeps_names_inert(
    page: str, html_files: dict[str, str]
) -> None:
    html = markdown.markdown(page, extensions=EXTENSIONS)
    assert "<script" not in html and "<img src=x" not in html and "<b>" not in html
    assert "<iframe" in html and 'src="2026/apercu/index.html"' in html
    codes = [Parsed(block).text for block in re.findall(r"<code[^>]*>.*?</code>", html, re.S)]
    source = " ".join(html_files["newsletter/2026/index.html"].split())
    assert source in codes  # the edition snippet's body, ready to copy, unaltered
    assert html.count("<details") == 1 + 1 + len(edition_2026().categories) + 1
    text = Parsed(html).text
    for name in (SCRIPT, FORMULA, TEMPLATE, IMG):
        assert name in text


def test_page_without_edition() -> None:
    empty = replace(public_site(), editions=())
    assert "Aucun palmarès" in newsletter_page(empty, SITE_URL)
    assert newsletter_files(empty, SITE_URL) == []


def test_older_editions_are_listed(page: str) -> None:
    assert "## Éditions précédentes" in page
    assert '??? note "ESCDA 2014"' in page
    for c in edition_2014().categories:
        assert f"(2014/{c.slug}.html)" in page


def test_files_to_paste_hold_no_script_and_the_preview_loads_this_sites_images(
    files: dict[str, str],
) -> None:
    pasted = {p: t for p, t in files.items() if p.endswith(".html") and "/apercu/" not in p}
    assert pasted and all("<script" not in t.lower() for t in pasted.values())
    preview = files["newsletter/2026/apercu/index.html"]
    assert "<script" not in preview and '<meta name="robots" content="noindex">' in preview
    srcs = re.findall(r'src="([^"]+)"', preview)
    assert srcs and all(src.startswith("../../../logos/2026/") for src in srcs)
    # The same snippet otherwise: what is previewed is what is pasted.
    body = files["newsletter/2026/index.html"].split("<body", 1)[1]
    assert preview.split("<body", 1)[1] == body.replace(f'src="{SITE_URL}', 'src="../../../')
