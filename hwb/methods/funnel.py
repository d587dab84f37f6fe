"""Funnel plots: control limits and each point's significance, as phe_funnels.

References: Spiegelhalter DJ (2005) Stat Med 24:1185-1202; OHID Fingertips technical guidance
("Funnel plots") and PHEindicatormethods' calculate_funnel_limits, assign_funnel_significance
and calculate_funnel_points, whose conventions this module follows:

- proportions: limits around the overall proportion from Wilson score intervals solved for
  the proportion at which an area's interval touches the average;
- ratios (observed/expected) and rates: exact Poisson limits, found (as the package does) by
  bisection on the expected count to 23 halvings; a DSR's significance needs 10 events.

The control limits are a 100-point chart table that depends on the data only through the
average and the range of denominators: those come from one Ibis aggregate, the points from
scipy.special (imported when a chart needs them). Significance is column arithmetic on the backend.
"""

from __future__ import annotations

import math

import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd

from hwb.methods import reject_invalid
from hwb.methods.constants import MIN_EVENTS, z_value
from hwb.methods.rate import poisson_limits

HIGH_998 = "High (0.001)"
HIGH_95 = "High (0.025)"
LOW_998 = "Low (0.001)"
LOW_95 = "Low (0.025)"
NOT_SIGNIFICANT = "Not significant"
TOO_FEW_FOR_DSR = "Not applicable for events less than 10 for dsrs"

#: One-sided tail probability outside each control limit, keyed by the limits' suffix.
TAILS: dict[str, float] = {"95": 0.025, "998": 0.001}

STATISTICS = ("proportion", "ratio", "rate")
POINTS = 100


def funnel_significance(
    table: ir.Table,
    numerator: str,
    denominator: str | None,
    statistic: str,
    by: list[str] | None = None,
    rate: str | None = None,
    rate_type: str | None = None,
    multiplier: float | None = None,
) -> ir.Table:
    """`table` with a `significance` column: each point against the funnel of its `by` group.

    statistic "proportion": numerator/denominator against the group's overall proportion;
    "ratio": observed (numerator) / expected (denominator) against 1; "rate": the rate
    column (crude or DSR per multiplier) against the group's average rate, the denominator
    being needed only for points with no events.
    """
    _check_statistic(statistic, rate_type)
    by = list(by or [])
    _check_significance_inputs(table, numerator, denominator, statistic, rate)
    num = table[numerator]
    group = ibis.window(group_by=by)
    if statistic == "proportion":
        den = table[denominator]
        share = num / den
        average = num.sum().over(group) / den.sum().over(group)
        limits = {
            (side, suffix): _wilson_funnel(_z(tail), den, average, side)
            for side in ("low", "high")
            for suffix, tail in TAILS.items()
        }
        return table.mutate(significance=_classify(share, limits))
    if statistic == "ratio":
        return table.mutate(significance=_poisson_significance(num, table[denominator], 1))
    derived = _derived_denominator(table, numerator, denominator, rate, rate_type, multiplier)
    average = num.sum().over(group) / derived.sum().over(group)
    label = _poisson_significance(num, derived, average)
    if rate_type == "dsr":
        label = ibis.ifelse(num < MIN_EVENTS, TOO_FEW_FOR_DSR, label)
    return table.mutate(significance=label)


def funnel_limits(
    table: ir.Table,
    numerator: str,
    denominator: str | None,
    statistic: str,
    multiplier: float,
    ratio_type: str | None = None,
    rate: str | None = None,
    rate_type: str | None = None,
    years_of_data: float | None = None,
) -> pd.DataFrame:
    """The 100 points of the funnel's control limits (95% and 99.8%) for a chart.

    Columns: proportion - population, lower_95, upper_95, lower_998, upper_998, baseline;
    ratio - observed, and for each limit its expected events and value (ratio_type "count":
    observed/expected - 1, "isr": x 100); rate - events, and for each limit its one-year
    population and rate per multiplier, baseline. `table` holds the points of one funnel.
    """
    _check_statistic(statistic, rate_type)
    if statistic == "ratio" and ratio_type not in ("count", "isr"):
        raise ValueError("funnel_limits: ratio_type must be 'count' or 'isr'")
    if statistic == "rate" and not years_of_data:
        raise ValueError("funnel_limits: a rate funnel needs years_of_data")
    _check_limit_inputs(table, numerator, denominator, statistic, rate)
    if statistic == "rate":
        derived = _derived_denominator(table, numerator, denominator, rate, rate_type, multiplier)
    else:
        derived = table[denominator].cast("float64")
    summary = table.aggregate(
        events=table[numerator].sum(), people=derived.sum(), low=derived.min(), high=derived.max()
    ).execute()
    average = float(summary.events.iloc[0]) / float(summary.people.iloc[0])
    xs = _axis_points(statistic, float(summary.low.iloc[0]), float(summary.high.iloc[0]),
                      average, years_of_data)  # fmt: skip
    if statistic == "proportion":
        return _proportion_limits(xs, average, multiplier)
    if statistic == "ratio":
        return _ratio_limits(xs, ratio_type)
    return _rate_limits(xs, average, multiplier, years_of_data)


