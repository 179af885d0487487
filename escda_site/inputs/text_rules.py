"""The characters an organiser's text may hold, whatever file it comes from.

Every text of the data ends up in HTML, XML (the feed, the sitemap, SVG logos), PDF or a
file name. Some characters can appear in none of them: XML 1.0 refuses C0 controls and
U+FFFE/U+FFFF (a feed holding one is rejected whole by readers), HTML parsers flag every
control and non-character, and a lone surrogate cannot even be written as UTF-8. They are
refused where the data enters, naming the file and the key or line (`forbidden_character`),
for YAML (`inputs/yamldoc.py`, every string of every document) and CSV alike.
"""

from __future__ import annotations

import unicodedata

# Tab, line feed and carriage return: white space that XML and HTML allow. Whether a
# field may hold a line break is the field's own rule (names are one line).
_ALLOWED_CONTROLS = frozenset("\t\n\r")
# The same characters as one class that Python's `re` and RE2 (Arrow's regular expressions)
# both read, to check a column of a million table cells in one vectorised pass. Lone
# surrogates are left out: Arrow's text is valid UTF-8, which cannot hold them.
_PLANE_ENDS = "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17))
FORBIDDEN_CLASS = "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\ufdd0-\ufdef" + _PLANE_ENDS + "]"


def _forbidden(ch: str) -> str | None:
    """What makes `ch` unusable in XML, HTML or a file name, or None when it is usable."""
    code = ord(ch)
    if ch in _ALLOWED_CONTROLS:
        return None
    if code < 0x20 or code == 0x7F:
        return "a control character"
    if 0x80 <= code <= 0x9F:
        return "a C1 control character"
    if 0xD800 <= code <= 0xDFFF:
        return "a lone surrogate (not a character: it cannot be written as UTF-8)"
    if 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE:
        return "a Unicode non-character (XML and HTML refuse it)"
    return None


def forbidden_character(text: str) -> str | None:
    """Why `text` cannot be published (the first bad character, by code point), or None.

    Used on every string the organiser's files hold: YAML values and keys, CSV cells.
    """
    # Printable text and plain white space hold none: one C-level pass for most values.
    if text.isprintable():
        return None
    for ch in text:
        why = _forbidden(ch)
        if why:
            name = unicodedata.name(ch, "") if why.startswith("a Unicode") else ""
            label = f"U+{ord(ch):04X}{f' {name}' if name else ''}"
            return f"holds {label}, {why}; remove it"
    return None


def without_forbidden(text: str) -> str:
    """`text` without the characters `forbidden_character` names.

    Only for a value already reported: later checks then see the rest of it and do not
    report the same character again (nothing is built from data with problems).
    """
    return "".join(ch for ch in text if _forbidden(ch) is None)
