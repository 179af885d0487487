"""Vector logos for print: SVG and PDF, texts as glyph outlines, in colour and in black.

The layout is the print PNG's (`layout.roundel_lines` at 2048 px): same texts, sizes and
baselines; fontTools turns each line into outlines, so the files open without Roboto
(an SVG with `<text>` would fall back to whatever font the printer's machine has).

The one-colour variant is a single black shape with the ring, the rule and the texts cut
out (even-odd fill): one ink, and the paper shows through, whatever its colour.
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from fontTools.pens.basePen import BasePen

from escda_site.outputs.logos import fonts
from escda_site.outputs.logos.layout import (
    DISC,
    RING,
    RING_WIDTH,
    TextLine,
    roundel_lines,
    rule_box,
    validity,
)
from escda_site.outputs.logos.pdf import new_canvas, pdf_bytes
from escda_site.outputs.logos.roundel import RED, SIZES, base_key
from escda_site.text.wording import AWARD, proof_subject

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

SIDE = SIZES["print"]  # layout units: the print PNG's pixels
PAGE_MM = 100.0  # printed size of the vector logos; they scale without loss
MM = 72 / 25.4  # PDF points per millimetre
RED_HEX = "#{:02X}{:02X}{:02X}".format(*RED)
# Quarter-circle Bézier handle length, as a fraction of the radius.
_KAPPA = 0.5522847498


def _num(value: float) -> str:
    # Two decimals of a 2048-unit square: far below a printer's dot, and stable bytes.
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _placements(line: TextLine) -> tuple[float, float, list[tuple[str, float]]]:
    """(scale, left x, [(glyph name, x offset)]) of a line centred like the PNG's.

    The pen positions are Pillow's (its hinted advances, about 1 % off the design ones at
    these sizes), so each glyph sits where the print PNG draws it.
    """
    font = fonts.tt_font(line.font)
    cmap = font.getBestCmap()
    raster = fonts.pil_font(line.font, line.size)
    glyphs = [
        # No glyph: the box, as the PNG draws it.
        (cmap.get(ord(ch), ".notdef"), raster.getlength(line.text[:i]))
        for i, ch in enumerate(line.text)
    ]
    scale = line.size / font["head"].unitsPerEm
    return scale, SIDE / 2 - raster.getlength(line.text) / 2, glyphs


class _Recorder(BasePen):
    """A glyph's contours as plain tuples, in font units (y up); components decomposed."""

    def __init__(self, glyph_set) -> None:
        super().__init__(glyph_set)
        self.ops: list[tuple] = []

    def _moveTo(self, pt):
        self.ops.append(("M", *pt))

    def _lineTo(self, pt):
        self.ops.append(("L", *pt))

    def _qCurveToOne(self, pt1, pt2):  # TrueType's own curves, kept quadratic
        self.ops.append(("Q", *pt1, *pt2))

    def _curveToOne(self, pt1, pt2, pt3):
        self.ops.append(("C", *pt1, *pt2, *pt3))

    def _closePath(self):
        self.ops.append(("Z",))


@cache
def _glyph(font: str, name: str) -> tuple[tuple, ...]:
    # A roundel draws about a hundred glyphs of a few dozen: outline each one once.
    glyph_set = fonts.tt_font(font).getGlyphSet()
    pen = _Recorder(glyph_set)
    glyph_set[name].draw(pen)
    return tuple(pen.ops)


@lru_cache(maxsize=64)  # the SVGs, PDFs and certificate of a category share their lines
def _line_ops(line: TextLine) -> tuple[tuple, ...]:
    """The outlines of `line` in layout units (y down), as ("M", x, y)… tuples."""
    scale, left, glyphs = _placements(line)
    ops = []
    for name, x in glyphs:
        dx = left + x
        for op in _glyph(line.font, name):
            xy = op[1:]
            ops.append(
                (
                    op[0],
                    *(
                        dx + v * scale if i % 2 == 0 else line.baseline - v * scale
                        for i, v in enumerate(xy)
                    ),
                )
            )
    return tuple(ops)


@dataclass(frozen=True)
class Roundel:
    """The roundel's shapes in layout units (y down): disc, ring, rule and text lines."""

    cx: float
    radius: float
    ring_outer: float
    ring_inner: float
    rule: tuple[float, float, float, float]  # left, top, right, bottom
    lines: tuple[TextLine, ...]

    @property
    def texts(self) -> list[str]:
        return [line.text for line in self.lines]


