"""Golden files, committed under tests/golden/: what readers get, as a unified diff.

- `fixtures/`, `mini/`: every generated text output (Markdown pages, data files, feed,
  snippets, kit texts) of two small sites, straight from the generators;
- `html/`: one rendered page of each kind (home, palmarès live and archive, category live /
  no laureate / no election / archive, category history, company, sector, methodology,
  logo, open data, 404, an institutional page), built by the engine with our plugin from
  `_html_data` once per session;
- `html-export/`: the same pages from the exported tree (`escda generate`) built by bare
  MkDocs, without our plugin.

The HTML is normalised only for what legitimately varies between two correct builds of
the same data and `--as-of` (`VARIES`): the `<meta name="generator">` tag (MkDocs or
ProperDocs and their versions) and the content hashes in Material's asset file names
(`main.<hash>.min.css`, which another Material 9.8.x release changes). Everything else,
the theme's markup included, is pinned: a theme or engine upgrade shows here.

After an intended change, `make golden` rewrites the files; review them with
`git diff tests/golden`.
"""

from __future__ import annotations

import difflib
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from escda_site.outputs.logos import caption_file, readme
from escda_site.outputs.site import site_outputs
from escda_site.public.view import PublicSite, public_view
from escda_site.scoring.pipeline import load_and_score

from factories import SITE_URL, public_site
from minidata import SEASON, company, write

GOLDEN = Path(__file__).parent / "golden"

# A scored site: aggregates, methodology with a zero rule, a benchmark, no election.
MINI = {
    "banque": [
        company("horizon", [(4, 4), (3, 4)], [9]),
        company("alpha", [(3, 3), (3, 2)], [7]),
        company("gamma", [(2, 2), (2, 2)], [5], ring=(10, 90)),
        company("temoin", [(4, 4), (4, 4)], [10], role="benchmark"),
    ],
    "energie": [
        company("volt", [(2, 2), (2, 2)], [6]),
        company("watt", [(2, 1), (2, 2)], [5]),
        company("ohm", [(1, 1), (2, 2)], [4]),
    ],
    "mutuelle": [
        company("horizon", [(4, 4), (4, 4)], [10]),
        company("alpha", [(2, 2), (2, 2)], [5]),
    ],
}
MINI_NAMES = {"horizon": "Horizon Finance", "alpha": "Alpha Crédit", "volt": "Électricité Volt"}
# Renamed between the 2020 proclamation (October 2019) and the 2021 one: its 2020 titles
# keep the name they were proclaimed under, with its name today.
CORRECTION_2021 = {
    "date": "2020-10-20",
    "text": "Le nombre d'entreprises testées en Banque a été corrigé : 4, et non 5.",
    "categories": ["banque"],
}
RENAMED = {"horizon": [{"name": "Banque Horizon", "until": "2020-03-31"}, "Caisse Horizon"]}


def _mini_site(root: Path) -> PublicSite:
    write(root, MINI, names=MINI_NAMES)
    # An erratum after the 2021 proclamation: pages, snippets, feed and open data carry it.
    season = dict(SEASON, corrections=[CORRECTION_2021])
    write(
        root,
        {"banque": MINI["banque"][1:] + MINI["banque"][:1]},
        season=season,
        year=2021,
        names=MINI_NAMES,
    )
    companies = yaml.safe_load((root / "companies.yaml").read_text(encoding="utf-8"))
    for entry in companies:
        entry["former_names"] = RENAMED.get(entry["slug"], [])
    (root / "companies.yaml").write_text(yaml.safe_dump(companies, allow_unicode=True))
    dataset, results, _ = load_and_score(root)
    return public_view(dataset, results, datetime.fromisoformat("2020-11-02T09:00:00+01:00"))


