"""Demo data are marked on everything that can leave the site, not only on its pages.

A certificate, a share image, a press kit, a feed entry, an open-data file or a calendar
is read away from the site's banner: built from demo data (`demo: true` in portal.yaml),
each says « DÉMONSTRATION — données fictives »; built from real data, none does.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
import zipfile

import pytest
from PIL import Image

from minidata import company, write
from sitecheck import build, pdf_text, unfold_ics, untypeset

STAMP = "DÉMONSTRATION — données fictives"
ATOM = {"a": "http://www.w3.org/2005/Atom"}
CERTIFICATE = "logos/2027/banque/banque-horizon-certificat.pdf"
KIT = "logos/2027/banque/banque-horizon-kit.zip"


def said(text: str) -> str:
    return " ".join(untypeset(text).split())


def outgoing(site, year: int) -> dict[str, str]:
    """The texts of every kind of file that leaves the site, for one edition."""
    kit = next((site / "logos" / str(year)).rglob("*-kit.zip"))
    certificate = next((site / "logos" / str(year)).rglob("*-certificat.pdf"))
    texts = {
        "certificate": pdf_text(certificate.read_bytes()),
        "LISEZ-MOI": zipfile.ZipFile(kit).read("LISEZ-MOI.txt").decode("utf-8-sig"),
        "calendar": unfold_ics((site / f"{year}/calendrier.ics").read_text("utf-8")),
        "feed": (site / "feed.xml").read_text("utf-8"),
        "json": (site / f"donnees/{year}/laureats.json").read_text("utf-8"),
        "csv": (site / f"donnees/{year}/laureats.csv").read_text("utf-8-sig"),
        "datapackage": (site / "donnees/datapackage.json").read_text("utf-8"),
    }
    for image in sorted((site / "partage").rglob("*.png")):
        with Image.open(image) as png:
            texts[image.relative_to(site).as_posix()] = png.info["Description"]
    return {name: said(text) for name, text in texts.items()}


def test_every_file_that_leaves_a_demo_site_says_it_is_a_demo(bundled_site):
    texts = outgoing(bundled_site, 2027)
    assert len(texts) > 20  # share images of the home, each edition and each category
    for name, text in texts.items():
        assert said(STAMP) in text or "donnees_de_demonstration" in text, name
    # Stamped visibly, not only in metadata: the certificate's page text, each calendar
    # event, each feed entry's title, the kit's first line.
    cert = pdf_text((bundled_site / CERTIFICATE).read_bytes())
    assert said(STAMP) in said(cert.split("Title=", 1)[0])
    ics = unfold_ics((bundled_site / "2027/calendrier.ics").read_text("utf-8"))
    summaries = [line for line in ics.splitlines() if line.startswith("SUMMARY")]
    assert summaries and all(said(STAMP) in said(s) for s in summaries)
    feed = ET.parse(bundled_site / "feed.xml").getroot()
    titles = [e.findtext("a:title", namespaces=ATOM) for e in feed.findall("a:entry", ATOM)]
    assert titles and all(said(STAMP) in said(t) for t in titles)
    assert said(STAMP) in said(feed.findtext("a:subtitle", namespaces=ATOM))
    readme = zipfile.ZipFile(bundled_site / KIT).read("LISEZ-MOI.txt").decode("utf-8-sig")
    assert said(STAMP) in said(readme.splitlines()[0])


def test_demo_open_data_carry_a_documented_flag(bundled_site):
    for path in sorted((bundled_site / "donnees").rglob("laureats.json")):
        assert json.loads(path.read_text("utf-8"))["donnees_de_demonstration"] is True, path
    for path in sorted((bundled_site / "donnees").rglob("laureats.csv")):
        rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig")), delimiter=";"))
        assert rows and all(r["donnees_de_demonstration"] == "oui" for r in rows), path
    package = json.loads((bundled_site / "donnees/datapackage.json").read_text("utf-8"))
    assert package["description"].startswith(STAMP)
    csv_fields = [
        f for r in package["resources"] if r["format"] == "csv" for f in r["schema"]["fields"]
    ]
    flags = [f for f in csv_fields if f["name"] == "donnees_de_demonstration"]
    assert flags and all(f["type"] == "boolean" and f.get("description") for f in flags)
    page = said((bundled_site / "donnees/index.html").read_text("utf-8"))
    assert "donnees_de_demonstration" in page


@pytest.fixture(scope="module")
def real_site(tmp_path_factory):
    """A small data set without portal.yaml: real data, no demo mark anywhere."""
    root = tmp_path_factory.mktemp("real")
    data = write(
        root / "data",
        {
            "banque": [
                company("alpha", [(4, 4), (4, 4)], [9]),
                company("beta", [(1, 1), (1, 1)], [5]),
                company("gamma", [(2, 2), (2, 2)], [5], role="benchmark"),
            ]
        },
    )
    return build(data, root / "site", "2019-11-01T12:00:00+01:00")


@pytest.mark.slow
def test_real_data_carry_no_demo_mark(real_site):
    for name, text in outgoing(real_site, 2020).items():
        assert "démonstration" not in text.lower(), name
    data = json.loads((real_site / "donnees/2020/laureats.json").read_text("utf-8"))
    assert data["donnees_de_demonstration"] is False
    header = (real_site / "donnees/2020/laureats.csv").read_text("utf-8-sig").splitlines()[0]
    assert "donnees_de_demonstration" not in header


def test_demo_and_real_certificates_and_share_images_are_cached_apart():
    from escda_site.outputs.logos import title_specs
    from escda_site.outputs.logos.share import category_share

    from factories import edition_2026, public_site

    site = public_site(edition_2026())
    title = site.titles()[0]
    real, demo = (
        title_specs(title, "https://x.example/"),
        title_specs(title, "https://x.example/", demo=True),
    )
    assert real["certificat"].key != demo["certificat"].key
    e = site.editions[0]
    c = e.categories[0]
    assert category_share(e, c, "https://x.example/").key != (
        category_share(e, c, "https://x.example/", demo=True).key
    )
    # The logo itself names no company and no mark: the same file serves both.
    assert real["web"] == demo["web"] and real["svg"] == demo["svg"]