def roundel(year: int, category_name: str, valid_until: date) -> Roundel:
    """The roundel of the print PNG, as shapes."""
    half_ring = max(0.5, RING_WIDTH * SIDE / 2)
    x0, y0, x1, y1 = rule_box(SIDE)
    return Roundel(
        cx=SIDE / 2,
        radius=DISC * SIDE,
        ring_outer=RING * SIDE + half_ring,
        ring_inner=RING * SIDE - half_ring,
        rule=(x0, y0, x1 + 1, y1 + 1),  # pixel boxes are inclusive
        lines=tuple(roundel_lines(year, category_name, valid_until, SIDE)),
    )


# --- SVG ------------------------------------------------------------------------------


def _svg_circle(c: float, r: float) -> str:
    return (
        f"M{_num(c - r)} {_num(c)}A{_num(r)} {_num(r)} 0 1 0 {_num(c + r)} {_num(c)}"
        f"A{_num(r)} {_num(r)} 0 1 0 {_num(c - r)} {_num(c)}Z"
    )


def _svg_rect(box: tuple[float, float, float, float]) -> str:
    x0, y0, x1, y1 = (_num(v) for v in box)
    return f"M{x0} {y0}H{x1}V{y1}H{x0}Z"


def _svg_path(ops: Iterable[tuple]) -> str:
    return "".join(op[0] + " ".join(_num(v) for v in op[1:]) for op in ops)


def _svg_text(line: TextLine) -> str:
    return _svg_path(_line_ops(line))


def roundel_svg(shape: Roundel, title: str, mono: bool = False) -> str:
    """The roundel as a standalone SVG document: paths only, no `<text>`, no font."""
    title = fonts.plain(title)  # no control characters, no lone surrogates
    label = html.escape(title, quote=True)
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIDE} {SIDE}" '
        f'width="{_num(PAGE_MM)}mm" height="{_num(PAGE_MM)}mm" role="img" aria-label="{label}">\n'
        f"<title>{html.escape(title)}</title>\n"
    )
    ring = _svg_circle(shape.cx, shape.ring_outer) + _svg_circle(shape.cx, shape.ring_inner)
    if mono:
        # One compound shape: each nested contour flips between ink and paper.
        d = _svg_circle(shape.cx, shape.radius) + ring + _svg_rect(shape.rule)
        d += "".join(_svg_text(line) for line in shape.lines)
        body = f'<path fill="#000" fill-rule="evenodd" d="{d}"/>\n'
    else:
        body = (
            f'<circle cx="{_num(shape.cx)}" cy="{_num(shape.cx)}" r="{_num(shape.radius)}" '
            f'fill="{RED_HEX}"/>\n'
            f'<path fill="#FFF" fill-rule="evenodd" d="{ring}"/>\n'
            f'<path fill="#FFF" d="{_svg_rect(shape.rule)}"/>\n'
        )
        # Each line keeps its text as a label: screen readers, and the site's scans.
        body += "".join(
            f'<path fill="#FFF" aria-label="{html.escape(line.text, quote=True)}" '
            f'd="{_svg_text(line)}"/>\n'
            for line in shape.lines
        )
    return head + body + "</svg>\n"


# --- PDF ------------------------------------------------------------------------------


# Two decimals of a point: a hundredth of a millimetre, below any printer's dot.
_CURVE = "{:.2f} {:.2f} {:.2f} {:.2f} {:.2f} {:.2f} c".format
_POINT = "{:.2f} {:.2f} {}".format


def _pdf_path(ops: Iterable[tuple], x: float, y: float, k: float) -> str:
    """PDF path operators for layout-unit contours scaled by `k` with (0, 0) at the top
    left of a square whose bottom left is (x, y); quadratic curves become cubic ones."""
    top = y + SIDE * k  # PDF's y grows upwards
    out: list[str] = []
    cx = cy = 0.0  # the current point, in PDF units
    for op in ops:
        kind = op[0]
        if kind == "Z":
            out.append("h")
        elif kind == "Q":
            qx, qy, px, py = x + op[1] * k, top - op[2] * k, x + op[3] * k, top - op[4] * k
            out.append(
                _CURVE(
                    cx + (qx - cx) * 2 / 3,
                    cy + (qy - cy) * 2 / 3,
                    px + (qx - px) * 2 / 3,
                    py + (qy - py) * 2 / 3,
                    px,
                    py,
                )
            )
            cx, cy = px, py
        elif kind == "C":
            cx, cy = x + op[5] * k, top - op[6] * k
            out.append(
                _CURVE(x + op[1] * k, top - op[2] * k, x + op[3] * k, top - op[4] * k, cx, cy)
            )
        else:  # M or L
            cx, cy = x + op[1] * k, top - op[2] * k
            out.append(_POINT(cx, cy, "m" if kind == "M" else "l"))
    return "\n".join(out)


