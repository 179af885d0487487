"""The cache folder on disk: what marks it as escda's, what each output's last build used,
and the pruning of everything no output uses any more (`store.Store` takes the locks).

    CACHEDIR.TAG          marks the folder as a cache (backup tools skip it)
    uses/<slot>.json      the entries the last build of each output used
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

from escda_site.atomic import write_atomic
from escda_site.cache.entries import sha256_hex

TAG = "CACHEDIR.TAG"
_TAG_TEXT = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# The build cache of escda (escda_site/cache/store.py); it can be removed at any time.\n"
)
_OWNED = ("values", "files", "templates", "uses")
# What the caches of earlier versions of the package wrote: removed by the first prune.
_LEGACY = ("digests.pickle", "results", "trees", "snippets", "logos")
# An output not built for this long no longer keeps its entries.
_USES_KEPT_S = 30 * 86400


class CacheError(Exception):
    """The cache folder cannot be used (it holds files escda did not write)."""


def adopt(root: Path) -> None:
    """Make `root` a cache folder, or refuse one that holds what escda did not write."""
    check_cache_folder(root)
    if not (root / TAG).is_file():
        root.mkdir(parents=True, exist_ok=True)
        write_atomic(root / TAG, _TAG_TEXT.encode())


def check_cache_folder(root: Path) -> None:
    """Raise CacheError when `root` is a folder holding files escda did not write there.

    Pruning removes what no build used: a folder of other files (the data, a project)
    given as the cache by mistake is refused instead.
    """
    root = Path(root)
    if (root / TAG).is_file() or not root.is_dir():
        return
    foreign = sorted(p.name for p in root.iterdir() if p.name not in (*_OWNED, *_LEGACY, "lock"))
    if foreign:
        raise CacheError(
            f"refusing to use {root} as the cache folder: it holds files escda did not "
            f"write ({', '.join(foreign[:3])}); choose an empty or new folder"
        )


def record_uses(root: Path, slot: str, used: set[str]) -> None:
    """Record the entries the build of output `slot` used (raises OSError)."""
    uses = root / "uses"
    uses.mkdir(exist_ok=True)
    write_atomic(uses / f"{slot}.json", json.dumps(sorted(used)).encode())


def remove_unused(root: Path, used: set[str]) -> int:
    """Remove the entries neither `used` nor any output's last build used, and what earlier
    versions of the package wrote; the number of entries removed. The caller holds the
    cache alone (`Store.prune`)."""
    keep = _all_uses(root, used)
    for legacy in _LEGACY:
        path = root / legacy
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        elif path.exists() or path.is_symlink():
            path.unlink(missing_ok=True)
    removed = 0
    for owned in ("values", "files", "templates"):
        for dirpath, _dirs, names in os.walk(root / owned):
            for name in names:
                path = Path(dirpath, name)
                if path.relative_to(root).as_posix() not in keep:
                    path.unlink(missing_ok=True)
                    removed += 1
    return removed


def _all_uses(root: Path, used: set[str]) -> set[str]:
    keep: set[str] = set(used)
    now = time.time()
    for record in (root / "uses").glob("*.json"):
        try:
            if now - record.stat().st_mtime > _USES_KEPT_S:
                record.unlink()
                continue
            names = json.loads(record.read_bytes())
        except (OSError, ValueError):
            continue  # a damaged record keeps nothing: those entries are made again
        if isinstance(names, list):
            keep.update(n for n in names if isinstance(n, str))
    return keep


def slot_name(site_dir: Path) -> str:
    """The name under which a build of `site_dir` records the entries it used.

    A build of `escda build` writes into a new folder of `.site.builds/` each time: the
    output is that builds folder, not the folder of the day.
    """
    site_dir = Path(os.path.abspath(site_dir))
    parent = site_dir.parent
    if parent.name.startswith(".") and parent.name.endswith(".builds"):
        site_dir = parent
    return sha256_hex(str(site_dir).encode())[:16]
