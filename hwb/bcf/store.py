"""Save and load BCF plans and year-end returns in the hwb store.

`save_plan` / `save_year_end` replace everything held for that HWB and year in
one transaction; `write_*` do the same inside a transaction the caller holds.
"""

from __future__ import annotations

import math
from dataclasses import asdict, fields

import pandas as pd

from hwb.bcf.model import (
    Assurance, Cover, District, Income, IncomeLine, MetricAssessment, MetricPoint,
    NarrativeAnswer, Person, Plan, Scheme, SummaryRow, YearEnd, YearEndIncome,
)

# (table, part, attribute path, row class) for every list of a Plan or YearEnd.
_PLAN_CHILDREN = (
    ("bcf_people", "plan", "cover.people", Person),
    ("bcf_income_lines", "plan", "income.lines", IncomeLine),
    ("bcf_dfg_districts", "plan", "income.dfg_districts", District),
    ("bcf_schemes", "plan", "schemes", Scheme),
    ("bcf_metric_points", "plan", "metrics", MetricPoint),
    ("bcf_assurances", "plan", "assurances", Assurance),
    ("bcf_narrative", "plan", "narrative", NarrativeAnswer),
)
_YEAR_END_CHILDREN = (
    ("bcf_assurances", "year_end_conditions", "conditions", Assurance),
    ("bcf_metric_points", "year_end", "metric_plans", MetricPoint),
    ("bcf_metric_assessments", "year_end", "assessments", MetricAssessment),
    ("bcf_year_end_income", "year_end", "income", YearEndIncome),
    ("bcf_assurances", "year_end_confirmations", "confirmations", Assurance),
    ("bcf_year_end_summary", "year_end", "summary", SummaryRow),
)
_COVER_FIELDS = [f.name for f in fields(Cover) if f.name != "people"]
_INCOME_FIELDS = ["additional_la", "additional_nhs", "comments", "asc_minimum"]
_YEAR_END_FIELDS = [
    f.name for f in fields(YearEnd) if f.name not in {c[2] for c in _YEAR_END_CHILDREN}
]


def _get(obj, path: str):
    for name in path.split("."):
        obj = getattr(obj, name)
    return obj


def _clean(value):
    """NULL/NaN from the database back to None."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def _rows(store, query: str, params: list) -> list[dict]:
    cursor = store.duck.execute(query, params)
    names = [d[0] for d in cursor.description]
    return [{n: _clean(v) for n, v in zip(names, row)} for row in cursor.fetchall()]


def _write_children(store, children, obj, key: dict) -> None:
    for table, part, path, cls in children:
        store.duck.execute(
            f"DELETE FROM {table} WHERE hwb_code = ? AND year = ? AND part = ?",
            [key["hwb_code"], key["year"], part],
        )
        items = _get(obj, path)
        if items:
            frame = pd.DataFrame(
                [{**key, "part": part, "seq": i, **asdict(item)} for i, item in enumerate(items)]
            ).astype(object)
            store.upsert(table, frame.where(frame.notna(), None))


def _read_children(store, children, key: tuple[str, str]) -> dict[str, list]:
    out = {}
    for table, part, path, cls in children:
        names = [f.name for f in fields(cls)]
        rows = _rows(
            store,
            f"SELECT * FROM {table} WHERE hwb_code = ? AND year = ? AND part = ? ORDER BY seq",
            [*key, part],
        )
        out[path] = [cls(**{n: row[n] for n in names}) for row in rows]
    return out


def _metric_numbers(points: list[MetricPoint]) -> None:
    """Counts come back from DOUBLE columns; keep whole numbers as int for equality and display."""
    for p in points:
        for name in ("count", "denominator"):
            value = getattr(p, name)
            if value is not None and float(value).is_integer():
                setattr(p, name, int(value))


def write_plan(store, plan: Plan) -> None:
    """Replace the stored plan for (hwb_code, year); call inside `store.transaction()`."""
    key = {"hwb_code": plan.hwb_code, "year": plan.year}
    row = {**key, **{n: getattr(plan.cover, n) for n in _COVER_FIELDS},
           **{n: getattr(plan.income, n) for n in _INCOME_FIELDS}}
    store.duck.execute("DELETE FROM bcf_plans WHERE hwb_code = ? AND year = ?", [plan.hwb_code, plan.year])
    store.upsert("bcf_plans", pd.DataFrame([row]).astype(object))
    _write_children(store, _PLAN_CHILDREN, plan, key)


def save_plan(store, plan: Plan) -> None:
    """Store `plan`, all or nothing, replacing any earlier version of that HWB and year."""
    with store.transaction():
        write_plan(store, plan)


def load_plan(store, hwb_code: str, year: str) -> Plan:
    """The stored plan for `hwb_code` and `year` (KeyError if there is none)."""
    found = _rows(store, "SELECT * FROM bcf_plans WHERE hwb_code = ? AND year = ?", [hwb_code, year])
    if not found:
        raise KeyError(f"no BCF plan stored for {hwb_code} {year}")
    row = found[0]
    kids = _read_children(store, _PLAN_CHILDREN, (hwb_code, year))
    _metric_numbers(kids["metrics"])
    return Plan(
        hwb_code=hwb_code,
        year=year,
        cover=Cover(**{n: row[n] for n in _COVER_FIELDS}, people=kids["cover.people"]),
        income=Income(
            lines=kids["income.lines"], dfg_districts=kids["income.dfg_districts"],
            **{n: row[n] for n in _INCOME_FIELDS},
        ),
        schemes=kids["schemes"],
        metrics=kids["metrics"],
        assurances=kids["assurances"],
        narrative=kids["narrative"],
    )


def list_plans(store) -> list[tuple[str, str, str]]:
    """(hwb_code, year, hwb_name) of every stored plan."""
    return store.sql("SELECT hwb_code, year, hwb_name FROM bcf_plans ORDER BY hwb_code, year")


def write_year_end(store, year_end: YearEnd) -> None:
    """Replace the stored year-end return; call inside `store.transaction()`."""
    key = {"hwb_code": year_end.hwb_code, "year": year_end.year}
    row = {n: getattr(year_end, n) for n in _YEAR_END_FIELDS}
    store.duck.execute("DELETE FROM bcf_year_ends WHERE hwb_code = ? AND year = ?", [key["hwb_code"], key["year"]])
    store.upsert("bcf_year_ends", pd.DataFrame([row]).astype(object))
    _write_children(store, _YEAR_END_CHILDREN, year_end, key)


def save_year_end(store, year_end: YearEnd) -> None:
    """Store `year_end`, all or nothing, replacing any earlier return for that HWB and year."""
    with store.transaction():
        write_year_end(store, year_end)


def load_year_end(store, hwb_code: str, year: str) -> YearEnd | None:
    """The stored year-end return, or None if there is none."""
    found = _rows(store, "SELECT * FROM bcf_year_ends WHERE hwb_code = ? AND year = ?", [hwb_code, year])
    if not found:
        return None
    kids = _read_children(store, _YEAR_END_CHILDREN, (hwb_code, year))
    _metric_numbers(kids["metric_plans"])
    return YearEnd(**found[0], **kids)
