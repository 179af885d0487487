"""`escda build` and `escda serve`: MkDocs around the plugin, with an atomic swap of site/."""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, MkDocsException
from mkdocs.utils.yaml import yaml_load

from escda_site.engine.config import as_of_datetime
from escda_site.engine.plugin import EscdaPlugin
from escda_site.inputs.problems import DataError


class BuildFailed(Exception):
    """MkDocs failed; the previous site is untouched."""


def plugin_options(config_file: Path, **options: object) -> dict:
    """`load_config` keyword arguments that set options of the escda plugin.

    MkDocs lets a caller override any top-level key of `mkdocs.yml`; the plugin list is
    one, so the escda entry is replaced by itself with `options` on top (None values are
    left as the file says). `build` and `serve` both pass them to `load_config`, so the
    command line reaches the plugin through its typed, validated configuration.
    """
    with open(config_file, "rb") as fd:
        raw = yaml_load(fd) or {}
    options = {k: v for k, v in options.items() if v is not None}
    plugins = raw.get("plugins") or []
    if isinstance(plugins, list):
        entries = ((e, {}) if isinstance(e, str) else next(iter(e.items())) for e in plugins)
        plugins = dict(entries)
    if "escda" not in plugins:
        raise BuildFailed(f"{config_file}: the escda plugin is not enabled")
    plugins["escda"] = {**(plugins["escda"] or {}), **options}
    # The mapping form, which MkDocs reads without consuming it: `serve` loads the
    # configuration again from the same arguments for every rebuild.
    return {"plugins": plugins}


def _escda(config: MkDocsConfig, config_file: Path) -> EscdaPlugin:
    plugin = config.plugins.get("escda")
    if not isinstance(plugin, EscdaPlugin) or not plugin.config.enabled:
        raise BuildFailed(f"{config_file}: the escda plugin is not enabled")
    return plugin


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
    cache_dir: Path | None = None,
) -> Path:
    """Build into a temporary folder and swap it into `out` only if everything succeeded.

    `data` and `cache_dir` are relative to the caller's folder (unlike the plugin's
    options in `mkdocs.yml`, relative to that file); None keeps what `mkdocs.yml` says.
    """
    started = time.perf_counter()
    _quiet_mkdocs()
    out = Path(out or ("site-preview" if preview else "site")).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        options = plugin_options(
            config_file,
            data_dir=str(Path(data).resolve()),
            cache_dir=str(Path(cache_dir).resolve()) if cache_dir else None,
            as_of=as_of,
            preview=preview,
        )
        config = load_config(str(config_file), site_dir=str(staging), strict=True, **options)
        plugin = _escda(config, config_file)
        build(config)
        old = out.with_name(f".{out.name}-old")
        shutil.rmtree(old, ignore_errors=True)
        if out.exists():
            os.replace(out, old)
        os.replace(staging, out)
        shutil.rmtree(old, ignore_errors=True)
    except (Abort, MkDocsException) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        cause = exc.__cause__ or exc.__context__
        if isinstance(cause, DataError):
            raise cause from None
        raise BuildFailed(str(exc)) from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    elapsed = time.perf_counter() - started
    print(f"escda: built {out.name}/ — {plugin.summary()} — in {elapsed:.1f} s", file=sys.stderr)
    return out


def serve_site(
    data: Path,
    as_of: datetime | None,
    config_file: Path,
    addr: str,
    cache_dir: Path | None = None,
) -> None:
    """`mkdocs serve` with the plugin options of a build; the plugin watches the data."""
    from mkdocs.commands.serve import serve

    _quiet_mkdocs()
    options = plugin_options(
        config_file,
        data_dir=str(Path(data).resolve()),
        cache_dir=str(Path(cache_dir).resolve()) if cache_dir else None,
        # Pinned once: every rebuild publishes as of the same moment.
        as_of=as_of or as_of_datetime(None),
    )
    serve(str(config_file), dev_addr=addr, **options)
