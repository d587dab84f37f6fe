"""Vega-Lite trend charts of BCF metrics (plan against actual), rendered offline with vl-convert."""

from __future__ import annotations

import vl_convert as vlc

from hwb.bcf.metrics import DECIMALS, SHORT_NAMES, Row, round_half_up

# Colour-blind-safe pair (Okabe-Ito blue and orange), with a dash for plans as well.
KIND_COLOURS = {"Plan": "#0072B2", "Actual": "#D55E00"}


def trend_spec(metric: str, rows: list[Row]) -> dict:
    """A line chart of plan and actual by period for one metric's rows."""
    values = []
    for row in rows:
        for kind, x in (("Plan", row.plan_value), ("Actual", row.actual_value)):
            if x is not None:
                values.append({"period": row.period + "-01", "kind": kind, "label": row.label,
                               "basis": row.basis, "value": round_half_up(x, DECIMALS[metric])})
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": SHORT_NAMES[metric],
        "width": 520,
        "height": 200,
        "data": {"values": values},
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": "period", "type": "temporal", "timeUnit": "yearmonth", "title": "Period"},
            "y": {"field": "value", "type": "quantitative", "title": SHORT_NAMES[metric],
                  "scale": {"zero": False}},
            "color": {"field": "kind", "type": "nominal", "title": None,
                      "scale": {"domain": list(KIND_COLOURS), "range": list(KIND_COLOURS.values())}},
            "strokeDash": {"field": "kind", "type": "nominal", "title": None,
                           "scale": {"domain": ["Plan", "Actual"], "range": [[6, 3], [1, 0]]}},
            "detail": {"field": "basis", "type": "nominal"},
            "tooltip": [{"field": "label"}, {"field": "kind"}, {"field": "value"}],
        },
    }


def to_svg(spec: dict) -> str:
    return vlc.vegalite_to_svg(spec)


def to_png(spec: dict) -> bytes:
    return vlc.vegalite_to_png(spec, scale=2)
