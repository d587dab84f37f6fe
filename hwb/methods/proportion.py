"""Proportions with Wilson score confidence intervals.

Reference: Wilson EB (1927) JASA 22:209-212; Newcombe RG (1998) Stat Med 17:857-872
(method 3), as used by OHID Fingertips and PHEindicatormethods::phe_proportion.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from hwb.methods.constants import CONFIDENCE_LEVELS, z_value


def wilson_limits(
    count: ir.NumericValue, denominator: ir.NumericValue, confidence: float
) -> tuple[ir.FloatingValue, ir.FloatingValue]:
    """Wilson score interval (lower, upper) for count/denominator, as fractions 0..1."""
    z = z_value(confidence)
    share = count / denominator
    centre = 2 * count + z**2
    spread = z * (z**2 + 4 * count * (1 - share)).sqrt()
    scale = 2 * (denominator + z**2)
    return (centre - spread) / scale, (centre + spread) / scale


def proportion(
    count: ir.NumericValue, denominator: ir.NumericValue, multiplier: float = 100
) -> dict[str, ir.FloatingValue]:
    """Proportion count/denominator * multiplier with 95% and 99.8% Wilson limits.

    NULL when an input is missing, the count is negative, the denominator is not positive
    or the count exceeds the denominator.
    """
    valid = (count >= 0) & (denominator > 0) & (count <= denominator)
    out = {"value": count / denominator * multiplier}
    for suffix, confidence in CONFIDENCE_LEVELS.items():
        lower, upper = wilson_limits(count, denominator, confidence)
        out[f"lower_{suffix}"] = lower * multiplier
        out[f"upper_{suffix}"] = upper * multiplier
    return {key: ibis.cases((valid, expr)) for key, expr in out.items()}
