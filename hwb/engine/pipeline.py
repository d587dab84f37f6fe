"""The engine: data points in, results out, as one Ibis expression.

The same expression runs on DuckDB (the embedded default) and on PySpark
(or any Ibis backend) because every step is column arithmetic, joins,
grouped sums and window functions.

Shape: the first step computes values and CIs on the full rows and numbers the
text keys (figure, stratum, area); the analysis steps (benchmarks, trend, rank,
quintiles) then run on a narrow table of those numbers and the figures, and the
last step joins their columns back to the full rows once. Sorting and joining
a few integer columns is many times cheaper than carrying every text column
through each window.
"""

from __future__ import annotations

from typing import Callable

import ibis
from ibis.expr import types as ir

from hwb.engine.keys import ENGLAND, FIGURE_KEYS, KEYS
from hwb.engine.values import compute_values
from hwb.methods.compare import QUINTILES, by_method, compare_to_benchmark, pick_interval
from hwb.methods.goal import compare_to_goal
from hwb.methods.labels import NOT_COMPARED
from hwb.methods.quantiles import QUINTILE_LABELS, quantile
from hwb.methods.rank import neighbour_ranks
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


def _numbered(table: ir.Table, name: str) -> ir.Table:
    """`table` (distinct rows) with a small integer `name` for each row."""
    return table.mutate(**{name: ibis.row_number()})


def _end_joins(table: ir.Table) -> ir.Table:
    """`table` as it is (a filter that keeps every row). It ends Ibis's chain of joins, so the
    steps that join onto these rows share them as one common table instead of repeating the
    joins and the computation under them."""
    return table.filter(table.indicator_id.notnull() | table.indicator_id.isnull())


def _valued(points: ir.Table, meta: ir.Table, areas: ir.Table) -> ir.Table:
    """Values and CIs, with the indicator's metadata, the area's type and parent, and small
    integers for the text keys: `_figure` (indicator, breakdown and period), `_stratum`
    (indicator and breakdown), `_area` and `_parent` (area codes, parents without data too)."""
    valued = compute_values(points.join(meta, "indicator_id")).join(meta, "indicator_id")
    valued = valued.left_join(
        areas.select("area_code", "parent_code", "area_type"), "area_code"
    ).select(*valued.columns, "parent_code", "area_type")
    valued = _end_joins(valued)
    figures = valued.select(*FIGURE_KEYS).distinct()
    strata = _numbered(figures.select(*STRATUM_KEYS).distinct(), "_stratum")
    figures = _numbered(figures, "_figure").join(strata, STRATUM_KEYS)
    parent_codes = valued.filter(valued.parent_code.notnull()).select(area_code=valued.parent_code)
    codes = _numbered(ibis.union(valued.select("area_code"), parent_codes, distinct=True), "_area")
    parents = codes.select(parent_code="area_code", _parent="_area")
    keyed = valued.join(figures, FIGURE_KEYS).join(codes, "area_code").left_join(parents, "parent_code")
    return _end_joins(keyed.select(*valued.columns, "_figure", "_stratum", "_area", "_parent"))


def _keyed(valued: ir.Table, *columns, **named) -> ir.Table:
    """A narrow table of `valued`: the figure's and area's numbers (the area's as `area_code`)
    and `columns`; every analysis step works on one, so its sorts carry little."""
    return valued.select("_figure", *columns, area_code=valued._area, **named)


def _england(valued: ir.Table) -> ir.Value:
    return valued.area_code == ENGLAND


def _benchmarks(valued: ir.Table) -> ir.Table:
    """Each row's value by its figure's and area's numbers, to be looked up as England's
    value and the parent's (the join back does it: two hash joins, no sort)."""
    return _keyed(valued, "value", _england=_england(valued))


def _trend_and_quintiles(valued: ir.Table) -> ir.Table:
    """The recent trend of each row's series and whether the row is the series' latest period,
    with what the quintiles need carried along."""
    rows = _keyed(valued, "_stratum", "period_sort", "period_years", "count", "denominator", "value",
                  "lower_95", "upper_95", "value_type", "polarity", "_parent", "area_type",
                  "comparison_method", _england=_england(valued))
    return recent_trend(rows, ["_stratum", "area_code"], latest="is_latest").select(
        "_figure", "area_code", "_parent", "area_type", "value", "comparison_method", "_england",
        "is_latest", "recent_trend",
    )


def _rank(valued: ir.Table, neighbours: ir.Table) -> ir.Table:
    """Rank among the CIPFA nearest neighbours (ranked rows only), by the areas' numbers."""
    return neighbour_ranks(_keyed(valued, "value", "polarity"), _area_numbers(neighbours, valued), ["_figure"])


def _quintile_label(table: ir.Table, groups: list) -> ir.Value:
    """Quintile of the value among `groups` ("Lowest quintile" = lowest values, whatever the polarity);
    England is not in any group. Groups of fewer than five areas get none (phe_quantile's rule)."""
    q = quantile(table.value, [*groups, table._england], n=5)
    labels = q.cases(*((i + 1, label) for i, label in enumerate(QUINTILE_LABELS)))
    return ibis.cases((~table._england, labels))


