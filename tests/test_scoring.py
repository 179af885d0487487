"""Scoring rules against marks computed by hand (see tests/minidata.py for the season)."""

from __future__ import annotations

import copy
import json

import pytest

from escda_site.cli import main
from escda_site.inputs.load import load_dataset
from escda_site.scoring.marks import score_edition

from minidata import SEASON, company, write

# Test mark = 20 × Σpoints / Σmax rated; overall = (2 × phone + 1 × email) / 3.
CATEGORIES = {
    # alpha: phone 20 and 20×2/4 = 10 (reponse not rated) -> 15; email 7/10 -> 14;
    #        overall (2×15 + 14) / 3 = 14.6667.
    # beta: second call rang 90 s -> 0; phone (20 + 0) / 2 = 10; email 20; overall 13.3333.
    # gamma (benchmark): 20 everywhere, above every participant, never laureate.
    "banque": [
        company("alpha", [(4, 4), (2, None)], [7]),
        company("beta", [(4, 4), (4, 4)], [10], ring=(10, 90)),
        company("gamma", [(4, 4), (4, 4)], [10], role="benchmark"),
    ],
    # delta and epsilon: phone 15, email 12 -> 14 each, ex aequo; zeta: (2×5 + 4)/3.
    "energie": [
        company("delta", [(3, 3), (3, 3)], [6]),
        company("epsilon", [(3, 3), (3, 3)], [6]),
        company("zeta", [(1, 1), (1, 1)], [2]),
    ],
    # eta: phone 15, email 6 -> (30 + 6) / 3 = 12.0 exactly: laureate (threshold inclusive).
    "assurance": [
        company("eta", [(3, 3), (3, 3)], [3]),
        company("theta", [(2, 2), (2, 2)], [5]),
        company("iota", [(1, 1), (1, 1)], [1]),
    ],
    # kappa: phone 15, email 5.96 -> 35.96 / 3 = 11.9867, shown 11,99 but below 12.
    "auto": [
        company("kappa", [(3, 3), (3, 3)], [2.98]),
        company("lambda", [(2, 2), (2, 2)], [5]),
        company("mu", [(1, 1), (1, 1)], [1]),
    ],
    # Only 2 tested: no election, however good.
    "telecom": [
        company("nu", [(4, 4), (4, 4)], [10]),
        company("xi", [(3, 3), (3, 3)], [9]),
    ],
}


@pytest.fixture
def result(tmp_path):
    return score_edition(load_dataset(write(tmp_path, CATEGORIES)).edition(2020))


def marks(cr):
    return {s.company: round(s.overall, 4) for s in cr.ranking}


def test_auto_zero_call_and_unrated_criterion(result):
    banque = result.category("banque")
    assert marks(banque) == {"gamma": 20.0, "alpha": 14.6667, "beta": 13.3333}
    beta = next(s for s in banque.ranking if s.company == "beta")
    assert beta.channel_mark("phone") == 10.0
    alpha = next(s for s in banque.ranking if s.company == "alpha")
    assert alpha.channel_mark("phone") == 15.0 and alpha.channel_mark("email") == 14.0


def test_benchmark_above_every_participant_never_wins(result):
    banque = result.category("banque")
    assert banque.ranking[0].company == "gamma"
    assert [s.company for s in banque.laureates] == ["alpha"]


def test_tie_at_the_top_gives_laureates_ex_aequo(result):
    energie = result.category("energie")
    assert energie.status == "laureate"
    assert sorted(s.company for s in energie.laureates) == ["delta", "epsilon"]
    assert {round(s.overall, 4) for s in energie.laureates} == {14.0}


def test_mark_exactly_at_threshold_wins_and_just_below_does_not(result):
    assurance, auto = result.category("assurance"), result.category("auto")
    assert assurance.status == "laureate" and assurance.laureates[0].overall == pytest.approx(12)
    assert auto.status == "below_threshold" and auto.laureates == ()
    assert auto.ranking[0].overall == pytest.approx(35.96 / 3)


def test_two_tested_companies_is_no_election(result):
    telecom = result.category("telecom")
    assert telecom.status == "too_few" and telecom.laureates == () and telecom.tested == 2


def test_channel_weights_change_the_overall_mark(tmp_path):
    season = copy.deepcopy(SEASON)
    season["channels"]["email"]["weight"] = 3
    res = score_edition(load_dataset(write(tmp_path, CATEGORIES, season=season)).edition(2020))
    # alpha: (2×15 + 3×14) / 5 = 14.4 instead of 14.6667
    assert marks(res.category("banque"))["alpha"] == 14.4


def test_edition_aggregates(result):
    agg = result.aggregates
    assert agg.everyone.count == 14
    assert agg.laureates.count == 4  # alpha, delta, epsilon, eta
    assert agg.laureates.overall == pytest.approx((44 / 3 + 14 + 14 + 12) / 4)
    assert agg.everyone.count == agg.laureates.count + agg.non_laureates.count
    assert result.tests_run == 14 * 3


def test_french_excel_export_gives_the_same_marks(tmp_path):
    plain = score_edition(load_dataset(write(tmp_path / "a", CATEGORIES)).edition(2020))
    excel = write(tmp_path / "b", CATEGORIES, sep=";", decimal=",", bom=True)
    french = score_edition(load_dataset(excel).edition(2020))
    for cat in CATEGORIES:
        assert marks(plain.category(cat)) == marks(french.category(cat))


def test_results_command_prints_the_confidential_ranking(tmp_path, capsys):
    data = write(tmp_path, CATEGORIES)
    assert main(["results", "2020", "--data", str(data), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    auto = [r for r in rows if r["category"] == "auto"]
    assert [r["company"] for r in auto] == ["kappa", "lambda", "mu"]
    assert f"{auto[0]['overall']:.2f}" == "11.99" and not auto[0]["laureate"]
    assert main(["results", "2020", "--data", str(data), "--format", "table"]) == 0
    table = capsys.readouterr().out
    assert "14.67" in table and "gamma" in table and "benchmark" in table
