"""The one module that reaches into MkDocs', ProperDocs' and Material's objects.

Everything else talks to the engines through their plugin events and the values those
events return. What the plugin API does not offer is done here, and only here:

- `escda serve` renders again only the pages that changed (engine/incremental.py): it tells
  MkDocs' dirty build which files changed (`File.is_modified`), records the link lookups a
  page makes (`Files.get_file_from_path`), keeps the theme's compiled templates between
  rebuilds (`Theme.get_env`) and silences the dirty-build warning (under `strict` it would
  abort the build);
- cached logo files are published as copies made in the kernel (`File.copy_file`,
  `copy_out` in cache/entries.py);
- a page whose Markdown did not change takes its kept render instead of being converted
  again (`Page.render` and what it leaves on the page, engine/renders.py);
- French typography is applied to what the theme prints: a page's content, its table of
  contents and the navigation's titles (engine/plugin.py);
- a detail page out of the navigation marks the tab it belongs under as active
  (`Page.active`).

These are internals: they were read in the versions listed in `SUPPORTED` and are checked
against them by `check_versions`, which the plugin calls when a command starts. Another
version is refused (`UnsupportedEngine`, exit status 1: the installation, not the data or
the command line, is what must change) rather than risk a site that is silently wrong.
Supporting a new release: read its code for each function below, run tests/test_adapter.py,
tests/test_incremental.py and tests/test_engines.py, then add it to `SUPPORTED`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from importlib import metadata
from typing import Any

from escda_site.engine.engines import UnsupportedEngine

# Distribution → the release series this module was written and tested for.
SUPPORTED: dict[str, tuple[str, ...]] = {
    "mkdocs": ("1.6",),  # 1.6.1 is the last 1.x release
    "properdocs": ("1.6",),  # the maintained fork of MkDocs 1.x (1.6.7 tested)
    "mkdocs-material": ("9.8",),  # in maintenance until 5 May 2027 (9.8.2 tested)
}


def installed() -> dict[str, str]:
    """The engine in use (MkDocs or ProperDocs) and Material, with their versions."""
    import mkdocs

    engine = "properdocs" if mkdocs.__name__ == "properdocs" else "mkdocs"
    return {engine: mkdocs.__version__, "mkdocs-material": metadata.version("mkdocs-material")}


def _series(version: str) -> str:
    return ".".join(version.split(".")[:2])


def check_versions(versions: dict[str, str] | None = None) -> None:
    """Refuse an engine or theme version not listed in `SUPPORTED` (`UnsupportedEngine`)."""
    for name, version in (versions or installed()).items():
        known = SUPPORTED.get(name, ())
        if _series(version) not in known:
            raise UnsupportedEngine(
                f"{name} {version} is not a version escda-site was written for "
                f"({name} {' or '.join(f'{k}.x' for k in known) or 'is not supported'}); "
                f"install the versions pyproject.toml pins (make) or see "
                f"escda_site/engine/adapter.py to support it"
            )


# --- reading ----------------------------------------------------------------------------


def generated_content(file: Any) -> str | bytes | None:
    """The content a plugin gave a generated file, None for a file read from disk."""
    return file._content  # noqa: SLF001 - MkDocs 1.6 keeps it there, with no public getter


def has_own_title(page: Any) -> bool:
    """Whether a page's title is known before rendering (set by the navigation)."""
    # Page.title is a cached property filled from the content when first read.
    return "title" in page.__dict__


# --- writing what the plugin API hands over read-only ------------------------------------


def set_markdown(page: Any, markdown: str | None) -> None:
    """Replace the Markdown `Page.render` converts (engine/renders.py: a page converted
    with names replaced by words of their own, then given its own Markdown back)."""
    page.markdown = markdown


def set_content(page: Any, html: str) -> None:
    """Replace a page's rendered content (on_page_context)."""
    page.content = html


# A build holds every page and file until the last page is written (MkDocs renders every
# page before it writes one): at archive scale their sources, renders and data files are
# hundreds of MB. The plugin lets each go once the build is done with it (a render is held
# compressed until written, engine/held.py), never under `serve`, whose incremental mode
# compares them between rebuilds.


def release_content(file: Any) -> None:
    """Let go of a generated page's content once MkDocs has read it."""
    file._content = None  # noqa: SLF001 - see generated_content


def release_sources(page: Any) -> None:
    """Let go of a rendered page's Markdown and of its file's source."""
    page.markdown = None
    release_content(page.file)


def release_render(page: Any) -> None:
    """Let go of a page's HTML: written, or held compressed until it is (its anchors,
    checked last, are kept apart)."""
    page.content = None


def set_active(item: Any, active: bool) -> None:
    """Mark a navigation page, and the sections above it, as the current one (or not):
    Material lights the tab of the active item. A detail page out of the navigation lights
    the index it belongs under (`public.page_meta.owning_tab`), then puts it out again."""
    item.active = active


