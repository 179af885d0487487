"""The open data column names of channel marks: part of the data contract.

Validation refuses two channels whose labels give the same column (`inputs/load.py`), and
the open data files and their documentation name the columns by the same rule
(`outputs/opendata/`), so the rule lives here, below both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

from escda_site.text import frformat
from escda_site.text.clean import clean

if TYPE_CHECKING:
    from escda_site.inputs.model import Channel


class HasChannels(Protocol):
    """An edition, as loaded or as published: its year and its channels."""

    @property
    def year(self) -> int: ...

    @property
    def channels(self) -> tuple[Channel, ...]: ...


# A channel's mark column is named after its French label, never after its technical id
# (`phone`, `email`…), so every open data field name is French.
CHANNEL_COLUMN_PREFIX = "note_"


def channel_column(label: str) -> str:
    """The open data column of a channel's mark: `E-mails et formulaires` ->
    `note_e_mails_et_formulaires`, `Appels téléphoniques` -> `note_appels_telephoniques`.

    Accents and case are set aside, `&` reads `et`, every run of other characters becomes
    one `_`: plain ASCII that any spreadsheet, pandas or SQL takes as a column name.
    An empty result (a label with no Latin letter or digit) is `note_`, refused by the
    data validation like any clash.
    """
    text = frformat.fold(clean(label).lower().replace("&", " et "))
    slug = re.sub(r"[^a-z0-9]+", "_", text).strip("_")
    return CHANNEL_COLUMN_PREFIX + slug


def channel_columns(editions: Iterable[HasChannels]) -> dict[str, str]:
    """Each channel id of `editions` -> its open data column, one rule for every file.

    The column is named after the channel's label in the oldest edition that has the
    channel: published editions never change, so a later relabelling never renames a
    column readers already use. Ids are listed newest edition first, in display order.
    """
    oldest: dict[str, str] = {}
    for edition in sorted(editions, key=lambda e: e.year):
        for channel in edition.channels:
            oldest.setdefault(channel.id, channel.label)
    order: dict[str, None] = {}
    for edition in sorted(editions, key=lambda e: e.year, reverse=True):
        for channel in edition.channels:
            order.setdefault(channel.id, None)
    return {cid: channel_column(oldest[cid]) for cid in order}
