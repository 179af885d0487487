"""Hostile input, round 2 (issue 23): the organiser's YAML files and the command line.

One test per cause: organiser text read as markup, tags whose text does not fit,
numbers and dates beyond what the scoring and the calendar can hold, characters that
XML or HTML cannot hold, slugs naming the same file or a fixed page, exit statuses.
"""

from __future__ import annotations

import pytest
import yaml

from escda_site import cli

from hostile import (
    AS_OF,
    PAYLOADS,
    build,
    companies_file,
    edit,
    escda,
    live_markup,
    season_file,
)
from sitecheck import CONFIG


def validate(capsys) -> tuple[int, str]:
    return escda(capsys, "validate", "--data", "data")


ORGANISER = {
    "name": "Org",
    "address": "1 rue X",
    "email": "contact@org.example",
    "director": "Dir",
    "host": "Host",
    "host_address": "2 rue Y",
}


def write_portal(workdir, **organiser) -> None:
    doc = {"organiser": {**ORGANISER, **organiser}}
    (workdir / "data" / "portal.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True))


@pytest.mark.parametrize(
    "email",
    [
        "a@b.example)![x](https://127.0.0.1:1/x.png){onerror=alert(1)}",
        "a@b.example)[x](javascript:alert(1))",
        "a@b.example<script>",
        'a"b@c.example',
        "a@b",
        "@b.example",
        "a@@b.example",
        "a@b.example.",
        "a@-b.example",
    ],
)
def test_an_organiser_email_must_be_an_email_address(workdir, capsys, email):
    write_portal(workdir, email=email)
    code, err = validate(capsys)
    assert code == 2, email
    assert "portal.yaml: organiser.email: must be an e-mail address such as" in err


def test_partners_that_are_not_a_list_are_named(workdir, capsys):
    # Found by tests/test_properties_yaml.py: `partners: 1` raised TypeError.
    write_portal(workdir, partners=1)
    code, err = validate(capsys)
    assert code == 2 and "portal.yaml: organiser.partners: must be a list, got 1" in err, err


@pytest.mark.slow
def test_organiser_text_is_never_markup(workdir, capsys):
    # Every organiser field, partners too, with a payload; the e-mail is a real address
    # that Markdown would read as bold (`__info__`): shown and linked as typed.
    fields = {
        key: f"{value} {PAYLOADS[i % len(PAYLOADS)]}"
        for i, (key, value) in enumerate(ORGANISER.items())
        if key != "email"
    }
    partners = [{"name": "P " + PAYLOADS[2], "role": "R " + PAYLOADS[3]}]
    write_portal(
        workdir,
        **fields,
        email="__info__@org.example",
        registration="RCS " + PAYLOADS[5],
        partners=partners,
    )
    assert build(capsys)[0] == 0
    site = workdir / "site"
    pages = ("contact", "mentions-legales", "donnees-personnelles", "reglement", "partenaires")
    for name in pages:
        html = (site / name / "index.html").read_text()
        assert not live_markup(html), (name, live_markup(html))
    contact = (site / "contact" / "index.html").read_text()
    assert '<a href="mailto:__info__@org.example">__info__@org.example</a>' in contact
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in contact  # shown, as text


@pytest.mark.slow
def test_a_website_address_is_never_read_as_markdown(workdir, capsys):
    # A valid address holding Markdown's link syntax: it stays one link, to itself.
    address = "https://alpha.example/[x](javascript:alert(1))"
    edit(companies_file(workdir), "name: Alpha", f"name: Alpha\n  website: '{address}'")
    assert build(capsys)[0] == 0
    page = (workdir / "site" / "entreprises" / "alpha" / "index.html").read_text()
    assert not live_markup(page), live_markup(page)
    assert '<a href="https://alpha.example/%5Bx%5D%28javascript:alert%281%29%29"' in page


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("threshold: 12.0", "threshold: !!float douze", "'douze' is not a valid float"),
        ("start: '2019-05-13'", "start: !!timestamp demain", "'demain' is not a valid timestamp"),
        ("threshold: 12.0", "threshold: 12.0\narchive: !!bool peutetre", "not a valid bool"),
        ("threshold: 12.0", "threshold: !!map [1]", "expected a mapping node"),
        ("threshold: 12.0", "threshold: !!float ''", "'' is not a valid float"),
        ("edition: 2020", "edition: " + "9" * 5000, "(5000 digits) is beyond any value"),
        ("edition: 2020", "edition: 0x" + "f" * 5000, "(5002 digits) is beyond any value"),
    ],
)
def test_a_tag_its_text_does_not_fit_is_a_named_error(workdir, capsys, old, new, message):
    edit(season_file(workdir), old, new)
    code, err = validate(capsys)
    assert code == 2 and "seasons/2020/season.yaml:" in err and message in err, err


