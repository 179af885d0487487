"""`escda serve` rebuilds only what changed, and what it serves is what a full build gives.

The incremental builds run in this process as `escda serve` runs them (one plugin kept
between dirty rebuilds); each full build runs in a process of its own with the same
address, forked from an interpreter that imported the engine and never built anything, so
that nothing of the incremental state can leak into it (and the imports, two thirds of a
small build's CPU, are paid once per test, not once per build).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from datetime import datetime
from html import unescape
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from escda_site.cache import Store
from escda_site.demo.generate import write_demo_data
from escda_site.engine import page_outputs
from escda_site.engine.build import plugin_options
from escda_site.scoring.pipeline import load_and_score

from sitecheck import BUILD_IMPORTS, CONFIG, ROOT, texts
from sitecheck import build as build_site

URL = "http://127.0.0.1:8000/"
AS_OF = "2026-09-01T12:00:00+02:00"

# A process that imports what a build needs, then builds each site asked on its stdin (a
# JSON line of arguments) in a child forked for it, and answers with the child's status.
FULL = (
    """
import json, os, sys
from escda_site.engine import engines
engines.use()  # the engine of this session (ESCDA_ENGINE, else the default)
from mkdocs.commands.build import build
from mkdocs.config import load_config
from escda_site.engine.build import plugin_options
import escda_site.engine.plugin  # the plugin and everything it imports
"""
    + BUILD_IMPORTS
    + """

def full(config_file, site_dir, url, data_dir, docs_dir, pages):
    options = plugin_options(config_file, data_dir=data_dir, pages=pages)
    config = load_config(config_file, site_dir=site_dir, docs_dir=docs_dir, **options)
    config.plugins.on_startup(command="serve", dirty=False)
    config.site_url = url
    build(config, serve_url=url)
    assert config.plugins["escda"].search.wait(300)  # the index follows the pages under serve

for line in sys.stdin:
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            full(*json.loads(line))
            code = 0
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    print(json.dumps(os.waitstatus_to_exitcode(status)), flush=True)
"""
)


class FullBuilds:
    """Full builds, each in a fresh process (see FULL), with `env` as its environment."""

    def __init__(self, env: dict) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", FULL],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )

    def build(self, site_dir: Path, data: Path, docs: Path, pages: list | None = None) -> Path:
        args = [str(CONFIG), str(site_dir), URL, str(data), str(docs), pages]
        self.process.stdin.write(json.dumps(args) + "\n")
        self.process.stdin.flush()
        assert json.loads(self.process.stdout.readline()) == 0, f"full build of {site_dir}"
        return site_dir

    def close(self) -> None:
        self.process.stdin.close()
        assert self.process.wait(timeout=60) == 0


class Server:
    """The builds of one `escda serve` session, without the HTTP part."""

    def __init__(self, site_dir: Path, data: Path, docs: Path, **options) -> None:
        self.site_dir = site_dir
        self.options = plugin_options(CONFIG, data_dir=str(data), **options)
        self.docs = docs
        config = self._config()
        config.plugins.on_startup(command="serve", dirty=True)
        self.plugin = config.plugins["escda"]
        self.rebuild(config)

    def _config(self):
        config = load_config(
            str(CONFIG), site_dir=str(self.site_dir), docs_dir=str(self.docs), **self.options
        )
        config.site_url = URL
        return config

    def rebuild(self, config=None) -> int:
        """Rebuild as the server does after a change; the number of pages rendered.

        The search index follows the pages (engine/serve_search.py): waited for here."""
        build(config or self._config(), serve_url=URL, dirty=True)
        assert self.plugin.search is not None and self.plugin.search.wait(300)
        return self.plugin.incremental.rendered


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def assert_same_site(incremental: Path, full: Path) -> None:
    got, want = tree(incremental), tree(full)
    assert sorted(got) == sorted(want), (
        f"only served: {sorted(set(got) - set(want))[:10]}, "
        f"only built: {sorted(set(want) - set(got))[:10]}"
    )
    differ = [name for name in want if got[name] != want[name]]
    assert not differ, f"{len(differ)} files differ from a full build, e.g. {differ[:10]}"


def _edit_score(data: Path, year: int) -> None:
    path = data / "seasons" / str(year) / "scores.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines[1:], start=1):
        test, criterion, points = line.rstrip("\r\n").split(",")
        if points not in ("0", ""):
            lines[i] = f"{test},{criterion},{int(float(points)) - 1}\n"
            break
    path.write_text("".join(lines), encoding="utf-8")


def _edit_yaml(path: Path, change) -> None:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _rename(path: Path, slug: str, name: str | None) -> tuple[str, str]:
    """The entry `slug` of sectors.yaml or companies.yaml renamed: (old name, new name)."""
    names = []

    def change(doc: list) -> None:
        for entry in doc:
            if entry["slug"] == slug:
                names.append(entry["name"])
                entry["name"] = name or entry["name"] + " & Fils"
                names.append(entry["name"])

    _edit_yaml(path, change)
    return names[0], names[1]


def _rename_laureate(data: Path, year: int, name: str | None = None) -> tuple[str, str]:
    """A laureate's name changes: every page naming it must follow."""
    _, results, _ = load_and_score(data)
    slug = next(c.laureates[0].company for c in results[year].categories if c.laureates)
    return _rename(data / "companies.yaml", slug, name)


