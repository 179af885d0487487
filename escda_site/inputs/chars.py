"""Characters an organiser's text may not hold: they cannot appear in XML, HTML or a file
name, or they are the trace of a damaged export (a byte order mark inside a file).

The class below reads the same in Python's `re` and in RE2 (Arrow's regular expressions),
so that a table of a million cells is checked in one vectorised pass.
"""

from __future__ import annotations

import re
import unicodedata

# C0 and C1 controls (line breaks inside a table cell are reported on their own, as a cell
# running on to the next line), line and paragraph separators, the byte order mark, and
# the non-characters: U+FDD0–U+FDEF and the last two code points of every plane.
_PLANE_ENDS = "".join(chr(p << 16 | 0xFFFE) + chr(p << 16 | 0xFFFF) for p in range(17))
FORBIDDEN_CLASS = (
    "[\\x00-\\x09\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f"
    "\u2028\u2029\ufeff\ufdd0-\ufdef" + _PLANE_ENDS + "]"
)
_FORBIDDEN = re.compile(FORBIDDEN_CLASS)


def forbidden_char(text: str) -> str | None:
    """What the first forbidden character of `text` is, said for an organiser; None if none."""
    found = _FORBIDDEN.search(text)
    if found is None:
        return None
    ch = found.group()
    code = f"U+{ord(ch):04X}"
    if ch == "\ufeff":
        return f"{code}, a byte order mark (two files joined into one?)"
    if ch == "\t":
        return f"{code}, a tab"
    if unicodedata.category(ch) == "Cc":
        return f"{code}, a control character"
    if ch in "\u2028\u2029":
        return f"{code}, a line or paragraph separator"
    return f"{code}, a non-character"
