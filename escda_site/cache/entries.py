"""What the store's entries are: sealed values (their digest at their head), drawn files
named by their content's digest, and copies of them out into a site."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
from pathlib import Path

from escda_site.atomic import write_atomic

_HEADER = b"escda-cache 1 "


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sealed(data: bytes) -> bytes:
    """`data` headed by its digest, as value entries and compiled templates are written."""
    return _HEADER + sha256_hex(data).encode() + b"\n" + data


def unsealed(blob: bytes) -> bytes | None:
    """The content of a sealed entry, or None when its digest does not match it."""
    head, sep, data = blob.partition(b"\n")
    if not sep or not head.startswith(_HEADER) or len(head) != len(_HEADER) + 64:
        return None
    return data if head[len(_HEADER) :].decode("ascii", "replace") == sha256_hex(data) else None


def entry_name(key: str, data: bytes, suffix: str) -> str:
    """The file name of a drawn file: its inputs' key, then its content's digest."""
    return f"{key}.{sha256_hex(data)}{suffix}"


def named_digest(path: Path) -> str | None:
    """The content digest a drawn file's entry name carries, None for another name.

    The store hands out a drawn file only once it checked its content against this
    digest (`Store.find`, `Store.reuse`), so whoever holds such a path may take the digest
    from its name instead of reading the file again.
    """
    parts = path.name.split(".")
    if len(parts) < 3 or len(parts[1]) != 64:
        return None
    try:
        int(parts[1], 16)
    except ValueError:
        return None
    return parts[1]


def write_entry(folder: Path, key: str, suffix: str, data: bytes) -> Path:
    """Write a drawn file into `folder` under its entry name (in a worker process too)."""
    path = Path(folder) / entry_name(key, data, suffix)
    write_atomic(path, data)
    return path


def file_signature(path: Path) -> tuple[int, int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


def by_key(folder: Path) -> dict[str, list[str]]:
    """The entry names in `folder`, by key (the part of the name before the digest)."""
    out: dict[str, list[str]] = {}
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                key = entry.name.split(".", 1)[0]
                if not entry.name.startswith("."):  # a temporary file being written
                    out.setdefault(key, []).append(entry.name)
    except OSError:
        pass
    return out


def copy_out(source: Path, dest: Path) -> None:
    """Copy a drawn file out of the store into a site: a new file, never a link.

    `copy_file_range` copies in the kernel (and shares the blocks on file systems that
    can, which a later write to either file unshares): cheaper than `shutil.copyfile`'s
    `sendfile` for thousands of logo files; any refusal falls back to a plain copy.
    """
    try:
        with open(source, "rb") as src, open(dest, "wb") as out:
            left = os.fstat(src.fileno()).st_size
            while left > 0:
                done = os.copy_file_range(src.fileno(), out.fileno(), left)
                if done == 0:
                    raise OSError(errno.EIO, "copy_file_range stopped early", str(source))
                left -= done
    except (OSError, AttributeError):  # AttributeError: no copy_file_range on this system
        shutil.copyfile(source, dest)
