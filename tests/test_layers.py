"""Data flows one way (docs/architecture.md): each layer of the package imports only the
layers to its left, `text/` (words and French formatting) none of them. An import that
runs back up the layers, even one only for type checking, is a module in the wrong place:
text/wording.py once imported the public view to word its sentences."""

from __future__ import annotations

import ast
from pathlib import Path

from pysource import parsed

PACKAGE = Path(__file__).resolve().parent.parent / "escda_site"
LAYERS = ("text", "inputs", "scoring", "public", "outputs", "engine")
# Validation refuses the slugs and file names the URL map reserves (`public/urls.py`).
KNOWN = {("inputs/categories.py", "public"), ("inputs/companies.py", "public")}


def _imported(tree: ast.AST) -> set[str]:
    """The package modules a module imports, including those only for type checking."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("escda_site."):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("escda_site.")}
    return found


def upward_imports(root: Path) -> set[tuple[str, str]]:
    """(module, layer) for each module that imports a layer to its right."""
    found = set()
    for path in sorted(root.rglob("*.py")):
        name = path.relative_to(root).as_posix()
        layer = name.split("/")[0]
        if layer not in LAYERS:
            continue
        for target in _imported(parsed(path)):
            other = target.split(".")[1]
            if other in LAYERS and LAYERS.index(other) > LAYERS.index(layer):
                found.add((name, other))
    return found


def test_no_layer_imports_a_layer_to_its_right():
    assert upward_imports(PACKAGE) - KNOWN == set()


def test_an_import_back_up_the_layers_is_caught(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "words.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from escda_site.public.view import PublicEdition\n"
        "from escda_site.text.frformat import day\n",
        encoding="utf-8",
    )
    assert upward_imports(tmp_path) == {("text/words.py", "public")}
