"""Dated logos: what the images show, that they stay inside the roundel, the cache, the kit."""

from __future__ import annotations

import hashlib
import io
import shutil
import threading
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from escda_site.cache import Store
from escda_site.inputs.model import Channel, Company, Sector
from escda_site.outputs import logos
from escda_site.outputs.logos import SIZES, build_logo_assets, draw_logo, fonts, layout, roundel
from escda_site.outputs.logos import kit as logos_kit
from escda_site.outputs.mark import mark_files
from escda_site.outputs.pages import badge_html
from escda_site.public import urls
from escda_site.public.view import Laureate, PublicCategory, PublicEdition, PublicSite

from sitecheck import untypeset


def _store(cache: Path) -> Store:
    store = Store(cache)
    store.begin()
    return store


def assets_in(site: PublicSite, cache: Path, site_url: str) -> logos.LogoAssets:
    """The logo assets of `site` drawn into (or taken from) the cache folder `cache`."""
    store = _store(cache)
    try:
        return build_logo_assets(site, store, site_url)
    finally:
        store.close()


UNTIL = date(2020, 9, 30)
SITE_URL = "https://escda.example/"
LONG = "Fournisseur d'accès internet et téléphonie mobile — offres professionnelles"
HOSTILE = [
    LONG,
    "<script>alert('x')</script> Œuvres & Ælfrid — ﬁnance 🎉🎉 مرحبا بالعالم\u200f\n\ttab",
    "W" * 80,
    "Anticonstitutionnellement " * 4,
    "x\ud800y",  # a lone surrogate cannot even be encoded
    "",
]


def rgba(png: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(png))
    im.load()
    return im.convert("RGBA")


def site(category_name: str = "Banque", company_name: str = "Acme & Fils") -> PublicSite:
    sector = Sector("finance", "Finance")
    cats = (
        PublicCategory(
            year=2020,
            slug="banque",
            name=category_name,
            sector=sector,
            status="laureate",
            tested=4,
            laureates=(Laureate(Company("acme", company_name), 15.2, ()),),
        ),
        PublicCategory(
            year=2020,
            slug="assurance",
            name="Assurance",
            sector=sector,
            status="laureate",
            tested=3,
            laureates=(
                Laureate(Company("acme", company_name), 14.0, ()),
                Laureate(Company("bravo", "Bravo"), 14.0, ()),  # ex aequo: one shared image
            ),
        ),
    )
    edition = PublicEdition(
        year=2020,
        campaign_start=date(2019, 5, 13),
        campaign_end=date(2019, 7, 19),
        proclamation=datetime(2019, 10, 10, 20, tzinfo=timezone(timedelta(hours=2))),
        logo_valid_until=UNTIL,
        threshold=12.0,
        min_tested=3,
        archive=False,
        channels=(Channel("phone", "Appels téléphoniques", 140, 1.0, ()),),
        categories=cats,
        aggregates=None,
        tests_run=1575,
        companies_tested=7,
    )
    return PublicSite(
        editions=(edition,),
        sectors=(sector,),
        companies=(),
        demo=True,
        as_of=datetime(2020, 1, 1, tzinfo=UTC),
    )


@pytest.mark.parametrize("size", SIZES.values())
def test_square_png_with_transparent_corners(size: int) -> None:
    png = draw_logo(2020, "Banque", UNTIL, size)
    assert png.startswith(b"\x89PNG")
    im = Image.open(io.BytesIO(png))
    assert im.size == (size, size)
    assert im.mode == "P" and "transparency" in im.info  # palette with per-entry alpha
    pixels = rgba(png)
    for corner in [(0, 0), (size - 1, 0), (0, size - 1), (size - 1, size - 1)]:
        assert pixels.getpixel(corner)[3] == 0
    # The middle of the disc is opaque, and both the red and the white are there.
    colours = {c for _, c in pixels.getcolors(maxcolors=1 << 16)}
    assert (0xB5, 0x12, 0x1B, 255) in colours and (255, 255, 255, 255) in colours


def test_drawing_is_byte_deterministic() -> None:
    assert draw_logo(2020, LONG, UNTIL, 256) == draw_logo(2020, LONG, UNTIL, 256)