def _rename_sector(data: Path, year: int, name: str | None = None) -> tuple[str, str]:
    """The sector of a category with a laureate in `year` changes its name."""
    _, results, _ = load_and_score(data)
    slug = next(c.category.sector for c in results[year].categories if c.laureates)
    return _rename(data / "sectors.yaml", slug, name)


def _edit_stylesheet(docs: Path) -> None:
    """A rule added to content/'s stylesheet, as a designer saves it."""
    path = docs / "assets" / "escda.css"
    path.write_text(path.read_text(encoding="utf-8") + "\nh1 { letter-spacing: .01em; }\n")


# A hand-written page of content/, listed in the navigation by the plugin's `pages`.
PRESS = {"Presse": "presse.md"}


def _write_press_page(docs: Path) -> Path:
    page = docs / PRESS["Presse"]
    page.write_text("# Presse\n\nVoir le [palmarès](palmares/index.md).\n", encoding="utf-8")
    return page


def _edit_content_page(docs: Path) -> None:
    """A sentence added to the hand-written page, as an editor saves it."""
    page = docs / PRESS["Presse"]
    page.write_text(page.read_text(encoding="utf-8") + "\nContact : la page Contact.\n")


def _new_category(data: Path, year: int):
    """A copy of the edition's first category under a new slug, with its tests."""
    folder = data / "seasons" / str(year)

    def change(doc) -> None:
        cats = doc["categories"] if isinstance(doc, dict) else doc
        first = dict(cats[0])
        old = first["slug"]
        first["slug"] = old + "-bis"
        first["name"] = first["name"] + " (bis)"
        cats.append(first)
        tests = folder / "tests.csv"
        rows = tests.read_text(encoding="utf-8").splitlines(keepends=True)
        header = rows[0].rstrip("\r\n").split(",")
        at = header.index("category")
        extra, ids = [], {}
        for row in rows[1:]:
            cells = row.rstrip("\r\n").split(",")
            if cells[at] == old:
                ids[cells[0]] = cells[0] + "B"
                cells[0], cells[at] = ids[cells[0]], first["slug"]
                extra.append(",".join(cells) + "\n")
        tests.write_text("".join(rows + extra), encoding="utf-8")
        scores = folder / "scores.csv"
        srows = scores.read_text(encoding="utf-8").splitlines(keepends=True)
        more = []
        for row in srows[1:]:
            cells = row.rstrip("\r\n").split(",")
            if cells[0] in ids:
                more.append(",".join([ids[cells[0]], *cells[1:]]) + "\n")
        scores.write_text("".join(srows + more), encoding="utf-8")

    _edit_yaml(folder / "categories.yaml", change)


def _proclaim_now(data: Path, year: int) -> None:
    """The edition's proclamation moves before "now": its results become public."""

    def change(doc) -> None:
        doc["proclamation"] = "2026-08-31T20:00:00+02:00"

    _edit_yaml(data / "seasons" / str(year) / "season.yaml", change)


# The package's own scripts, copied as they are: their comments cite demo names.
SCRIPTS = {f"assets/escda/{p.name}" for p in (ROOT / "escda_site" / "assets").glob("*.js")}


