"""A Python-Markdown extension: a link's closing bracket found without a pass per character.

Python-Markdown (3.9 and later) finds the `]` closing a link's or an image's text with
`LinkInlineProcessor._findBracketEnds`, a Python loop over every character of the text,
run again each time the text changes, that is after every link it replaces: a page of a
hundred links (a palmarès, a category's history) walks its text a hundred times, and
that loop was an eighth of the Markdown conversion of the archive's pages. The same ends
are found here by a regular expression that visits the brackets only, with the same
rule: the end of the text that starts after a `[` is just past the first `]` that takes
the bracket depth below the depth after that `[`. The HTML is the same byte for byte
(tests/test_link_brackets.py compares both on every page of a site and on random text).

    markdown_extensions:
      - escda_site.engine.link_brackets
"""

from __future__ import annotations

import re
from functools import cache

from markdown import Extension, Markdown
from markdown.inlinepatterns import LinkInlineProcessor

_BRACKET = re.compile(r"[\[\]]")


class BracketEnds(dict[int, int | None]):
    """For each index just past a `[` of `data`, the index just past the `]` that closes
    it, or None; any other index is scanned for when asked (Python-Markdown asks none)."""

    def __init__(self, data: str) -> None:
        super().__init__()
        self._data = data
        depth = 0
        waiting: list[tuple[int, int]] = []  # (index past a `[`, depth there), depth rising
        for bracket in _BRACKET.finditer(data):
            if bracket.group() == "[":
                depth += 1
                waiting.append((bracket.end(), depth))
            else:
                depth -= 1
                while waiting and depth < waiting[-1][1]:
                    self[waiting.pop()[0]] = bracket.end()
        for index, _ in waiting:
            self[index] = None

    def __missing__(self, index: int) -> int | None:
        depth = 0
        for bracket in _BRACKET.finditer(self._data, index):
            depth += 1 if bracket.group() == "[" else -1
            if depth < 0:
                return bracket.end()
        return None


# Python-Markdown's own link and image patterns (names and priorities since 3.0); each is
# registered again, under its name, as the same class finding its ends here.
_PATTERNS = {
    "reference": 170,
    "link": 160,
    "image_link": 150,
    "image_reference": 140,
    "short_reference": 130,
    "short_image_ref": 125,
}


class LinkBrackets(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        if not hasattr(LinkInlineProcessor, "_findBracketEnds"):
            return  # a Python-Markdown before 3.9 scans from each bracket: left as it is
        for name, priority in _PATTERNS.items():
            if name not in md.inlinePatterns:
                continue
            theirs = md.inlinePatterns[name]
            if isinstance(theirs, LinkInlineProcessor):
                ours = _with_bracket_ends(type(theirs))(theirs.pattern, md)
                md.inlinePatterns.register(ours, name, priority)


@cache  # one class per pattern class, not one per page converted
def _with_bracket_ends(cls: type[LinkInlineProcessor]) -> type[LinkInlineProcessor]:
    """`cls` whose `getText` looks the ends up in `BracketEnds`: the same answers, sooner."""
    return type(cls.__name__, (cls,), {"_findBracketEnds": staticmethod(BracketEnds)})


def makeExtension(**kwargs: object) -> LinkBrackets:  # noqa: N802 - Python-Markdown's name
    return LinkBrackets(**kwargs)
