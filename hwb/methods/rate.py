"""Crude rates with exact Poisson (fewer than 10 events) or Byar's confidence limits.

References: exact Poisson limits from the chi-squared distribution (Garwood 1936,
Biometrika 28:437-442); Byar's approximation (Breslow NE, Day NE, Statistical Methods in
Cancer Research vol II, IARC 1987), as used by OHID Fingertips and
PHEindicatormethods::phe_rate.
"""

from __future__ import annotations

from functools import lru_cache

import ibis
import ibis.expr.types as ir
from hwb.methods.constants import CONFIDENCE_LEVELS, MIN_EVENTS, chi2_quantile, z_value


def byars_limits(
    count: ir.NumericValue, confidence: float
) -> tuple[ir.FloatingValue, ir.FloatingValue]:
    """Byar's approximate Poisson limits (lower, upper) for an observed count.

    The lower limit is 0 for a count of 0 and NULL where the approximation goes negative.
    """
    z = z_value(confidence)
    nonzero = count.nullif(0)
    lower_base = 1 - 1 / (9 * nonzero) - z / (3 * nonzero.sqrt())
    upper_count = count + 1
    upper_base = 1 - 1 / (9 * upper_count) + z / (3 * upper_count.sqrt())
    lower = ibis.cases((count == 0, 0.0), (lower_base >= 0, count * lower_base**3))
    return lower, upper_count * upper_base**3


@lru_cache
def _exact_table(confidence: float) -> tuple[tuple[float, float], ...]:
    """Exact Poisson (lower, upper) limits for counts 0..MIN_EVENTS-1 from chi-squared."""
    tail = (1 - confidence) / 2
    return tuple(
        (chi2_quantile(tail, 2 * k) / 2 if k else 0.0, chi2_quantile(1 - tail, 2 * k + 2) / 2)
        for k in range(MIN_EVENTS)
    )


def exact_poisson_limits(
    count: ir.NumericValue, confidence: float
) -> tuple[ir.FloatingValue, ir.FloatingValue]:
    """Exact Poisson limits (lower, upper) for whole counts 0..9 (NULL for other counts)."""
    z_value(confidence)  # validates the confidence level
    limits = _exact_table(confidence)
    lower = ibis.cases(*[(count == k, low) for k, (low, _) in enumerate(limits)])
    upper = ibis.cases(*[(count == k, high) for k, (_, high) in enumerate(limits)])
    return lower, upper


def poisson_limits(
    count: ir.NumericValue, confidence: float
) -> tuple[ir.FloatingValue, ir.FloatingValue]:
    """Limits for a Poisson count as OHID: exact below 10 events, Byar's from 10."""
    exact = exact_poisson_limits(count, confidence)
    byars = byars_limits(count, confidence)
    small = count < MIN_EVENTS
    return ibis.ifelse(small, exact[0], byars[0]), ibis.ifelse(small, exact[1], byars[1])


def crude_rate(
    count: ir.NumericValue, denominator: ir.NumericValue, multiplier: float = 100000
) -> dict[str, ir.FloatingValue]:
    """Crude rate count/denominator * multiplier with 95% and 99.8% Poisson limits.

    NULL when an input is missing, the count is negative or the denominator is not positive
    (a count above the denominator is allowed: events can outnumber the population).
    """
    valid = (count >= 0) & (denominator > 0)
    scale = multiplier / denominator
    out = {"value": count * scale}
    for suffix, confidence in CONFIDENCE_LEVELS.items():
        lower, upper = poisson_limits(count, confidence)
        out[f"lower_{suffix}"] = lower * scale
        out[f"upper_{suffix}"] = upper * scale
    return {key: ibis.cases((valid, expr)) for key, expr in out.items()}
