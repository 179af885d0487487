"""The confidential full ranking of an edition, for organisers (never written into the site)."""

from __future__ import annotations

import pandas as pd

from escda_site.inputs.model import Dataset
from escda_site.scoring.results import EditionResult

STATUS_TEXT = {
    "laureate": "laureate",
    "below_threshold": "no laureate: best participant below the threshold",
    "too_few": "no election: too few companies tested",
    "no_participant": "no election: only benchmarks tested",
    "no_laureate": "no laureate published",
}


def ranking_frame(result: EditionResult, dataset: Dataset) -> pd.DataFrame:
    """Every entrant of every category, best first, with channel and overall marks."""
    channel_ids = [c.id for c in result.edition.channels]
    rows = []
    for cr in result.categories:
        for rank, s in enumerate(cr.ranking, start=1):
            rows.append(
                {
                    "category": cr.category.slug,
                    "rank": rank,
                    "company": s.company,
                    "name": dataset.company(s.company).name,
                    "role": s.role,
                    "overall": s.overall,
                    **{cid: s.channel_mark(cid) for cid in channel_ids},
                    "tests": s.tests,
                    "laureate": s in cr.laureates,
                    "category_result": STATUS_TEXT[cr.status],
                }
            )
    return pd.DataFrame(rows)
