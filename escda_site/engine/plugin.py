"""The MkDocs plugin: a thin adapter from the generators' `(path, content)` pairs to Files."""

from __future__ import annotations

import html
import logging
import os
import time
from datetime import UTC, datetime
from pathlib import Path

from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from escda_site.engine import search
from escda_site.engine.incremental import Incremental, quiet_dirty_warning
from escda_site.engine.outdir import OutputError, refuse_sources
from escda_site.inputs.load import paris_time
from escda_site.inputs.problems import DataError
from escda_site.outputs.logos import build_logo_assets, glyph_notes
from escda_site.outputs.site import site_outputs
from escda_site.public import urls
from escda_site.public.view import PublicSite, public_view
from escda_site.scoring.pipeline import load_and_score
from escda_site.text import frformat

log = logging.getLogger("mkdocs.plugins.escda")

# Pages listed in the navigation; every other generated page is linked from them and
# kept out of it, as rendering a big nav into every page costs quadratic time.
IN_NAV = {
    urls.source(u)
    for u in (
        urls.home(),
        urls.logo_page(),
        urls.sectors(),
        urls.companies(),
        urls.opendata_page(),
        urls.newsletter_page(),
    )
}


class EscdaConfig(base.Config):
    data_dir = c.Type(str, default="data")
    cache_dir = c.Type(str, default=".cache/escda")
    as_of = c.Optional(c.Type(str))
    preview = c.Type(bool, default=False)


def resolve_as_of(text: str | None) -> datetime:
    """The build's "now": an explicit value, else ESCDA_AS_OF, else the clock."""
    text = text or os.environ.get("ESCDA_AS_OF")
    if not text:
        return paris_time(datetime.now(UTC))
    try:
        return paris_time(datetime.fromisoformat(text))
    except ValueError:
        raise PluginError(f"ESCDA_AS_OF: not an ISO date or date-time: {text[:40]!r}") from None


def site_nav(site: PublicSite, about: list) -> list:
    """The short navigation: editions newest first, methodologies, then the index pages.

    Category, sector and company pages stay out of it (MkDocs renders the whole nav into
    every page: a thousand entries would cost more than the pages themselves).
    """
    src = urls.source
    nav: list = [{"Accueil": src(urls.home())}]
    if site.editions:
        nav.append({"Palmarès": [{str(e.year): src(urls.edition(e.year))} for e in site.editions]})
        nav.append(
            {"Méthodologie": [{str(e.year): src(urls.methodology(e.year))} for e in site.editions]}
        )
    nav += [
        {"Secteurs": src(urls.sectors())},
        {"Entreprises": src(urls.companies())},
        {"Le logo": src(urls.logo_page())},
        {"Données ouvertes": src(urls.opendata_page())},
        {"Lettre d'information": src(urls.newsletter_page())},
    ]
    if about:
        nav.append({"À propos": about})
    return nav


