"""The one cache of every build: values, drawn files and compiled templates, each verified.

A `Store` is made by the engine for a cache folder (or for none: the plugin's
`cache: false`) and handed to whatever keeps something between builds; nothing in the
package keeps cache state of its own. Every entry carries the SHA-256 of its content and
is checked against it before use: a value's digest heads its file, a drawn file's digest
is in its name, a compiled template's in its header. An entry that fails the check is a
miss, removed and made again: a flipped byte can cost time, never give a wrong page.

    CACHEDIR.TAG                      marks the folder as a cache (backup tools skip it)
    lock                              shared by builds, exclusive while pruning
    uses/<slot>.json                  the entries the last build of each output used
    values/<kind>/<name>.json         JSON values (scored editions, the tree, snippets,
                                      each family of generated pages…)
    files/<kind>/<key>.<sha256><ext>  logos, vector files, certificates, kits
    templates/<env>-<code>-<key>.cache  Jinja's compiled templates

After a build, entries that no output's last build used are removed (`prune`); the
folder's tag, the records of uses and the removal itself are in `cache/folder.py`.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any, TypeVar

from escda_site.cache import codec, entries
from escda_site.cache.entries import by_key, file_signature, name_digest, sha256_hex
from escda_site.cache.folder import (
    CacheError,
    adopt,
    check_cache_folder,
    record_uses,
    remove_unused,
    slot_name,
)
from escda_site.progress import NONE, Display
from escda_site.source import source_digest

# The cache folder's own names, imported from here by the engine and the command line.
__all__ = ["CacheError", "Store", "check_cache_folder", "slot_name"]

T = TypeVar("T")

# A file changed this close to its check may change again within the same timestamp
# (git's "racy" files): it is checked again.
_RACY_NS = 2_000_000_000


class Store:
    """A cache folder (None: no cache, nothing read or written beyond one build)."""

    def __init__(self, root: Path | None, lasting: bool = True) -> None:
        self.root = None if root is None else Path(root).resolve()
        self.used: set[str] = set()  # entries this build read or wrote, relative to root
        # Kept in memory while the store lives (`escda serve` keeps it across rebuilds).
        # A store made for one build (`lasting` False) keeps nothing there: no later
        # rebuild would read it, and at archive scale it is every edition's snippets.
        self.lasting = lasting
        self._memo: dict[Any, Any] = {}
        self._latest: dict[tuple[str, str], tuple[str, Any]] = {}
        # Drawn files whose content was checked, by path: their signature then (inode,
        # size, dates) and when (ns). Kept between builds (`checks`), as git's index.
        self._checked: dict[str, list[int]] | None = None
        self._listing: dict[Path, dict[str, list[str]]] = {}
        self._scratch: tempfile.TemporaryDirectory[str] | None = None
        self._lock: IO[str] | None = None
        self.progress: Display = NONE  # what the build shows of its progress (`begin`)

    @property
    def enabled(self) -> bool:
        return self.root is not None

    # --- a build's life -------------------------------------------------------------------

    def begin(self, progress: Display = NONE) -> None:
        """Start a build showing `progress`: take the shared lock (no prune removes what
        this build uses)."""
        self.used = set()
        self.progress = progress
        self._listing = {}
        if self.root is None or self._lock is not None:
            return
        try:
            adopt(self.root)
            handle = (self.root / "lock").open("a", encoding="utf-8")
        except OSError:
            # A cache folder that cannot be made or written (read-only, a file on its
            # way): the cache is an accelerator only, the build goes on without it.
            self.root = None
            return
        fcntl.flock(handle, fcntl.LOCK_SH)
        self._lock = handle

    def end(self, slot: str | None = None) -> None:
        """End a build; with `slot` (the output built), record its entries and prune.

        Without a slot (a failed build, a `serve` rebuild) nothing is recorded, and the
        lock is kept by a store that lives on (serve) until `close`.
        """
        if slot is not None and self.root is not None:
            self._save_checks()
            with contextlib.suppress(OSError):  # a full or read-only cache: no pruning
                record_uses(self.root, slot, self.used)
                self.prune()
            self._release()

    def close(self) -> None:
        """Release the lock and remove the scratch folder of a store without cache."""
        self._release()
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    # --- values ---------------------------------------------------------------------------

    def _value_path(self, kind: str, name: str) -> Path:
        assert self.root is not None
        return self.root / "values" / kind / f"{name}.json"

    def load(self, kind: str, name: str) -> Any | None:
        """The value kept under `kind/name`, verified; None when missing or damaged."""
        if self.root is None:
            return None
        path = self._value_path(kind, name)
        try:
            data = entries.read_sealed(path)
            value = None if data is None else codec.loads(data)
        except (OSError, codec.Undecodable):
            data = value = None
        if data is None or value is None:
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)  # damaged: a miss, written again
            return None
        self._use(path)
        return value

    def save(self, kind: str, name: str, value: object) -> None:
        """Keep `value` under `kind/name` for later builds (a cache that fails is skipped)."""
        if self.root is None:
            return
        path = self._value_path(kind, name)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            entries.write_sealed(path, codec.pieces(value))
        except OSError:
            return  # a read-only or full cache folder: the build goes on without it
        self._use(path)

    def memo(self, key: Any, make: Callable[[], T]) -> T:
        """`make()`, kept in memory while this store lives (the rebuilds of a serve)."""
        if self.root is None or not self.lasting:
            return make()
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def recall(self, kind: str, group: str, name: str) -> Any | None:
        """The value kept as `kind/name`, from memory when it is its group's latest."""
        if self.root is None:
            return None
        latest = self._latest.get((kind, group))
        if latest is not None and latest[0] == name:
            self._use(self._value_path(kind, name))
            return latest[1]
        value = self.load(kind, name)
        if value is not None and self.lasting:
            self._latest[(kind, group)] = (name, value)
        return value

    def keep(self, kind: str, group: str, name: str, value: object) -> None:
        """Keep `value` as `kind/name`, and in memory as its group's latest."""
        if self.root is None:
            return
        self.save(kind, name, value)
        if self.lasting:
            self._latest[(kind, group)] = (name, value)

    def kept(self, kind: str, group: str, inputs: object, make: Callable[[], T]) -> T:
        """`make()`, or what this store or an earlier build made from the same `inputs`.

        `inputs` are described by their `repr` (for the frozen dataclasses of the public
        view, every field) and the package's code; each group keeps its latest value.
        """
        described = f"{source_digest()}\0{inputs!r}".encode()
        name = f"{group}-{sha256_hex(described)[:32]}"
        value = self.recall(kind, group, name)
        if value is None:
            value = make()
            self.keep(kind, group, name, value)
        return value

    # --- drawn files ----------------------------------------------------------------------

    def files(self, kind: str) -> Path:
        """The folder of drawn files of `kind` (without cache, a folder for this store)."""
        if self.root is None:
            if self._scratch is None:
                self._scratch = tempfile.TemporaryDirectory(prefix="escda-nocache-")
            return Path(self._scratch.name) / kind
        return self.root / "files" / kind

    def find(self, folder: Path, key: str, suffix: str) -> Path | None:
        """The verified file of `key` in `folder` (from `files`), or None: draw it."""
        if self.root is None:
            return None
        listing = self._listing.get(folder)
        if listing is None:
            listing = self._listing[folder] = by_key(folder)
        for name in listing.get(key, ()):
            path = folder / name
            if name.endswith(suffix) and self.verified(path):
                self._use(path)
                return path
        return None

    def added(self, paths: Iterable[Path]) -> None:
        """Files just written by `write_entry` (whole by construction): used, checked."""
        for path in paths:
            if self.root is not None:
                self._check(path, file_signature(path))
                self._use(path)

    def reuse(self, path: Path) -> bool:
        """Whether the drawn file at `path` can be used again (verified); recorded if so."""
        if self.root is None or not self.verified(path):
            return False
        self._use(path)
        return True

    def verified(self, path: Path) -> bool:
        """Whether the file's content has the digest its name carries.

        The content is hashed the first time the store sees the file, and again whenever
        the file changed since (inode, size, modification or change time): any write to
        it changes its change time, which no one can set back. Unchanged since its check
        (and not modified within 2 s before it, when a change could keep the same
        timestamp), it is not read again: a warm build does not re-read hundreds of MB.
        """
        signature = file_signature(path)
        if signature is None:
            return False
        known = self._checks().get(self._relative(path))
        unchanged = known is not None and tuple(known[:4]) == signature
        if unchanged and max(signature[2], signature[3]) < known[4] - _RACY_NS:
            return True
        try:
            ok = sha256_hex(path.read_bytes()) == name_digest(path)
        except OSError:
            ok = False
        if ok:
            self._check(path, signature)
        else:
            with contextlib.suppress(OSError):
                path.unlink()  # damaged: drawn again
        return ok

    def _relative(self, path: Path) -> str:
        assert self.root is not None
        return path.relative_to(self.root).as_posix()

    def _checks(self) -> dict[str, list[int]]:
        if self._checked is None:
            saved = self.load("checks", "files")
            self._checked = saved if isinstance(saved, dict) else {}
        return self._checked

    def _check(self, path: Path, signature: tuple[int, int, int, int] | None) -> None:
        if signature is not None:
            self._checks()[self._relative(path)] = [*signature, time.time_ns()]

    def _save_checks(self) -> None:
        """Keep the checks of the files this build used (the others drop out)."""
        if self._checked is not None:
            kept = {k: v for k, v in self._checked.items() if k in self.used}
            self.save("checks", "files", kept)

    # --- compiled templates ---------------------------------------------------------------

    def templates(self) -> Path | None:
        """The folder of compiled templates (None: compile in memory only)."""
        return None if self.root is None else self.root / "templates"

    def use(self, path: Path) -> None:
        """Record that this build used the entry at `path` (kept by the next prune)."""
        if self.root is not None:
            self._use(path)

    def _use(self, path: Path) -> None:
        assert self.root is not None
        self.used.add(path.relative_to(self.root).as_posix())

    # --- pruning --------------------------------------------------------------------------

    def prune(self) -> int:
        """Remove the entries no output's last build used; the number removed.

        Only while no other build holds the cache (else the next build prunes).
        """
        if self.root is None or self._lock is None:
            return 0
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                self._release()  # the shared lock may be gone already (see flock(2))
                return 0
            raise
        return remove_unused(self.root, self.used)