def _outputs(site: PublicSite) -> dict[str, bytes]:
    out = site_outputs(site, SITE_URL)
    files = {path: text.encode() for path, text in out.pages}
    files.update(
        (path, content if isinstance(content, bytes) else content.encode())
        for path, content in out.files
        if not path.endswith(".js")  # the checker script is a static asset, not generated
    )
    for title in site.titles():
        stem = f"logos/{title.edition.year}/{title.category.slug}/{title.laureate.company.slug}"
        files[f"{stem}-kit/LISEZ-MOI.txt"] = readme(title, SITE_URL, site.demo).encode()
        files[f"{stem}-kit/MENTION-OBLIGATOIRE.txt"] = caption_file(title, SITE_URL).encode()
    return files


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> dict[str, dict[str, bytes]]:
    return {
        "fixtures": _outputs(public_site()),
        "mini": _outputs(_mini_site(tmp_path_factory.mktemp("golden") / "data")),
    }


def _diff(expected: bytes, actual: bytes, name: str) -> str:
    lines = difflib.unified_diff(
        expected.decode("utf-8", "replace").splitlines(keepends=True),
        actual.decode("utf-8", "replace").splitlines(keepends=True),
        f"golden/{name}",
        f"generated/{name}",
    )
    return "".join(lines) or "(same text, different bytes: line endings or BOM)"


@pytest.mark.parametrize("name", ["fixtures", "mini"])
def test_outputs_match_the_golden_files(generated, name, request):
    _compare(generated[name], GOLDEN / name, name, request)


def _compare(actual: dict[str, bytes], folder: Path, name: str, request) -> None:
    if request.config.getoption("--update-golden"):
        for old in folder.rglob("*"):
            if old.is_file() and old.relative_to(folder).as_posix() not in actual:
                old.unlink()
        for path, content in actual.items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_bytes(content)
        return
    expected = {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }
    problems = [
        f"new output, not in golden/{name}: {p}" for p in sorted(actual.keys() - expected.keys())
    ]
    problems += [
        f"golden/{name}/{p} is no longer generated" for p in sorted(expected.keys() - actual.keys())
    ]
    problems += [
        _diff(expected[p], actual[p], f"{name}/{p}")
        for p in sorted(actual.keys() & expected.keys())
        if expected[p] != actual[p]
    ]
    if problems:
        pytest.fail("\n".join(problems) + "\n(intended? run `make golden`)", pytrace=False)


# --- the HTML readers get -------------------------------------------------------------------

HTML_AS_OF = "2020-11-02T09:00:00+01:00"
# One page of each kind, in the site the engine builds from `_html_data`.
PAGE_KINDS = {
    "home": "index.html",
    "palmares-live": "2020/index.html",
    "palmares-archive": "2018/index.html",
    "category-live": "2020/banque/index.html",
    "category-no-laureate": "2020/energie/index.html",
    "category-no-election": "2020/mutuelle/index.html",
    "category-archive": "2018/banque/index.html",
    "category-history": "categories/banque/index.html",
    "company": "entreprises/horizon/index.html",
    "sector": "secteurs/services/index.html",
    "methodology": "2020/methodologie/index.html",
    "logo": "logo/index.html",
    "open-data": "donnees/index.html",
    "404": "404.html",
    "institutional": "mentions-legales/index.html",
}
# What legitimately varies between two correct builds of the same data and --as-of:
# the engine's name and version (the generator tag: MkDocs or ProperDocs, ESCDA_ENGINE)
# and the content hashes Material puts in its asset file names (another Material 9.8.x).
VARIES = (
    (re.compile(rb'<meta name="generator" content="[^"]*">'), rb'<meta name="generator">'),
    (re.compile(rb"\.[0-9a-f]{8}\.min\.(css|js)\b"), rb".HASH.min.\1"),
)
_FOOTER = re.compile(rb'<div class="md-copyright">.*?</div>\s*</div>', re.S)


def normalised(html: bytes) -> bytes:
    """`html` without what legitimately varies between builds (see VARIES)."""
    for pattern, replacement in VARIES:
        html = pattern.sub(replacement, html)
    return html


