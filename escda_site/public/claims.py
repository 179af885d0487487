"""What a result claims, in one place: how many companies were tested, how many could win,
and what kind of award it is. Pages, snippets, the feed and open data all say it the same way.

A court found the word « élection » misleading when a company was alone in its category,
so every result says how many companies were tested and how many of them could win; sector
benchmarks (« référents du secteur ») are tested but never win, and are never named.
"""

from __future__ import annotations

from escda_site.public.view import PublicCategory, PublicEdition
from escda_site.text import frformat
from escda_site.text.wording import plural, tested_and_candidates, threshold_text

UNPUBLISHED = "nombre d'entreprises testées non publié"


def benchmarks_text(category: PublicCategory) -> str:
    """`1 référent du secteur, hors concours` (`2 référents…`); "" without benchmarks."""
    if not category.benchmarks:
        return ""
    n = category.benchmarks
    return f"{plural(n, 'référent du secteur', 'référents du secteur')}, hors concours"


def tested_text(category: PublicCategory) -> str:
    """`3 entreprises testées, dont 2 candidates au titre et 1 référent du secteur, hors
    concours`; archives did not publish the number.

    It starts with the short form that travels with a title (`tested_and_candidates`):
    the logo's caption, the certificate and the share image say the same.
    """
    if category.tested is None:
        return UNPUBLISHED
    text = tested_and_candidates(category)
    benchmarks = benchmarks_text(category)
    if not benchmarks:
        return text
    if not category.candidates:
        return f"{text} ({benchmarks})"
    return f"{text} et {benchmarks}"


def award_line(edition: PublicEdition, category: PublicCategory) -> str:
    """The one-line statement of what the award is, for a category's result."""
    return (
        f"Concours privé à inscription payante : {tested_text(category)} ; "
        f"seuil d'attribution {threshold_text(edition.threshold)}."
    )


def edition_counts(edition: PublicEdition) -> str:
    """What an edition's totals count, in words that add up.

    `60 entreprises testées en comptant chaque catégorie (59 entreprises distinctes), dont
    50 candidates au titre et 10 référents du secteur, hors concours ; 13 500 tests clients
    mystères (225 par entreprise et par catégorie)`.
    """
    entries = edition.entries
    benchmarks = entries - edition.candidates
    text = f"{plural(entries, 'entreprise testée', 'entreprises testées')} en comptant chaque "
    text += f"catégorie ({plural(edition.companies_tested, 'entreprise', 'entreprises')} "
    text += "distincte)" if edition.companies_tested <= 1 else "distinctes)"
    if benchmarks:
        text += (
            f", dont {plural(edition.candidates, 'candidate', 'candidates')} au titre et "
            f"{plural(benchmarks, 'référent', 'référents')} du secteur, hors concours"
        )
    return (
        f"{text} ; {plural(edition.tests_run, 'test', 'tests')} clients mystères "
        f"({frformat.number(edition.tests_per_entry)} par entreprise et par catégorie)"
    )


def edition_award_line(edition: PublicEdition) -> str:
    """The one-line statement of what the award is, for a whole edition (feed, snippets)."""
    if edition.archive:
        return (
            "Concours privé à inscription payante ; seuil d'attribution "
            f"{threshold_text(edition.threshold)} ; {UNPUBLISHED}."
        )
    return (
        f"Concours privé à inscription payante : {edition_counts(edition)} ; "
        f"seuil d'attribution {threshold_text(edition.threshold)}."
    )
