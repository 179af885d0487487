"""Pagefind's index in a stable byte order: the same site gives the same index files.

Pagefind 1.5 writes its filters from hash maps, in an order that changes from run to run:
the values of each filter in its `filter/*.pf_filter` file, and the filter names in the
`pagefind.*.pf_meta` file, whose file names are hashes of that content. Everything else it
writes (word index, fragments) is stable. `stabilise` sorts those lists, renames the
files after their new content and points the entry file at them, which Pagefind's script
reads the same way: the lists are read into maps, the file names only looked up.

Both formats are `pagefind_dcd` followed by one CBOR item, gzipped (Pagefind's
`pagefind_core` crate, serialised with minicbor):
- pf_filter: [name, [[value, [page…]]…]]
- pf_meta: [version, [[page hash, words]…], [[from, to, chunk hash]…],
  [[filter name, filter hash]…], [[sort name, hash]…], [meta field…]]
A layout not seen before is refused (`SearchIndexError`) rather than guessed at.
"""

from __future__ import annotations

import gzip
import hashlib
import json

SIGNATURE = b"pagefind_dcd"


class UnknownLayout(ValueError):
    """A Pagefind file in a layout this module was not written for."""


def _head(buf: bytes, i: int) -> tuple[int, int, int]:
    """(major type, argument, index after the head) of the CBOR item at `i`."""
    first = buf[i]
    major, info = first >> 5, first & 31
    if info < 24:
        return major, info, i + 1
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
    if size is None:
        raise UnknownLayout(f"CBOR item of additional information {info}")
    return major, int.from_bytes(buf[i + 1 : i + 1 + size], "big"), i + 1 + size


def _end(buf: bytes, i: int) -> int:
    """The index just after the CBOR item that starts at `i`."""
    major, arg, j = _head(buf, i)
    if major in (0, 1, 7):
        return j
    if major in (2, 3):
        return j + arg
    if major == 4:
        for _ in range(arg):
            j = _end(buf, j)
        return j
    raise UnknownLayout(f"CBOR major type {major}")


def _items(buf: bytes, i: int) -> tuple[list[bytes], int]:
    """The raw items of the CBOR array at `i`, and the index after the array."""
    major, count, j = _head(buf, i)
    if major != 4:
        raise UnknownLayout("an array was expected")
    items = []
    for _ in range(count):
        end = _end(buf, j)
        items.append(buf[j:end])
        j = end
    return items, j


def _text(value: str) -> bytes:
    data = value.encode()
    return _array_head(len(data), major=3) + data


def _array_head(count: int, major: int = 4) -> bytes:
    """The CBOR head of an array of `count` items (of a text of `count` bytes: major 3)."""
    if count < 24:
        return bytes([major << 5 | count])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if count < 1 << (8 * size):
            return bytes([major << 5 | info]) + count.to_bytes(size, "big")
    raise UnknownLayout("array too long")


def _read_text(buf: bytes) -> str:
    major, size, j = _head(buf, 0)
    if major != 3:
        raise UnknownLayout("a text was expected")
    return buf[j : j + size].decode()


def _load(name: str, data: bytes) -> bytes:
    data = gzip.decompress(data)
    if not data.startswith(SIGNATURE):
        raise UnknownLayout(f"{name}: no {SIGNATURE.decode()} signature")
    return data[len(SIGNATURE) :]


def _saved(cbor: bytes) -> bytes:
    # mtime 0: the same content always gives the same bytes.
    return gzip.compress(SIGNATURE + cbor, compresslevel=9, mtime=0)


def _digest(cbor: bytes, size: int) -> str:
    return hashlib.sha256(cbor).hexdigest()[:size]


def _stable_filter(files: dict[str, bytes], rel: str, language: str) -> str:
    """Sort one filter file's values; its new hash (the file renamed after it)."""
    cbor = _load(rel, files.pop(rel))
    (name, values), end = _items(cbor, 0)
    if end != len(cbor):
        raise UnknownLayout(f"{rel}: trailing bytes")
    entries, _ = _items(values, 0)
    stable = _array_head(2) + name + _array_head(len(entries)) + b"".join(sorted(entries))
    new = f"{language}_{_digest(stable, 7)}"
    files[f"filter/{new}.pf_filter"] = _saved(stable)
    return new


def stabilise(files: dict[str, bytes]) -> dict[str, bytes]:
    """The index `files` (by path in the bundle) with the filter files and the meta file
    in sorted order, renamed after their new content."""
    files = dict(files)
    entry = json.loads(files["pagefind-entry.json"].decode("utf-8"))
    for language, info in entry["languages"].items():
        meta_rel = f"pagefind.{info['hash']}.pf_meta"
        cbor = _load(meta_rel, files.pop(meta_rel))
        parts, end = _items(cbor, 0)
        if len(parts) != 6 or end != len(cbor):
            raise UnknownLayout(f"{meta_rel}: {len(parts)} parts, 6 expected")
        if _items(parts[4], 0)[0]:
            raise UnknownLayout(f"{meta_rel}: sort keys (data-pagefind-sort) not kept stable")
        filters, _ = _items(parts[3], 0)
        renamed = []
        for item in filters:
            (name, old), _ = _items(item, 0)
            new = _stable_filter(files, f"filter/{_read_text(old)}.pf_filter", language)
            renamed.append(_array_head(2) + name + _text(new))
        parts[3] = _array_head(len(renamed)) + b"".join(sorted(renamed))
        stable = _array_head(6) + b"".join(parts)
        info["hash"] = f"{language}_{_digest(stable, 10)}"
        files[f"pagefind.{info['hash']}.pf_meta"] = _saved(stable)
    files["pagefind-entry.json"] = json.dumps(
        entry, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")
    return files