def _circle_ops(c: float, r: float) -> list[tuple]:
    """A circle as four cubic arcs, in layout units."""
    h = r * _KAPPA
    return [
        ("M", c + r, c),
        ("C", c + r, c + h, c + h, c + r, c, c + r),
        ("C", c - h, c + r, c - r, c + h, c - r, c),
        ("C", c - r, c - h, c - h, c - r, c, c - r),
        ("C", c + h, c - r, c + r, c - h, c + r, c),
        ("Z",),
    ]


def _rect_ops(box: tuple[float, float, float, float]) -> list[tuple]:
    x0, y0, x1, y1 = box
    return [("M", x0, y0), ("L", x1, y0), ("L", x1, y1), ("L", x0, y1), ("Z",)]


@lru_cache(maxsize=8)  # the colour and the black PDF of a category draw the same paths
def _roundel_pdf_parts(shape: Roundel, x: float, y: float, diameter: float) -> tuple[str, ...]:
    """PDF paths of the disc, the ring, and the rule with the texts, placed on a page."""
    k = diameter / SIDE

    def path(*parts: Iterable[tuple]) -> str:
        return _pdf_path((op for part in parts for op in part), x, y, k)

    ring = _circle_ops(shape.cx, shape.ring_outer) + _circle_ops(shape.cx, shape.ring_inner)
    return (
        path(_circle_ops(shape.cx, shape.radius)),
        path(ring),
        path(_rect_ops(shape.rule), *(_line_ops(line) for line in shape.lines)),
    )


def draw_roundel_pdf(
    canvas: Canvas, shape: Roundel, x: float, y: float, diameter: float, mono: bool = False
) -> None:
    """Draw the roundel on a reportlab canvas, its square's bottom-left corner at (x, y).

    The outlines go in as literal path operators (reportlab's path objects cost ten
    times more for the thousands of points of the texts), inside q/Q so that the
    canvas' own graphics state is untouched.
    """
    disc, ring, marks = _roundel_pdf_parts(shape, x, y, diameter)
    if mono:
        # One compound shape, even-odd: each nested contour flips between ink and paper.
        code = ["q", "0 g", disc, ring, marks, "f*", "Q"]
    else:
        red = " ".join(_num(v / 255) for v in RED)
        code = ["q", f"{red} rg", disc, "f", "1 g", ring, "f*", marks, "f", "Q"]
    canvas.addLiteral("\n".join(code))


def roundel_pdf(shape: Roundel, title: str, mono: bool = False, url: str = "") -> bytes:
    """The roundel alone on a square page of `PAGE_MM` millimetres, as vector paths.

    `url`: the proof page, named in the document's subject.
    """
    side = PAGE_MM * MM
    out = io.BytesIO()
    # The texts are outlines: the document's subject repeats them, for search and scans.
    canvas = new_canvas(out, (side, side), title, proof_subject(" / ".join(shape.texts), url))
    draw_roundel_pdf(canvas, shape, 0, 0, side, mono)
    canvas.showPage()
    return pdf_bytes(canvas, out)


def _versions() -> dict[str, str]:
    import fontTools
    import reportlab

    return {"fonttools": fontTools.version, "reportlab": reportlab.Version}


@dataclass(frozen=True)
class VectorSpec:
    """A vector logo: SVG or PDF, in colour or in black. Shared by ex aequo laureates."""

    year: int
    category_name: str
    valid_until: date
    fmt: str  # "svg" or "pdf"
    mono: bool
    url: str = ""  # the proof page, in a PDF's metadata (an SVG has none to carry it)

    @property
    def suffix(self) -> str:
        return f".{self.fmt}"

    @property
    def key(self) -> str:
        return base_key(
            kind="vector",
            year=self.year,
            category=self.category_name,
            valid_until=self.valid_until.isoformat(),
            valid_until_text=validity(self.valid_until),
            fmt=self.fmt,
            mono=self.mono,
            url=self.url if self.fmt == "pdf" else "",
            **_versions(),
        )

    def draw(self) -> bytes:
        shape = roundel(self.year, self.category_name, self.valid_until)
        title = f"{AWARD} {self.year} \u2014 {self.category_name}"
        if self.fmt == "svg":
            return roundel_svg(shape, title, self.mono).encode("utf-8")
        return roundel_pdf(shape, title, self.mono, self.url)
