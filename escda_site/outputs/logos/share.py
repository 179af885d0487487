"""Share images (Open Graph, 1200 × 630): a category result, an edition's palmarès, the home.

Drawn with Pillow and the bundled Roboto, never with a font fetched at build time (unlike
mkdocs-material's social plugin), and cached like the logos. The dated roundel is the
logo's own drawing. Names of any length fit: they wrap on up to 3 lines at a smaller
size, then end with an ellipsis.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PIL import Image, ImageDraw
from PIL.PngImagePlugin import PngInfo

from escda_site.outputs.logos import fonts
from escda_site.outputs.logos.fonts import BOLD, REGULAR, fit_lines
from escda_site.outputs.logos.roundel import RED, base_key, roundel_image, validity
from escda_site.outputs.templating import package_environment, slot_lines
from escda_site.public import claims, sentences, urls
from escda_site.text import figures, frformat, wording
from escda_site.text.frformat import day
from escda_site.text.typography import numbers_with_words

if TYPE_CHECKING:
    from escda_site.public.view import PublicCategory, PublicEdition, PublicSite

WIDTH, HEIGHT = SHARE_SIZE = urls.SHARE_SIZE
_INK, _GREY, _PAPER, _BAND = (
    (0x21, 0x21, 0x21),
    (0x5F, 0x5F, 0x5F),
    (255, 255, 255),
    (
        0xF4,
        0xF1,
        0xEE,
    ),
)
_FOOTER = 70  # height of the band with the page's address
_ROUNDEL = 460  # diameter, centred in the left part
_LEFT = (300, (HEIGHT - _FOOTER) // 2)  # centre of the roundel
_COLUMN = (590, 1140)  # text column, left and right x
_GAP = 16  # between blocks

# style -> (font, largest and smallest size, lines at most, leading, colour)
STYLES: dict[str, tuple[str, int, int, int, float, tuple[int, int, int]]] = {
    "kicker": (BOLD, 26, 18, 2, 1.25, RED),
    "sub": (REGULAR, 38, 26, 2, 1.2, _INK),
    "head": (BOLD, 64, 36, 3, 1.12, _INK),
    "accent": (BOLD, 36, 26, 1, 1.2, RED),
    "detail": (REGULAR, 28, 22, 2, 1.25, _GREY),
    # A sentence that must be read whole (an edition's counts and their caveat): more
    # lines rather than an ellipsis.
    "body": (REGULAR, 34, 24, 4, 1.22, _INK),
}


@dataclass(frozen=True)
class ShareSpec:
    """A share image: blocks of text (style, text), the roundel or a year disc, a footer."""

    blocks: tuple[tuple[str, str], ...]
    roundel: tuple[int, str, date] | None  # (year, category name, valid until)
    year: int | None  # shown in a grey disc when there is no roundel
    footer: str
    alt: str
    demo: bool = False  # demo data: the footer band says so
    suffix = ".png"

    @property
    def key(self) -> str:
        return base_key(
            kind="share",
            blocks=self.blocks,
            roundel=self.roundel,
            roundel_text=validity(self.roundel[2]) if self.roundel else None,
            year=self.year,
            footer=self.footer,
            alt=self.alt,
            demo=self.demo,
        )

    def draw(self) -> bytes:
        return draw_share(self)


def _measure(font: str):
    return lambda text, size: fonts.pil_font(font, int(size)).getlength(text)


def _layout(blocks: tuple[tuple[str, str], ...]) -> list[tuple[str, int, float, list[str]]]:
    """(style, size, leading, lines) of each block, sized to the column."""
    width = _COLUMN[1] - _COLUMN[0]
    out = []
    for style, text in blocks:
        font, top, bottom, max_lines, leading, _ = STYLES[style]
        # A number stays on the line of the word it counts (« 1 catégorie »).
        text = numbers_with_words(text)
        size, lines = fit_lines(text, _measure(font), (top, bottom), width, max_lines, step=2)
        out.append((style, int(size), leading, lines))
    return out


def draw_share(spec: ShareSpec) -> bytes:
    """The share image as a PNG; its texts are also in the PNG's metadata, for the scans."""
    im = Image.new("RGB", SHARE_SIZE, _PAPER)
    draw = ImageDraw.Draw(im)
    draw.rectangle((0, HEIGHT - _FOOTER, WIDTH, HEIGHT), fill=_BAND)
    draw.rectangle((0, HEIGHT - _FOOTER, WIDTH, HEIGHT - _FOOTER + 5), fill=RED)
    room = WIDTH - 120
    if spec.demo:
        # Right of the address, in the band every share image has: never over the texts.
        stamp_font = fonts.pil_font(BOLD, 24)
        room -= int(stamp_font.getlength(wording.DEMO_STAMP)) + 40
        at = (WIDTH - 60, HEIGHT - _FOOTER / 2 + 3)
        draw.text(at, wording.DEMO_STAMP, font=stamp_font, fill=RED, anchor="rm")
    # A long address gets smaller before it is cut (beside the demo stamp, say).
    size, lines = fit_lines(spec.footer, _measure(REGULAR), (24, 18), room, 1)
    footer_font = fonts.pil_font(REGULAR, int(size))
    draw.text((60, HEIGHT - _FOOTER / 2 + 3), lines[0], font=footer_font, fill=_GREY, anchor="lm")

    cx, cy = _LEFT
    box = (cx - _ROUNDEL // 2, cy - _ROUNDEL // 2)
    if spec.roundel is not None:
        logo = roundel_image(*spec.roundel, _ROUNDEL).convert("RGBA")
        im.paste(logo, box, logo)
    elif spec.year is not None:
        draw.ellipse((*box, box[0] + _ROUNDEL, box[1] + _ROUNDEL), fill=_BAND)
        draw.text((cx, cy), str(spec.year), font=fonts.pil_font(BOLD, 120), fill=_GREY, anchor="mm")

    layout = _layout(spec.blocks)
    height = sum(len(lines) * size * leading for _, size, leading, lines in layout)
    height += _GAP * (len(layout) - 1)
    y = cy - height / 2
    for style, size, leading, lines in layout:
        font = fonts.pil_font(STYLES[style][0], size)
        for line in lines:
            # Baseline a little under the middle of the line box: Roboto's ascent is larger.
            baseline = y + size * leading / 2 + size * 0.35
            draw.text((_COLUMN[0], baseline), line, font=font, fill=STYLES[style][5], anchor="ls")
            y += size * leading
        y += _GAP

    info = PngInfo()
    # Metadata is text as drawn: no control characters, no lone surrogates.
    info.add_itxt("Title", fonts.plain(spec.alt))
    texts = [text for _, text in spec.blocks] + ([wording.DEMO_STAMP] if spec.demo else [])
    info.add_itxt("Description", "\n".join(fonts.plain(text) for text in texts))
    out = io.BytesIO()
    # A palette of 256 colours keeps text and roundel crisp at a third of the RGB size.
    im.quantize(256, method=Image.Quantize.FASTOCTREE).save(
        out, format="PNG", compress_level=3, pnginfo=info
    )
    return out.getvalue()


# --- the site's share images -------------------------------------------------------------

# Their words are in templates/logos/share-*.txt.j2, one block a line (`style: text`).
_TEXT = package_environment("logos", autoescape=False)


def _blocks(template: str, **context: object) -> tuple[tuple[str, str], ...]:
    """The (style, text) blocks a share template writes, one a line (`slot_lines`)."""
    return slot_lines(_TEXT, template, STYLES, **context)


def _kicker(year: int | None = None) -> str:
    return (wording.award_of(year) if year else wording.AWARD).upper()


def _footer(site_url: str, path: str) -> str:
    return (site_url.rstrip("/") + "/" + path).split("://", 1)[-1]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def category_share(
    e: PublicEdition, c: PublicCategory, site_url: str, demo: bool = False
) -> ShareSpec:
    """The share image of a category result; `demo`: demo data, said in its footer."""
    # Away from the page, the image still gives the size of the contest (or says that an
    # archive did not publish it) and when the companies were tested.
    won = bool(c.laureates)
    reason, count = claims.reason_and_count(e, c, sentences.tested_and_candidates)
    blocks = _blocks(
        "share-category.txt.j2",
        kicker=_kicker(e.year),
        category=c.name,
        names=sentences.laureate_names(c) if won else "",
        mark=frformat.mark(c.laureates[0].overall) if won else "",
        ex_aequo=len(c.laureates) > 1,
        tested=_capital(sentences.tested_and_candidates(c) if won else count),
        threshold=figures.threshold_text(e.threshold),
        heading="" if won else sentences.no_laureate_heading(c),
        reason="" if won else _capital(reason),
        campaign=sentences.campaign_text(e),
    )
    return ShareSpec(
        blocks=blocks,
        roundel=(e.year, c.name, e.logo_valid_until) if won else None,
        year=e.year,
        footer=_footer(site_url, urls.category(e.year, c.slug)),
        alt=sentences.category_share_alt(e, c),
        demo=demo,
    )


def edition_share(e: PublicEdition, site_url: str, demo: bool = False) -> ShareSpec:
    """The share image of an edition's palmarès: its year in a disc, never the logo.

    The dated logo is only ever drawn with its category: one without would look like a
    title that could be lifted and shown on its own, which the rules of use forbid.
    """
    return ShareSpec(
        blocks=_blocks(
            "share-edition.txt.j2",
            kicker=_kicker(),
            year=e.year,
            summary=sentences.edition_summary(e),
            proclaimed=day(e.proclamation),
        ),
        roundel=None,
        year=e.year,
        footer=_footer(site_url, urls.edition(e.year)),
        alt=sentences.edition_share_alt(e),
        demo=demo,
    )


def home_share(site: PublicSite, site_url: str) -> ShareSpec:
    """The share image of the home page: the latest edition's year and its count (no logo:
    see `edition_share`)."""
    latest = site.latest
    return ShareSpec(
        blocks=_blocks(
            "share-home.txt.j2",
            kicker=_kicker(),
            latest=latest.year if latest else None,
            laureates=sentences.laureates_text(latest) if latest else "",
            editions=wording.of_editions([e.year for e in site.editions]) if latest else "",
        ),
        roundel=None,
        year=latest.year if latest else None,
        footer=_footer(site_url, urls.home()),
        alt=sentences.home_share_alt(latest),
        demo=site.demo,
    )
