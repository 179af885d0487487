"""The bundled Roboto font, for Pillow (raster) and fontTools (outlines), and text clean-up.

Every image, vector file and PDF of the kits draws with the same two font files of the
`font_roboto` package: no font is ever looked up on the machine or fetched at build time.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import font_roboto
from PIL import ImageFont

from escda_site.public.sentences import laureate_name
from escda_site.text.clean import clean

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

    from escda_site.public.view import PublicSite

FONT_DIR = Path(os.path.dirname(font_roboto.__file__)) / "files"
BOLD = "Roboto-Bold.ttf"
REGULAR = "Roboto-Regular.ttf"
CAP = 0.711  # Roboto's cap height in em, to centre lines on what the eye sees


# The memos below hold what the bundled font files give (faces, outlines, digest, glyph
# coverage): pure functions of files that do not change while the process runs, and
# costly to recompute for each of hundreds of images.
@cache
def pil_font(name: str, size: int) -> ImageFont.FreeTypeFont:
    """Roboto `name` at `size` px, for Pillow."""
    # BASIC layout: the same glyphs whether or not libraqm is installed, so the bytes (and
    # the cache key, which does not know about raqm) are the same on every machine.
    return ImageFont.truetype(str(FONT_DIR / name), size, layout_engine=ImageFont.Layout.BASIC)


@cache
def tt_font(name: str) -> TTFont:
    """Roboto `name` parsed by fontTools, for glyph outlines and advance widths."""
    from fontTools.ttLib import TTFont  # only the vector outputs need it

    return TTFont(str(FONT_DIR / name), lazy=True)


@cache
def fonts_digest() -> str:
    """Hash of the font files: part of every cache key, so a font update redraws."""
    h = hashlib.sha256()
    for name in (BOLD, REGULAR):
        h.update((FONT_DIR / name).read_bytes())
    return h.hexdigest()


plain = clean  # text as drawn: the same cleaning as everywhere else


def typographic(text: str) -> str:
    """Straight apostrophes made typographic, as French print wants them."""
    return text.replace("'", "\u2019")


def words(text: str) -> list[str]:
    """Breakable units: a lone dash or French high punctuation stays with the word before."""
    found: list[str] = []
    for w in text.split(" "):
        if not w:
            continue
        if found and all(unicodedata.category(ch).startswith("P") for ch in w):
            found[-1] += "\u00a0" + w
        else:
            found.append(w)
    return found


@cache
def _missing_glyph(ch: str) -> bool:
    # Pillow has no cmap lookup: a character Roboto lacks renders as glyph 0, the box.
    font = pil_font(REGULAR, 24)
    return ch != "\U0010fffd" and bytes(font.getmask(ch)) == bytes(font.getmask("\U0010fffd"))


def unsupported_characters(text: str) -> list[str]:
    """Characters of `text` that the logo would draw as empty boxes (emoji, Arabic…).

    The build log names them (`glyph_notes`): the logo itself draws them without failing.
    """
    return sorted({ch for ch in plain(text) if not ch.isspace() and _missing_glyph(ch)})


def glyph_notes(site: PublicSite) -> list[str]:
    """One line per name whose logos, share images or certificates will show empty boxes."""
    notes = []
    categories = {c.name for e in site.editions for c in e.categories}
    for name in sorted(categories):
        missing = unsupported_characters(name)
        if missing:
            notes.append(
                f"the logos of category {name!r} draw {' '.join(missing)} as empty boxes "
                "(no glyph in the bundled font)"
            )
    companies = {laureate_name(t.laureate) for t in site.titles()}
    for name in sorted(companies):
        missing = unsupported_characters(name)
        if missing:
            notes.append(
                f"the share images and certificates of {name!r} draw {' '.join(missing)} as "
                "empty boxes (no glyph in the bundled font)"
            )
    return notes


# --- fitting text in a column (share images, certificates) ------------------------------

Measure = Callable[[str, float], float]  # (text, size) -> width


def wrap(text: str, measure: Measure, size: float, width: float, limit: int) -> list[str]:
    """Greedy lines of at most `width`, a word longer than a line cut where it must; stops
    after `limit` lines: a name of any length costs no more than what can be shown."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if len(lines) > limit:
            break
        candidate = f"{line} {word}" if line else word
        if measure(candidate, size) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while len(word) > 1 and measure(word, size) > width and len(lines) <= limit:
            # The longest start of the word that fits, by bisection (at least 1 character).
            lo, hi = 1, len(word) - 1
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if measure(word[:mid], size) <= width:
                    lo = mid
                else:
                    hi = mid - 1
            lines.append(word[:lo])
            word = word[lo:]
        line = word
    if line and len(lines) <= limit:
        lines.append(line)
    return lines


def fit_lines(
    text: str,
    measure: Measure,
    sizes: tuple[float, float],
    width: float,
    max_lines: int,
    step: float = 1,
) -> tuple[float, list[str]]:
    """(size, lines): the largest size from `sizes` (max, min) needing at most `max_lines`
    lines of `width`, else the smallest, its last line cut and ended by an ellipsis."""
    text = typographic(plain(text)) or "\u2026"
    top, bottom = sizes
    size = top
    while True:
        lines = wrap(text, measure, size, width, max_lines)
        if len(lines) <= max_lines:
            return size, lines
        if size <= bottom:
            break
        size = max(bottom, size - step)
    kept = lines[:max_lines]
    last = kept[-1]
    while last and measure(last + "\u2026", size) > width:
        last = last[:-1]
    kept[-1] = last.rstrip() + "\u2026"
    return size, kept
