"""Incremental rebuilds for `escda serve`: only pages whose rendering can differ are rendered.

MkDocs' `dirty` builds skip a page when `File.is_modified()` is false, and leave the previous
output in place. MkDocs decides that from file dates, which says nothing about generated
pages, and a dirty build alone is not a full build: files that disappeared stay, the theme
is compiled again. This module makes a dirty build produce exactly what a full build does:

- a page is rendered again when its *render key* changed: its source, the navigation
  rendered into every page, the site-wide context (configuration, `extra`, the plugin's
  embargo state, the build date), or the existence of a page it links to (the lookups
  MkDocs made while rendering it are recorded);
- other files are written again when their content (or source file) changed;
- outputs of files that no longer exist are removed;
- the theme's Jinja environment (compiled templates) is kept between rebuilds;
- a generated file that is not a page (data files, logo files: 12,000 of the archive's
  13,400) keeps its `File` while its content is the same object (or equal), so neither the
  object, nor its paths, nor the digest of its content are made again: a rebuild's plan
  works on what changed.

The site search is not an engine plugin: Pagefind indexes the written site after the
build (`engine.postbuild`), whatever was rendered. Any plugin besides escda (a search
plugin included) turns this mode off: full builds, since what another plugin keeps between
builds is unknown. What MkDocs' plugin API does not offer (telling a dirty build which
files changed, seeing a page's link lookups, keeping the compiled theme) goes through
`engine.adapter`.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from escda_site.engine import adapter, engines

log = logging.getLogger(f"{engines.logger_root()}.plugins.escda")

# Plugins whose behaviour this module knows; with any other, every build is a full one.
KNOWN_PLUGINS = {"escda"}


def _digest(*parts: object) -> str:
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part if isinstance(part, bytes) else repr(part).encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def nav_signature(nav: Navigation) -> str | None:
    """What of the navigation every page renders: titles, URLs and structure.

    None when a page of the navigation has no title of its own: it would take it from its
    content, which the signature cannot know before rendering it.
    """
    untitled = [p for p in nav.pages if not adapter.has_own_title(p)]
    if untitled:
        return None

    def walk(items: list) -> list:
        out: list = []
        for item in items:
            if isinstance(item, Section):
                out.append(("S", item.title, walk(item.children)))
            elif isinstance(item, Link):
                out.append(("L", item.title, item.url))
            else:
                out.append(("P", item.title, item.url, item.file.src_uri))
        return out

    return _digest(walk(nav.items))


def _tree_stamp(folder: str | None) -> tuple:
    """Names, sizes and dates of a folder's files (a theme override edited while serving)."""
    if not folder or not os.path.isdir(folder):
        return ()
    stamp = []
    for root, _dirs, names in sorted(os.walk(folder)):
        for name in sorted(names):
            st = os.stat(os.path.join(root, name))
            stamp.append((root, name, st.st_size, st.st_mtime_ns))
    return tuple(stamp)


def _source_identity(file: File) -> tuple:
    """What a non-page file's output is made of: its content, or its source file's identity."""
    content = adapter.generated_content(file)
    if content is not None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        return ("content", _digest(data))
    assert file.abs_src_path is not None
    st = os.stat(file.abs_src_path)
    return ("path", file.abs_src_path, st.st_size, st.st_mtime_ns)


@dataclass
class _PageRecord:
    key: str
    lookups: dict[str, str | None]  # link target looked up while rendering → its URL, or None


