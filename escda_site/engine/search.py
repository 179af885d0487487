"""Accent-insensitive search over Material's index, both ways.

French readers type « energie » for « énergie » and « societe » for « Société ». Material's
search (lunr) matches tokens exactly, so two things are needed:

- the index: after the build, each accented run of text gets a hidden span of its
  accent-free words (`fold_index`), so a folded query finds accented text;
- the query: a small script (`assets/escda/search.js`, loaded in the page head before
  Material's bundle creates its search worker) folds every query before it reaches the
  worker, so « énergie » and « energie » are the same query, with the same results in the
  same order; it also highlights the visible words a folded query matched, which the
  worker only highlights in the hidden spans.

The MkDocs plugin calls `script_files` and `fold_index`, nothing else.
"""

from __future__ import annotations

import functools
import json
import re
from importlib.resources import files
from pathlib import Path

from escda_site.public import urls
from escda_site.text.frformat import fold
from escda_site.text.typography import typeset_html

# Material's search tokenizes the text between tags; these split an indexed field the same way.
_TAG = re.compile(r"(<[^>]*>)")
_WORD = re.compile(r"\w+")


def script_files() -> list[tuple[str, str]]:
    """The query-side script, as a (site path, content) pair to publish."""
    text = files("escda_site").joinpath("assets/search.js").read_text(encoding="utf-8")
    return [(urls.search_script(), text)]


def fold_index(site_dir: Path) -> None:
    """Fold the search index of a built site in place, when the site has one."""
    index = Path(site_dir) / "search" / "search_index.json"
    if index.is_file():
        fold_search_index(index)


def fold_search_index(path: Path, key: str = "docs") -> None:
    """Add accent-free forms of the accented words, so `societe` finds `Société`.

    Material's search does not fold accents. Each run of text between tags gets a hidden
    span of its folded words: its tokenizer indexes them, while a result shows the
    whole tag-delimited block around a match, so the span stays inside the snippet and
    stays hidden (words appended at the end of a page's text became a visible snippet).
    Titles get it too, for their ranking boost.
    """
    index = json.loads(path.read_text(encoding="utf-8"))
    for doc in index.get(key) or []:  # "docs" (Material), "items" (Zensical's search.json)
        for field in ("title", "text"):
            if doc.get(field):
                # Typeset first: results show these texts as the pages do (« l’Année »).
                doc[field] = with_folded_words(typeset_html(doc[field], ordinals=False))
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


# Cached: under `escda serve` every rebuild folds the whole index again, where only the
# entries of the pages rendered again are new.
@functools.lru_cache(maxsize=1 << 15)
def with_folded_words(markup: str) -> str:
    """`markup` with a hidden span of accent-free words after each accented run of text."""
    parts = _TAG.split(markup)
    for i in range(0, len(parts), 2):  # even items are text, odd ones tags
        folded = dict.fromkeys(f for w in _WORD.findall(parts[i]) if (f := fold(w)) != w)
        if folded:
            parts[i] += "<span hidden> " + " ".join(folded) + "</span>"
    return "".join(parts)