def set_title(item: Any, title: str) -> None:
    """Retitle a navigation item or a table-of-contents entry."""
    item.title = title


def replace_copy(file: Any, copy_file: Callable[..., None]) -> Any:
    """Publish `file` with `copy_file(dirty=False)` instead of MkDocs' copy."""
    file.copy_file = copy_file
    return file


# --- dirty rebuilds (`escda serve`) ------------------------------------------------------


def keep_theme_env(theme: Any, env: Any) -> None:
    """Make the theme hand out `env` (compiled templates kept) instead of a new one."""
    theme.get_env = lambda: env


def freeze_template_list(env: Any) -> None:
    """List the theme's templates once: MkDocs lists them again at every build."""
    listing = env.loader.list_templates()
    env.loader.list_templates = lambda: listing


def set_modified(file: Any, modified: bool) -> None:
    """What a dirty build asks a file: whether to render or copy it again."""
    file.is_modified = lambda: modified


def record_lookups(files: Any, seen: Callable[[str, Any], None]) -> Callable[[], None]:
    """Call `seen(path, file or None)` for each link target MkDocs looks up in `files`,
    on top of any recording already in place; returns what puts the previous one back."""
    previous = files.__dict__.get("get_file_from_path")
    lookup = previous or type(files).get_file_from_path.__get__(files)

    def recording(path: str) -> Any:
        found = lookup(path)
        seen(path, found)
        return found

    files.get_file_from_path = recording

    def undo() -> None:
        if previous is None:
            files.__dict__.pop("get_file_from_path", None)
        else:
            files.get_file_from_path = previous

    return undo


# --- Markdown renders kept between builds (engine/renders.py) -----------------------------


def replace_render(page: Any, render: Callable[[Any, Any], None]) -> None:
    """Make MkDocs call `render(config, files)` instead of `Page.render` for `page`."""
    page.render = render


def rendered(page: Any) -> dict | None:
    """What `Page.render` left on `page`, as plain values (None if not plain)."""

    def tokens(items: Any) -> list[dict]:
        return [
            {"level": i.level, "id": i.id, "name": i.title, "children": tokens(i.children)}
            for i in items
        ]

    title = page.__dict__.get("_title_from_render")
    if not isinstance(page.content, str) or not (title is None or isinstance(title, str)):
        return None
    links = page.links_to_anchors or {}
    return {
        "content": page.content,
        "toc": tokens(page.toc),
        "title": title,
        "anchors": sorted(page.present_anchor_ids or ()),
        "links": {f.src_uri: dict(anchors) for f, anchors in links.items()},
    }


def set_rendered(
    page: Any,
    *,
    content: str,
    toc_tokens: list,
    title: str | None,
    anchors: set[str],
    links: dict,
) -> None:
    """Leave on `page` what `Page.render` would have (MkDocs 1.6 / ProperDocs 1.6)."""
    from mkdocs.structure.toc import get_toc

    page.content = content
    page.toc = get_toc(toc_tokens)
    page._title_from_render = title  # noqa: SLF001 - read by Page.title
    page.present_anchor_ids = anchors
    page.links_to_anchors = links


class _DropDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def quiet_dirty_warning(logger_root: str) -> None:
    """MkDocs warns that a dirty build may be inaccurate; the incremental one is not, and
    under `strict` the warning would abort the build."""
    logger = logging.getLogger(f"{logger_root}.commands.build")
    if not any(isinstance(f, _DropDirtyWarning) for f in logger.filters):
        logger.addFilter(_DropDirtyWarning())


# --- the engine's development server (engine/serve_focus.py) -------------------------------


def mount_path(server: Any) -> str:
    """The path the server serves the site under (`/` by default)."""
    return getattr(server, "mount_path", "/") or "/"


def watch_requests(server: Any, seen: Callable[[str, str | None], None]) -> None:
    """Call `seen(path, referer)` for each request the server receives, before it waits
    for a rebuild under way (MkDocs' LiveReloadServer answers in `_serve_request`)."""
    serve = server._serve_request  # noqa: SLF001 - MkDocs 1.6's request handler

    def noted(environ: dict, start_response: Any) -> Any:
        path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "ignore")
        seen(path, environ.get("HTTP_REFERER"))
        return serve(environ, start_response)

    server._serve_request = noted  # noqa: SLF001


def request_rebuild(server: Any) -> None:
    """Ask the server for one more rebuild, as a file change does."""
    if server is None:
        return
    with server._rebuild_cond:  # noqa: SLF001 - MkDocs 1.6's rebuild trigger
        server._want_rebuild = True  # noqa: SLF001
        server._rebuild_cond.notify_all()  # noqa: SLF001
