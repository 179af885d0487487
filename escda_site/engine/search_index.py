"""The site search: Pagefind indexes a built site, whatever engine built it.

Run after the engine (`postbuild.finish_site`: the plugin's last step, and `escda
finish` on a tree another engine built). Pagefind reads the built pages: the main content
of each (`data-pagefind-body`, `overrides/main.html`), its filters and result line
(`outputs.search_data`), and writes a chunked index under `pagefind/`, of which a reader's
browser fetches only the chunks a query needs. The search box is `assets/search.js`.

Pagefind folds accents itself (« cedre » finds « Cèdre ») but not œ and æ: in the pages
given to Pagefind (a staged copy, never the published pages), each word holding one is
followed by its folded twin (`with_twins`: « æquo aequo »), and the search box folds every
query the same way and drops the twins from the excerpts it shows.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import re
import shutil
import subprocess
import tempfile
from importlib.resources import files
from pathlib import Path

from escda_site.engine.search_bytes import UnknownLayout, stabilise
from escda_site.public import urls
from escda_site.text.frformat import fold

# What the site's search box loads of the bundle; Pagefind's own UIs are not used.
_UNUSED = re.compile(r"pagefind-(component-ui|modular-ui|ui|highlight)\.(js|css)$")
_TAG = re.compile(r"(<[^>]*>)")
_PAGES = re.compile(r"Indexed (\d+) pages?")
_NOTHING = "did not contain any html files"  # Pagefind's words for a site with no text
_LIGATURE = re.compile(r"\w*[œæŒÆ]\w*")


def script_files() -> list[tuple[str, str]]:
    """The search box's script, as a (site path, content) pair to publish.

    It finds the bundle relative to its own address, as the URL map places both.
    """
    text = files("escda_site").joinpath("assets/search.js").read_text(encoding="utf-8")
    bundle = posixpath.relpath(urls.search_bundle(), posixpath.dirname(urls.search_script()))
    return [(urls.search_script(), text.replace("__ESCDA_SEARCH_BUNDLE__", f"{bundle}/"))]


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site (missing binary, failed run)."""


def with_twins(page: str) -> str:
    """`page` with the folded twin of each word holding œ or æ after it, in text only."""
    if not _LIGATURE.search(page):
        return page
    parts = _TAG.split(page)
    for i in range(0, len(parts), 2):  # even items are text, odd ones tags
        parts[i] = _LIGATURE.sub(lambda m: f"{m.group(0)} {fold(m.group(0).lower())}", parts[i])
    return "".join(parts)


def index_site(site_dir: Path) -> int:
    """Index the built site in `site_dir` into its `pagefind/` folder; the pages indexed.

    When a page holds œ or æ, Pagefind reads a staged copy of the pages (links to the
    built files, those pages rewritten with their twins), so the published pages stay as
    built; otherwise it reads the site itself.
    """
    site_dir = Path(site_dir).resolve()
    out = site_dir / urls.search_bundle()
    if out.exists():  # a previous index (escda finish run twice)
        shutil.rmtree(out)
    pages = sorted(site_dir.rglob("*.html"))
    try:
        twinned = {}
        for page in pages:
            text = page.read_text(encoding="utf-8")
            if (twins := with_twins(text)) is not text:
                twinned[page] = twins
        if not twinned:
            count = _index(site_dir, out)
        else:
            stage = Path(tempfile.mkdtemp(prefix="escda-search-"))
            try:
                _stage(site_dir, pages, twinned, stage)
                count = _index(stage, out)
            finally:
                with contextlib.suppress(OSError):  # a stage left in the temp folder harms none
                    shutil.rmtree(stage)
        if count:
            stabilise(out)
    except (OSError, UnicodeDecodeError, UnknownLayout) as err:
        raise SearchIndexError(f"{site_dir}: the search index failed: {err}") from None
    for path in out.iterdir() if count else ():
        if _UNUSED.match(path.name):
            path.unlink()
    return count


def _stage(site_dir: Path, pages: list[Path], twinned: dict[Path, str], stage: Path) -> None:
    for page in pages:
        target = stage / page.relative_to(site_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        if page in twinned:
            target.write_text(twinned[page], encoding="utf-8")
            continue
        try:
            os.link(page, target)
        except OSError:  # another file system, or no hard links: a copy
            shutil.copyfile(page, target)


def _index(stage: Path, out: Path) -> int:
    """Run Pagefind's binary over `stage`; the number of pages it indexed."""
    from pagefind.service import get_executable

    binary = get_executable()  # the pagefind-bin wheel's, or PAGEFIND_BINARY_PATH
    if binary is None:
        raise SearchIndexError("Pagefind's binary is missing (pip install 'pagefind[bin]')")
    # The binary itself rather than the package's Python client, which reads one answer
    # per tenth of a second: a second and more of waiting per build.
    done = subprocess.run(
        [str(binary), "--site", str(stage), "--output-path", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    if _NOTHING in done.stderr:  # no page with text: a site without a search, not a failure
        shutil.rmtree(out, ignore_errors=True)
        return 0
    found = _PAGES.search(done.stdout)
    if done.returncode != 0 or found is None:
        why = (done.stderr or done.stdout).strip().splitlines()[-1:] or [f"exit {done.returncode}"]
        raise SearchIndexError(f"Pagefind failed: {why[0]}")
    return int(found.group(1))
