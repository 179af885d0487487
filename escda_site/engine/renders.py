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

A renamed sector changes the Markdown of every page that names it (322 of the archive's
1,292: its categories in every edition, their histories, the palmarès…), though nothing
else of them. So a page naming a sector is converted with each sector's name replaced by
a word of its own (`name_slots`: letters only, derived from the sector's slug, found
nowhere else in the page), and the names put back in the HTML: the render of that
*canonical* Markdown is kept, and a renamed sector finds it. This gives the HTML a direct
conversion gives because such a name, as the page's Markdown writes it (escaped by the
generators), is inert text: letters, digits, single spaces, `-’,.` and `&amp;`, a letter
first and a letter or digit last, so Python-Markdown treats it as it treats the word it
stands for (no emphasis, link, list, table or entity starts or ends in it, and `&amp;` is
kept as written in text, attributes and raw HTML). Where that does not hold, the word
shows where a name would have been transformed, and the page is converted directly: in a
heading (ids are made from the text), the title, an anchor or a link, code (escaped again
there), another case, or an abbreviation's words. A name that is not inert is not
replaced. A page whose canonical conversion warned is converted directly, silently first.

MkDocs' `Page` is written through `engine.adapter` only.
"""

from __future__ import annotations

import hashlib
import html
import logging
import re
from collections.abc import Iterable
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


def _key(settings: str, page: Any, markdown: str | None = None) -> str:
    digest = hashlib.sha256(settings.encode())
    text = page.markdown if markdown is None else markdown
    for part in (page.file.src_uri, page.file.url, text or ""):
        data = part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


# --- names replaced by words of their own (see the module's docstring) ---------------------

# A name as the Markdown writes it that Python-Markdown treats as one word: a letter first,
# a letter or digit last, between them letters, digits, single spaces, `-’,.` and `&amp;`.
_INERT = re.compile(r"[^\W\d_](?:(?:[^\W_]|[-’,.]| (?! )|&amp;)*[^\W_])?")
_WORD = re.compile(r"[^\W_]+")
# Abbreviations defined in the page (`*[ESCDA]: …`): the abbr extension wraps their words.
_ABBREVIATION = re.compile(r"^\*\[([^\]]+)\]:", re.MULTILINE)
# Where a word's text is written again (escaped once more, or highlighted): code.
_CODE = re.compile(r"<(pre|code)\b.*?</\1>", re.DOTALL)
_SLOT_KEY = "canonical"


def name_slots(names: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(name as the generated Markdown writes it, the word standing for it) of each
    `(slug, name)` whose written name is inert; the word is the same in every build."""
    slots = []
    for slug, name in names:
        written = html.escape(name, quote=True)
        if _INERT.fullmatch(written):
            code = hashlib.sha256(slug.encode("utf-8", "surrogatepass")).hexdigest()[:16]
            word = "Escdanom" + code.translate(_LETTERS)
            slots.append((written, word))
    return sorted(slots, key=lambda slot: -len(slot[0]))


_LETTERS = str.maketrans("0123456789abcdef", "qrstuvwxyzabcdef")


def canonical(markdown: str, slots: list[tuple[str, str]]) -> tuple[str, dict[str, str]] | None:
    """`markdown` with each name of `slots` it holds replaced by its word, and the words
    used (word → name); None when it holds none (or one of the words already)."""
    if not slots or any(word in markdown for _, word in slots):
        return None
    present = [(written, word) for written, word in slots if written in markdown]
    if not present:
        return None
    terms = {w for term in _ABBREVIATION.findall(markdown) for w in _WORD.findall(term)}
    present = [(n, w) for n, w in present if not terms.intersection(_WORD.findall(n))]
    if not present:
        return None
    words = dict((n, w) for n, w in present)
    pattern = re.compile(
        r"(?<![\w&#])(?:" + "|".join(re.escape(n) for n, _ in present) + r")(?!\w)"
    )
    text, count = pattern.subn(lambda m: words[m.group()], markdown)
    if not count:
        return None
    return text, {w: n for n, w in present if w in text}


def _transparent(made: dict, lookups: dict, words: dict[str, str]) -> bool:
    """Whether each word shows in the render only where its name is written as it is:
    in the HTML's text and attributes, never in code, nor transformed (ids, title,
    anchors, links, another case)."""
    content = made["content"]
    lowered = content.lower()
    elsewhere = repr(
        (made["toc"], made["title"], made["anchors"], made["links"], sorted(lookups))
    ).lower()
    for word in words:
        low = word.lower()
        if low in elsewhere or lowered.count(low) != content.count(word):
            return False
    code = "".join(m.group() for m in _CODE.finditer(content))
    return not any(word in code for word in words)


