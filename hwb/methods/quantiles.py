"""Quantile (quintile, decile, ...) assignment within groups, as phe_quantile.

Reference: PHEindicatormethods::phe_quantile, reproduced from its testdata_Quantiles
fixture. Within each group, with N non-missing values ranked so that quantile 1 comes
first (ties share the smallest rank r): quantile = n + 1 - ceil((N + 1 - r) * n / N).
Missing values, and every value of a group with fewer than n values, get no quantile.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

#: Labels for quintiles 1..5 computed with invert=False (quintile 1 holds the lowest values).
QUINTILE_LABELS = [
    "Lowest quintile",
    "Low quintile",
    "Middle quintile",
    "High quintile",
    "Highest quintile",
]


def quantile(
    value: ir.NumericValue,
    partition_by: list,
    n: int = 5,
    invert: bool | ir.BooleanValue = False,
) -> ir.IntegerValue:
    """Quantile 1..n of value within partition_by (a window expression, used in mutate).

    invert=False puts the lowest values in quantile 1, invert=True the highest (PHE's
    "inversely related to the value"); invert may be a boolean column that is constant
    within each partition, e.g. derived from the indicator's polarity.
    """
    if n < 1:
        raise ValueError(f"quantile: n must be at least 1, got {n!r}")
    if isinstance(invert, ir.Expr):
        order = ibis.ifelse(invert, -value, value)
    else:
        order = -value if invert else value
    # Missing values get their own partition so that backends' null ordering cannot matter;
    # the size is counted over the same window, so one sort serves both.
    groups = [*partition_by, value.isnull()]
    rank = order.rank().over(ibis.window(group_by=groups, order_by=order)) + 1
    size = value.count().over(ibis.window(group_by=groups, order_by=order, rows=(None, None)))
    from_end = size + 1 - rank
    result = n + 1 - (from_end * n + size - 1) // size
    return ibis.cases((value.notnull() & (size >= n), result.cast("int64")))
