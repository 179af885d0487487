"""A tiny data set in the contract's format, small enough to score by hand.

Season 2020 ("mini"): two channels.
  phone: 2 tests per company, weight 2, criteria accueil (max 4) and reponse (max 4);
         a call ringing more than 60 s scores 0.
  email: 1 test per company, weight 1 (weight ≠ tests on purpose: tests 1, weight 3 is
         set by `email_weight`), criterion redaction (max 10).
Each company's tests are given as points: phone [(accueil, reponse), (…)] where None
means "not rated", and email [redaction].
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

SEASON = {
    "edition": 2020,
    "campaign": {"start": "2019-05-13", "end": "2019-07-19"},
    "proclamation": "2019-10-10T20:00:00+02:00",
    "threshold": 12.0,
    "channels": {
        "phone": {
            "label": "Appels téléphoniques",
            "tests": 2,
            "weight": 2,
            "fields": {"ring_seconds": "int"},
            "criteria": [
                {"id": "accueil", "label": "Accueil", "group": "Relationnel", "max": 4},
                {"id": "reponse", "label": "Réponse", "group": "Qualité", "max": 4},
            ],
            "zero_if": [
                {"field": "ring_seconds", "op": ">", "value": 60, "label": "Pas de réponse"}
            ],
        },
        "email": {
            "label": "E-mails",
            "tests": 1,
            "weight": 1,
            "criteria": [{"id": "redaction", "label": "Rédaction", "group": "Qualité", "max": 10}],
        },
    },
}

Company = dict[str, Any]  # {"slug", "role", "phone": [(a, b, ring)], "email": [points]}


def company(slug: str, phone, email, role: str = "participant", ring=(10, 10)) -> Company:
    return {"slug": slug, "role": role, "phone": phone, "email": email, "ring": ring}


def write(
    root: Path,
    categories: dict[str, list[Company]],
    season: dict | None = None,
    sep: str = ",",
    decimal: str = ".",
    bom: bool = False,
    year: int = 2020,
    names: dict[str, str] | None = None,
    category_names: dict[str, str] | None = None,
) -> Path:
    """Write the data set under `root` and return it.

    Several calls with different `year`s add editions (shifted by whole years) to the
    same folder; `names` and `category_names` override the display names.
    """
    season = shift_season(season or SEASON, year)
    folder = root / "seasons" / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    known = {}
    if (root / "companies.yaml").exists():
        known = {c["slug"]: c for c in yaml.safe_load((root / "companies.yaml").read_text())}
    for comps in categories.values():
        for c in comps:
            known.setdefault(c["slug"], {"slug": c["slug"], "name": c["slug"].title()})
    for slug, name in (names or {}).items():
        if slug in known:
            known[slug]["name"] = name
    _dump(root / "sectors.yaml", [{"slug": "services", "name": "Services"}])
    _dump(root / "companies.yaml", [known[k] for k in sorted(known)])
    _dump(folder / "season.yaml", season)
    _dump(
        folder / "categories.yaml",
        [
            {
                "slug": cat,
                "name": (category_names or {}).get(cat, cat.title()),
                "sector": "services",
                "entrants": [{"company": c["slug"], "role": c["role"]} for c in comps],
            }
            for cat, comps in categories.items()
        ],
    )
    tests = [["test_id", "company", "category", "channel", "date", "device", "ring_seconds"]]
    scores = [["test_id", "criterion", "points"]]
    n = 0
    for cat, comps in categories.items():
        for c in comps:
            for i, (accueil, reponse) in enumerate(c["phone"]):
                n += 1
                tests.append(
                    [f"T{n}", c["slug"], cat, "phone", f"{year - 1}-06-03", "", str(c["ring"][i])]
                )
                for crit, pts in (("accueil", accueil), ("reponse", reponse)):
                    if pts is not None:
                        scores.append([f"T{n}", crit, str(pts).replace(".", decimal)])
            for pts in c["email"]:
                n += 1
                tests.append([f"T{n}", c["slug"], cat, "email", f"{year - 1}-06-04", "", ""])
                scores.append([f"T{n}", "redaction", str(pts).replace(".", decimal)])
    prefix = "\ufeff" if bom else ""
    for name, rows in (("tests.csv", tests), ("scores.csv", scores)):
        text = prefix + "\n".join(sep.join(r) for r in rows) + "\n"
        (folder / name).write_text(text, encoding="utf-8")
    return root


def _dump(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def shift_season(season: dict, year: int) -> dict:
    """The season moved to another edition year (campaign and proclamation the year before)."""
    if year == season["edition"]:
        return season
    delta = year - season["edition"]
    out = dict(season, edition=year)
    start, end = season["campaign"]["start"], season["campaign"]["end"]
    out["campaign"] = {"start": _plus(start, delta), "end": _plus(end, delta)}
    out["proclamation"] = _plus(season["proclamation"], delta)
    return out


def _plus(text: str, years: int) -> str:
    return str(int(text[:4]) + years) + text[4:]
