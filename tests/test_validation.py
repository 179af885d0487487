"""Broken data: every problem named with file, line (or key path) and reason, all at once."""

from __future__ import annotations

import copy

import pytest
import yaml

from escda_site.cli import main
from escda_site.inputs.load import load_dataset
from escda_site.inputs.problems import DataError

from minidata import SEASON, company, write

GOOD = {
    "banque": [
        company("alpha", [(4, 4), (2, 3)], [7]),
        company("beta", [(4, 4), (4, 4)], [10]),
        company("gamma", [(1, 2), (3, 4)], [5], role="benchmark"),
    ],
}
SEASON_DIR = "seasons/2020"


@pytest.fixture
def data(tmp_path):
    return write(tmp_path, GOOD)


def problems(data) -> list[str]:
    with pytest.raises(DataError) as err:
        load_dataset(data)
    return [str(p) for p in err.value.problems]


def edit_csv(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def drop_test(data, test_id: str) -> None:
    """Remove a test from tests.csv and its rows from scores.csv."""
    for name in ("tests.csv", "scores.csv"):
        path = data / SEASON_DIR / name
        lines = path.read_text().splitlines()
        path.write_text("\n".join(ln for ln in lines if not ln.startswith(f"{test_id},")) + "\n")


def edit_yaml(path, change) -> None:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_good_data_loads(data):
    dataset = load_dataset(data)
    assert [e.year for e in dataset.editions] == [2020]


def test_unknown_company_in_categories(data):
    edit_yaml(
        data / SEASON_DIR / "categories.yaml",
        lambda d: d[0]["entrants"].append({"company": "inconnue", "role": "participant"}),
    )
    assert (
        f"{SEASON_DIR}/categories.yaml: [0].entrants[3].company: unknown company 'inconnue' "
        "(not in companies.yaml)" in problems(data)
    )


def test_unknown_category_in_tests(data):
    edit_csv(data / SEASON_DIR / "tests.csv", "T3,alpha,banque", "T3,alpha,banq")
    assert f"{SEASON_DIR}/tests.csv:4: unknown category 'banq'" in problems(data)


def test_test_count_differs_from_plan(data):
    drop_test(data, "T2")
    assert (
        f"{SEASON_DIR}/tests.csv: banque/alpha/phone: 1 tests, the plan in season.yaml is 2"
        in problems(data)
    )


def test_points_above_criterion_max(data):
    edit_csv(data / SEASON_DIR / "scores.csv", "T1,accueil,4", "T1,accueil,5")
    assert (
        f"{SEASON_DIR}/scores.csv:2: points out of range for criterion 'accueil' (0 to 4)"
        in problems(data)
    )


def test_duplicate_test_id(data):
    edit_csv(data / SEASON_DIR / "tests.csv", "T4,beta", "T1,beta")
    found = problems(data)
    assert f"{SEASON_DIR}/tests.csv:5: duplicate test_id 'T1' (first on line 2)" in found


def test_a_row_with_other_separators_is_named_by_its_line_in_both_files(data):
    found_lines = {}
    for name, prefix in (("tests.csv", "T3,"), ("scores.csv", "T2,")):
        path = data / SEASON_DIR / name
        lines = path.read_text().splitlines()
        i = next(i for i, ln in enumerate(lines) if ln.startswith(prefix))
        lines[i] = lines[i].replace(",", ";")  # a row pasted from a French export
        path.write_text("\n".join(lines) + "\n")
        found_lines[name] = (i + 1, lines[0].count(",") + 1)
    found = problems(data)
    for name, (line, width) in found_lines.items():
        assert (
            f"{SEASON_DIR}/{name}:{line}: not {width} fields separated by ',' as on the header line"
            in found
        )


def test_many_duplicate_test_ids_are_capped(data):
    tests = data / SEASON_DIR / "tests.csv"
    lines = tests.read_text().splitlines()
    t1 = next(ln for ln in lines if ln.startswith("T1,"))
    tests.write_text("\n".join(lines + [t1] * 30) + "\n")
    found = [p for p in problems(data) if "duplicate test_id" in p]
    first = len(lines) + 1
    assert found[0] == f"{SEASON_DIR}/tests.csv:{first}: duplicate test_id 'T1' (first on line 2)"
    assert len(found) == 21  # 20 lines shown, then a count
    assert found[-1] == f"{SEASON_DIR}/tests.csv: 10 more line(s): duplicate test_id"


def test_unknown_test_id_in_scores_is_reported_alone(data):
    scores = data / SEASON_DIR / "scores.csv"
    header, *rows = scores.read_text().splitlines()
    # First in the file, and with a criterion of test 0: neither "out of range" nor
    # "rated twice" may follow from it.
    first = rows[0].split(",")[1]
    scores.write_text("\n".join([header, f"T999,{first},7", *rows]) + "\n")
    assert problems(data) == [f"{SEASON_DIR}/scores.csv:2: unknown test_id (not in tests.csv)"]


def test_scores_of_a_test_with_an_unknown_channel_raise_nothing_more(data):
    edit_csv(data / SEASON_DIR / "tests.csv", "T3,alpha,banque,email", "T3,alpha,banque,fax")
    found = problems(data)
    assert any(p.startswith(f"{SEASON_DIR}/tests.csv:4: unknown channel 'fax'") for p in found)
    assert not [p for p in found if "scores.csv" in p]


def test_test_counts_are_checked_despite_a_bad_date(data):
    drop_test(data, "T2")
    tests = data / SEASON_DIR / "tests.csv"
    edit_csv(tests, "2019-06-04", "2019-09-04")
    found = problems(data)
    assert any("date outside the campaign" in p for p in found)
    assert (
        f"{SEASON_DIR}/tests.csv: banque/alpha/phone: 1 tests, the plan in season.yaml is 2"
        in found
    )


def test_criterion_not_defined_for_channel(data):
    edit_csv(data / SEASON_DIR / "scores.csv", "T3,redaction", "T3,accueil")
    assert (
        f"{SEASON_DIR}/scores.csv:6: criterion 'accueil' is not defined for channel email "
        "in season.yaml" in problems(data)
    )


def test_date_outside_campaign(data):
    edit_csv(
        data / SEASON_DIR / "tests.csv",
        "T2,alpha,banque,phone,2019-06-03",
        "T2,alpha,banque,phone,2019-08-01",
    )
    assert (
        f"{SEASON_DIR}/tests.csv:3: date outside the campaign (2019-05-13 to 2019-07-19)"
        in problems(data)
    )


def test_edition_disagrees_with_folder(data):
    edit_yaml(data / SEASON_DIR / "season.yaml", lambda d: d.update(edition=2021))
    assert (
        f"{SEASON_DIR}/season.yaml: edition: 2021 disagrees with the folder name '2020'"
        in problems(data)
    )


def test_bad_criterion_max_names_the_key_path(data):
    def change(d):
        d["channels"]["phone"]["criteria"][1]["max"] = 0

    edit_yaml(data / SEASON_DIR / "season.yaml", change)
    assert (
        f"{SEASON_DIR}/season.yaml: channels.phone.criteria[1].max: "
        "must be between 0.01 and 10000, got 0" in problems(data)
    )


@pytest.mark.parametrize("slug", ["../etc", "a/b", "Banque", "ma banque", ""])
def test_unsafe_slugs_are_rejected(data, slug):
    edit_yaml(data / "companies.yaml", lambda d: d[0].update(slug=slug))
    assert any(p.startswith("companies.yaml: [0].slug: must be a slug") for p in problems(data))


def test_every_problem_is_reported_at_once(data):
    edit_csv(data / SEASON_DIR / "scores.csv", "T1,accueil,4", "T1,accueil,9")
    edit_csv(data / SEASON_DIR / "scores.csv", "T2,reponse,3", "T2,reponse,abc")
    edit_csv(data / SEASON_DIR / "tests.csv", "2019-06-04", "2019-09-04")
    edit_yaml(data / "sectors.yaml", lambda d: d.append({"slug": "Bad Slug", "name": "X"}))
    found = problems(data)
    assert any(p.startswith(f"{SEASON_DIR}/scores.csv:2: points out of range") for p in found)
    assert any(p.startswith(f"{SEASON_DIR}/scores.csv:5: points must be a number") for p in found)
    assert (
        f"{SEASON_DIR}/tests.csv:4: date outside the campaign (2019-05-13 to 2019-07-19)" in found
    )
    assert any(p.startswith("sectors.yaml: [1].slug: must be a slug") for p in found)


def test_a_zero_rule_on_an_undeclared_field(data):
    def change(d):
        d["channels"]["phone"]["zero_if"][0]["field"] = "waiting"

    edit_yaml(data / SEASON_DIR / "season.yaml", change)
    assert (
        f"{SEASON_DIR}/season.yaml: channels.phone.zero_if[0].field: 'waiting' is not one "
        "of this channel's fields" in problems(data)
    )


def test_invalid_yaml_names_the_line(data):
    (data / "sectors.yaml").write_text("- slug: a\n  name: [unclosed\n")
    assert any(p.startswith("sectors.yaml:3: invalid YAML") for p in problems(data))


@pytest.mark.parametrize(
    ("name", "text", "problem"),
    [
        ("sectors.yaml", "- slug: a\n\tname: x\n", "sectors.yaml:2: invalid YAML: found"),
        ("companies.yaml", "- slug: a\n\tname: x\n", "companies.yaml:2: invalid YAML: found"),
        ("companies.yaml", "# to fill in\n", "companies.yaml: the file is empty"),
    ],
)
def test_a_common_file_that_cannot_be_read_is_one_problem(data, name, text, problem):
    # Not also « must be a list », nor « unknown company » for every entrant of every
    # category: in an archive that buried the one line to mend under thousands.
    (data / name).write_text(text)
    found = problems(data)
    assert len(found) == 1 and found[0].startswith(problem), found


def test_validate_command_exits_2_and_lists_problems(data, capsys):
    season = copy.deepcopy(SEASON)
    season["threshold"] = 25
    write(data, GOOD, season=season)
    edit_csv(data / SEASON_DIR / "tests.csv", "T3,alpha,banque", "T3,alpha,banq")
    assert main(["validate", "--data", str(data)]) == 2
    err = capsys.readouterr().err
    assert f"{SEASON_DIR}/season.yaml: threshold: must be between 0 and 20" in err
    assert f"{SEASON_DIR}/tests.csv:4: unknown category 'banq'" in err
    assert "nothing was written" in err


def test_validate_command_accepts_good_data(data, capsys):
    assert main(["validate", "--data", str(data)]) == 0
    assert "OK" in capsys.readouterr().out


def test_two_channels_that_would_share_an_open_data_column_are_refused(data):
    # « E-mails » and « e mails » both give `note_e_mails`: one column for two channels.
    def relabel(season):
        season["channels"]["phone"]["label"] = "e mails"

    edit_yaml(data / SEASON_DIR / "season.yaml", relabel)
    found = problems(data)
    assert f"{SEASON_DIR}/season.yaml: channels.phone.label: 'e mails' gives the open data " in (
        "\n".join(found)
    )
    assert any(p.startswith(f"{SEASON_DIR}/season.yaml: channels.email.label: ") for p in found)
    assert all("note_e_mails" in p for p in found)


def test_a_channel_label_without_latin_letters_is_refused(data):
    def relabel(season):
        season["channels"]["email"]["label"] = "電子メール"

    edit_yaml(data / SEASON_DIR / "season.yaml", relabel)
    assert problems(data) == [
        f"{SEASON_DIR}/season.yaml: channels.email.label: '電子メール' holds no Latin letter "
        "or digit to name the channel's open data column"
    ]


def _with_company_keys(data, **keys) -> None:
    def change(doc):
        doc[0].update(keys)

    edit_yaml(data / "companies.yaml", change)


@pytest.mark.parametrize(
    ("siren", "reason"),
    [
        ("732829321", "SIREN 732829321 is not valid: its check digit (Luhn) is wrong"),
        ("73282932", "a SIREN has 9 digits, got '73282932'"),
        ("73282932A", "a SIREN has 9 digits"),
        ("٧٣٢٨٢٩٣٢٠", "a SIREN has 9 digits"),  # Arabic-Indic digits are not the register's
        (True, "must be a SIREN, 9 digits in quotes"),
        ([732829320], "must be a SIREN, 9 digits in quotes"),
    ],
)
def test_a_wrong_siren_is_refused_with_its_key_path(data, siren, reason):
    _with_company_keys(data, siren=siren)
    (found,) = problems(data)
    assert found.startswith("companies.yaml: [0].siren: ")
    assert reason in found


@pytest.mark.parametrize("siren", ["732829320", 732829320, "732 829 320", "012345674"])
def test_a_valid_siren_is_kept_as_nine_digits(data, siren):
    _with_company_keys(data, siren=siren)
    company = load_dataset(data).companies[0]
    assert company.siren == str(siren).replace(" ", "")


def test_two_companies_cannot_share_a_siren(data):
    def change(doc):
        doc[0]["siren"] = doc[1]["siren"] = "732829320"

    edit_yaml(data / "companies.yaml", change)
    assert problems(data) == [
        "companies.yaml: [1].siren: duplicate SIREN '732829320' (first at [0].siren)"
    ]


def test_a_foreign_national_id_needs_a_scheme_and_an_id(data):
    _with_company_keys(data, national_id={"scheme": "ES-NIF", "id": "B12345678"})
    nid = load_dataset(data).companies[0].national_id
    assert (nid.scheme, nid.id) == ("ES-NIF", "B12345678")
    _with_company_keys(data, national_id={"scheme": "nif", "id": ""})
    assert problems(data) == [
        "companies.yaml: [0].national_id.id: must be a text of 1 to 40 letters, digits, "
        "spaces, . / or -",
        "companies.yaml: [0].national_id.scheme: must be a country code and a register, "
        "e.g. ES-NIF, GB-COH, MA-ICE",
    ]
    _with_company_keys(data, national_id={"scheme": "FR-SIREN", "id": "732829320"})
    assert problems(data) == [
        "companies.yaml: [0].national_id.scheme: a French company gives its number as `siren`"
    ]
