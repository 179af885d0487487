"""The award's own mark: the favicon and the header mark, drawn with the logos' roundel.

The same red disc and white ring as a laureate's logo (drawn by `logos`), with a bold
« É » instead of the texts, which would be illegible at 32 px. Small and quick to draw,
so it is drawn on every build, deterministically (same Pillow and font: same bytes).

The header mark sits on the site's red header (and the red title of the phone menu),
where a red disc would vanish: it is the same drawing in swapped colours, a white disc
with a red ring and a red « É ».
"""

from __future__ import annotations

import io

from PIL import ImageDraw

from escda_site.outputs.logos import layout, roundel
from escda_site.outputs.logos.fonts import BOLD, CAP
from escda_site.public import urls

# The favicon at 32 px (tabs), the header mark at 96 px (shown at 24-48 CSS px).
SIZES = {"favicon": 32, "header": 96}


def draw_mark(size: int, on_red: bool = False) -> bytes:
    """The mark as a square palette PNG with a transparent background; `on_red`: in
    swapped colours, for the red header."""
    im = roundel.blank_roundel(size)
    draw = ImageDraw.Draw(im)
    font = layout.text_font(BOLD, round(size * 0.5))
    # Centred on the cap height, as the eye sees it (the accent rises above).
    centre = size / 2 + CAP * font.size * 0.5 - size * 0.02
    draw.text((size / 2, centre), "É", font=font, fill=255, anchor="ms")
    im.putpalette(roundel.SWAPPED_PALETTE if on_red else roundel.PALETTE)
    out = io.BytesIO()
    im.save(out, format="PNG", compress_level=9, transparency=roundel.ALPHA)
    return out.getvalue()


def mark_files() -> list[tuple[str, bytes]]:
    """(site-relative path, PNG) of the favicon and the header mark."""
    return [
        (urls.favicon(), draw_mark(SIZES["favicon"])),
        (urls.header_mark(), draw_mark(SIZES["header"], on_red=True)),
    ]
