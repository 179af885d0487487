"""Steps run on a built site whatever engine built it: `escda finish SITE`, and the plugin.

The search index (Pagefind over the built pages, `engine.search_index`), so the same
search works on a site built by MkDocs, ProperDocs, or by another engine from the exported
tree; the sitemap, written from the pages' canonical links when
the engine wrote none, with its gzip twin when missing; and `_headers`, the cache headers
a static host needs (short on badges, long on content-hashed files), when content/ has none.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from html import escape, unescape
from pathlib import Path

from escda_site.cache.store import Store
from escda_site.engine.search_index import index_site
from escda_site.public import urls

_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')
_NOINDEX = re.compile(r'<meta name="robots" content="[^"]*noindex')


def sitemap(site_dir: Path) -> str:
    """A sitemap of every indexable page, from the canonical link each page declares."""
    urls = set()
    for page in sorted(Path(site_dir).rglob("*.html")):
        head = page.read_text(encoding="utf-8", errors="replace")[:20000]
        found = _CANONICAL.search(head)
        if found and not _NOINDEX.search(head):
            urls.add(unescape(found.group(1)))
    body = "".join(f"  <url><loc>{escape(url)}</loc></url>\n" for url in sorted(urls))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{body}</urlset>\n"
    )


# Files whose name holds a hash of their content (the theme's bundles): never changed
# under their name, so a browser or a CDN may keep them for a year.
_HASHED = re.compile(r"\.[0-9a-f]{8}\.min\.(?:js|css)$")
HEADERS = "_headers"
BADGE_MAX_AGE = 3600  # seconds: a badge swapped by the daily rebuild shows within the hour


def headers_file(site_dir: Path) -> str:
    """The cache headers a static host needs, in the `_headers` format of Netlify and
    Cloudflare Pages: short on the badges (a title's badge changes at the address laureates
    embed on the day its logo expires), long and immutable on content-hashed files. Every
    other file keeps the host's default (revalidated): pages change with every rebuild.
    One rule per path, so no host joins two `Cache-Control` values."""
    lines = [
        "# Written by escda (engine/postbuild.py); see docs/organisers.md, « Badges ».",
        f"/{urls.BADGES}*",
        f"  Cache-Control: public, max-age={BADGE_MAX_AGE}",
    ]
    for path in sorted(Path(site_dir).rglob("*")):
        rel = path.relative_to(site_dir).as_posix()
        if _HASHED.search(rel) and path.is_file():
            lines += [f"/{rel}", "  Cache-Control: public, max-age=31536000, immutable"]
    return "\n".join(lines) + "\n"


class NotASite(Exception):
    """The folder given to `escda finish` is not a site built from this tool's pages."""


def check_built_site(site_dir: Path) -> None:
    """Raise NotASite unless `site_dir` holds a site built from escda's pages, by any
    engine: its home page and the scripts every page of ours loads."""
    site_dir = Path(site_dir)
    missing = [
        rel
        for rel in ("index.html", urls.today_script(), urls.checker_script())
        if not (site_dir / rel).is_file()
    ]
    if missing:
        raise NotASite(
            f"refusing to finish {site_dir}: not a site built from escda's pages "
            f"(no {missing[0]}); give the folder an engine built (escda build, or an engine "
            "run on what escda generate wrote)"
        )


def finish_site(
    site_dir: Path,
    store: Store | None = None,
    *,
    typeset: bool = True,
    documents: Mapping[str, bytes | None] | None = None,
    search: bool = True,
) -> list[str]:
    """Run every post-build step on the built site in `site_dir`; name the ones that ran.

    With the build's `store`, an unchanged search index is restored from it. The search
    gets the pages' text typeset (`typeset=False`: the plugin's pages are already), and
    takes the `documents` the engine cut from its pages instead of reading them again.
    `search=False`: every step but the search index (`escda serve` makes it after serving
    the pages, `engine.serve_search`).
    """
    site_dir = Path(site_dir)
    done = []
    indexed = index_site(site_dir, store, typeset=typeset, documents=documents) if search else None
    if indexed and indexed.pages:
        how = "restored from the cache" if indexed.restored else "written"
        done.append(f"search index of {indexed.pages} pages {how}")
    xml, gz = site_dir / "sitemap.xml", site_dir / "sitemap.xml.gz"
    if not xml.is_file():
        xml.write_text(sitemap(site_dir), encoding="utf-8")
        done.append("sitemap.xml written")
    if not gz.is_file():
        # mtime 0: the same sitemap always gives the same bytes.
        gz.write_bytes(gzip.compress(xml.read_bytes(), mtime=0))
        done.append("sitemap.xml.gz written")
    headers = site_dir / HEADERS
    if not headers.is_file():  # one written by hand in content/ is the organiser's
        headers.write_text(headers_file(site_dir), encoding="utf-8")
        done.append(f"{HEADERS} written")
    return done


def gzip_sitemap(site_dir: Path, as_of: datetime) -> None:
    """Write sitemap.xml.gz as MkDocs does (the file's name in the header), dated by the
    build's `as_of` (midnight UTC of its day, MkDocs' page date) instead of the clock."""
    xml = Path(site_dir) / "sitemap.xml"
    if not xml.is_file():
        return
    day = as_of.astimezone(UTC).date()
    mtime = int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())
    gz = xml.with_name("sitemap.xml.gz")
    with (
        open(gz, "wb") as raw,
        gzip.GzipFile(fileobj=raw, filename=str(gz), mode="wb", mtime=mtime) as out,
    ):
        out.write(xml.read_bytes())
