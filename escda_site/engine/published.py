"""The `File` of each generated file that is not a page: a data file or a drawn logo file.

A drawn file is copied from the store (never linked to it: an edit of the published file
must not reach the cache), or linked to the published build's same file when neither
changed since that build (`drawn_links`); a data file is written into the site at once,
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
from escda_site.engine.drawn_links import DrawnLinks
from escda_site.engine.incremental import Incremental


def generated_file(
    config: Any,
    path: str,
    payload: str | bytes | Path,
    serving: bool,
    incremental: Incremental | None,
    links: DrawnLinks | None = None,
) -> File:
    """The `File` publishing `payload` (content, or a drawn file of the store) at `path`;
    `links`: how a build publishes drawn files (else they are copied)."""

    def make() -> File:
        if isinstance(payload, Path):
            return _copied(File.generated(config, path, abs_src_path=str(payload)), links)
        if serving:
            return File.generated(config, path, content=payload)
        return _written_now(config, path, payload)

    return incremental.generated_file(path, payload, make) if incremental else make()


def _copied(file: File, links: DrawnLinks | None) -> File:
    """A drawn file of the store, published as a copy made by `copy_out`, or by `links`."""
    source = file.abs_src_path
    assert source is not None

    def copy_file(dirty: bool = False) -> None:
        if dirty and not file.is_modified():
            return
        os.makedirs(os.path.dirname(file.abs_dest_path), exist_ok=True)
        if links is None:
            copy_out(Path(source), Path(file.abs_dest_path))
        else:
            links.publish(Path(source), Path(file.abs_dest_path), file.dest_uri)

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
