"""`escda build` and `escda serve`: MkDocs around the plugin, with an atomic swap of site/."""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException

from escda_site.engine.plugin import EscdaPlugin, resolve_as_of
from escda_site.inputs.problems import DataError


class BuildFailed(Exception):
    """MkDocs failed; the previous site is untouched."""


def _config(config_file: Path, data: Path, as_of: datetime, preview: bool, **overrides):
    config = load_config(str(config_file), **overrides)
    plugin = config.plugins.get("escda")
    if not isinstance(plugin, EscdaPlugin):
        raise BuildFailed(f"{config_file}: the escda plugin is not enabled")
    # --data is relative to the caller's folder, unlike the `data` option of mkdocs.yml.
    os.environ["ESCDA_DATA"] = str(Path(data).resolve())
    plugin.config.as_of = as_of.isoformat()
    plugin.config.preview = preview
    return config, plugin


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
    """Build into a temporary folder and swap it into `out` only if everything succeeded."""
    started = time.perf_counter()
    _quiet_mkdocs()
    as_of = as_of or resolve_as_of(None)
    out = Path(out or ("site-preview" if preview else "site")).resolve()
    # Sitemap dates and gzip headers follow SOURCE_DATE_EPOCH: pin them to "now".
    os.environ["SOURCE_DATE_EPOCH"] = str(int(as_of.astimezone(UTC).timestamp()))
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        config, plugin = _config(
            config_file, data, as_of, preview, site_dir=str(staging), strict=True
        )
        print(
            f"escda: building {'preview ' if preview else ''}site as of {as_of.isoformat()}",
            file=sys.stderr,
        )
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


def serve_site(data: Path, as_of: datetime | None, config_file: Path, addr: str) -> None:
    """`mkdocs serve` with the plugin set up as for a build; data/ edits trigger a rebuild."""
    from mkdocs.commands.serve import serve

    _quiet_mkdocs()
    as_of = as_of or resolve_as_of(None)
    os.environ["ESCDA_AS_OF"] = as_of.isoformat()
    os.environ["ESCDA_DATA"] = str(Path(data).resolve())
    serve(str(config_file), dev_addr=addr, watch=[str(Path(data).resolve())])
