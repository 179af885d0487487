"""The escda plugin's options in `mkdocs.yml`, typed and checked by MkDocs itself.

    plugins:
      - escda:
          data_dir: data                       # relative to mkdocs.yml
          cache_dir: !ENV [ESCDA_CACHE, .cache/escda]
          cache: true                          # false: no cache read or written
          as_of: !ENV ESCDA_AS_OF              # "now" of the build; unset: the clock
          preview: false                       # every edition, embargoed ones marked
          pages:                               # hand-written pages of docs_dir, « À propos »
            - Contact: contact.md

`escda build/serve` set the same options from their command line (see `engine.build`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from mkdocs.config import base
from mkdocs.config import config_options as c

from escda_site.inputs.yamldoc import YEARS, in_years, paris_time


def as_of_datetime(value: str | date | datetime | None) -> datetime:
    """The build's "now" as an aware datetime: an ISO text or a date-time, else the clock.

    A date-time without offset is Paris time, the organiser's; a bare date is its midnight.
    """
    if value is None or value == "":
        return datetime.now(UTC)
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):  # a YAML date
        value = datetime(value.year, value.month, value.day)
    if not in_years(value):
        raise ValueError(f"an as-of from {YEARS[0]} to {YEARS[1]} is needed, got {value}")
    return paris_time(value)


class AsOf(c.BaseConfigOption[datetime | None]):
    """An optional date-time: ISO text (from `!ENV`), a YAML timestamp or a datetime."""

    def run_validation(self, value: object) -> datetime | None:
        if value is None or value == "":
            return None
        if not isinstance(value, str | date | datetime):
            raise base.ValidationError(f"expected an ISO date-time, got {value!r}")
        try:
            return as_of_datetime(value)
        except ValueError as exc:
            raise base.ValidationError(f"not an ISO date or date-time: {value!r} ({exc})") from exc


class EscdaConfig(base.Config):
    """Options of the escda plugin (`enabled: false` turns it off, as Material's plugins)."""

    enabled = c.Type(bool, default=True)
    data_dir = c.Dir(exists=False, default="data")
    cache_dir = c.Dir(exists=False, default=".cache/escda")
    # As Material's plugins: false builds everything from the inputs, reading and writing
    # no cache (what a build keeps for itself is removed when it ends).
    cache = c.Type(bool, default=True)
    as_of = AsOf()
    preview = c.Type(bool, default=False)
    pages = c.Type(list, default=[])
