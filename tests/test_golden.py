"""Golden files: every generated text output of two small sites, committed under tests/golden/.

A wording or layout change shows up here as a unified diff. After an intended change,
`make golden` rewrites the files; review them with `git diff tests/golden`.
"""

from __future__ import annotations

import difflib
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from escda_site.outputs.logos import caption_file, readme
from escda_site.outputs.site import site_outputs
from escda_site.public.view import PublicSite, public_view
from escda_site.scoring.pipeline import load_and_score

from factories import SITE_URL, public_site
from minidata import SEASON, company, write

GOLDEN = Path(__file__).parent / "golden"

# A scored site: aggregates, methodology with a zero rule, a benchmark, no election.
MINI = {
    "banque": [
        company("horizon", [(4, 4), (3, 4)], [9]),
        company("alpha", [(3, 3), (3, 2)], [7]),
        company("gamma", [(2, 2), (2, 2)], [5], ring=(10, 90)),
        company("temoin", [(4, 4), (4, 4)], [10], role="benchmark"),
    ],
    "energie": [
        company("volt", [(2, 2), (2, 2)], [6]),
        company("watt", [(2, 1), (2, 2)], [5]),
        company("ohm", [(1, 1), (2, 2)], [4]),
    ],
    "mutuelle": [
        company("horizon", [(4, 4), (4, 4)], [10]),
        company("alpha", [(2, 2), (2, 2)], [5]),
    ],
}
MINI_NAMES = {"horizon": "Horizon Finance", "alpha": "Alpha Crédit", "volt": "Électricité Volt"}
# Renamed between the 2020 proclamation (October 2019) and the 2021 one: its 2020 titles
# keep the name they were proclaimed under, with its name today.
CORRECTION_2021 = {
    "date": "2020-10-20",
    "text": "Le nombre d'entreprises testées en Banque a été corrigé : 4, et non 5.",
    "categories": ["banque"],
}
RENAMED = {"horizon": [{"name": "Banque Horizon", "until": "2020-03-31"}, "Caisse Horizon"]}


def _mini_site(root: Path) -> PublicSite:
    write(root, MINI, names=MINI_NAMES)
    # An erratum after the 2021 proclamation: pages, snippets, feed and open data carry it.
    season = dict(SEASON, corrections=[CORRECTION_2021])
    write(
        root,
        {"banque": MINI["banque"][1:] + MINI["banque"][:1]},
        season=season,
        year=2021,
        names=MINI_NAMES,
    )
    companies = yaml.safe_load((root / "companies.yaml").read_text(encoding="utf-8"))
    for entry in companies:
        entry["former_names"] = RENAMED.get(entry["slug"], [])
    (root / "companies.yaml").write_text(yaml.safe_dump(companies, allow_unicode=True))
    dataset, results, _ = load_and_score(root)
    return public_view(dataset, results, datetime.fromisoformat("2020-11-02T09:00:00+01:00"))


def _outputs(site: PublicSite) -> dict[str, bytes]:
    out = site_outputs(site, SITE_URL)
    files = {path: text.encode() for path, text in out.pages}
    files.update(
        (path, content if isinstance(content, bytes) else content.encode())
        for path, content in out.files
        if not path.endswith(".js")  # the checker script is a static asset, not generated
    )
    for title in site.titles():
        stem = f"logos/{title.edition.year}/{title.category.slug}/{title.laureate.company.slug}"
        files[f"{stem}-kit/LISEZ-MOI.txt"] = readme(title, SITE_URL, site.demo).encode()
        files[f"{stem}-kit/MENTION-OBLIGATOIRE.txt"] = caption_file(title, SITE_URL).encode()
    return files


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> dict[str, dict[str, bytes]]:
    return {
        "fixtures": _outputs(public_site()),
        "mini": _outputs(_mini_site(tmp_path_factory.mktemp("golden") / "data")),
    }


def _diff(expected: bytes, actual: bytes, name: str) -> str:
    lines = difflib.unified_diff(
        expected.decode("utf-8", "replace").splitlines(keepends=True),
        actual.decode("utf-8", "replace").splitlines(keepends=True),
        f"golden/{name}",
        f"generated/{name}",
    )
    return "".join(lines) or "(same text, different bytes: line endings or BOM)"


@pytest.mark.parametrize("name", ["fixtures", "mini"])
def test_outputs_match_the_golden_files(generated, name, request):
    actual = generated[name]
    folder = GOLDEN / name
    if request.config.getoption("--update-golden"):
        for old in folder.rglob("*"):
            if old.is_file() and old.relative_to(folder).as_posix() not in actual:
                old.unlink()
        for path, content in actual.items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_bytes(content)
        return
    expected = {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }
    problems = [
        f"new output, not in golden/{name}: {p}" for p in sorted(actual.keys() - expected.keys())
    ]
    problems += [
        f"golden/{name}/{p} is no longer generated" for p in sorted(expected.keys() - actual.keys())
    ]
    problems += [
        _diff(expected[p], actual[p], f"{name}/{p}")
        for p in sorted(actual.keys() & expected.keys())
        if expected[p] != actual[p]
    ]
    if problems:
        pytest.fail("\n".join(problems) + "\n(intended? run `make golden`)", pytrace=False)
