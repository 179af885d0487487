#!/usr/bin/env python3
"""Zensical readiness check: build the exported tree with Zensical and run our checks on it.

Not part of `make test`: Zensical is not a dependency of the project. Install it apart
(`python -m venv /tmp/z && /tmp/z/bin/pip install zensical`) and run, from the project:

    .venv/bin/python scripts/zensical_check.py [--zensical /tmp/z/bin/zensical]

It exports two trees with `escda generate` (the bundled data, and names holding markup
from tests/test_safety.py), builds each with `zensical build`, then checks the output as
the test suite checks our own builds: no non-laureate anywhere, names escaped in every
HTML file, no broken internal link; and lists what differs from the MkDocs build of the
same tree (files only one engine writes). Exit status 0 when every check passes, 1 when
one fails, 2 when Zensical is missing.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the test suite's own checks

from escda_site.engine.export import export_tree  # noqa: E402
from escda_site.engine.postbuild import finish_site  # noqa: E402
from escda_site.inputs.load import load_dataset  # noqa: E402
from escda_site.scoring.marks import score_edition  # noqa: E402

from linkcheck import broken_links  # noqa: E402
from minidata import company, write  # noqa: E402
from sitecheck import texts  # noqa: E402

AS_OF = "2026-11-24T12:00:00+01:00"
HOSTILE = {
    "alpha": '<script>alert(1)</script>"><img src=x onerror=alert(1)>',
    "zorglub": "*gras* _it_ [x](javascript:alert(1)) {{ 7*7 }} {% raw %}",
}
HOSTILE_CATEGORY = "Banque {{ 7*7 }} <b>gras</b> [lien](javascript:alert(2))"


def hostile_data(root: Path) -> Path:
    winners = {
        "banque": [
            company("alpha", [(4, 4), (2, None)], [7]),
            company("gamma", [(1, 1), (1, 1)], [2]),
            company("delta", [(1, 1), (2, 2)], [3]),
        ],
        "energie": [
            company("zorglub", [(4, 4), (4, 4)], [10]),
            company("beta", [(1, 1), (1, 1)], [1]),
            company("omega", [(1, 1), (1, 1)], [2]),
        ],
    }
    write(root, winners, names=HOSTILE, category_names={"banque": HOSTILE_CATEGORY})
    return root


def non_laureates(data: Path) -> set[str]:
    """Names of companies tested that never won: none may appear in the site."""
    dataset = load_dataset(data)
    winners, tested = set(), set()
    for result in map(score_edition, dataset.editions):
        for category in result.categories:
            tested |= {s.company for s in category.ranking}
            winners |= {s.company for s in category.laureates}
    return {dataset.company(slug).name for slug in tested - winners}


def build(engine: list[str], tree: Path, as_of: datetime) -> tuple[Path, str]:
    env = {"SOURCE_DATE_EPOCH": str(int(as_of.timestamp())), "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [*engine, "build", "-f", str(tree / "mkdocs.yml")],
        cwd=tree,
        env={**__import__("os").environ, **env},
        capture_output=True,
        text=True,
        timeout=900,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{engine[-1]} build failed:\n{done.stderr[-3000:]}")
    return tree / "site", done.stdout + done.stderr


def check(site: Path, secrets: set[str], hostile: bool) -> list[str]:
    problems = []
    for name, text in texts(site):
        for secret in secrets:
            if secret in text:
                problems.append(f"confidentiality: {secret!r} in {name}")
        if hostile and name.endswith((".html", ".xml", ".svg")):
            for bad in ("<script>alert", "<img src=x", "<b>gras</b>"):
                if bad in text:
                    problems.append(f"escaping: {bad!r} live in {name}")
            if 'href="javascript:' in text.replace("'", '"'):
                problems.append(f"escaping: javascript: link in {name}")
    problems += [f"link: {b}" for b in broken_links(site)]
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zensical", default=shutil.which("zensical"), help="its executable")
    parser.add_argument("--keep", type=Path, help="keep the trees and sites in this folder")
    args = parser.parse_args()
    if not args.zensical:
        print("zensical_check: Zensical is not installed (see this script's docstring)")
        return 2
    version = subprocess.run([args.zensical, "--version"], capture_output=True, text=True)
    print(f"zensical_check: {version.stdout.strip() or 'zensical'}")
    as_of = datetime.fromisoformat(AS_OF)
    work = args.keep or Path(tempfile.mkdtemp(prefix="zensical-check-"))
    failed = False
    for label, data, hostile in (
        ("bundled data", ROOT / "data", False),
        ("hostile names", hostile_data(work / "hostile-data"), True),
    ):
        tree = work / label.replace(" ", "-")
        export_tree(ROOT / "mkdocs.yml", data, tree, as_of, cache_dir=work / "cache")
        z_site, z_log = build([args.zensical], tree, as_of)
        z_copy = tree.parent / f"{tree.name}-zensical"
        shutil.rmtree(z_copy, ignore_errors=True)
        shutil.move(z_site, z_copy)
        folded = finish_site(z_copy)  # our post-build steps, as on any engine's output
        m_site, _ = build([sys.executable, "-m", "mkdocs"], tree, as_of)
        problems = check(z_copy, non_laureates(data), hostile)
        ours = {p.relative_to(m_site).as_posix() for p in m_site.rglob("*") if p.is_file()}
        theirs = {p.relative_to(z_copy).as_posix() for p in z_copy.rglob("*") if p.is_file()}
        only_mkdocs = sorted(p for p in ours - theirs if not p.startswith("assets/"))
        only_zensical = sorted(p for p in theirs - ours if not p.startswith("assets/"))
        warnings = [ln for ln in z_log.splitlines() if re.search(r"warn|error", ln, re.I)]
        print(f"\n== {label}: {len(theirs)} files by Zensical, {len(ours)} by MkDocs")
        print(f"   only MkDocs writes: {only_mkdocs[:8] or 'nothing'}")
        print(f"   only Zensical writes: {only_zensical[:8] or 'nothing'}")
        print(f"   Zensical warnings: {len(warnings)}; escda finish: {', '.join(folded) or '-'}")
        for problem in problems[:30]:
            print(f"   FAIL {problem}")
        print(f"   {'FAILED' if problems else 'passed'}: confidentiality, escaping, links")
        failed |= bool(problems)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
