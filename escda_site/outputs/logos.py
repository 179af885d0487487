"""Laureates' dated logos, press kits and badges, drawn with Pillow into a content-hashed cache.

Modelled on mkdocs-material's social plugin: every image is named by a hash of all that it
is drawn from, so an unchanged rebuild draws nothing and a changed input can never be
served a stale image.

The image is an 8-bit palette PNG with a transparency chunk rather than RGBA: the logo only
ever holds red, white, their anti-aliasing mixes and the disc's anti-aliased edge, which fit
in 256 palette entries, and it encodes about 8 times faster and half as big as RGBA.
"""

from __future__ import annotations

import hashlib
import io
import json
import multiprocessing
import os
import sys
import tempfile
import threading
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import font_roboto
import numpy as np
import PIL
from PIL import Image, ImageDraw, ImageFont, features

from escda_site import progress
from escda_site.public import urls
from escda_site.text.frformat import day
from escda_site.text.wording import AWARD, AWARD_SHORT, clean

if TYPE_CHECKING:
    from escda_site.public.view import PublicSite, Title

SIZES = urls.LOGO_SIZES
# Bump whenever the drawing or the encoding changes: it is part of every cache key.
DESIGN_VERSION = "2024.1"

RED = (0xB5, 0x12, 0x1B)

_FONT_DIR = Path(os.path.dirname(font_roboto.__file__)) / "files"
_BOLD = "Roboto-Bold.ttf"
_REGULAR = "Roboto-Regular.ttf"
_CAP = 0.711  # Roboto's cap height in em, to centre lines on what the eye sees

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


_PALETTE, _ALPHA = _palette()

# Geometry, as fractions of the image side, offsets from the centre (y grows downwards).
_DISC = 0.49
_RING = 0.445
_RING_WIDTH = 0.007
_SAFE = 0.41  # every glyph's bounding box stays inside this radius, well within the ring


@dataclass(frozen=True)
class _Block:
    """Lines of text sharing a font, centred on `centre` (fraction of the side)."""

    font: str
    centre: float
    max_size: float
    min_size: float
    pitch: float = 1.2  # line spacing, in em


_HEADER = _Block(_BOLD, -0.235, 0.058, 0.03)
_YEAR = _Block(_BOLD, -0.085, 0.165, 0.08)
_CATEGORY = _Block(_REGULAR, 0.125, 0.05, 0.024, pitch=1.18)
_CATEGORY_HEIGHT = 0.15  # room for the category block, between the rule and the validity
_VALIDITY = _Block(_REGULAR, 0.278, 0.036, 0.02)
_RULE_Y, _RULE_HALF, _RULE_THICK = 0.022, 0.07, 0.005


@cache
def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    # BASIC layout: the same glyphs whether or not libraqm is installed, so the bytes (and
    # the cache key, which does not know about raqm) are the same on every machine.
    return ImageFont.truetype(str(_FONT_DIR / name), size, layout_engine=ImageFont.Layout.BASIC)


@cache
def _fonts_digest() -> str:
    h = hashlib.sha256()
    for name in (_BOLD, _REGULAR):
        h.update((_FONT_DIR / name).read_bytes())
    return h.hexdigest()


plain = clean  # text as drawn: the same cleaning as everywhere else


def _words(text: str) -> list[str]:
    """Breakable units: a lone dash or French high punctuation stays with the word before."""
    words: list[str] = []
    for w in text.split(" "):
        if not w:
            continue
        if words and all(unicodedata.category(ch).startswith("P") for ch in w):
            words[-1] += "\u00a0" + w
        else:
            words.append(w)
    return words


@cache
def _missing_glyph(ch: str) -> bool:
    # Pillow has no cmap lookup: a character Roboto lacks renders as glyph 0, the box.
    font = _font(_REGULAR, 24)
    return ch != "\U0010fffd" and bytes(font.getmask(ch)) == bytes(font.getmask("\U0010fffd"))


def unsupported_characters(text: str) -> list[str]:
    """Characters of `text` that the logo would draw as empty boxes (emoji, Arabic…).

    The build log names them (`glyph_notes`): the logo itself draws them without failing.
    """
    return sorted({ch for ch in plain(text) if not ch.isspace() and _missing_glyph(ch)})


