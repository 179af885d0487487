"""Drawn files published as hard links to the same files of the build published now.

A warm archive build publishes about 9,900 drawn files (logos, vector files, certificates,
kits). Copying the 7,905 files under `logos/` (471 MB on the 20-edition archive) out of the
store cost 3.2 to 3.7 s of CPU, nearly all of it the kernel's, and swung with the other
loads of the disk; hard links cost 0.4 to 0.6 s for the same files. So a drawn file is
linked from the build the output link points at (`outdir.published_beside`) when that build
published it from the same store entry and neither file changed since: the entry's and the
published file's signatures (inode, size, modification and change time) are the ones
recorded when that build ended, or else when its bytes have the digest the entry's name
carries (the removal of an older build changes the change time of the files it shared,
without a write). Any write to a file changes its change time, which no one can set back: a
published file edited by hand, or an entry drawn again, is compared and copied from the
store as before (`entries.copy_out`), so an edit reaches neither the cache nor the next
build. A link only adds a name: removing either build leaves the other whole, and no build
rewrites a file in place.

The records are kept in the store, one value per output (its last build's), and name the
build they describe: a build that failed before publishing leaves records no build trusts.
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

from escda_site.cache.entries import copy_out, file_signature, name_digest, sha256_hex
from escda_site.cache.store import Store, slot_name
from escda_site.engine.outdir import published_beside

KIND = "links"
# A file changed this close before its record may change again within the same timestamp
# (git's "racy" files, as the store's own checks): it is copied, not linked.
_RACY_NS = 2_000_000_000


class DrawnLinks:
    """How this build publishes the drawn files of the store: linked or copied."""

    def __init__(self, store: Store, site_dir: Path) -> None:
        self.store = store
        self.site_dir = Path(site_dir)
        self.previous = published_beside(self.site_dir)
        self.name = f"drawn-{slot_name(self.site_dir)}"
        kept = store.load(KIND, self.name) if self.previous is not None else None
        trusted = isinstance(kept, dict) and kept.get("build") == self.previous.name
        lines = kept.get("files") if trusted else None
        at = kept.get("at") if trusted else None
        # One line of text per file (`_line`): a record of the 60,000 drawn files of the
        # largest archive is about 10 MB, where lists of numbers were three times that.
        self.known = dict(line.split("\t", 1) for line in (lines or "").split("\n") if "\t" in line)
        self.recorded_at = at if isinstance(at, int) and isinstance(lines, str) else 0
        self.published: dict[str, str] = {}  # path in the site → its entry's signature
        self.linked = 0
        # What a copy would be: a new file of this user, its mode by the umask (a link
        # keeps the old file's, and the site's permissions follow the umask of its build).
        mask = os.umask(0o022)
        os.umask(mask)
        self.mode, self.owner = 0o666 & ~mask, os.geteuid()

    def publish(self, entry: Path, dest: Path, rel: str) -> None:
        """Publish the store's `entry` at `dest` (`rel` in the site): a link to the
        published build's same file when it is still what that build published, else
        a copy."""
        drawn = file_signature(entry)
        if drawn is not None:
            self.published[rel] = _line(entry.name, drawn)
        if drawn is not None and self._unchanged(entry, drawn, rel):
            try:
                os.link(self.previous / rel, dest)  # type: ignore[operator]
                self.linked += 1
                return
            except OSError:  # another file system, or no hard links there: copied
                pass
        copy_out(entry, dest)

    def _unchanged(self, entry: Path, drawn: tuple[int, int, int, int], rel: str) -> bool:
        """Whether the published build's file at `rel` holds what `entry` (of signature
        `drawn`) holds, with the mode and owner a copy would have."""
        if self.previous is None:
            return False
        try:
            old = os.stat(self.previous / rel)
        except OSError:
            return False
        if stat.S_IMODE(old.st_mode) != self.mode or old.st_uid != self.owner:
            return False
        if drawn[1] != old.st_size:
            return False
        published = (old.st_ino, old.st_size, old.st_mtime_ns, old.st_ctime_ns)
        changed = max(drawn[2], drawn[3], published[2], published[3])
        recorded = self.known.get(rel) == f"{_line(entry.name, drawn)} {_numbers(published)}"
        if recorded and changed < self.recorded_at - _RACY_NS:
            return True
        # Changed since the record, or not recorded: its bytes are compared with the
        # digest the entry's name carries. The next build's removal of the build before
        # this one changes the change time of every file they share, without a write.
        try:
            return sha256_hex((self.previous / rel).read_bytes()) == name_digest(entry)
        except OSError:
            return False

    def keep(self) -> int:
        """Record what this build published (once it is written), for the next build; the
        number of files it linked."""
        now = time.time_ns()
        lines = []
        for rel, drawn in self.published.items():
            made = file_signature(self.site_dir / rel)
            if made is not None:
                lines.append(f"{rel}\t{drawn} {_numbers(made)}")
        self.published = {}
        value = {"build": self.site_dir.name, "at": now, "files": "\n".join(lines)}
        self.store.save(KIND, self.name, value)
        return self.linked


def _numbers(signature: tuple[int, ...]) -> str:
    return " ".join(map(str, signature))


def _line(entry: str, drawn: tuple[int, ...]) -> str:
    """A published file's record up to its own signature: its entry and the entry's."""
    return f"{entry}\t{_numbers(drawn)}"
