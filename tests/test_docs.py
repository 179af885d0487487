"""The documentation stays true to the code (in the manner of Datasette's docs tests).

Every `escda` subcommand and option, every plugin option, every package folder and every
`make` target is named in docs/, and every repository path the docs name exists. The docs
site itself builds with MkDocs in strict mode (no broken link, no page outside the nav).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from escda_site import cli
from escda_site.engine.config import EscdaConfig

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
# Top-level folders and files of the repository a doc may point into.
# Files the docs name that a command makes rather than the repository holds.
MADE = {"bench/results.json"}
ROOTS = ("escda_site/", "tests/", "bench/", "scripts/", "overrides/", "content/", ".ci/", "docs/")


def docs_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(DOCS.glob("*.md")))


def subcommands(p: argparse.ArgumentParser) -> dict[str, list[str]]:
    """Each subcommand with its long options."""
    action = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
    return {
        name: [o for a in sp._actions for o in a.option_strings if o.startswith("--")]
        for name, sp in action.choices.items()
    }


def undocumented_cli(p: argparse.ArgumentParser, text: str) -> list[str]:
    """Subcommands (as `escda NAME`) and options the docs never name."""
    missing = []
    for name, options in subcommands(p).items():
        if not re.search(rf"escda {re.escape(name)}\b", text):
            missing.append(f"escda {name}")
        missing += [f"escda {name} {o}" for o in options if o != "--help" and o not in text]
    return missing


def test_every_subcommand_and_option_is_documented():
    assert undocumented_cli(cli.parser(), docs_text()) == []


def test_a_new_subcommand_without_docs_is_caught():
    p = cli.parser()
    action = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
    before = undocumented_cli(p, docs_text())
    action.add_parser("frobnicate").add_argument("--level")
    after = undocumented_cli(p, docs_text())
    assert set(after) - set(before) == {"escda frobnicate", "escda frobnicate --level"}


def test_every_plugin_option_is_documented():
    text = docs_text()
    options = [name for name, _ in EscdaConfig._schema]
    assert options and [o for o in options if f"{o}:" not in text] == []


def test_every_package_folder_is_in_the_architecture():
    text = (DOCS / "architecture.md").read_text(encoding="utf-8")
    folders = sorted(
        p.relative_to(ROOT / "escda_site").as_posix()
        for p in (ROOT / "escda_site").rglob("*")
        if p.is_dir() and p.name != "__pycache__" and not p.name.startswith(".")
    )
    assert folders
    assert [
        f for f in folders if f"`{f}/`" not in text and f"`{f.split('/')[-1]}/`" not in text
    ] == []


def test_every_make_target_is_documented():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = re.search(r"^\.PHONY:(.*)$", makefile, re.M).group(1).split()
    text = docs_text() + (ROOT / "README.md").read_text(encoding="utf-8")
    assert [t for t in targets if f"make {t}" not in text] == []


def named_paths(text: str) -> set[str]:
    """Repository paths in backticks, e.g. `escda_site/engine/plugin.py`."""
    found = set()
    for token in re.findall(r"`([^`\s]+)`", text):
        token = token.rstrip(".,:")
        if token.startswith(ROOTS) and not any(c in token for c in "<>*{}…"):
            found.add(token)
    return found


def test_every_path_the_docs_name_exists():
    text = docs_text() + (ROOT / "README.md").read_text(encoding="utf-8")
    paths = named_paths(text)
    assert paths
    assert sorted(p for p in paths if not (ROOT / p).exists() and p not in MADE) == []


def test_every_module_the_architecture_names_exists():
    text = (DOCS / "architecture.md").read_text(encoding="utf-8")
    modules = set(re.findall(r"`([a-z_]+\.py)`", text))
    present = {p.name for p in (ROOT / "escda_site").rglob("*.py")}
    present |= {p.name for p in ROOT.glob("*/*.py")}
    assert modules and sorted(modules - present) == []


def test_the_docs_build_strictly(tmp_path):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.docs.yml"), site_dir=str(tmp_path / "site"))
    build(config)
    assert (tmp_path / "site" / "architecture" / "index.html").is_file()
