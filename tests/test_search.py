"""The site search without a browser: what each page tells Pagefind, the folded twins of
words with œ and æ, the stable bytes of the index, the index kept in the cache, and the
search box's filters.

The browser tests of the search box are in tests/test_browser_search.py.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import tempfile
from html import escape as html_escape
from html import unescape
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from escda_site.cache.store import Store
from escda_site.engine import search_bytes, search_document, search_index
from escda_site.engine.search_document import with_twins
from escda_site.engine.search_index import script_files
from escda_site.outputs.search_data import (
    CURRENT,
    FILTERS,
    search_data,
    search_markup,
    with_search_data,
)
from escda_site.public import urls
from escda_site.text.typography import typeset_html

from factories import SCRIPT, public_site

PARTIAL = Path(__file__).parent.parent / "overrides" / "partials" / "escda-search.html"


def test_a_category_page_is_filtered_by_edition_sector_category_and_current_title():
    # Built on 15 January 2026: the 2026 logos are valid, the 2014 ones long expired.
    data = search_data(public_site())
    bank = data[urls.source(urls.category(2026, "banque"))]
    assert bank.filters == {
        "edition": ("2026",),
        "secteur": ("Banque & Assurance",),
        "categorie": ("Banque",),
        "statut": (CURRENT,),
    }
    assert bank.meta == {"laureat": "Exemple Banque", "note": "16,72/20"}
    old = data[urls.source(urls.category(2014, "banque"))]
    assert "statut" not in old.filters
    # Ex aequo laureates share one result line; a category without laureate has none.
    tie = data[urls.source(urls.category(2026, "assurance"))]
    assert tie.meta["laureat"] == f'{SCRIPT} et =HYPERLINK("http://evil.example","x") (ex æquo)'
    assert data[urls.source(urls.category(2026, "energie"))].meta == {}


def test_a_company_page_carries_every_edition_and_category_of_its_titles():
    data = search_data(public_site())
    page = data[urls.source(urls.company("exemple-banque"))]
    assert page.filters["edition"] == ("2026", "2014")
    assert page.filters["categorie"] == ("Banque",)
    assert page.meta == {"laureat": "Exemple Banque", "note": "16,72/20 (Banque 2026)"}


def test_a_result_line_names_laureates_and_mark_as_the_page_does():
    # « Ancienne Mutuelle et -2 Assurances · non publiée »: no « ex æquo », a mark said by
    # a bare « non publiée », and a renamed laureate under a name the reader did not type.
    from escda_site.public.view import Laureate

    from factories import BANK, archive_edition, banque, edition_2014

    renamed = Laureate(BANK, None, (), former_name="Banque Ancienne")
    site = public_site(edition_2014(), archive_edition(2012, banque(2012, renamed)))
    data = search_data(site)
    shared = data[urls.source(urls.category(2014, "mutuelle"))].meta
    assert shared["laureat"].endswith(" (ex æquo)") and shared["note"] == "14,20/20"
    bank = data[urls.source(urls.category(2014, "banque"))].meta
    assert bank == {"laureat": "Exemple Banque", "note": "note globale non publiée"}
    old = data[urls.source(urls.category(2012, "banque"))].meta
    assert old["laureat"] == "Banque Ancienne (aujourd'hui Exemple Banque)"
    company = data[urls.source(urls.company(BANK.slug))].meta
    assert company["note"] == "note globale non publiée (Banque 2014)"


def test_search_markup_keeps_hostile_names_in_attributes_and_shows_nothing():
    data = search_data(public_site())[urls.source(urls.category(2026, "assurance"))]
    markup = search_markup(data)
    assert markup.startswith('<div class="escda-search-data" hidden ')
    assert markup.endswith("></div>")  # no text: nothing for a reader or the index
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    # Every value is read from an attribute, so a comma or a colon in a name stays whole.
    filters = re.search(r'data-pagefind-filter="([^"]+)"', markup).group(1)
    assert filters.split(", ") == [
        "edition[data-edition-0]",
        "secteur[data-secteur-0]",
        "categorie[data-categorie-0]",
        "statut[data-statut-0]",
    ]
    laureate = re.search(r'data-laureat="([^"]+)"', markup).group(1)
    assert unescape(laureate).startswith(SCRIPT)


def test_search_data_ends_the_pages_it_belongs_to_only():
    site = public_site()
    pages = [(urls.source(urls.category(2026, "banque")), "# Banque\n"), ("a-propos.md", "# À\n")]
    (bank, about) = with_search_data(site, pages)
    assert bank[1].startswith('# Banque\n\n<div class="escda-search-data" hidden ')
    assert about == pages[1]


def test_the_search_box_offers_the_filters_the_pages_carry():
    partial = re.sub(r"\{#.*?#\}", "", PARTIAL.read_text(encoding="utf-8"), flags=re.S)
    assert tuple(re.findall(r'data-facet="([^"]+)"', partial)) == FILTERS
    assert f'value="{CURRENT}"' in partial
    # Material's own search must not start: it looks for a form named "search".
    assert 'name="search"' not in partial and "data-md-component" not in partial


def test_the_search_script_finds_the_bundle_from_its_own_address():
    ((path, text),) = script_files()
    assert path == urls.search_script()
    assert 'var BUNDLE = "../../pagefind/";' in text
    assert "__ESCDA_SEARCH_BUNDLE__" not in text


def test_words_with_ligatures_get_their_folded_twin_in_text_only():
    page = '<p title="œuvre">Mise en œuvre, ex æquo ; Œuvres</p><img alt="æ">'
    assert with_twins(page) == (
        '<p title="œuvre">Mise en œuvre oeuvre, ex æquo aequo ; Œuvres oeuvres</p><img alt="æ">'
    )
    plain = "<p>Société Énergie</p>"
    assert with_twins(plain) is plain  # accents: Pagefind folds them itself


# --- The index bytes do not depend on Pagefind's hash-map order ---------------------------


def _cbor_text(value: str) -> bytes:
    return search_bytes._text(value)


def _cbor_array(*items: bytes) -> bytes:
    return search_bytes._array_head(len(items)) + b"".join(items)


def _cbor_uint(n: int) -> bytes:
    return bytes([n]) if n < 24 else bytes([24, n])


def _write(path: Path, cbor: bytes) -> None:
    path.write_bytes(gzip.compress(search_bytes.SIGNATURE + cbor, mtime=0))


def _bundle(root: Path, values: list[str], names: list[str]) -> Path:
    """A bundle as Pagefind writes it: filter values and names in the order given."""
    (root / "filter").mkdir(parents=True)
    filters = []
    for name in names:
        entries = [_cbor_array(_cbor_text(v), _cbor_array(_cbor_uint(int(v) % 7))) for v in values]
        hashed = f"fr_{name[:3]}{len(root.name):04d}"  # any name: Pagefind's hash
        content = _cbor_array(_cbor_text(name), _cbor_array(*entries))
        _write(root / "filter" / f"{hashed}.pf_filter", content)
        filters.append(_cbor_array(_cbor_text(name), _cbor_text(hashed)))
    meta = _cbor_array(
        _cbor_text("1.5.2"),
        _cbor_array(_cbor_array(_cbor_text("fr_page"), _cbor_uint(10))),
        _cbor_array(_cbor_array(_cbor_text("a"), _cbor_text("z"), _cbor_text("fr_chunk"))),
        _cbor_array(*filters),
        _cbor_array(),
        _cbor_array(_cbor_text("title")),
    )
    _write(root / "pagefind.fr_0123456789.pf_meta", meta)
    (root / "pagefind-entry.json").write_text(
        '{"version":"1.5.2","languages":{"fr":{"hash":"fr_0123456789","wasm":"fr","page_count":1}}}'
    )
    return root


def _files(bundle: Path) -> dict[str, bytes]:
    return {p.relative_to(bundle).as_posix(): p.read_bytes() for p in bundle.rglob("*.*")}


def test_the_index_is_the_same_whatever_order_pagefind_wrote_its_filters_in(tmp_path):
    one = _bundle(tmp_path / "a", ["2027", "2026", "2025"], ["edition", "secteur"])
    two = _bundle(tmp_path / "bb", ["2025", "2027", "2026"], ["secteur", "edition"])
    assert _files(one) != _files(two)
    stable = search_bytes.stabilise(_files(one))
    assert stable == search_bytes.stabilise(_files(two))
    entry = stable["pagefind-entry.json"].decode()
    (meta,) = (rel for rel in stable if rel.endswith(".pf_meta"))
    assert f'"hash":"{meta.removeprefix("pagefind.").removesuffix(".pf_meta")}"' in entry


# --- What Pagefind is given, and the index kept in the cache -------------------------------

_PAGE = """<!doctype html>
<html lang="fr" class="no-js"><head><title>{title} — ESCDA</title></head><body>
<header><img src="/marque.png" alt=""><nav><a href="/">Accueil</a> navigation énergie</nav>
</header><div class="md-content"><article>
<div data-pagefind-body>
<h1>{title}</h1><div class="escda-lead"><p>{text}</p><div><p>Ex æquo, mise en œuvre.</p></div>
</div>
<div class="escda-search-data" hidden data-pagefind-filter="edition[data-edition-0]"
 data-edition-0="{year}" data-pagefind-meta="laureat:{title}"></div>
