"""`escda build` and `escda serve`: MkDocs around the plugin, with an atomic swap of site/."""

from __future__ import annotations

import logging
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException

from escda_site.engine.outdir import OutputSlot, absolute, refuse_sources
from escda_site.engine.plugin import EscdaPlugin, resolve_as_of
from escda_site.inputs.problems import DataError


class BuildFailed(Exception):
    """MkDocs failed; the previous site is untouched."""


class ConfigProblem(Exception):
    """mkdocs.yml cannot be used as it is."""


def _config(config_file: Path, data: Path, as_of: datetime, preview: bool, **overrides):
    try:
        config = load_config(str(config_file), **overrides)
    except MkDocsException as exc:
        raise ConfigProblem(f"{config_file}: {exc}") from None
    plugin = config.plugins.get("escda")
    if not isinstance(plugin, EscdaPlugin):
        raise ConfigProblem(f"{config_file}: the escda plugin is not enabled")
    # --data is relative to the caller's folder, unlike the `data` option of mkdocs.yml.
    os.environ["ESCDA_DATA"] = str(Path(data).resolve())
    # As `mkdocs build` does: a plugin kept from an earlier `serve` in this process
    # (tests) must not carry its incremental state into a full build.
    config.plugins.on_startup(command="build", dirty=False)
    plugin.config.as_of = as_of.isoformat()
    plugin.config.preview = preview
    return config, plugin


def _sources(config, plugin: EscdaPlugin, config_file: Path, data: Path) -> list:
    """The folders a build reads, as `refuse_sources` wants them."""
    base = Path(config_file).resolve().parent
    cache = base / (os.environ.get("ESCDA_CACHE") or plugin.config.cache_dir)
    sources = [
        ("the data folder", Path(data), True),
        ("docs_dir", Path(config.docs_dir), True),
        ("the cache folder", cache, True),
        ("the configuration's folder", base, False),
        ("the current folder", Path.cwd(), False),
    ]
    if config.theme.custom_dir:
        sources.append(("the theme's custom_dir", Path(config.theme.custom_dir), True))
    return sources


def _quiet_mkdocs() -> None:
    logging.basicConfig(format="%(message)s", stream=sys.stderr)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    # Material's own banner about its future is noise for organisers.
    logging.getLogger("mkdocs.plugins.material").setLevel(logging.ERROR)


def build_site(
    data: Path,
    out: Path | None = None,
    as_of: datetime | None = None,
    preview: bool = False,
    config_file: Path = Path("mkdocs.yml"),
) -> Path:
    """Build into a new folder and point `out` at it only if everything succeeded.

    `out` is a symbolic link switched atomically (see `outdir`); it may never be, contain
    or lie inside a folder the build reads.
    """
    started = time.perf_counter()
    _quiet_mkdocs()
    as_of = as_of or resolve_as_of(None)
    out = absolute(Path(out or ("site-preview" if preview else "site")))
    # Sitemap dates and gzip headers follow SOURCE_DATE_EPOCH: pin them to "now".
    os.environ["SOURCE_DATE_EPOCH"] = str(int(as_of.astimezone(UTC).timestamp()))
    config, plugin = _config(config_file, data, as_of, preview, strict=True)
    refuse_sources(out, _sources(config, plugin, config_file, data))
    with OutputSlot(out) as slot:
        config["site_dir"] = str(slot.folder)
        print(
            f"escda: building {'preview ' if preview else ''}site as of {as_of.isoformat()}",
            file=sys.stderr,
        )
        try:
            build(config)
        except (Abort, MkDocsException) as exc:
            cause = exc.__cause__ or exc.__context__
            if isinstance(cause, DataError):
                raise cause from None
            raise BuildFailed(str(exc)) from exc
        slot.commit()
    elapsed = time.perf_counter() - started
    print(f"escda: built {out.name}/ — {plugin.summary()} — in {elapsed:.1f} s", file=sys.stderr)
    return out


def serve_site(data: Path, as_of: datetime | None, config_file: Path, addr: str) -> None:
    """`mkdocs serve` with the plugin set up as for a build; data/ edits trigger a rebuild."""
    from mkdocs.commands.serve import serve

    _quiet_mkdocs()
    as_of = as_of or resolve_as_of(None)
    os.environ["ESCDA_AS_OF"] = as_of.isoformat()
    os.environ["ESCDA_DATA"] = str(Path(data).resolve())
    # Dirty rebuilds: the plugin renders again only the pages that changed, and makes
    # the result what a full build gives (engine/incremental.py).
    serve(
        str(config_file),
        dev_addr=addr,
        watch=[str(Path(data).resolve())],
        build_type="dirty",
    )
