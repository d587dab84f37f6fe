"""The BCF tracker's view of a stored plan: metric series, money by source and rule checks."""

from __future__ import annotations

import pandas as pd

from hwb.bcf import metrics
from hwb.bcf.model import FUNDING_SOURCES, METRICS, Plan
from hwb.bcf.store import list_plans
from hwb.store.record import Record

TRACKED_BASES = ("month", "rolling12")
# Each count with the value made from it, for hwb.web.disclosure.protect.
COUNTS = (("plan_count", "plan"), ("actual_count", "actual"))


def plans(record: Record) -> list[tuple[str, str, str]]:
    return list_plans(record)


def metric_rows(plan: Plan) -> pd.DataFrame:
    """One row per metric and period: plan and actual values and counts, in time order."""
    rows = []
    for r in metrics.comparison(plan.metrics):
        if r.basis not in TRACKED_BASES:
            continue
        rows.append({
            "metric": r.metric, "metric_name": METRICS[r.metric], "period": r.period, "basis": r.basis,
            "label": metrics.period_text(r.period, r.basis), "plan": r.plan_value, "actual": r.actual_value,
            "plan_count": r.plan.count if r.plan else None, "actual_count": r.actual.count if r.actual else None,
        })
    return pd.DataFrame(rows, columns=["metric", "metric_name", "period", "basis", "label", "plan", "actual",
                                       "plan_count", "actual_count"])


def chart_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """Long form for the plan-against-actual chart (Plan / Actual per period)."""
    long = []
    for order, r in enumerate(rows.itertuples()):
        for kind, value in (("Plan", r.plan), ("Actual", r.actual)):
            if value is not None and not isinstance(value, str) and not pd.isna(value):
                long.append({"label": r.label, "order": order, "kind": kind, "value": value})
    return pd.DataFrame(long, columns=["label", "order", "kind", "value"])


def finance(plan: Plan) -> pd.DataFrame:
    """Income and planned expenditure by funding source, and the balance."""
    rows = [{"source": s, "income": plan.income.total(s), "expenditure": plan.expenditure(s)} for s in FUNDING_SOURCES]
    frame = pd.DataFrame(rows)
    frame["balance"] = frame["income"] - frame["expenditure"]
    return frame
