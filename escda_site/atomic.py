"""Files written whole: a reader (another build, a web server) never sees half a file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file renamed over it."""
    write_atomic_by(path, lambda f: f.write(data))


def write_atomic_by(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """`write(f)` into a temporary file renamed over `path`: for content made as it is
    written, never held whole."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # The usual mode of a new file (mkstemp's is 0600): the site may publish a cached
        # file, copied into the site, readable by a web server.
        mask = os.umask(0o022)
        os.umask(mask)
        os.fchmod(fd, 0o666 & ~mask)
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