def glyph_notes(site: PublicSite) -> list[str]:
    """One line per category name whose logos will show empty boxes, for the build log."""
    notes = []
    for name in sorted({c.name for e in site.editions for c in e.categories if c.laureates}):
        missing = unsupported_characters(name)
        if missing:
            notes.append(
                f"the logos of category {name!r} draw {' '.join(missing)} as empty boxes "
                "(no glyph in the bundled font)"
            )
    return notes


def _typographic(text: str) -> str:
    return text.replace("'", "\u2019")


def _validity(valid_until: date) -> tuple[str, str]:
    return "Valable jusqu\u2019au", day(valid_until)


# --- layout ---------------------------------------------------------------------------


def _baselines(n: int, size: int, centre: float, pitch: float) -> list[float]:
    step = round(pitch * size)
    first = centre - (n - 1) * step / 2 + _CAP * size / 2
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
        font = _font(block.font, size)
        baselines = _baselines(len(lines), size, centre, block.pitch)
        height = (len(lines) - 1) * round(block.pitch * size) + _CAP * size
        if (max_height is None or height <= max_height) and _fits(
            lines, font, baselines, c, c, _SAFE * side
        ):
            best = (size, baselines)
            lo = size + 1
        else:
            hi = size - 1
    return best


@cache
def _fit_fixed(
    lines: tuple[str, ...],
    block: _Block,
    side: int,
) -> tuple[int, list[float]] | None:
    # The award's name and the validity are the same on most logos of a build.
    return _fit(lines, block, side)


def _splits(words: list[str], n: int) -> Iterable[list[str]]:
    k = len(words)
    if n == 1:
        yield [" ".join(words)]
    elif n == 2:
        for i in range(1, k):
            yield [" ".join(words[:i]), " ".join(words[i:])]
    else:
        for i in range(1, k - 1):
            for j in range(i + 1, k):
                yield [" ".join(words[:i]), " ".join(words[i:j]), " ".join(words[j:])]


def _wrap_category(name: str, side: int) -> tuple[list[str], int, list[float]]:
    """Up to 3 lines at the largest size that fits; ellipsis as the last resort."""
    words = _words(name)
    if not words:
        return [], 0, []
    font = _font(_CATEGORY.font, 100)
    best: tuple[list[str], int, list[float]] | None = None
    if len(words) > _EXACT_WORDS:
        # Far more words than fit on a logo: measuring every split would cost minutes.
        return _truncate(name, side)
    for n in range(1, min(3, len(words)) + 1):
        # The most balanced split; the circle is widest near the middle line, so
        # balancing the widest line is close enough to the true optimum.
        lines = min(_splits(words, n), key=lambda ls: max(font.getlength(t) for t in ls))
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
    font = _font(_CATEGORY.font, size)
    c = side / 2
    baselines = _baselines(3, size, c + _CATEGORY.centre * side, _CATEGORY.pitch)
    lines: list[str] = []
    rest = name
    for i, y in enumerate(baselines):
        last = i == len(baselines) - 1

        def fits(cut: int, rest: str = rest, last: bool = last, y: float = y) -> bool:
            text = rest[:cut].rstrip() + ("\u2026" if last and cut < len(rest) else "")
            return _fits([text], font, [y], c, c, _SAFE * side)

        cut = _longest_fitting(_cuts(rest, last), fits, exact=len(name) <= _EXACT_CHARS)
        lines.append(rest[:cut].rstrip() + ("\u2026" if last and cut < len(rest) else ""))
        rest = rest[cut:].lstrip()
        if not rest:
            break
    lines = [t for t in lines if t and t != "\u2026"] or ["\u2026"]
    return lines, size, _baselines(len(lines), size, c + _CATEGORY.centre * side, _CATEGORY.pitch)


