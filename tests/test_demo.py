"""The demo data generator: determinism, the data contract, and the engineered storylines.

Marks are recomputed here with a small pandas implementation of the contract's rules,
independent of `escda_site.scoring`, so that a storyline cannot pass by sharing a bug.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import yaml

from escda_site.demo.generate import STORYLINES, write_demo_data

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TEST_HEADER = (
    "test_id,company,category,channel,date,device,ring_seconds,handling_seconds,saturation"
)
SCORE_HEADER = "test_id,criterion,points"
SMALL = {"editions": 1, "categories": 4, "archive": 1}


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def read_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def seasons(folder: Path) -> dict[int, Path]:
    return {int(p.name): p for p in sorted((folder / "seasons").iterdir())}


# --- an independent implementation of the scoring rules ----------------------------------


def entrant_marks(season: Path) -> pd.DataFrame:
    """(category, company) → role, tested channel marks and overall mark, per the contract."""
    spec = read_yaml(season / "season.yaml")
    tests = pd.read_csv(season / "tests.csv", dtype=str, keep_default_na=False)
    scores = pd.read_csv(season / "scores.csv", dtype={"test_id": str, "criterion": str})
    maxima = pd.DataFrame(
        [(cid, c["id"], c["max"]) for cid, ch in spec["channels"].items() for c in ch["criteria"]],
        columns=["channel", "criterion", "max"],
    )
    rated = scores.merge(tests[["test_id", "channel"]], on="test_id").merge(
        maxima, on=["channel", "criterion"], validate="many_to_one"
    )
    assert len(rated) == len(scores)
    sums = rated.groupby("test_id")[["points", "max"]].sum()
    tests = tests.join(sums, on="test_id")
    phone = tests.channel == "phone"
    ring = pd.to_numeric(tests.ring_seconds.where(phone))
    handling = pd.to_numeric(tests.handling_seconds.where(phone))
    zero = phone & ((ring > 60) | (handling > 240) | (tests.saturation == "true"))
    tests["mark"] = (20 * tests.points / tests["max"]).where(~zero, 0.0)
    assert tests.mark.notna().all()
    table = tests.groupby(["category", "company", "channel"]).mark.mean().unstack("channel")
    weight = pd.Series({cid: ch.get("weight", ch["tests"]) for cid, ch in spec["channels"].items()})
    table["overall"] = (table[weight.index] * weight).sum(axis=1) / weight.sum()
    roles = {
        (cat["slug"], e["company"]): e["role"]
        for cat in read_yaml(season / "categories.yaml")
        for e in cat["entrants"]
    }
    table["role"] = [roles[key] for key in table.index]
    return table


@functools.cache  # read only; the bundled seasons are checked by two tests
def outcomes(season: Path) -> dict[str, dict]:
    """Per category: tested count, laureates, best participant and best benchmark marks."""
    spec = read_yaml(season / "season.yaml")
    table = entrant_marks(season)
    out = {}
    for cat in read_yaml(season / "categories.yaml"):
        slug = cat["slug"]
        rows = table.loc[slug] if slug in table.index.get_level_values(0) else table.iloc[:0]
        part = rows[rows.role == "participant"].overall
        bench = rows[rows.role == "benchmark"].overall
        best = part.max() if len(part) else None
        laureates: tuple[str, ...] = ()
        elected = len(rows) >= spec.get("min_tested", 3) and best is not None
        if elected and best >= spec["threshold"]:
            laureates = tuple(sorted(part.index[part == best]))
        out[slug] = {
            "tested": len(rows),
            "laureates": laureates,
            "best": best,
            "best_benchmark": bench.max() if len(bench) else None,
            "marks": rows.overall.to_dict(),
        }
    return out


def archive_laureates(season: Path) -> dict[str, list[str]]:
    return {
        cat["slug"]: [lau["company"] for lau in cat["laureates"]]
        for cat in read_yaml(season / "categories.yaml")
    }


# --- fixtures ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("small")
    write_demo_data(out, seed=7, **SMALL)
    return out


@pytest.fixture(scope="module")
def story(tmp_path_factory) -> Path:
    """Enough editions and categories for every storyline, at a fraction of the bundle's size."""
    out = tmp_path_factory.mktemp("story")
    write_demo_data(out, seed=11, editions=3, categories=9, archive=1)
    return out


# --- determinism -------------------------------------------------------------------------


