"""The dated roundel's PNG drawing (its layout, shared with the vector files, is
`layout.py`'s), the key of a drawing's inputs and the spec of a logo image.

The image is an 8-bit palette PNG with a transparency chunk rather than RGBA: the logo only
ever holds red, white, their anti-aliasing mixes and the disc's anti-aliased edge, which fit
in 256 palette entries, and it encodes about 8 times faster and half as big as RGBA.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from datetime import date
from functools import cache

import numpy as np
import PIL
from PIL import Image, ImageDraw, features
from PIL.PngImagePlugin import PngInfo

from escda_site.outputs.logos import fonts, layout
from escda_site.outputs.logos.fonts import plain
from escda_site.outputs.logos.layout import (
    DISC,
    RING,
    RING_WIDTH,
    roundel_lines,
    rule_box,
    validity,
)
from escda_site.public import urls
from escda_site.source import source_digest
from escda_site.text.wording import AWARD, PROOF_NOTE

SIZES = urls.LOGO_SIZES
# Bump whenever the drawing or the encoding changes: it is part of every cache key.
# 2026.2: validity as « 30/09/2027 », legible at the web size; 2026.3: the short name at
# the web size, category names on more lines rather than smaller.
DESIGN_VERSION = "2026.3"

RED = (0xB5, 0x12, 0x1B)

# Palette: indices 0-127 are the red disc's edge at growing opacity, 128-255 the inside of
# the disc from pure red to pure white. Drawing white (255) on red (128) in an "L" image
# then blends straight into the right index, with no compositing pass.
_EDGE_LEVELS = 128
_INSIDE = 128


def _palette() -> tuple[list[int], bytes]:
    colours: list[int] = []
    alpha = bytearray()
    for i in range(_EDGE_LEVELS):
        colours += RED
        alpha.append(round(i * 255 / (_EDGE_LEVELS - 1)))
    for i in range(256 - _INSIDE):
        w = i / (255 - _INSIDE)
        colours += [round(r + (255 - r) * w) for r in RED]
        alpha.append(255)
    return colours, bytes(alpha)


def _swapped_palette() -> list[int]:
    """`PALETTE` with red and white swapped: the disc's anti-aliased edge white, its inside
    from white (the disc) to red (the ring and what is drawn in 255); same transparency."""
    white = (255, 255, 255)
    colours = list(white) * _EDGE_LEVELS
    steps = 256 - _INSIDE
    for i in range(steps):
        w = i / (steps - 1)
        colours += [round(255 + (c - 255) * w) for c in RED]
    return colours


PALETTE, ALPHA = _palette()
# For a drawing set on red (the site's header mark): a white disc with a red ring.
SWAPPED_PALETTE = _swapped_palette()

# --- drawing --------------------------------------------------------------------------


# Memoised (pure; callers draw on a copy, `blank_roundel`): one disc per size, every logo.
@cache
def _background(side: int) -> Image.Image:
    """The red disc and its white ring, as palette indices, anti-aliased analytically."""
    c = side / 2
    half = (side + 1) // 2
    centres = np.arange(half, dtype=np.float32) + 0.5 - c
    # One quadrant, mirrored: a quarter of the work, and exactly symmetric.
    d = np.sqrt(centres[:, None] ** 2 + centres[None, :] ** 2)
    # Coverage of a pixel by a disc, approximated from the distance of its centre: exact
    # enough for the eye at any size, unlike Pillow's aliased ellipse.
    disc = np.clip(DISC * side + 0.5 - d, 0.0, 1.0)
    ring_half = max(0.5, RING_WIDTH * side / 2)
    ring = np.clip(ring_half + 0.5 - np.abs(d - RING * side), 0.0, 1.0)
    edge = np.rint(disc * (_EDGE_LEVELS - 1))
    inside = _INSIDE + np.rint(ring * (255 - _INSIDE))
    quarter = np.where(disc >= 1.0, inside, edge).astype(np.uint8)
    top = np.concatenate([quarter, quarter[:, : side - half][:, ::-1]], axis=1)
    full = np.ascontiguousarray(np.concatenate([top, top[: side - half][::-1]], axis=0))
    return Image.fromarray(full, mode="L")


def blank_roundel(side: int) -> Image.Image:
    """The disc and its ring with nothing written on them, to draw on: palette indices of
    `PALETTE` (or `SWAPPED_PALETTE`), 255 the ring's colour, with `ALPHA`'s transparency."""
    return _background(side).copy()


def roundel_image(year: int, category_name: str, valid_until: date, size: int) -> Image.Image:
    """The roundel as a palette image (palette and transparency of `PALETTE`, `ALPHA`)."""
    if size < 32:
        raise ValueError(f"logo size {size} is too small to be legible")
    im = blank_roundel(size)
    draw = ImageDraw.Draw(im)
    c = size / 2
    for line in roundel_lines(year, category_name, valid_until, size):
        font = layout.text_font(line.font, line.size)
        draw.text((c, line.baseline), line.text, font=font, fill=255, anchor="ms")
    draw.rectangle(rule_box(size), fill=255)
    im.putpalette(PALETTE)
    im.info["transparency"] = ALPHA
    return im


def draw_logo(year: int, category_name: str, valid_until: date, size: int, url: str = "") -> bytes:
    """The dated logo of a category's laureates: a square PNG with a transparent background.

    `url`: the proof page, written into the file's text chunks (title and where to check
    it), so a copy found elsewhere still says where the title is published.
    """
    im = roundel_image(year, category_name, valid_until, size)
    out = io.BytesIO()
    info = PngInfo()
    if url:
        info.add_itxt("Title", plain(f"{AWARD} {year} \u2014 {category_name}"))
        info.add_itxt("Source", plain(url))
        info.add_itxt("Comment", plain(f"{PROOF_NOTE} {url}"))
    # Level 3 is as fast as level 1 on these flat images and 15 % smaller; nothing but the
    # pixels, the palette, its transparency and those texts is written (no date), so equal
    # inputs give equal bytes.
    im.save(out, format="PNG", compress_level=3, transparency=ALPHA, pnginfo=info)
    return out.getvalue()


def base_key(**inputs: object) -> str:
    """Hash of a drawing's own inputs plus everything of the machine that shapes its pixels.

    The package's code is part of it: a wording or layout changed in a new version of the
    site must reach every cached certificate and kit, not only the ones drawn afresh.
    """
    inputs |= {
        "design": DESIGN_VERSION,
        "code": source_digest("*.py"),
        "fonts": fonts.fonts_digest(),
        "pillow": PIL.__version__,
        "freetype": features.version("freetype2"),
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True, default=str).encode()).hexdigest()


@dataclass(frozen=True)
class LogoSpec:
    """Everything one logo image is drawn from."""

    year: int
    category_name: str
    valid_until: date
    size: int
    url: str = ""  # the proof page, written into the file's metadata
    suffix = ".png"

    @property
    def key(self) -> str:
        return base_key(
            year=self.year,
            category=self.category_name,
            valid_until=self.valid_until.isoformat(),
            valid_until_text=validity(self.valid_until),  # Babel's wording may change
            size=self.size,
            url=self.url,
        )

    def draw(self) -> bytes:
        return draw_logo(self.year, self.category_name, self.valid_until, self.size, self.url)