# --- drawing --------------------------------------------------------------------------


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
    disc = np.clip(_DISC * side + 0.5 - d, 0.0, 1.0)
    ring_half = max(0.5, _RING_WIDTH * side / 2)
    ring = np.clip(ring_half + 0.5 - np.abs(d - _RING * side), 0.0, 1.0)
    edge = np.rint(disc * (_EDGE_LEVELS - 1))
    inside = _INSIDE + np.rint(ring * (255 - _INSIDE))
    quarter = np.where(disc >= 1.0, inside, edge).astype(np.uint8)
    top = np.concatenate([quarter, quarter[:, : side - half][:, ::-1]], axis=1)
    full = np.ascontiguousarray(np.concatenate([top, top[: side - half][::-1]], axis=0))
    return Image.fromarray(full, mode="L")


def draw_logo(year: int, category_name: str, valid_until: date, size: int) -> bytes:
    """The dated logo of a category's laureates: a square PNG with a transparent background."""
    if size < 32:
        raise ValueError(f"logo size {size} is too small to be legible")
    im = _background(size).copy()
    draw = ImageDraw.Draw(im)
    c = size / 2

    def text(lines: Sequence[str], font: ImageFont.FreeTypeFont, ys: Sequence[float]) -> None:
        for line, y in zip(lines, ys, strict=True):
            draw.text((c, y), line, font=font, fill=255, anchor="ms")

    head, tail = AWARD.rsplit(" de ", 1)  # two lines: « Élu Service Client / de l’Année »
    header = [head, f"de {tail}"]
    blocks: list[tuple[list[str], _Block]] = [
        (header, _HEADER),
        ([str(year)], _YEAR),
        (list(_validity(valid_until)), _VALIDITY),
    ]
    for lines, block in blocks:
        fitted = _fit_fixed(tuple(lines), block, size)
        if fitted is None:  # cannot happen with our own texts; never draw outside the disc
            continue
        font_size, ys = fitted
        text(lines, _font(block.font, font_size), ys)

    lines, font_size, ys = _wrap_category(_typographic(plain(category_name)), size)
    if lines:
        text(lines, _font(_CATEGORY.font, font_size), ys)

    thick = max(1, round(_RULE_THICK * size))
    y0 = round(c + _RULE_Y * size - thick / 2)
    draw.rectangle(
        (round(c - _RULE_HALF * size), y0, round(c + _RULE_HALF * size) - 1, y0 + thick - 1),
        fill=255,
    )

    im.putpalette(_PALETTE)
    out = io.BytesIO()
    # Level 3 is as fast as level 1 on these flat images and 15 % smaller; nothing but the
    # pixels, the palette and its transparency is written, so equal inputs give equal bytes.
    im.save(out, format="PNG", compress_level=3, transparency=_ALPHA)
    return out.getvalue()


# --- cache ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LogoSpec:
    """Everything one image is drawn from."""

    year: int
    category_name: str
    valid_until: date
    size: int

    @property
    def key(self) -> str:
        inputs = {
            "year": self.year,
            "category": self.category_name,
            "valid_until": self.valid_until.isoformat(),
            "valid_until_text": _validity(self.valid_until),  # Babel's wording may change
            "size": self.size,
            "design": DESIGN_VERSION,
            "fonts": _fonts_digest(),
            "pillow": PIL.__version__,
            "freetype": features.version("freetype2"),
        }
        return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()

    def draw(self) -> bytes:
        return draw_logo(self.year, self.category_name, self.valid_until, self.size)


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # The usual mode of a new file (mkstemp's is 0600): the site may publish this
        # very file as a hard link (engine/linked.py), readable by a web server.
        mask = os.umask(0o022)
        os.umask(mask)
        os.fchmod(fd, 0o666 & ~mask)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _draw_job(jobs: list[tuple[LogoSpec, str]]) -> int:
    # Runs in a worker process: writing there spares sending the PNG back to the parent.
    for spec, path in jobs:
        _write_atomic(Path(path), spec.draw())
    return len(jobs)


def _pool_context() -> multiprocessing.context.BaseContext:
    # fork starts workers in milliseconds and shares the parent's font cache, but a fork
    # taken while other threads run (mkdocs serve) may inherit a held lock: then start the
    # workers from a clean server process (they import only this module, ~0.1 s).
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and sys.platform != "darwin" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _whole_png(path: Path) -> bool:
    """The file exists and ends with PNG's closing chunk (a damaged one is drawn again)."""
    try:
        with path.open("rb") as f:
            head = f.read(8)
            f.seek(-12, os.SEEK_END)
            return head == b"\x89PNG\r\n\x1a\n" and f.read(12)[4:8] == b"IEND"
    except OSError:
        return False


