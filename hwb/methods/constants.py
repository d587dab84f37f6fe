"""Constants shared by the OHID statistical methods, and the quantiles they need.

Quantiles come from scipy.special (the functions scipy.stats' norm, t and chi2 call, so the
values are the same to the last bit), imported on first use: importing the methods or the
engine loads no scipy, and scipy.stats (about a second to import) is never loaded.
"""

from __future__ import annotations

from functools import lru_cache

#: Confidence levels every method reports, keyed by the suffix of its output columns.
CONFIDENCE_LEVELS: dict[str, float] = {"95": 0.95, "998": 0.998}

#: Fewest events for Byar's method and for publishing a DSR; below it exact Poisson / none.
MIN_EVENTS = 10


@lru_cache
def normal_quantile(probability: float) -> float:
    """Standard normal quantile (scipy.stats.norm.ppf), e.g. 0.975 -> 1.959964."""
    from scipy.special import ndtri

    return float(ndtri(probability))


def t_quantile_value(probability: float, df: float) -> float:
    """Student t quantile for df degrees of freedom (scipy.stats.t.ppf)."""
    from scipy.special import stdtrit

    return float(stdtrit(df, probability))


def chi2_quantile(probability: float, df: float) -> float:
    """Chi-squared quantile for df degrees of freedom (scipy.stats.chi2.ppf)."""
    from scipy.special import gammaincinv

    return float(2 * gammaincinv(df / 2, probability))


def z_value(confidence: float) -> float:
    """Two-sided standard normal quantile, e.g. 0.95 -> 1.959964 (exact, not rounded)."""
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be a fraction between 0 and 1, got {confidence!r}")
    return normal_quantile(1 - (1 - confidence) / 2)
