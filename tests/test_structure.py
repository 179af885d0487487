"""The code stays small enough to read (issue 27): no module of the package over 400 lines,
no function of the input layer over 60 — its checks are small named rules, not long loaders
— and no module reaching into another's private names (`roundel._background`): what a
module shares, it names publicly."""

from __future__ import annotations

import ast
from pathlib import Path

from pysource import parsed

PACKAGE = Path(__file__).resolve().parent.parent / "escda_site"
MODULE_LINES = 400
INPUT_FUNCTION_LINES = 60


def modules_over(limit: int, root: Path) -> dict[str, int]:
    """The modules under `root` longer than `limit` lines, with their length."""
    lengths = {p: len(p.read_text(encoding="utf-8").splitlines()) for p in root.rglob("*.py")}
    return {p.relative_to(root).as_posix(): n for p, n in lengths.items() if n > limit}


def functions_over(limit: int, root: Path) -> dict[str, int]:
    """The functions and methods under `root` longer than `limit` lines (decorators and
    docstrings included), as `file:line name`, with their length."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(parsed(path)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                length = node.end_lineno - first + 1
                if length > limit:
                    found[f"{path.relative_to(root).as_posix()}:{node.lineno} {node.name}"] = length
    return found


def test_no_module_of_the_package_is_over_400_lines():
    assert modules_over(MODULE_LINES, PACKAGE) == {}


def test_no_function_of_the_input_layer_is_over_60_lines():
    assert functions_over(INPUT_FUNCTION_LINES, PACKAGE / "inputs") == {}


def test_the_limits_catch_a_long_module_and_a_long_function(tmp_path):
    body = "\n".join(f"    x{i} = {i}" for i in range(INPUT_FUNCTION_LINES))
    (tmp_path / "long.py").write_text(f"def loader():\n{body}\n", encoding="utf-8")
    (tmp_path / "short.py").write_text("def rule():\n    return []\n", encoding="utf-8")
    assert functions_over(INPUT_FUNCTION_LINES, tmp_path) == {
        "long.py:1 loader": INPUT_FUNCTION_LINES + 1
    }
    assert modules_over(INPUT_FUNCTION_LINES, tmp_path) == {"long.py": INPUT_FUNCTION_LINES + 1}


def private_reaches(root: Path) -> list[str]:
    """`file:line module._name` for each use of a private name of another package module
    through the module itself (`from escda_site.x import y`, then `y._name`)."""
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = parsed(path)
        modules = {
            alias.asname or alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("escda_site")
            for alias in node.names
        } | {
            (alias.asname or alias.name).split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
            if alias.name.startswith("escda_site")
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in modules
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                rel = path.relative_to(root).as_posix()
                found.append(f"{rel}:{node.lineno} {node.value.id}.{node.attr}")
    return found


def test_no_module_uses_another_modules_private_names():
    assert private_reaches(PACKAGE) == []


def test_the_private_name_check_catches_a_reach(tmp_path):
    (tmp_path / "mark.py").write_text(
        "from escda_site.outputs.logos import roundel\n\nim = roundel._background(32)\n",
        encoding="utf-8",
    )
    (tmp_path / "own.py").write_text("def _f():\n    return _f\n", encoding="utf-8")
    assert private_reaches(tmp_path) == ["mark.py:3 roundel._background"]


def module_state(root: Path) -> list[str]:
    """`file:line what` for each way a module could keep a build's state between calls: a
    `global` statement, or an empty dict, list or set at module level (to be filled at run
    time). Memos of pure functions (`functools.cache`) are allowed, each with its reason."""
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = parsed(path)
        rel = path.relative_to(root).as_posix()
        for node in ast.walk(tree):
            if isinstance(node, ast.Global):
                found.append(f"{rel}:{node.lineno} global {', '.join(node.names)}")
        for node in tree.body:
            value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
            filled_later = (isinstance(value, ast.Dict) and not value.keys) or (
                isinstance(value, ast.List | ast.Set) and not value.elts
            )
            called = (
                isinstance(value, ast.Call)
                and isinstance(value.func, ast.Name)
                and value.func.id in ("dict", "list", "set", "defaultdict")
                and not value.args
            )
            if filled_later or called:
                found.append(f"{rel}:{node.lineno} empty container at module level")
    return found


def test_no_module_keeps_run_state():
    # Issue 27: a build's state (its progress display, its caches) is passed explicitly,
    # never kept in a module where a second build in the same process would find it.
    assert module_state(PACKAGE) == []


def test_the_run_state_check_catches_a_global_and_a_module_dict(tmp_path):
    (tmp_path / "progress.py").write_text(
        "_active = None\n\ndef show(p):\n    global _active\n    _active = p\n",
        encoding="utf-8",
    )
    (tmp_path / "memo.py").write_text("_RESULTS: dict = {}\nKEEP = {'a': 1}\n", encoding="utf-8")
    assert module_state(tmp_path) == [
        "memo.py:1 empty container at module level",
        "progress.py:4 global _active",
    ]