</div>
</article></div><footer>Mentions légales, œuvres du pied de page</footer></body></html>
"""


def _site(root: Path, pages: dict[str, tuple[str, str, int]]) -> Path:
    for rel, (title, text, year) in pages.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_PAGE.format(title=title, text=text, year=year), encoding="utf-8")
    (root / "snippet.html").write_text("<p>Un extrait sans corps indexé</p>", encoding="utf-8")
    (root / "logo.png").write_bytes(b"\x89PNG not text")
    return root


_PAGES = {
    "index.html": ("Accueil", "Les lauréats de la Société Énergie.", 2026),
    "2026/banque/index.html": ("Banque", "Banque Horizon, élue.", 2026),
    "2025/cedre/index.html": ("Cèdre", "Le Cèdre, élu en 2025.", 2025),
}


def test_a_page_gives_pagefind_its_language_and_its_body_only():
    page = _PAGE.format(title="Banque", text="Texte", year=2026)
    document = search_document.search_document(page)
    assert document.startswith('<!DOCTYPE html><html lang="fr" class="no-js">')
    # The body whole, nested elements and the filters' element included; nothing around it.
    body = page[page.index("<div data-pagefind-body>") : page.index("</article>")].rstrip()
    assert f"<body>{body}</body>" in document
    assert "navigation" not in document and "pied de page" not in document
    assert search_document.search_document("<html><body><p>Sans corps</p></body></html>") is None


# Each shape of element Pagefind skips, and text that only looks like one.
_SKIPPED = (
    '<p><span data-pagefind-ignore="all">Indicateur 2<sup>e</sup></span> gardé</p>\n'
    '<div data-pagefind-ignore><div class="barre">graphique</div><span>barre</span></div>\n'
    '<p>Logo <img data-pagefind-ignore src="/l.png" alt="vignette"> conservé</p>\n'
    '<div data-pagefind-ignore="index"><span data-pagefind-meta="canal">Chat</span> lu</div>\n'
    '<div data-pagefind-ignore="all"><img src="/v.png" alt="figure"><span data-pagefind-meta='
    '"rubrique">Exclu</span></div>\n'
    '<pre><code>&lt;div data-pagefind-ignore="all"&gt; exemple</code></pre>\n'
    "<p>Le texte data-pagefind-ignore reste</p>\n"
)


def test_what_pagefind_skips_is_not_sent_and_the_index_is_the_same(tmp_path):
    page = _PAGE.format(title="Banque", text="Texte", year=2026)
    page = page.replace("</h1>", "</h1>\n" + _SKIPPED, 1)
    document = search_document.search_document(page)
    for skipped in ("Indicateur", "graphique", "barre", "Exclu", "figure"):
        assert skipped not in document
    # Kept: what surrounds them, ignored elements that Pagefind still reads (the meta inside
    # one, an image it would show in the result: not in one ignored "all"), and text or code
    # naming the attribute.
    kept = ("gardé", "conservé", 'data-pagefind-meta="canal"', 'alt="vignette"', "exemple")
    for word in (*kept, "reste"):
        assert word in document
    whole = {"index.html": with_twins(page)}
    assert search_index._index_documents({"index.html": with_twins(document)}) == (
        search_index._index_documents(whole)
    )


def test_the_index_of_the_bodies_is_the_index_of_the_whole_pages(tmp_path):
    # What Pagefind was given before: every page whole (with the twins), non-pages aside.
    site = _site(tmp_path / "site", _PAGES)
    whole = {
        page.relative_to(site).as_posix(): with_twins(page.read_text(encoding="utf-8"))
        for page in site.rglob("*.html")
    }
    assert search_index.index_site(site, typeset=False) == search_index.Indexed(3)
    assert _files(site / "pagefind") == search_index._index_documents(whole)


def test_an_unchanged_site_restores_its_index_from_the_cache_byte_for_byte(tmp_path):
    site = _site(tmp_path / "site", _PAGES)
    store = Store(tmp_path / "cache")
    store.begin()
    assert search_index.index_site(site, store) == search_index.Indexed(3, restored=False)
    built = _files(site / "pagefind")
    # The same pages: the index comes from the cache, the same bytes, Pagefind not run.
    assert search_index.index_site(site, store) == search_index.Indexed(3, restored=True)
    assert _files(site / "pagefind") == built
    # Outside the body nothing counts (the navigation every page repeats changed).
    page = site / "index.html"
    page.write_text(page.read_text().replace("Accueil</a>", "Retour</a>"), encoding="utf-8")
    assert search_index.index_site(site, store).restored
    # A page's text changed: Pagefind runs, and finds it.
    page.write_text(page.read_text().replace("Énergie", "Lumière"), encoding="utf-8")
    assert search_index.index_site(site, store) == search_index.Indexed(3, restored=False)
    assert _files(site / "pagefind") != built
    # The cache keeps the output's last index only (a serve session edits many times).
    assert len(list((tmp_path / "cache" / "values" / search_index.CACHE_KIND).iterdir())) == 1
    store.close()


# Each shape of markup Pagefind reads nothing from, and those it does read (anchors, which
# collect the text of what they hold; inline tags it reads; a block ending in an entity).
_MARKUP = (
    '<h2 id="le-resultat">Le résultat <time datetime="2026">1<sup>er</sup> mai</time></h2>\n'
    "<table><thead><tr><th>Édition</th><th>Note</th></tr></thead><tbody>\n"
    '<tr><td><a href="/2026/">2026</a></td><td><strong>16,72</strong>/20</td><td></td></tr>\n'
    "<tr><td>Banque &amp;</td><td>(hors concours)</td><td>note*</td><td>Cafe\u0301</td></tr>\n"
    "</tbody></table>\n"
    '<div class="bloc">\n<p>Premier <em>titre</em></p>\n<ul><li>un</li><li>deux :</li></ul>\n'
    "<div>\n\n</div></div><p>«\u00a0Élu\u00a0» 2<sup>e</sup> œuvre</p>\n"
)


@pytest.mark.parametrize(
    "around",
    [
        "{}",  # every tag but the headings, blocks of text and the filters' element goes
        '<div id="ancre">{}</div>',  # an anchor holds the table: sent as it is
        '{}<p>Un <a id="lien" href="/">lien</a></p>',  # an inline anchor
        '{}<p><span data-pagefind-meta="canal">Chat</span></p>',  # an inline tag it reads
    ],
)
def test_what_pagefind_reads_nothing_from_is_not_sent_and_the_index_is_the_same(around):
    page = _PAGE.format(title="Banque", text="Texte", year=2026)
    page = page.replace("</h1>", "</h1>\n" + around.format(_MARKUP), 1)
    sent = search_document.page_document(page).decode()
    whole = {"index.html": with_twins(page)}
    assert search_index._index_documents({"index.html": sent}) == (
        search_index._index_documents(whole)
    )
    slimmed = around == "{}"
    for tag in ("<tr>", "<strong>", "<a ", "<em>", "<li>", "<sup>", "<time "):
        assert (tag in sent) is not slimmed, tag
    # A cell ending in an entity is sent as it is: whether Pagefind ends it with a full stop
    # depends on the character the entity stands for.
    assert sent.count("<td>") == (1 if slimmed else 7)
    assert "<td>Banque &amp;</td>" in sent
    # What Pagefind reads stays: headings, their anchors, the filters' element, the text.
    for kept in ('<h2 id="le-resultat">', "data-pagefind-filter", "Cafe\u0301", "note*"):
        assert kept in sent


def _no_process(*args, **kwargs):
    raise AssertionError(f"a process was started: {args[0] if args else kwargs}")


def test_an_unchanged_build_restores_its_index_reading_no_page_starting_no_process(
    tmp_path, monkeypatch
):
    # As the plugin builds: each page cut as it is written, handed over with the store.
    site = _site(tmp_path / "site", _PAGES)
    written = {rel: (site / rel).read_text(encoding="utf-8") for rel in _PAGES}
    cut = {rel: search_document.page_document(page) for rel, page in written.items()}
    store = Store(tmp_path / "cache")
    store.begin()
    first = search_index.index_site(site, store, typeset=False, documents=cut)
    assert first == search_index.Indexed(3, restored=False)
    built = _files(site / "pagefind")
    # The next build: no process at all (neither Pagefind nor `pagefind --version`), and
    # the pages it cut are not read back (on disk they say something else here).
    monkeypatch.setattr(search_index.subprocess, "run", _no_process)
    monkeypatch.setattr(search_index.subprocess, "Popen", _no_process)
    for rel in _PAGES:
        (site / rel).write_text(written[rel].replace("élu", "battu"), encoding="utf-8")
    again = search_index.index_site(site, store, typeset=False, documents=cut)
    assert again == search_index.Indexed(3, restored=True)
    assert _files(site / "pagefind") == built
    store.close()


def test_the_index_of_what_the_engine_cut_is_the_index_of_the_pages_read(tmp_path):
    site = _site(tmp_path / "site", _PAGES)
    cut = {rel: search_document.page_document((site / rel).read_text()) for rel in _PAGES}
    search_index.index_site(site, typeset=False, documents=cut)
    from_engine = _files(site / "pagefind")
    search_index.index_site(site, typeset=False)
    assert _files(site / "pagefind") == from_engine


def _archive_pages(count: int) -> dict[str, tuple[str, str, int]]:
    """`count` pages with their own words and editions, by path in the site."""
    return {
        f"{2000 + i % 9}/categorie-{i:02d}/index.html": (
            f"Catégorie {i}",
            f"Mot{i} élu.",
            2000 + i % 9,
        )
        for i in range(count)
    }


def test_the_index_is_the_same_bytes_whatever_disk_or_order_the_pages_were_written_in(
    tmp_path, monkeypatch
):
    # Pagefind's command line numbered the pages in the order the file system listed them
    # (ext4 by a per-disk hash seed, tmpfs by creation): the same pages, staged on another
    # disk, gave an index of other bytes. Here on the disk and in memory (/dev/shm), the
    # pages written in two orders, and whatever Pagefind would be given staged there.
    pages = _archive_pages(40)
    places = [tmp_path] + [p for p in (Path("/dev/shm"),) if p.is_dir() and os.access(p, os.W_OK)]
    indexes = []
    for place in places:
        for order in (sorted(pages), sorted(pages, reverse=True)):
            with tempfile.TemporaryDirectory(dir=place) as work:
                monkeypatch.setattr(tempfile, "tempdir", work)
                site = _site(Path(work) / "site", {rel: pages[rel] for rel in order})
                assert search_index.index_site(site, typeset=False).pages == 40
                indexes.append(_files(site / "pagefind"))
    assert len(indexes) == 2 * len(places)
    assert all(index == indexes[0] for index in indexes[1:])


def _published(root: Path, pages: dict[str, tuple[str, str, int]], name: str) -> Path:
    """A build in `root/.site.builds/` as OutputSlot lays it out, published or not."""
    builds = root / ".site.builds"
    builds.mkdir(exist_ok=True)
    (builds / "escda-builds").write_text("mark", encoding="utf-8")
    return _site(builds / name, pages)


def test_a_restored_index_links_the_published_sites_files_and_leaves_that_site_whole(
    tmp_path,
):
    first, second = "20261207T100000-0000000a", "20261207T110000-0000000b"
    store = Store(tmp_path / "cache")
    store.begin()
    published = _published(tmp_path, _PAGES, first)
    search_index.index_site(published, store)
    (tmp_path / "site").symlink_to(f".site.builds/{first}")
    before = _files(published / "pagefind")
    # The next build, nothing changed: the index restored as links to the published one.
    building = _published(tmp_path, _PAGES, second)
    assert search_index.index_site(building, store).restored
    assert _files(building / "pagefind") == before
    linked = [p for p in (building / "pagefind").rglob("*.*") if p.stat().st_nlink == 2]
    assert len(linked) == len(before)
    # A file of the published index edited by hand is not trusted: written, not linked.
    entry = published / "pagefind" / "pagefind-entry.json"
    entry.write_bytes(entry.read_bytes().replace(b"fr", b"de"))
    edited = _files(published / "pagefind")
    shutil.rmtree(building)
    building = _published(tmp_path, _PAGES, second)
    assert search_index.index_site(building, store).restored
    assert _files(building / "pagefind") == before
    assert (building / "pagefind" / "pagefind-entry.json").stat().st_nlink == 1
    # A page changed: Pagefind runs; the files it made the same are linked, the others
    # written; the published site keeps its files as they were, and the build that
    # failed after it (removed, as OutputSlot does) takes nothing from it.
    changed = dict(_PAGES, **{"index.html": ("Accueil", "La Société Lumière.", 2026)})
    shutil.rmtree(building)
    building = _published(tmp_path, changed, second)
    assert not search_index.index_site(building, store).restored
    new = _files(building / "pagefind")
    assert (
        new != before
        and sum(p.stat().st_nlink == 2 for p in (building / "pagefind").rglob("*.*"))
        >= len(before) - 8
    )
    shutil.rmtree(building)
    assert _files(published / "pagefind") == edited
    store.close()


def test_a_pagefind_that_fails_fails_the_index_with_its_own_words(tmp_path, monkeypatch):
    site = _site(tmp_path / "site", _PAGES)
    broken = tmp_path / "pagefind"
    broken.write_text(
        '#!/bin/sh\n[ "$1" = --version ] && { echo "pagefind 9.9.9"; exit 0; }\n'
        'head -c 10 >/dev/null; echo "memory allocation failed" >&2; exit 3\n'
    )
    broken.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(broken))
    with pytest.raises(search_index.SearchIndexError, match="memory allocation failed"):
        search_index.index_site(site, typeset=False)
    assert not (site / "pagefind").exists()


def test_the_plugin_indexes_its_pages_as_it_wrote_them(bundled_site, tmp_path):
    # The plugin's build cut each page as it wrote it; the pages read back give the same.
    copy = tmp_path / "site"
    for page in bundled_site.rglob("*.html"):
        if "pagefind" not in page.relative_to(bundled_site).parts:
            target = copy / page.relative_to(bundled_site)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(page.read_bytes())
    search_index.index_site(copy, typeset=False)
    assert _files(copy / "pagefind") == _files(bundled_site / "pagefind")


def test_the_documents_give_the_index_of_the_whole_pages_on_every_page_kind(bundled_site):
    # What the plugin sends Pagefind (each page's body, without what Pagefind skips: a
    # third of a category page's bytes) loses nothing: the index of the pages whole.
    whole = {
        page.relative_to(bundled_site).as_posix(): with_twins(page.read_text(encoding="utf-8"))
        for page in bundled_site.rglob("*.html")
        if "pagefind" not in page.relative_to(bundled_site).parts
    }
    sent = {rel: search_document.search_document(page) for rel, page in whole.items()}
    assert sum(map(len, filter(None, sent.values()))) < sum(map(len, whole.values())) / 3
    assert search_index._index_documents(whole) == _files(bundled_site / "pagefind")


def test_a_laureates_name_leads_to_its_own_pages_not_to_the_lists_of_every_result(
    bundled_site,
):
    # The newsletter page's lists are for the organiser's mailings; the palmarès and the
    # sector pages list every result of an edition or a sector: a search for a laureate
    # leads to its own pages (category, category history, company), where it is.
    indexed = _indexed(bundled_site)
    newsletter = indexed["/" + urls.newsletter_page()]
    assert "Lettre d’information" in newsletter
    assert "Banque Horizon" not in newsletter and "Extraits" not in newsletter
    palmares = indexed["/" + urls.edition(2027)]
    sector = indexed["/" + urls.sector("banque-assurance")]
    category = indexed["/" + urls.category(2027, "banque")]
    mark = re.search(r"note globale de (\d+,\d+/20)", category).group(1)
    for listing in (palmares, sector):
        assert "Banque Horizon" not in listing and mark not in listing
    # Found by their title, introduction and headings.
    assert palmares.startswith("Palmarès 2027.") and "proclamés le" in palmares
    assert "Banque & Assurance" in palmares and sector.startswith("Banque & Assurance.")
    own = ("/" + urls.category(2027, "banque"), "/" + urls.company("banque-horizon"))
    own += ("/" + urls.category_history("banque"),)
    assert all("Banque Horizon" in indexed[url] for url in own)


def test_a_damaged_kept_index_is_made_again_the_same(tmp_path):
    site = _site(tmp_path / "site", _PAGES)
    store = Store(tmp_path / "cache")
    store.begin()
    search_index.index_site(site, store)
    built = _files(site / "pagefind")
    (kept,) = (tmp_path / "cache" / "values" / search_index.CACHE_KIND).iterdir()
    data = bytearray(kept.read_bytes())
    data[-40] ^= 1
    kept.write_bytes(bytes(data))
    assert not search_index.index_site(site, store).restored
    assert _files(site / "pagefind") == built
    store.close()


def test_a_tree_another_engine_built_is_searched_typeset_as_the_plugin_typesets(tmp_path):
    # Bare MkDocs prints the Markdown's text as written; the plugin's pages are typeset.
    pages = {"index.html": ("Accueil", "Le palmarès : l'Énergie 2026 !", 2026)}
    bare = _site(tmp_path / "bare", pages)
    typeset = _site(tmp_path / "plugin", pages)
    for page in typeset.rglob("*.html"):
        page.write_text(typeset_html(page.read_text(encoding="utf-8")), encoding="utf-8")
    assert typeset_html(pages["index.html"][1]) != pages["index.html"][1]
    search_index.index_site(bare)  # escda finish
    search_index.index_site(typeset, typeset=False)  # the plugin's build
    assert _files(bare / "pagefind") == _files(typeset / "pagefind")


def _indexed(site: Path) -> dict[str, str]:
    """The text Pagefind holds for each page, by URL, as its fragments give it."""
    out = {}
    for fragment in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        page = json.loads(data[len(b"pagefind_dcd") :])
        out[page["url"]] = page["content"]
    return out


def test_a_search_finds_a_category_page_by_its_result_not_by_its_boilerplate(bundled_site):
    # The logo files, the badge, the caption, the links to other editions, the citation and
    # the fine print are on every category page: indexed, a search for « certificat » or
    # « concours privé » would answer hundreds of category pages before the rules.
    indexed = _indexed(bundled_site)
    categories = {u: t for u, t in indexed.items() if re.fullmatch(r"/20\d\d/[^/]+/", u)}
    assert len(categories) > 40
    # Nor the rows and sentences every one repeats (threshold, dates, tests, the logo's
    # validity): « seuil » or « proclamation » find the methodology, not 1,000 pages.
    repeated = ("seuil d’attribution", "tests par entreprise", "période de test")
    repeated += ("proclamation", "logo valable", "logo expiré", "règles d’usage", "indicateur")
    for url, text in categories.items():
        if url.endswith(f"/{urls.METHODOLOGY}"):
            continue  # where those rules are explained
        for boilerplate in ("concours privé", "citer cette page", "kit presse", "badge", *repeated):
            assert boilerplate not in text.lower(), (url, boilerplate)
        # What finds it stays: its category and edition (title, figures), sector, result.
        year = url.split("/")[1]
        assert f"— {year}" in text and f"{year} (" in text and "· secteur " in text
    laureates = [t for t in categories.values() if "remporte" in t or "remportent" in t]
    mark = re.compile(r"note globale de \d+,\d+/20|\(note globale (et [^)]*)?non publié")
    assert laureates and all(mark.search(t) for t in laureates)
    # A channel's mark still finds its page, not the channel's name every page repeats.
    channels = [t for t in laureates if "Notes par canal" in t]
    assert channels and all(re.search(r"Notes par canal\..*\d+,\d+/20", t) for t in channels)
    pages = [t for u, t in categories.items() if not u.endswith(f"/{urls.METHODOLOGY}")]
    assert not any("téléphoniques" in t or "Note globale" in t for t in pages)
    assert any("concours privé" in t.lower() for u, t in indexed.items() if u not in categories)


def test_a_company_page_is_found_by_its_titles_not_by_its_logos_validity(bundled_site):
    # A logo's validity is true on a date: the page follows the reader's (assets/today.js),
    # the index, made at the build, cannot; on a company page it was half the text.
    indexed = _indexed(bundled_site)
    prefix = f"/{urls.company('x').removesuffix('x/')}"
    companies = {u: t for u, t in indexed.items() if u.startswith(prefix) and u != prefix}
    assert len(companies) > 10
    for url, text in companies.items():
        for dated in ("valable", "expiré", "ne peut plus être affiché", "à partir du"):
            assert dated not in text, (url, dated)
        # What finds it stays: its name, its titles' editions, categories and marks.
        assert "titre" in text and re.search(r"20\d\d\. .+\. (\d+,\d+/20|non publiée)", text), url
    # The page itself still says it, for the day it is read.
    shown = [(bundled_site / u.strip("/") / "index.html").read_text("utf-8") for u in companies]
    assert any("ne peut plus être affiché" in page for page in shown)
    assert any("Logos valables au" in page for page in shown)


def test_no_page_gives_pagefind_an_attribute_it_cannot_read(bundled_site):
    # md_in_html writes a bare attribute as `attr="attr"`, a value Pagefind warns about.
    for page in bundled_site.rglob("*.html"):
        assert 'data-pagefind-ignore="data-pagefind-ignore"' not in page.read_text("utf-8")


# --- Any markup: what Pagefind is given gives the index of the whole page -----------------

_TEXT = st.text(st.sampled_from("aé É'\")$*.:;!?&<>«»_²0\u0301\u00a0œ"), max_size=8).map(
    lambda text: html_escape(text, quote=False)
)
_INLINE = ("strong", "em", "sup", "span", 'a href="/x"', 'time datetime="2026"')
_BLOCK = ("p", "div", "td", "li")
_EXTRA = ("", ' id="ancre"', ' class="c"', ' data-pagefind-meta="canal"')


def _element(tags: tuple[str, ...], inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    def wrap(tag: str, extra: str, content: str) -> str:
        name = tag.split()[0]
        html = f"<{tag}{extra}>{content}</{name}>"
        return {"td": f"<table><tr>{html}<th>t</th></tr></table>", "li": f"<ul>{html}</ul>"}.get(
            name, html
        )

    return st.builds(wrap, st.sampled_from(tags), st.sampled_from(_EXTRA), inner)


_MARKUP_ANY = st.recursive(
    _TEXT,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map("".join),
        _element(_INLINE, inner),
        _element(_BLOCK, inner),
        _element(("h2",), _TEXT),
    ),
    max_leaves=12,
)


@pytest.mark.slow
@settings(max_examples=15)
@given(st.lists(_MARKUP_ANY, min_size=1, max_size=6))
def test_any_markup_gives_pagefind_the_index_of_the_whole_page(bodies):
    pages = {
        f"{i}/index.html": _PAGE.format(title="Titre", text="Texte", year=2026).replace(
            "</h1>", f"</h1>\n{body}", 1
        )
        for i, body in enumerate(bodies)
    }
    sent = {rel: search_document.page_document(page).decode() for rel, page in pages.items()}
    whole = {rel: with_twins(page) for rel, page in pages.items()}
    assert search_index._index_documents(sent) == search_index._index_documents(whole)
