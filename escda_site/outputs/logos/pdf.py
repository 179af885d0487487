"""PDF documents whose bytes depend on their content only (no build date, no random
ID), with Roboto embedded: the vector logos' and the certificates'."""

from __future__ import annotations

import hashlib
import io
import re
from functools import cache

from escda_site.outputs.logos import fonts
from escda_site.text.typography import typeset_text
from escda_site.text.wording import AWARD


# Memoised: reportlab registers a font once per process; the files are the package's own.
@cache
def pdf_fonts() -> dict[str, str]:
    """Register Roboto with reportlab once per process; its names by font file."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    names = {}
    for file in (fonts.BOLD, fonts.REGULAR):
        name = "Escda-" + file.removesuffix(".ttf")
        pdfmetrics.registerFont(TTFont(name, str(fonts.FONT_DIR / file)))
        names[file] = name
    return names


def new_canvas(out: io.BytesIO, size: tuple[float, float], title: str, subject: str):
    """A reportlab canvas whose bytes depend on its content only (no date, no random ID)."""
    from reportlab import rl_config
    from reportlab.pdfgen.canvas import Canvas

    # Streams compressed but not ASCII85-armoured: reportlab's pure-Python ASCII85 encoder
    # took half of each file's time, and binary streams are 20 % smaller.
    rl_config.useA85 = 0
    # An embedded (dynamic) font as the initial one: reportlab then references no base-14
    # font, and a page that draws no text (the vector logos) holds no font at all.
    canvas = Canvas(
        out,
        pagesize=size,
        invariant=1,
        pageCompression=1,
        lang="fr-FR",
        initialFontName=pdf_fonts()[fonts.REGULAR],
    )
    # A cached file never depends on the build that first drew it: its dates are given
    # here (reportlab would take SOURCE_DATE_EPOCH from the environment when set) and its
    # ID is its content's digest (`pdf_bytes`).
    canvas.setDateFormatter(_pinned_date)
    # Metadata is text as drawn: no control characters, no lone surrogates, and set as the
    # page is (« Fournisseur d’énergie » in a viewer's title bar, not « d'énergie »).
    canvas.setTitle(typeset_text(fonts.plain(title)))
    canvas.setSubject(typeset_text(fonts.plain(subject)))
    canvas.setAuthor(AWARD)
    canvas.setCreator("escda-site")
    return canvas


# The date reportlab's invariant mode writes; no build date belongs in a cached file.
PDF_DATE = "D:20000101000000+00'00'"
_ID = re.compile(rb"/ID \n\[<([0-9a-f]{32})><\1>\]")


def _pinned_date(*_ymdhms: int) -> str:
    return PDF_DATE


def pdf_bytes(canvas, out: io.BytesIO) -> bytes:
    """Save `canvas` (made by `new_canvas`) and return the document, its ID the digest of
    its content: reportlab seeds the ID with SOURCE_DATE_EPOCH when the environment has it."""
    canvas.save()
    data = out.getvalue()
    found = _ID.search(data)
    if found is None:
        raise RuntimeError("reportlab wrote no document ID where expected")
    digest = hashlib.md5(data[: found.start()], usedforsecurity=False).hexdigest().encode()
    return data[: found.start(1)] + digest + b"><" + digest + data[found.end(1) + 2 + 32 :]
