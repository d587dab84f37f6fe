"""Disclosure control: what a visitor without the right to see small numbers is shown.

The rule: anonymous visitors and viewers see a count from 1 to 5 inclusive as
"suppressed", and with it every figure the count could be calculated back from:
the denominator, the value, both pairs of confidence limits, the comparisons,
the rank and the quintile (the value's note says "suppressed"). A row can also
be hidden because of a total: hwb.web.queries.hidden adds, for every total a
hidden count belongs to (persons, a parent area, all categories), a second
hidden row, so no total minus its other parts gives the count back. England's
value is blank wherever England's own row is hidden. Zero and counts of 6 or
more are shown. Editors and admins see the figures unchanged.
"""

from __future__ import annotations

import pandas as pd

SUPPRESSED = "suppressed"
SMALL_MIN, SMALL_MAX = 1, 5
FULL_VIEW_ROLES = ("editor", "admin")
ENGLAND = "E92000001"
KEY = ("indicator_id", "area_code", "period", "sex", "age", "category_type", "category")
# Blanked on a hidden row: each gives the count back, or bounds it, given the denominator.
REVEALING = ("value", "lower_95", "upper_95", "lower_998", "upper_998", "compared_to_england",
             "compared_to_parent", "compared_to_goal", "nn_rank", "quintile", "rank", "rank_published")


def restricted(user) -> bool:
    """True for a visitor who is shown suppressed figures (anonymous or a viewer)."""
    return user is None or user.role not in FULL_VIEW_ROLES


def is_small(count) -> bool:
    """A count from 1 to 5 (text, such as an already suppressed count, is not)."""
    if isinstance(count, str) or count is None or pd.isna(count):
        return False
    return SMALL_MIN <= float(count) <= SMALL_MAX


def protect(frame: pd.DataFrame, anonymous: bool,
            pairs: tuple[tuple[str, str | None], ...] = (("count", "denominator"),), *,
            hidden: frozenset = frozenset(), ranked: bool = False) -> pd.DataFrame:
    """A copy of `frame` with small counts, and everything that reveals them, suppressed.

    `anonymous` is True for a visitor who may not see small numbers (see `restricted`).
    `pairs` names each count column and the column that goes with it (its denominator, or the
    value made from it; None for none). `hidden` holds result keys (KEY) hidden as well (see
    hwb.web.queries.hidden). `ranked` moves hidden rows to the end, so order reveals nothing.
    """
    if not anonymous or frame.empty:
        return frame
    out = frame.copy()
    keyed = pd.Series(False, index=out.index)
    if hidden and all(c in out.columns for c in KEY):
        keys = list(zip(*(out[c] for c in KEY)))
        keyed = pd.Series([k in hidden for k in keys], index=out.index, dtype=bool)
        if "england_value" in out.columns:
            england = pd.Series([(k[0], ENGLAND, *k[2:]) in hidden for k in keys], index=out.index, dtype=bool)
            out["england_value"] = out["england_value"].mask(england)
    mask = keyed.copy()
    for count, *linked in pairs:
        if count not in out.columns:
            continue
        small = out[count].map(is_small).astype(bool) | keyed
        mask |= small
        for column in [count, *linked]:
            if column in out.columns:
                out[column] = out[column].astype(object)
                out.loc[small, column] = SUPPRESSED
    for column in set(REVEALING) & set(out.columns):
        out[column] = out[column].mask(mask)
    if "value_note" in out.columns:
        out["value_note"] = out["value_note"].astype(object)
        out.loc[mask, "value_note"] = SUPPRESSED
    return pd.concat([out[~mask], out[mask]]) if ranked else out