class LogoCache:
    """A folder of logos named by the hash of their inputs; draws only what is missing."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.drawn = 0
        self.reused = 0

    def path(self, spec: LogoSpec) -> Path:
        return self.directory / f"{spec.key}.png"

    def ensure(self, specs: Iterable[LogoSpec]) -> dict[LogoSpec, Path]:
        """The cached file of every spec, drawing the missing ones in parallel."""
        paths = {spec: self.path(spec) for spec in dict.fromkeys(specs)}
        missing = [(spec, p) for spec, p in paths.items() if not _whole_png(p)]
        self.reused += len(paths) - len(missing)
        if missing:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._draw(missing)
            self.drawn += len(missing)
        return paths

    def _draw(self, missing: list[tuple[LogoSpec, Path]]) -> None:
        workers = min(os.cpu_count() or 1, len(missing))
        counter = progress.task("drawing logos", len(missing))
        if len(missing) <= 2 or workers < 2:
            for spec, p in missing:
                counter.advance(_draw_job([(spec, str(p))]))
            return
        # Several small chunks per worker: the 2048 px images cost 10 times the 256 px
        # ones, and interleaving sizes evens the load.
        chunks: list[list[tuple[LogoSpec, str]]] = [[] for _ in range(workers * 4)]
        for i, (spec, p) in enumerate(missing):
            chunks[i % len(chunks)].append((spec, str(p)))
        try:
            with ProcessPoolExecutor(workers, mp_context=_pool_context()) as pool:
                for chunk in pool.map(_draw_job, [c for c in chunks if c]):
                    counter.advance(chunk)
        except (BrokenProcessPool, OSError, NotImplementedError, ImportError):
            # No working process pool here (a sandbox without semaphores, say): draw in
            # this process what the workers left undone; a real drawing error recurs.
            _draw_job([(spec, str(p)) for spec, p in missing if not p.exists()])


# --- site assets ----------------------------------------------------------------------


@dataclass(frozen=True)
class LogoAssets:
    # (site-relative destination, cached PNG or in-memory content)
    files: tuple[tuple[str, Path | bytes], ...]
    drawn: int
    reused: int


def logo_path(title: Title, size: int) -> str:
    """Site-relative path of a laureate's logo at `size` pixels."""
    return urls.logo(title.edition.year, title.category.slug, title.laureate.company.slug, size)


def kit_path(title: Title) -> str:
    """Site-relative path of a laureate's press kit."""
    return urls.press_kit(title.edition.year, title.category.slug, title.laureate.company.slug)


def title_url(title: Title, site_url: str) -> str:
    """Absolute URL of the category page that proves the title."""
    return site_url.rstrip("/") + "/" + urls.category(title.edition.year, title.category.slug)


