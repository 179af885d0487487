"""The laureates' print files and share images: vector logos, certificates, Open Graph images.

What a printer, a laureate or a social network would notice: the SVG opens without the
font and looks like the PNG, the one-colour logo is one ink with the paper showing
through, the certificate's QR code leads to the proof page, long or hostile names stay
inside their space, and the same inputs give the same bytes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import pickle
import re
import subprocess
import sys
import time

import numpy as np
import pypdfium2
import pytest
import resvg_py
import zxingcpp
from PIL import Image
from pypdf import PdfReader
from test_logos import HOSTILE, LONG, SITE_URL, UNTIL, assets_in, site

from escda_site.outputs.logos import certificate, draw_logo, share, vector
from escda_site.outputs.logos.assets import share_specs, title_specs
from escda_site.outputs.logos.pdf import PDF_DATE
from escda_site.outputs.logos.vector import VectorSpec
from escda_site.text.typography import typeset_text

from sitecheck import pdf_text, untypeset

SCRIPT = "<script>alert('x')</script> Œuvres & Ælfrid — ﬁnance 🎉 مرحبا\u200f\n\ttab"
NAMES = [SCRIPT, "W" * 90, "Anticonstitutionnellement " * 6, "x\ud800y", "A"]


def svg_image(svg: bytes, side: int) -> Image.Image:
    """The SVG rendered by resvg with no font at all on hand."""
    png = resvg_py.svg_to_bytes(svg_string=svg.decode(), skip_system_fonts=True, dpi=96)
    return Image.open(io.BytesIO(bytes(png))).convert("RGBA").resize((side, side), Image.LANCZOS)


def pdf_image(pdf: bytes, scale: float = 2.0) -> Image.Image:
    page = pypdfium2.PdfDocument(pdf)[0]
    return page.render(scale=scale, may_draw_forms=False).to_pil().convert("RGB")


def png_image(png: bytes, side: int) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGBA").resize((side, side), Image.LANCZOS)


def on_white(image: Image.Image) -> np.ndarray:
    white = Image.new("RGBA", image.size, (255, 255, 255, 255))
    return np.asarray(Image.alpha_composite(white, image).convert("L")).astype(float)


# --- vector logos -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Banque", LONG, "Fête 🎉 & <b>"])
def test_svg_needs_no_font_and_looks_like_the_print_png(name):
    svg = VectorSpec(2020, name, UNTIL, "svg", False).draw()
    assert b"<text" not in svg and b"font" not in svg.lower()  # outlines, nothing to look up
    drawn = on_white(svg_image(svg, 512))
    png = on_white(png_image(draw_logo(2020, name, UNTIL, 2048), 512))
    # Same texts in the same places: a few anti-aliasing grey levels apart at most.
    assert np.abs(drawn - png).mean() < 3
    assert (np.abs(drawn - png) > 128).mean() < 0.001  # a glyph off by a stroke fails


def test_svg_keeps_each_line_as_a_label_for_readers_and_scans():
    svg = VectorSpec(2020, "Banque <b>", UNTIL, "svg", False).draw().decode()
    labels = re.findall(r'aria-label="([^"]*)"', svg)
    assert labels[0] == "Élu Service Client de l’Année 2020 — Banque &lt;b&gt;"
    assert labels[1:] == [
        "Élu Service Client",
        "de l’Année",
        "2020",
        "Valable jusqu’au",
        "30/09/2020",
        "Banque &lt;b&gt;",
    ]


def test_one_colour_logo_is_black_ink_with_the_paper_showing_through():
    svg = VectorSpec(2020, "Banque", UNTIL, "svg", True).draw()
    assert set(re.findall(rb'fill="([^"]+)"', svg)) == {b"#000"}
    image = np.asarray(svg_image(svg, 400))
    opaque = image[..., 3] > 250
    assert (image[opaque][:, :3] < 8).all()  # every solid pixel is black
    # Inside the disc, the texts are holes: on a green wall they show green.
    centre = image[120:280, 120:280]
    assert (centre[..., 3] < 5).mean() > 0.04 and (centre[..., 3] > 250).mean() > 0.5
    pdf = VectorSpec(2020, "Banque", UNTIL, "pdf", True).draw()
    assert b" rg" not in pdf.split(b"stream", 1)[1][:20]  # no colour set before the drawing


@pytest.mark.parametrize("mono", [False, True])
def test_vector_pdf_is_paths_only_and_matches_the_svg(mono):
    pdf = VectorSpec(2020, LONG, UNTIL, "pdf", mono).draw()
    reader = PdfReader(io.BytesIO(pdf))
    page = reader.pages[0]
    fonts = page["/Resources"].get("/Font")
    assert not (fonts.get_object() if fonts else None)  # no font, embedded or referenced
    assert round(float(page.mediabox.width) / 72 * 25.4) == 100  # 100 mm square
    assert "Fournisseur" in pdf_text(pdf)  # texts outlined, and repeated in the metadata
    svg = VectorSpec(2020, LONG, UNTIL, "svg", mono).draw()
    rendered = on_white(pdf_image(pdf, 512 / page.mediabox.width).convert("RGBA"))
    diff = np.abs(rendered - on_white(svg_image(svg, rendered.shape[0])))
    # pdfium and resvg anti-alias glyph edges a little differently: the mean grows with the
    # length of the outlined text, but no pixel may be off by more than half the range.
    assert diff.mean() < 3.5
    assert (diff > 128).mean() < 0.001


# --- certificates -------------------------------------------------------------------------


def _certificate(company: str = "Acme & Fils", category: str = "Banque", url: str = SITE_URL):
    s = site(category_name=category, company_name=company)
    title = next(t for t in s.titles() if t.category.slug == "banque")
    return certificate.certificate_spec(title, url)


def qr_texts(pdf: bytes) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(pdf_image(pdf, 3.0))]


def test_certificate_sets_the_edition_ordinal_in_superscript():
    # « 13e édition » as on the pages (13<sup>e</sup>), not a plain « 13e ».
    text_page = pypdfium2.PdfDocument(_certificate().draw())[0].get_textpage()
    text = text_page.get_text_range()
    found = re.search(r"13e\s*édition", text)  # pdfium sees a raised letter as a new line
    # Boxes (left, bottom, right, top) of « 1 », « e » and the « é » of « édition ».
    at = (found.start(), found.start() + 2, found.start() + found.group().index("é"))
    digit, letter, word = (text_page.get_charbox(i) for i in at)
    assert letter[1] > digit[1] + 2  # raised above the baseline
    assert letter[3] - letter[1] < 0.75 * (word[3] - word[1])  # smaller than a lowercase « é »


def test_certificate_shows_the_title_and_its_qr_code_leads_to_the_proof():
    url = "https://escda.example/2020/banque/"
    pdf = _certificate(url=url).draw()
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    width, height = (round(float(v) / 72 * 25.4) for v in reader.pages[0].mediabox.upper_right)
    assert (width, height) == (210, 297)  # A4
    text = reader.pages[0].extract_text()
    for expected in [
        "CERTIFICAT",
        "Élu Service Client de l’Année 2020",
        "Acme & Fils",
        "Banque",
        "Note globale : 15,20/20",
        "4 entreprises testées",
        "Étude réalisée du 13 mai au 19 juillet 2019",
        "Titre proclamé le 10 octobre 2019",
        "Logo valable jusqu’au 30 septembre 2020",
        url,
        "ni un label officiel",
    ]:
        assert expected in text, expected
    assert qr_texts(pdf) == [url]


def test_the_certificate_draws_its_template_s_words_and_holds_none_of_its_own():
    # Its French is in templates/logos/certificate.txt.j2, with the share images': the
    # module once spelt « CERTIFICAT », « décerné à », « Vérifier ce titre » itself.
    import ast
    from pathlib import Path

    tree = ast.parse(Path(certificate.__file__).read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    words = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and id(node) not in docstrings
        and re.search(r"[À-ÿ]|\b[A-Z]{4,}\b|\b(?:à|le|la|de|du|ce)\b", node.value)
    ]  # fmt: skip
    assert words == []
    spec = dataclasses.replace(_certificate(), demo=False)
    drawn = " ".join(untypeset(pdf_text(spec.draw())).split())
    shown = [text for slot, text in spec.words if slot not in ("document", "subject", "edition")]
    assert len(shown) >= 10
    assert [t for t in shown if " ".join(untypeset(t).split()) not in drawn] == []
    properties = PdfReader(io.BytesIO(spec.draw())).metadata
    assert properties.title == typeset_text(spec.said("document")[0])
    assert properties.subject.startswith(typeset_text(spec.said("subject")[0]) + " \u2014 ")


def test_the_pdf_properties_are_set_as_the_certificate_is():
    # « Fournisseur d'énergie » in the PDF's title and subject (a viewer's title bar, a
    # search) beside « Fournisseur d’énergie » on the page.
    spec = _certificate(company="Gamma d'Ancien", category="Fournisseur d'énergie")
    properties = PdfReader(io.BytesIO(spec.draw())).metadata
    assert "Gamma d’Ancien — Fournisseur d’énergie" in properties.title
    assert "catégorie Fournisseur d’énergie" in properties.subject
    assert "'" not in properties.title + properties.subject


def test_ex_aequo_certificates_name_the_other_laureate():
    s = site()
    acme, bravo = [t for t in s.titles() if t.category.slug == "assurance"]
    text = pdf_text(certificate.certificate_spec(bravo, SITE_URL).draw())
    assert "Bravo" in text and "ex æquo avec Acme & Fils" in text


@pytest.mark.parametrize("name", NAMES)
def test_certificate_fits_any_name_and_its_qr_still_reads(name):
    url = "https://escda.example/2020/banque/" + "tres-long-" * 6
    pdf = _certificate(company=name, category=name, url=url).draw()
    page = np.asarray(pdf_image(pdf, 1.0).convert("L"))
    mm = page.shape[1] / 210
    # Nothing outside the outer frame (10 mm from the edge).
    margin = int(9 * mm)
    for strip in (page[:margin], page[-margin:], page[:, :margin], page[:, -margin:]):
        assert strip.min() > 250
    assert qr_texts(pdf) == [url]


def test_fit_wraps_then_shrinks_then_ends_with_an_ellipsis():
    width = 100 * vector.MM
    assert certificate.fit("Acme", "Roboto-Bold.ttf", (30, 15), width, 3) == (30, ["Acme"])
    size, lines = certificate.fit(
        "Anticonstitutionnellement " * 10, "Roboto-Bold.ttf", (30, 15), width, 3
    )
    assert size == 15 and len(lines) == 3 and lines[-1].endswith("…")
    assert all(certificate._width(t, "Roboto-Bold.ttf", size) <= width for t in lines)


# --- share images -------------------------------------------------------------------------


def _shares(s=None) -> dict[str, bytes]:
    return {path: spec.draw() for path, spec in share_specs(s or site(), SITE_URL).items()}


def test_share_images_are_1200_by_630_and_say_what_they_show():
    images = _shares()
    assert set(images) == {
        "partage/accueil.png",
        "partage/2020/palmares.png",
        "partage/2020/categories/banque.png",
        "partage/2020/categories/assurance.png",
    }
    for png in images.values():
        im = Image.open(io.BytesIO(png))
        assert im.size == (1200, 630) and im.format == "PNG"
    meta = Image.open(io.BytesIO(images["partage/2020/categories/assurance.png"])).info
    assert meta["Title"] == (
        "Acme & Fils et Bravo remportent ex æquo Élu Service Client de l’Année 2020, "
        "catégorie Assurance, avec une note globale de 14,00/20"
    )
    assert "Note globale : 14,00/20 (ex æquo)" in meta["Description"]


def test_share_image_of_a_category_without_laureate_has_no_roundel():
    s = site()
    e = s.editions[0]
    empty = dataclasses.replace(e.categories[0], laureates=(), status="below_threshold")
    spec = share.category_share(e, empty, SITE_URL)
    assert spec.roundel is None and ("head", "Pas de lauréat") in spec.blocks
    im = np.asarray(Image.open(io.BytesIO(spec.draw())).convert("RGB")).astype(int)
    red = (abs(im[..., 0] - 0xB5) < 10) & (im[..., 1] < 40)
    assert red[:560, :560].mean() < 0.001  # no red disc on the left


@pytest.mark.parametrize("name", HOSTILE + NAMES)
def test_share_images_fit_any_name_in_their_column(name):
    spec = share.category_share(
        site().editions[0],
        site(category_name=name, company_name=name).editions[0].categories[0],
        SITE_URL,
    )
    layout = share._layout(spec.blocks)
    assert all(len(lines) <= share.STYLES[style][3] for style, _, _, lines in layout)
    im = np.asarray(Image.open(io.BytesIO(spec.draw())).convert("L"))
    # Right of the column and above the footer band: blank paper.
    assert im[:560, share._COLUMN[1] + 2 :].min() >= 250
    # Between the roundel and the column: blank paper too.
    assert im[:560, 532 : share._COLUMN[0] - 2].min() >= 250


# --- determinism ----------------------------------------------------------------------------


@pytest.mark.slow
def test_every_file_is_the_same_bytes_in_another_process_and_build():
    title = site().titles()[1]  # the ex aequo category
    specs = {**title_specs(title, SITE_URL), **share_specs(site(), SITE_URL)}
    here = {k: s.draw() for k, s in specs.items()}
    code = (
        "import sys, pickle\n"
        "specs = pickle.loads(sys.stdin.buffer.read())\n"
        "sys.stdout.buffer.write(pickle.dumps({k: s.draw() for k, s in specs.items()}))\n"
    )
    # The build sets SOURCE_DATE_EPOCH to --as-of: a cached file must not depend on it.
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1600000000"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        input=pickle.dumps(specs),
        capture_output=True,
        check=True,
        env=env,
    )
    assert pickle.loads(done.stdout) == here
    for kind, data in here.items():
        if isinstance(data, bytes) and data.startswith(b"%PDF"):
            assert b"D:20000101000000" in data, kind  # reportlab's pinned date


def test_a_pdf_ignores_source_date_epoch_and_leaves_it_set(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    plain = VectorSpec(2020, "Banque", UNTIL, "pdf", False).draw()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    assert VectorSpec(2020, "Banque", UNTIL, "pdf", False).draw() == plain
    assert os.environ["SOURCE_DATE_EPOCH"] == "1600000000"  # read by nobody, changed by none
    assert plain.count(PDF_DATE.encode()) == 2  # CreationDate and ModDate
    found = re.search(rb"/ID \n\[<([0-9a-f]{32})><\1>\]", plain)
    assert found and hashlib.md5(plain[: found.start()]).hexdigest().encode() == found.group(1)


def test_fitting_any_name_has_a_bounded_cost():
    for name in ("x" * 1000, " ".join(["mot"] * 300), "Très long nom " * 60):
        s = site(category_name=name, company_name=name)
        started = time.monotonic()
        certificate.certificate_spec(s.titles()[0], SITE_URL).draw()
        share.category_share(s.editions[0], s.editions[0].categories[0], SITE_URL).draw()
        VectorSpec(2020, name, UNTIL, "pdf", True).draw()
        assert time.monotonic() - started < 10  # unbounded wrapping took minutes


@pytest.mark.slow
def test_a_damaged_cached_file_is_drawn_again(tmp_path):
    first = dict(assets_in(site(), tmp_path, SITE_URL).files)
    whole_bytes = {site_path: p.read_bytes() for site_path, p in first.items()}
    for path in tmp_path.rglob("*"):
        if path.is_file():
            path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])  # cut short
    expected = {
        site_path: hashlib.sha256(data).hexdigest() for site_path, data in whole_bytes.items()
    }
    again = assets_in(site(), tmp_path, SITE_URL)
    assert again.reused == 0  # every damaged file was a miss
    assert {
        site_path: hashlib.sha256(p.read_bytes()).hexdigest() for site_path, p in again.files
    } == expected


def test_the_dated_logo_is_drawn_on_share_images_only_with_its_category():
    # A roundel without its category would be a title anyone could lift and show alone.
    from escda_site.outputs.logos import share_specs

    specs = share_specs(site(), SITE_URL)
    for path, spec in specs.items():
        if spec.roundel is not None:
            assert spec.roundel[1], path  # the category name is on it
    assert specs["partage/accueil.png"].roundel is None
