"""A page naming a sector is converted once for every name it may take (engine/renders.py):
its render with the sector's word put back is the HTML a direct conversion gives."""

from __future__ import annotations

import markdown
import pytest
import yaml

from escda_site.engine.renders import _named, _transparent, canonical, name_slots

from sitecheck import CONFIG

SECTOR = ("banque-assurance", "Banque & Assurance Épargne-Crédit")
# Where the generators write a sector's name (escaped) in a page's Markdown.
PAGES = [
    "Le secteur {n} compte 3 catégories.",
    '<p class="escda-kicker">ESCDA 2027 · secteur <a href="../s/">{n}</a></p>',
    "[Le secteur {n}](../s/index.md) · [Tout le palmarès](../p/index.md)",
    "| Secteur | Catégorie |\n| --- | --- |\n| {n} | Banque |\n| **{n}**, 2027 | *{n}* |",
    '!!! success "Lauréat {n} 2027"\n\n    Le titre du secteur {n}.',
    '<div class="x" markdown data-secteur-0="{n}">\n\n- [**{n}**](../s/index.md) : 4\n\n</div>',
    "*[ESCDA]: Élu Service Client de l’Année\n\nESCDA 2027 · {n}.",
    "{n}s et {n}, ({n}) « {n} » — {n}.",
]


def _extensions() -> tuple[list, dict]:
    text = CONFIG.read_text(encoding="utf-8")
    block = text.split("markdown_extensions:\n", 1)[1].split("\n\n", 1)[0]
    listed = yaml.safe_load(block)
    names = [e if isinstance(e, str) else next(iter(e)) for e in listed]
    options = {next(iter(e)): next(iter(e.values())) for e in listed if isinstance(e, dict)}
    return names, options


def _convert(text: str) -> tuple[str, list]:
    names, options = _extensions()
    md = markdown.Markdown(extensions=names, extension_configs=options)
    return md.convert(text), md.toc_tokens


@pytest.mark.parametrize("page", PAGES)
def test_a_page_converted_with_the_sector_s_word_gives_the_html_of_its_name(page):
    slots = name_slots([SECTOR])
    assert slots, "the name is inert: letters, spaces, `&amp;`, a hyphen"
    text = page.format(n=slots[0][0])
    found = canonical(text, slots)
    assert found is not None
    words_text, words = found
    assert words_text.count(slots[0][1]) >= 1
    html, toc = _convert(words_text)
    made = {"content": html, "toc": toc, "title": None, "anchors": [], "links": {}}
    assert _transparent(made, {}, words)
    assert _named(made, words)["content"] == _convert(text)[0]


@pytest.mark.parametrize(
    "page",
    [
        "## {n}\n\nLes catégories.",  # its id is made from the name
        "Le code : `{n}`.",  # escaped again in code
        "```html\n<p>{n}</p>\n```",
    ],
)
def test_a_name_made_into_an_id_or_code_is_converted_directly(page):
    slots = name_slots([SECTOR])
    words_text, words = canonical(page.format(n=slots[0][0]), slots)
    html, toc = _convert(words_text)
    made = {"content": html, "toc": toc, "title": None, "anchors": [], "links": {}}
    assert not _transparent(made, {}, words)


@pytest.mark.parametrize("name", ["Banque *Assurance*", "Banque_Assurance", "2027 Banque", "B  A"])
def test_a_name_markdown_could_read_as_syntax_is_never_replaced(name):
    assert name_slots([("s", name)]) == []
