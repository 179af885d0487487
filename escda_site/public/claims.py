"""What a result claims, in one place: how many companies were tested, how many could win,
and what kind of award it is. Pages, snippets, the feed and open data all say it the same way.

A court found the word « élection » misleading when a company was alone in its category,
so every result says how many companies were tested and how many of them could win; sector
benchmarks (« référents du secteur ») are tested but never win, and are never named.
"""

from __future__ import annotations

from collections.abc import Callable

from escda_site.public.sentences import (
    NO_ELECTION,
    edition_summary,
    laureates_text,
    no_laureate_heading,
    no_laureate_reason,
    tested_and_candidates,
    unpublished_count,
)
from escda_site.public.view import PublicCategory, PublicEdition
from escda_site.text import frformat
from escda_site.text.figures import MARK_UNPUBLISHED, mark_clause, plural, threshold_text
from escda_site.text.wording import AWARD


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
        return tested_and_candidates(category)  # that it was not published
    text = tested_and_candidates(category)
    benchmarks = benchmarks_text(category)
    # No candidate: every company tested was a référent, which « aucune candidate au titre »
    # already says; « (8 référents du secteur, hors concours) » only stacked a bracket inside
    # the one a reason puts it in (« Aucune entreprise candidate… (8 entreprises testées,
    # aucune candidate au titre (8 référents…)) »).
    if not benchmarks or not category.candidates:
        return text
    return f"{text} et {benchmarks}"


def reason_and_count(
    edition: PublicEdition,
    category: PublicCategory,
    count: Callable[[PublicCategory], str] = tested_text,
) -> tuple[str, str]:
    """Why a category without laureate has none, and how many companies were tested
    (`count`, the page's long form or the short one that travels), each said once wherever
    both are shown: « moins de 3 entreprises testées » then « (2 entreprises testées) » said
    the number twice, so a known count is the reason itself (« 2 entreprises testées, toutes
    candidates au titre, alors qu'il en faut au moins 3 ») and the count
    is then "". A count the archive did not publish is `count`'s own words."""
    if category.status == "too_few" and category.tested is not None:
        # Always after « Pas d'élection », which says what the minimum is for.
        return f"{count(category)}, alors qu'il en faut au moins {edition.min_tested}", ""
    return no_laureate_reason(edition, category), count(category)


def result_clause(category: PublicCategory, strong: str = "") -> str:
    """What a laureate's sentence says after « X remporte le titre … dans la catégorie Y »:
    its mark and how many were tested, or, for each, that it was not published.

    `, avec une note globale de 14,37/20, parmi 5 entreprises testées…`;
    ` (note globale et nombre d'entreprises testées non publiés)` for an archive that gave
    neither. `strong` wraps the figures (`**` in Markdown).
    """
    overall = category.laureates[0].overall if category.laureates else None
    tested = None if category.tested is None else f"{strong}{tested_text(category)}{strong}"
    if overall is None and tested is None:
        return " (note globale et nombre d'entreprises testées non publiés)"
    if overall is None:
        return f", parmi {tested} ({MARK_UNPUBLISHED})"
    text = mark_clause(overall, strong)
    return f"{text}, parmi {tested}" if tested else f"{text} ({unpublished_count(category)})"


AWARD_NATURE = "Concours privé à inscription payante"


def award_nature() -> str:
    """What the title is, where the count and the threshold are given beside it (the
    category page's table): `Concours privé à inscription payante, entre les seules
    entreprises inscrites dans la catégorie`."""
    return f"{AWARD_NATURE}, entre les seules entreprises inscrites dans la catégorie"


def award_line(edition: PublicEdition, category: PublicCategory, counted: bool = True) -> str:
    """The one-line statement of what the award is, for a category's result; without its
    count when `counted` is False, the reason above it having said it (`reason_and_count`)."""
    threshold = f"seuil d'attribution {threshold_text(edition.threshold)}."
    if not counted:
        return f"{AWARD_NATURE} ; {threshold}"
    return f"{AWARD_NATURE} : {tested_text(category)} ; {threshold}"