def _naming(site: Path, name: str) -> set[str]:
    """The files built from the data (zip members, PDF texts, JSON-LD… included) that
    show `name`."""
    shown = {rel.split("#")[0] for rel, text in texts(site) if name in unescape(text)}
    return shown - SCRIPTS


def _drawn(cache: Path, keep: Path) -> Path:
    """A copy of the files a first build drew into `cache` (logos, kits…), before any edit.

    They are keyed on what they show (cache/entries.py; their reuse is tested in
    test_cache.py and test_drawn_links.py): a build "from nothing" seeded with them draws
    only what the edits changed, and still renders, scores and makes every page and value
    anew. Drawing is half the CPU of a small build from an empty cache."""
    return Path(shutil.copytree(cache / "files", keep))


def _seeded(cache: Path, drawn: Path) -> Path:
    """A new cache folder holding nothing but the `drawn` files."""
    shutil.copytree(drawn, cache / "files")
    return cache


@pytest.mark.slow
def test_a_renamed_company_or_sector_rescores_nothing_and_shows_at_once(tmp_path, monkeypatch):
    """Names never change a mark: a rename keeps every edition's scores from the cache,
    and the site built from them names the company and the sector by their new names,
    byte for byte as a build from an empty cache does (one given only the drawn files of
    the first build: `_drawn`)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    data, cache = tmp_path / "data", tmp_path / "cache"
    write_demo_data(data, editions=2, archive=1, categories=5, first_year=2025)
    year = sorted(int(p.name) for p in (data / "seasons").iterdir())[-2]
    before = build_site(data, tmp_path / "before", AS_OF, cache=cache)
    drawn = _drawn(cache, tmp_path / "drawn")

    company = _rename_laureate(data, year, "Maison Verdier-Lumen")
    sector = _rename_sector(data, year, "Finances, Crédit et Prévoyance")
    store = Store(cache)
    store.begin()
    _, _, stats = load_and_score(data, store)
    store.close()
    assert (stats.scored, stats.reused) == (0, stats.editions), stats

    after = build_site(data, tmp_path / "after", AS_OF, cache=cache)
    empty_cache = _seeded(tmp_path / "empty-cache", drawn)
    empty = build_site(data, tmp_path / "empty", AS_OF, cache=empty_cache)
    assert_same_site(after, empty)
    for old, new in (company, sector):
        shown = _naming(before, old)
        assert shown, f"{old} is nowhere on the site: the test renames nothing visible"
        assert not _naming(after, old), f"{old} still shown"
        now = _naming(after, new)
        # The search index's files are named by their content: a renamed page's fragment
        # has a new name, so the index is compared as a whole, every other file by path.
        index = {p for p in shown if p.startswith("pagefind/")}
        assert shown - index <= now, sorted(shown - index - now)[:10]
        assert not index or any(p.startswith("pagefind/") for p in now)


def _serve_environment(tmp_path: Path, monkeypatch) -> None:
    """What `escda serve` reads of its process here: its cache, its date, a fixed epoch."""
    env = {
        "ESCDA_CACHE": str(tmp_path / "cache"),
        "ESCDA_AS_OF": AS_OF,
        "SOURCE_DATE_EPOCH": "1800000000",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)


@pytest.mark.slow
def test_serve_rebuilds_only_what_changed_and_equals_a_full_build(tmp_path, monkeypatch):
    data = tmp_path / "data"
    write_demo_data(data, editions=2, archive=1, categories=5, first_year=2025)
    years = sorted(int(p.name) for p in (data / "seasons").iterdir())
    last = years[-1]
    # The last edition is proclaimed after AS_OF: under embargo until `_proclaim_now`.
    assert yaml.safe_load((data / "seasons" / str(last) / "season.yaml").read_text())[
        "proclamation"
    ] > datetime.fromisoformat(AS_OF)
    _serve_environment(tmp_path, monkeypatch)
    # content/ copied, with a hand-written page: its stylesheet and the page are edited.
    docs = tmp_path / "content"
    shutil.copytree(ROOT / "content", docs)
    _write_press_page(docs)
    server = Server(tmp_path / "served", data, docs, pages=[PRESS])
    pages = server.plugin.counts["pages"]
    fulls = FullBuilds(dict(os.environ))  # the serve environment included

    assert server.rebuild() == 0, "an unchanged rebuild renders no page"
    full0 = fulls.build(tmp_path / "full0", data, docs, [PRESS])
    assert_same_site(server.site_dir, full0)

    edits = [
        ("a score", lambda: _edit_score(data, years[-2])),
        ("a company name", lambda: _rename_laureate(data, years[-2])),
        ("a sector name", lambda: _rename_sector(data, years[-2], "Finances et Prévoyance")),
        ("the stylesheet", lambda: _edit_stylesheet(docs)),
        ("a content page", lambda: _edit_content_page(docs)),
        ("a new category", lambda: _new_category(data, years[-2])),
        ("a proclamation passing", lambda: _proclaim_now(data, last)),
    ]
    rendered = {}
    for i, (what, edit) in enumerate(edits, start=1):
        edit()
        rendered[what] = server.rebuild()
        full = fulls.build(tmp_path / f"full{i}", data, docs, [PRESS])
        assert_same_site(server.site_dir, full)
    fulls.close()
    assert 0 < rendered["a score"] < pages / 2, rendered
    assert rendered["a content page"] == 1, rendered


def _build_with(
    site_dir: Path, data: Path, docs: Path, cache: Path, config_file: Path = CONFIG
) -> list[str]:
    """`escda build` of `data` and `docs` (with a hand-written page) using `cache`: the
    pages whose Markdown render was taken from the cache (engine/renders.py). How many
    pages' HTML was taken as an earlier build made it (engine/page_outputs.py) is left in
    `OUTPUTS_KEPT`."""
    from escda_site.engine import adapter

    kept: list[str] = []
    set_rendered = adapter.set_rendered

    def counted(page, **values) -> None:
        kept.append(page.file.src_uri)
        set_rendered(page, **values)

    options = plugin_options(
        config_file, data_dir=str(data), cache_dir=str(cache), pages=[{"Presse": "presse.md"}]
    )
    config = load_config(str(config_file), site_dir=str(site_dir), docs_dir=str(docs), **options)
    config.plugins.on_startup(command="build", dirty=False)
    adapter.set_rendered = counted
    try:
        build(config)
    finally:
        adapter.set_rendered = set_rendered
    outputs = config.plugins["escda"].outputs
    OUTPUTS_KEPT[:] = [outputs.kept if outputs else 0]
    return kept


OUTPUTS_KEPT = [0]


def _page_html(site: Path, src: str) -> str:
    return unescape((site / src.replace(".md", ".html")).read_text(encoding="utf-8"))


@pytest.mark.slow
def test_a_build_from_kept_renders_equals_a_build_from_nothing(tmp_path, monkeypatch):
    """A page whose Markdown did not change is not converted again, and the site is byte
    for byte the one an empty cache gives, after each kind of edit an organiser makes.

    The builds from nothing start with the files the first build drew (see `_drawn`):
    every render, page and value is made again, the logos only if an edit changed them."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    monkeypatch.setenv("ESCDA_AS_OF", AS_OF)
    data, cache = tmp_path / "data", tmp_path / "cache"
    write_demo_data(data, editions=2, archive=1, categories=5, first_year=2025)
    year = sorted(int(p.name) for p in (data / "seasons").iterdir())[-2]
    docs = tmp_path / "content"
    shutil.copytree(ROOT / "content", docs)
    press = docs / "presse.md"
    press.write_text("# Presse\n\nVoir le [palmarès](palmares/index.md).\n", encoding="utf-8")
    assert _build_with(tmp_path / "first", data, docs, cache) == []
    assert OUTPUTS_KEPT[0] == 0
    drawn = _drawn(cache, tmp_path / "drawn")
    # Nothing changed: no page is converted again, nor put through the theme's templates,
    # nor cut again for the search (what Pagefind is given is kept with the page's HTML).
    cuts: list[str] = []
    cut = page_outputs.page_document
    monkeypatch.setattr(page_outputs, "page_document", lambda html: cuts.append(html) or cut(html))
    unchanged = _build_with(tmp_path / "unchanged", data, docs, cache)
    assert cuts == []
    monkeypatch.setattr(page_outputs, "page_document", cut)
    assert_same_site(tmp_path / "unchanged", tmp_path / "first")
    pages = len(unchanged)
    assert pages == len(set(unchanged)) and "presse.md" in unchanged
    assert OUTPUTS_KEPT[0] == pages

    def content() -> None:
        press.write_text(press.read_text(encoding="utf-8") + "\nContact : la page Contact.\n")

    edits = [
        ("a score", lambda: _edit_score(data, year)),
        ("a company name", lambda: _rename_laureate(data, year, "Maison Verdier-Lumen")),
        ("a sector name", lambda: _rename_sector(data, year, "Finances et Prévoyance")),
        ("a content page", content),
    ]
    kept, outputs = {}, {}
    for i, (what, edit) in enumerate(edits, start=1):
        edit()
        kept[what] = _build_with(tmp_path / f"kept{i}", data, docs, cache)
        outputs[what] = OUTPUTS_KEPT[0]
        empty_cache = _seeded(tmp_path / f"empty-cache{i}", drawn)
        empty = _build_with(tmp_path / f"empty{i}", data, docs, empty_cache)
        assert empty == []
        assert_same_site(tmp_path / f"kept{i}", tmp_path / f"empty{i}")
    # Only what an edit changed is converted again.
    assert "presse.md" not in kept["a content page"]
    assert len(kept["a content page"]) == pages - 1
    for what in ("a score", "a company name", "a sector name"):
        assert pages / 2 < len(kept[what]) < pages, (what, len(kept[what]))
    # A renamed sector's category pages name it in plain text only: each is not converted
    # again, its kept render takes the new name (engine/renders.py); converted again are
    # only the pages that make ids (headings) or code of it.
    converted = set(unchanged) - set(kept["a sector name"])
    categories = {p for p in unchanged if re.fullmatch(r"\d{4}/[^/]+/index\.md", p)}
    renamed = tmp_path / "kept3"
    naming = {p for p in categories if "Finances et Prévoyance" in _page_html(renamed, p)}
    assert naming, "no category page names the renamed sector"
    assert not naming & converted, sorted(naming & converted)
    # A page's HTML is kept while nothing it shows changed (its content, the navigation).
    assert outputs["a content page"] == pages - 1, outputs
    for what in ("a score", "a sector name"):
        assert 0 < outputs[what] < pages, (what, outputs)


