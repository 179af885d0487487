"""Compiled templates kept in the store: Jinja's own file cache, each entry verified.

Compiling the templates costs a fresh process about 0.15 s, as much as rendering a few
hundred pages. Jinja's `FileSystemBytecodeCache` keeps the compiled code, but checks only
that the template's source is the same: a damaged payload is run as it is (a wrong page,
a crash). Here every entry is written with the digest of its bytes and read only when
they match; file names carry the package's digest, which covers the templates and the
environments' options, so no code change can run stale code.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterable
from pathlib import Path

from jinja2 import Environment
from jinja2.bccache import Bucket, FileSystemBytecodeCache

from escda_site.atomic import write_atomic
from escda_site.cache.entries import sealed, unsealed
from escda_site.cache.store import Store
from escda_site.source import source_digest


class VerifiedBytecodeCache(FileSystemBytecodeCache):
    """Jinja's file cache of compiled templates, whose entries are checked before use."""

    def __init__(self, store: Store, directory: Path, pattern: str) -> None:
        super().__init__(str(directory), pattern)
        self.store = store

    def load_bytecode(self, bucket: Bucket) -> None:
        path = Path(self._get_cache_filename(bucket))
        try:
            data = unsealed(path.read_bytes())
        except OSError:
            return
        if data is None:
            with contextlib.suppress(OSError):
                path.unlink()  # damaged: compiled again and written below
            return
        bucket.load_bytecode(io.BytesIO(data))
        if bucket.code is not None:
            self.store.use(path)

    def dump_bytecode(self, bucket: Bucket) -> None:
        path = Path(self._get_cache_filename(bucket))
        out = io.BytesIO()
        bucket.write_bytecode(out)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, sealed(out.getvalue()))
        except OSError:
            return  # a read-only or full cache folder: the build goes on without it
        self.store.use(path)


def compile_templates(env: Environment, name: str, templates: Iterable[str], store: Store) -> None:
    """Load `templates` into `env`, through the store's compiled templates when it has some.

    `env` keeps what it loaded for the process (its templates are package files); the
    store's cache is attached only while loading, so no environment points at a cache
    folder once the build is over.
    """
    folder = store.templates()
    if folder is None:
        return
    pattern = f"{name}-{source_digest()[:16]}-%s.cache"
    env.bytecode_cache = VerifiedBytecodeCache(store, folder, pattern)
    try:
        for template in templates:
            env.get_template(template)
    finally:
        env.bytecode_cache = None
    # Loaded by an earlier build of this process: the entries are still this build's.
    for path in folder.glob(pattern % "*"):
        store.use(path)
