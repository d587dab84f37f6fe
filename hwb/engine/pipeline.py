"""The engine: data points in, results out, as one Ibis expression.

The same expression runs on DuckDB (the embedded default) and on PySpark
(or any Ibis backend) because every step is column arithmetic, joins,
grouped sums and window functions.
"""

from __future__ import annotations

import ibis
from ibis.expr import types as ir

from hwb.engine.keys import ENGLAND, FIGURE_KEYS, KEYS, SERIES_KEYS
from hwb.engine.values import compute_values
from hwb.methods.compare import by_method, compare_to_benchmark, pick_interval
from hwb.methods.goal import compare_to_goal
from hwb.methods.labels import NOT_COMPARED
from hwb.methods.quantiles import QUINTILE_LABELS, quantile
from hwb.methods.rank import neighbour_rank
from hwb.methods.trend import recent_trend

INDICATOR_COLUMNS = [
    "value_type", "multiplier", "polarity", "comparison_confidence", "comparison_method",
    "goal_lower", "goal_upper",
]
RESULT_COLUMNS = [
    *KEYS, "period_sort", "period_years", "is_latest", "count", "denominator", "value",
    "lower_95", "upper_95", "lower_998", "upper_998", "value_note", "england_value",
    "parent_code", "parent_value", "compared_to_england", "compared_to_parent",
    "compared_to_goal", "recent_trend", "nn_rank", "nn_count", "quintile",
]
NEAREST_NEIGHBOURS = "CIPFA nearest neighbours"


def _benchmark(valued: ir.Table, area_column: str, name: str) -> ir.Table:
    """The value of the benchmark area (England, or each row's parent) for the same figure."""
    bench = valued.select(*FIGURE_KEYS, _bench_area=valued.area_code, **{name: valued.value})
    joined = valued.left_join(
        bench,
        [*(valued[k] == bench[k] for k in FIGURE_KEYS), valued[area_column] == bench._bench_area],
    )
    return joined.select(*valued.columns, name)


def _quintile_label(ranked: ir.Table, groups: list[str]) -> ir.Value:
    """Quintile of the value among `groups` ("Lowest quintile" = lowest values, whatever the polarity).

    Groups of fewer than five areas get none (phe_quantile's rule).
    """
    q = quantile(ranked.value, groups, n=5)
    return q.cases(*((i + 1, label) for i, label in enumerate(QUINTILE_LABELS)))


def _quintiles(table: ir.Table) -> ir.Table:
    """`quintile` among areas of the same type in England, `_parent_quintile` within the same parent."""
    ranked = table.filter(table.value.notnull() & (table.area_code != ENGLAND))
    ranked = ranked.select(
        *KEYS,
        quintile=_quintile_label(ranked, [*FIGURE_KEYS, "area_type"]),
        _parent_quintile=_quintile_label(ranked, [*FIGURE_KEYS, "area_type", "parent_code"]),
    )
    joined = table.left_join(ranked, KEYS)
    return joined.select(*table.columns, "quintile", "_parent_quintile")


def build_results(
    data_points: ir.Table, indicators: ir.Table, areas: ir.Table, neighbours: ir.Table
) -> ir.Table:
    """The results expression for every data point."""
    meta = indicators.select("indicator_id", *INDICATOR_COLUMNS)
    points = data_points.join(meta, "indicator_id")
    valued = compute_values(points).join(meta, "indicator_id")
    valued = valued.left_join(
        areas.select("area_code", "parent_code", "area_type"), "area_code"
    ).select(*valued.columns, "parent_code", "area_type")
    valued = valued.mutate(_england=ibis.literal(ENGLAND))
    valued = _benchmark(valued, "_england", "england_value")
    valued = _benchmark(valued, "parent_code", "parent_value")

    lower, upper = pick_interval(
        valued.comparison_confidence, valued.lower_95, valued.upper_95,
        valued.lower_998, valued.upper_998,
    )
    compared = valued.mutate(
        _ci_england=compare_to_benchmark(lower, upper, valued.england_value, valued.polarity),
        _ci_parent=compare_to_benchmark(lower, upper, valued.parent_value, valued.polarity),
        compared_to_goal=compare_to_goal(
            valued.value, valued.goal_lower, valued.goal_upper, valued.polarity
        ),
        is_latest=valued.period_sort
        == valued.period_sort.max().over(ibis.window(group_by=SERIES_KEYS)),
    )
    trended = recent_trend(compared, SERIES_KEYS)
    cipfa = neighbours.filter(neighbours.group_name == NEAREST_NEIGHBOURS)
    ranked = neighbour_rank(trended, cipfa, FIGURE_KEYS)
    with_quintiles = _quintiles(ranked)
    return _benchmarked(with_quintiles).select(*RESULT_COLUMNS)


def _benchmarked(table: ir.Table) -> ir.Table:
    """Comparisons by each indicator's method; England is not compared with itself, and a
    region (whose parent is England) gets "Not compared" in the parent column, as Fingertips prints."""
    method = table.comparison_method
    parent_is_england = table.parent_code.isnull() | (table.parent_code == ENGLAND)
    return table.mutate(
        compared_to_england=(table.area_code == ENGLAND).ifelse(
            NOT_COMPARED, by_method(method, table._ci_england, table.quintile)
        ),
        compared_to_parent=parent_is_england.ifelse(
            NOT_COMPARED, by_method(method, table._ci_parent, table._parent_quintile)
        ),
    )
