"""The manifest of official files and `escda verify`: a file found away from the site is
proved official by its bytes, a modified or re-encoded copy is not; official PNG and PDF
files name their proof page in their metadata; an embargoed edition's files are not listed.
"""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest
from PIL import Image
from test_logos import SITE_URL, assets_in, site

from escda_site.cli import main
from escda_site.outputs.logos.manifest import manifest, manifest_file, read_manifest
from escda_site.public import urls

PROOF = SITE_URL + "2020/banque/"


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> tuple[Path, dict[str, Path | bytes]]:
    """A built site's logo files and manifest, in a folder laid out as the site is."""
    root = tmp_path_factory.mktemp("site")
    assets = assets_in(site(), root / ".cache", SITE_URL)
    for path, content in assets.files:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(content.read_bytes() if isinstance(content, Path) else content)
    path, text = manifest_file(site(), SITE_URL, assets.files)
    (root / path).write_text(text, encoding="utf-8")
    return root, dict(assets.files)


def test_every_laureate_file_is_listed_with_its_sha256_and_title(published):
    root, _ = published
    data = json.loads((root / urls.logo_manifest()).read_text("utf-8"))
    assert data["format"] == "escda-manifeste-1" and data["donnees_de_demonstration"] is True
    by_file = {e["fichier"]: e for e in data["fichiers"]}
    # 3 titles (Acme in Banque; Acme and Bravo ex aequo in Assurance), 8 files each.
    assert len(by_file) == 24
    entry = by_file["/logos/2020/banque/acme-256.png"]
    assert entry == {
        "fichier": "/logos/2020/banque/acme-256.png",
        "sha256": entry["sha256"],
        "type": "logo PNG 256 px",
        "entreprise": "Acme & Fils",
        "entreprise_slug": "acme",
        "categorie": "Banque",
        "categorie_slug": "banque",
        "edition": 2020,
        "valable_du": "2019-10-10",
        "valable_jusqu_au": "2020-09-30",
        "page_de_preuve": PROOF,
    }
    import hashlib

    for e in data["fichiers"]:
        assert hashlib.sha256((root / e["fichier"][1:]).read_bytes()).hexdigest() == e["sha256"]
    assert {e["type"] for e in data["fichiers"]} >= {"certificat PDF", "kit presse ZIP"}
    # Share images name no title: they are not in it.
    assert not [e for e in data["fichiers"] if "partage" in e["fichier"]]


def test_an_embargoed_editions_files_are_not_listed(published):
    _, files = published
    s = site()
    embargoed = replace(s, editions=(replace(s.editions[0], embargoed=True),), preview=True)
    assert manifest(embargoed, SITE_URL, files.items())["fichiers"] == []


def test_official_png_and_pdf_files_name_their_proof_page(published):
    root, _ = published
    png = Image.open(root / "logos/2020/banque/acme-2048.png")
    assert png.info["Source"] == PROOF and PROOF in png.info["Comment"]
    for name in ("acme.pdf", "acme-noir.pdf", "acme-certificat.pdf"):
        meta = pypdf.PdfReader(root / "logos/2020/banque" / name).metadata
        assert meta.subject.endswith("Titre publié et vérifiable sur " + PROOF), name


def _reencoded(png: Path, out: Path) -> Path:
    """The same picture saved again: identical pixels, other bytes."""
    with Image.open(png) as im:
        im.save(out)
    assert Image.open(out).tobytes() == Image.open(png).tobytes()
    return out


def test_escda_verify_says_which_files_are_official(published, tmp_path, capsys):
    root, _ = published
    official = root / "logos/2020/banque/acme-256.png"
    assert main(["verify", "--site", str(root), "--date", "2020-01-15", str(official)]) == 0
    out = capsys.readouterr().out
    assert "publié par le portail : Acme & Fils, Banque 2020, logo valable du 10" in out
    assert "au 15\u00a0janvier 2020 : logo valable" in out

    copy = _reencoded(official, tmp_path / "copie.png")
    args = ["verify", "--site", str(root), "--date", "2020-10-01", str(official), str(copy)]
    assert main(args) == 3
    out = capsys.readouterr().out
    assert "logo expiré" in out
    assert f"{copy}: ce fichier n'a pas été publié par le portail" in out
    assert SITE_URL + "logo/" in out  # the name checker

    # Ex aequo laureates share a logo: one file proves both titles.
    shared = root / "logos/2020/assurance/bravo-256.png"
    assert main(["verify", "--manifest", str(root / urls.logo_manifest()), str(shared)]) == 0
    out = capsys.readouterr().out
    assert "Acme & Fils, Assurance 2020" in out and "Bravo, Assurance 2020" in out


def test_escda_verify_usage_problems_exit_2(published, tmp_path, capsys):
    root, _ = published
    official = str(root / "logos/2020/banque/acme-256.png")
    assert main(["verify", "--site", str(tmp_path), official]) == 2
    assert "no manifest of official files" in capsys.readouterr().err
    assert main(["verify", "--site", str(root), official, str(tmp_path / "absent.png")]) == 2
    assert main(["verify", "--site", str(root), "--date", "2020-02-30", official]) == 2
    (tmp_path / "bad.json").write_text('{"format": "autre"}')
    assert main(["verify", "--manifest", str(tmp_path / "bad.json"), official]) == 2
    assert "not a manifest of official files" in capsys.readouterr().err


def test_read_manifest_groups_entries_by_digest():
    text = json.dumps({"format": "escda-manifeste-1", "site": SITE_URL, "fichiers": []})
    assert read_manifest(text, "m.json").by_hash == {}
    with pytest.raises(ValueError, match="m.json: not a JSON file"):
        read_manifest("{", "m.json")


def test_png_metadata_keeps_the_drawing_deterministic():
    from test_logos import UNTIL

    from escda_site.outputs.logos import draw_logo

    a = draw_logo(2020, "Banque", UNTIL, 256, PROOF)
    assert a == draw_logo(2020, "Banque", UNTIL, 256, PROOF)
    assert (
        Image.open(io.BytesIO(a)).tobytes()
        == Image.open(io.BytesIO(draw_logo(2020, "Banque", UNTIL, 256))).tobytes()
    )


def test_the_manifest_takes_a_drawn_files_digest_from_its_verified_name(tmp_path):
    # Re-reading every published logo (500 MB on the archive) made each `escda serve`
    # rebuild seconds slower: the store names a drawn file by its checked digest.
    assets = assets_in(site(), tmp_path / "cache", SITE_URL)
    before = manifest(site(), SITE_URL, assets.files)
    gone = [(path, c) for path, c in assets.files if isinstance(c, Path)]
    assert gone
    for _, content in gone:
        content.unlink(missing_ok=True)  # ex æquo laureates share a vector file
    assert manifest(site(), SITE_URL, assets.files) == before
    # A file handed to `escda verify` is always read, whatever its name says.
    from escda_site.outputs.logos.manifest import sha256

    liar = tmp_path / f"logo.{'0' * 64}.png"
    liar.write_bytes(b"not a logo")
    assert sha256(liar) != "0" * 64
