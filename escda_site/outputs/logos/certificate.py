"""A laureate's printable certificate: one A4 page of PDF, with a QR code to the proof page.

Drawn with reportlab (real text in embedded Roboto subsets, so it can be searched, read
aloud and scanned by the site's tests) and segno (the QR code, as vector squares). The
roundel is the vector logo's own shapes. `invariant` mode pins the date and the file ID:
the same inputs give the same bytes.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from escda_site.outputs.logos.fonts import BOLD, REGULAR, fit_lines
from escda_site.outputs.logos.pdf import new_canvas, pdf_bytes, pdf_fonts
from escda_site.outputs.logos.roundel import RED, base_key, validity
from escda_site.outputs.logos.vector import MM, draw_roundel_pdf, roundel
from escda_site.outputs.templating import package_environment, slot_lines
from escda_site.public.sentences import laureate_name, tested_and_candidates
from escda_site.text.figures import threshold_text
from escda_site.text.frformat import day, ordinal, period
from escda_site.text.wording import AWARD, DEMO_STAMP, proof_subject

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

    from escda_site.public.view import Title

A4 = (210 * MM, 297 * MM)
_WIDTH = 164 * MM  # of the text column, centred
_INK = (0x21 / 255, 0x21 / 255, 0x21 / 255)
_GREY = (0x5F / 255, 0x5F / 255, 0x5F / 255)
_RED = tuple(v / 255 for v in RED)
# The words are in templates/logos/certificate.txt.j2, a slot a line. Rendered into the
# spec, not in the worker that draws it: the spec's key then holds them, and the key's code
# digest covers Python files only.
_TEXT = package_environment("logos", autoescape=False)
_SLOTS = (
    *("document", "subject", "label", "award", "edition", "given", "others", "in"),
    *("fact", "verify", "notice"),
)


def _width(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, pdf_fonts()[font], size)


def fit(text: str, font: str, sizes: tuple[float, float], width: float, max_lines: int):
    """(size, lines) of `text` in a column `width` points wide (see `fonts.fit_lines`)."""
    return fit_lines(text, lambda t, size: _width(t, font, size), sizes, width, max_lines)


@dataclass(frozen=True)
class CertificateSpec:
    """Everything a certificate shows, as plain values (it is drawn in a worker process)."""

    year: int
    edition_number: int
    category_name: str
    company_name: str
    valid_until: date
    url: str
    # Its words, (slot, text) in order: labels, the facts (mark, companies tested, period…)
    # and the small print (a private contest, not a label), from certificate.txt.j2.
    words: tuple[tuple[str, str], ...]
    demo: bool = False  # demo data: a visible line says so (and the cache keys it)
    suffix = ".pdf"

    def said(self, slot: str) -> list[str]:
        """The texts of `slot`, in order."""
        return [text for name, text in self.words if name == slot]

    @property
    def key(self) -> str:
        import reportlab
        import segno

        return base_key(
            kind="certificate",
            **{k: v for k, v in self.__dict__.items()},
            valid_until_text=validity(self.valid_until),
            reportlab=reportlab.Version,
            segno=segno.__version__,
        )

    def draw(self) -> bytes:
        return draw_certificate(self)


def certificate_spec(title: Title, url: str, demo: bool = False) -> CertificateSpec:
    """The certificate of a title, `url` being its proof page; `demo`: demo data."""
    from escda_site.text.frformat import mark

    e, c = title.edition, title.category
    # The title as proclaimed, with the company's name today if it was renamed since.
    company = laureate_name(title.laureate)
    # What travels with a logo gives the size of the contest and its period, or says
    # plainly that an archive did not publish the number.
    tested = tested_and_candidates(c)
    words = slot_lines(
        _TEXT,
        "certificate.txt.j2",
        _SLOTS,
        award=AWARD,
        year=e.year,
        company=company,
        category=c.name,
        others=" et ".join(
            laureate_name(lau) for lau in c.laureates if lau.company != title.laureate.company
        ),
        mark=mark(title.laureate.overall),
        threshold=threshold_text(e.threshold),
        tested=tested[:1].upper() + tested[1:],
        campaign=period(e.campaign_start, e.campaign_end),
        proclaimed=day(title.valid_from),
        valid_until=day(title.valid_until),
    )
    return CertificateSpec(
        year=e.year,
        edition_number=e.number,
        category_name=c.name,
        company_name=company,
        valid_until=title.valid_until,
        url=url,
        words=words,
        demo=demo,
    )


class _Page:
    """A cursor down the page: centred blocks of text, each below the last."""

    def __init__(self, canvas: Canvas, top: float) -> None:
        self.canvas, self.y = canvas, top

    def lines(
        self,
        lines,
        font: str,
        size: float,
        colour,
        leading: float = 1.2,
        space: float = 0.0,
        char_space: float = 0.0,
    ) -> None:
        self.y -= space
        c = self.canvas
        c.setFillColorRGB(*colour)
        for line in lines:
            self.y -= size * leading
            text = c.beginText()
            text.setFont(pdf_fonts()[font], size)
            text.setCharSpace(char_space)
            width = _width(line, font, size) + char_space * max(0, len(line) - 1)
            text.setTextOrigin((A4[0] - width) / 2, self.y + size * 0.25)
            text.textLine(line)
            c.drawText(text)

    def ordinal_line(self, n: int, rest: str, font: str, size: float, colour) -> None:
        """`20e édition`, centred, its ordinal's letters in superscript as on the pages:
        smaller and raised text (still « 20e » to search and to read aloud)."""
        number, suffix = re.fullmatch(r"(\d+)(\D+)", ordinal(n)).groups()
        small, rise = size * 0.62, size * 0.38
        rest = " " + rest
        width = _width(number, font, size) + _width(suffix, font, small) + _width(rest, font, size)
        self.y -= size * 1.2
        c = self.canvas
        c.setFillColorRGB(*colour)
        text = c.beginText()
        text.setTextOrigin((A4[0] - width) / 2, self.y + size * 0.25)
        for part, part_size, part_rise in (
            (number, size, 0),
            (suffix, small, rise),
            (rest, size, 0),
        ):
            text.setFont(pdf_fonts()[font], part_size)
            text.setRise(part_rise)
            text.textOut(part)
        c.drawText(text)

    def block(
        self,
        text: str,
        font: str,
        sizes: tuple[float, float],
        colour,
        max_lines: int = 3,
        space: float = 0.0,
    ) -> None:
        size, lines = fit(text, font, sizes, _WIDTH, max_lines)
        self.lines(lines, font, size, colour, space=space)


def _qr(canvas: Canvas, url: str, x: float, y: float, side: float) -> None:
    """The QR code of `url`, quiet zone included, as black squares (one per run of a row)."""
    import segno

    matrix = segno.make(url, error="m", micro=False).matrix
    n = len(matrix) + 8  # 4 modules of quiet zone on each side
    module = side / n
    runs = []
    for r, row in enumerate(matrix):
        bottom = y + side - (r + 5) * module
        start = None
        for col, dark in enumerate([*row, 0]):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                left, width = x + (start + 4) * module, (col - start) * module
                runs.append(f"{left:.3f} {bottom:.3f} {width:.3f} {module:.3f} re")
                start = None
    # White under the code, for a background the certificate might be printed on.
    canvas.addLiteral(
        f"q 1 g {x:.3f} {y:.3f} {side:.3f} {side:.3f} re f 0 g\n" + "\n".join(runs) + "\nf Q"
    )


def draw_certificate(spec: CertificateSpec) -> bytes:
    """The certificate as one A4 page of PDF."""
    out = io.BytesIO()
    subject = proof_subject(spec.said("subject")[0], spec.url)
    canvas = new_canvas(out, A4, spec.said("document")[0], subject)
    w, h = A4
    canvas.setStrokeColorRGB(*_RED)
    canvas.setLineWidth(1.4)
    canvas.rect(10 * MM, 10 * MM, w - 20 * MM, h - 20 * MM, stroke=1, fill=0)
    canvas.setLineWidth(0.4)
    canvas.rect(12 * MM, 12 * MM, w - 24 * MM, h - 24 * MM, stroke=1, fill=0)
    if spec.demo:
        # Between the frame and the roundel, where it cannot be trimmed off with the margin.
        _Page(canvas, h - 13 * MM).lines([DEMO_STAMP], BOLD, 12, _RED)

    diameter = 60 * MM
    draw_roundel_pdf(
        canvas,
        roundel(spec.year, spec.category_name, spec.valid_until),
        (w - diameter) / 2,
        h - 22 * MM - diameter,
        diameter,
    )
    page = _Page(canvas, h - 88 * MM)
    page.lines(spec.said("label"), BOLD, 12, _RED, char_space=2.5)
    page.block(spec.said("award")[0], BOLD, (24, 24), _INK, space=2 * MM)
    page.ordinal_line(spec.edition_number, spec.said("edition")[0], REGULAR, 11, _GREY)
    page.lines(spec.said("given"), REGULAR, 13, _GREY, space=7 * MM)
    page.block(spec.company_name, BOLD, (30, 15), _INK, space=1 * MM)
    for others in spec.said("others"):  # the other ex aequo laureates
        page.block(others, REGULAR, (12, 9), _GREY, 2)
    page.lines(spec.said("in"), REGULAR, 13, _GREY, space=4 * MM)
    page.block(spec.category_name, BOLD, (20, 11), _INK, space=1 * MM)

    page.y -= 7 * MM
    for fact in spec.said("fact"):
        page.block(fact, REGULAR, (11.5, 8), _INK, max_lines=2)

    qr_side, qr_x, qr_y = 34 * MM, 24 * MM, 30 * MM
    _qr(canvas, spec.url, qr_x, qr_y, qr_side)
    text_x, text_w = qr_x + qr_side + 6 * MM, w - qr_x - qr_side - 6 * MM - 24 * MM
    canvas.setFillColorRGB(*_INK)
    y = qr_y + qr_side - 5 * MM
    heading, explained = spec.said("verify")
    for font, size, text in [
        (BOLD, 11, heading),
        (REGULAR, 9.5, explained),
        (REGULAR, 9.5, spec.url),
    ]:
        for line in fit(text, font, (size, size), text_w, 4)[1]:
            canvas.setFont(pdf_fonts()[font], size)
            canvas.drawString(text_x, y, line)
            y -= size * 1.3
        y -= 1.5 * MM
    canvas.setFillColorRGB(*_GREY)
    y = 22 * MM
    for line in fit(spec.said("notice")[0], REGULAR, (7.5, 7.5), w - 48 * MM, 3)[1]:
        canvas.setFont(pdf_fonts()[REGULAR], 7.5)
        canvas.drawCentredString(w / 2, y, line)
        y -= 7.5 * 1.3
    canvas.showPage()
    return pdf_bytes(canvas, out)
