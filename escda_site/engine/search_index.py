"""The site search: Pagefind indexes a built site, whatever engine built it.

Run after the engine (`postbuild.finish_site`: the plugin's last step, and `escda
finish` on a tree another engine built). Pagefind reads the built pages: the main content
of each (`data-pagefind-body`, `overrides/main.html`), its filters and result line
(`outputs.search_data`), and writes a chunked index under `pagefind/`, of which a reader's
browser fetches only the chunks a query needs. The search box is `assets/search.js`.

Pagefind is given what it reads of each page and nothing more (`engine.search_document`:
the least HTML that gives the index of the whole page), sent in memory in the order of
their paths (`pagefind_service`: the index's bytes then depend on no file system), never
the files that are not pages. The plugin cuts each page as it writes it (`documents`): a
build reads no page back. The index is kept in the build cache under the digest of
exactly those documents, Pagefind's version (its wheel's metadata) and options, and the
package's code (one entry per output folder): a build whose indexed pages did not change
restores the index without running Pagefind, reading a page or starting a process. Its
files that the published site's index holds with the same bytes are hard links to those
(`_publish`): most of them, even when a page changed.

A tree another engine built shows its pages' text as the Markdown wrote it (the plugin
typesets the pages it renders): its documents are typeset as the plugin typesets pages
(`typeset`, which leaves typeset text as it is), so a search shows the same French
typography on both.

Pagefind folds accents itself (« cedre » finds « Cèdre ») but not œ and æ: the documents
give each word holding one its folded twin (« æquo aequo »), and the search box folds
every query the same way and drops the twins from the excerpts it shows.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import posixpath
import re
import shutil
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from importlib.resources import files
from pathlib import Path

from escda_site.cache.store import Store, slot_name
from escda_site.engine.outdir import published_beside
from escda_site.engine.pagefind_service import ServiceError, index_files
from escda_site.engine.search_bytes import UnknownLayout, stabilise
from escda_site.engine.search_document import BODY, ready, search_document
from escda_site.public import urls
from escda_site.source import source_digest

# What the site's search box loads of the bundle; Pagefind's own UIs are not used.
_UNUSED = re.compile(r"pagefind-(component-ui|modular-ui|ui|highlight)\.(js|css)$")
# The options Pagefind runs with, beside the folders: part of the cached index's key.
OPTIONS: tuple[str, ...] = ()
CACHE_KIND = "search"


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site (missing binary, failed run)."""


def script_files() -> list[tuple[str, str]]:
    """The search box's script, as a (site path, content) pair to publish.

    It finds the bundle relative to its own address, as the URL map places both.
    """
    text = files("escda_site").joinpath("assets/search.js").read_text(encoding="utf-8")
    bundle = posixpath.relpath(urls.search_bundle(), posixpath.dirname(urls.search_script()))
    return [(urls.search_script(), text.replace("__ESCDA_SEARCH_BUNDLE__", f"{bundle}/"))]


@dataclass(frozen=True)
class Indexed:
    """What `index_site` did: the pages in the index, and whether it came from the cache."""

    pages: int
    restored: bool = False


def index_site(
    site_dir: Path,
    store: Store | None = None,
    *,
    typeset: bool = True,
    documents: Mapping[str, bytes | None] | None = None,
    previous: Path | None = None,
    on_start: Callable[[subprocess.Popen], None] | None = None,
) -> Indexed:
    """Index the built site in `site_dir` into its `pagefind/` folder.

    With a `store`, an index made from the same documents (`search_document`) by the same
    Pagefind is restored from it instead of running Pagefind, and a new one is kept there.
    `typeset=False` for pages the plugin typeset already (0.8 s saved on the archive).
    `documents`: what the engine wrote, cut by `page_document`, by path in the site (the
    plugin cuts each page as it is written); the other HTML files are read from the disk.
    `previous`: the site published before this one (by default the build its output link
    points at, `outdir.published_beside`), whose index files of the same bytes are
    hard-linked instead of written (`_publish`). `on_start`: given Pagefind's process
    when it runs (`pagefind_service.index_files`).
    """
    site_dir = Path(site_dir).resolve()
    out = site_dir / urls.search_bundle()
    if previous is None:
        previous = published_beside(site_dir)
    before = previous / urls.search_bundle() if previous is not None else None
    try:
        cut = _documents(site_dir, out, documents or {}, typeset)
        key = _key(cut, typeset)
        if out.exists():  # a previous index (escda finish run twice)
            shutil.rmtree(out)
        # One entry per output folder (its last index), not one per edit: a serve session
        # rebuilding after each of a hundred edits keeps one index, not a hundred.
        name = f"pagefind-{slot_name(site_dir)}"
        kept = store.load(CACHE_KIND, name) if store is not None else None
        if isinstance(kept, dict) and kept.get("key") == key and _restore(kept, out, before):
            return Indexed(kept["pages"], restored=True)
        bundle = _index_documents({rel: doc.decode() for rel, doc in cut.items()}, on_start)
        count = sum(1 for rel in bundle if rel.startswith("fragment/"))
        _publish(bundle, out, before)
        if store is not None:
            store.save(CACHE_KIND, name, {"key": key, "pages": count, "files": bundle})
    except (OSError, UnicodeDecodeError, UnknownLayout, ServiceError) as err:
        raise SearchIndexError(f"{site_dir}: the search index failed: {err}") from None
    return Indexed(count)


