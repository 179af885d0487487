"""The MkDocs plugin: a thin adapter from the generators' `(path, content)` pairs to Files.

Its options are declared in `engine.config`; what each page says about itself (title,
description, embargo, robots) is decided by `public.page_meta`, baked into the generated
pages and applied here to the hand-written ones.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from escda_site import progress
from escda_site.cache.store import CacheError, Store, slot_name
from escda_site.engine import adapter, engines, renders
from escda_site.engine.build_data import Scored, load_data, open_store
from escda_site.engine.config import EscdaConfig, as_of_datetime
from escda_site.engine.drawn_links import DrawnLinks
from escda_site.engine.held import HeldRenders
from escda_site.engine.incremental import KNOWN_PLUGINS, Incremental, quiet_dirty_warning
from escda_site.engine.outdir import OutputError, refuse_sources
from escda_site.engine.page_outputs import KeptOutputs, search_document, site_digest
from escda_site.engine.postbuild import finish_site, gzip_sitemap
from escda_site.engine.published import generated_file
from escda_site.engine.search_index import SearchIndexError
from escda_site.engine.serve_focus import Focus
from escda_site.engine.serve_search import SearchRefresher
from escda_site.engine.tree import PAGE_SCRIPTS, hand_written_meta, site_tree, theme_values
from escda_site.inputs.problems import ROWS_SHOWN
from escda_site.outputs.navigation import site_nav
from escda_site.outputs.slices import GeneratedPages
from escda_site.public import urls
from escda_site.public.view import PublicSite, public_view
from escda_site.text import wording
from escda_site.text.typography import typeset_html, typeset_text

# Under the engine's own logger tree (mkdocs.* or properdocs.*), as any plugin's.
log = logging.getLogger(f"{engines.logger_root()}.plugins.escda")


class EscdaPlugin(BasePlugin[EscdaConfig]):
    serving = False
    incremental: Incremental | None = None
    kept_pages: GeneratedPages | None = None
    held: HeldRenders | None = None  # a full build's rendered pages, until written
    outputs: KeptOutputs | None = None  # a full build's pages kept from earlier builds
    search: SearchRefresher | None = None  # under `serve`: the index made after serving
    store: Store | None = None  # kept across the rebuilds of a serve
    last_good: Scored | None = None  # under serve: the data shown while an edit has problems
    focus: Focus | None = None  # under serve: the page rebuilt first (serve_focus)
    focused: str | None = None  # this build's: that page's source path, if focused
    sources: dict[str, str] = {}  # under serve: each page's source path by its URL
    links: DrawnLinks | None = None  # a build's: the published build's drawn files linked
    # What the build shows of its progress: `escda build` sets it on a terminal.
    display: progress.Display = progress.NONE

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # The engine's internals this plugin relies on were read in known versions only.
        try:
            adapter.check_versions()
        except engines.UnsupportedEngine as err:
            raise PluginError(str(err)) from None
        self.serving = command == "serve"
        # `escda serve` rebuilds dirty: only what changed is rendered (engine/incremental.py).
        self.incremental = Incremental() if self.serving and dirty else None
        # Under `serve`, the pages of each family are kept for the next rebuild, and the
        # search index is made after the pages are served.
        self.kept_pages = GeneratedPages() if self.serving else None
        self.focus = Focus() if self.incremental else None
        self.search = SearchRefresher.renew(self.search, self.serving)
        if self.incremental:
            quiet_dirty_warning()
        # What the search reads of each page, cut as the page is written (on_post_page), by
        # path in the site: kept across the rebuilds of a serve, which write changed pages only.
        self.search_documents: dict[str, bytes | None] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        if self.search is not None:
            self.search.build_started()  # an index being made of the pages now is void
        # Per-build state is reset here: under `mkdocs serve` the plugin outlives builds.
        self.generated: set[str] = set()
        if not config.site_url or not config.site_url.endswith("/"):
            raise PluginError("site_url must be set and end with '/' (absolute URLs need it)")
        self.site_url = config.site_url
        as_of = self.config.as_of or as_of_datetime(None)
        preview = self.config.preview
        # The build's "now": the same data and as-of give the same bytes (on_post_build).
        self.as_of = as_of
        log.info(f"escda: building {'preview ' if preview else ''}site as of {as_of.isoformat()}")
        data = Path(self.config.data_dir)
        cache = Path(self.config.cache_dir).resolve() if self.config.cache else None
        try:  # `mkdocs build` itself only keeps site_dir away from docs_dir
            refuse_sources(Path(config.site_dir), [("the data folder", data, True)])
            self.store = open_store(self.store, cache, config, data, self.serving, self.display)
        except (OutputError, CacheError) as err:
            raise PluginError(str(err)) from None
        # Under `serve`, data with problems leaves the last good data on show under a banner.
        scored, problems = load_data(data, self.store, self.serving, self.last_good)
        if not problems:
            self.last_good = scored
        dataset, results, stats = scored
        self.site: PublicSite = public_view(dataset, results, as_of, preview)
        self.stats = stats
        hidden = stats.editions - len(self.site.editions)
        log.info(
            f"escda: {stats.editions} editions validated ({stats.scored} scored, "
            f"{stats.reused} from cache); {len(self.site.editions)} public"
            + (f", {hidden} under embargo" if hidden else "")
        )
        # What overrides/ print: banners, footer, links (the exported tree carries the same).
        config.extra["escda"] = {
            **theme_values(self.site),
            "problems": problems[:ROWS_SHOWN],  # only ever under `serve`
        }
        # The award's name, its mark and the footer line come from the package: mkdocs.yml
        # keeps a site_name only because MkDocs requires one.
        for key, value in wording.site_identity().items():
            config[key] = typeset_text(value)
        config.theme["favicon"] = urls.favicon()
        config.theme["logo"] = urls.header_mark()
        config["nav"] = site_nav(self.site, self.config.pages)
        for script in PAGE_SCRIPTS:
            if script not in config.extra_javascript:
                config.extra_javascript.append(script)
        # The one watch of the data folder (`mkdocs serve` / `escda serve` rebuild on edits).
        if str(data) not in config.watch:
            config.watch.append(str(data))
        if self.incremental:
            self.incremental.on_config(config)
        self.render_settings = renders.settings_digest(config)
        # A renamed sector finds the renders of the pages naming it (engine/renders.py).
        self.name_slots = renders.name_slots((s.slug, s.name) for s in self.site.sectors)
        return config

    def show_progress(self, display: progress.Display) -> None:
        """Report the work of the builds to come on `display` (`escda build`, on a terminal)."""
        self.display = display

    def on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        # Under `serve` every rebuild follows an edit (or a new "now"): the cached tree
        # would never be read again, and writing it would only slow the loop.
        inputs = "" if self.serving else self.stats.inputs
        assert self.store is not None
        # After an edit, the page open in the browser first, the rest next (serve_focus).
        self.focused = self.focus.page(self.sources) if self.focus else None
        if self.kept_pages is not None:
            self.kept_pages.focus_on(self.focused)
        tree = site_tree(self.site, self.site_url, self.store, inputs, self.kept_pages)
        for path, markdown in tree.pages:
            listed = path in tree.listed
            inclusion = InclusionLevel.UNDEFINED if listed else InclusionLevel.NOT_IN_NAV
            self._add(files, File.generated(config, path, content=markdown, inclusion=inclusion))
        self.generated = {path for path, _ in tree.pages}
        keep = not self.serving and self.store.enabled
        self.links = DrawnLinks(self.store, Path(config.site_dir)) if keep else None
        for path, payload in tree.files:
            file = generated_file(config, path, payload, self.serving, self.incremental, self.links)
            self._add(files, file)
        self.counts = {
            "pages": len(tree.pages),
            "logos": tree.logos,
            "drawn": tree.drawn,
            "reused": tree.reused,
        }
        data_files = len(tree.files) - tree.logos
        how = "taken from the cache (same inputs)" if tree.from_cache else "generated"
        log.info(
            f"escda: {len(tree.pages)} pages {how}; logo files {tree.logos} "
            f"({tree.drawn} images drawn, {tree.reused} reused); {data_files} data files"
        )
        for note in tree.notes:
            log.info(f"escda: note: {note}")
        return files

    def on_nav(self, nav, config: MkDocsConfig, files: Files):
        self.nav = nav
        self.tabs = {p.file.src_uri: p for p in nav.pages}
        self.page_paths = {f.dest_uri for f in files.documentation_pages()}
        self.lit = None
        total = len(files.documentation_pages())
        self.rendering = self.display.task("rendering pages", total)
        self.writing = self.display.task("writing pages", total)
        # Unless another plugin could read a page's HTML before it is written.
        full = self.config.enabled and not self.serving
        self.held = HeldRenders() if full and set(config.plugins) <= KNOWN_PLUGINS else None
        self.outputs = None  # made in on_env, once every page is rendered
        if self.incremental and self.config.enabled:
            # What the metadata of the hand-written pages depends on (page_meta).
            state = (
                self.site.preview,
                [(e.year, e.embargoed, e.proclamation) for e in self.site.editions],
            )
            # The day the pages print, not the moment: without --as-of a serve's "now"
            # moves at every rebuild, and every page would be rendered again for it.
            # What the moment decides (which editions are under embargo) is in `state`.
            day = self.as_of.date().isoformat()
            self.incremental.plan(config, files, nav, state, day, self.focused)
            self.sources = {f.url: f.src_uri for f in files.documentation_pages()}
        return nav

    def on_pre_page(self, page, config: MkDocsConfig, files: Files):
        if self.incremental:
            self.incremental.start_page(page, files)
        if self.held is not None:
            self.held.hold_last()
        return page

    def on_page_content(self, html: str, page, config: MkDocsConfig, files: Files) -> str:
        self.rendering.advance()
        if self.incremental:
            self.incremental.end_page(page, files)
        elif self.config.enabled and not self.serving:
            adapter.release_sources(page)
        if self.held is not None:
            self.held.rendered(page)
        return html

    def on_page_context(self, context, page, config: MkDocsConfig, nav):
        # The reader sees the page typeset; the search box folds apostrophes (search.js).
        if self.config.enabled:
            # A page out of the navigation lights the tab page_meta names (off after).
            self.lit = self.tabs.get(page.meta.get("tab") or "")
            if self.lit is not None:
                adapter.set_active(self.lit, True)
            html = page.content if self.held is None else self.held.restore(page)
            if self.outputs is not None and self.outputs.look_up(page, context, html or ""):
                return context  # its HTML is the one kept: neither typeset nor rendered
            adapter.set_content(page, typeset_html(html))
            if page.meta.get("title"):  # <title>, header and share tags; escaped already
                page.meta["title"] = typeset_text(page.meta["title"])
            for item in _toc_items(page.toc):
                adapter.set_title(item, typeset_html(item.title))
        return context

    def on_post_page(self, output: str, page, config: MkDocsConfig) -> str:
        self.writing.advance()
        if self.config.enabled:
            self.search_documents[page.file.dest_uri] = search_document(self.outputs, page, output)
            if not self.serving:
                adapter.release_render(page)
        if getattr(self, "lit", None) is not None:
            adapter.set_active(self.lit, False)
            self.lit = None
        return output

    def on_serve(self, server, config: MkDocsConfig, builder):
        if self.focus is not None:
            self.focus.attach(server)  # which page the organiser's browser shows
        return server

    def on_build_error(self, error: Exception) -> None:
        if self.incremental:
            self.incremental.failed()
        self._end_build(None)

    def on_shutdown(self) -> None:
        self.search = SearchRefresher.renew(self.search, False)
        if self.store is not None:
            self.store.close()
            self.store = None

    def _end_build(self, site_dir: Path | None) -> None:
        """Record what the build used and prune the cache (not under serve: a rebuild
        follows each edit); a store without cache removes its scratch files."""
        if self.store is None:
            return
        self.store.end(None if self.serving or site_dir is None else slot_name(site_dir))
        if not self.serving or not self.store.enabled:
            self.store.close()

    def on_page_markdown(self, markdown: str, page, config: MkDocsConfig, files: Files) -> str:
        # Generated pages carry their metadata already; hand-written ones get it here.
        if self.config.enabled and page.file.src_uri not in self.generated:
            page.meta.update(
                hand_written_meta(self.site, self.site_url, page.file.src_uri, page.meta, markdown)
            )
        if self.config.enabled and self.store is not None and self.store.enabled:
            # Converted again only if its Markdown (or a page it links to) changed.
            renders.keep_renders(page, self.store, self.render_settings, self.name_slots)
        # « ESCDA » spelled out (<abbr>) on every page that uses it, hand-written or not.
        return wording.with_abbreviations(markdown) if self.config.enabled else markdown

    def on_env(self, env, config: MkDocsConfig, files: Files):
        if self.held is not None:
            self.held.hold_last()  # the last page rendered
        if not self.config.enabled:
            return env
        # French typography where the theme prints our words: titles (navigation, tabs,
        # <title>, header, previous/next); page contents are typeset one by one
        # (on_page_context), the site's names in on_config, and the overrides' own text is
        # written typeset. Typesetting each whole page would redo the navigation,
        # identical on every page, a thousand times (most of a warm build's overhead).
        for item in _nav_items(self.nav.items):
            if item.title:
                adapter.set_title(item, typeset_text(item.title))
        # A full build (held renders: no other plugin, not serve) with a cache takes the
        # pages whose inputs did not change as an earlier build made them (page_outputs).
        if self.held is not None and self.store is not None and self.store.enabled:
            pages = files.documentation_pages()
            site = site_digest(config, self.nav, pages)
            self.outputs = KeptOutputs(self.store, site, config.theme.dirs)
            return self.outputs.environment(env)
        return env

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        if self.config.enabled and template_name.endswith(".html"):
            return typeset_html(output)
        return output

    @staticmethod
    def _add(files: Files, file: File) -> None:
        existing = files.src_uris.get(file.src_uri)  # posix already: no PurePath per file
        if existing is not None:
            # A hand-written page must not silently shadow a generated one, or vice versa.
            raise PluginError(f"{file.src_uri} is both in content/ and generated")
        files.append(file)

    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.incremental:
            self.incremental.built()
        if not self.config.enabled:
            return
        site_dir = Path(config.site_dir)
        if self.outputs is not None:
            log.info(
                f"escda: {self.outputs.kept} pages as earlier builds made them (same inputs), "
                f"{self.outputs.rendered} rendered"
            )
        # MkDocs dates the gzip header by the clock (or SOURCE_DATE_EPOCH): by --as-of here.
        gzip_sitemap(site_dir, self.as_of)
        try:
            # Before the store ends: the search index it keeps is one of this build's entries.
            # The pages of this build only (a page gone is not searched), and only when no
            # other plugin could change a page after this one cut it: else they are read.
            documents = (
                {p: doc for p, doc in self.search_documents.items() if p in self.page_paths}
                if set(config.plugins) <= KNOWN_PLUGINS
                else None
            )
            # Under `serve`, the pages are served first and the index follows (serve_search).
            for step in finish_site(
                site_dir,
                self.store,
                typeset=False,
                documents=documents,
                search=self.search is None,
            ):
                log.info(f"escda: {step}")
        except SearchIndexError as err:  # the build fails (on_build_error); the previous site stays
            raise PluginError(str(err)) from None
        if self.focused is not None and self.focus is not None:
            # The page is served; the whole rebuild follows, then the search index.
            self.focus.focused_done()
        else:
            if self.focus is not None:
                self.focus.whole_done()
            if self.search is not None:
                self.search.build_done(site_dir, documents, self.store)
        if self.links is not None:
            log.info(f"escda: {self.links.keep()} drawn files linked to the published build's")
        self._end_build(site_dir)

    def summary(self) -> str:
        site = self.site
        cats = sum(len(e.categories) for e in site.editions)
        c = self.counts
        return (
            f"{_count(len(site.editions), 'edition')}, {_count(cats, 'category', 'categories')}, "
            f"{_count(c['pages'], 'page')}, {_count(c['logos'], 'logo file')} "
            f"({c['drawn']} drawn, {c['reused']} reused), "
            f"{_count(self.stats.scored, 'edition')} scored, {self.stats.reused} from cache"
        )


def _count(n: int, one: str, several: str = "") -> str:
    """The summary line is English: `1 edition`, `0 editions`, `2 categories`."""
    return f"{n} {one if n == 1 else several or one + 's'}"


def _nav_items(items):
    """Every section, page and link of the navigation, depth first."""
    for item in items:
        yield item
        yield from _nav_items(getattr(item, "children", None) or [])


def _toc_items(items):
    """Every entry of a page's table of contents, depth first."""
    for item in items:
        yield item
        yield from _toc_items(item.children)
