"""Marks, thresholds, weights and counts in French words, written one way everywhere.

`text/frformat.py` formats numbers and dates (Babel); here they become the phrases pages,
snippets, feeds and charts share: `14,37/20`, `note globale non publiée`, `11,5/20`,
`62,2 %`, `1 entreprise testée`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

from escda_site.text import frformat

# A mark an archive did not publish. Each sentence that carries a mark says it in its own
# words (`mark_clause`, `mark_or_unpublished`): « non publiée » never stands where a
# figure would, as in « avec une note globale de non publiée ».
MARK_UNPUBLISHED = "note globale non publiée"


def mark_or_unpublished(value: float | None) -> str:
    """A mark where a line names it alone: `14,37/20`, or `note globale non publiée`."""
    return MARK_UNPUBLISHED if value is None else frformat.mark(value)


def mark_phrase(value: float | None) -> str:
    """The mark after a name and a comma: `note globale 14,37/20`, or `note globale non
    publiée` (never in brackets: a renamed laureate's name ends with its own)."""
    return MARK_UNPUBLISHED if value is None else f"note globale {frformat.mark(value)}"


def mark_clause(value: float | None, strong: str = "") -> str:
    """The mark after a sentence's main clause: `, avec une note globale de 14,37/20`, or
    ` (note globale non publiée)`. `strong` wraps the figure (`**` in Markdown)."""
    if value is None:
        return f" ({MARK_UNPUBLISHED})"
    return f", avec une note globale de {strong}{frformat.mark(value)}{strong}"


def threshold_text(value: float) -> str:
    """A threshold, a round number of the rules: `12.0` -> `12/20`, `11.5` -> `11,5/20`.

    Written this way on every page, snippet, feed entry and chart; open data keeps the
    number itself.
    """
    decimals = next((d for d in (0, 1) if round(value, d) == round(value, 2)), 2)
    return f"{frformat.number(value, decimals)}/20"


def threshold_scope(value: float) -> str:
    """What the threshold applies to, in words: the overall mark only, never a channel's.

    Said wherever channel marks sit beside the threshold (result page's table and chart),
    as readers took a channel mark under it for a laureate who failed it.
    """
    return (
        f"le seuil d'attribution, {threshold_text(value)}, s'applique à la note globale "
        "seule, pas aux notes par canal"
    )


def plural(n: int, singular: str, several: str) -> str:
    """`0 lauréat`, `1 lauréat`, `2 lauréats`, `1 250 lauréats`: French counts 0 as one."""
    return f"{frformat.number(n)} {singular if abs(n) < 2 else several}"


def _rounded(value: Fraction, decimals: int) -> Fraction:
    """`value` rounded half up to `decimals`, as a reader rounds."""
    return Fraction(math.floor(value * 10**decimals + Fraction(1, 2)), 10**decimals)


def _decimal(value: Fraction) -> str:
    """An exact decimal French style, no trailing zero: `62.5` -> `62,5`, `50` -> `50`."""
    shown = next(d for d in range(9) if (value * 10**d).denominator == 1)
    return frformat.number(float(value), shown)


def weight_text(weight: float) -> str:
    """A channel's weight as the rules give it: `140`, `0,25` (up to 3 decimals, exact)."""
    return _decimal(_rounded(Fraction(weight), 3))


def weight_shares(weights: Sequence[float]) -> tuple[list[str], str]:
    """Each channel's weight in the overall mark, and a note when a share is rounded.

    `[140, 50, 15, 10, 10]` -> `140 sur 225 (62,2 %)`…: the weights are the rules' exact
    figures and add up to their total; the percentages are rounded to a tenth, each on its
    own, so equal weights show equal shares, and the note says what they add up to
    (`99,9 %`) rather than nudging one of them to make 100. Empty note: all exact.
    """
    exact = [_rounded(Fraction(w), 3) for w in weights]  # config floats, read to 3 decimals
    total = sum(exact, Fraction(0))
    if not total:
        return ["—" for _ in weights], ""
    shares = [_rounded(100 * w / total, 1) for w in exact]
    total_text = _decimal(total)
    cells = [
        f"{_decimal(w)} sur {total_text} ({_decimal(p)} %)"
        for w, p in zip(exact, shares, strict=True)
    ]
    if all(p == 100 * w / total for w, p in zip(exact, shares, strict=True)):
        return cells, ""
    added = sum(shares, Fraction(0))
    rounded = (
        "Les pourcentages sont arrondis au dixième"
        if added == 100
        else f"Les pourcentages, arrondis au dixième, font ensemble {_decimal(added)} %"
    )
    return cells, f"{rounded} ; la note globale utilise les poids exacts ({total_text} au total)."


def companies(n: int) -> str:
    """`5` -> `5 entreprises testées`, `1` -> `1 entreprise testée`."""
    return plural(n, "entreprise testée", "entreprises testées")