class EscdaPlugin(BasePlugin[EscdaConfig]):
    serving = False
    incremental: Incremental | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        # `escda serve` rebuilds dirty: only what changed is rendered (engine/incremental.py).
        self.incremental = Incremental() if self.serving and dirty else None
        if self.incremental:
            quiet_dirty_warning()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Per-build state is reset here: under `mkdocs serve` the plugin outlives builds.
        self.started = time.perf_counter()
        base_dir = Path(config.config_file_path or ".").parent
        # `escda build/serve --data` pass the folder through ESCDA_DATA.
        data = (base_dir / (os.environ.get("ESCDA_DATA") or self.config.data_dir)).resolve()
        cache_dir = os.environ.get("ESCDA_CACHE") or self.config.cache_dir
        self.cache_dir = (base_dir / cache_dir).resolve()
        if not config.site_url or not config.site_url.endswith("/"):
            raise PluginError("site_url must be set and end with '/' (absolute URLs need it)")
        self.site_url = config.site_url
        try:  # `mkdocs build` itself only keeps site_dir away from docs_dir
            refuse_sources(Path(config.site_dir), [("the data folder", data, True)])
        except OutputError as err:
            raise PluginError(str(err)) from None
        as_of = resolve_as_of(self.config.as_of)
        try:
            dataset, results, stats = load_and_score(data, self.cache_dir)
        except DataError as err:
            if not self.serving:
                raise
            # Under `serve`, say what is wrong and keep serving the last good build.
            raise PluginError(f"{err}:\n{err.report()}") from None
        self.site: PublicSite = public_view(dataset, results, as_of, self.config.preview)
        self.stats = stats
        hidden = stats.editions - len(self.site.editions)
        log.info(
            f"escda: {stats.editions} editions validated ({stats.scored} scored, "
            f"{stats.reused} from cache); {len(self.site.editions)} public"
            + (f", {hidden} under embargo" if hidden else "")
        )
        embargoed = [e.proclamation for e in self.site.editions if e.embargoed]
        self.embargo = frformat.moment(min(embargoed)) if embargoed else None
        self.proclaimed = {str(e.year) for e in self.site.editions if not e.embargoed}
        config.extra["escda"] = {
            "demo": self.site.demo,
            "preview": self.site.preview,
            "as_of": as_of.isoformat(),
        }
        # Hand-written pages of content/, listed in mkdocs.yml under extra.escda_pages.
        config.nav = site_nav(self.site, config.extra.get("escda_pages") or [])
        if str(data) not in config.watch:
            config.watch.append(str(data))
        if self.incremental:
            self.incremental.on_config(config)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        site, url = self.site, self.site_url
        in_nav = (
            IN_NAV
            | {urls.source(urls.edition(e.year)) for e in site.editions}
            | {urls.source(urls.methodology(e.year)) for e in site.editions}
        )
        outputs = site_outputs(site, url)
        pages, statics = outputs.pages, outputs.files
        for path, markdown in pages:
            inclusion = InclusionLevel.UNDEFINED if path in in_nav else InclusionLevel.NOT_IN_NAV
            self._add(files, File.generated(config, path, content=markdown, inclusion=inclusion))

        assets = build_logo_assets(site, self.cache_dir / "logos", url)
        for path, payload in assets.files:
            if isinstance(payload, bytes):
                self._add(files, File.generated(config, path, content=payload))
            else:
                self._add(files, File.generated(config, path, abs_src_path=str(payload)))
        for path, content in [*statics, *search.script_files()]:
            self._add(files, File.generated(config, path, content=content))
        self.counts = {
            "pages": len(pages),
            "logos": len(assets.files),
            "drawn": assets.drawn,
            "reused": assets.reused,
            "files": len(statics),
        }
        log.info(
            f"escda: {len(pages)} pages generated; logo files {len(assets.files)} "
            f"({assets.drawn} images drawn, {assets.reused} reused); {len(statics)} data files"
        )
        for note in glyph_notes(site):
            log.info(f"escda: note: {note}")
        return files

    def on_nav(self, nav, config: MkDocsConfig, files: Files):
        if self.incremental:
            state = (self.embargo, sorted(self.proclaimed))
            self.incremental.plan(config, files, nav, state)
        return nav

    def on_pre_page(self, page, config: MkDocsConfig, files: Files):
        if self.incremental:
            self.incremental.start_page(page, files)
        return page

    def on_page_content(self, html: str, page, config: MkDocsConfig, files: Files) -> str:
        if self.incremental:
            self.incremental.end_page(page, files)
        return html

    def on_build_error(self, error: Exception) -> None:
        if self.incremental:
            self.incremental.failed()

    def on_page_markdown(self, markdown: str, page, config: MkDocsConfig, files: Files) -> str:
        # A preview shows embargoed results on shared pages too (home, companies, sectors,
        # open data…): every page outside a proclaimed edition's folder carries the banner.
        folder = page.file.src_uri.split("/", 1)[0]
        if self.embargo and "embargo" not in page.meta and folder not in self.proclaimed:
            page.meta["embargo"] = self.embargo
            page.meta["robots"] = "noindex"
        # Material prints page titles and descriptions unescaped in several places; names
        # from the data can hold markup, so they become escaped Markup once, here.
        for key in ("title", "description"):
            value = page.meta.get(key)
            if isinstance(value, str) and not isinstance(value, Markup):
                page.meta[key] = Markup(html.escape(value, quote=True))
        return markdown

    @staticmethod
    def _add(files: Files, file: File) -> None:
        existing = files.get_file_from_path(file.src_uri)
        if existing is not None:
            # A hand-written page must not silently shadow a generated one, or vice versa.
            raise PluginError(f"{file.src_uri} is both in content/ and generated")
        files.append(file)

    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.incremental:
            self.incremental.built()
        search.fold_index(Path(config.site_dir))

    def summary(self) -> str:
        site = self.site
        cats = sum(len(e.categories) for e in site.editions)
        return (
            f"{len(site.editions)} editions, {cats} categories, {self.counts['pages']} pages, "
            f"{self.counts['logos']} logo files ({self.counts['drawn']} drawn, "
            f"{self.counts['reused']} reused), {self.stats.scored} editions scored, "
            f"{self.stats.reused} from cache"
        )