def _named(made: dict, words: dict[str, str]) -> dict:
    """A canonical render with each word replaced by its name (only the HTML holds them)."""
    content = made["content"]
    for word, written in words.items():
        content = content.replace(word, written)
    return {**made, "content": content}


class _Quiet(logging.Filter):
    """Counts the warnings of a conversion and keeps them from the log (and `strict`)."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.INFO:
            self.count += 1
        return False


def keep_renders(
    page: Any, store: Store, settings: str, slots: list[tuple[str, str]] | None = None
) -> None:
    """Make `page.render` take a kept render when its inputs are the same, else render
    and keep what it made (see the module's docstring). `slots`: the names replaced by
    words of their own (`name_slots`)."""
    render = page.render  # MkDocs' own, bound to the page

    def set_kept(kept: dict, files: Any) -> None:
        adapter.set_rendered(
            page,
            content=kept["content"],
            toc_tokens=kept["toc"],
            title=kept["title"],
            anchors=set(kept["anchors"]),
            links={files.get_file_from_path(uri): links for uri, links in kept["links"].items()},
        )

    def canonical_render(config: Any, files: Any) -> bool:
        """The page rendered from its canonical Markdown, if it has one that renders
        transparently (kept or made now)."""
        found = canonical(page.markdown or "", slots or [])
        if found is None:
            return False
        text, words = found
        name = _key(f"{settings}\0{_SLOT_KEY}", page, text)
        kept = store.load(KIND, name)
        if isinstance(kept, dict) and "content" in kept and _still_linked(kept, files):
            set_kept(_named(kept, words), files)
            return True
        if isinstance(kept, dict) and kept.get("direct"):
            return False
        markdown = page.markdown

        def render_canonical(config: Any, files: Any) -> None:
            adapter.set_markdown(page, text)
            try:
                render(config, files)
            finally:
                adapter.set_markdown(page, markdown)

        warned, lookups = _watched(render_canonical, config, files, quiet=True)
        made = adapter.rendered(page)
        if warned or None in lookups.values() or made is None:
            return False  # converted directly, its warnings logged then
        if not _transparent(made, lookups, words):
            store.save(KIND, name, {"direct": True})
            return False
        store.save(KIND, name, {**made, "lookups": lookups})
        # The rest of what MkDocs made holds no word (`_transparent`).
        adapter.set_content(page, _named(made, words)["content"])
        return True

    def cached_render(config: Any, files: Any) -> None:
        if canonical_render(config, files):
            return
        name = _key(settings, page)
        kept = store.load(KIND, name)
        if isinstance(kept, dict) and _still_linked(kept, files):
            set_kept(kept, files)
            return
        warned, lookups = _watched(render, config, files, quiet=False)
        if warned or None in lookups.values():
            return
        made = adapter.rendered(page)
        if made is None:
            return
        store.save(KIND, name, {**made, "lookups": lookups})

    adapter.replace_render(page, cached_render)


def _watched(render: Any, config: Any, files: Any, quiet: bool) -> tuple[int, dict]:
    """`render(config, files)`, with the number of warnings it logged and the link targets
    it looked up (their URLs by path, None for a missing one); `quiet`: its warnings kept
    from the log (and from `strict`)."""
    lookups: dict[str, str | None] = {}
    counter = _Quiet() if quiet else _Warnings()
    logger = logging.getLogger(f"{engines.logger_root()}.structure.pages")
    (logger.addFilter if quiet else logger.addHandler)(counter)  # type: ignore[operator]
    undo = adapter.record_lookups(files, lambda path, found: lookups.setdefault(path, _url(found)))
    try:
        render(config, files)
    finally:
        undo()
        (logger.removeFilter if quiet else logger.removeHandler)(counter)  # type: ignore[operator]
    return counter.count, lookups


def _still_linked(kept: dict, files: Any) -> bool:
    """Each link target of a kept render resolves to the same URL now (looked up again,
    so that whatever records this page's lookups sees them)."""
    return all(
        _url(files.get_file_from_path(path)) == url for path, url in kept["lookups"].items()
    ) and all(files.get_file_from_path(uri) is not None for uri in kept["links"])


def _url(file: Any) -> str | None:
    return None if file is None else file.url
