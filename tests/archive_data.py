"""A data set of archive editions only, with every kind of partial data the press left us.

Written in the contract's format (`write_archive`), so it goes through validation, scoring
and the whole build like organisers' files. Editions 2010 to 2016, 2013 missing (a gap
year); threshold 11.5/20 in 2010, 12/20 after.

By category (mark and count given only where said; « neither »: name alone):
- banque: 2010 Alpha, 15.2, 5 tested; 2011 Alpha, neither; 2012 no laureate; 2014 Alpha,
  back after the gap and the empty year; 2015 Alpha, 2nd year in a row, 7 tested; 2016
  Alpha, 3rd year.
- mutuelle: 2010 Beta, count 4 only; 2011 no laureate, 4 tested; 2012 Beta, 13.0; 2014
  Zeta, 14.5, 3 tested; 2015 Theta and Iota ex æquo, both new; 2016 Beta, back after them.
- energie: 2010 Gamma (then named « Gamma Ancien »), mark only; 2011 no election
  (`election: false`); 2012 Gamma, 3 tested; 2014 Gamma (renamed « Gamma Énergie »);
  2015 no election (`tested: 2`); 2016 Iota.
- telecom: 2010 Delta, neither; 2011 Delta and Epsilon ex æquo, 16.0, 6 tested; 2012
  Delta; absent in 2014; 2015 Delta, back; 2016 Delta and Epsilon ex æquo.
- assurance: new in 2014 (Eta); 2015 no laureate; 2016 Eta, 4 tested.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

AS_OF = "2016-06-01T12:00:00+02:00"  # the 2016 logos are valid, the older ones expired
YEARS = (2010, 2011, 2012, 2014, 2015, 2016)
GAP = 2013

SECTORS = [
    {"slug": "finance", "name": "Banque & Assurance"},
    {"slug": "reseaux", "name": "Énergie & Télécoms"},
]
COMPANIES = [
    {"slug": "alpha", "name": "Alpha Banque"},
    {"slug": "beta", "name": "Beta Mutuelle"},
    {
        "slug": "gamma",
        "name": "Gamma Énergie",
        "former_names": [{"name": "Gamma Ancien", "until": "2013-06-30"}],
    },
    {"slug": "delta", "name": "Delta Télécom"},
    {"slug": "epsilon", "name": "Epsilon Mobile"},
    {"slug": "zeta", "name": "Zeta Santé"},
    {"slug": "theta", "name": "Theta Prévoyance"},
    {"slug": "eta", "name": "Eta Assurances"},
    {"slug": "iota", "name": "Iota Électricité"},
]

NAMES = {
    "banque": ("Banque", "finance"),
    "mutuelle": ("Mutuelle santé", "finance"),
    "energie": ("Fournisseur d'énergie", "reseaux"),
    "telecom": ("Opérateur télécom", "reseaux"),
    "assurance": ("Assurance", "finance"),
}


def _cat(slug: str, laureates: list, **facts: Any) -> dict:
    name, sector = NAMES[slug]
    return {"slug": slug, "name": name, "sector": sector, "laureates": laureates, **facts}


# Each edition's categories.yaml, as an organiser copies a press release.
EDITIONS: dict[int, list[dict]] = {
    2010: [
        _cat("banque", [{"company": "alpha", "mark": 15.2}], tested=5),
        _cat("mutuelle", ["beta"], tested=4),
        _cat("energie", [{"company": "gamma", "mark": 14.0}]),
        _cat("telecom", ["delta"]),
    ],
    2011: [
        _cat("banque", ["alpha"]),
        _cat("mutuelle", [], tested=4),
        _cat("energie", [], election=False),
        _cat(
            "telecom",
            [{"company": "delta", "mark": 16.0}, {"company": "epsilon", "mark": 16.0}],
            tested=6,
        ),
    ],
    2012: [
        _cat("banque", []),
        _cat("mutuelle", [{"company": "beta", "mark": 13.0}]),
        _cat("energie", ["gamma"], tested=3),
        _cat("telecom", ["delta"]),
    ],
    2014: [
        _cat("banque", [{"company": "alpha", "mark": 15.5}]),
        _cat("mutuelle", [{"company": "zeta", "mark": 14.5}], tested=3),
        _cat("energie", [{"company": "gamma", "mark": 15.0}]),
        _cat("assurance", ["eta"]),
    ],
    2015: [
        _cat("banque", [{"company": "alpha", "mark": 16.0}], tested=7),
        _cat("mutuelle", ["theta", "iota"]),
        _cat("energie", [], tested=2),
        _cat("telecom", ["delta"]),
        _cat("assurance", []),
    ],
    2016: [
        _cat("banque", ["alpha"]),
        _cat("mutuelle", [{"company": "beta", "mark": 14.8}], tested=5),
        _cat("energie", [{"company": "iota", "mark": 13.1}]),
        _cat("telecom", ["delta", "epsilon"]),
        _cat("assurance", ["eta"], tested=4),
    ],
}


def season(year: int) -> dict:
    return {
        "edition": year,
        "campaign": {"start": f"{year - 1}-05-13", "end": f"{year - 1}-07-19"},
        "proclamation": f"{year - 1}-10-10T20:00:00+02:00",
        "threshold": 11.5 if year == 2010 else 12.0,
        "archive": True,
    }


def _dump(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def write_archive(root: Path) -> Path:
    """Write the archive data set under `root` (a data folder) and return it."""
    _dump(root / "sectors.yaml", SECTORS)
    _dump(root / "companies.yaml", COMPANIES)
    for year, categories in EDITIONS.items():
        _dump(root / "seasons" / str(year) / "season.yaml", season(year))
        _dump(root / "seasons" / str(year) / "categories.yaml", categories)
    return root
