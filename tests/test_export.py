"""`escda generate`: a tree that plain MkDocs, without our plugin, turns into a safe site."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
from datetime import datetime

import pytest
import test_safety as safety
from mkdocs.utils.yaml import yaml_load

from escda_site import cli
from escda_site.engine.postbuild import finish_site

from linkcheck import broken_links
from minidata import company, write
from sitecheck import CONFIG, texts, tree_hash

pytestmark = pytest.mark.slow
AS_OF = "2020-01-01T00:00:00+01:00"


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    """The hostile-names data of test_safety, exported, then built by bare `mkdocs build`."""
    root = tmp_path_factory.mktemp("data")
    winners = {
        "banque": safety.ED_2020["banque"],
        "energie": [
            company("zorglub", [(4, 4), (4, 4)], [10]),
            company("beta", [(1, 1), (1, 1)], [1]),
            company("gamma", [(1, 1), (1, 1)], [2]),
        ],
    }
    write(root, winners, names=safety.HOSTILE, category_names={"banque": safety.HOSTILE_CATEGORY})
    out = tmp_path_factory.mktemp("tree") / "tree"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("ESCDA_CACHE", str(out.parent / "cache"))  # mkdocs.yml's !ENV
        args = ["generate", str(out), "--data", str(root), "--as-of", AS_OF]
        assert cli.main([*args, "--config", str(CONFIG)]) == 0
    epoch = str(int(datetime.fromisoformat(AS_OF).timestamp()))
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(out / "mkdocs.yml")],
        env={**os.environ, "SOURCE_DATE_EPOCH": epoch, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert cli.main(["finish", str(out / "site")]) == 0
    before = tree_hash(out / "site")
    # Finishing again rewrites the same search index, byte for byte, and nothing else.
    assert finish_site(out / "site") == [f"search index of {_indexed(out / 'site')} pages written"]
    assert tree_hash(out / "site") == before
    return out


def _indexed(site) -> int:
    return sum("data-pagefind-body" in p.read_text(encoding="utf-8") for p in site.rglob("*.html"))


def test_the_tree_needs_no_plugin_of_ours(tree):
    config = yaml_load((tree / "mkdocs.yml").read_text(encoding="utf-8"))
    names = [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    assert "escda" not in names
    front = (tree / "docs" / "2020" / "banque" / "index.md").read_text(encoding="utf-8")
    assert front.startswith("---\ntitle: Banque {{ 7*7 }} &lt;b&gt;gras&lt;/b&gt;")


def test_the_site_bare_mkdocs_built_wears_the_award_mark_and_name(tree):
    # As the plugin sets them: the mark drawn into the tree, the typeset name.
    html = (tree / "site" / "index.html").read_text(encoding="utf-8")
    header = re.search(r'class="md-header__button md-logo".*?<img src="([^"]+)"', html, re.S)
    assert header and header.group(1).endswith("assets/escda/marque.png")
    assert (tree / "site" / "assets" / "escda" / "marque.png").is_file()
    assert re.search(r'<link rel="icon" href="[^"]*assets/escda/favicon\.png"', html)
    assert "<title>Élu Service Client de l’Année" in html  # typeset, as the plugin writes it


def test_names_are_escaped_in_the_site_bare_mkdocs_built(tree):
    safety.test_hostile_names_are_plain_text_everywhere(tree / "site")
    safety.test_hostile_names_in_titles_and_meta_are_escaped(tree / "site")
    safety.test_search_index_holds_no_markup_from_names(tree / "site")


def test_no_non_laureate_and_no_broken_link(tree):
    for name, text in texts(tree / "site"):
        for secret in ("Temoin", "temoin", "Gamma", "gamma"):
            assert secret not in text, name
    assert list(broken_links(tree / "site")) == []


def test_escda_finish_gives_the_tree_the_site_search(tree):
    site = tree / "site"
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["fr"]["page_count"] == _indexed(site) > 5
    assert not (site / "search").exists()  # no Material search plugin in the tree either
    html = (site / "2020" / "banque" / "index.html").read_text(encoding="utf-8")
    assert 'class="escda-search-data" hidden data-pagefind-filter="edition[' in html
    assert "assets/escda/search.js" in html and 'id="escda-search"' in html


def test_finish_writes_a_sitemap_when_the_engine_wrote_none(tmp_path):
    site = tmp_path / "site"
    (site / "2027" / "banque").mkdir(parents=True)
    (site / "secret").mkdir()
    page = '<html><head><link rel="canonical" href="https://x.example/{}"></head></html>'
    (site / "index.html").write_text(page.format(""), encoding="utf-8")
    (site / "2027" / "banque" / "index.html").write_text(page.format("2027/banque/"))
    hidden = page.replace("<head>", '<head><meta name="robots" content="noindex">')
    (site / "secret" / "index.html").write_text(hidden.format("secret/"))
    # No page with text to search: no search index, and no failure.
    written = ["sitemap.xml written", "sitemap.xml.gz written", "_headers written"]
    assert finish_site(site) == written
    assert not (site / "pagefind").exists()
    xml = (site / "sitemap.xml").read_text()
    assert "<loc>https://x.example/2027/banque/</loc>" in xml and "secret" not in xml
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode() == xml
    assert finish_site(site) == []  # an engine's own sitemap, or ours, is kept as it is
