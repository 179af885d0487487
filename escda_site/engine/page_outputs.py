"""Pages' final HTML kept between builds: a page whose inputs did not change is not put
through the theme's templates again.

Once the Markdown renders are kept (`engine.renders`), Material's templates are most of a
warm archive build: 2.8 of 9.9 s of CPU on the 20-edition archive (1,292 pages, every
one of them the whole navigation, header, tabs and footer again), then typesetting each
page's content, 0.8 s more. A full build keeps what the templates made of each page in the
build's store (`escda_site/cache/`), under a digest of everything the templates read:

- the site's part, made once per build when every page is rendered (`on_env`): the
  versions of the engine, the theme and the Markdown libraries, the package's own code
  (its typography and the plugin's hooks), the theme's folders that are not an installed
  package's (the project's `overrides/`: every file, templates and translations), the
  configuration (every key but the build's own output folder: its name changes at every
  build), and the navigation as the templates see it (each section, page and link: its
  title, address, metadata and place), with the site's pages and their addresses;
- the page's part, made before the page is typeset (`on_page_context`): its source and
  output paths, addresses, title, metadata (the tab it lights, its template), table of
  contents and rendered content, and the rest of the template context (relative base URL,
  scripts and style sheets, the build's date).

The page's own typesetting is a function of those and of the package's code, so a kept
page is neither typeset nor rendered: its HTML is written as it was. What Pagefind is
given of the page (`search_document.page_document`) is kept with it: a kept page is not
cut again either (0.4 s of CPU on the archive). A page whose digest
is new is rendered as before, then kept. Under `escda serve` nothing is kept here (its
dirty builds render only what an edit changed, `engine.incremental`), nor when another
plugin is listed, which could change a page's context in a way this digest does not see.

MkDocs hands the theme's Jinja environment to `on_env` and takes the one the hook returns:
the templates it gives are the theme's, wrapped (`_Environment`); nothing of MkDocs or
Jinja is patched.
"""

from __future__ import annotations

import contextlib
import hashlib
import sysconfig
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from escda_site.cache.store import Store
from escda_site.engine import engines, renders
from escda_site.engine.search_document import page_document
from escda_site.source import source_digest

KIND = "pages"
# Changes every build (a new folder beside the published one): never read by a template.
_NOT_READ = {"site_dir"}
# The template context's keys described with the site (the same for every page).
_SITE_WIDE = {"page", "nav", "config", "pages"}
# The moment of the build (the clock's, unless SOURCE_DATE_EPOCH is set): part of a page's
# digest only if a template of the theme names it (none does in Material 9.8 or overrides/).
_BUILD_DATE = "build_date_utc"


class KeptOutputs:
    """The kept HTML of this build's pages: found before they are rendered, or kept after."""

    def __init__(self, store: Store, site: str, theme_dirs: Iterable[str] = ()) -> None:
        self.store = store
        self.site = site
        self.unread = set() if _names_build_date(tuple(theme_dirs)) else {_BUILD_DATE}
        self.found: dict[str, str] = {}  # kept HTML of a page about to be rendered
        self.keys: dict[str, str] = {}  # the digest of a page to render, then keep
        self.documents: dict[str, bytes | None] = {}  # what Pagefind is given of each
        self.kept = 0
        self.rendered = 0

    def look_up(self, page: Any, context: Mapping[str, Any], content: str) -> bool:
        """Whether `page` has kept HTML for exactly these inputs (then it is not typeset
        and the template gives that HTML); else its output will be kept once rendered."""
        key = page_key(self.site, page, context, content, self.unread)
        kept = self.store.load(KIND, key)
        uri = page.file.src_uri
        if _is_kept(kept):
            self.found[uri], document = kept
            self.documents[uri] = None if document is None else document.encode()
            self.kept += 1
            return True
        self.keys[uri] = key
        return False

    def environment(self, env: Any) -> _Environment:
        """The theme's environment as MkDocs should use it from `on_env` on."""
        return _Environment(env, self)

    def _render(self, template: Any, args: tuple, kwargs: dict) -> str:
        context = args[0] if len(args) == 1 and not kwargs else dict(*args, **kwargs)
        page = context.get("page") if isinstance(context, Mapping) else None
        uri = getattr(getattr(page, "file", None), "src_uri", None)
        if uri is not None and uri in self.found:
            return self.found.pop(uri)
        output = template.render(*args, **kwargs)
        key = self.keys.pop(uri, None) if uri is not None else None
        if key is not None:
            self.rendered += 1
            document = page_document(output)
            self.documents[uri] = document
            self.store.save(KIND, key, [output, None if document is None else document.decode()])
        return output


class _Environment:
    """The theme's Jinja environment, whose templates give a page's kept HTML."""

    def __init__(self, env: Any, kept: KeptOutputs) -> None:
        self._env = env
        self._kept = kept

    def get_template(self, *args: Any, **kwargs: Any) -> _Template:
        return _Template(self._env.get_template(*args, **kwargs), self._kept)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._env, name)


class _Template:
    def __init__(self, template: Any, kept: KeptOutputs) -> None:
        self._template = template
        self._kept = kept

    def render(self, *args: Any, **kwargs: Any) -> str:
        return self._kept._render(self._template, args, kwargs)  # noqa: SLF001

    def __getattr__(self, name: str) -> Any:
        return getattr(self._template, name)


