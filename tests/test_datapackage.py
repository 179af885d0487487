"""`donnees/datapackage.json`: every published CSV and JSON validates against it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import frictionless
import pytest

from escda_site.outputs.datapackage import datapackage
from escda_site.outputs.opendata.fields import SCHEMA_HISTORY
from escda_site.outputs.site import site_outputs

from factories import SITE_URL, fixture_outputs, gap_site, public_site


def write_opendata(site, folder: Path) -> Path:
    """The open data files of `site` (the factories' public site if None) under `folder`,
    as published; returns the descriptor."""
    outputs = fixture_outputs() if site is None else site_outputs(site, SITE_URL)
    for path, content in outputs.files:
        if path.startswith("donnees/"):
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
    return folder / "donnees" / "datapackage.json"


# Validation reports by the SHA-256 of the package's files: the same package (the
# factories' site, unchanged) is validated by several tests, and frictionless is slow.
_REPORTS: dict[bytes, list[tuple]] = {}


def errors(descriptor: Path) -> list[tuple]:
    """(resource name, field, error type, message) of every error."""
    digest = hashlib.sha256()
    for path in sorted(p for p in descriptor.parent.rglob("*") if p.is_file()):
        digest.update(path.relative_to(descriptor.parent).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    key = digest.digest()
    if key not in _REPORTS:
        _REPORTS[key] = _validate(descriptor)
    return list(_REPORTS[key])


def _validate(descriptor: Path) -> list[tuple]:
    report = frictionless.validate(str(descriptor))
    return [
        (task.name, *row)
        for task in report.tasks
        for row in task.flatten(["fieldName", "type", "message"])
    ] + [("package", None, e.type, e.message) for e in report.errors]


@pytest.mark.parametrize(
    "make_site",
    [
        pytest.param(lambda: None, id="fixtures"),  # None: the factories' public site
        pytest.param(gap_site, id="archives", marks=pytest.mark.slow),  # nine editions
    ],
)
def test_every_published_file_validates(make_site, tmp_path):
    # The fixtures hold hostile names (a formula, a script tag, RTL text), ex æquo
    # laureates, an archive edition with unpublished marks and counts.
    descriptor = write_opendata(make_site(), tmp_path)
    assert errors(descriptor) == []


def test_package_describes_every_open_data_file(tmp_path):
    descriptor = write_opendata(None, tmp_path)
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    described = {r["path"] for r in package["resources"]}
    published = {
        p.relative_to(descriptor.parent).as_posix()
        for p in descriptor.parent.rglob("*")
        if p.suffix in (".csv", ".json") and p != descriptor and p.name != "schema-laureats.json"
    }
    assert described == published
    assert package["licenses"][0]["name"] == "etalab-2.0"
    assert package["sources"][0]["path"] == SITE_URL
    assert package["last_updated"] == "2025-10-09"  # the latest proclamation
    names = [r["name"] for r in package["resources"]]
    assert len(set(names)) == len(names)
    csv = next(r for r in package["resources"] if r["path"] == "laureats.csv")
    fields = {f["name"]: f for f in csv["schema"]["fields"]}
    assert fields["note_appels_telephoniques"]["constraints"] == {"minimum": 0, "maximum": 20}
    assert fields["note"]["decimalChar"] == ","
    assert csv["schema"]["primaryKey"] == ["edition", "categorie_slug", "entreprise_slug"]
    assert fields["entreprise"]["description"].startswith("Nom actuel de l'entreprise lauréate")
    renamed = fields["entreprise_nom_a_la_proclamation"]  # the name it was proclaimed under
    assert renamed["type"] == "string" and "proclamée" in renamed["description"]
    # Every field has a French title; a channel's mark column is titled with its name.
    assert all(f.get("title") for f in fields.values())
    assert fields["note_e_mails_et_formulaires"]["title"] == "Note : E-mails et formulaires"
    # Every category, with or without laureate, in a CSV of its own.
    categories = next(r for r in package["resources"] if r["path"] == "2014/categories.csv")
    assert categories["schema"]["primaryKey"] == ["edition", "categorie_slug"]
    assert all(f.get("title") for f in categories["schema"]["fields"])


def test_a_mark_out_of_range_fails_validation(tmp_path):
    descriptor = write_opendata(None, tmp_path)
    csv = descriptor.parent / "2026" / "laureats.csv"
    csv.write_bytes(csv.read_bytes().replace(b";16,72;", b";26,72;"))
    found = errors(descriptor)
    assert [e[:3] for e in found] == [("laureats-2026-csv", "note", "constraint-error")]


def test_an_unknown_column_stops_the_build():
    files = [("donnees/laureats.csv", "\ufeffedition;surprise\r\n".encode())]
    with pytest.raises(ValueError, match="surprise"):
        datapackage(public_site(), SITE_URL, files, {})


def test_a_site_without_edition_still_has_a_valid_package(tmp_path):
    site = public_site()
    empty = type(site)(editions=(), sectors=(), companies=(), demo=False, as_of=site.as_of)
    descriptor = write_opendata(empty, tmp_path)
    assert errors(descriptor) == []


def test_a_siren_joins_the_company_directories_in_every_file(tmp_path):
    descriptor = write_opendata(None, tmp_path)
    folder = descriptor.parent
    csv = (folder / "laureats.csv").read_text(encoding="utf-8-sig").splitlines()
    header = csv[0].split(";")
    bank = next(r.split(";") for r in csv if ";exemple-banque;" in r)
    assert bank[header.index("siren")] == "012345674"  # its leading zero kept
    rows = json.loads((folder / "2026" / "laureats.json").read_text("utf-8"))["laureats"]
    by_slug = {r["entreprise_slug"]: r for r in rows}
    assert by_slug["exemple-banque"]["siren"] == "012345674"
    assert by_slug["arabe"]["identifiant_national_schema"] == "MA-ICE"
    assert by_slug["arabe"]["identifiant_national"] == "001234567000089"
    assert by_slug["scripty"]["siren"] is None
    package = json.loads(descriptor.read_text("utf-8"))
    for resource in package["resources"]:
        if resource["name"].startswith("laureats"):
            fields = {f["name"]: f for f in resource["schema"]["fields"]}
            assert fields["siren"]["type"] == "string"
            assert fields["siren"]["constraints"] == {"pattern": "[0-9]{9}"}
    assert errors(descriptor) == []


def test_a_wrong_siren_in_a_file_fails_validation(tmp_path):
    descriptor = write_opendata(None, tmp_path)
    csv = descriptor.parent / "laureats.csv"
    csv.write_bytes(csv.read_bytes().replace(b";012345674;", b";12345674;"))
    assert {e[:3] for e in errors(descriptor)} == {("laureats-csv", "siren", "constraint-error")}


def test_the_laureates_table_schema_is_publishable_on_schema_data_gouv_fr(tmp_path):
    descriptor = write_opendata(None, tmp_path)
    path = descriptor.parent / "schema-laureats.json"
    schema = json.loads(path.read_text("utf-8"))
    for key in (
        "name",
        "title",
        "description",
        "homepage",
        "path",
        "version",
        "created",
        "lastModified",
        "contributors",
        "licenses",
        "fields",
        "primaryKey",
    ):
        assert schema.get(key), key
    assert schema["version"] == SCHEMA_HISTORY[0].version
    assert schema["path"] == SITE_URL + "donnees/schema-laureats.json"
    assert schema["licenses"][0]["name"] == "etalab-2.0"
    # The schema is valid Table Schema, and the all-editions file conforms to it.
    table = frictionless.Schema.from_descriptor(schema)
    resource = frictionless.Resource(
        "laureats.csv",
        basepath=str(descriptor.parent),
        schema=table,
        encoding="utf-8-sig",
        dialect=frictionless.Dialect.from_descriptor({"delimiter": ";"}),
    )
    report = resource.validate()
    assert report.valid, report.flatten(["fieldName", "type", "message"])
    # Every column was added by a version of the changelog: none appears unannounced.
    announced = {name for v in SCHEMA_HISTORY for name in v.added}
    for field in schema["fields"]:
        name = "note_*" if field["name"].startswith("note_") else field["name"]
        assert name in announced, f"{name}: add it to SCHEMA_HISTORY with a new version"
    versions = [tuple(map(int, v.version.split("."))) for v in SCHEMA_HISTORY]
    assert versions == sorted(versions, reverse=True) and len(set(versions)) == len(versions)
