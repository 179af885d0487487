"""The `File` of each generated file that is not a page: a data file or a drawn logo file.

A drawn file is copied from the store (never linked: an edit of the published file must
not reach the cache, nor the next build); a data file's content is let go once written,
except under `serve`, whose rebuilds compare it. Under `serve`'s incremental rebuilds a
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
        file = File.generated(config, path, content=payload)
        return file if serving else _released_once_written(file)

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


def _released_once_written(file: File) -> File:
    """A generated data file whose content a build lets go once it is written."""
    write = file.copy_file

    def copy_file(dirty: bool = False) -> None:
        write(dirty)
        adapter.release_content(file)

    return adapter.replace_copy(file, copy_file)