def test_every_problem_is_one_visible_line(workdir, capsys):
    # Found by tests/test_properties_yaml.py: a key holding an invisible or unassigned
    # character was printed as it is, in a message nobody could read or copy.
    edit(
        season_file(workdir),
        "ring_seconds: int",
        'ring_seconds: int\n      "r\\u200b\\U00018cd6": x',
    )
    code, err = validate(capsys)
    assert code == 2
    assert "channels.phone.fields.r\\u200b\\U00018cd6: type must be one of" in err, err


def test_an_edition_without_channels_is_named(workdir, capsys):
    # Found by tests/test_properties_yaml.py: scores.csv's checks raised IndexError.
    text = season_file(workdir).read_text()
    season_file(workdir).write_text(text[: text.index("channels:")] + "channels: {}\n")
    code, err = validate(capsys)
    assert code == 2 and "season.yaml: channels: at least one channel is needed" in err, err


def test_an_empty_campaign_lacks_its_dates(workdir, capsys):
    # Found by tests/test_properties_yaml.py: `campaign: {}` passed, then validate raised.
    text = season_file(workdir).read_text()
    start = text.index("campaign:")
    end = text.index("proclamation:")
    season_file(workdir).write_text(text[:start] + "campaign: {}\n" + text[end:])
    code, err = validate(capsys)
    assert code == 2 and "season.yaml: campaign.start: missing" in err, err
    assert "season.yaml: campaign.end: missing" in err


def test_a_correction_naming_a_list_for_a_category_is_named(workdir, capsys):
    # Found by tests/test_properties_yaml.py: it raised TypeError (unhashable list).
    text = season_file(workdir).read_text()
    season_file(workdir).write_text(
        text + "corrections:\n- {date: 2019-11-02, text: Erratum, categories: [[banque]]}\n"
    )
    code, err = validate(capsys)
    assert code == 2 and "corrections[0].categories[0]: unknown category [" in err, err


@pytest.mark.parametrize(
    "old, new, where",
    [
        ("weight: 2", "weight: 1.0e+308", "channels.phone.weight"),
        ("weight: 2", "weight: 1.0e-323", "channels.phone.weight"),
        ("max: 10", "max: 1.0e+308", "channels.email.criteria[0].max"),
        ("max: 4", "max: 1.0e-323", "channels.phone.criteria[0].max"),
        ("tests: 2", "tests: 2000000000", "channels.phone.tests"),
    ],
)
def test_weights_and_maxima_stay_within_sane_bounds(workdir, capsys, old, new, where):
    edit(season_file(workdir), old, new)
    code, err = validate(capsys)
    assert code == 2 and f"seasons/2020/season.yaml: {where}: must be between" in err, err


def test_a_number_yaml_reads_as_text_says_how_to_write_it(workdir, capsys):
    edit(season_file(workdir), "weight: 2", "weight: 1e3")
    code, err = validate(capsys)
    assert code == 2
    assert "channels.phone.weight: '1e3' is read as a text by YAML: write it as 1.0e+3" in err


@pytest.mark.parametrize(
    "old, new, where",
    [
        ("start: '2019-05-13'", "start: 0001-01-01", "campaign.start"),
        (
            "proclamation: '2019-10-10T20:00:00+02:00'",
            "proclamation: '9999-12-31T23:00:00-02:00'",
            "proclamation",
        ),
    ],
)
def test_dates_of_the_data_lie_in_the_award_years(workdir, capsys, old, new, where):
    edit(season_file(workdir), old, new)
    code, err = validate(capsys)
    assert (
        code == 2 and f"season.yaml: {where}: must be a date" in err and "from 2000 to 2105" in err
    )


@pytest.mark.parametrize("as_of", ["9999-12-31", "0001-01-01", "9999-12-31T23:59:59-12:00"])
def test_an_as_of_beyond_the_award_years_is_named(workdir, capsys, monkeypatch, as_of):
    args = ["build", "--data", "data", "--out", "site", "--config", str(CONFIG)]
    with pytest.raises(SystemExit) as exit_:
        cli.main([*args, "--as-of", as_of])
    assert exit_.value.code == 2
    assert "--as-of: must lie between 2000 and 2105" in capsys.readouterr().err
    monkeypatch.setenv("ESCDA_AS_OF", as_of)
    code, err = escda(capsys, *args)
    assert code == 2 and "ESCDA_AS_OF: must lie between 2000 and 2105" in err
    assert not (workdir / "site").exists()