def test_same_arguments_give_identical_bytes(tmp_path, small):
    write_demo_data(tmp_path / "again", seed=7, **SMALL)
    assert files(tmp_path / "again") == files(small)


def test_another_seed_gives_other_data(tmp_path, small):
    write_demo_data(tmp_path / "other", seed=8, **SMALL)
    other, first = files(tmp_path / "other"), files(small)
    assert other.keys() == first.keys()
    assert other["seasons/2027/scores.csv"] != first["seasons/2027/scores.csv"]
    assert other["companies.yaml"] != first["companies.yaml"]


@pytest.mark.slow  # the whole bundled data set
def test_bundled_data_is_the_default_generation(tmp_path):
    write_demo_data(tmp_path / "default")
    assert files(tmp_path / "default") == files(BUNDLED)
    assert sum(len(b) for b in files(BUNDLED).values()) < 15_000_000


# --- the data contract -------------------------------------------------------------------


def test_layout_and_calendar(small):
    assert read_yaml(small / "portal.yaml")["demo"] is True
    years = seasons(small)
    assert list(years) == [2026, 2027]
    archive, full = read_yaml(years[2026] / "season.yaml"), read_yaml(years[2027] / "season.yaml")
    assert archive["archive"] is True and "channels" not in archive
    assert not (years[2026] / "tests.csv").exists()
    assert full["edition"] == 2027 and full["archive"] is False
    assert full["campaign"] == {"start": date(2026, 5, 11), "end": date(2026, 7, 17)}
    assert full["proclamation"].isoformat() == "2026-10-08T20:00:00+02:00"
    assert full["logo_valid_until"] == date(2027, 9, 30)
    assert full["threshold"] == 12.0 and full["min_tested"] == 3


def test_first_year_moves_every_date(tmp_path):
    write_demo_data(tmp_path, editions=2, categories=2, archive=0, first_year=2020)
    spec = read_yaml(tmp_path / "seasons/2021/season.yaml")
    assert spec["campaign"] == {"start": date(2020, 6, 1), "end": date(2020, 7, 10)}
    assert spec["proclamation"].isoformat() == "2020-10-08T20:00:00+02:00"
    assert list(seasons(tmp_path)) == [2020, 2021]


def test_channels_model_the_published_method(small):
    channels = read_yaml(small / "seasons/2027/season.yaml")["channels"]
    assert list(channels) == ["phone", "email", "web", "social", "chat"]
    plan = {cid: (ch["tests"], ch["weight"], len(ch["criteria"])) for cid, ch in channels.items()}
    assert plan == {
        "phone": (140, 140, 13),
        "email": (50, 50, 14),
        "web": (15, 15, 13),
        "social": (10, 10, 14),
        "chat": (10, 10, 14),
    }
    phone = channels["phone"]
    assert sum(c["max"] for c in phone["criteria"]) == 32
    assert list(dict.fromkeys(c["group"] for c in phone["criteria"])) == [
        "Disponibilité",
        "Relationnel",
        "Qualité de la réponse et qualité humaine",
    ]
    assert phone["fields"] == {
        "ring_seconds": "int",
        "handling_seconds": "int",
        "saturation": "bool",
    }
    assert [(r["field"], r["op"], r["value"]) for r in phone["zero_if"]] == [
        ("ring_seconds", ">", 60),
        ("handling_seconds", ">", 240),
        ("saturation", "==", True),
    ]
    assert channels["web"]["devices"] == {"smartphone": 8}


def test_reference_files(small):
    sectors = read_yaml(small / "sectors.yaml")
    companies = read_yaml(small / "companies.yaml")
    assert all(SLUG.match(s["slug"]) for s in sectors + companies)
    assert len({c["slug"] for c in companies}) == len(companies)
    assert all(c["website"].endswith(".example") for c in companies if "website" in c)
    known = {c["slug"] for c in companies}
    sector_slugs = {s["slug"] for s in sectors}
    for season in seasons(small).values():
        for cat in read_yaml(season / "categories.yaml"):
            assert SLUG.match(cat["slug"]) and cat["sector"] in sector_slugs
            for who in cat.get("entrants", []) + cat.get("laureates", []):
                assert who["company"] in known
                assert who.get("role", "participant") in ("participant", "benchmark")