@pytest.mark.slow
def test_a_page_is_rendered_again_when_a_template_of_the_theme_changes(tmp_path, monkeypatch):
    """A page kept from an earlier build (engine/page_outputs.py) is made again when a
    template of the project's `overrides/` changes: the new footer shows on every page."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    monkeypatch.setenv("ESCDA_AS_OF", AS_OF)
    data, cache = tmp_path / "data", tmp_path / "cache"
    write_demo_data(data, editions=1, archive=0, categories=2, first_year=2026)
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(CONFIG, project / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    docs = project / "content"
    shutil.copytree(ROOT / "content", docs)
    (docs / "presse.md").write_text("# Presse\n\nContact.\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    _build_with(tmp_path / "first", data, docs, cache, config)
    _build_with(tmp_path / "second", data, docs, cache, config)
    pages = OUTPUTS_KEPT[0]
    assert pages > 10
    partial = project / "overrides" / "partials" / "copyright.html"
    partial.write_text(
        partial.read_text(encoding="utf-8") + "<p>Mention ajoutée</p>\n", encoding="utf-8"
    )
    _build_with(tmp_path / "third", data, docs, cache, config)
    assert OUTPUTS_KEPT[0] == 0
    home = (tmp_path / "third" / "index.html").read_text(encoding="utf-8")
    assert "Mention ajoutée" in home


@pytest.mark.slow
def test_serve_without_a_date_renders_nothing_again_when_nothing_changed(tmp_path, monkeypatch):
    """`escda serve` without --as-of builds as of now, a moment that moves at every
    rebuild: the pages print the day, so an unchanged rebuild still renders no page."""
    monkeypatch.delenv("ESCDA_AS_OF", raising=False)
    monkeypatch.setenv("ESCDA_CACHE", str(tmp_path / "cache"))
    data = tmp_path / "data"
    write_demo_data(data, editions=1, archive=1, categories=3, first_year=2024)
    server = Server(tmp_path / "served", data, ROOT / "content")
    assert server.plugin.counts["pages"] > 0
    assert server.rebuild() == 0


def _site_bytes(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_a_rebuild_makes_again_only_the_files_whose_content_changed(tmp_path, monkeypatch):
    """Under serve, a data or logo file whose content did not change keeps its engine
    object: an unchanged rebuild makes none, a score edit only those of what it changed
    (the archive has 12,000 such files; making and hashing them all was a second of CPU
    at every save)."""
    from mkdocs.structure.files import File

    monkeypatch.setenv("ESCDA_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("ESCDA_AS_OF", AS_OF)
    data = tmp_path / "data"
    write_demo_data(data, editions=2, archive=1, categories=5, first_year=2025)
    year = sorted(int(p.name) for p in (data / "seasons").iterdir())[-2]
    made: list[str] = []
    generated = File.generated.__func__

    def counted(cls, config, src_uri, **kwargs):
        made.append(src_uri)
        return generated(cls, config, src_uri, **kwargs)

    monkeypatch.setattr(File, "generated", classmethod(counted))
    server = Server(tmp_path / "served", data, ROOT / "content")
    assert len([p for p in made if not p.endswith(".md")]) > 100

    # The first rebuild takes from the store the files the first build drew (other paths).
    assert server.rebuild() == 0
    made.clear()
    assert server.rebuild() == 0
    assert [p for p in made if not p.endswith(".md")] == []

    before = _site_bytes(server.site_dir)
    made.clear()
    _edit_score(data, year)
    server.rebuild()
    after = _site_bytes(server.site_dir)
    changed = {p for p, content in after.items() if before.get(p) != content}
    files = {p for p in made if not p.endswith(".md")}
    assert files, "the edited edition's open data changed: its files are made again"
    assert files <= changed, sorted(files - changed)[:10]


class _Browser:
    """The engine's development server as the plugin sees it: the pages asked for, and the
    rebuild asked for after a rebuild focused on one page (engine/serve_focus.py)."""

    mount_path = "/"

    def __init__(self) -> None:
        import threading

        self._rebuild_cond = threading.Condition()
        self._want_rebuild = False

    def _serve_request(self, environ, start_response):
        return None

    def ask(self, url: str) -> None:
        self._serve_request({"PATH_INFO": "/" + url}, None)


@pytest.mark.slow
def test_serve_rebuilds_the_page_in_view_first_then_the_rest(tmp_path, monkeypatch):
    """After a renamed sector, the page open in the browser is rendered alone and served
    as a full build makes it; the rebuild that follows at once brings every other page
    and file up to date, byte for byte a full build."""
    data = tmp_path / "data"
    write_demo_data(data, editions=2, archive=1, categories=5, first_year=2025)
    year = sorted(int(p.name) for p in (data / "seasons").iterdir())[-2]
    _serve_environment(tmp_path, monkeypatch)
    server = Server(tmp_path / "served", data, ROOT / "content")
    browser = _Browser()
    server.plugin.on_serve(browser, None, None)
    _, results, _ = load_and_score(data)
    category = next(c.category for c in results[year].categories if c.laureates)
    page = f"{year}/{category.slug}/index.html"
    browser.ask(f"{year}/{category.slug}/")
    fulls = FullBuilds(dict(os.environ))  # the serve environment included

    old, new = _rename_sector(data, year, "Finances et Prévoyance")
    assert server.rebuild() == 1, "only the page in view is rendered first"
    for _ in range(100):  # asked for once the browser had time to load the page again
        if browser._want_rebuild:
            break
        time.sleep(0.1)
    assert browser._want_rebuild, "the rest is rebuilt next"
    full = fulls.build(tmp_path / "full", data, ROOT / "content")
    served = server.site_dir
    assert (served / page).read_bytes() == (full / page).read_bytes()
    sector_page = f"secteurs/{category.sector}/index.html"
    assert old in unescape((served / sector_page).read_text(encoding="utf-8"))

    browser._want_rebuild = False
    assert server.rebuild() > 1
    assert not browser._want_rebuild, "a whole rebuild asks for no other"
    assert new in unescape((served / sector_page).read_text(encoding="utf-8"))
    assert_same_site(served, full)
    fulls.close()