@pytest.mark.parametrize(
    "escaped, shown",
    [
        ("\\ufffe", "U+FFFE"),
        ("\\uffff", "U+FFFF"),
        ("\\ufdd0", "U+FDD0"),
        ("\\U0001FFFE", "U+1FFFE"),
        ("\\udce9", "U+DCE9, a lone surrogate"),
        ("\\x01", "U+0001, a control character"),
        ("\\x7f", "U+007F"),
        ("\\x9b", "U+009B, a C1 control character"),
    ],
)
def test_text_xml_or_html_cannot_hold_is_refused_where_it_is(workdir, capsys, escaped, shown):
    edit(companies_file(workdir), "name: Alpha", f'name: "Al{escaped}pha"')
    edit(season_file(workdir), "redaction", f'"reda{escaped}ction"')
    code, err = validate(capsys)
    assert code == 2
    assert f"companies.yaml: [0].name: holds {shown}" in err
    # Keys too, and the key path names the key as it was read.
    assert f"seasons/2020/season.yaml: channels.email.criteria[0].id: holds {shown}" in err
    # A tab or a line break is XML's and HTML's white space: the field's own rule says.
    edit(companies_file(workdir), f'"Al{escaped}pha"', '"Al\\tpha"')
    code, err = validate(capsys)
    assert code == 2 and "companies.yaml: [0].name: must be one line of text" in err


@pytest.mark.parametrize("slug", ["index", "methodologie"])
def test_a_category_slug_naming_an_edition_page_is_refused(workdir, capsys, slug):
    for name in ("categories.yaml", "tests.csv"):
        path = workdir / "data" / "seasons" / "2020" / name
        path.write_text(path.read_text().replace("banque", slug))
    code, err = validate(capsys)
    assert code == 2
    assert f"categories.yaml: [0].slug: '{slug}' is reserved for a page of the edition" in err


@pytest.mark.parametrize("other", ["alpha-noir", "alpha-certificat"])
def test_slugs_whose_logo_files_would_collide_are_refused(workdir, capsys, other):
    for name in ("categories.yaml", "tests.csv", "scores.csv"):
        path = workdir / "data" / "seasons" / "2020" / name
        path.write_text(path.read_text().replace("gamma", other))
    path = companies_file(workdir)
    path.write_text(path.read_text().replace("gamma", other))
    code, err = validate(capsys)
    assert code == 2
    assert f"companies.yaml: [2].slug: '{other}' would name its logo file {other}." in err
    assert "as company 'alpha' names one of its own" in err


def test_a_slug_is_at_most_60_characters(workdir, capsys):
    edit(companies_file(workdir), "slug: alpha", "slug: " + "a" * 61)
    code, err = validate(capsys)
    assert (
        code == 2
        and "companies.yaml: [0].slug: is 61 characters long; a slug has at most 60" in err
    )


def test_data_that_is_not_a_folder_is_a_command_line_problem(workdir, capsys):
    (workdir / "afile").write_text("x")
    for command in (
        ["validate"],
        ["results", "2020"],
        ["build", "--as-of", AS_OF, "--config", str(CONFIG), "--out", "site"],
        ["generate", "tree", "--as-of", AS_OF, "--config", str(CONFIG)],
    ):
        code, err = escda(capsys, *command, "--data", "afile")
        assert code == 2, (command, err)
        assert err.strip().splitlines()[-1] == "escda: --data afile: not a data folder", err


def test_exit_statuses_are_the_readme_s(workdir, capsys):
    code, err = escda(capsys, "results", "1999", "--data", "data")
    assert code == 2 and err.strip() == "escda: no edition 1999 in data (editions: 2020)"
    for command in (["build", "--out", "site"], ["generate", "tree"], ["serve"]):
        code, err = escda(capsys, *command, "--config", "missing.yml")
        assert code == 2 and "escda: no MkDocs configuration at missing.yml" in err, command
    for bad, why in (
        (["--editions", "0", "--archive", "0"], "at least one edition is needed"),
        (["--companies", "-1"], "companies must be at least 1"),
        (["--categories", "0"], "at least one category is needed"),
    ):
        code, err = escda(capsys, "demo-data", "demo", *bad)
        assert code == 2 and err.strip() == f"escda: demo-data: {why}", err
    code, err = escda(capsys, "demo-data", "data")  # not demo data: never overwritten
    assert code == 2 and "data is not empty and holds no demo data" in err
    (workdir / "afile").write_text("x")
    code, err = escda(capsys, "demo-data", "afile")
    assert code == 2 and err.strip() == "escda: demo-data: afile: File exists", err
    for site in ("nowhere", "afile"):
        code, err = escda(capsys, "finish", site)
        assert code == 2 and err.strip() == f"escda: {site}: not a built site folder", err
    with pytest.raises(SystemExit) as exit_:
        cli.main(["serve", "--config", str(CONFIG), "--addr", "nonsense"])
    assert exit_.value.code == 2
    assert "--addr: expected HOST:PORT" in capsys.readouterr().err