_COUNT_WORDS = ("zéro", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf")


def _in_words(n: int) -> str:
    """`deux`, `trois`…: small counts in a sentence are written out (feminine, as in
    « une entreprise »), larger ones in figures."""
    return _COUNT_WORDS[n] if 0 <= n < len(_COUNT_WORDS) else frformat.number(n)


def companies_tested_text(distinct: int, entries: int, repeats: tuple[int, ...]) -> str:
    """How many companies an edition tested, counted as a reader counts them: companies
    first, then participations (one per company and category) when they differ.

    `59 entreprises testées (60 participations, une entreprise concourant dans deux
    catégories)`; `72 entreprises testées (chacune dans une seule catégorie)`; `aucune
    entreprise testée`. `repeats`: per company tested in two categories or more, in how
    many (PublicEdition.repeat_entries).
    """
    if entries == 0:
        return "aucune entreprise testée"
    text = plural(distinct, "entreprise testée", "entreprises testées")
    if distinct == entries:  # nobody tested in two categories
        return text + (" (chacune dans une seule catégorie)" if entries > 1 else "")
    kinds = set(repeats)
    if distinct == 1:
        who = f"l'entreprise concourant dans {_in_words(entries)} catégories"
    elif len(repeats) == 1:
        who = f"une entreprise concourant dans {_in_words(repeats[0])} catégories"
    elif len(kinds) == 1:
        who = (
            f"{_in_words(len(repeats))} entreprises concourant chacune dans "
            f"{_in_words(kinds.pop())} catégories"
        )
    elif repeats:
        who = f"{_in_words(len(repeats))} entreprises concourant dans plusieurs catégories"
    else:  # the scorer did not say which companies (an edition built by hand)
        who = "certaines entreprises concourant dans plusieurs catégories"
    return f"{text} ({plural(entries, 'participation', 'participations')}, {who})"


def edition_counts(edition: PublicEdition) -> str:
    """What an edition's totals count, in words that add up.

    `59 entreprises testées (60 participations, une entreprise concourant dans deux
    catégories) ; sur ces 60 participations, 50 candidatures au titre et 10 référents du
    secteur, hors concours ; 13 500 tests clients mystères (225 par participation)`;
    `72 entreprises testées (chacune dans une seule catégorie), dont 62 candidates au titre
    et 10 référents du secteur, hors concours ; 16 200 tests clients mystères (225 par
    entreprise)`. The
    candidates and référents add up to the participations, as the tests do.
    """
    entries = edition.entries
    benchmarks = entries - edition.candidates
    once = edition.companies_tested == entries
    text = companies_tested_text(edition.companies_tested, entries, edition.repeat_entries)
    if not entries:
        return text
    if benchmarks and once:
        text += (
            f", dont {plural(edition.candidates, 'candidate', 'candidates')} au titre et "
            f"{plural(benchmarks, 'référent', 'référents')} du secteur, hors concours"
        )
    elif benchmarks:
        text += (
            # « soit 50 … et 10 … » after « 59 entreprises » read as a sum that is wrong.
            f" ; sur ces {plural(entries, 'participation', 'participations')}, "
            f"{plural(edition.candidates, 'candidature', 'candidatures')} au titre et "
            f"{plural(benchmarks, 'référent', 'référents')} du secteur, hors concours"
        )
    per = "par entreprise" if once else "par participation"
    return (
        f"{text} ; {plural(edition.tests_run, 'test', 'tests')} clients mystères "
        f"({frformat.number(edition.tests_per_entry)} {per})"
    )


def archive_counts(edition: PublicEdition) -> str:
    """How many companies an archive edition says were tested, as far as it published it.

    `nombre d'entreprises testées non publié`; `60 entreprises testées dans les 18
    catégories` (added up category by category: the press never said how many distinct
    companies); when only some categories published theirs: `12 entreprises testées dans
    3 catégories (nombre non publié pour 2 autres catégories)`.
    """
    known = [c for c in edition.categories if c.tested is not None]
    if not known:
        return unpublished_count()
    tested = plural(edition.entries, "entreprise testée", "entreprises testées")
    missing = len(edition.categories) - len(known)
    if not missing:
        every = "la catégorie" if len(known) == 1 else f"les {len(known)} catégories"
        return f"{tested} dans {every}"
    others = plural(missing, "autre catégorie", "autres catégories")
    where = plural(len(known), "catégorie", "catégories")
    return f"{tested} dans {where} (nombre non publié pour {others})"


def archive_facts(edition: PublicEdition) -> str:
    """What the press said of an archive edition, in one sentence (its palmarès page).

    `14 titres dans 18 catégories, dont 3 sans lauréat et 1 sans élection ; seuil
    d'attribution 11,5/20 ; nombre d'entreprises testées non publié`.
    """
    return (
        f"{edition_summary(edition)} ; seuil d'attribution "
        f"{threshold_text(edition.threshold)} ; {archive_counts(edition)}"
    )


def edition_description(edition: PublicEdition) -> str:
    """An edition palmarès' meta description (search results and shared links)."""
    head = f"Le palmarès {edition.year} {frformat.of(AWARD)}{AWARD}"
    if edition.archive:
        number = frformat.ordinal(edition.number)
        return f"{head} ({number} édition, reprise des archives) : {archive_facts(edition)}."
    return (
        f"{head} : {laureates_text(edition)}, par secteur, avec leur note et le nombre "
        "d'entreprises testées."
    )


def edition_award_line(edition: PublicEdition) -> str:
    """The one-line statement of what the award is, for a whole edition (feed, snippets)."""
    if edition.archive:
        return (
            "Concours privé à inscription payante ; seuil d'attribution "
            f"{threshold_text(edition.threshold)} ; {archive_counts(edition)}."
        )
    return (
        f"Concours privé à inscription payante : {edition_counts(edition)} ; "
        f"seuil d'attribution {threshold_text(edition.threshold)}."
    )


def non_laureates_text(edition: PublicEdition) -> str:
    """What the edition's « Non-lauréats » average is made of, counted from the published
    per-category figures (never a mark): candidates that did not win, référents, and the
    candidates of categories without election.

    `La colonne « Non-lauréats » réunit les notes de 37 entreprises candidates non élues, de
    10 référents du secteur (testés hors concours) et de 2 entreprises candidates de la
    catégorie sans élection.` "" for an archive (no average).
    """
    if edition.archive:
        return ""
    cats = [c for c in edition.categories if c.tested is not None and c.candidates is not None]
    no_election = [c for c in cats if not c.laureates and no_laureate_heading(c) == NO_ELECTION]
    beaten = sum(c.candidates - len(c.laureates) for c in cats if c not in no_election)
    benchmarks = sum(c.benchmarks or 0 for c in cats)
    stranded = sum(c.candidates for c in no_election)
    where = (
        "de la catégorie sans élection"
        if len(no_election) == 1
        else f"des {plural(len(no_election), 'catégorie', 'catégories')} sans élection"
    )
    parts = [
        f"de {text}"
        for n, text in (
            (
                beaten,
                plural(beaten, "entreprise candidate non élue", "entreprises candidates non élues"),
            ),
            (
                benchmarks,
                plural(
                    benchmarks,
                    "référent du secteur (testé hors concours)",
                    "référents du secteur (testés hors concours)",
                ),
            ),
            (
                stranded,
                f"{plural(stranded, 'entreprise candidate', 'entreprises candidates')} {where}",
            ),
        )
        if n
    ]
    if not parts:
        return ""
    return f"La colonne « Non-lauréats » réunit les notes {frformat.enumeration(parts)}."
