"""Open data: read back as a journalist would, with pandas and json."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from dataclasses import replace

import markdown
import pandas as pd
import pytest

from escda_site.outputs.opendata.fields import FIELDS, LICENCE, field_docs
from escda_site.outputs.opendata.files import opendata_files
from escda_site.outputs.opendata.page import opendata_page
from escda_site.public import urls

from factories import FORMULA, SCRIPT, SITE_URL, edition_2014, edition_2026, public_site


@pytest.fixture(scope="module")
def files() -> dict[str, str | bytes]:
    return dict(opendata_files(public_site(), SITE_URL))


def read_csv(data: str | bytes) -> pd.DataFrame:
    assert isinstance(data, bytes)
    return pd.read_csv(
        io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig", keep_default_na=False,
        na_values=[""],
    )  # fmt: skip


def test_paths(files: dict[str, str | bytes]) -> None:
    assert set(files) == {
        urls.opendata_file(2026, "csv"),
        urls.opendata_file(2026, "json"),
        urls.opendata_file(2014, "csv"),
        urls.opendata_file(2014, "json"),
        urls.opendata_file(None, "csv"),
        urls.opendata_file(None, "json"),
        urls.opendata_categories(2026),
        urls.opendata_categories(2014),
        urls.opendata_categories(None),
    }


def test_deterministic() -> None:
    assert opendata_files(public_site(), SITE_URL) == opendata_files(public_site(), SITE_URL)


def test_csv_is_french_excel_csv(files: dict[str, str | bytes]) -> None:
    data = files[urls.opendata_file(2026, "csv")]
    assert isinstance(data, bytes)
    assert data.startswith(b"\xef\xbb\xbf")
    header = data[3:].split(b"\r\n", 1)[0].decode()
    assert header.split(";")[:3] == ["edition", "categorie_slug", "categorie"]
    assert "16,72" in data.decode("utf-8-sig")


def test_csv_gives_exactly_the_laureates_and_marks(files: dict[str, str | bytes]) -> None:
    df = read_csv(files[urls.opendata_file(2026, "csv")])
    expected = {
        (c.slug, lau.company.slug): lau for c in edition_2026().categories for lau in c.laureates
    }
    assert len(df) == len(expected)  # ex aequo: one row each; no-laureate categories: none
    for row in df.itertuples():
        lau = expected[(row.categorie_slug, row.entreprise_slug)]
        assert row.note == pytest.approx(round(lau.overall, 2))
        assert row.note_appels_telephoniques == pytest.approx(round(lau.channel_mark("phone"), 2))
        assert row.note_e_mails_et_formulaires == pytest.approx(round(lau.channel_mark("email"), 2))
        assert row.seuil == 12.0
        assert row.edition == 2026
        assert row.proclamation == "2025-10-09"
        assert row.logo_valable_jusqu_au == "2026-09-30"
        assert row.url == f"{SITE_URL}2026/{row.categorie_slug}/"
    banque = df[df.categorie_slug == "banque"].iloc[0]
    assert banque.note == 16.72 and banque.entreprises_testees == 5
    assert set(df.categorie_slug) == {"banque", "assurance", "vad", "cafe", "images"}
    assert list(df.columns) == [f.name for f in FIELDS if f.name != "note_<canal>"][:8] + [
        "note_appels_telephoniques",
        "note_e_mails_et_formulaires",
        "seuil",
        "entreprises_testees",
        "proclamation",
        "logo_valable_jusqu_au",
        "url",
        "ex_aequo",
        "entreprises_candidates",
        "logo_valable_du",
        "entreprise_nom_a_la_proclamation",
        "siren",
        "identifiant_national_schema",
        "identifiant_national",
        "donnees_de_demonstration",  # the factories' site is a demo
    ]


def test_csv_neutralises_formulas(files: dict[str, str | bytes]) -> None:
    data = files[urls.opendata_file(2026, "csv")] + files[urls.opendata_file(2014, "csv")][3:]
    assert isinstance(data, bytes)
    for cells in csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"):
        for cell in cells:
            assert not cell.startswith(("=", "+", "-", "@")), cell
    df = read_csv(files[urls.opendata_file(2026, "csv")])
    assert "'" + FORMULA in set(df.entreprise)
    assert SCRIPT in set(df.entreprise)  # not a formula: left as is
    old = read_csv(files[urls.opendata_file(2014, "csv")])
    assert "'-2 Assurances" in set(old.entreprise)


def test_archive_csv_has_empty_cells_where_nothing_was_published(
    files: dict[str, str | bytes],
) -> None:
    df = read_csv(files[urls.opendata_file(2014, "csv")])
    assert not any(c.startswith("note_") for c in df.columns)
    banque = df[df.categorie_slug == "banque"].iloc[0]
    assert pd.isna(banque.note) and pd.isna(banque.entreprises_testees)
    assert sorted(df[df.categorie_slug == "mutuelle"].entreprise_slug) == ["ancienne", "moins"]
    assert (df.seuil == 11.5).all()


def test_edition_json(files: dict[str, str | bytes]) -> None:
    text = files[urls.opendata_file(2026, "json")]
    assert isinstance(text, str)
    assert "Énergie" in text  # UTF-8, not \u escapes
    doc = json.loads(text)
    assert doc["edition"] == 2026 and doc["licence"] == LICENCE and doc["source"] == SITE_URL
    assert [c["colonne"] for c in doc["canaux"]] == [
        "note_appels_telephoniques",
        "note_e_mails_et_formulaires",
    ]
    rows = doc["laureats"]
    assert len(rows) == edition_2026().laureate_count
    banque = next(r for r in rows if r["categorie_slug"] == "banque")
    assert banque["note"] == 16.72 and banque["note_e_mails_et_formulaires"] == 15.95
    assert banque["entreprises_testees"] == 5
    names = {r["entreprise"] for r in rows}
    assert FORMULA in names and SCRIPT in names  # JSON keeps names exactly
    keys = [(r["categorie_slug"], r["entreprise_slug"]) for r in rows]
    assert keys == sorted(keys)
    without = {c["categorie_slug"]: c for c in doc["categories_sans_laureat"]}
    assert without["energie"]["raison"] == "seuil_non_atteint"
    assert without["mutuelle"]["raison"] == "trop_peu_d_entreprises_testees"
    assert without["mutuelle"]["entreprises_testees"] == 2
    assert not any("entreprise" in c for c in without.values())


def test_all_editions_json(files: dict[str, str | bytes]) -> None:
    doc = json.loads(files[urls.opendata_file(None, "json")])
    assert doc["editions"] == [2026, 2014]
    rows = doc["laureats"]
    assert len(rows) == edition_2026().laureate_count + edition_2014().laureate_count
    assert [r["edition"] for r in rows] == sorted((r["edition"] for r in rows), reverse=True)
    assert all({"note_appels_telephoniques", "note_e_mails_et_formulaires"} <= set(r) for r in rows)
    old = [r for r in rows if r["edition"] == 2014]
    assert all(r["note_appels_telephoniques"] is None for r in old)
    assert {r["note"] for r in old} == {None, 14.2}


def test_only_laureates_are_published(files: dict[str, str | bytes]) -> None:
    winners = {t.laureate.company.slug for t in public_site().titles()}
    doc = json.loads(files[urls.opendata_file(None, "json")])
    assert {r["entreprise_slug"] for r in doc["laureats"]} == winners


def test_page_documents_every_column_and_links_relatively(files: dict[str, str | bytes]) -> None:
    page = opendata_page(public_site())
    assert page.startswith("# Données ouvertes\n")
    rendered = markdown.markdown(page, extensions=["tables", "admonition"])
    # In the tables, names may break after an underscore on phones (<wbr>), never inside a
    # word.
    cells = re.findall(r"<td><code>(.*?)</code></td>", rendered)
    assert all(re.fullmatch(r"([^<_]*_<wbr>)*[^<_]*", c) for c in cells), cells
    codes = re.findall(r"<code>(.*?)</code>", rendered)
    documented = {html.unescape(c.replace("<wbr>", "")) for c in codes}
    for path in (urls.opendata_file(2026, "csv"), urls.opendata_file(2014, "csv")):
        data = files[path]
        assert isinstance(data, bytes)
        for column in data.decode("utf-8-sig").split("\r\n", 1)[0].split(";"):
            assert column in documented, column
    links = re.findall(r"\]\(([^)]+)\)", page)
    expected = {"2026/laureats.csv", "2026/laureats.json", "2014/laureats.json", "laureats.json"}
    assert expected <= set(links)
    assert all(not link.startswith("/") for link in links)
    assert "Licence Ouverte" in page and "Etalab" in page
    assert "point-virgule" in page and "BOM" in page and "virgule" in page
    assert "ne sont jamais publiés" in page


def test_page_examples_are_published_values_never_invented() -> None:
    site = public_site()
    published = {f"{e.threshold:.2f}".replace(".", ",") for e in site.editions}
    for title in site.titles():
        lau = title.laureate
        for m in (lau.overall, *dict(lau.channels).values()):
            if m is not None:
                published.add(f"{m:.2f}".replace(".", ","))
    page = opendata_page(site)
    assert set(re.findall(r"\d+,\d\d", page)) <= published


def test_files_and_page_without_edition() -> None:
    empty = public_site()
    empty = type(empty)(editions=(), sectors=(), companies=(), demo=False, as_of=empty.as_of)
    files = dict(opendata_files(empty, SITE_URL))
    every_csv, every_json = urls.opendata_file(None, "csv"), urls.opendata_file(None, "json")
    every_category = urls.opendata_categories(None)
    assert list(files) == [every_csv, every_category, every_json]
    assert read_csv(files[every_category]).empty
    assert read_csv(files[every_csv]).empty
    assert json.loads(files[every_json])["laureats"] == []
    page = opendata_page(empty)
    assert "Aucun palmarès" in page and "<code>entreprise</code>" in page


def test_all_editions_csv_has_every_laureate_and_every_channel(
    files: dict[str, str | bytes],
) -> None:
    df = read_csv(files["donnees/laureats.csv"])
    assert len(df) == edition_2026().laureate_count + edition_2014().laureate_count
    assert list(df.edition.drop_duplicates()) == [2026, 2014]
    assert {"note_appels_telephoniques", "note_e_mails_et_formulaires"} <= set(df.columns)
    assert df[df.edition == 2014].note_appels_telephoniques.isna().all()
    as_json = json.loads(files["donnees/laureats.json"])["laureats"]
    assert list(df.entreprise_slug) == [r["entreprise_slug"] for r in as_json]


def test_ex_aequo_logo_valid_from_and_candidates(files: dict[str, str | bytes]) -> None:
    df = read_csv(files["donnees/2026/laureats.csv"])
    assert set(df[df.ex_aequo == "oui"].categorie_slug) == {"assurance"}
    assert (df[df.categorie_slug != "assurance"].ex_aequo == "non").all()
    assert (df.logo_valable_du == "2025-10-09").all()
    rows = json.loads(files["donnees/2014/laureats.json"])["laureats"]
    assert {r["categorie_slug"] for r in rows if r["ex_aequo"] is True} == {"mutuelle"}
    assert all(r["entreprises_candidates"] is None for r in rows)  # archive: not published


def _column_names(files: dict[str, str | bytes]) -> set[str]:
    """Every field name a reader of the files meets: CSV headers and JSON keys."""
    names: set[str] = set()
    for path, content in files.items():
        if path.endswith(".csv"):
            names |= set(read_csv(content).columns)
        else:
            doc = json.loads(content)
            names |= set(doc)
            for table in ("laureats", "categories_sans_laureat", "canaux"):
                for row in doc.get(table, []):
                    names |= set(row)
            names |= set(doc.get("totaux") or {})
    return names


def test_every_field_name_is_french_and_documented(files: dict[str, str | bytes]) -> None:
    names = _column_names(files)
    # The channels' technical ids (English) never name a field: their French names do.
    assert not any(re.search(r"phone|email", name) for name in names), sorted(names)
    assert {"note_appels_telephoniques", "note_e_mails_et_formulaires"} <= names
    docs = field_docs(public_site())
    csv_and_rows = {
        n for path, c in files.items() if path.endswith(".csv") for n in read_csv(c).columns
    }
    assert all(docs[n]["title"] and docs[n]["description"] for n in csv_and_rows)
    assert docs["note_appels_telephoniques"]["title"] == "Note : Appels téléphoniques"
    page = opendata_page(public_site())
    # The name may break after its underscores on a phone (<wbr>), never inside a word.
    assert "| <code>note_<wbr>appels_<wbr>telephoniques</code> | Appels téléphoniques |" in page


def test_a_renamed_channel_keeps_its_column() -> None:
    # 2026 calls the e-mail channel « Courriels »: its column keeps the name it had in
    # 2014, the first edition that marked it, in every file.
    old = edition_2026()
    first = replace(old, year=2025, proclamation=old.proclamation.replace(year=2024))
    renamed = tuple(
        replace(ch, label="Courriels") if ch.id == "email" else ch for ch in old.channels
    )
    site = public_site(replace(old, channels=renamed), first)
    files = dict(opendata_files(site, SITE_URL))
    assert "note_e_mails_et_formulaires" in read_csv(files["donnees/2026/laureats.csv"]).columns
    assert "note_courriels" not in _column_names(files)
    canaux = json.loads(files["donnees/2026/laureats.json"])["canaux"]
    assert {"id": "email", "colonne": "note_e_mails_et_formulaires", "libelle": "Courriels"} in (
        canaux
    )


def test_categories_csv_lists_every_category_with_its_status(
    files: dict[str, str | bytes],
) -> None:
    """A spreadsheet user sees the categories without laureate or election too, and an
    empty count where an archive did not publish it."""
    df = read_csv(files[urls.opendata_categories(2026)])
    assert list(df.categorie_slug) == sorted(c.slug for c in edition_2026().categories)
    rows = df.set_index("categorie_slug")
    assert rows.loc["mutuelle", "statut"] == "trop_peu_d_entreprises_testees"
    assert (
        rows.loc["mutuelle", "statut_libelle"] == "Pas d'élection : moins de 3 entreprises testées"
    )
    assert rows.loc["mutuelle", "nombre_laureats"] == 0
    assert pd.isna(rows.loc["mutuelle", "laureats"]) and pd.isna(rows.loc["mutuelle", "note"])
    assert rows.loc["energie", "statut"] == "seuil_non_atteint"
    assert rows.loc["banque", "statut"] == "laureat"
    assert rows.loc["banque", "note"] == 16.72 and rows.loc["banque", "entreprises_testees"] == 5
    assert rows.loc["assurance", "nombre_laureats"] == 2
    assert rows.loc["assurance", "laureats_slugs"] == "scripty formule"
    archive = read_csv(files[urls.opendata_categories(2014)]).set_index("categorie_slug")
    assert archive.entreprises_testees.isna().all()
    assert archive.loc["energie", "statut"] == "aucun_laureat_proclame"
    every = read_csv(files[urls.opendata_categories(None)])
    assert len(every) == len(edition_2026().categories) + len(edition_2014().categories)
