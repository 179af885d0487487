"""The engine that builds the site: ProperDocs (the default), the maintained fork of MkDocs 1.x,
or MkDocs 1.6.1, its last 1.x release (`--engine mkdocs`).

ProperDocs keeps MkDocs 1.x's API under its own name and ships `properdocs.replacement`,
which makes every `mkdocs.*` import (ours, Material's) load the `properdocs.*` module
instead. Choosing the engine is therefore one import, made before any `mkdocs` module is.
"""

from __future__ import annotations

import os
import sys

ENGINES = ("mkdocs", "properdocs")
# ProperDocs is maintained; MkDocs 1.6.1 (August 2024) is the last 1.x release (README).
DEFAULT = "properdocs"


class EngineProblem(Exception):
    """The engine asked for cannot be used in this process."""


class UnsupportedEngine(Exception):
    """The engine or theme installed is a version `engine.adapter` was not written for."""


def chosen(name: str | None = None) -> str:
    """The engine asked for: `name`, else the ESCDA_ENGINE variable, else the default."""
    name = name or os.environ.get("ESCDA_ENGINE") or DEFAULT
    if name not in ENGINES:
        raise EngineProblem(f"unknown engine {name!r} (choose {' or '.join(ENGINES)})")
    return name


def use(name: str | None = None) -> str:
    """Make this process build with engine `name` (see `chosen`); returns its name.

    Must run before anything imports `mkdocs`: a module already loaded from MkDocs
    would mix the two engines' classes.
    """
    name = chosen(name)
    loaded = sys.modules.get("mkdocs")
    if name == "properdocs":
        if loaded is not None and loaded.__name__ != "properdocs":
            raise EngineProblem("MkDocs is already loaded in this process; ProperDocs cannot be")
        try:
            import properdocs.replacement  # noqa: F401  (redirects mkdocs.* imports)
        except ImportError:
            raise EngineProblem("ProperDocs is not installed (pip install properdocs)") from None
    elif loaded is not None and loaded.__name__ == "properdocs":
        raise EngineProblem("ProperDocs is already loaded in this process; MkDocs cannot be")
    return name


def version() -> str:
    """`name version` of the engine in use, for messages."""
    import mkdocs

    name = "ProperDocs" if mkdocs.__name__ == "properdocs" else "MkDocs"
    return f"{name} {mkdocs.__version__}"


def logger_root() -> str:
    """The engine's logger name ("mkdocs" or "properdocs"): its strict mode counts the
    warnings logged under it, and its INFO lines are the build's progress."""
    import mkdocs

    return mkdocs.__name__
