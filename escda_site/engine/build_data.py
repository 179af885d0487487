"""What each build of the plugin is made from: its store and its data, validated and scored.

The store of the previous build is kept while its folder is the same (`escda serve`'s
rebuilds read what the last one kept in memory). Data with problems fails a build, except
under `serve`, where the last good data stays on show under a banner listing the problems.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from escda_site import progress
from escda_site.cache.store import Store
from escda_site.engine.outdir import refuse_cache_place
from escda_site.inputs.model import Dataset
from escda_site.inputs.problems import DataError
from escda_site.scoring.pipeline import PipelineStats, load_and_score

# (dataset, results, stats), as `load_and_score` gives them.
Scored = tuple[Dataset, dict[int, Any], PipelineStats]
_NOTHING: Scored = (Dataset((), (), ()), {}, PipelineStats(0, 0, 0))


def open_store(
    store: Store | None,
    root: Path | None,
    config: MkDocsConfig,
    data: Path,
    serving: bool,
    display: progress.Display,
) -> Store:
    """The build's store for the cache folder `root` (None: no cache): `store`, the previous
    build's, if its folder is the same. A cache folder inside a source is refused
    (OutputError)."""
    if root is not None:
        folders = [
            ("the data folder", data),
            ("docs_dir", Path(config.docs_dir)),
            ("the output folder", Path(config.site_dir)),
        ]
        if config.theme.custom_dir:
            folders.append(("the theme's custom_dir", Path(config.theme.custom_dir)))
        refuse_cache_place(root, folders)
    if store is None or store.root != root:
        if store is not None:
            store.close()
        store = Store(root, lasting=serving)
    store.begin(display)
    return store


def load_data(
    data: Path, store: Store, serving: bool, last_good: Scored | None
) -> tuple[Scored, list[str]]:
    """The data folder validated and scored, and no problem; DataError if it has problems,
    but under `serve` the last good data (or none yet) and the problems, one a line."""
    try:
        return load_and_score(data, store), []
    except DataError as err:
        if not serving:
            raise
        # Failing the build would leave every request waiting; the edit that fixes the
        # problems brings the site back. Not MkDocs' logger: strict would abort.
        problems = err.report().splitlines()
        for line in problems:
            logging.getLogger("escda.serve").error(f"escda: {line}")
        return last_good or _NOTHING, problems
