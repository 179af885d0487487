"""French typography: the rules on tricky strings, then every text a reader of the bundled
site sees (pages, 404, snippets, plain-text twins, press-kit notes, feed)."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from escda_site.text.typography import NBSP, NNBSP, typeset_html, typeset_text
from escda_site.text.wording import AWARD

from sitecheck import typography_faults

# --- The rules -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Seuil : 12/20", f"Seuil{NBSP}: 12/20"),
        ("Chat : 15,18/20; E-mails : 16/20", f"Chat{NBSP}: 15,18/20{NNBSP}; E-mails{NBSP}: 16/20"),
        ("Qui ? Quoi !", f"Qui{NNBSP}? Quoi{NNBSP}!"),
        ("« Banque »", f"«{NNBSP}Banque{NNBSP}»"),
        ("«Banque»", f"«{NNBSP}Banque{NNBSP}»"),
        ("l'Année d'Hypermarchés", "l’Année d’Hypermarchés"),
        ("lauréats ex aequo", "lauréats ex æquo"),
        ("97,5 %", f"97,5{NBSP}%"),
        ("Banque 2027 · 16,92/20 · 7", f"Banque 2027{NBSP}· 16,92/20{NBSP}· 7"),
        # A number keeps to the word or unit it counts; a year, or a number inside another
        # token (a mark, a time, a hyphenated span), counts nothing.
        ("· 7 entreprises testées", f"· 7{NBSP}entreprises testées"),
        ("le 2e titre, le 1er octobre", f"le 2e{NBSP}titre, le 1er{NBSP}octobre"),
        ("16,5 sur 20, 256 px, 12 €", f"16,5{NBSP}sur 20, 256{NBSP}px, 12{NBSP}€"),
        (f"1{NNBSP}075 tests", f"1{NNBSP}075{NBSP}tests"),
        ("en 2015 et 2016", "en 2015 et 2016"),
        ("17,67/20 en moyenne, 2026-27 la", "17,67/20 en moyenne, 2026-27 la"),
        ("Les 3 Mousquetaires", "Les 3 Mousquetaires"),
        # Times, URLs and addresses are never touched.
        ("Proclamation à 20:00", "Proclamation à 20:00"),
        ("https://palmares.example/a:b?c=1&d=2 !", f"https://palmares.example/a:b?c=1&d=2{NNBSP}!"),
        (
            "Écrivez à contact@escda.example : réponse",
            f"Écrivez à contact@escda.example{NBSP}: réponse",
        ),
        # Already typeset: unchanged.
        (f"Seuil{NBSP}: 12/20{NNBSP};", f"Seuil{NBSP}: 12/20{NNBSP};"),
    ],
)
def test_plain_text_rules(raw, expected):
    assert typeset_text(raw) == expected
    assert typeset_text(expected) == expected  # idempotent


def test_html_changes_text_nodes_only():
    page = (
        "<p title=\"Note : l'Année\" data-x='a > b : c'>L'édition : 20e"
        ' <a href="https://x.example/a:b?c=1">lien : ici</a> &amp; d&#x27;or ;</p>'
        "<pre><code>a : b l'x 3e</code></pre><code>note_telephone : x</code>"
        "<script>var a = \"l'x : y\";</script><!-- l'x : y -->"
        "<title>La 3e édition</title><svg><text>Chat 2e; seuil</text></svg>"
        "<p><strong>Logo expiré</strong> : depuis le 1er octobre</p>"
    )
    out = typeset_html(page)
    # Attributes for readers typeset (escaped, not skipped); others, code, scripts and
    # comments as they were.
    assert f'title="Note{NBSP}: l’Année"' in out and "data-x='a > b : c'" in out
    assert 'href="https://x.example/a:b?c=1"' in out
    assert "<pre><code>a : b l'x 3e</code></pre><code>note_telephone : x</code>" in out
    assert "<script>var a = \"l'x : y\";</script><!-- l'x : y -->" in out
    # Text typeset, the ordinal in superscript, the entity kept whole.
    assert f"L’édition{NBSP}: 20<sup>e</sup>" in out
    assert f"lien{NBSP}: ici</a> &amp; d’or{NNBSP};" in out
    # No markup where markup is not allowed.
    assert f"<title>La 3e{NBSP}édition</title>" in out
    assert f"<text>Chat 2e{NNBSP}; seuil</text>" in out
    # A space after a tag belongs to the text that follows it.
    assert f"<strong>Logo expiré</strong>{NBSP}: depuis le 1<sup>er</sup>{NBSP}octobre" in out
    assert typeset_html(out) == out


# --- The bundled site ----------------------------------------------------------------------

_HIDDEN = {"script", "style", "code", "pre", "kbd", "samp", "textarea"}


class _Text(HTMLParser):
    """The text a reader sees: everything outside code, scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden: list[str] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _HIDDEN:
            self.hidden.append(tag)

    def handle_endtag(self, tag):
        if self.hidden and self.hidden[-1] == tag:
            self.hidden.pop()

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def _visible(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(parser.parts)


def _feed_text(xml: str) -> str:
    return "\n".join(e.text or "" for e in ET.fromstring(xml).iter() if e.text)


@pytest.fixture(scope="module")
def bundled(bundled_site) -> Path:
    return bundled_site  # the session's one build of the bundled data


@pytest.fixture(scope="module")
def reader_texts(bundled) -> dict[str, str]:
    """Every text a reader of the bundled site sees, by file."""
    site = bundled
    texts: dict[str, str] = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith("assets/") or not path.is_file():
            continue
        if rel == "robots.txt":  # read by crawlers, not people
            continue
        if path.suffix == ".html":
            texts[rel] = _visible(path.read_text(encoding="utf-8"))
        elif path.suffix == ".txt":
            texts[rel] = path.read_text(encoding="utf-8-sig")
        elif path.name == "feed.xml":
            texts[rel] = _feed_text(path.read_text(encoding="utf-8"))
        elif path.suffix == ".zip":
            with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as kit:
                for name in kit.namelist():
                    if name.endswith(".txt"):
                        texts[f"{rel}!{name}"] = kit.read(name).decode("utf-8-sig")
    texts["index.html#__config"] = _theme_messages(site / "index.html")
    return texts


def _theme_messages(page: Path) -> str:
    """The messages Material's scripts show (search box, copy button), as a reader sees
    them: its bundle puts a number for « # » and appends ": " and the missing words to
    « search.result.term.missing »."""
    html = page.read_text(encoding="utf-8")
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)
    assert config, "no Material configuration in the home page"
    shown = []
    for key, message in json.loads(config.group(1))["translations"].items():
        if key == "search.result.term.missing":
            message += ": mot"
        shown.append(message.replace("#", "2"))
    return "\n".join(shown)