# --- the digests ---------------------------------------------------------------------------


def search_document(kept: KeptOutputs | None, page: Any, output: str) -> bytes | None:
    """What Pagefind is given of the page just written (`output`): kept with its HTML when
    the page was, else cut now (`search_document.page_document`)."""
    uri = page.file.src_uri
    if kept is not None and uri in kept.documents:
        return kept.documents.pop(uri)
    return page_document(output)


def _is_kept(value: Any) -> bool:
    """Whether a stored value is a page's [HTML, search document or None]."""
    return (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], str)
        and (value[1] is None or isinstance(value[1], str))
    )


def site_digest(config: Mapping[str, Any], nav: Any, pages: Iterable[Any]) -> str:
    """What every page's HTML depends on besides its own inputs (see the module's docstring)."""
    h = hashlib.sha256()
    jinja = f"jinja2={metadata.version('jinja2')}"
    for part in (engines.logger_root(), renders.versions(), jinja, source_digest()):
        _add(h, part)
    theme = config["theme"]
    for folder in _own_folders(getattr(theme, "dirs", ())):
        _add(h, str(folder))
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            _add(h, path.relative_to(folder).as_posix())
            h.update(hashlib.sha256(path.read_bytes()).digest())
    _add(h, _described({k: v for k, v in config.items() if k not in _NOT_READ}))
    _add(h, _described((getattr(theme, "name", None), getattr(theme, "static_templates", ()))))
    _add(h, _described(list(_nav_items(getattr(nav, "items", ())))))
    homepage = getattr(nav, "homepage", None)
    _add(h, str(getattr(homepage, "url", None)))
    for page in pages:
        _add(h, f"{page.src_uri}\0{page.url}")
    return h.hexdigest()


def page_key(
    site: str,
    page: Any,
    context: Mapping[str, Any],
    content: str,
    unread: Iterable[str] = (),
) -> str:
    """The digest of everything `page`'s HTML is made of, `content` as rendered from its
    Markdown (before it is typeset), but the context's `unread` entries."""
    left_out = _SITE_WIDE.union(unread)
    h = hashlib.sha256(site.encode())
    file = page.file
    for part in (
        file.src_uri,
        file.dest_uri,
        page.url,
        str(page.canonical_url),
        str(page.edit_url),
        str(page.title),
        _described(page.meta),
        _described(list(_toc(page.toc))),
        _described({k: v for k, v in context.items() if k not in left_out}),
        content,
    ):
        _add(h, part)
    return h.hexdigest()


def _add(h: Any, part: str) -> None:
    data = part.encode("utf-8", "surrogatepass")
    h.update(len(data).to_bytes(8, "little") + data)


@cache
def _names_build_date(dirs: tuple[str, ...]) -> bool:
    """Whether a template of the theme's folders names the build's moment (icons aside:
    fourteen thousand SVG files, none a template that reads a variable)."""
    for folder in dirs:
        for path in Path(folder).rglob("*"):
            if ".icons" in path.parts or not path.is_file():
                continue
            with contextlib.suppress(OSError):
                if _BUILD_DATE.encode() in path.read_bytes():
                    return True
    return False


def _own_folders(dirs: Iterable[str]) -> Iterator[Path]:
    """The theme's folders that no installed package holds (an installed theme's files are
    named by its version, in `renders.versions`)."""
    installed = {Path(sysconfig.get_paths()[k]).resolve() for k in ("purelib", "platlib")}
    for folder in dirs:
        path = Path(folder).resolve()
        if not any(path.is_relative_to(root) for root in installed):
            yield path


def _nav_items(items: Iterable[Any]) -> Iterator[tuple]:
    """Each section, page and link of the navigation as the templates read it."""
    for item in items:
        file = getattr(item, "file", None)
        yield (
            type(item).__name__,
            item.title,
            getattr(item, "url", None),
            getattr(file, "src_uri", None),
            getattr(item, "meta", None),
            list(_nav_items(getattr(item, "children", None) or ())),
        )


def _toc(items: Iterable[Any]) -> Iterator[tuple]:
    for item in items:
        yield (item.level, item.id, item.title, list(_toc(item.children)))


def _described(value: Any) -> str:
    """A text that changes whenever `value` does, the same for equal values in every process
    (an object whose `repr` shows its address makes every page new: slower, never wrong)."""
    if value is None or isinstance(value, str | int | float | bool | Path):
        return repr(value)
    if isinstance(value, Mapping):
        inner = ",".join(f"{_described(k)}:{_described(v)}" for k, v in value.items())
        return f"{type(value).__name__}{{{inner}}}"
    if isinstance(value, list | tuple):
        return f"{type(value).__name__}[{','.join(_described(v) for v in value)}]"
    if isinstance(value, set | frozenset):
        return f"set[{','.join(sorted(_described(v) for v in value))}]"
    options = getattr(value, "config", None)
    if isinstance(options, Mapping):  # a plugin: its class and its options
        return f"{type(value).__module__}.{type(value).__qualname__}({_described(options)})"
    return repr(value)
