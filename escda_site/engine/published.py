"""The `File` of each generated file that is not a page: a data file or a drawn logo file.

A drawn file is copied from the store (never linked: an edit of the published file must
not reach the cache, nor the next build); a data file is written into the site at once,
so that its content is not held while MkDocs renders every page (it copies files after
that), except under `serve`, whose rebuilds compare it. Under `serve`'s incremental rebuilds a
file whose payload did not change keeps its `File` (`Incremental.generated_file`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File

from escda_site.cache.entries import copy_out
from escda_site.engine import adapter
from escda_site.engine.incremental import Incremental


def generated_file(
    config: Any,
    path: str,
    payload: str | bytes | Path,
    serving: bool,
    incremental: Incremental | None,
) -> File:
    """The `File` publishing `payload` (content, or a drawn file of the store) at `path`."""

    def make() -> File:
        if isinstance(payload, Path):
            return _copied(File.generated(config, path, abs_src_path=str(payload)))
        if serving:
            return File.generated(config, path, content=payload)
        return _written_now(config, path, payload)

    return incremental.generated_file(path, payload, make) if incremental else make()


def _copied(file: File) -> File:
    """A drawn file of the store, published as a copy made by `copy_out`."""
    source = file.abs_src_path
    assert source is not None

    def copy_file(dirty: bool = False) -> None:
        if dirty and not file.is_modified():
            return
        os.makedirs(os.path.dirname(file.abs_dest_path), exist_ok=True)
        copy_out(Path(source), Path(file.abs_dest_path))

    return adapter.replace_copy(file, copy_file)


def _written_now(config: Any, path: str, content: str | bytes) -> File:
    """A data file written into the site now: MkDocs' copy of a file onto itself is a
    no-op, meant for plugins that write into site_dir."""
    file = File.generated(config, path, content=content)
    dest = file.abs_dest_path
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    with open(dest, "wb") as out:  # the bytes MkDocs would write: UTF-8, no translation
        out.write(content.encode("utf-8") if isinstance(content, str) else content)
    return File.generated(config, path, abs_src_path=dest)