def funnel_points(
    table: ir.Table,
    numerator: str,
    rate: str,
    rate_type: str,
    years_of_data: float,
    multiplier: float,
    denominator: str | None = None,
) -> ir.Table:
    """`table` with `rate_chart` (the rate to plot; DSRs need 10 events) and
    `denominator_derived` (the one-year population implied by events and rate)."""
    _check_statistic("rate", rate_type)
    num = table[numerator]
    if rate_type == "dsr":
        few = num < MIN_EVENTS
        return table.mutate(
            rate_chart=ibis.cases((~few, table[rate].cast("float64"))),
            denominator_derived=ibis.cases(
                (~few, multiplier * num / table[rate].nullif(0) / years_of_data)
            ),
        )
    derived = _derived_denominator(table, numerator, denominator, rate, "crude", multiplier)
    return table.mutate(
        rate_chart=table[rate].cast("float64"), denominator_derived=derived / years_of_data
    )


def _check_statistic(statistic: str, rate_type: str | None) -> None:
    if statistic not in STATISTICS:
        raise ValueError(f"funnel: statistic must be one of {', '.join(STATISTICS)}")
    if statistic == "rate" and rate_type not in ("dsr", "crude"):
        raise ValueError("funnel: a rate funnel needs rate_type 'dsr' or 'crude'")


def _check_significance_inputs(table, numerator, denominator, statistic, rate) -> None:
    """Refuse what assign_funnel_significance refuses, naming the column."""
    num = table[numerator]
    problems = {f"funnel: numerators must not be negative (column {numerator!r})": num < 0}
    if denominator is not None:
        problems[f"funnel: denominators must be greater than zero (column {denominator!r})"] = (
            table[denominator] <= 0
        )
    if statistic == "proportion":
        problems[f"funnel: numerators must not exceed denominators (column {numerator!r})"] = (
            num > table[denominator]
        )
    problems |= _missing_problems(table, numerator, denominator, statistic, rate)
    reject_invalid(table, problems)


def _check_limit_inputs(table, numerator, denominator, statistic, rate) -> None:
    """Refuse what calculate_funnel_limits refuses, naming the column."""
    problems = _missing_problems(table, numerator, denominator, statistic, rate)
    if problems:
        reject_invalid(table, problems)


def _missing_problems(table, numerator, denominator, statistic, rate) -> dict:
    """Missing inputs: every proportion needs both counts; a rate needs its events, and its
    rate or (with no events) a population."""
    num = table[numerator]
    if statistic == "proportion":
        return {
            "funnel: numerators and denominators must be present for every point "
            f"(columns {numerator!r}, {denominator!r})": num.isnull() | table[denominator].isnull()
        }
    if statistic == "ratio":
        return {}
    den = table[denominator] if denominator is not None else ibis.null("float64")
    return {
        f"funnel: events must be present for every point (column {numerator!r})": num.isnull(),
        f"funnel: a rate (column {rate!r}) or a denominator must be present for every point": (
            table[rate].isnull() & den.isnull()
        ),
        f"funnel: a point with no events needs a denominator above zero (column {denominator!r})": (
            (num == 0) & (den.isnull() | (den <= 0))
        ),
    }


def _z(tail: float) -> float:
    return z_value(1 - 2 * tail)


def _wilson_funnel(z: float, population, average, side: str, multiplier: float = 1):
    """The proportion at which a Wilson interval of `population` touches `average` (the
    package's sigma_adjustment); works on Ibis columns and on numpy arrays."""
    first = average * (population / z**2 + 1)
    inside = (-8 * average * (population / z**2 + 1)) ** 2 - 64 * (1 / z**2 + 1 / population) * (
        average * (population * (average * (population / z**2 + 2) - 1) + z**2 * (average - 1))
    )
    if isinstance(inside, ir.Expr):  # no limit (NULL) where the package gets NaN
        root = ibis.cases((inside >= 0, inside.sqrt()))
    else:
        root = np.sqrt(np.where(inside >= 0, inside, np.nan))
    last = 1 / z**2 + 1 / population
    sign = -1 if side == "low" else 1
    return (first + sign * root / 8) / last / population * multiplier


def _classify(value, limits: dict) -> ir.StringValue:
    """Label a point from its value and the four limits keyed by (side, suffix)."""
    return ibis.cases(
        (value < limits[("low", "998")], LOW_998),
        (value < limits[("low", "95")], LOW_95),
        (value > limits[("high", "998")], HIGH_998),
        (value > limits[("high", "95")], HIGH_95),
        else_=NOT_SIGNIFICANT,
    )


