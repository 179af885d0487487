"""`escda build` and `escda serve`: MkDocs around the plugin, with an atomic swap of site/."""

from __future__ import annotations

import contextlib
import logging
import signal
import sys
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException
from mkdocs.utils.yaml import yaml_load

from escda_site import progress
from escda_site.cache.store import check_cache_folder
from escda_site.engine import engines
from escda_site.engine.config import as_of_datetime
from escda_site.engine.outdir import (
    OutputSlot,
    absolute,
    check_replaceable,
    refuse_cache_place,
    refuse_nested,
    refuse_sources,
)
from escda_site.engine.plugin import EscdaPlugin
from escda_site.inputs.problems import DataError


class BuildFailed(Exception):
    """MkDocs failed; the previous site is untouched."""


class ConfigProblem(Exception):
    """mkdocs.yml cannot be used as it is."""


def plugin_options(config_file: Path, **options: object) -> dict:
    """`load_config` keyword arguments that set options of the escda plugin.

    MkDocs lets a caller override any top-level key of `mkdocs.yml`; the plugin list is
    one, so the escda entry is replaced by itself with `options` on top (None values are
    left as the file says). `build` and `serve` both pass them to `load_config`, so the
    command line reaches the plugin through its typed, validated configuration.
    """
    try:
        with open(config_file, "rb") as fd:
            raw = yaml_load(fd) or {}
    except (OSError, MkDocsException) as exc:
        raise ConfigProblem(f"{config_file}: {exc}") from None
    options = {k: v for k, v in options.items() if v is not None}
    plugins = raw.get("plugins") or []
    if isinstance(plugins, list):
        entries = ((e, {}) if isinstance(e, str) else next(iter(e.items())) for e in plugins)
        plugins = dict(entries)
    if "escda" not in plugins:
        raise ConfigProblem(f"{config_file}: the escda plugin is not enabled")
    plugins["escda"] = {**(plugins["escda"] or {}), **options}
    # The mapping form, which MkDocs reads without consuming it: `serve` loads the
    # configuration again from the same arguments for every rebuild.
    return {"plugins": plugins}


def _config(config_file: Path, options: dict, **overrides):
    try:
        config = load_config(str(config_file), **options, **overrides)
    except MkDocsException as exc:
        raise ConfigProblem(f"{config_file}: {exc}") from None
    plugin = config.plugins.get("escda")
    if not isinstance(plugin, EscdaPlugin) or not plugin.config.enabled:
        raise ConfigProblem(f"{config_file}: the escda plugin is not enabled")
    # As `mkdocs build` does: a plugin kept from an earlier `serve` in this process
    # (tests) must not carry its incremental state into a full build.
    config.plugins.on_startup(command="build", dirty=False)
    return config, plugin


def _sources(config, plugin: EscdaPlugin, config_file: Path, data: Path) -> list:
    """The folders a build reads, as `refuse_sources` wants them."""
    base = Path(config_file).resolve().parent
    cache = Path(plugin.config.cache_dir)
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


def _refuse_cache_place(config, plugin: EscdaPlugin, data: Path) -> None:
    """Before anything is built: the cache folder may not lie in a folder the build reads."""
    if plugin.config.cache:
        readers = [("the data folder", Path(data)), ("docs_dir", Path(config.docs_dir))]
        if config.theme.custom_dir:
            readers.append(("the theme's custom_dir", Path(config.theme.custom_dir)))
        refuse_cache_place(Path(plugin.config.cache_dir), readers)
        check_cache_folder(Path(plugin.config.cache_dir))


def _quiet_mkdocs() -> None:
    logging.basicConfig(format="%(message)s", stream=sys.stderr)
    root = engines.logger_root()
    logging.getLogger(root).setLevel(logging.INFO)
    # Material's own banner about its future is noise for organisers.
    logging.getLogger(f"{root}.plugins.material").setLevel(logging.ERROR)


def build_site(
    data: Path,
    out: Path | None = None,
    as_of: datetime | None = None,
    preview: bool = False,
    config_file: Path = Path("mkdocs.yml"),
    cache_dir: Path | None = None,
    cache: bool | None = None,
) -> Path:
    """Build into a new folder and point `out` at it only if everything succeeded.

    `out` is a symbolic link switched atomically (see `outdir`); it may never be, contain
    or lie inside a folder the build reads. `data` and `cache_dir` are relative to the
    caller's folder (the plugin's options in `mkdocs.yml` are relative to that file);
    `cache_dir` None keeps what `mkdocs.yml` says, `as_of` and `cache` (False: no cache
    read or written) too.
    """
    started = time.perf_counter()
    _quiet_mkdocs()
    given = Path(out or ("site-preview" if preview else "site"))
    out = absolute(given)
    options = plugin_options(
        config_file,
        data_dir=str(Path(data).resolve()),
        cache_dir=str(Path(cache_dir).resolve()) if cache_dir else None,
        as_of=as_of,
        preview=preview,
        cache=cache,
    )
    config, plugin = _config(config_file, options, strict=True)
    refuse_sources(out, _sources(config, plugin, config_file, data))
    check_replaceable(out)
    refuse_nested(out, shown=given)
    _refuse_cache_place(config, plugin, data)
    with OutputSlot(out) as slot:
        config["site_dir"] = str(slot.folder)
        try:
            # Live counts and estimates on a terminal only (escda_site/progress.py).
            with progress.display(sys.stderr.isatty()) as shown:
                plugin.show_progress(shown)
                build(config)
        except (Abort, MkDocsException) as exc:
            cause = exc.__cause__ or exc.__context__
            if isinstance(cause, DataError):
                raise cause from None
            raise BuildFailed(str(exc)) from exc
        slot.commit()
    elapsed = time.perf_counter() - started
    # The folder as the organiser named it (`--out public/portail`), not only its last part.
    shown = given.as_posix().rstrip("/") or "/"
    print(
        f"escda: built {shown}/ — {plugin.summary()} — in {elapsed:.1f} s with {engines.version()}",
        file=sys.stderr,
    )
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
    )
    # Pinned once: every rebuild publishes as of the same moment.
    escda = options["plugins"]["escda"]
    escda["as_of"] = as_of or escda.get("as_of") or as_of_datetime(None)
    # Dirty rebuilds: the plugin renders again only the pages that changed, and makes
    # the result what a full build gives (engine/incremental.py).
    with _stopped_by_sigterm():
        serve(str(config_file), dev_addr=addr, build_type="dirty", **options)


@contextlib.contextmanager
def _stopped_by_sigterm() -> Iterator[None]:
    """SIGTERM (a service manager, `kill`, a container stopping) ends `serve` as Ctrl+C does.

    The engine removes its temporary site folder, and the plugin its search twin, only on
    KeyboardInterrupt; Python's default SIGTERM ends the process without `finally`
    blocks, leaving a copy of the whole site in the temporary folder at each stop.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
