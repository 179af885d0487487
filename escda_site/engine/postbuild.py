"""Steps run on a built site whatever engine built it: `escda finish SITE`, and the plugin.

Today: accent folding of the search index (see `engine.search`), so « energie » finds
« Énergie » on a site built by MkDocs, ProperDocs, or by Zensical from the exported tree
(Material's index is search/search_index.json with `docs`; Zensical's is search.json with
`items`, the same title and text fields).
"""

from __future__ import annotations

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


def finish_site(site_dir: Path) -> list[str]:
    """Run every post-build step on the built site in `site_dir`; name the ones that ran."""
    done = []
    for name, key in _INDEXES:
        path = Path(site_dir) / name
        if path.is_file() and fold_index_file(path, key):
            done.append(f"{name} folded")
    return done
