"""The output folder: never a source, swapped with no gap, one build at a time.

`site` is a symbolic link to a complete build in `.site.builds/<id>/`. A build writes a new
`<id>/` there and only then points `site` at it, by renaming a new link over the old one
(a rename is atomic: a reader or a web server sees the old site or the new one, never
none). The previous build, and whatever an interrupted build left in `.site.builds/`, is
removed by the next build while it renders (removing thousands of files waits on the disk,
rendering on the processor), under a lock (`.site.builds/lock`) that makes a second build
of the same folder wait for the first. So `.site.builds/` holds the current build, at
most the one before it, and the lock.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import secrets
import shutil
import stat
import sys
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import IO

LOCK = "lock"
# In every builds folder: the mark of folders this tool built (with `lock`, which builds
# folders of earlier versions have), so that no output is ever placed inside one.
MARK = "escda-builds"
_MARK_TEXT = (
    "Sites built by escda (escda_site/engine/outdir.py); see ../<name> for the current one.\n"
)
_BUILD = re.compile(r"[0-9]{8}T[0-9]{6}-[0-9a-f]{8}")
_BUILDS = re.compile(r"\..+\.builds")


class OutputError(Exception):
    """The output folder cannot be used (it is a source, or a folder escda did not make)."""


def absolute(path: Path) -> Path:
    """`path` made absolute with its parent's symbolic links resolved, not its own."""
    path = Path(os.path.abspath(path))
    return Path(os.path.realpath(path.parent)) / path.name


def refuse_sources(out: Path, sources: list[tuple[str, Path, bool]]) -> None:
    """Raise OutputError when `out` is or contains a source folder, or lies inside one.

    `sources` holds (what, folder, strict): for a strict source (data, docs_dir) being
    inside it is refused too; the project folder may hold `site/`, not be replaced by it.
    """
    outs = {absolute(out), Path(os.path.realpath(out))}
    for what, folder, strict in sources:
        src = Path(os.path.realpath(folder))
        for o in sorted(outs):
            if o == src:
                why = f"it is {what}"
            elif src.is_relative_to(o):
                why = f"it contains {what} ({src})"
            elif strict and o.is_relative_to(src):
                why = f"it is inside {what} ({src})"
            else:
                continue
            raise OutputError(f"refusing to build into {out}: {why}; choose another --out")


def refuse_cache_place(cache: Path, folders: list[tuple[str, Path]]) -> None:
    """Raise OutputError when the cache folder is, contains or lies inside one of `folders`.

    The cache is written by every build and pruned after it: inside the data folder it
    would fill the organiser's files (and `serve` would rebuild on its own writes), inside
    an output it would be published, and replaced by the next build.
    """
    where = Path(os.path.realpath(cache))
    for what, folder in folders:
        other = Path(os.path.realpath(folder))
        if where == other:
            why = f"it is {what}"
        elif where.is_relative_to(other):
            why = f"it is inside {what} ({other})"
        elif other.is_relative_to(where):
            why = f"it contains {what} ({other})"
        else:
            continue
        raise OutputError(
            f"refusing to keep the cache in {cache}: {why}; "
            "set cache_dir (or ESCDA_CACHE) to a folder of its own"
        )


def is_builds_folder(path: Path) -> bool:
    """Whether `path` is a `.site.builds/` folder of this tool (holding built sites)."""
    return bool(_BUILDS.fullmatch(path.name)) and (
        (path / MARK).is_file() or (path / LOCK).is_file()
    )


def refuse_nested(out: Path, verb: str = "build", shown: Path | None = None) -> None:
    """Raise OutputError when `out` lies inside a site this tool built, or holds one.

    A build inside a published site publishes itself there (a preview under the public
    site, say), and the next build of the outer site deletes it with the previous build.
    `shown`: `out` as the user wrote it, for the message.
    """
    shown = shown or out
    # `absolute` resolves the links of the parents: `site/apercu` is inside the build
    # `site` points at.
    for folder in absolute(out).parents:
        if is_builds_folder(folder):
            site = _output_of(folder)
            raise OutputError(
                f"refusing to {verb} into {shown}: it is inside {site}, a site escda built "
                "(it would be published with it, then deleted by its next build); "
                "choose another --out"
            )
    inner = _inner_builds(Path(os.path.realpath(out)))
    if inner is not None:
        raise OutputError(
            f"refusing to {verb} into {shown}: it holds {inner}, built by escda, which the "
            "swap would delete; choose another --out"
        )


def published_beside(folder: Path) -> Path | None:
    """The build published now beside `folder`, a build being made in a builds folder: the
    one its output link points at. None when `folder` is not in a builds folder, when
    nothing is published yet, or when it is `folder` itself."""
    builds = Path(folder).parent
    if not is_builds_folder(builds):
        return None
    try:
        name = _link_target(_output_of(builds))
    except OutputError:
        return None
    return None if name is None or name == Path(folder).name else builds / name


def _inner_builds(top: Path) -> Path | None:
    """A builds folder anywhere under `top` (links not followed), or None."""
    if not top.is_dir():
        return None
    pending = [str(top)]
    while pending:
        try:
            with os.scandir(pending.pop()) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        if is_builds_folder(Path(entry.path)):
                            return Path(entry.path)
                        pending.append(entry.path)
        except OSError:
            continue
    return None


def _link_target(out: Path) -> str | None:
    """The build `out` points at (its name in the builds folder), or None if none."""
    if not out.is_symlink():
        return None
    target = Path(os.readlink(out))
    builds = builds_folder(out)
    if target.parent.as_posix() != builds.name or not _BUILD.fullmatch(target.name):
        raise OutputError(
            f"{out} is a symbolic link to {target}, which escda did not make; "
            "remove it or choose another --out"
        )
    return target.name


