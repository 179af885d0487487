"""Rules shared by validation and scoring: zero rules, text codes, the criterion table.

They live in the input layer so that validation never imports scoring.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable

import numpy as np
import pandas as pd

from escda_site.inputs.model import Channel

OPERATORS = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
}


def zero_mask(tests: pd.DataFrame, channels: tuple[Channel, ...]) -> np.ndarray:
    """True for the tests that score 0 automatically under their channel's `zero_if` rules."""
    zero = np.zeros(len(tests), dtype=bool)
    for ch in channels:
        if not ch.zero_if:
            continue
        rows = (tests["channel"] == ch.id).to_numpy()
        for rule in ch.zero_if:
            hit = OPERATORS[rule.op](tests[rule.field], rule.value).fillna(False)
            zero |= rows & hit.to_numpy(dtype=bool)
    return zero


def text_codes(values: pd.Series, order: list[str] | None = None) -> tuple[np.ndarray, list]:
    """Integer codes of a text column, and the values they stand for.

    In order of first appearance, or the positions in `order` when given (-1 for a value
    not in it). Hashing each distinct string once makes the rest integer arithmetic.
    """
    codes, uniques = pd.factorize(values)
    if order is None:
        return codes, list(uniques)
    position = {v: i for i, v in enumerate(order)}
    return np.array([position.get(u, -1) for u in uniques], dtype=np.intp)[codes], order


def criterion_table(channels: Iterable[Channel], names: list[str]) -> np.ndarray:
    """Max points of each (channel, criterion name) pair; NaN where the channel lacks it."""
    channels = list(channels)
    column = {name: i for i, name in enumerate(names)}
    table = np.full((len(channels), len(names)), np.nan)
    for ci, ch in enumerate(channels):
        for crit in ch.criteria:
            if crit.id in column:
                table[ci, column[crit.id]] = crit.max
    return table
