"""Constants shared by the OHID statistical methods."""

from __future__ import annotations

from scipy.stats import norm

#: Confidence levels every method reports, keyed by the suffix of its output columns.
CONFIDENCE_LEVELS: dict[str, float] = {"95": 0.95, "998": 0.998}

#: Fewest events for Byar's method and for publishing a DSR; below it exact Poisson / none.
MIN_EVENTS = 10


def z_value(confidence: float) -> float:
    """Two-sided standard normal quantile, e.g. 0.95 -> 1.959964 (exact, not rounded)."""
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be a fraction between 0 and 1, got {confidence!r}")
    return float(norm.ppf(1 - (1 - confidence) / 2))
