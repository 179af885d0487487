"""Hostile input (issue 16), promise 2: nothing leaked, nothing silently wrong.

No aggregate reveals a company, markup enters only as text, and values that would
be silently misread (NaN, bare dates, duplicate keys, invisible names…) are refused.
"""

from __future__ import annotations

import time

import pytest

from hostile import (
    CATS,
    PAYLOADS,
    build,
    built_texts,
    companies_file,
    edit,
    escda,
    live_markup,
    season_file,
)
from minidata import company, write
from sitecheck import CONFIG, tree_hash, untypeset


@pytest.mark.slow
def test_a_single_non_laureates_mark_appears_nowhere(tmp_path):
    from sitecheck import build as build_in_process

    # alpha and gamma laureates ex aequo (15.50); beta the one non-laureate: 13.33
    # overall, 10.00 by phone, 20.00 by e-mail. The average over all three (14.78) and
    # over the two laureates are withheld too: with the laureates' public marks, the
    # first would give beta's away.
    twins = {
        "banque": [
            company("alpha", [(4, 4), (2, 3)], [7]),
            company("beta", [(4, 4), (4, 4)], [10], ring=(10, 90)),
            company("gamma", [(4, 4), (2, 3)], [7]),
        ]
    }
    write(tmp_path / "data", twins)
    site = build_in_process(tmp_path / "data", tmp_path / "site", "2020-01-01T12:00")
    edition = untypeset((site / "2020" / "index.html").read_text())
    assert edition.count("non publié : moins de 3 entreprises") == 3
    everything = built_texts(site)
    assert "15,50" in everything  # the laureates' own marks are public
    for mark in ("13,33", "13.33", "14,78", "14.78"):
        assert mark not in everything, mark


@pytest.mark.slow
def test_website_is_a_plain_link_never_markup(workdir, capsys):
    payloads = [
        "javascript:alert(1)",
        "![x](https://e.example/x.png){: onerror=alert(1) }",
        "[x](javascript:alert(1))",
        'https://e.example/" onmouseover="alert(1)',
        "https://e.example/<script>",
        "data:text/html,<script>alert(1)</script>",
        "https://",
    ]
    companies = companies_file(workdir)
    original = companies.read_text()
    for payload in payloads:
        companies.write_text(original + f"- slug: evil\n  name: Evil\n  website: '{payload}'\n")
        code, err = escda(capsys, "validate", "--data", "data")
        assert code == 2, payload
        assert "companies.yaml: [3].website: must be an address starting with https://" in err
    companies.write_text(
        original.replace("name: Alpha", "name: Alpha\n  website: https://alpha.example/a_b*c")
    )
    assert build(capsys)[0] == 0
    page = (workdir / "site" / "entreprises" / "alpha" / "index.html").read_text()
    assert (
        '<a href="https://alpha.example/a_b*c" rel="nofollow noopener">'
        "https://alpha.example/a_b*c</a>" in page
    )


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("threshold: 12.0", "threshold: .nan", "threshold: must be a finite number, got nan"),
        ("weight: 2", "weight: .inf", "channels.phone.weight: must be a finite number, got inf"),
        ("max: 4", "max: -.inf", "max: must be a finite number"),
        (
            "proclamation: '2019-10-10T20:00:00+02:00'",
            "proclamation: 2019-10-10",
            "proclamation: must be a date and a time (YYYY-MM-DDTHH:MM:SS+02:00), not a bare date",
        ),
        (
            "proclamation: '2019-10-10T20:00:00+02:00'",
            "proclamation: '2019-10-10'",
            "proclamation: must be a date and a time",
        ),
        ("threshold: 12.0", "threshold: 12.0\nthreshold: 10", "duplicate key 'threshold'"),
        ("edition: 2020", "edition: 2000", "edition: 2000 is not an edition year (2008"),
        ("edition: 2020", "edition: 99999", "edition: 99999 is not an edition year"),
        ("start: '2019-05-13'", "start: 2019-02-30", "impossible date '2019-02-30'"),
        ("label: E-mails", 'label: "E-\\nmails"', "label: must be one line of text"),
        ("label: E-mails", 'label: "\\u200b\\u200b"', "label: must hold visible characters"),
        ("label: E-mails", f"label: {'E' * 121}", "is 121 characters long; at most 120"),
        (
            "op: '>'",
            "op: [1, 2]",
            "zero_if[0].op: must be one of",
        ),
        ("value: 60", "value: soixante", "value: must be a number to compare with ring_seconds"),
    ],
)
def test_a_wrong_season_value_is_named_never_accepted(workdir, capsys, old, new, message):
    edit(season_file(workdir), old, new)
    code, err = escda(capsys, "validate", "--data", "data")
    assert code == 2
    assert "seasons/2020/season.yaml" in err and message in err


