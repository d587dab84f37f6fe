"""The engine: data points in, results out, as one Ibis expression.

The same expression runs on DuckDB (the embedded default) and on PySpark
(or any Ibis backend) because every step is column arithmetic, joins,
grouped sums and window functions.
"""

from __future__ import annotations

from typing import Callable

import ibis
from ibis.expr import types as ir

from hwb.engine.keys import ENGLAND, FIGURE_KEYS, KEYS
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
INPUT_TABLES = ("data_points", "indicators", "areas", "neighbours")  # the store tables the pipeline reads


STRATUM_KEYS = [k for k in FIGURE_KEYS if k != "period"]  # indicator and breakdown: a figure is a stratum's period


def _valued(points: ir.Table, meta: ir.Table, areas: ir.Table) -> ir.Table:
    """Values and CIs, with the indicator's metadata, the area's type and parent, and
    `_stratum`: a small integer standing for the five text keys of indicator and breakdown,
    so that later steps partition and join on (`_stratum`, period, area) instead."""
    valued = compute_values(points.join(meta, "indicator_id")).join(meta, "indicator_id")
    valued = valued.left_join(
        areas.select("area_code", "parent_code", "area_type"), "area_code"
    ).select(*valued.columns, "parent_code", "area_type")
    strata = valued.select(*STRATUM_KEYS).distinct()
    strata = strata.mutate(_stratum=ibis.row_number())
    return valued.join(strata, STRATUM_KEYS).select(*valued.columns, "_stratum")


def _with_benchmarks(valued: ir.Table) -> ir.Table:
    """England's value for the same figure (a window over the figure, no join), the parent's
    (one join on the figure and the parent's code), and the CI comparisons with each."""
    figure = ibis.window(group_by=["_stratum", "period"])
    valued = valued.mutate(
        england_value=ibis.cases((valued.area_code == ENGLAND, valued.value)).max().over(figure)
    )
    parents = valued.select("_stratum", "period", _parent=valued.area_code, parent_value=valued.value)
    joined = valued.left_join(
        parents,
        [valued._stratum == parents._stratum, valued.period == parents.period, valued.parent_code == parents._parent],
    ).select(*valued.columns, "parent_value")
    lower, upper = pick_interval(
        joined.comparison_confidence, joined.lower_95, joined.upper_95, joined.lower_998, joined.upper_998,
    )
    return joined.mutate(
        _ci_england=compare_to_benchmark(lower, upper, joined.england_value, joined.polarity),
        _ci_parent=compare_to_benchmark(lower, upper, joined.parent_value, joined.polarity),
        compared_to_goal=compare_to_goal(joined.value, joined.goal_lower, joined.goal_upper, joined.polarity),
    )


def _with_trend(table: ir.Table) -> ir.Table:
    """The recent trend of each row's series, and whether the row is the series' latest period."""
    series = ["_stratum", "area_code"]
    latest = table.period_sort.max().over(ibis.window(group_by=series))
    return recent_trend(table.mutate(is_latest=table.period_sort == latest), series)


def _quintile_label(table: ir.Table, groups: list) -> ir.Value:
    """Quintile of the value among `groups` ("Lowest quintile" = lowest values, whatever the polarity);
    England is not in any group. Groups of fewer than five areas get none (phe_quantile's rule)."""
    in_groups = table.area_code != ENGLAND
    q = quantile(table.value, [*groups, in_groups], n=5)
    labels = q.cases(*((i + 1, label) for i, label in enumerate(QUINTILE_LABELS)))
    return ibis.cases((in_groups, labels))


def _with_quintiles(table: ir.Table) -> ir.Table:
    """`quintile` among areas of the same type in England, `_parent_quintile` within the same parent."""
    figure_type = [table._stratum, table.period, table.area_type]
    return table.mutate(
        quintile=_quintile_label(table, figure_type),
        _parent_quintile=_quintile_label(table, [*figure_type, table.parent_code]),
    )


def _compared(table: ir.Table) -> ir.Table:
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


def stages(indicators: ir.Table, areas: ir.Table, neighbours: ir.Table) -> list[tuple[str, Callable]]:
    """The pipeline as named steps, each a table in and a table out (the benchmark times them one by one)."""
    meta = indicators.select("indicator_id", *INDICATOR_COLUMNS)
    cipfa = neighbours.filter(neighbours.group_name == NEAREST_NEIGHBOURS)
    return [
        ("values and CIs", lambda points: _valued(points, meta, areas)),
        ("benchmarks", _with_benchmarks),
        ("trend", _with_trend),
        ("rank", lambda table: neighbour_rank(table, cipfa, ["_stratum", "period"])),
        ("quintiles", lambda table: _compared(_with_quintiles(table)).select(*RESULT_COLUMNS)),
    ]


def build_results(
    data_points: ir.Table, indicators: ir.Table, areas: ir.Table, neighbours: ir.Table
) -> ir.Table:
    """The results expression for every data point."""
    table = data_points
    for _, step in stages(indicators, areas, neighbours):
        table = step(table)
    return table
