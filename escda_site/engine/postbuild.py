"""Steps run on a built site whatever engine built it: `escda finish SITE`, and the plugin.

Today: accent folding of the search index (see `engine.search`), so « energie » finds
« Énergie » on a site built by MkDocs, ProperDocs or from the exported tree.
"""

from __future__ import annotations

from pathlib import Path

from escda_site.engine import search

# What `search.with_folded_words` adds to a folded index.
_FOLDED = "<span hidden> "


def finish_site(site_dir: Path) -> list[str]:
    """Run every post-build step on the built site in `site_dir`; name the ones that ran."""
    site_dir = Path(site_dir)
    done = []
    index = site_dir / "search" / "search_index.json"
    # Folding twice would add the hidden words twice: a folded index is left as it is.
    if index.is_file() and _FOLDED not in index.read_text(encoding="utf-8"):
        search.fold_index(site_dir)
        done.append("search index folded")
    return done
