"""Vega-Lite specs of the analyst views: compare areas, funnel plot, breakdowns and the SII.

As in hwb.web.charts: data inline, a description for the SVG's label, and every
colour named in a legend and doubled by shape, position or the table beside it.
"""

from __future__ import annotations

import math

import pandas as pd

from hwb.web import charts

FUNNEL_SCALE = {
    "domain": ["Above the 99.8% limit", "Above the 95% limit", "Within the limits", "Below the 95% limit",
               "Below the 99.8% limit"],  # hwb.web.queries.analyst_methods.FUNNEL_WORDS
    "range": ["#882255", "#CC79A7", "#8a8a8a", "#56B4E9", "#0072B2"],
}
FUNNEL_SHAPES = ["triangle-up", "triangle-up", "circle", "triangle-down", "triangle-down"]


def compare_bars(frame: pd.DataFrame, highlight: str, unit: str, description: str, england: float | None) -> dict:
    """Every area as a bar with its 95% CI, in the frame's order, and England as a dashed line."""
    spec = charts.ranked_bars(frame, highlight, unit, description, england)
    spec["layer"][0]["encoding"]["color"]["legend"] = {"columns": 2}  # fits a phone
    if len(frame) > 40:
        spec["height"] = {"step": 14}
    return spec


def funnel(points: pd.DataFrame, limits: pd.DataFrame, baseline: float, highlight: str, x_title: str,
           y_title: str, description: str) -> dict:
    """Areas by size and value inside the 95% (dashed) and 99.8% (solid) control limits."""
    values = charts.records(points.assign(selected=points["area_code"] == highlight),
                            ["area_name", "x", "y", "significance", "selected"])
    curves = charts.records(limits.assign(level=limits["limit"].str.split(" ").str[0]), ["limit", "level", "x", "y"])
    chosen = [v for v in values if v["selected"]]
    # the label goes on the side of the point with more room (the x axis is logarithmic)
    right = bool(chosen) and math.log(chosen[0]["x"]) > (math.log(points["x"].min()) + math.log(points["x"].max())) / 2
    x = {"field": "x", "type": "quantitative", "title": x_title, "scale": {"type": "log", "nice": False}}
    y = {"field": "y", "type": "quantitative", "title": y_title}
    return charts._base(description, height=360, layer=[
        {"data": {"values": curves}, "mark": {"type": "line", "color": "#505a5f", "strokeWidth": 1.5},
         "encoding": {"x": x, "y": y, "detail": {"field": "limit"},
                      "strokeDash": {"field": "level", "type": "nominal", "title": "Control limits",
                                     "legend": {"orient": "top", "columns": 2},
                                     "scale": {"domain": ["95%", "99.8%"], "range": [[6, 4], [1, 0]]}}}},
        {"data": {"values": [{"baseline": baseline}]}, "mark": {"type": "rule", "color": "#0b0c0c"},
         "encoding": {"y": {"field": "baseline", "type": "quantitative"}}},
        {"data": {"values": values}, "mark": {"type": "point", "filled": True, "size": 60, "opacity": 0.9},
         "encoding": {"x": x, "y": y,
                      "color": {"field": "significance", "type": "nominal", "title": "Against the limits",
                                "scale": FUNNEL_SCALE, "legend": {"columns": 2}},
                      "shape": {"field": "significance", "type": "nominal", "title": "Against the limits",
                                "scale": {"domain": FUNNEL_SCALE["domain"], "range": FUNNEL_SHAPES}},
                      "tooltip": [{"field": "area_name", "title": "Area"},
                                  {"field": "y", "title": "Value", "format": ",.1f"},
                                  {"field": "x", "title": x_title, "format": ",.0f"},
                                  {"field": "significance", "title": "Against the limits"}]}},
        {"data": {"values": chosen},
         "mark": {"type": "point", "size": 260, "stroke": "#0b0c0c", "strokeWidth": 3, "filled": False},
         "encoding": {"x": x, "y": y}},
        {"data": {"values": chosen},
         "mark": {"type": "text", "align": "right" if right else "left", "dx": -12 if right else 12, "dy": -10,
                  "fontWeight": "bold", "color": "#0b0c0c"},
         "encoding": {"x": x, "y": y, "text": {"field": "area_name"}}},
    ])