def builds_folder(out: Path) -> Path:
    """Where the builds behind the `out` link live: `.site.builds/` beside `site`."""
    return out.with_name(f".{out.name}.builds")


def _output_of(builds: Path) -> Path:
    """The output link whose builds live in `builds` (`builds_folder`'s inverse)."""
    return builds.with_name(builds.name[1:].removesuffix(".builds"))


def _legacy(out: Path) -> Path:
    """Where an `out` that is still a plain folder is moved aside while the link replaces it."""
    return out.with_name(f".{out.name}-old")


def check_replaceable(out: Path) -> None:
    """Raise OutputError unless `out` is missing, escda's link, or a folder holding a site."""
    if out.is_symlink():
        _link_target(out)
    elif out.exists():
        if not out.is_dir():
            raise OutputError(f"refusing to replace {out}: it is a file, not a site folder")
        if any(out.iterdir()) and not (out / "index.html").is_file():
            raise OutputError(
                f"refusing to replace {out}: it is a folder without index.html, "
                "not a site escda built; choose another --out"
            )


def remove_tree(path: Path) -> bool:
    """Remove a folder (or link, or file), read-only parts included; False if it stays."""

    def writable_again(func, name, exc_info) -> None:
        # A read-only folder's entries cannot be unlinked: make it ours to write, retry.
        parent = os.path.dirname(name)
        try:
            os.chmod(parent, stat.S_IRWXU)
            if os.path.isdir(name) and not os.path.islink(name):
                os.chmod(name, stat.S_IRWXU)
            func(name)
        except OSError:
            pass

    try:
        if path.is_symlink() or path.is_file():
            path.unlink()
        elif path.exists():
            shutil.rmtree(path, onerror=writable_again)
    except OSError:
        pass
    return not os.path.lexists(path)


class OutputSlot:
    """A context in which one build owns `out`: lock, a fresh folder, then the swap."""

    def __init__(self, out: Path):
        self.out = absolute(out)
        self.builds = builds_folder(self.out)
        self.folder: Path | None = None
        self._lock: IO[str] | None = None
        self._committed = False
        self._cleaner: threading.Thread | None = None

    def __enter__(self) -> OutputSlot:
        check_replaceable(self.out)
        self.builds.mkdir(parents=True, exist_ok=True)  # permissions follow the umask
        if not (self.builds / MARK).is_file():
            (self.builds / MARK).write_text(_MARK_TEXT, encoding="utf-8")
        self._lock = _acquire(self.builds / LOCK, self.out)
        try:
            self._recover()
            name = f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{secrets.token_hex(4)}"
            self.folder = self.builds / name
            self.folder.mkdir()  # not mkdtemp: its 0700 would hide the site from a web server
            keep = {LOCK, MARK, _link_target(self.out), name}
            self._cleaner = threading.Thread(target=self._clean_quietly, args=(keep,))
            self._cleaner.start()
        except BaseException:
            self._release()
            raise
        return self

    def commit(self) -> None:
        """Point `out` at the new, complete build: one rename, no moment without a site."""
        assert self.folder is not None
        self._join_cleaner()  # done by now, in the time the build took
        link = self.builds / f"link-{self.folder.name}"
        remove_tree(link)
        os.symlink(f"{self.builds.name}/{self.folder.name}", link)
        if self.out.is_dir() and not self.out.is_symlink():
            # A plain folder from before this scheme (or copied): a link cannot be renamed
            # over it, so it is moved aside first. The next build moves it back if killed
            # in between, and removes it otherwise.
            os.replace(self.out, _legacy(self.out))
        os.replace(link, self.out)
        self._committed = True
        # A plain folder moved aside above: the one-time change to this scheme, done now.
        remove_tree(_legacy(self.out))

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self._join_cleaner()
            if not self._committed and self.folder is not None:
                remove_tree(self.folder)
        finally:
            self._release()

    def _recover(self) -> None:
        """A build killed between moving a plain `out` aside and linking: put it back."""
        old = _legacy(self.out)
        if not os.path.lexists(self.out) and old.is_dir():
            os.replace(old, self.out)

    def _join_cleaner(self) -> None:
        if self._cleaner is not None:
            self._cleaner.join()
            self._cleaner = None

    def _clean_quietly(self, keep: set[str | None]) -> None:
        # Whatever stays (a folder gone read-only, a disk error) is tried again next time.
        with contextlib.suppress(OSError):
            self._clean(keep)

    def _clean(self, keep: set[str | None]) -> None:
        """Remove every entry of the builds folder but `keep`, and older schemes' leftovers."""
        for entry in self.builds.iterdir():
            if entry.name not in keep:
                remove_tree(entry)
        if os.path.lexists(self.out):
            remove_tree(_legacy(self.out))
        # The former scheme's staging folders, `.site-` and 8 characters of mkdtemp.
        legacy = re.compile(re.escape(f".{self.out.name}-") + r"[a-z0-9_]{8}")
        for entry in self.out.parent.iterdir():
            if legacy.fullmatch(entry.name) and entry.is_dir():
                remove_tree(entry)

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.close()  # closing the file releases the lock
            self._lock = None


def _acquire(path: Path, out: Path) -> IO[str]:
    """Lock `path`; when another build holds it, say so and wait for it to finish."""
    handle = path.open("a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            handle.seek(0)
            holder = handle.read().strip() or "?"
            print(
                f"escda: another build of {out.name}/ is running (pid {holder}); waiting for it",
                file=sys.stderr,
                flush=True,
            )
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
    except BaseException:
        handle.close()
        raise
    return handle
