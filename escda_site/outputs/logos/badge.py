"""The badge a laureate shows on its own site: one stable address, drawn from the title's state.

The code a laureate pastes points at `urls.badge`, never at the dated logo file: while the
logo is valid the badge is that logo (the same cached file), and once it has expired the
build draws in its place a grey card saying the title belonged to that edition and is no
longer current (`wording.expired_badge_lines`), never the logo. The daily rebuild swaps
it, and the link around it still leads to the page that proves the title.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PIL import Image, ImageDraw
from PIL.PngImagePlugin import PngInfo

from escda_site.outputs.logos import fonts
from escda_site.outputs.logos.cache import Drawable
from escda_site.outputs.logos.fonts import BOLD, REGULAR, fit_lines
from escda_site.outputs.logos.roundel import SIZES, base_key
from escda_site.text import wording

if TYPE_CHECKING:
    from escda_site.public.view import Title

_PAPER, _EDGE, _INK, _GREY = (
    (0xF2, 0xF2, 0xF2),
    (0x75, 0x75, 0x75),
    (0x21, 0x21, 0x21),
    (
        0x55,
        0x55,
        0x55,
    ),
)
# Per line of `expired_badge_lines`: font, largest and smallest size (fraction of the
# side), lines at most, colour. Shown 128 CSS px wide, the smallest text is still ~9 px.
_STYLES = (
    (REGULAR, 0.1, 0.075, 1, _GREY),
    (BOLD, 0.25, 0.2, 1, _GREY),
    (REGULAR, 0.105, 0.07, 2, _INK),
    (BOLD, 0.115, 0.085, 1, _INK),
    (REGULAR, 0.09, 0.07, 1, _GREY),
)
_LEADING = 1.12
_GAP = 0.03  # between blocks, fraction of the side
_BORDER = 0.02


@dataclass(frozen=True)
class ExpiredBadgeSpec:
    """The badge of a title whose logo has expired: edition, category, first day expired."""

    year: int
    category_name: str
    ended: date
    size: int
    suffix = ".png"

    @property
    def lines(self) -> tuple[str, ...]:
        return wording.expired_badge_lines(self.year, self.category_name, self.ended)

    @property
    def key(self) -> str:
        return base_key(kind="expired-badge", lines=self.lines, size=self.size)

    def draw(self) -> bytes:
        return draw_expired_badge(self.lines, self.size)


def _measure(font: str):
    return lambda text, size: fonts.pil_font(font, max(1, int(size))).getlength(text)


def draw_expired_badge(lines: tuple[str, ...], side: int) -> bytes:
    """A square grey card, the lines centred; its text is in the PNG's metadata too."""
    im = Image.new("RGB", (side, side), _PAPER)
    draw = ImageDraw.Draw(im)
    border = max(2, round(_BORDER * side))
    draw.rectangle((0, 0, side - 1, side - 1), outline=_EDGE, width=border)
    width = side * 0.86
    blocks = []
    for text, (font, top, bottom, most, colour) in zip(lines, _STYLES, strict=True):
        size, rows = fit_lines(text, _measure(font), (top * side, bottom * side), width, most)
        blocks.append((font, int(size), rows, colour))
    gap = _GAP * side
    height = sum(len(rows) * size * _LEADING for _, size, rows, _ in blocks)
    y = (side - height - gap * (len(blocks) - 1)) / 2
    for font, size, rows, colour in blocks:
        face = fonts.pil_font(font, size)
        for row in rows:
            baseline = y + size * _LEADING / 2 + size * fonts.CAP / 2
            draw.text((side / 2, baseline), row, font=face, fill=colour, anchor="ms")
            y += size * _LEADING
        y += gap
    info = PngInfo()
    info.add_itxt("Description", "\n".join(fonts.typographic(fonts.plain(t)) for t in lines))
    out = io.BytesIO()
    im.quantize(64, method=Image.Quantize.FASTOCTREE).save(
        out, format="PNG", compress_level=3, pnginfo=info
    )
    return out.getvalue()


def badge_spec(title: Title, today: date, web_logo: Drawable) -> Drawable:
    """What the badge address serves on `today`: `web_logo`, the title's web logo, until the
    logo expires (the very same file, proof URL in its metadata included), then the card
    that says the title is no longer current."""
    if title.state_on(today) == "expired":
        return ExpiredBadgeSpec(title.edition.year, title.category.name, title.ended, SIZES["web"])
    return web_logo
