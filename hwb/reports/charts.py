"""Vega-Lite specs for indicator time series, and offline rendering with vl-convert."""

from __future__ import annotations

import base64
import json
from functools import lru_cache

import vl_convert

from hwb.reports import palette

COMPARISON_RANGE = [palette.COLOURS.get(palette.status_key(c) or "", "#E6E6E6") for c in palette.COMPARISONS]
COMPARISON_SHAPES = [palette.CHART_SHAPES[c] for c in palette.COMPARISONS]
# Legends below the plot, never truncated (Vega cuts titles at 180px and labels at 160px by default).
LEGEND = {"orient": "bottom", "direction": "horizontal", "titleLimit": 0, "labelLimit": 0, "columns": 4,
          "titleOrient": "top", "symbolSize": 80, "labelFontSize": 11, "titleFontSize": 11}


def time_series_spec(unit: str, points: list[dict]) -> dict:
    """Value with 95% CI whiskers (coloured and shaped by comparison with England)
    and the England value as a dashed line.

    `points`: period, value, lower, upper, england, compared (None where missing).
    """
    order = [p["period"] for p in points]
    x = {"field": "period", "type": "ordinal", "sort": order, "title": "Period",
         "axis": {"labelAngle": -45}}
    comparison = {"field": "compared", "type": "nominal", "title": "Compared with England",
                  "scale": {"domain": palette.COMPARISONS, "range": COMPARISON_RANGE}}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 560,
        "height": 220,
        "data": {"values": points},
        "layer": [
            {"mark": {"type": "rule", "color": "#0b0c0c", "strokeWidth": 1.5},
             "transform": [{"filter": "isValid(datum.lower) && isValid(datum.upper)"}],
             "encoding": {"x": x, "y": {"field": "lower", "type": "quantitative", "title": unit or "Value",
                                          "scale": {"zero": False, "padding": 12}},
                          "y2": {"field": "upper"}}},
            {"mark": {"type": "line", "color": "#0b0c0c", "strokeWidth": 1.5},
             "transform": [{"filter": "isValid(datum.england)"}],
             "encoding": {"x": x, "y": {"field": "england", "type": "quantitative"},
                          "strokeDash": {"datum": "England", "type": "nominal", "title": "Benchmark",
                                         "scale": {"range": [[6, 3]]}}}},
            {"mark": {"type": "point", "filled": True, "size": 60, "stroke": "#0b0c0c", "strokeWidth": 0.8,
                      "opacity": 1},
             "transform": [{"filter": "isValid(datum.value)"}],
             "encoding": {"x": x, "y": {"field": "value", "type": "quantitative"},
                          "color": comparison,
                          "shape": {**comparison, "scale": {"domain": palette.COMPARISONS, "range": COMPARISON_SHAPES}},
                          "tooltip": [{"field": "period"}, {"field": "value"}, {"field": "lower"},
                                      {"field": "upper"}, {"field": "england"}, {"field": "compared"}]}},
        ],
        "config": {"font": "Liberation Sans", "view": {"stroke": None}, "legend": LEGEND,
                   "axis": {"labelLimit": 0, "titleLimit": 0}},
        "padding": 8,
    }


@lru_cache(maxsize=256)
def _svg(spec_json: str) -> str:
    return vl_convert.vegalite_to_svg(json.loads(spec_json))


def to_svg(spec: dict) -> str:
    return _svg(json.dumps(spec, sort_keys=True))


def to_png(spec: dict, scale: float = 2.0) -> bytes:
    """The chart as PNG, drawn from its cached SVG: the bytes vegalite_to_png gives, without
    running Vega a second time for a chart the HTML and PDF already have."""
    return vl_convert.svg_to_png(to_svg(spec), scale=scale)


def svg_data_uri(spec: dict) -> str:
    """The chart as an <img> source: renders with no network and runs no script."""
    return "data:image/svg+xml;base64," + base64.b64encode(to_svg(spec).encode("utf-8")).decode("ascii")
