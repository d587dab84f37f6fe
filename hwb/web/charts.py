"""Vega-Lite specs for the dashboard's charts (drawn in the browser by the vendored vega-embed).

Every spec carries its data inline (no fetch), a `description` that Vega
writes into the SVG's aria-label, and colours from hwb.reports.palette with a
legend that names each colour, so colour is never the only carrier.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from hwb.reports.palette import COLOURS, COMPARISONS, status_key

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
FONT = "arial, sans-serif"
TEXT = "#0b0c0c"
# Marks stay out of the accessibility tree: the chart's container is one image named by
# its title and summary, and the table beneath gives every figure.
CONFIG = {
    "font": FONT,
    "mark": {"aria": False},
    "axis": {"labelColor": TEXT, "titleColor": TEXT, "labelFontSize": 12, "titleFontSize": 13},
    "legend": {"labelColor": TEXT, "titleColor": TEXT, "labelFontSize": 12, "titleFontSize": 13, "orient": "bottom",
               "columns": 3},
    "view": {"stroke": None},
}
SIGNIFICANCE_SCALE = {
    "domain": COMPARISONS,
    "range": [COLOURS[status_key(label)] for label in COMPARISONS],
}


def _clean(value: Any) -> Any:
    """JSON-safe scalars (NaN and NA become null)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def records(frame: pd.DataFrame, columns: list[str]) -> list[dict]:
    return [{c: _clean(v) for c, v in zip(columns, row)} for row in frame[columns].itertuples(index=False)]


def _base(description: str, **extra) -> dict:
    return {"$schema": SCHEMA, "description": description, "config": CONFIG,
            "width": "container", "autosize": {"type": "fit-x", "contains": "padding"}, **extra}


def _significance_colour(title: str = "Compared with England") -> dict:
    return {"field": "significance", "type": "nominal", "title": title, "scale": SIGNIFICANCE_SCALE}


def trend(frame: pd.DataFrame, unit: str, description: str) -> dict:
    """Value by period with 95% confidence intervals and England as a dashed line."""
    data = frame.assign(significance=frame["compared_to_england"].fillna("Not compared"))
    values = records(data, ["period", "period_sort", "value", "lower_95", "upper_95", "england_value", "significance"])
    x = {"field": "period", "type": "ordinal", "title": "Period", "sort": {"field": "period_sort"},
         "axis": {"labelAngle": -45}}
    y_title = f"Value ({unit})" if unit else "Value"
    return _base(description, height=280, data={"values": values}, layer=[
        {"mark": {"type": "rule", "color": "#505a5f"},
         "encoding": {"x": x, "y": {"field": "lower_95", "type": "quantitative", "title": y_title}, "y2": {"field": "upper_95"}}},
        {"mark": {"type": "line", "color": "#0b0c0c", "strokeDash": [6, 4]},
         "encoding": {"x": x, "y": {"field": "england_value", "type": "quantitative"}}},
        {"mark": {"type": "line", "color": "#1d70b8"},
         "encoding": {"x": x, "y": {"field": "value", "type": "quantitative"}}},
        {"mark": {"type": "point", "filled": True, "size": 90, "stroke": "#0b0c0c", "strokeWidth": 1},
         "encoding": {"x": x, "y": {"field": "value", "type": "quantitative"}, "color": _significance_colour(),
                      "tooltip": [{"field": "period"}, {"field": "value", "format": ",.1f"},
                                  {"field": "lower_95", "title": "Lower 95% CI", "format": ",.1f"},
                                  {"field": "upper_95", "title": "Upper 95% CI", "format": ",.1f"},
                                  {"field": "significance", "title": "Compared with England"}]}},
    ])


