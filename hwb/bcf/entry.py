"""In-year figures as people enter them (the web form) or import them (hwb.bcf.figures_csv).

One function checks one figure, whichever way it arrives: the metric, plan or actual, the
period it covers (a month, a quarter, or 12 months to the end of a quarter), the counting
method where the metric has one (residential admissions: CLD or SALT), and the two numbers
the metric is made from. Problems come back per field, in a reader's words, so the web can
show them beside the field and the import can name the row and column.
"""

from __future__ import annotations

import re

from hwb.bcf.metrics import SHORT_NAMES, period_text
from hwb.bcf.model import DISCHARGE, METRICS, REABLEMENT, RESIDENTIAL, MetricPoint
from hwb.bcf.rules import MAX_DAYS

PERIODS = {
    "month": "One month",
    "quarter": "One quarter (the three months ending in the month given)",
    "rolling12": "12 months to the end of a quarter (a rolling total)",
}
# Counting methods the template names for long-term residential admissions (line 1798 of the
# 2026-27 template: "Client Level Data (CLD)"; the 2025-26 board report: "the old SALT logic").
COUNTING_METHODS = {"CLD": "Client Level Data (CLD)", "SALT": "Short and Long Term return (SALT)"}
HAS_METHOD = {RESIDENTIAL}
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
NUMBER = re.compile(r"^-?[0-9]{1,12}(,[0-9]{3})*(\.[0-9]{1,6})?$|^-?[0-9]{1,15}(\.[0-9]{1,6})?$")
QUARTER_ENDS = ("03", "06", "09", "12")


def _number(text: str, label: str, errors: dict, field: str) -> float | None:
    """A plain decimal number (thousands commas allowed); no exponents, infinities or NaN."""
    text = text.strip()
    if not NUMBER.match(text) or not text.isascii():
        errors[field] = f"Enter {label} as a number, for example 1469 or 12.5"
        return None
    return float(text.replace(",", ""))


def labels(metric: str) -> tuple[str, str]:
    """What the two numbers of a metric are, in a reader's words."""
    if metric == DISCHARGE:
        return "the percentage discharged on the discharge-ready date", "the mean days delayed"
    if metric == REABLEMENT:
        return "the number of people at home after 12 weeks", "the number of people discharged"
    return "the number of admissions", "the population aged 65+"


def make_point(metric: str, kind: str, period: str, basis: str, method: str, first: str,
               second: str) -> tuple[MetricPoint | None, dict[str, str]]:
    """The figure as a MetricPoint, or None and what is wrong, field by field."""
    errors: dict[str, str] = {}
    metric, kind, period, basis, method = (v.strip() for v in (metric, kind, period, basis, method))
    if metric not in METRICS:
        errors["metric"] = "Choose a metric"
    if kind not in ("plan", "actual"):
        errors["kind"] = "Choose plan or actual"
    if basis not in PERIODS:
        errors["basis"] = "Choose the period the figure covers: a month, a quarter or 12 months"
    match = MONTH.match(period)
    if not match:
        errors["period"] = "Enter the month as YYYY-MM, for example 2026-06"
    elif basis in ("quarter", "rolling12") and match.group(2) not in QUARTER_ENDS:
        errors["period"] = "A quarter ends in March, June, September or December: enter that month, for example 2026-06"
    if metric in HAS_METHOD:
        if method not in COUNTING_METHODS:
            errors["method"] = "Choose how the admissions were counted: CLD or SALT"
    elif method:
        errors["method"] = "Only residential admissions name a counting method; leave it blank"
    first_label, second_label = labels(metric)
    a = _number(first, first_label, errors, "first")
    b = _number(second, second_label, errors, "second")
    if errors:
        return None, errors
    if metric == DISCHARGE:
        if not 0 <= a <= 100:
            errors["first"] = "Enter the percentage as a number from 0 to 100"
        if not 0 <= b <= MAX_DAYS:
            errors["second"] = f"Enter the mean days delayed as a number from 0 to {MAX_DAYS}"
    else:
        if a < 0:
            errors["first"] = f"Enter {first_label} as 0 or more"
        if b <= 0:
            errors["second"] = f"Enter {second_label} as a number above 0"
        if metric == REABLEMENT and a > b:
            errors["first"] = "People at home cannot be more than the people discharged"
    if errors:
        return None, errors
    label = f"{period_text(period, basis)} {kind.title()}" + (f" ({method})" if method else "")
    point = MetricPoint(metric, kind, period, label, basis, method=method)
    if metric == DISCHARGE:
        point.proportion, point.days = a / 100, b
    else:
        point.count, point.denominator = a, b
    return point, {}


def describe(point: MetricPoint) -> str:
    """'Emergency admissions 65+ per 100,000, actual, Quarter to Jun 2026'."""
    method = f" ({point.method})" if point.method else ""
    return f"{SHORT_NAMES[point.metric]}, {point.kind}, {period_text(point.period, point.basis)}{method}"