def test_inputs_change_the_image() -> None:
    base = draw_logo(2020, "Banque", UNTIL, 256)
    assert draw_logo(2021, "Banque", UNTIL, 256) != base
    assert draw_logo(2020, "Banque en ligne", UNTIL, 256) != base
    assert draw_logo(2020, "Banque", date(2020, 10, 1), 256) != base


def _text_rows(png: bytes, size: int) -> list[tuple[int, int]]:
    """(first, last) pixel rows of each band of white ink inside the ring, top to bottom."""
    px = np.asarray(rgba(png)).astype(int)
    inside = _distance(size) < layout.SAFE * size + 1
    white = (px[..., 1] > 128) & inside  # the red's green is 0x12: only text and rule
    rows = np.flatnonzero(white.any(axis=1))
    bands: list[tuple[int, int]] = []
    for row in rows:
        if bands and row == bands[-1][1] + 1:
            bands[-1] = (bands[-1][0], row)
        else:
            bands.append((row, row))
    return bands


def test_the_web_logo_shows_its_validity_date_at_a_readable_size() -> None:
    # The web logo is shown 128 CSS px wide (badge): its date must read as ~11 CSS px text,
    # so the digits of its last line are at least 15 px tall in the 256 px image (Roboto's
    # digits are 0.71 em: a 22 px font), and the line is the date, all in figures.
    size = SIZES["web"]
    lines = layout.roundel_lines(2020, "Banque", UNTIL, size)
    assert [(line.text, line.size >= 22) for line in lines if "2020" in line.text] == [
        ("2020", True),
        ("30/09/2020", True),
    ]
    assert any(line.text == "Valable jusqu’au" and line.size >= 22 for line in lines)
    first, last = _text_rows(draw_logo(2020, "Banque", UNTIL, size), size)[-1]
    assert last - first + 1 >= 15


def _distance(size: int) -> np.ndarray:
    centres = np.arange(size) + 0.5 - size / 2
    return np.hypot(centres[:, None], centres[None, :])


def _assert_ink_inside(png: bytes, size: int) -> None:
    px = np.asarray(rgba(png)).astype(int)
    d = _distance(size)
    # Beyond the disc (and its anti-aliased pixel): nothing at all.
    assert (px[d > layout.DISC * size + 1, 3] == 0).all()
    # Between the text's circle and the ring, and between the ring and the edge: pure red
    # (green stays at the red's 0x12: no white, not even blended).
    ring_in = (layout.RING - layout.RING_WIDTH / 2) * size
    ring_out = (layout.RING + layout.RING_WIDTH / 2) * size
    gaps = ((d > layout.SAFE * size + 1.5) & (d < ring_in - 1.5)) | (
        (d > ring_out + 1.5) & (d < layout.DISC * size - 1)
    )
    assert gaps.sum() > size  # the bands are not empty at this size
    assert (px[gaps, 1] == 0x12).all() and (px[gaps, 3] == 255).all()


@pytest.mark.parametrize("size", SIZES.values())
@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_never_leave_the_roundel(name: str, size: int) -> None:
    _assert_ink_inside(draw_logo(2020, name, UNTIL, size), size)


def test_hostile_names_wrap_on_three_lines_at_most() -> None:
    for size in SIZES.values():
        for name in HOSTILE:
            lines, _, _ = layout.wrap_category(fonts.typographic(fonts.plain(name)), size)
            assert len(lines) <= 3


def test_long_name_wraps_on_at_most_three_lines() -> None:
    lines, _, _ = layout.wrap_category(fonts.typographic(fonts.plain(LONG)), 256)
    assert 2 <= len(lines) <= 3
    assert " ".join(lines).replace("\u00a0", " ") == LONG.replace("'", "\u2019")
    assert not any(line.startswith("—") for line in lines)


def test_accents_draw_text() -> None:
    plain_png = draw_logo(2020, "", UNTIL, 256)
    accented = draw_logo(2020, "Énergie, électricité & crèches — Œuvres ﬁnancières", UNTIL, 256)

    def white_pixels(png: bytes) -> int:
        hist = rgba(png).convert("L").histogram()
        return sum(hist[200:])

    assert white_pixels(accented) > white_pixels(plain_png) + 200


def test_unsupported_characters_are_reported() -> None:
    assert logos.unsupported_characters("Énergie — Œuvres ﬁnance «\u00a0x\u00a0»") == []
    assert logos.unsupported_characters("Banque 🎉 مر") == ["ر", "م", "🎉"]