@dataclass
class Incremental:
    """State kept by the plugin between the rebuilds of one `escda serve`."""

    pages: dict[str, _PageRecord] = field(default_factory=dict)
    statics: dict[str, tuple] = field(default_factory=dict)  # dest path → source identity
    outputs: set[str] = field(default_factory=set)  # dest paths written by the last build
    site_dir: str = ""
    env: Any = None
    env_stamp: tuple = ()
    rendered: int = 0  # pages rendered by the last build
    deferred: int = 0  # pages whose inputs changed left to the next build (`plan`'s focus)
    enabled: bool = True
    # Generated non-page files by path: the payload a File was made from, the File, and the
    # identity `plan` found for it (None until planned); valid for one `_files_stamp`.
    _files: dict[str, list] = field(default_factory=dict)
    _files_stamp: tuple = ()
    _sources: dict[str, tuple[object, str]] = field(default_factory=dict)  # page → digest
    # Per build:
    _pending: dict[str, tuple] = field(default_factory=dict)
    _keys: dict[str, str] = field(default_factory=dict)
    _lookups: dict[str, str | None] = field(default_factory=dict)
    _undo: Any = None

    # --- configuration ------------------------------------------------------------------

    def on_config(self, config: Any) -> None:
        """Check the plugins, keep the theme's compiled templates between rebuilds."""
        names = set(config.plugins)
        self.enabled = names <= KNOWN_PLUGINS
        if not self.enabled:
            log.info(f"escda: full rebuilds (plugins not known to the incremental mode: {names})")
            self._files.clear()
            return
        # What a File is made of besides its path and payload (where it is written, its
        # URL) and what MkDocs decides of it once (exclusions read from the configuration).
        files_stamp = (
            _read(config.config_file_path),
            config.docs_dir,
            config.site_dir,
            config.use_directory_urls,
        )
        if files_stamp != self._files_stamp:
            self._files.clear()
            self._files_stamp = files_stamp
        theme = config.theme
        stamp = (tuple(theme.dirs), theme.locale, _tree_stamp(theme.custom_dir))
        if self.env is None or stamp != self.env_stamp:
            self.env = theme.get_env()
            self.env_stamp = stamp
            adapter.freeze_template_list(self.env)
        adapter.keep_theme_env(theme, self.env)

    def generated_file(self, path: str, payload: object, make: Callable[[], File]) -> File:
        """The `File` of a generated non-page file at `path` made of `payload` (its content,
        or the store's file it is copied from): the previous rebuild's while the payload is
        the same, else `make()`."""
        known = self._files.get(path) if self.enabled else None
        if known is not None and (known[0] is payload or known[0] == payload):
            return known[1]
        file = make()
        if self.enabled:
            self._files[path] = [payload, file, None]
        return file

    # --- deciding what changed ----------------------------------------------------------

    def plan(
        self,
        config: Any,
        files: Files,
        nav: Navigation,
        context: object,
        build_date: str,
        focus: str | None = None,
    ) -> None:
        """Mark every file modified or not; `context` is the plugin's own rendering state,
        `build_date` the date the pages print (`--as-of`). With `focus` (a page's source
        path, engine/serve_focus.py), that page is the only one rendered: the others whose
        inputs changed keep their record, so the next rebuild renders them."""
        if not self.enabled:
            return
        if config.site_dir != self.site_dir:  # another output folder: nothing is there yet
            self.failed()
            self.outputs = set()
            self.site_dir = config.site_dir
        navigation = nav_signature(nav)
        site = _digest(
            _read(config.config_file_path),
            config.site_url,
            sorted((str(k), repr(v)) for k, v in config.extra.items()),
            build_date,
            self.env_stamp,
            context,
            navigation,
        )
        self._keys = {}
        self.deferred = 0
        pending: dict[str, tuple] = {}
        modified_pages = 0
        current: set[str] = set()
        by_uri = {f.src_uri: f for f in files}
        for file in files:
            current.add(file.abs_dest_path)
            if file.is_documentation_page():
                key = _digest(site, file.src_uri, self._source_digest(file))
                self._keys[file.src_uri] = key
                record = self.pages.get(file.src_uri)
                modified = (
                    navigation is None
                    or record is None
                    or record.key != key
                    or not os.path.isfile(file.abs_dest_path)
                    or any(_url(by_uri.get(uri)) != url for uri, url in record.lookups.items())
                )
                if modified and focus is not None and file.src_uri != focus:
                    self.deferred += 1
                    modified = False
                modified_pages += modified
            elif file.generated_by is None and file.src_dir and file.src_dir != config.docs_dir:
                continue  # a theme file: MkDocs' own date check is right for it
            else:
                identity = self._identity(file)
                modified = self.statics.get(file.abs_dest_path) != identity or not os.path.isfile(
                    file.abs_dest_path
                )
                pending[file.abs_dest_path] = identity
            adapter.set_modified(file, modified)
        self.rendered = modified_pages
        for stale in self.outputs - current:
            _remove(stale, config.site_dir)
        self._pending = pending
        self.outputs = current

    def _source_digest(self, file: File) -> str:
        """The digest of a page's source; of a generated page's, once while the content is
        the same object (a family of pages kept by `outputs.slices.GeneratedPages`)."""
        content = adapter.generated_content(file)
        known = self._sources.get(file.src_uri)
        if content is not None and known is not None and known[0] is content:
            return known[1]
        digest = _digest(file.content_bytes)
        if content is not None:
            self._sources[file.src_uri] = (content, digest)
        return digest

    def _identity(self, file: File) -> tuple:
        """`_source_identity(file)`, worked out once for a File kept across rebuilds (its
        payload, and so its identity, is the same)."""
        known = self._files.get(file.src_uri)
        if known is None or known[1] is not file:
            return _source_identity(file)
        if known[2] is None:
            known[2] = _source_identity(file)
        return known[2]

    def built(self) -> None:
        """The build wrote every file: what it wrote is now what is on disk."""
        self.statics = self._pending

    def failed(self) -> None:
        """A build failed half-way: nothing on disk can be trusted, the next one is full."""
        self.pages.clear()
        self.statics.clear()
        self._files.clear()
        self._sources.clear()

    # --- recording a page's rendering ---------------------------------------------------

    def start_page(self, page: Page, files: Files) -> None:
        """Record the link targets MkDocs looks up while rendering `page`."""
        if not self.enabled:
            return
        self._lookups = lookups = {}

        def seen(path: str, found: File | None) -> None:
            lookups[path] = _url(found)

        self._undo = adapter.record_lookups(files, seen)

    def end_page(self, page: Page, files: Files) -> None:
        """Keep what was recorded for `page` under its render key."""
        if not self.enabled:
            return
        if self._undo is not None:
            self._undo()
            self._undo = None
        uri = page.file.src_uri
        self.pages[uri] = _PageRecord(self._keys.get(uri, ""), self._lookups)


def _read(path: str | None) -> bytes:
    return Path(path).read_bytes() if path else b""


def _url(file: File | None) -> str | None:
    return None if file is None else file.url


def _remove(path: str, site_dir: str) -> None:
    """Remove a stale output and the folders it leaves empty, up to the site folder."""
    try:
        os.remove(path)
    except FileNotFoundError:
        return
    folder = os.path.dirname(path)
    top = os.path.abspath(site_dir)
    while os.path.abspath(folder).startswith(top + os.sep):
        try:
            os.rmdir(folder)
        except OSError:
            break
        folder = os.path.dirname(folder)


def quiet_dirty_warning() -> None:
    """MkDocs' dirty-build warning is wrong here (see `adapter.quiet_dirty_warning`)."""
    adapter.quiet_dirty_warning(engines.logger_root())
