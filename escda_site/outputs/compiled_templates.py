"""Compiled templates kept between builds, in the cache folder.

Compiling the templates costs a fresh process about 0.15 s, as much as rendering a few
hundred pages: `escda build` after an edit keeps Jinja's compiled code (its bytecode cache)
instead. Each entry is keyed on the package's digest, which covers the templates and the
environments' options, so no code change can serve stale code. The cache is an accelerator
only: a folder that cannot be read or written, or a damaged entry, means compiling again.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from jinja2.bccache import Bucket, BytecodeCache

from escda_site.atomic import write_atomic
from escda_site.source import source_digest


class _Compiled(BytecodeCache):
    """Jinja's compiled templates in `directory`, once a build has set it."""

    directory: Path | None = None

    def load_bytecode(self, bucket: Bucket) -> None:
        if self.directory is None:
            return
        try:
            with open(self.directory / f"{bucket.key}.cache", "rb") as f:
                bucket.load_bytecode(f)
        except Exception:  # noqa: BLE001 (a missing or damaged entry: compiled and written again)
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        if self.directory is None:
            return
        try:
            if not self.directory.is_dir():
                self.directory.mkdir(parents=True)
                # Entries of earlier versions of the code can never be read again.
                for old in self.directory.parent.iterdir():
                    if old != self.directory:
                        shutil.rmtree(old, ignore_errors=True)
            out = io.BytesIO()
            bucket.write_bytecode(out)
            write_atomic(self.directory / f"{bucket.key}.cache", out.getvalue())
        except OSError:
            pass  # a read-only or full cache folder: the build goes on without it


COMPILED = _Compiled()


def keep_compiled_templates(cache_dir: Path | None) -> None:
    """Keep compiled templates under `cache_dir` (None: compile in memory only)."""
    COMPILED.directory = (
        None if cache_dir is None else Path(cache_dir) / "templates" / source_digest()[:16]
    )