def readme(title: Title, site_url: str) -> str:
    """The usage note of a press kit (French, plain text)."""
    year = title.edition.year
    company = title.laureate.company.name
    category = title.category.name
    start, end = day(title.valid_from), day(title.valid_until)
    tested = title.category.tested
    web, prt = SIZES["web"], SIZES["print"]
    lines = [
        f"{AWARD} \u2014 {AWARD_SHORT} {year}",
        "",
        f"Lauréat : {company}",
        f"Catégorie : {category}",
        f"Édition : {AWARD_SHORT} {year}",
        f"Titre proclamé le {start}",
        f"Logo utilisable du {start} au {end} inclus",
    ]
    if tested is not None:
        lines.append(f"Entreprises testées dans la catégorie : {tested}")
    channels = ", ".join(c.label.lower() for c in title.edition.channels)
    tests = f"tests de clients mystères ({channels})" if channels else "tests de clients mystères"
    # One sentence a line: names of any length, and editors wrap lines themselves.
    lines += [
        "",
        "Preuve du titre (page publiée par l'organisateur, qui détaille le résultat) :",
        title_url(title, site_url),
        "",
        "CONTENU DU KIT",
        f"- {_kit_name(title, web)} : {web} × {web} px, fond transparent, pour le web.",
        f"- {_kit_name(title, prt)} : {prt} × {prt} px, fond transparent, pour l'impression.",
        "- LISEZ-MOI.txt : cette notice.",
        "",
        "RÈGLES D'USAGE",
        f"- Seule l'entreprise {company} peut afficher ce logo.",
        f"- Uniquement pour la catégorie « {category} » : le titre ne vaut pas pour "
        "les autres activités de l'entreprise.",
        f"- Uniquement du {start} au {end} : passé cette date, retirez le logo de tous vos "
        "supports, imprimés compris.",
        "- Ne modifiez ni le logo, ni son année, ni ses couleurs, ni ses proportions.",
        "- En ligne, faites du logo un lien vers la page de preuve ci-dessus, pour que chacun "
        "puisse vérifier le titre.",
        "- L'usage du logo en publicité est soumis à la licence conclue avec l'organisateur.",
        "",
        "CE QUE SIGNIFIE CE LOGO",
        f"{AWARD} est un prix privé : ce n'est ni un label officiel, ni une certification.",
        "Les entreprises qui le souhaitent s'inscrivent, contre paiement, dans une catégorie.",
        f"Leur service client y est évalué par des {tests} pendant la campagne de l'édition.",
        "Dans chaque catégorie, le titre revient à l'entreprise inscrite la mieux notée, si sa "
        "note atteint le seuil fixé pour l'édition.",
        "Il compare les entreprises inscrites entre elles, pas l'ensemble du marché.",
    ]
    return "\r\n".join(lines) + "\r\n"  # CRLF and a BOM: read correctly by Windows Notepad


def _kit_name(title: Title, size: int) -> str:
    return f"logo-escda-{title.edition.year}-{title.category.slug}-{size}.png"


_ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can hold: no build time in the kit


def press_kit(title: Title, site_url: str, pngs: dict[int, bytes]) -> bytes:
    """A deterministic zip of the logos (`pngs` by size) and the usage note."""
    entries = {_kit_name(title, size): data for size, data in pngs.items()}
    entries["LISEZ-MOI.txt"] = readme(title, site_url).encode("utf-8-sig")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # else it depends on the OS that builds the site
            info.external_attr = 0o644 << 16
            # PNGs are compressed already: a low level costs nothing and gains nothing.
            level = 1 if name.endswith(".png") else 9
            zf.writestr(info, entries[name], compresslevel=level)
    return out.getvalue()


def _spec(title: Title, size: int) -> LogoSpec:
    return LogoSpec(title.edition.year, title.category.name, title.valid_until, size)


def build_logo_assets(site: PublicSite, cache_dir: Path, site_url: str) -> LogoAssets:
    """Every laureate's logos (web and print) and press kit, drawing only what changed.

    Kits are cached beside the images, named by the hash of their logos and their note,
    so an unchanged rebuild neither zips nor holds hundreds of kits in memory.
    `drawn` and `reused` count images; ex aequo laureates share their category's images.
    """
    cache_ = LogoCache(cache_dir)
    titles = site.titles()
    paths = cache_.ensure(_spec(t, size) for t in titles for size in SIZES.values())
    kits = Path(cache_dir) / "kits"
    files: list[tuple[str, Path | bytes]] = []
    for t in titles:
        pngs = {size: paths[_spec(t, size)] for size in SIZES.values()}
        files += [(logo_path(t, size), path) for size, path in pngs.items()]
        note = readme(t, site_url)
        key = hashlib.sha256(
            json.dumps(
                {
                    "kit": DESIGN_VERSION,
                    "logos": {size: p.stem for size, p in pngs.items()},
                    "names": [_kit_name(t, size) for size in pngs],
                    "note": note,
                }
            ).encode()
        ).hexdigest()
        kit = kits / f"{key}.zip"
        if not kit.exists():
            kits.mkdir(parents=True, exist_ok=True)
            content = {size: p.read_bytes() for size, p in pngs.items()}
            _write_atomic(kit, press_kit(t, site_url, content))
        files.append((kit_path(t), kit))
    return LogoAssets(files=tuple(files), drawn=cache_.drawn, reused=cache_.reused)