def test_the_build_log_names_categories_drawn_with_boxes() -> None:
    notes = logos.glyph_notes(site("Fête 🎉"))
    assert notes == [
        "the logos of category 'Fête 🎉' draw 🎉 as empty boxes (no glyph in the bundled font)"
    ]
    assert logos.glyph_notes(site("Fête")) == []


def test_tiny_sizes_are_refused() -> None:
    with pytest.raises(ValueError):
        draw_logo(2020, "Banque", UNTIL, 16)


def _bytes(files) -> list[tuple[str, bytes]]:
    return [(d, c if isinstance(c, bytes) else c.read_bytes()) for d, c in files]


# Per category: 2 PNG sizes and 4 vector files, shared by ex aequo laureates; per laureate:
# a certificate and a kit; share images: the home, the edition, each category.
PER_CATEGORY, PER_LAUREATE = len(SIZES) + 4, 2


@pytest.fixture(scope="module")
def first_drawing(tmp_path_factory) -> tuple[Path, logos.LogoAssets]:
    """`site()`'s files drawn at SITE_URL into an empty cache, once for the module: the
    cache folder (each test edits a copy, `_cache_after`) and what that drawing said."""
    cache = tmp_path_factory.mktemp("first-drawing") / "cache"
    return cache, assets_in(site(), cache, SITE_URL)


def _cache_after(first_drawing, tmp_path: Path) -> Path:
    cache = tmp_path / "cache"
    shutil.copytree(first_drawing[0], cache)
    return cache


@pytest.mark.slow
def test_cache_draws_once_and_redraws_on_change(first_drawing, tmp_path: Path) -> None:
    cache = _cache_after(first_drawing, tmp_path)
    first = first_drawing[1]
    total = 2 * PER_CATEGORY + 3 * PER_LAUREATE + (1 + 1 + 2)
    assert (first.drawn, first.reused) == (total, 0)
    again = assets_in(site(), cache, SITE_URL)
    assert (again.drawn, again.reused) == (0, total)
    assert _bytes(first.files) == _bytes(again.files)
    renamed = assets_in(site(category_name="Banque de détail"), cache, SITE_URL)
    # The renamed category's own files, its laureate's certificate and kit, its share image.
    redrawn = PER_CATEGORY + PER_LAUREATE + 1
    assert (renamed.drawn, renamed.reused) == (redrawn, total - redrawn)
    assert not list(cache.rglob(".*.tmp"))