def _documents(
    site_dir: Path, out: Path, known: Mapping[str, bytes | None], typeset: bool
) -> dict[str, bytes]:
    """What Pagefind is given, by path in the site, in UTF-8: the documents of the pages
    that have a body (as Pagefind indexes only those then), else every page whole. A page
    in `known` (the plugin's `page_document`) is not read again."""
    marker = BODY.encode()
    pages = sorted(html_files(site_dir, out))
    bodies: dict[str, bytes] = {}
    for rel in pages:
        if rel in known:
            doc = known[rel]
        else:
            raw = (site_dir / rel).read_bytes()
            # Only a page with a body is decoded and cut (a thousand e-mail snippets are not).
            cut = search_document(raw.decode("utf-8")) if marker in raw else None
            doc = None if cut is None else ready(cut, typeset).encode()
        if doc is not None:
            bodies[rel] = doc
    if bodies:
        return bodies
    return {rel: ready((site_dir / rel).read_text("utf-8"), typeset).encode() for rel in pages}


def html_files(site_dir: Path, out: Path) -> list[str]:
    """The HTML files of the site outside the search bundle, by path in the site."""
    found: list[str] = []
    folders = [(str(site_dir), "")]
    while folders:
        folder, prefix = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.path != str(out):
                        folders.append((entry.path, f"{prefix}{entry.name}/"))
                elif entry.name.endswith(".html"):
                    found.append(prefix + entry.name)
    return found


def _key(documents: dict[str, bytes], typeset: bool) -> str:
    """The cache key of the index of `documents`: them, whether they are typeset,
    Pagefind's version and options, and the package's code (which stages them, adds the
    twins and stabilises the index)."""
    h = hashlib.sha256()
    for part in (_pagefind_identity(), *OPTIONS, f"typeset={typeset}", source_digest()):
        h.update(part.encode() + b"\0")
    for rel, doc in documents.items():
        h.update(rel.encode() + b"\0" + hashlib.sha256(doc).digest())
    return h.hexdigest()


def _binary() -> Path:
    from pagefind.service import get_executable

    binary = get_executable()  # the pagefind-bin wheel's, or PAGEFIND_BINARY_PATH
    if binary is None:
        raise SearchIndexError("Pagefind's binary is missing (pip install 'pagefind[bin]')")
    return Path(binary)


def _pagefind_identity() -> str:
    """Which Pagefind indexes: the wheel that ships its binary, by name and version (read
    from the installed package's metadata), else the binary's own words."""
    binary = _binary()
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.origin and binary.parent == Path(spec.origin).parent:
            return f"{package} {metadata.version(package)}"
    return _pagefind_version(str(binary))


@cache
def _pagefind_version(binary: str) -> str:
    """`pagefind 1.5.2`: asked once per process of a binary from outside a wheel."""
    done = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SearchIndexError(f"Pagefind failed: --version exited {done.returncode}")
    return done.stdout.strip()


def _restore(value: dict, out: Path, before: Path | None) -> bool:
    """Publish the kept index into `out`; False when the value is not one `index_site` kept."""
    bundle = value.get("files")
    if not isinstance(bundle, dict) or not isinstance(value.get("pages"), int):
        return False
    for rel, data in bundle.items():
        parts = rel.split("/")
        if not isinstance(data, bytes) or ".." in parts or "" in parts:
            return False
    _publish(bundle, out, before)
    return True


def _publish(bundle: Mapping[str, bytes], out: Path, before: Path | None) -> None:
    """Write the index `bundle` (files by path) into `out`, a folder not there yet. A file
    the previous site's index `before` holds with the same bytes is hard-linked from it:
    creating a file costs the kernel 5 to 30 times a link (0.1 to 0.65 ms against 0.02 on
    the archive's disk), and an edited page changes a few dozen of 1,332 files. The bytes
    are compared, never trusted from a name or a date; both sites stay whole either way (a
    link adds a name, and no file of either index is ever rewritten in place)."""
    made: set[Path] = set()
    for rel, data in sorted(bundle.items()):
        path = out / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        if before is not None and _same(before / rel, data):
            try:
                os.link(before / rel, path)
                continue
            except OSError:  # another file system, no hard links: written below
                pass
        path.write_bytes(data)


def _same(path: Path, data: bytes) -> bool:
    """Whether the file at `path` holds exactly `data` (False when there is none)."""
    try:
        with open(path, "rb") as f:
            return os.fstat(f.fileno()).st_size == len(data) and f.read() == data
    except OSError:
        return False


def _index_documents(
    documents: dict[str, str], on_start: Callable[[subprocess.Popen], None] | None = None
) -> dict[str, bytes]:
    """Pagefind's index of `documents` by path in the bundle, in a stable byte order and
    without the files the site does not load; empty when no page has text."""
    bundle = index_files(_binary(), documents, on_start)
    if not any(rel.startswith("fragment/") for rel in bundle):
        return {}  # no page with text: a site without a search, not a failure
    return {rel: data for rel, data in stabilise(bundle).items() if not _UNUSED.match(rel)}
