"""Files → validated model → scores, with a per-edition cache keyed on input hashes."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import pickle
import time
from dataclasses import dataclass
from pathlib import Path

from escda_site import progress
from escda_site.atomic import write_atomic
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
# at archive scale): its digest is kept in memory under `escda serve`, and in the cache
# folder between builds, as git's index does. An edition whose key did not change keeps
# its results in memory.
_DIGESTS: dict[tuple, tuple[bytes, float]] = {}
_DIGESTS_FILE = "digests.pickle"
_USED: set[tuple] = set()  # the keys of the files hashed in this run
_RESULTS: dict[str, EditionResult] = {}
# A file modified this close to its hashing may change again within the same timestamp
# (git's "racy" files): its digest is not trusted from memory.
_RACY_S = 2.0


def _file_digest(path: Path) -> bytes:
    try:
        st = path.stat()
    except FileNotFoundError:
        return b"<missing>"
    key = (str(path), st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    _USED.add(key)
    known = _DIGESTS.get(key)
    if known is not None and max(st.st_mtime_ns, st.st_ctime_ns) / 1e9 < known[1] - _RACY_S:
        return known[0]
    hashed_at = time.time()
    digest = hashlib.sha256(path.read_bytes()).digest()
    _DIGESTS[key] = (digest, hashed_at)
    return digest


def _load_digests(cache_dir: Path | None) -> None:
    if cache_dir is None or _DIGESTS:
        return
    # Missing or damaged: every file is hashed again.
    with contextlib.suppress(Exception):
        _DIGESTS.update(pickle.loads((cache_dir / _DIGESTS_FILE).read_bytes()))


def _save_digests(cache_dir: Path | None, used: set[tuple]) -> None:
    if cache_dir is None:
        return
    kept = {k: v for k, v in _DIGESTS.items() if k in used}  # files that are gone drop out
    cache_dir.mkdir(parents=True, exist_ok=True)
    write_atomic(cache_dir / _DIGESTS_FILE, pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))


def _hash_files(paths: list[Path], seed: str) -> str:
    digest = hashlib.sha256(seed.encode())
    for path in paths:
        digest.update(path.name.encode() + b"\0")
        digest.update(_file_digest(path))
    return digest.hexdigest()


def load_and_score(
    root: Path, cache_dir: Path | None = None
) -> tuple[Dataset, dict[int, EditionResult], PipelineStats]:
    """Validate and score every edition; reuse an edition's results when no input changed.

    The cached results drop the test and score tables: nothing downstream of scoring
    reads them, and they are the bulk of an edition.
    """
    root = Path(root)
    problems = Problems()
    _load_digests(cache_dir)
    _USED.clear()
    sectors, companies, portal = load_common(root, problems)
    common = _hash_files([root / "sectors.yaml", root / "companies.yaml"], source_digest("*.py"))
    inputs = hashlib.sha256(_hash_files([root / "portal.yaml"], common).encode())
    results: dict[int, EditionResult] = {}
    scored = reused = 0
    in_memory: dict[str, EditionResult] = {}
    folders = list(edition_folders(root, problems))
    counter = progress.task("scoring editions", len(folders))
    for folder in folders:
        counter.advance()
        files = sorted(p for p in folder.iterdir() if p.is_file())
        key = _hash_files(files, common)
        inputs.update(f"{folder.name}:{key}\n".encode())
        cached = cache_dir / "results" / f"{folder.name}-{key[:32]}.pickle" if cache_dir else None
        if cached is not None and cached.is_file() and not problems:
            try:
                known = _RESULTS.get(cached.name)
                if known is None:
                    known = pickle.loads(cached.read_bytes())
                results[int(folder.name)] = in_memory[cached.name] = known
                reused += 1
                continue
            except Exception:  # noqa: BLE001 (a damaged cache file is a miss, rewritten below)
                cached.unlink(missing_ok=True)
        edition = load_edition(root, folder, problems, sectors, companies)
        if edition is None:
            continue
        from escda_site.scoring.marks import score_edition  # pandas: only when scoring

        result = score_edition(edition)
        light = dataclasses.replace(edition, tests=None, scores=None)
        result = dataclasses.replace(result, edition=light)
        results[edition.year] = result
        scored += 1
        if cached is not None:
            in_memory[cached.name] = result
            cached.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(cached, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    problems.raise_if_any()
    _save_digests(cache_dir, _USED)
    _RESULTS.clear()
    _RESULTS.update(in_memory)
    dataset = Dataset(
        sectors=tuple(sectors),
        companies=tuple(companies),
        editions=tuple(results[y].edition for y in sorted(results)),
        demo=portal.demo,
        organiser=portal.organiser,
    )
    return dataset, results, PipelineStats(len(results), scored, reused, inputs.hexdigest())