def _quintiles(rows: ir.Table) -> ir.Table:
    """`quintile` among areas of the same type in England; `_parent_quintile` within the same
    parent, for the indicators compared by quintiles (the only ones that show it)."""
    rows = rows.mutate(quintile=_quintile_label(rows, [rows._figure, rows.area_type]))
    by_quintiles = (rows.comparison_method == QUINTILES).fill_null(False)
    within_parent = rows.filter(by_quintiles)
    within_parent = within_parent.mutate(_parent_quintile=_quintile_label(
        within_parent, [within_parent._figure, within_parent.area_type, within_parent._parent]
    ))
    others = rows.filter(~by_quintiles).mutate(_parent_quintile=ibis.null("string"))
    return ibis.union(within_parent, others).select(
        "_figure", "area_code", "is_latest", "recent_trend", "quintile", "_parent_quintile"
    )


def _compared(table: ir.Table) -> ir.Table:
    """Comparisons with England, the parent and the goal, by each indicator's method; England is
    not compared with itself, and a region (whose parent is England) gets "Not compared" in the
    parent column, as Fingertips prints."""
    lower, upper = pick_interval(
        table.comparison_confidence, table.lower_95, table.upper_95, table.lower_998, table.upper_998,
    )
    method = table.comparison_method
    parent_is_england = table.parent_code.isnull() | (table.parent_code == ENGLAND)
    by_interval = {
        benchmark: compare_to_benchmark(lower, upper, table[f"{benchmark}_value"], table.polarity)
        for benchmark in ("england", "parent")
    }
    return table.mutate(
        compared_to_england=_england(table).ifelse(
            NOT_COMPARED, by_method(method, by_interval["england"], table.quintile)
        ),
        compared_to_parent=parent_is_england.ifelse(
            NOT_COMPARED, by_method(method, by_interval["parent"], table._parent_quintile)
        ),
        compared_to_goal=compare_to_goal(table.value, table.goal_lower, table.goal_upper, table.polarity),
    )


def _area_numbers(neighbours: ir.Table, valued: ir.Table) -> ir.Table:
    """The neighbours table with each code replaced by the area's number in `valued`."""
    codes = valued.select("area_code", "_area").distinct()
    others = codes.select(neighbour_code="area_code", _neighbour="_area")
    own = neighbours.join(codes, "area_code").select("neighbour_code", area_code="_area")
    return own.join(others, "neighbour_code").select("area_code", neighbour_code="_neighbour")


def _joined_back(steps: dict[str, ir.Table]) -> ir.Table:
    """The valued rows with England's and the parent's values and every analysis step's columns
    (hash joins on the figure and area numbers), then the comparisons."""
    table = steps["values and CIs"]
    values = steps["benchmarks"]
    england = values.filter(values._england).select(_england_figure="_figure", england_value="value")
    parents = values.select(_parent_figure="_figure", _parent_area="area_code", parent_value="value")
    ranks = steps["rank"].rename(_rank_figure="_figure", _rank_area="area_code")
    analysed = steps["quintiles"].rename(_trend_figure="_figure", _trend_area="area_code")
    joined = (
        table.join(analysed, [table._figure == analysed._trend_figure, table._area == analysed._trend_area])
        .left_join(england, table._figure == england._england_figure)
        .left_join(parents, [table._figure == parents._parent_figure, table._parent == parents._parent_area])
        .left_join(ranks, [table._figure == ranks._rank_figure, table._area == ranks._rank_area])
    )
    joined = joined.select(
        table, "england_value", "parent_value", "nn_rank", "nn_count",
        "is_latest", "recent_trend", "quintile", "_parent_quintile",
    )
    return _compared(joined).select(*RESULT_COLUMNS)


def stages(indicators: ir.Table, areas: ir.Table, neighbours: ir.Table) -> list[tuple[str, Callable]]:
    """The pipeline as named steps (the benchmark times them one by one). Each step takes a dict of
    the tables made so far, by step name ("data points" to start with), and makes one table."""
    meta = indicators.select("indicator_id", *INDICATOR_COLUMNS)
    cipfa = neighbours.filter(neighbours.group_name == NEAREST_NEIGHBOURS)
    return [
        ("values and CIs", lambda done: _valued(done["data points"], meta, areas)),
        ("benchmarks", lambda done: _benchmarks(done["values and CIs"])),
        ("trend", lambda done: _trend_and_quintiles(done["values and CIs"])),
        ("rank", lambda done: _rank(done["values and CIs"], cipfa)),
        ("quintiles", lambda done: _quintiles(done["trend"])),
        ("join back", _joined_back),
    ]


def build_results(
    data_points: ir.Table, indicators: ir.Table, areas: ir.Table, neighbours: ir.Table
) -> ir.Table:
    """The results expression for every data point."""
    done = {"data points": data_points}
    for name, step in stages(indicators, areas, neighbours):
        done[name] = step(done)
    return done[name]
