"""What every `escda` command shares: its exit statuses and the unusable value it refuses."""

from __future__ import annotations

from datetime import datetime

# Exit statuses: 2 for what the organiser fixes in the data, the configuration or the
# command line; 1 for a failure of the build or of the machine (disk, permissions…).
EXIT_DATA = 2
EXIT_FAILURE = 1
# `escda verify`: some file is not one the portal published.
EXIT_NOT_OFFICIAL = 3


class UsageProblem(Exception):
    """A value given on the command line or in the environment is unusable."""


def parse_as_of(text: str, what: str = "--as-of") -> datetime:
    """An ISO date or date-time, as Paris time when it has no offset."""
    from escda_site.inputs.yamldoc import YEARS, in_years, paris_time

    shown = text if len(text) <= 40 else text[:40] + "…"
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageProblem(
            f"{what}: not an ISO date or date-time such as 2026-10-08T20:00: {shown!r}"
        ) from None
    if not in_years(moment):
        raise UsageProblem(f"{what}: must lie between {YEARS[0]} and {YEARS[1]}: {shown!r}")
    return paris_time(moment)
