"""Python sources parsed once per test run, for the tests that scan the package's code
(test_adapter, test_layers, test_structure): each would otherwise parse every module of
the package again (a third of a second each)."""

from __future__ import annotations

import ast
import functools
from pathlib import Path


def parsed(path: Path) -> ast.Module:
    """The syntax tree of the module at `path`, shared: read it, never change it."""
    return _parse(path.read_text(encoding="utf-8"))


@functools.cache  # keyed on the text: a file written by a test is parsed as it now is
def _parse(source: str) -> ast.Module:
    return ast.parse(source)
