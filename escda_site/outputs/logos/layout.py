"""Where every line of text goes on the dated roundel, and the size it takes: shared by
the PNG (`roundel.py`) and the vector files (`vector.py`), so that both show the same
texts in the same places. Geometry is in fractions of the image side."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from PIL import ImageFont

from escda_site.outputs.logos import fonts
from escda_site.outputs.logos.fonts import BOLD, CAP, REGULAR, plain, typographic, words
from escda_site.text.wording import AWARD, AWARD_SHORT

_HEAD, _TAIL = AWARD.rsplit(" de ", 1)
HEADER = (_HEAD, f"de {_TAIL}")  # two lines: « Élu Service Client / de l’Année »

# Geometry, as fractions of the image side, offsets from the centre (y grows downwards).
DISC = 0.49
RING = 0.445
RING_WIDTH = 0.007
SAFE = 0.42  # every glyph's bounding box stays inside this radius, well within the ring
RULE_Y, RULE_HALF, RULE_THICK = -0.006, 0.07, 0.005


@dataclass(frozen=True)
class _Block:
    """Lines of text sharing a font, centred on `centre` (fraction of the side)."""

    font: str
    centre: float
    max_size: float
    min_size: float
    pitch: float = 1.2  # line spacing, in em


_HEADER = _Block(BOLD, -0.235, 0.058, 0.03)
# Below `_SHORT_BELOW` px the full name would be ~5 px high where the logo is shown (the
# 256 px web logo is a 128 px badge, a 96 px newsletter logo): « ESCDA » stands in, larger.
_HEADER_SHORT = _Block(BOLD, -0.228, 0.105, 0.05)
_SHORT_BELOW = 400
_YEAR = _Block(BOLD, -0.1, 0.155, 0.08)
# One size for every category name that two lines can hold: a long name breaks rather than
# shrinks (« Fournisseur / d'accès Internet » as large as « Banque »).
_CATEGORY = _Block(REGULAR, 0.075, 0.068, 0.024, pitch=1.18)
_CATEGORY_HEIGHT = 0.13  # room for the category block, between the rule and the validity
# The date is what tells a reader that a logo has expired: on the 256 px web logo, shown
# 128 CSS px wide, it must be at least ~11 CSS px, i.e. ~22 px (0.086 of the side).
_VALIDITY = _Block(REGULAR, 0.265, 0.094, 0.07, pitch=1.15)


def text_font(name: str, size: int) -> ImageFont.FreeTypeFont:
    """The font every text of the roundel is measured and drawn with (PNG, mark)."""
    return fonts.pil_font(name, size)


def validity(valid_until: date) -> tuple[str, str]:
    """The roundel's last two lines: « Valable jusqu’au » and the date, as « 30/09/2027 »
    (the month in letters would need a font too small to read on the web logo)."""
    return "Valable jusqu\u2019au", valid_until.strftime("%d/%m/%Y")


# --- layout ---------------------------------------------------------------------------


def _baselines(n: int, size: int, centre: float, pitch: float) -> list[float]:
    step = round(pitch * size)
    first = centre - (n - 1) * step / 2 + CAP * size / 2
    return [first + i * step for i in range(n)]


def _fits(
    lines: Sequence[str],
    font: ImageFont.FreeTypeFont,
    baselines: Sequence[float],
    cx: float,
    cy: float,
    radius: float,
) -> bool:
    r2 = radius * radius
    for text, y in zip(lines, baselines, strict=True):
        if not text:
            continue
        left, top, right, bottom = font.getbbox(text, anchor="ms")
        dx = max(abs(left), abs(right)) + 1  # +1: anti-aliasing may spill one pixel
        dy = max(abs(y + top - 1 - cy), abs(y + bottom + 1 - cy))
        if dx * dx + dy * dy > r2:
            return False
    return True


def _fit(
    lines: Sequence[str],
    block: _Block,
    side: int,
    max_height: float | None = None,
) -> tuple[int, list[float]] | None:
    """The largest font size at which all `lines` fit in the safe circle, with baselines."""
    c = side / 2
    centre = c + block.centre * side
    lo, hi = max(1, round(block.min_size * side)), max(1, round(block.max_size * side))
    best: tuple[int, list[float]] | None = None
    while lo <= hi:
        size = (lo + hi) // 2
        font = text_font(block.font, size)
        baselines = _baselines(len(lines), size, centre, block.pitch)
        height = (len(lines) - 1) * round(block.pitch * size) + CAP * size
        if (max_height is None or height <= max_height) and _fits(
            lines, font, baselines, c, c, SAFE * side
        ):
            best = (size, baselines)
            lo = size + 1
        else:
            hi = size - 1
    return best


# Memoised (pure): every logo of a category sets the same lines in the same box.
@cache
def _fit_fixed(
    lines: tuple[str, ...],
    block: _Block,
    side: int,
) -> tuple[int, list[float]] | None:
    # The award's name and the validity are the same on most logos of a build.
    return _fit(lines, block, side)


def _splits(units: list[str], n: int) -> Iterable[list[str]]:
    k = len(units)
    if n == 1:
        yield [" ".join(units)]
    elif n == 2:
        for i in range(1, k):
            yield [" ".join(units[:i]), " ".join(units[i:])]
    else:
        for i in range(1, k - 1):
            for j in range(i + 1, k):
                yield [" ".join(units[:i]), " ".join(units[i:j]), " ".join(units[j:])]


def wrap_category(name: str, side: int) -> tuple[list[str], int, list[float]]:
    """Up to 3 lines at the largest size that fits; ellipsis as the last resort."""
    units = words(name)
    if not units:
        return [], 0, []
    font = text_font(_CATEGORY.font, 100)
    best: tuple[list[str], int, list[float]] | None = None
    if len(units) > _EXACT_WORDS:
        # Far more words than fit on a logo: measuring every split would cost minutes.
        return _truncate(name, side)
    for n in range(1, min(3, len(units)) + 1):
        # The most balanced split; the circle is widest near the middle line, so
        # balancing the widest line is close enough to the true optimum.
        lines = min(_splits(units, n), key=lambda ls: max(font.getlength(t) for t in ls))
        fitted = _fit(lines, _CATEGORY, side, _CATEGORY_HEIGHT * side)
        if fitted and (best is None or fitted[0] > best[1]):
            best = (lines, *fitted)
    if best:
        return best
    return _truncate(name, side)


# Up to these sizes (every real category name) the search is exhaustive, as it always was;
# beyond, it is bounded (a 1,000-character name took 18 s per logo).
_EXACT_WORDS = 30
_EXACT_CHARS = 160


def _cuts(rest: str, last: bool) -> list[int]:
    """Where a line may end, longest first: the whole rest, then at each space (from the
    end) unless it is the last line, then character by character."""
    cuts = [len(rest)]
    if not last:
        space = rest.rfind(" ", 0, len(rest))
        while space > 0:
            cuts.append(space)
            space = rest.rfind(" ", 0, space)
    cuts.extend(range(cuts[-1] - 1, 0, -1))
    return cuts


def _longest_fitting(cuts: list[int], fits: Callable[[int], bool], exact: bool) -> int:
    """The first of `cuts` that fits (0 if none): tried in turn when `exact`, else by
    bisection, as a shorter text never needs more room than a longer one."""
    if exact:
        return next((cut for cut in cuts if fits(cut)), 0)
    lo, hi = 0, len(cuts)  # cuts[hi:] fit (or are past the end), cuts[:lo] do not
    while lo < hi:
        mid = (lo + hi) // 2
        if fits(cuts[mid]):
            hi = mid
        else:
            lo = mid + 1
    return cuts[lo] if lo < len(cuts) else 0


def _truncate(name: str, side: int) -> tuple[list[str], int, list[float]]:
    """Fill 3 lines at the smallest size, breaking inside words, and end with an ellipsis."""
    size = max(1, round(_CATEGORY.min_size * side))
    font = text_font(_CATEGORY.font, size)
    c = side / 2
    baselines = _baselines(3, size, c + _CATEGORY.centre * side, _CATEGORY.pitch)
    lines: list[str] = []
    rest = name
    for i, y in enumerate(baselines):
        last = i == len(baselines) - 1

        def fits(cut: int, rest: str = rest, last: bool = last, y: float = y) -> bool:
            text = rest[:cut].rstrip() + ("\u2026" if last and cut < len(rest) else "")
            return _fits([text], font, [y], c, c, SAFE * side)

        cut = _longest_fitting(_cuts(rest, last), fits, exact=len(name) <= _EXACT_CHARS)
        lines.append(rest[:cut].rstrip() + ("\u2026" if last and cut < len(rest) else ""))
        rest = rest[cut:].lstrip()
        if not rest:
            break
    lines = [t for t in lines if t and t != "\u2026"] or ["\u2026"]
    return lines, size, _baselines(len(lines), size, c + _CATEGORY.centre * side, _CATEGORY.pitch)


@dataclass(frozen=True)
class TextLine:
    """One centred line of the roundel: its text, font file, size and baseline, in pixels."""

    text: str
    font: str
    size: int
    baseline: float


@lru_cache(maxsize=32)  # the print PNG, vector files and certificate of a category share it
def roundel_lines(
    year: int, category_name: str, valid_until: date, side: int
) -> tuple[TextLine, ...]:
    """Every line of text of the roundel drawn `side` pixels wide, centred on side / 2.

    The PNG draws these lines with Pillow and the vector files outline the very same
    lines with fontTools, so both show the same texts in the same places.
    """
    found: list[TextLine] = []
    header = (HEADER, _HEADER) if side >= _SHORT_BELOW else ((AWARD_SHORT,), _HEADER_SHORT)
    blocks: list[tuple[Sequence[str], _Block]] = [
        header,
        ([str(year)], _YEAR),
        (validity(valid_until), _VALIDITY),
    ]
    for lines, block in blocks:
        fitted = _fit_fixed(tuple(lines), block, side)
        if fitted is None:  # cannot happen with our own texts; never draw outside the disc
            continue
        size, ys = fitted
        found += [TextLine(t, block.font, size, y) for t, y in zip(lines, ys, strict=True)]
    lines, size, ys = wrap_category(typographic(plain(category_name)), side)
    found += [TextLine(t, _CATEGORY.font, size, y) for t, y in zip(lines, ys, strict=True)]
    return tuple(found)


def rule_box(side: int) -> tuple[int, int, int, int]:
    """The short white rule under the year: left, top, right, bottom pixels (inclusive)."""
    c = side / 2
    thick = max(1, round(RULE_THICK * side))
    y0 = round(c + RULE_Y * side - thick / 2)
    return (round(c - RULE_HALF * side), y0, round(c + RULE_HALF * side) - 1, y0 + thick - 1)