def _poisson_significance(observed, expected, average) -> ir.StringValue:
    """Label observed events against expected x average with exact/Byar's Poisson limits
    (high labels first, 99.8% before 95%, as the package)."""
    cases = []
    for side, labels in (("low", (HIGH_998, HIGH_95)), ("high", (LOW_998, LOW_95))):
        for label, suffix in zip(labels, ("998", "95")):
            lower, upper = poisson_limits(observed, 1 - 2 * TAILS[suffix])
            if side == "low":
                cases.append((average < lower / expected, label))
            else:
                cases.append((average > upper / expected, label))
    return ibis.cases(*cases, else_=NOT_SIGNIFICANT)


def _derived_denominator(table, numerator, denominator, rate, rate_type, multiplier):
    """Population implied by events and rate; a DSR with no events has none, a crude rate
    with no events takes the denominator given."""
    num = table[numerator]
    implied = multiplier * num / table[rate].cast("float64").nullif(0)
    if rate_type == "dsr":
        return ibis.cases((num != 0, implied))
    if denominator is None:
        return implied
    return ibis.ifelse(num == 0, table[denominator].cast("float64"), implied)


def _r_nchar(number: float) -> int:
    """Characters R prints for a whole number (R writes 100000 as 1e+05)."""
    digits = str(int(number))
    significant = len(digits.rstrip("0")) or 1
    scientific = significant + (1 if significant > 1 else 0) + 4
    return len(digits) if len(digits) <= scientific else scientific


def _floor_neat(x: float) -> float:
    n = _r_nchar(math.floor(x * 0.95)) - 1
    return 0.0 if x == 0 else math.floor(x * 0.95 / 10**n) * 10**n


def _ceiling_neat(x: float) -> float:
    n = _r_nchar(math.ceil(x * 1.05)) - 2
    return 0.0 if x == 0 else math.ceil(x * 1.05 / 10**n) * 10**n


def _axis_points(statistic, low, high, average, years) -> list[int]:
    """The package's 100 x-axis points, spaced geometrically up to a neat maximum."""
    scale = years if statistic == "rate" else 1
    minimum = 0.0 if high > 2 * low else _floor_neat(low / scale) * scale
    maximum = _ceiling_neat(high / scale) * scale
    if statistic == "rate":
        minimum, maximum = math.floor(minimum * average), math.ceil(maximum * average)
    points = [max(1, minimum)]
    for j in range(2, POINTS + 1):
        offset = j - 1 if statistic == "ratio" else j
        previous = points[-1]
        step = round((maximum / previous) ** (1 / (101 - offset)) * previous)
        points.append(max(step, previous + 1))
    return points


def _expected_at_limit(observed: np.ndarray, tail: float, side: str) -> np.ndarray:
    """Expected count whose Poisson tail at `observed` is `tail`: side "low" solves
    P(X >= observed) = tail, "high" P(X <= observed) = tail; bisection as the package.
    pdtrc and pdtr are the upper and lower Poisson tails scipy.stats' poisson.sf and cdf use."""
    from scipy.special import pdtr, pdtrc

    v = np.full(observed.shape, 0.5)
    dv = 0.5
    while dv > 1e-7:
        dv /= 2
        mean = (1 + observed) * v / (1 - v)
        if side == "low":
            down = pdtrc(observed - 1, mean) > tail
        else:
            down = pdtr(observed, mean) < tail
        v = np.where(down, v - dv, v + dv)
    return (1 + observed) * v / (1 - v)


def _proportion_limits(xs, average, multiplier) -> pd.DataFrame:
    population = np.asarray(xs, dtype=float)
    out = {"population": xs}
    for suffix, tail in TAILS.items():
        z = _z(tail)
        low = _wilson_funnel(z, population, average, "low", multiplier)
        high = _wilson_funnel(z, population, average, "high", multiplier)
        out[f"lower_{suffix}"] = np.where(np.isnan(low), np.nan, np.maximum(0, low))
        out[f"upper_{suffix}"] = np.where(np.isnan(high), np.nan, np.minimum(100, high))
    out["baseline"] = average * multiplier
    return pd.DataFrame(out)


def _ratio_limits(xs, ratio_type) -> pd.DataFrame:
    observed = np.asarray(xs, dtype=float)
    out = {"observed": xs}
    for suffix, tail in TAILS.items():
        for bound, side in (("lower", "high"), ("upper", "low")):
            expected = _expected_at_limit(observed, tail, side)
            ratio = observed / expected
            out[f"{bound}_{suffix}_expected"] = expected
            out[f"{bound}_{suffix}"] = ratio - 1 if ratio_type == "count" else ratio * 100
    return pd.DataFrame(out)


def _rate_limits(xs, average, multiplier, years) -> pd.DataFrame:
    events = np.asarray(xs, dtype=float)
    out = {"events": xs}
    for suffix, tail in TAILS.items():
        for bound, side in (("lower", "high"), ("upper", "low")):
            population = _expected_at_limit(events, tail, side) / average
            out[f"{bound}_{suffix}_population"] = population / years
            out[f"{bound}_{suffix}"] = events / population * multiplier
    out["baseline"] = average * multiplier
    return pd.DataFrame(out)
