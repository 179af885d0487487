"""French formatting of marks, numbers and dates (Babel, independent of the machine's locale)."""

from __future__ import annotations

import functools
import unicodedata
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_decimal

PARIS = ZoneInfo("Europe/Paris")  # the award's clock: proclamations, embargoes
NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space, used by French typography inside numbers


# Cached: the same marks and counts are formatted on many pages, and Babel parses the
# pattern and looks the locale up again on every call.
@functools.lru_cache(maxsize=1 << 16)
def number(value: float | int, decimals: int = 0) -> str:
    """`1250` -> `1 250`, `13.5, 2` -> `13,50` (no-break spaces as thousands separator)."""
    fmt = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=fmt, locale="fr_FR").replace(NNBSP, NBSP)


def mark(value: float | None, suffix: bool = True) -> str:
    """`14.3726` -> `14,37/20`; marks are shown rounded to 2 decimals."""
    if value is None:
        return "non publiée"
    text = number(round(value + 0.0, 2), 2)
    return f"{text}/20" if suffix else text


# Cached for the same reason as `number` (pure: a date and a flag in, text out).
@functools.lru_cache(maxsize=1 << 12)
def _day(value: date, year: bool) -> str:
    text = format_date(value, format="d MMMM y" if year else "d MMMM", locale="fr_FR")
    # A no-break space after the day: « 8 » alone at the end of a line reads as a count.
    number, rest = text.split(" ", 1)
    return f"{'1er' if value.day == 1 else number}{NBSP}{rest}"


def day(value: date | datetime) -> str:
    """`2024-10-10` -> `10 octobre 2024` (`1er` for the first of the month), with a
    no-break space between the day and the month, in every text this date is written in
    (data files hold dates as ISO values, never through this function)."""
    return _day(value.date() if isinstance(value, datetime) else value, True)


def period(start: date | datetime, end: date | datetime) -> str:
    """`du 11 mai au 17 juillet 2026`: the year once when both days share it, else
    `du 9 octobre 2025 au 30 septembre 2026`. Every range of days is written by it."""
    start = start.date() if isinstance(start, datetime) else start
    end = end.date() if isinstance(end, datetime) else end
    return f"du {_day(start, start.year != end.year)} au {day(end)}"


def moment(value: datetime) -> str:
    """`2026-10-08T20:00+02:00` -> `8 octobre 2026 à 20 h` (Paris time; minutes if any),
    the hour kept with its « h » by a no-break space, as the day with its month."""
    local = value.astimezone(PARIS)
    clock = f"{local.hour}\u00a0h" + (f"\u00a0{local.minute:02d}" if local.minute else "")
    return f"{day(local)} à {clock}"


def enumeration(parts: list[str]) -> str:
    """`a`, `a et b`, `a, b et c`: a French list, no comma before its last item."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " et " + parts[-1]


def ordinal(n: int) -> str:
    """`1` -> `1re`, `3` -> `3e` (feminine, as in « 3e année consécutive »)."""
    return "1re" if n == 1 else f"{n}e"


@functools.lru_cache(maxsize=1 << 16)  # the search index repeats the same words a lot
def fold(text: str) -> str:
    """`Société Énergie` -> `Societe Energie`: what French readers type in a search box."""
    return (
        "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
        .replace("œ", "oe")
        .replace("æ", "ae")
    )


def of(name: str) -> str:
    """`de ` or, before a vowel or a mute h, `d'`: « la note d'Hypermarchés du Cèdre »."""
    first = fold(name[:1]).lower()
    return "d'" if first and first in "aeiouyh" else "de "


def sort_key(name: str) -> str:
    """French alphabetical order: accents and case aside, `Énergie` comes before `Total`."""
    return fold(name).casefold()