def ranked_bars(frame: pd.DataFrame, highlight: str, unit: str, description: str, england: float | None) -> dict:
    """Horizontal bars, one per area in the frame's order, with CIs and an England line."""
    data = frame.assign(significance=frame["compared_to_england"].fillna("Not compared"),
                        selected=frame["area_code"] == highlight)
    values = records(data, ["area_name", "value", "lower_95", "upper_95", "significance", "selected"])
    y = {"field": "area_name", "type": "nominal", "title": None, "sort": None}
    x_title = f"Value ({unit})" if unit else "Value"
    layers = [
        {"mark": {"type": "bar"},
         "encoding": {"y": y, "x": {"field": "value", "type": "quantitative", "title": x_title},
                      "color": _significance_colour(),
                      "stroke": {"condition": {"test": "datum.selected", "value": "#0b0c0c"}, "value": None},
                      "strokeWidth": {"value": 2},
                      "tooltip": [{"field": "area_name", "title": "Area"}, {"field": "value", "format": ",.1f"},
                                  {"field": "significance", "title": "Compared with England"}]}},
        {"mark": {"type": "rule", "color": "#0b0c0c"},
         "encoding": {"y": y, "x": {"field": "lower_95", "type": "quantitative"}, "x2": {"field": "upper_95"}}},
    ]
    if england is not None and not math.isnan(england):
        layers.append({"data": {"values": [{"england": england}]},
                       "mark": {"type": "rule", "strokeDash": [6, 4], "color": "#0b0c0c", "strokeWidth": 2},
                       "encoding": {"x": {"field": "england", "type": "quantitative"}}})
    return _base(description, height={"step": 22}, data={"values": values}, layer=layers)


def spine_positions(row) -> dict | None:
    """Positions 0..1 on a spine centred on England, worst on the left and best on the right."""
    england = row.england_value
    if pd.isna(england) or pd.isna(row.value) or pd.isna(row.peer_min):
        return None
    sign = -1.0 if row.polarity == "low_is_good" else 1.0
    half = max(abs(row.peer_min - england), abs(row.peer_max - england), abs(row.value - england))

    def pos(x: float) -> float:
        return 0.5 if half == 0 else 0.5 + sign * (x - england) / (2 * half)

    low, high = sorted((pos(row.peer_min), pos(row.peer_max)))
    q_low, q_high = sorted((pos(row.peer_q25), pos(row.peer_q75)))
    return {"low": low, "high": high, "q_low": q_low, "q_high": q_high, "area": pos(row.value)}


def spine_rows(frame: pd.DataFrame) -> list[dict]:
    """Profile rows that can go on the spine (they need a value, England and peers)."""
    rows = []
    for row in frame.itertuples():
        positions = spine_positions(row)
        if positions is None:
            continue
        name = row.name if len(row.name) <= 50 else row.name[:47] + "..."
        label = f"{name} ({row.sex}, {row.age})"
        # A numbered key keeps rows apart even when shortened labels coincide.
        rows.append({"key": f"{len(rows):04d}|{label}", "label": f"{row.name} ({row.sex}, {row.age})",
                     "value": _clean(row.value), "england": _clean(row.england_value),
                     "significance": row.compared_to_england or "Not compared", **positions})
    return rows


def spine(rows: list[dict], description: str) -> dict:
    """The Fingertips-style spine chart: one row per indicator, England at the centre line."""
    y = {"field": "key", "type": "nominal", "title": None, "sort": None,
         "axis": {"labelLimit": 360, "labelExpr": "split(datum.label, '|')[1]"}}
    x = {"type": "quantitative", "scale": {"domain": [0, 1]}, "axis": None}
    return _base(description, height={"step": 26}, data={"values": rows}, layer=[
        {"mark": {"type": "bar", "color": "#dddddd", "size": 16},
         "encoding": {"y": y, "x": {"field": "low", **x}, "x2": {"field": "high"}}},
        {"mark": {"type": "bar", "color": "#a8a8a8", "size": 16},
         "encoding": {"y": y, "x": {"field": "q_low", **x}, "x2": {"field": "q_high"}}},
        {"mark": {"type": "rule", "color": "#0b0c0c", "strokeWidth": 2},
         "encoding": {"x": {"datum": 0.5, **x}}},
        {"mark": {"type": "point", "filled": True, "size": 110, "stroke": "#0b0c0c", "strokeWidth": 1, "shape": "circle"},
         "encoding": {"y": y, "x": {"field": "area", **x}, "color": _significance_colour(),
                      "tooltip": [{"field": "label", "title": "Indicator"}, {"field": "value", "format": ",.1f"},
                                  {"field": "england", "title": "England", "format": ",.1f"},
                                  {"field": "significance", "title": "Compared with England"}]}},
    ])