def _html_data(root: Path) -> Path:
    """Edition 2020 live (a laureate; no laureate: all under the threshold; no election:
    two companies tested, three needed) and 2018 an archive edition."""
    low = [company(slug, [(1, 1), (1, 2)], [3]) for slug in ("volt", "watt", "ohm")]
    write(root, {**{k: MINI[k] for k in ("banque", "mutuelle")}, "energie": low}, names=MINI_NAMES)
    folder = root / "seasons" / "2018"
    folder.mkdir(parents=True)
    season = {k: v for k, v in SEASON.items() if k not in ("channels",)}
    season.update(
        edition=2018,
        campaign={"start": "2017-05-15", "end": "2017-07-21"},
        proclamation="2017-10-12T20:00:00+02:00",
        archive=True,
    )
    (folder / "season.yaml").write_text(yaml.safe_dump(season), encoding="utf-8")
    categories = [
        {
            "slug": "banque",
            "name": "Banque",
            "sector": "services",
            "laureates": [{"company": "horizon", "mark": 15.5}],
        },
        {"slug": "energie", "name": "Energie", "sector": "services", "laureates": ["volt"]},
    ]
    (folder / "categories.yaml").write_text(
        yaml.safe_dump(categories, allow_unicode=True), encoding="utf-8"
    )
    return root


@pytest.fixture(scope="session")
def html_sites(tmp_path_factory) -> dict[str, Path]:
    """The same small data built by the plugin (the session's engine) and exported then
    built by bare MkDocs (no plugin of ours), once per session."""
    from escda_site.engine.export import export_tree

    from sitecheck import CONFIG, build

    work = tmp_path_factory.mktemp("golden-html")
    data = _html_data(work / "data")
    built = build(data, work / "site", HTML_AS_OF, cache=work / "cache")
    tree = work / "tree"
    as_of = datetime.fromisoformat(HTML_AS_OF)
    export_tree(CONFIG, data, tree, as_of, cache_dir=work / "cache")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(tree / "mkdocs.yml")],
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return {"html": built, "html-export": tree / "site"}


def _pages(site: Path) -> dict[str, bytes]:
    return {
        f"{kind}.html": normalised((site / path).read_bytes()) for kind, path in PAGE_KINDS.items()
    }


# In the quick run: a change of what readers get must show there, not only in the slow one.
@pytest.mark.parametrize("name", ["html", "html-export"])
def test_each_kind_of_page_matches_its_golden_html(html_sites, name, request):
    _compare(_pages(html_sites[name]), GOLDEN / name, name, request)


def test_the_exported_tree_has_the_plugin_builds_footer(html_sites):
    for kind, path in PAGE_KINDS.items():
        plugin, bare = (_FOOTER.search((html_sites[n] / path).read_bytes()) for n in html_sites)
        assert plugin and b"Mentions l" in plugin.group(), kind
        assert bare and bare.group() == plugin.group(), kind


_LABELLED_NAV = re.compile(rb'<nav class="md-nav"[^>]*aria-labelledby="([^"]+)"')


@pytest.mark.parametrize("name", ["html", "html-export"])
def test_each_section_navigation_is_named_by_its_title_in_both_builds(html_sites, name):
    # On a phone the drawer's section navs are landmarks; a section with an index page has
    # a toggle without text, which named them "" (axe: landmark-unique). The theme names
    # each by the title it shows, in the plugin's build and the bare engine's alike.
    for kind, path in PAGE_KINDS.items():
        html = (html_sites[name] / path).read_bytes()
        names = []
        for label in _LABELLED_NAV.findall(html):
            found = re.search(rb'id="' + re.escape(label) + rb'"[^>]*>(.*?)</label>', html, re.S)
            assert found, f"{kind}: no element {label.decode()} names a nav"
            names.append(re.sub(rb"<[^>]+>|\s+", b" ", found.group(1)).strip())
        assert names and all(names), f"{kind}: a section nav without a name: {names}"
        assert len(set(names)) == len(names), f"{kind}: two section navs named alike: {names}"