def test_an_empty_or_comment_only_season_is_an_error(workdir, capsys):
    for text in ("", "# to do\n"):
        season_file(workdir).write_text(text)
        code, err = escda(capsys, "validate", "--data", "data")
        assert code == 2
        assert "seasons/2020/season.yaml: the file is empty (or holds only comments)" in err


@pytest.mark.parametrize(
    "name, message",
    [
        ("Alpha\\nBanque", "must be one line of text"),
        ("\\u200b\\u200d\\u2060", "must hold visible characters"),
        ("\\u3164", "must hold visible characters"),
        ("A" * 500, "is 500 characters long; at most 120"),
    ],
)
def test_names_are_one_visible_line_of_bounded_length(workdir, capsys, name, message):
    edit(companies_file(workdir), "name: Alpha", f'name: "{name}"')
    code, err = escda(capsys, "validate", "--data", "data")
    assert code == 2 and f"companies.yaml: [0].name: {message}" in err


def test_the_edition_number_is_never_zero_or_negative():
    from escda_site.inputs.model import FIRST_EDITION, edition_number

    assert edition_number(2014) == 7 and edition_number(FIRST_EDITION) == 1
    assert edition_number(2000) == 1  # refused by validation, and never "-7e" anyway


def test_threshold_tolerance_is_nine_decimals():
    from types import SimpleNamespace

    from escda_site.scoring.marks import _decide
    from escda_site.scoring.results import EntrantScore

    edition = SimpleNamespace(min_tested=1, threshold=12.0)

    def decide(mark: float) -> str:
        return _decide(edition, [EntrantScore("a", "participant", mark, (), 1)])[0]

    assert decide(11.9999999995) == "below_threshold"
    assert decide(11.999999999999998) == "laureate"  # 12/20 computed with float noise
    assert decide(12.0) == "laureate"


@pytest.mark.slow
def test_the_same_instant_with_any_offset_gives_the_same_site(workdir, capsys):
    # 23:30 in UTC on 30 September is already 1 October in Paris: a logo valid until
    # 30 September has expired there.
    args = ["build", "--data", "data", "--config", str(CONFIG), "--out"]
    assert escda(capsys, *args, "a", "--as-of", "2020-10-01T01:30+02:00")[0] == 0
    assert escda(capsys, *args, "b", "--as-of", "2020-09-30T23:30+00:00")[0] == 0
    assert tree_hash(workdir / "a") == tree_hash(workdir / "b")


def test_a_bomb_in_a_message_is_refused_quickly(workdir, capsys):
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        levels.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    season_file(workdir).write_text("\n".join(levels) + "\nthreshold: *i\n")
    started = time.monotonic()
    code, err = escda(capsys, "validate", "--data", "data")
    assert code == 2 and "aliases (*name) expand the document beyond" in err
    assert time.monotonic() - started < 10 and len(err) < 2000


@pytest.mark.slow
def test_injection_payloads_in_every_field_stay_text(tmp_path):
    import copy

    import yaml

    from minidata import SEASON
    from sitecheck import build as build_in_process
    from sitecheck import texts

    season = copy.deepcopy(SEASON)
    phone, email = season["channels"]["phone"], season["channels"]["email"]
    phone["label"] = "Appels " + PAYLOADS[0]
    email["label"] = "E-mails " + PAYLOADS[1]
    phone["criteria"][0]["label"] = "Accueil " + PAYLOADS[2]
    phone["criteria"][0]["group"] = "Relationnel " + PAYLOADS[3]
    phone["criteria"][1]["label"] = "Réponse " + PAYLOADS[4]
    phone["zero_if"][0]["label"] = "Pas de réponse " + PAYLOADS[5]
    root = write(
        tmp_path / "data",
        CATS,
        season=season,
        names={"alpha": "Alpha " + PAYLOADS[3], "beta": "Beta " + PAYLOADS[0]},
        category_names={"banque": "Banque " + PAYLOADS[1]},
    )
    sectors = [{"slug": "services", "name": "Services " + PAYLOADS[2]}]
    (root / "sectors.yaml").write_text(yaml.safe_dump(sectors, allow_unicode=True))
    companies = yaml.safe_load((root / "companies.yaml").read_text())
    companies[0]["former_names"] = ["Ancienne " + p for p in PAYLOADS]
    companies[0]["website"] = "https://alpha.example/?q=1&r=<2>"[:-5]
    (root / "companies.yaml").write_text(yaml.safe_dump(companies, allow_unicode=True))

    site = build_in_process(root, tmp_path / "site", "2020-01-01T12:00")
    checked = 0
    for name, text in texts(site):
        if name.endswith((".html", ".svg")) and "assets/" not in name:
            checked += 1
            found = live_markup(text)
            assert not found, (name, found)
        elif name.endswith(".xml"):
            assert "<script" not in text and "<img" not in text, name
    assert checked > 10
    # The scan itself sees live markup when there is some.
    assert live_markup('<p><img src=x onerror=alert(1)><a href="javascript:x">y</a></p>')
    methodology = (site / "2020" / "methodologie" / "index.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in methodology  # shown, as text