@pytest.mark.slow
def test_a_new_version_of_the_code_redraws_every_cached_file(
    first_drawing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A certificate's wording lives in the code: after an upgrade, files cached by the
    # previous version must not be published with the old wording.
    cache = _cache_after(first_drawing, tmp_path)
    first = first_drawing[1]
    monkeypatch.setattr(roundel, "source_digest", lambda pattern="*": "next-version")
    monkeypatch.setattr(logos_kit, "source_digest", lambda pattern="*": "next-version")
    upgraded = assets_in(site(), cache, SITE_URL)
    assert (upgraded.drawn, upgraded.reused) == (first.drawn, 0)


@pytest.mark.slow
def test_a_new_site_address_redraws_what_shows_it(first_drawing, tmp_path: Path) -> None:
    moved = assets_in(site(), _cache_after(first_drawing, tmp_path), "https://autre.example/")
    # Certificates (QR code), kits (notes) and share images (footer) show the address; the
    # PNG and PDF logos of each category name it in their metadata (SVGs do not).
    assert moved.drawn == 3 * PER_LAUREATE + 4 + 2 * (len(SIZES) + 2)


def test_parallel_drawing_matches_serial(tmp_path: Path) -> None:
    specs = [logos.LogoSpec(2020, f"Catégorie {i}", UNTIL, 256) for i in range(4)]
    paths = logos.ContentCache(_store(tmp_path), "logos").ensure(specs)
    assert all(p.read_bytes() == s.draw() for s, p in paths.items())


KIT = [
    "LISEZ-MOI.txt",
    "MENTION-OBLIGATOIRE.txt",
    "certificat-escda-2020-banque-acme.pdf",
    "logo-escda-2020-banque-2048.png",
    "logo-escda-2020-banque-256.png",
    "logo-escda-2020-banque-noir.pdf",
    "logo-escda-2020-banque-noir.svg",
    "logo-escda-2020-banque.pdf",
    "logo-escda-2020-banque.svg",
]


@pytest.mark.slow
def test_asset_paths_and_kit(tmp_path: Path) -> None:
    assets = assets_in(site(), tmp_path, "https://escda.example")  # no final slash
    files = dict(assets.files)
    suffixes = ["256.png", "2048.png", "kit.zip", "certificat.pdf", "noir.svg", "noir.pdf"]
    expected = {
        f"logos/2020/{cat}/{company}{suffix}"
        for cat, company in [("banque", "acme"), ("assurance", "acme"), ("assurance", "bravo")]
        for suffix in [f"-{s}" for s in suffixes] + [".svg", ".pdf"]
    }
    expected |= {
        f"badges/2020/{cat}/{co}.png"
        for cat, co in [("banque", "acme"), ("assurance", "acme"), ("assurance", "bravo")]
    }
    expected |= {
        "partage/accueil.png",
        "partage/2020/palmares.png",
        "partage/2020/categories/banque.png",
        "partage/2020/categories/assurance.png",
    }
    assert set(files) == expected
    web = files["logos/2020/banque/acme-256.png"]
    assert isinstance(web, Path) and Image.open(web).size == (256, 256)
    kit_file = files["logos/2020/banque/acme-kit.zip"]
    kit = kit_file if isinstance(kit_file, bytes) else kit_file.read_bytes()
    with zipfile.ZipFile(io.BytesIO(kit)) as zf:
        names = zf.namelist()
        assert names == KIT
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert zf.read("logo-escda-2020-banque-256.png") == web.read_bytes()
        assert (
            zf.read("logo-escda-2020-banque.svg")
            == files["logos/2020/banque/acme.svg"].read_bytes()
        )
        note = untypeset(zf.read("LISEZ-MOI.txt").decode("utf-8-sig"))
        caption = untypeset(zf.read("MENTION-OBLIGATOIRE.txt").decode("utf-8-sig"))
    for expected_text in [
        "Acme & Fils",
        "Banque",
        "ESCDA 2020",
        "10 octobre 2019",
        "30 septembre 2020",
        "https://escda.example/2020/banque/",
        "ni un label officiel",
        "appels téléphoniques",
        "clients mystères",
    ]:
        assert expected_text in note
    # The note lists every file of the kit but itself, each on its own line.
    for name in KIT:
        assert f"\r\n- {name} : " in note, name
    assert untypeset(logos.caption(site().titles()[0], "https://escda.example")) in caption
    # Zipped anew (another cache), the kit is the same bytes.
    again = dict(assets_in(site(), tmp_path / "other", "https://escda.example").files)
    other = again["logos/2020/banque/acme-kit.zip"]
    assert (other if isinstance(other, bytes) else other.read_bytes()) == kit
    # The note follows the site's address: a new address, a new kit.
    moved = dict(assets_in(site(), tmp_path, "https://autre.example/").files)
    assert moved["logos/2020/banque/acme-kit.zip"] != kit_file


def test_caption_states_what_the_rules_require() -> None:
    title = site().titles()[0]
    text = logos.caption(title, "https://escda.example/")
    assert text == (
        "Élu Service Client de l’Année 2020 – Catégorie Banque – Étude réalisée du 13\u00a0mai "
        "au 19\u00a0juillet 2019 par tests clients mystères – 4 entreprises testées – "
        "Détails sur https://escda.example/2020/banque/"
    )


def test_badge_links_to_the_proof_and_escapes_names() -> None:
    s = site(category_name="Banque <b>", company_name='<script>alert("x")</script>')
    title = next(t for t in s.titles() if t.category.slug == "banque")
    snippet = badge_html(title, "https://escda.example")
    assert "<script>" not in snippet and "<b>" not in snippet
    assert "&lt;script&gt;" in snippet
    assert snippet.startswith('<a href="https://escda.example/2020/banque/">')
    assert 'src="https://escda.example/badges/2020/banque/acme.png"' in snippet
    assert 'width="128" height="128"' in snippet
    assert "2020" in snippet.split("alt=")[1] and "catégorie Banque &lt;b&gt;" in snippet


def _contrast(a: np.ndarray, b: np.ndarray) -> float:
    """WCAG contrast ratio of two sRGB colours (0-255)."""

    def luminance(c: np.ndarray) -> float:
        s = c / 255.0
        lin = np.where(s <= 0.03928, s / 12.92, ((s + 0.055) / 1.055) ** 2.4)
        return float(lin @ [0.2126, 0.7152, 0.0722])

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_header_mark_stands_out_on_the_red_header_and_the_favicon_stays_red():
    header_red = np.array([0xA5, 0x0F, 0x18])  # --md-primary-fg-color, content/assets/escda.css
    files = dict(mark_files())
    header = np.asarray(rgba(files[urls.header_mark()])).reshape(-1, 4)
    opaque = header[header[:, 3] == 255][:, :3].astype(float)
    # Most of the disc is white: it reads as a badge on the header, not a hole in it.
    assert _contrast(np.median(opaque, axis=0), header_red) >= 4.5
    favicon = np.asarray(rgba(files[urls.favicon()])).reshape(-1, 4)
    assert np.median(favicon[favicon[:, 3] == 255][:, :3], axis=0)[0] > 150  # red disc
    assert _contrast(np.median(favicon[favicon[:, 3] == 255][:, :3], axis=0), header_red) < 2


def test_the_web_logo_names_the_award_short_and_large_and_breaks_long_categories():
    """At 256 px (a 128 px badge, a 96 px newsletter logo) the full name would be ~5 px
    high: « ESCDA » stands in; a long category breaks onto two lines at the size of a
    short one rather than shrinking."""
    web = layout.roundel_lines(2027, "Fournisseur d'accès Internet", UNTIL, 256)
    assert web[0].text == "ESCDA" and web[0].size >= 0.1 * 256
    short = layout.roundel_lines(2027, "Banque", UNTIL, 256)
    long = [line for line in web if line.font == fonts.REGULAR and line.size < 22]
    assert [line.text for line in long] == ["Fournisseur", "d’accès Internet"]
    assert {line.size for line in long} == {short[-1].size}
    # The print logo keeps the award's full name.
    assert layout.roundel_lines(2027, "Banque", UNTIL, 2048)[0].text == layout.HEADER[0]


def test_the_edition_share_image_keeps_its_counts_whole():
    from escda_site.outputs.logos import share

    edition = site().editions[0]
    spec = share.edition_share(edition, SITE_URL)
    drawn = " ".join(" ".join(lines) for _, _, _, lines in share._layout(spec.blocks))
    assert "\u2026" not in drawn
    summary = dict((style, text) for style, text in spec.blocks)["body"]
    assert " ".join(drawn.replace("\u00a0", " ").split()).find(" ".join(summary.split())) >= 0


@dataclass(frozen=True)
class _Note:
    """A file as cheap to draw as can be: what the cache does around it is under test."""

    text: str
    suffix = ".txt"

    @property
    def key(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()

    def draw(self) -> bytes:
        return self.text.encode()


def test_the_few_files_of_an_edit_are_drawn_without_starting_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Workers cost more CPU than the few files an edit redraws: forked ones copy a large
    # process's page tables, and under `escda serve` (other threads run) they start from a
    # fork server and import the drawing code again.
    from escda_site.outputs.logos import cache as logo_cache

    started: list[object] = []

    class Pool:
        def __init__(self, *args: object, **kwargs: object) -> None:
            started.append(kwargs.get("mp_context"))
            raise OSError("counted, not started")  # the cache then draws in this process

    monkeypatch.setattr(logo_cache, "ProcessPoolExecutor", Pool)
    monkeypatch.setattr(logo_cache.os, "cpu_count", lambda: 2)
    alone = [_Note(f"badge {i}") for i in range(16)]  # a build: workers would be forked
    logos.ContentCache(_store(tmp_path), "logos").ensure(alone)
    assert not started
    stop = threading.Event()
    server = threading.Thread(target=stop.wait)  # as the server's own threads
    server.start()
    try:
        few = [_Note(f"certificat {i}") for i in range(16)]
        paths = logos.ContentCache(_store(tmp_path), "logos").ensure(few)
        assert not started
        assert [paths[s].read_bytes() for s in few] == [s.draw() for s in few]
        many = [_Note(f"logo {i}") for i in range(40)]  # a sector renamed: worth the workers
        logos.ContentCache(_store(tmp_path), "logos").ensure(many)
        assert len(started) == 1
    finally:
        stop.set()
        server.join()