def test_tests_follow_the_plan(small):
    season = small / "seasons/2027"
    spec = read_yaml(season / "season.yaml")
    assert (season / "tests.csv").read_text().splitlines()[0] == TEST_HEADER
    tests = pd.read_csv(season / "tests.csv", dtype=str, keep_default_na=False)
    assert tests.test_id.is_unique

    entrants = {
        (cat["slug"], e["company"])
        for cat in read_yaml(season / "categories.yaml")
        for e in cat["entrants"]
    }
    counts = tests.groupby(["category", "company", "channel"]).size()
    assert set(counts.index.droplevel("channel")) == entrants
    for (_, _, channel), n in counts.items():
        assert n == spec["channels"][channel]["tests"]

    web = tests[tests.channel == "web"]
    assert (
        web.groupby(["category", "company"]).device.apply(lambda d: (d == "smartphone").sum()) == 8
    ).all()
    assert set(web.device) == {"desktop", "smartphone"}
    assert (tests[tests.channel != "web"].device == "").all()

    start, end = spec["campaign"]["start"].isoformat(), spec["campaign"]["end"].isoformat()
    assert tests.date.between(start, end).all()

    phone = tests.channel == "phone"
    for col in ("ring_seconds", "handling_seconds"):
        assert tests.loc[phone, col].str.fullmatch(r"\d+").all()
        assert (tests.loc[~phone, col] == "").all()
    assert set(tests.loc[phone, "saturation"]) <= {"true", "false"}
    assert (tests.loc[~phone, "saturation"] == "").all()


def test_scores_stay_within_each_criterion(small):
    season = small / "seasons/2027"
    channels = read_yaml(season / "season.yaml")["channels"]
    assert (season / "scores.csv").read_text().splitlines()[0] == SCORE_HEADER
    tests = pd.read_csv(season / "tests.csv", dtype=str, keep_default_na=False)
    scores = pd.read_csv(season / "scores.csv", dtype={"test_id": str, "criterion": str})
    maxima = pd.DataFrame(
        [(cid, c["id"], c["max"]) for cid, ch in channels.items() for c in ch["criteria"]],
        columns=["channel", "criterion", "max"],
    )
    rows = scores.merge(tests[["test_id", "channel"]], on="test_id", how="left").merge(
        maxima, on=["channel", "criterion"], how="left"
    )
    assert rows["max"].notna().all(), "a criterion not defined for its test's channel"
    assert ((rows.points >= 0) & (rows.points <= rows["max"])).all()
    assert not scores.duplicated(["test_id", "criterion"]).any()
    assert set(scores.test_id) == set(tests.test_id)  # every test has rated criteria
    # Some criteria do not apply to some tests, so they have no row.
    per_test = scores.groupby("test_id").size()
    assert per_test.min() < per_test.max()


def test_a_few_calls_score_zero(story):
    tests = pd.read_csv(story / "seasons/2027/tests.csv", dtype=str, keep_default_na=False)
    phone = tests[tests.channel == "phone"]
    zero = (
        (phone.ring_seconds.astype(int) > 60)
        | (phone.handling_seconds.astype(int) > 240)
        | (phone.saturation == "true")
    )
    assert 0.005 < zero.mean() < 0.05


def test_companies_argument_fixes_the_count(tmp_path):
    write_demo_data(tmp_path, editions=2, categories=5, companies=5, scenario=False)
    for season in list(seasons(tmp_path).values())[1:]:
        for cat in read_yaml(season / "categories.yaml"):
            assert len(cat["entrants"]) == 5
            roles = [e["role"] for e in cat["entrants"]]
            assert roles.count("benchmark") <= 2


def test_default_counts_are_3_to_8_with_up_to_2_benchmarks(story):
    for year in (2025, 2026):
        for cat in read_yaml(story / f"seasons/{year}/categories.yaml"):
            roles = [e["role"] for e in cat["entrants"]]
            assert 3 <= len(roles) <= 8 and roles.count("benchmark") <= 2


def test_refuses_to_overwrite_real_data(tmp_path):
    (tmp_path / "sectors.yaml").write_text("[]\n")
    with pytest.raises(FileExistsError):
        write_demo_data(tmp_path, **SMALL)


def test_regenerating_removes_stale_editions(tmp_path):
    write_demo_data(tmp_path, editions=2, categories=2, archive=1)
    write_demo_data(tmp_path, editions=1, categories=2, archive=0)
    assert list(seasons(tmp_path)) == [2027]


# --- the storylines ----------------------------------------------------------------------


