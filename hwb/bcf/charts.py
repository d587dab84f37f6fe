"""Vega-Lite trend charts of BCF metrics (plan against actual) and their text alternatives.

Each basis and counting method is its own line, so a series breaks where the counting
method changes (SALT to CLD) instead of joining two methods. The specs are rendered by
the shared report renderers (hwb.reports.charts).
"""

from __future__ import annotations

from hwb.bcf.metrics import DECIMALS, SHORT_NAMES, Row, display, financial_year, period_text, round_half_up
from hwb.bcf.model import DISCHARGE, NEA, REABLEMENT, RESIDENTIAL

# Colour-blind-safe pair (Okabe-Ito blue and orange); plans are dashed as well, so
# colour is never the only way to tell them apart.
KIND_COLOURS = {"Plan": "#0072B2", "Actual": "#D55E00"}
KIND_DASHES = {"Plan": [6, 3], "Actual": [1, 0]}
# Quarterly counts are a quarter of the size of the 12-month figures: they stay in the table only.
CHARTED_BASES = ("month", "rolling12", "year")
AXIS_TITLES = {NEA: "Admissions per 100,000 aged 65+", DISCHARGE: "Days",
               RESIDENTIAL: "Admissions per 100,000 aged 65+", REABLEMENT: "% at home after 12 weeks"}


def charted(rows: list[Row]) -> list[Row]:
    """The rows a trend chart plots."""
    return [r for r in rows if r.basis in CHARTED_BASES]


def period_label(row: Row) -> str:
    """'12 months to Mar 2025' with its counting method where the source names one: '... (CLD)'."""
    text = period_text(row.period, row.basis)
    return f"{text} ({row.method})" if row.method else text


def methods(rows: list[Row]) -> list[str]:
    """The counting methods among `rows`, in time order (empty when none is named)."""
    return list(dict.fromkeys(r.method for r in sorted(rows, key=lambda r: r.period) if r.method))


# Months between consecutive points of one unbroken line; a longer gap breaks the line.
STEPS = {"month": 1, "quarter": 3, "rolling12": 3, "year": 12}


def _months(period: str) -> int:
    year, month = (int(p) for p in period.split("-"))
    return year * 12 + month


def trend_spec(metric: str, rows: list[Row]) -> dict:
    """A line chart of plan and actual by period for one metric's rows.

    A line is one basis and counting method; it breaks where figures are missing (a gap longer
    than the basis's step) and, for plans, where one year's plan ends and the next year's begins.
    """
    values = []
    last: dict[tuple, tuple[int, str, int]] = {}  # (kind, basis, method) -> (month, plan year, segment)
    for row in charted(rows):
        for kind, x in (("Plan", row.plan_value), ("Actual", row.actual_value)):
            if x is None:
                continue
            key, month, year = (kind, row.basis, row.method), _months(row.period), financial_year(row.period)
            segment = 0
            if key in last:
                before, before_year, segment = last[key]
                if month - before > STEPS[row.basis] or (kind == "Plan" and year != before_year):
                    segment += 1
            last[key] = (month, year, segment)
            series = f"{row.basis} {row.method}".strip() + (f" part {segment + 1}" if segment else "")
            values.append({"period": row.period + "-01", "kind": kind, "label": period_label(row),
                           "series": series, "value": round_half_up(x, DECIMALS[metric])})
    kind = {"field": "kind", "type": "nominal", "title": None,
            "legend": {"symbolType": "stroke", "symbolSize": 400, "symbolStrokeWidth": 2}}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 560,
        "height": 200,
        "data": {"values": values},
        "mark": {"type": "line", "point": True, "strokeWidth": 2},
        "encoding": {
            "x": {"field": "period", "type": "temporal", "timeUnit": "yearmonth", "title": "Period"},
            "y": {"field": "value", "type": "quantitative", "title": AXIS_TITLES[metric], "scale": {"zero": False}},
            "color": {**kind, "scale": {"domain": list(KIND_COLOURS), "range": list(KIND_COLOURS.values())}},
            "strokeDash": {**kind, "scale": {"domain": list(KIND_DASHES), "range": list(KIND_DASHES.values())}},
            "detail": {"field": "series", "type": "nominal"},
            "tooltip": [{"field": "label", "title": "Period"}, {"field": "kind"}, {"field": "value"}],
        },
        "config": {"font": "Liberation Sans", "view": {"stroke": None}},
    }


def _gaps(rows: list[Row]) -> bool:
    """Whether the chart of `rows` draws any line in more than one part."""
    return any(" part " in v["series"] for v in trend_spec(rows[0].metric, rows)["data"]["values"]) if rows else False


def trend_alt(metric: str, rows: list[Row]) -> str:
    """What the chart shows, in words: its span and the latest actual against its plan."""
    shown = charted(rows)
    if not shown:
        return f"Chart of {SHORT_NAMES[metric]}: no figures to plot."
    first, last = (period_text(r.period, r.basis) for r in (shown[0], shown[-1]))
    text = f"Line chart of {SHORT_NAMES[metric]}, plan (dashed) and actual (solid), {first} to {last}."
    latest = next((r for r in reversed(shown) if r.actual_value is not None), None)
    if latest:
        text += f" Latest actual {display(metric, latest.actual_value)} ({period_text(latest.period, latest.basis)})"
        if latest.plan_value is not None:
            text += f" against a plan of {display(metric, latest.plan_value)}"
        text += "."
    else:
        text += " No actual figures yet."
    if _gaps(shown):
        text += " A line breaks where figures are missing or where one year's plan gives way to the next."
    if len(methods(shown)) > 1:
        text += (f" The line breaks where the counting method changes ({' to '.join(methods(shown))}): "
                 "the two are not joined.")
    if len(shown) < len(rows):
        text += " Quarterly figures are in the table only."
    return text
