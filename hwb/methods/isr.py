"""Indirectly standardised rates and ratios (ISR, SMR) with limits on the observed count.

References: Breslow NE, Day NE (1987) Statistical Methods in Cancer Research vol II, IARC;
PHE Technical Guide "Confidence intervals"; PHEindicatormethods::calculate_ISRate and
calculate_ISRatio. Exact Poisson limits below 10 observed events, Byar's from 10.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from hwb.methods import reject_invalid
from hwb.methods.constants import CONFIDENCE_LEVELS
from hwb.methods.rate import poisson_limits

NO_EXPECTED = "Not calculated: no expected events"


def isr(
    table: ir.Table,
    by: list[str],
    count: str = "count",
    denominator: str = "denominator",
    ref_count: str = "ref_count",
    ref_denominator: str = "ref_denominator",
    multiplier: float = 100000,
) -> ir.Table:
    """Indirectly standardised rate: observed / expected * reference crude rate * multiplier.

    `table` has one row per group and band with the local count and denominator and the
    reference count and denominator of that band; the reference rate is
    sum(ref_count) / sum(ref_denominator) over the group's rows.
    """
    totals = _observed_expected(table, by, count, denominator, ref_count, ref_denominator)
    return _standardise(totals, by, totals._ref_rate * multiplier)


def isratio(
    table: ir.Table,
    by: list[str],
    count: str = "count",
    denominator: str = "denominator",
    ref_count: str = "ref_count",
    ref_denominator: str = "ref_denominator",
    multiplier: float = 1,
) -> ir.Table:
    """Indirectly standardised ratio (e.g. SMR): observed / expected * multiplier (1 or 100)."""
    totals = _observed_expected(table, by, count, denominator, ref_count, ref_denominator)
    return _standardise(totals, by, multiplier)


def _observed_expected(table, by, count, denominator, ref_count, ref_denominator) -> ir.Table:
    """Observed events, expected events (band populations at reference rates), reference rate.

    Missing values are left out of the sums (as the fixture's testdata_tiny band with no
    count, population or reference count); negative values raise ValueError.
    """
    reject_invalid(
        table,
        {
            f"isr: counts must not be negative (column {count!r})": table[count] < 0,
            f"isr: denominators must not be negative (column {denominator!r})": (
                table[denominator] < 0
            ),
            f"isr: reference counts must not be negative (column {ref_count!r})": (
                table[ref_count] < 0
            ),
            "isr: reference denominators must all be greater than zero "
            f"(column {ref_denominator!r})": table[ref_denominator] <= 0,
        },
    )
    return table.aggregate(
        by=by,
        observed=table[count].fill_null(0).sum(),
        expected=(table[denominator] * table[ref_count] / table[ref_denominator]).sum(),
        _ref_rate=table[ref_count].sum() / table[ref_denominator].sum(),
    )


def _standardise(totals: ir.Table, by: list[str], factor) -> ir.Table:
    """observed / expected * factor with Poisson limits on the observed count."""
    has_expected = totals.expected > 0
    scale = factor / totals.expected.nullif(0)
    out = {"value": totals.observed * scale}
    for suffix, confidence in CONFIDENCE_LEVELS.items():
        lower, upper = poisson_limits(totals.observed, confidence)
        out[f"lower_{suffix}"] = lower * scale
        out[f"upper_{suffix}"] = upper * scale
    out = {key: ibis.cases((has_expected, expr)) for key, expr in out.items()}
    out["value_note"] = ibis.cases((~has_expected, NO_EXPECTED))
    return totals.select(*by, "observed", "expected", **out)