def check_storylines(folder: Path) -> None:
    years = seasons(folder)
    last, before, first = 2027, 2026, 2025
    res = {y: outcomes(p) for y, p in years.items() if y >= first}
    s = STORYLINES

    cat, champion = s.streak
    assert all(res[y][cat]["laureates"] == (champion,) for y in (first, before, last))
    assert champion not in archive_laureates(years[first - 1])[cat]

    cat, holder, challenger = s.dethroned
    assert res[before][cat]["laureates"] == (holder,)
    assert res[last][cat]["laureates"] == (challenger,)
    assert holder in res[last][cat]["marks"]  # still tested, beaten

    new = s.new_category
    assert new in res[last]
    assert new not in archive_laureates(years[first - 1])
    assert all(new not in res[y] for y in (first, before))

    company, cats = s.double
    assert all(res[last][c]["laureates"] == (company,) for c in cats)

    cat, a, b = s.ex_aequo
    assert res[last][cat]["laureates"] == tuple(sorted((a, b)))
    assert res[last][cat]["marks"][a] == res[last][cat]["marks"][b]
    tests = pd.read_csv(years[last] / "tests.csv", dtype=str, keep_default_na=False)
    scores = pd.read_csv(years[last] / "scores.csv", dtype=str).merge(tests, on="test_id")
    same = [
        "channel",
        "date",
        "device",
        "ring_seconds",
        "handling_seconds",
        "saturation",
        "criterion",
        "points",
    ]
    rows_a = scores[(scores.category == cat) & (scores.company == a)][same]
    rows_b = scores[(scores.category == cat) & (scores.company == b)][same]
    assert rows_a.reset_index(drop=True).equals(rows_b.reset_index(drop=True))

    cat, benchmark, laureate = s.benchmark_above
    r = res[last][cat]
    assert r["laureates"] == (laureate,)
    assert r["marks"][benchmark] > r["best"] >= 12.0
    assert r["best_benchmark"] == r["marks"][benchmark]

    r = res[last][s.no_laureate]
    assert r["tested"] >= 3 and r["best"] < 12.0 and r["laureates"] == ()

    cat = s.no_laureate_before
    assert res[before][cat]["tested"] >= 3 and res[before][cat]["laureates"] == ()
    assert len(res[last][cat]["laureates"]) == 1

    r = res[last][s.too_few]
    assert r["tested"] == 2 and r["laureates"] == ()

    # Realistic levels: laureates mostly 14-18, the others mostly 9-14.
    won = [r["marks"][c] for y in res for r in res[y].values() for c in r["laureates"]]
    lost = [
        m
        for y in res
        for r in res[y].values()
        for c, m in r["marks"].items()
        if c not in r["laureates"]
    ]
    assert 14 <= pd.Series(won).median() <= 18
    assert 9 <= pd.Series(lost).median() <= 14


def test_storylines_hold(story):
    check_storylines(story)


@pytest.mark.slow  # the whole bundled data set
def test_storylines_hold_in_the_bundled_data():
    check_storylines(BUNDLED)
    assert read_yaml(BUNDLED / "portal.yaml")["demo"] is True
    assert list(seasons(BUNDLED)) == [2024, 2025, 2026, 2027]
    assert len(read_yaml(BUNDLED / "seasons/2027/categories.yaml")) == 12
    assert len({c["sector"] for c in read_yaml(BUNDLED / "seasons/2027/categories.yaml")}) == 5


# --- the validating loader and the scoring core accept it --------------------------------


@pytest.mark.parametrize("which", ["small", "story"])
def test_the_loader_accepts_demo_data(which, request):
    from escda_site.inputs.load import load_dataset

    folder = request.getfixturevalue(which)
    dataset = load_dataset(folder)  # raises DataError listing any problem
    assert dataset.demo is True


@pytest.mark.slow  # the whole bundled data set
def test_the_scoring_core_agrees_on_the_bundled_data():
    from escda_site.inputs.load import load_dataset
    from escda_site.scoring.marks import score_edition

    results = {e.year: score_edition(e) for e in load_dataset(BUNDLED).editions}
    for year, season in seasons(BUNDLED).items():
        if year not in results or results[year].edition.archive:
            continue
        mine = outcomes(season)
        for cat in results[year].categories:
            theirs = tuple(sorted(s.company for s in cat.laureates))
            assert theirs == mine[cat.category.slug]["laureates"], (year, cat.category.slug)
