"""Steps run on a built site whatever engine built it: `escda finish SITE`, and the plugin.

Accent folding of the search index (see `engine.search`), so « energie » finds « Énergie »
on a site built by MkDocs, ProperDocs, or by Zensical from the exported tree (Material's
index is search/search_index.json with `docs`; Zensical's is search.json with `items`, the
same title and text fields); and the sitemap, written from the pages' canonical links when
the engine wrote none, with its gzip twin when missing.
"""

from __future__ import annotations

import gzip
import re
from html import escape, unescape
from pathlib import Path

from escda_site.engine import search

# What `search.with_folded_words` adds to a folded index.
_FOLDED = "<span hidden> "
# Search indexes: (file in the site, key of its list of documents).
_INDEXES = (("search/search_index.json", "docs"), ("search.json", "items"))


def fold_index_file(path: Path, key: str) -> bool:
    """Fold one search index in place; False when it was folded already (never twice)."""
    if _FOLDED in path.read_text(encoding="utf-8"):
        return False
    search.fold_search_index(path, key)
    return True


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


def finish_site(site_dir: Path) -> list[str]:
    """Run every post-build step on the built site in `site_dir`; name the ones that ran."""
    site_dir = Path(site_dir)
    done = []
    for name, key in _INDEXES:
        path = site_dir / name
        if path.is_file() and fold_index_file(path, key):
            done.append(f"{name} folded")
    xml, gz = site_dir / "sitemap.xml", site_dir / "sitemap.xml.gz"
    if not xml.is_file():
        xml.write_text(sitemap(site_dir), encoding="utf-8")
        done.append("sitemap.xml written")
    if not gz.is_file():
        # mtime 0: the same sitemap always gives the same bytes.
        gz.write_bytes(gzip.compress(xml.read_bytes(), mtime=0))
        done.append("sitemap.xml.gz written")
    return done
