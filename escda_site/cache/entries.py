"""What the store's entries are: sealed values (their digest at their head), drawn files
named by their content's digest, and copies of them out into a site."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from escda_site.atomic import write_atomic, write_atomic_by

_HEADER = b"escda-cache 1 "
_HEAD_SIZE = len(_HEADER) + 65  # the header, its digest in hex and a newline
# Text gathered before it is encoded and written: a large value (the generated tree of an
# archive, hundreds of MB as a Python string) is never held whole a second time.
_PIECE_CHARS = 1 << 18


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def name_digest(path: Path) -> str:
    """The SHA-256 a drawn file's name carries (`<key>.<sha256><ext>`), or ""."""
    return path.name.split(".")[1] if path.name.count(".") >= 2 else ""


def sealed(data: bytes) -> bytes:
    """`data` headed by its digest, as value entries and compiled templates are written."""
    return _HEADER + sha256_hex(data).encode() + b"\n" + data


def write_sealed(path: Path, pieces: Iterable[str]) -> None:
    """Write `sealed` of the UTF-8 text `pieces` make, as they come (atomically).

    The digest heads the entry but is known only at the end: a blank header is written
    first and filled in last.
    """

    def write(f: BinaryIO) -> None:
        f.write(b" " * _HEAD_SIZE)
        digest = hashlib.sha256()

        def flush(held: list[str]) -> None:
            data = "".join(held).encode()
            digest.update(data)
            f.write(data)
            held.clear()

        held: list[str] = []
        size = 0
        for piece in pieces:
            held.append(piece)
            size += len(piece)
            if size >= _PIECE_CHARS:
                flush(held)
                size = 0
        flush(held)
        f.seek(0)
        f.write(_HEADER + digest.hexdigest().encode() + b"\n")

    write_atomic_by(path, write)


def read_sealed(path: Path) -> bytes | None:
    """The content of the sealed entry at `path` (read once, no copy of it made), or
    None when its digest does not match it."""
    with open(path, "rb") as f:
        head = f.readline()
        data = f.read()
    return unsealed_parts(head.rstrip(b"\n"), bool(head.endswith(b"\n")), data)


def unsealed(blob: bytes) -> bytes | None:
    """The content of a sealed entry, or None when its digest does not match it."""
    head, sep, data = blob.partition(b"\n")
    return unsealed_parts(head, bool(sep), data)


def unsealed_parts(head: bytes, sep: bool, data: bytes) -> bytes | None:
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
