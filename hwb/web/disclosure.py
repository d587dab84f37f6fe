"""Disclosure control for what anonymous visitors see.

The rule: in every table and CSV shown to a visitor who is not signed in, a
count (numerator) from 1 to 5 inclusive is replaced by the word "suppressed",
and so is that row's denominator (with the rate it would give the count back).
Zero and counts of 6 or more are shown. Values (rates, percentages) are shown
as OHID publishes them; the engine already blanks DSRs from fewer than 10
events. Signed-in users (viewer, editor, admin) see the figures unchanged.
"""

from __future__ import annotations

import pandas as pd

SUPPRESSED = "suppressed"
SMALL_MIN, SMALL_MAX = 1, 5


def is_small(count) -> bool:
    return count is not None and not pd.isna(count) and SMALL_MIN <= float(count) <= SMALL_MAX


def protect(frame: pd.DataFrame, anonymous: bool,
            pairs: tuple[tuple[str, str | None], ...] = (("count", "denominator"),)) -> pd.DataFrame:
    """A copy of `frame` with small counts (and their denominators) suppressed for anonymous users.

    `pairs` names each count column and the denominator column that goes with it (or None).
    """
    if not anonymous or frame.empty:
        return frame
    out = frame.copy()
    for count, denominator in pairs:
        if count not in out.columns:
            continue
        small = out[count].map(is_small).astype(bool)
        for column in (count, denominator):
            if column in out.columns:
                out[column] = out[column].astype(object)
                out.loc[small, column] = SUPPRESSED
    return out
