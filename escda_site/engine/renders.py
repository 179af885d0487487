"""Markdown renders kept between builds: a page whose source did not change is not converted.

Python-Markdown is most of a warm archive build's CPU: 1,288 pages converted again on every
build although an edit changes a handful. What MkDocs' `Page.render` makes from a page —
its HTML, table of contents, title, anchors and the links to anchors it validates — is
kept in the build's store (`escda_site/cache/`), under a digest of everything it is made
of: the page's final Markdown (after every `on_page_markdown`), its source path and URL,
the Markdown extensions and their options, the link validation settings, the versions
of the engine and of the Markdown libraries, and the package's own code (its Markdown
extension).

A render also depends on other pages: each relative link becomes the URL of the page it
names. So the link targets a render looked up are kept with it, and a kept render is used
only when each of them still resolves to the same URL (looked up again, through whatever
records lookups for `escda serve`). A render that logged a warning (a broken or absolute
link, say) is never kept: the next build converts it again and warns again, so `strict`
fails as it would without the cache.

MkDocs' `Page` is written through `engine.adapter` only.
"""

from __future__ import annotations

import hashlib
import logging
from importlib import metadata
from typing import Any

from escda_site.cache.store import Store
from escda_site.engine import adapter, engines
from escda_site.source import source_digest

KIND = "renders"


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def versions() -> str:
    """The versions of the engines, the theme and the Markdown libraries installed."""
    names = ("mkdocs", "properdocs", "markdown", "pymdown-extensions", "mkdocs-material")
    out = []
    for name in names:
        try:
            out.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name}=-")
    return ",".join(out)


def settings_digest(config: Any) -> str:
    """What every page's render depends on besides its own Markdown and URL."""
    described = repr(
        (
            engines.logger_root(),
            versions(),
            # Markdown extensions of this package (engine/focusable_tables.py) are code too.
            source_digest("*.py"),
            list(config["markdown_extensions"]),
            sorted((str(k), repr(v)) for k, v in (config["mdx_configs"] or {}).items()),
            repr(config["validation"]),
            config["use_directory_urls"],
        )
    )
    return hashlib.sha256(described.encode("utf-8", "surrogatepass")).hexdigest()


def _key(settings: str, page: Any) -> str:
    digest = hashlib.sha256(settings.encode())
    for part in (page.file.src_uri, page.file.url, page.markdown or ""):
        data = part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


def keep_renders(page: Any, store: Store, settings: str) -> None:
    """Make `page.render` take a kept render when its inputs are the same, else render
    and keep what it made (see the module's docstring)."""
    render = page.render  # MkDocs' own, bound to the page

    def cached_render(config: Any, files: Any) -> None:
        name = _key(settings, page)
        kept = store.load(KIND, name)
        if isinstance(kept, dict) and _still_linked(kept, files):
            adapter.set_rendered(
                page,
                content=kept["content"],
                toc_tokens=kept["toc"],
                title=kept["title"],
                anchors=set(kept["anchors"]),
                links={
                    files.get_file_from_path(uri): links for uri, links in kept["links"].items()
                },
            )
            return
        lookups: dict[str, str | None] = {}
        warnings = _Warnings()
        logger = logging.getLogger(f"{engines.logger_root()}.structure.pages")
        logger.addHandler(warnings)
        undo = adapter.record_lookups(
            files, lambda path, found: lookups.setdefault(path, _url(found))
        )
        try:
            render(config, files)
        finally:
            undo()
            logger.removeHandler(warnings)
        if warnings.count or None in lookups.values():
            return
        made = adapter.rendered(page)
        if made is None:
            return
        store.save(KIND, name, {**made, "lookups": lookups})

    adapter.replace_render(page, cached_render)


def _still_linked(kept: dict, files: Any) -> bool:
    """Each link target of a kept render resolves to the same URL now (looked up again,
    so that whatever records this page's lookups sees them)."""
    return all(
        _url(files.get_file_from_path(path)) == url for path, url in kept["lookups"].items()
    ) and all(files.get_file_from_path(uri) is not None for uri in kept["links"])


def _url(file: Any) -> str | None:
    return None if file is None else file.url