_RULES = {
    "an ordinary space before : ; ? or !": re.compile(r" [:;?!](?=\s|$)", re.MULTILINE),
    "no space before : ; ? or !": re.compile(r"[^\W_][:;?!](?=\s|$)", re.MULTILINE),
    "« or » without a no-break space": re.compile(r"«(?![\u00a0\u202f])|(?<![\u00a0\u202f])»"),
    "a straight apostrophe": re.compile(r"[^\W\d_]'"),
    # « 7 » at a line's end, « entreprises » on the next (the archive's pages at 375 px).
    "a number apart from the word it counts": re.compile(
        r"(?<![\w,./:-])(?!(?:1[89]|20)\d\d )\d+(?:,\d+)?(?:er|re|e)? (?=[a-zà-öø-ÿœæ€])"
    ),
    "an English leftover of the theme": re.compile(
        r"Made with|Material for MkDocs|Not found|\bPrevious\b|\bNext\b"
    ),
}


def test_the_scan_covers_every_kind_of_text(reader_texts):
    kinds = {Path(name.split("!")[-1]).suffix for name in reader_texts}
    assert {".html", ".txt"} <= kinds and "feed.xml" in reader_texts
    assert any("!" in name for name in reader_texts)  # press-kit notes
    assert "404.html" in reader_texts
    assert "Non trouvé" in reader_texts["index.html#__config"]  # the search box's messages


@pytest.mark.parametrize("rule", list(_RULES))
def test_every_text_follows_french_typography(reader_texts, rule):
    pattern = _RULES[rule]
    found = []
    for name, text in reader_texts.items():
        for match in pattern.finditer(text):
            context = text[max(0, match.start() - 30) : match.end() + 20].replace("\n", " ")
            found.append(f"{name}: …{context}…")
    assert not found, f"{len(found)} times {rule}, e.g.:\n" + "\n".join(found[:10])


