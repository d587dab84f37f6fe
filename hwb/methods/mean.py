"""Means with Student's t confidence intervals.

Reference: PHE Technical Guide "Confidence intervals" (mean: x +/- t(n-1) * s / sqrt(n));
PHEindicatormethods::phe_mean. t quantiles come from a table computed with scipy.special for
1..200 degrees of freedom and from Hill's expansion (Abramowitz & Stegun 26.7.5, relative
error below 1e-10) beyond.
"""

from __future__ import annotations

from functools import lru_cache

import ibis
import ibis.expr.types as ir
from hwb.methods.constants import CONFIDENCE_LEVELS, normal_quantile, t_quantile_value, z_value

TABLED_DF = 200


@lru_cache
def _t_table(probability: float) -> tuple[float, ...]:
    """Student t quantiles for 1..TABLED_DF degrees of freedom."""
    return tuple(t_quantile_value(probability, df) for df in range(1, TABLED_DF + 1))


def _hill(df: ir.NumericValue, probability: float) -> ir.FloatingValue:
    """Student t quantile by the Cornish-Fisher expansion in 1/df (A&S 26.7.5)."""
    x = normal_quantile(probability)
    terms = [
        (x**3 + x) / 4,
        (5 * x**5 + 16 * x**3 + 3 * x) / 96,
        (3 * x**7 + 19 * x**5 + 17 * x**3 - 15 * x) / 384,
        (79 * x**9 + 776 * x**7 + 1482 * x**5 - 1920 * x**3 - 945 * x) / 92160,
    ]
    return x + sum(g / df ** (k + 1) for k, g in enumerate(terms))


def t_quantile(df: ir.IntegerValue, confidence: float) -> ir.FloatingValue:
    """Two-sided Student t quantile for df degrees of freedom (NULL when df < 1)."""
    z_value(confidence)  # validates the confidence level
    probability = 1 - (1 - confidence) / 2
    table = ibis.literal(list(_t_table(probability)), type="array<float64>")
    tabled = table[(ibis.greatest(ibis.least(df, TABLED_DF), 1) - 1).cast("int32")]
    return ibis.cases((df > TABLED_DF, _hill(df, probability)), (df >= 1, tabled))


def mean_limits(
    mean: ir.NumericValue, sd: ir.NumericValue, n: ir.IntegerValue
) -> dict[str, ir.FloatingValue]:
    """Mean with 95% and 99.8% Student t limits from its standard deviation and count."""
    n = n.cast("int64")
    se = sd / n.cast("float64").sqrt()
    out = {"value": mean.cast("float64")}
    for suffix, confidence in CONFIDENCE_LEVELS.items():
        margin = t_quantile(n - 1, confidence) * se
        out[f"lower_{suffix}"] = mean - margin
        out[f"upper_{suffix}"] = mean + margin
    return out


def mean_ci(table: ir.Table, by: list[str], value_col: str) -> ir.Table:
    """Mean of individual values per `by` group with sum, count, sample sd and t limits."""
    values = table[value_col]
    stats = table.aggregate(
        by=by,
        value_sum=values.sum(),
        value_count=values.count(),
        stdev=values.std(how="sample"),
    )
    limits = mean_limits(stats.value_sum / stats.value_count, stats.stdev, stats.value_count)
    return stats.mutate(**limits)
