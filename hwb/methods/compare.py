"""Comparison with a benchmark, by the indicator's comparison method.

"confidence_interval" is Fingertips' "single CI vs benchmark value" comparator:
Similar when lower <= benchmark <= upper (inclusive); otherwise Better/Worse by
polarity, or Higher/Lower when the indicator carries no judgement; Not compared
without a CI or a benchmark. "quintiles" gives the area's quintile instead, and
"none" never compares (Fingertips prints "Not compared" though CIs are published).
"""

from __future__ import annotations

import ibis
from ibis.expr import types as ir

from hwb.methods.labels import (
    BETTER, HIGH_IS_GOOD, HIGHER, LOW_IS_GOOD, LOWER, NOT_COMPARED, SIMILAR, WORSE,
)

CONFIDENCE_INTERVAL, QUINTILES, NO_COMPARISON = "confidence_interval", "quintiles", "none"
COMPARISON_METHODS = (CONFIDENCE_INTERVAL, QUINTILES, NO_COMPARISON)


def compare_to_benchmark(
    lower: ir.FloatingValue,
    upper: ir.FloatingValue,
    benchmark: ir.FloatingValue,
    polarity: ir.StringValue,
) -> ir.StringValue:
    """Better / Similar / Worse (or Higher / Lower) / Not compared for each row."""
    above = lower > benchmark
    below = upper < benchmark
    return ibis.cases(
        (lower.isnull() | upper.isnull() | benchmark.isnull(), NOT_COMPARED),
        (~above & ~below, SIMILAR),
        ((polarity == HIGH_IS_GOOD) & above, BETTER),
        ((polarity == HIGH_IS_GOOD) & below, WORSE),
        ((polarity == LOW_IS_GOOD) & above, WORSE),
        ((polarity == LOW_IS_GOOD) & below, BETTER),
        (above, HIGHER),
        else_=LOWER,
    )


def pick_interval(
    confidence: ir.FloatingValue,
    lower_95: ir.FloatingValue,
    upper_95: ir.FloatingValue,
    lower_998: ir.FloatingValue,
    upper_998: ir.FloatingValue,
) -> tuple[ir.FloatingValue, ir.FloatingValue]:
    """The interval an indicator is compared with: 99.8% where it says so, else 95%."""
    use_998 = confidence == 99.8
    return use_998.ifelse(lower_998, lower_95), use_998.ifelse(upper_998, upper_95)


def by_method(
    method: ir.StringValue, by_interval: ir.StringValue, quintile: ir.StringValue
) -> ir.StringValue:
    """The label the indicator's method gives: the CI comparison (the default), the quintile, or none."""
    return ibis.cases(
        (method == NO_COMPARISON, NOT_COMPARED),
        (method == QUINTILES, quintile.fill_null(NOT_COMPARED)),
        else_=by_interval,
    )