def test_the_404_page_is_french_and_leads_to_the_palmares_and_the_search(bundled):
    html = (bundled / "404.html").read_text(encoding="utf-8")
    assert "<h1>Page introuvable</h1>" in html and "Not found" not in html
    assert 'href="/2027/">Palmarès 2027</a>' in html  # the latest palmarès, absolute
    assert 'for="__search">Ouvrir la recherche' in html  # opens the site search
    assert '<html lang="fr"' in html


def test_every_page_links_the_legal_pages_and_carries_the_award_mark(bundled):
    html = (bundled / "2026" / "banque" / "index.html").read_text(encoding="utf-8")
    for label, target in (("Mentions légales", "mentions-legales"), ("Contact", "contact")):
        assert f'<a href="../../{target}/">{label}</a>' in html
    assert '<link rel="icon" href="../../assets/escda/favicon.png">' in html
    for page in ("mentions-legales", "donnees-personnelles", "reglement", "contact"):
        text = _visible((bundled / page / "index.html").read_text(encoding="utf-8"))
        assert "fictive" in text or "fictif" in text or page == "reglement"


class _Abbreviated(HTMLParser):
    """Where « ESCDA » shows in a page's text outside an <abbr> that spells it out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.bare: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ("br", "img", "meta", "link", "input", "hr", "source", "wbr"):
            self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if "ESCDA" not in data:
            return
        tags = [t for t, _ in self.stack]
        if set(tags) & (_HIDDEN | {"title"}):
            return
        # The theme's table of contents repeats headings as plain text; the heading
        # itself spells the abbreviation out.
        if any("md-nav" in (a.get("class") or "") for _, a in self.stack):
            return
        spelled = any(t == "abbr" and a.get("title") == AWARD for t, a in self.stack)
        if not spelled:
            self.bare.append(data.strip())


def test_escda_is_spelled_out_wherever_a_page_shows_it(bundled):
    found, spelled = [], 0
    for path in sorted(bundled.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        parser = _Abbreviated()
        parser.feed(html)
        found += [f"{path.relative_to(bundled)}: {text}" for text in parser.bare]
        spelled += html.count(f'<abbr title="{AWARD}"')
    assert not found, "\n".join(found[:10])
    assert spelled > 10  # the about page, the newsletter page and its snippets


def test_text_that_leaves_the_page_is_typeset(bundled):
    """`<title>`, meta and share tags, alt/title/aria-label attributes, JSON-LD names, the
    feed and the search index: what search engines, networks and screen readers read."""
    found = typography_faults(bundled)
    assert not found, f"{len(found)} faults, e.g.:\n" + "\n".join(found[:10])


def test_the_scan_of_text_that_leaves_the_page_finds_each_fault(tmp_path):
    page = tmp_path / "p" / "index.html"
    page.parent.mkdir()
    page.write_text(
        "<title>L'Année — x</title>"
        '<meta name="description" content="seuil d&#x27;attribution">'
        '<meta property="og:title" content="Note : 12">'
        '<img alt="Fournisseur d\'énergie" src="a\'b.png"><pre>l\'x : code</pre>'
        '<script type="application/ld+json">{"name": "« Banque »"}</script>',
        encoding="utf-8",
    )
    index = tmp_path / "search" / "search_index.json"
    index.parent.mkdir()
    index.write_text(json.dumps({"docs": [{"location": "p/", "title": "l'x", "text": ""}]}))
    (tmp_path / "feed.xml").write_text("<feed><title>d'or</title></feed>", encoding="utf-8")
    found = typography_faults(tmp_path)
    for where in (
        "<title>",
        "attribute: …seuil d'",
        "attribute: …Note :",
        "attribute: …Fournisseur",
        "JSON-LD",
        "search_index.json p/ title",
        "feed.xml",
    ):
        assert any(where in f for f in found), where
    assert len(found) == 8  # « and » apart; the code listing and the URL are not text


def test_every_tab_names_the_site_and_the_logo_page_has_one_name(bundled):
    for path in sorted(bundled.rglob("index.html")):
        title = re.search(r"<title>(.*?)</title>", path.read_text(encoding="utf-8"), re.S)
        assert title and AWARD in title.group(1), path
    html = (bundled / "logo" / "index.html").read_text(encoding="utf-8")
    assert f"<title>Le logo — {AWARD}</title>" in html
    assert re.search(r"<h1[^>]*>Le logo</h1>", html)
    assert re.search(r'<a href="\./" class="md-tabs__link[^"]*">\s*Le logo\s*</a>', html)
    # Who pays: entering, and the licence for advertising with the logo.
    assert "soumis à une <strong>licence payante</strong>" in html
