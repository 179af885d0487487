"""Digests of the package's own files: every cache of what the code produces is keyed on one,
so that no code change, however small or wherever it moves, can serve a stale result."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


# Memoised per process: the code that runs is the code loaded at its start, so its digest
# cannot change under it (a serve sees a code edit only when restarted).
@cache
def source_digest(pattern: str = "*") -> str:
    """A SHA-256 of the package files matching `pattern` (names and contents)."""
    digest = hashlib.sha256()
    paths = (p for p in PACKAGE.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts)
    for path in sorted(paths):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
