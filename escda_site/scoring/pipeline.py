"""Files → validated model → scores, with a per-edition cache keyed on input hashes."""

from __future__ import annotations

import dataclasses
import hashlib
import time
from dataclasses import dataclass
from pathlib import Path

from escda_site.cache.store import Store
from escda_site.inputs.load import edition_folders, load_common, load_edition
from escda_site.inputs.model import Dataset
from escda_site.inputs.problems import Problems
from escda_site.scoring.results import EditionResult
from escda_site.source import source_digest


@dataclass(frozen=True)
class PipelineStats:
    editions: int
    scored: int  # editions loaded and scored in this run
    reused: int  # editions taken from the cache
    inputs: str = ""  # a digest of every input file and of the code that read them


# A file whose size and dates did not change is not read and hashed again (hundreds of MB
# at archive scale): its digest is kept in the store, in memory under `escda serve` and
# on disk between builds, as git's index does. A file modified this close to its hashing
# may change again within the same timestamp (git's "racy" files): its digest is not
# trusted.
_RACY_S = 2.0


class _FileDigests:
    """The digests of the input files, by path, inode, size and dates."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.known: dict[tuple, tuple[bytes, float]] = store.memo(
            "input digests", lambda: store.load("digests", "inputs") or {}
        )
        self.used: dict[tuple, tuple[bytes, float]] = {}  # the files hashed in this run

    def digest(self, path: Path) -> bytes:
        try:
            st = path.stat()
        except FileNotFoundError:
            return b"<missing>"
        key = (str(path), st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
        known = self.known.get(key)
        if known is None or max(st.st_mtime_ns, st.st_ctime_ns) / 1e9 >= known[1] - _RACY_S:
            known = self.known[key] = (hashlib.sha256(path.read_bytes()).digest(), time.time())
        self.used[key] = known
        return known[0]

    def hash_files(self, paths: list[Path], seed: str) -> str:
        digest = hashlib.sha256(seed.encode())
        for path in paths:
            digest.update(path.name.encode() + b"\0")
            digest.update(self.digest(path))
        return digest.hexdigest()

    def save(self) -> None:
        """Keep the digests of this run's files (the files that are gone drop out)."""
        self.known.clear()
        self.known.update(self.used)
        self.store.save("digests", "inputs", self.known)


def _marks_seed(code: str, sectors, companies) -> str:
    """What an edition's results depend on beyond its own files: the code and the slugs.

    An edition reads sectors.yaml and companies.yaml only to check that the slugs it
    names exist (`load_edition`); its results hold slugs, never a display name. So a
    renamed company or sector keeps every edition's results: the public view takes the
    names from the dataset built below, from the current files.
    """
    digest = hashlib.sha256(code.encode())
    for kind, items in (("sectors", sectors), ("companies", companies)):
        slugs = "\n".join(sorted(item.slug for item in items))
        digest.update(f"{kind}:{slugs}\0".encode())
    return digest.hexdigest()


def load_and_score(
    root: Path, store: Store | None = None
) -> tuple[Dataset, dict[int, EditionResult], PipelineStats]:
    """Validate and score every edition; reuse an edition's results when no input changed.

    The kept results drop the test and score tables: nothing downstream of scoring
    reads them, and they are the bulk of an edition.
    """
    root = Path(root)
    store = store or Store(None)
    problems = Problems()
    files = _FileDigests(store)
    sectors, companies, portal = load_common(root, problems)
    code = source_digest("*.py")
    common = files.hash_files([root / "sectors.yaml", root / "companies.yaml"], code)
    inputs = hashlib.sha256(files.hash_files([root / "portal.yaml"], common).encode())
    marks_seed = _marks_seed(code, sectors, companies)
    results: dict[int, EditionResult] = {}
    scored = reused = 0
    folders = list(edition_folders(root, problems))
    counter = store.progress.task("scoring editions", len(folders))
    for folder in folders:
        counter.advance()
        key = files.hash_files(sorted(p for p in folder.iterdir() if p.is_file()), marks_seed)
        inputs.update(f"{folder.name}:{key}\n".encode())
        name = f"{folder.name}-{key[:32]}"
        known = None if problems else store.recall("results", folder.name, name)
        if isinstance(known, EditionResult):
            results[int(folder.name)] = known
            reused += 1
            continue
        edition = load_edition(root, folder, problems, sectors, companies)
        if edition is None:
            continue
        # pandas and pyarrow: only when scoring
        from escda_site.inputs.csvio import release_unused
        from escda_site.scoring.marks import score_edition

        result = score_edition(edition)
        light = dataclasses.replace(edition, tests=None, scores=None)
        result = dataclasses.replace(result, edition=light)
        del edition
        release_unused()  # the edition's tables, before the next one is read
        results[light.year] = result
        scored += 1
        store.keep("results", folder.name, name, result)
    problems.raise_if_any()
    files.save()
    dataset = Dataset(
        sectors=tuple(sectors),
        companies=tuple(companies),
        editions=tuple(results[y].edition for y in sorted(results)),
        demo=portal.demo,
        organiser=portal.organiser,
        accessibility=portal.accessibility,
    )
    return dataset, results, PipelineStats(len(results), scored, reused, inputs.hexdigest())
