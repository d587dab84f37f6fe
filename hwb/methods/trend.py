"""Recent trend: the Fingertips trend marker (weighted least squares on 5 points).

As in FingertipsNext's TrendMarkerCalculator: take the 5 most recent points of
a series (annual, non-overlapping periods, each with a value, a 95% CI, a count
and a denominator),
t = 1..5, variance v = ((upper95 - lower95) / 3.92)^2 and weight w = 1/v.
slope = (S1*S2 - S3*S4) / (S1*S5 - S3^2), se = sqrt(S1 / (S1*S5 - S3^2)) with
S1 = sum w, S2 = sum w*y*t, S3 = sum w*t, S4 = sum w*y, S5 = sum w*t^2.
Significant when (slope/se)^2 > 9.54953570608324 (chi-square, 1 df, 99.8%) and
the slope keeps its sign with each of the 5 points left out in turn.

Each row gets the trend of the 5 points ending at its own period, so the
latest row carries the published "recent trend". Window functions and
arithmetic only, so it runs on any Ibis backend.
"""

from __future__ import annotations

import ibis
from ibis.expr import types as ir

from hwb.methods.labels import (
    CANNOT_CALCULATE, DECREASING, GETTING_BETTER, GETTING_WORSE, HIGH_IS_GOOD,
    INCREASING, LOW_IS_GOOD, NO_CHANGE,
)

CHI2_998_1DF = 9.54953570608324
TREND_POINTS = 5
ELIGIBLE_VALUE_TYPES = ("proportion", "crude_rate", "dsr")


def _slope(s1, s2, s3, s4, s5):
    return (s1 * s2 - s3 * s4) / (s1 * s5 - s3 * s3)


def recent_trend(table: ir.Table, series_keys: list[str], latest: str | None = None) -> ir.Table:
    """Add `recent_trend` to every row of `table` (and, when `latest` names a column, whether
    the row is its series' latest period: the same window pass gives it).

    Needs columns: series_keys, period_sort, period_years, value, lower_95, upper_95,
    count, denominator, value_type, polarity.

    One window pass: each series is ordered with its usable points last, by period,
    so a point's lags 1-4 are the usable points before it; rows that are not usable
    points, and series that are not eligible, get "Cannot be calculated".
    """
    usable = (  # Fingertips' calculator needs count and denominator as well as value and CI
        table.value.notnull()
        & table["count"].notnull()
        & table.denominator.notnull()
        & table.lower_95.notnull()
        & table.upper_95.notnull()
        & (table.upper_95 > table.lower_95)
    ).fill_null(False)
    flagged = table.mutate(
        _usable=usable,
        _eligible=(
            (table.period_years == 1)
            & table.value_type.isin(ELIGIBLE_VALUE_TYPES)
            & ~(table["count"].notnull() & (table["count"] == table.denominator)).fill_null(False)
        ).fill_null(False),
        _w=ibis.cases((usable, 1.0 / ((table.upper_95 - table.lower_95) / 3.92) ** 2)),
    )
    ordered = ibis.window(group_by=series_keys, order_by=[flagged._usable, flagged.period_sort])
    whole = ibis.window(group_by=series_keys, order_by=[flagged._usable, flagged.period_sort], rows=(None, None))
    # Point j is the current row lagged by j; its t is 5 - j (slopes are shift-invariant).
    lagged = {
        "_n": ibis.row_number().over(ordered) + 1 - (~flagged._usable).cast("int64").sum().over(whole),
        "_series_ok": flagged._eligible.cast("int8").min().over(whole) == 1,
    }
    if latest:
        lagged[latest] = flagged.period_sort == flagged.period_sort.max().over(whole)
    for j in range(TREND_POINTS):
        lagged[f"_w{j}"] = flagged._w.lag(j).over(ordered) if j else flagged._w
        lagged[f"_y{j}"] = flagged.value.lag(j).over(ordered) if j else flagged.value
    points = flagged.mutate(**lagged)
    # Each point's terms (w, w*y*t, w*t, w*y, w*t^2), then the five sums once, as columns.
    terms = {}
    for j in range(TREND_POINTS):
        w, y, t = points[f"_w{j}"], points[f"_y{j}"], float(TREND_POINTS - j)
        terms.update({f"_a{j}": w, f"_b{j}": w * y * t, f"_c{j}": w * t, f"_d{j}": w * y, f"_e{j}": w * t * t})
    points = points.mutate(**terms)
    parts = "abcde"
    points = points.mutate(
        **{f"_s{p}": sum((points[f"_{p}{j}"] for j in range(1, TREND_POINTS)), points[f"_{p}0"]) for p in parts}
    )
    s1, s2, s3, s4, s5 = (points[f"_s{p}"] for p in parts)
    points = points.mutate(_slope=_slope(s1, s2, s3, s4, s5), _chi2_se2=s1 / (s1 * s5 - s3 * s3))
    slope = points._slope
    chi2 = slope * slope / points._chi2_se2
    keeps_sign = ibis.literal(True)
    for j in range(TREND_POINTS):
        left_out = (points[f"_s{p}"] - points[f"_{p}{j}"] for p in parts)
        keeps_sign = keeps_sign & ((_slope(*left_out) * slope) > 0)
    significant = (chi2 > CHI2_998_1DF) & keeps_sign
    direction = (slope > 0).ifelse(INCREASING, DECREASING)
    better = ((slope > 0) & (points.polarity == HIGH_IS_GOOD)) | (
        (slope < 0) & (points.polarity == LOW_IS_GOOD)
    )
    judged = points.polarity.isin((HIGH_IS_GOOD, LOW_IS_GOOD))
    label = ibis.cases(
        (~points._usable | ~points._series_ok | (points._n < TREND_POINTS), CANNOT_CALCULATE),
        (~significant, NO_CHANGE),
        (judged, direction + better.ifelse(GETTING_BETTER, GETTING_WORSE)),
        else_=direction,
    )
    return points.mutate(recent_trend=label).select(*table.columns, *([latest] if latest else []), "recent_trend")
