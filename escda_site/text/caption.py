"""The mandatory caption that accompanies the logo in advertising, in one place.

The category page, the press kit and the certificate all print this text, so a reader
of an advertisement can find the edition, the category, the study period, how many
companies were tested and the page that proves the title.
"""

from __future__ import annotations

from datetime import date

from escda_site.text.frformat import day

AWARD = "Élu Service Client de l'Année"


def study_period(start: date, end: date) -> str:
    """« du 13 mai 2019 au 19 juillet 2019 »."""
    return f"du {day(start)} au {day(end)}"


def logo_caption(
    year: int,
    category: str,
    url: str,
    tested: int | None,
    campaign: tuple[date, date] | None,
) -> str:
    """« Élu Service Client de l'Année 2020 – Catégorie Banque – Étude réalisée du … au … –
    4 entreprises testées – Détails sur <url> ».

    `tested` and `campaign` are None for archive editions, which did not publish them.
    """
    parts = [f"{AWARD} {year}", f"Catégorie {category}"]
    if campaign is not None:
        parts.append(f"Étude réalisée {study_period(*campaign)} par tests de clients mystères")
    if tested is not None:
        parts.append(
            f"{tested} entreprise{'s' if tested > 1 else ''} testée{'s' if tested > 1 else ''}"
        )
    parts.append(f"Détails sur {url}")
    return " \u2013 ".join(parts)