def breakdown_bars(frame: pd.DataFrame, unit: str, description: str, england: float | None) -> dict:
    """One bar per breakdown (label column) with its 95% CI, England as a dashed line."""
    data = frame.assign(significance=frame["compared_to_england"].fillna("Not compared"))
    values = charts.records(data, ["label", "value", "lower_95", "upper_95", "significance"])
    y = {"field": "label", "type": "nominal", "title": None, "sort": None, "axis": {"labelLimit": 260}}
    x_title = f"Value ({unit})" if unit else "Value"
    layers = [
        {"mark": {"type": "bar"},
         "encoding": {"y": y, "x": {"field": "value", "type": "quantitative", "title": x_title},
                      "color": {**charts._significance_colour(), "legend": {"columns": 2}},
                      "tooltip": [{"field": "label", "title": "Breakdown"}, {"field": "value", "format": ",.1f"},
                                  {"field": "significance", "title": "Compared with England"}]}},
        {"mark": {"type": "rule", "color": "#0b0c0c"},
         "encoding": {"y": y, "x": {"field": "lower_95", "type": "quantitative"}, "x2": {"field": "upper_95"}}},
    ]
    if england is not None and not pd.isna(england):
        layers.append({"data": {"values": [{"england": england}]},
                       "mark": {"type": "rule", "strokeDash": [6, 4], "color": "#0b0c0c", "strokeWidth": 2},
                       "encoding": {"x": {"field": "england", "type": "quantitative"}}})
    return charts._base(description, height={"step": 22}, data={"values": values}, layer=layers)


def sii_trend(frame: pd.DataFrame, unit: str, description: str) -> dict:
    """The slope index of inequality by period with its 95% confidence interval."""
    values = charts.records(frame, ["period", "period_sort", "sii", "sii_lower_95", "sii_upper_95"])
    x = {"field": "period", "type": "ordinal", "title": "Period", "sort": {"field": "period_sort"},
         "axis": {"labelAngle": -45}}
    y_title = f"Slope index of inequality ({unit})" if unit else "Slope index of inequality"
    return charts._base(description, height=260, data={"values": values}, layer=[
        {"mark": {"type": "rule", "color": "#505a5f"},
         "encoding": {"x": x, "y": {"field": "sii_lower_95", "type": "quantitative", "title": y_title},
                      "y2": {"field": "sii_upper_95"}}},
        {"mark": {"type": "line", "color": "#1d70b8", "point": {"filled": True, "size": 70, "color": "#1d70b8"}},
         "encoding": {"x": x, "y": {"field": "sii", "type": "quantitative"},
                      "tooltip": [{"field": "period"}, {"field": "sii", "title": "SII", "format": ",.1f"},
                                  {"field": "sii_lower_95", "title": "Lower 95% CI", "format": ",.1f"},
                                  {"field": "sii_upper_95", "title": "Upper 95% CI", "format": ",.1f"}]}},
    ])


PYRAMID_SEXES = {"domain": ["Male", "Female"], "range": ["#12436D", "#801650"]}


def population_pyramid(area: pd.DataFrame, england: pd.DataFrame, area_name: str, description: str) -> dict:
    """Share of the population by five-year band, males to the left and females to the right, as
    bars for the area and a black line with dots for England (columns age, start, sex, share)."""
    def signed(frame: pd.DataFrame) -> list[dict]:
        side = frame.assign(x=frame["share"].where(frame["sex"] == "Female", -frame["share"]))
        return charts.records(side, ["age", "start", "sex", "share", "x"])

    bands = pd.concat([area, england])[["start", "age"]].drop_duplicates("age").sort_values("start", ascending=False)
    y = {"field": "age", "type": "ordinal", "title": "Age", "sort": bands["age"].tolist()}  # oldest at the top
    x = {"field": "x", "type": "quantitative", "title": ["Share of the population (%)", "males left, females right"],
         "axis": {"labelExpr": "format(abs(datum.value), '.1f') + '%'", "tickCount": 6}}
    tooltip = [{"field": "sex", "title": "Sex"}, {"field": "age", "title": "Age"},
               {"field": "share", "title": "Share (%)", "format": ".2f"}]
    return charts._base(description, height={"step": 16}, layer=[
        {"data": {"values": signed(area)}, "mark": {"type": "bar"},
         "encoding": {"y": y, "x": x, "tooltip": tooltip,
                      "color": {"field": "sex", "type": "nominal", "title": area_name, "scale": PYRAMID_SEXES,
                                "legend": {"orient": "top"}}}},
        {"data": {"values": [{**row, "series": "England"} for row in signed(england)]},
         "mark": {"type": "line", "color": "#0b0c0c", "strokeWidth": 2,
                  "point": {"filled": True, "color": "#0b0c0c", "size": 25}},
         "encoding": {"y": y, "x": x, "detail": {"field": "sex"}, "order": {"field": "start"},
                      "tooltip": [{"field": "series", "title": "Area"}, *tooltip],
                      "strokeDash": {"field": "series", "type": "nominal", "title": None,
                                     "scale": {"domain": ["England"], "range": [[1, 0]]},
                                     "legend": {"orient": "top"}}}},
        {"data": {"values": [{"x": 0}]}, "mark": {"type": "rule", "color": "#505a5f"},
         "encoding": {"x": {"field": "x", "type": "quantitative"}}},
    ])
