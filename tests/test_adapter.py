"""The engines' internals are reached through one module, for the versions it knows.

`escda_site/engine/adapter.py` is the only module allowed to assign to an attribute of an
object MkDocs, ProperDocs or Material hands the plugin (or to replace one of their
methods); it refuses engine and theme versions it was not written for. Nothing in the
package writes the process environment (the build date is passed, not exported).
"""

from __future__ import annotations

import ast
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.contrib.search import SearchPlugin as MkDocsSearch
from pysource import parsed

from escda_site import cli
from escda_site.engine import adapter
from escda_site.engine.engines import UnsupportedEngine
from escda_site.engine.incremental import Incremental

from minidata import company, write
from sitecheck import CONFIG

PACKAGE = Path(adapter.__file__).resolve().parent.parent
ENGINE_PACKAGES = ("mkdocs", "properdocs", "material")
_WRITES = ("pop", "update", "setdefault", "clear", "putenv")


def _modules() -> tuple[tuple[str, ast.Module], ...]:
    return tuple(
        (path.relative_to(PACKAGE.parent).as_posix(), parsed(path))
        for path in sorted(PACKAGE.rglob("*.py"))
    )


def _targets(node: ast.AST) -> list[ast.expr]:
    if isinstance(node, ast.Assign):
        return node.targets
    if isinstance(node, ast.AugAssign | ast.AnnAssign):
        return [node.target]
    if isinstance(node, ast.Delete):
        return node.targets
    return []


def _flatten(target: ast.expr):
    if isinstance(target, ast.Tuple | ast.List):
        for item in target.elts:
            yield from _flatten(item)
    else:
        yield target


def _imports_engine(tree: ast.Module) -> bool:
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module]
        if any(n.split(".")[0] in ENGINE_PACKAGES for n in names):
            return True
    return False


def test_no_engine_object_is_patched_outside_the_adapter():
    # Engine objects reach the package through the plugin's events, so only modules of
    # escda_site/engine/ ever hold one; there, only `self` (our own objects) is assigned to.
    problems = []
    for name, tree in _modules():
        if name == "escda_site/engine/adapter.py":
            continue
        if not name.startswith("escda_site/engine/"):
            if _imports_engine(tree):
                problems.append(f"{name}: imports an engine outside escda_site/engine/")
            continue
        for node in ast.walk(tree):
            for target in (t for top in _targets(node) for t in _flatten(top)):
                if isinstance(target, ast.Attribute) and not (
                    isinstance(target.value, ast.Name) and target.value.id == "self"
                ):
                    problems.append(f"{name}:{node.lineno}: assigns {ast.unparse(target)}")
            called = node.func if isinstance(node, ast.Call) else None
            if isinstance(called, ast.Name) and called.id in ("setattr", "delattr"):
                problems.append(f"{name}:{node.lineno}: {ast.unparse(node)}")
            if isinstance(node, ast.Attribute) and node.attr == "__dict__":
                problems.append(f"{name}:{node.lineno}: reaches into {ast.unparse(node)}")
    assert problems == []


def test_nothing_writes_the_process_environment():
    problems = []
    for name, tree in _modules():
        for node in ast.walk(tree):
            environ = None
            for target in (t for top in _targets(node) for t in _flatten(top)):
                if isinstance(target, ast.Subscript):
                    environ = target.value
            called = node.func if isinstance(node, ast.Call) else None
            if isinstance(called, ast.Attribute) and called.attr in _WRITES:
                environ = called.value
            if environ is not None and ast.unparse(environ) in ("os.environ", "environ", "os"):
                problems.append(f"{name}:{node.lineno}: {ast.unparse(node)[:80]}")
    assert problems == []


def test_the_versions_installed_are_known():
    versions = adapter.installed()
    assert set(versions) & {"mkdocs", "properdocs"} and "mkdocs-material" in versions
    adapter.check_versions()


@pytest.mark.parametrize(
    "versions",
    [
        {"mkdocs": "2.0.0", "mkdocs-material": "9.8.2"},
        {"properdocs": "1.7.0", "mkdocs-material": "9.8.2"},
        {"mkdocs": "1.6.1", "mkdocs-material": "10.0.0"},
        {"mkdocs": "1.5.3", "mkdocs-material": "9.8.2"},
    ],
)
def test_an_unknown_version_is_refused_by_name(versions):
    with pytest.raises(UnsupportedEngine) as refused:
        adapter.check_versions(versions)
    unknown = next(
        f"{n} {v}" for n, v in versions.items() if v.rsplit(".", 1)[0] not in adapter.SUPPORTED[n]
    )
    assert unknown in str(refused.value)
    assert "written for" in str(refused.value)


def test_escda_build_refuses_an_unknown_engine_version_with_exit_1(tmp_path, monkeypatch, capsys):
    write(tmp_path / "data", {"banque": [company("alpha", [(4, 4)], [7])]})
    engine = next(n for n in adapter.installed() if n != "mkdocs-material")
    monkeypatch.setitem(adapter.SUPPORTED, engine, ("0.1",))
    out = tmp_path / "site"
    args = ["build", "--data", str(tmp_path / "data"), "--out", str(out)]
    status = cli.main([*args, "--config", str(CONFIG)])
    err = capsys.readouterr().err
    assert status == 1
    assert "is not a version escda-site was written for" in err and "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize("search", ["search", "material/search"])
def test_a_search_plugin_means_full_rebuilds(search):
    # The site search is Pagefind over the written site; an engine's search plugin keeps an
    # index of the pages rendered, which a dirty build would leave partial (and MkDocs' own
    # crashed when hooked as Material's was).
    config = SimpleNamespace(plugins={search: MkDocsSearch(), "escda": object()})
    incremental = Incremental()
    incremental.on_config(config)
    assert not incremental.enabled
