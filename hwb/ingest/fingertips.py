"""The Fingertips "all data" CSV, exactly as downloaded (27 columns).

Values and CIs are kept as published; the published recent trend and
comparisons are kept in `published_figures` beside hwb's own. Fingertips
downloads carry no polarity or value type, so these are inferred and the
indicator's source says so: the value type from value / (count/denominator),
the polarity from which side of England the published "Better" rows lie.
A metadata file in the tidy INDICATORS format overrides the inference.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from hwb.errors import InputError, LocatedError
from hwb.ingest.fields import number, parse_rows, text
from hwb.ingest.load import Batch
from hwb.ingest.tables import read_table
from hwb.periods import period_years

ENGLAND = "E92000001"
PARENT_COMPARISON = re.compile(r"^Compared to (?!England)(.+) value or percentiles$")
COLUMNS = [
    text("Indicator ID", needs_value=True), text("Indicator Name", needs_value=True),
    text("Parent Code"), text("Parent Name"), text("Area Code", needs_value=True),
    text("Area Name", needs_value=True), text("Area Type", needs_value=True),
    text("Sex"), text("Age"), text("Category Type"), text("Category"),
    text("Time period", needs_value=True), number("Value", required=True),
    number("Lower CI 95.0 limit", required=True), number("Upper CI 95.0 limit", required=True),
    number("Lower CI 99.8 limit", required=True), number("Upper CI 99.8 limit", required=True),
    number("Count", required=True, minimum=0), number("Denominator", required=True, minimum=0),
    text("Value note"), text("Recent Trend"), text("Compared to England value or percentiles"),
    number("Time period Sortable", required=True), text("New data"), text("Compared to goal"),
    text("Time period range"),
]
MULTIPLIERS = {100.0: "proportion", 1000.0: "crude_rate", 10000.0: "crude_rate", 100000.0: "crude_rate"}


def _years(range_text: str, label: str) -> int:
    match = re.fullmatch(r"(\d+)y", range_text.strip())
    if match:
        return int(match.group(1))
    return period_years(label) if not range_text else 0


def _value_type(group: pd.DataFrame, name: str) -> tuple[str, float]:
    if "standardised" in name.lower():
        return "dsr", 100000.0
    usable = group[(group["count"] > 0) & (group["denominator"] > 0) & group["value"].notnull()]
    if usable.empty:
        return "other", 1.0
    ratio = (usable["value"] / (usable["count"] / usable["denominator"])).median()
    for multiplier, kind in MULTIPLIERS.items():
        if abs(ratio / multiplier - 1) < 0.01:
            return kind, multiplier
    return "other", 1.0


def _polarity(group: pd.DataFrame, england: pd.Series) -> str:
    judged = group[group["published_england"].isin(["Better", "Worse"])]
    for _, row in judged.iterrows():
        bench = england.get(row["figure"])
        if bench is None or pd.isna(row["value"]) or row["value"] == bench:
            continue
        above = row["value"] > bench
        return "high_is_good" if above == (row["published_england"] == "Better") else "low_is_good"
    return "no_judgement"


def read_fingertips(path: str | Path) -> Batch:
    """A Batch (indicators, areas, data points, published figures) from one download."""
    table = read_table(path)
    parent_columns = [c for c in table.header if PARENT_COMPARISON.match(c)]
    rows, errors = parse_rows(table, COLUMNS + [text(c) for c in parent_columns])
    errors += [
        LocatedError(table.file, r["_row"], "Time period Sortable", "expected a sortable period like 20190000")
        for r in rows if r["Time period Sortable"] is None
    ]
    if errors:
        raise InputError(errors)
    frame = pd.DataFrame(
        {
            "indicator_id": [r["Indicator ID"] for r in rows],
            "area_code": [r["Area Code"] for r in rows],
            "period": [r["Time period"] for r in rows],
            "sex": [r["Sex"] for r in rows],
            "age": [r["Age"] for r in rows],
            "category_type": [r["Category Type"] for r in rows],
            "category": [r["Category"] for r in rows],
            "count": [r["Count"] for r in rows],
            "denominator": [r["Denominator"] for r in rows],
            "value": [r["Value"] for r in rows],
            "lower_95": [r["Lower CI 95.0 limit"] for r in rows],
            "upper_95": [r["Upper CI 95.0 limit"] for r in rows],
            "lower_998": [r["Lower CI 99.8 limit"] for r in rows],
            "upper_998": [r["Upper CI 99.8 limit"] for r in rows],
            "value_note": [r["Value note"] for r in rows],
            "period_sort": [int(r["Time period Sortable"]) // 10000 for r in rows],
            "period_years": [_years(r["Time period range"], r["Time period"]) for r in rows],
            "source": f"Fingertips download {Path(path).name}",
        }
    )
    key = ["indicator_id", "area_code", "period", "sex", "age", "category_type", "category"]
    dupes = frame.duplicated(key, keep="first")
    if dupes.any():
        raise InputError([
            LocatedError(table.file, rows[i]["_row"], "Area Code", "duplicate row (same indicator, area, period, sex, age, category)")
            for i in dupes[dupes].index
        ])
    published = _published(frame, rows, parent_columns, key)
    return Batch(
        indicators=_indicators(frame, rows, published),
        areas=_areas(rows),
        data_points=frame,
        published_figures=published,
        files=[(str(path), "fingertips")],
    )


def _published(frame: pd.DataFrame, rows: list[dict], parent_columns: list[str], key: list[str]) -> pd.DataFrame:
    fields = {"Recent Trend": "recent_trend", "Compared to England value or percentiles": "compared_to_england",
              "Compared to goal": "compared_to_goal"}
    fields.update({c: "compared_to_parent" for c in parent_columns})
    out = []
    for index, row in enumerate(rows):
        for column, field in fields.items():
            if row.get(column):
                out.append({**{k: frame.at[index, k] for k in key}, "field": field,
                            "value_text": row[column], "source": frame.at[index, "source"]})
    return pd.DataFrame(out, columns=[*key, "field", "value_text", "source"])


def _indicators(frame: pd.DataFrame, rows: list[dict], published: pd.DataFrame) -> pd.DataFrame:
    figure = ["period", "sex", "age", "category_type", "category"]
    work = frame.assign(figure=frame[figure].astype(str).agg("|".join, axis=1))
    eng = published[published["field"] == "compared_to_england"]
    work = work.merge(
        eng.assign(published_england=eng["value_text"])[["indicator_id", "area_code", *figure, "published_england"]],
        on=["indicator_id", "area_code", *figure], how="left",
    )
    names = {r["Indicator ID"]: r["Indicator Name"] for r in rows}
    out = []
    for indicator_id, group in work.groupby("indicator_id", sort=False):
        england = group[group["area_code"] == ENGLAND].set_index("figure")["value"]
        value_type, multiplier = _value_type(group, names[indicator_id])
        out.append({
            "indicator_id": indicator_id, "name": names[indicator_id], "value_type": value_type,
            "multiplier": multiplier, "polarity": _polarity(group, england),
            "comparison_confidence": 95.0, "goal_lower": None, "goal_upper": None, "unit": None,
            "source": "Fingertips (OHID); value type and polarity inferred from the download",
            "definition": None,
        })
    return pd.DataFrame(out)


def _areas(rows: list[dict]) -> pd.DataFrame:
    areas: dict[str, dict] = {}
    for r in rows:
        areas[r["Area Code"]] = {"area_code": r["Area Code"], "area_name": r["Area Name"],
                                 "area_type": r["Area Type"], "parent_code": r["Parent Code"] or None}
    for r in rows:
        if r["Parent Code"] and r["Parent Code"] not in areas:
            areas[r["Parent Code"]] = {"area_code": r["Parent Code"], "area_name": r["Parent Name"],
                                       "area_type": "England" if r["Parent Code"] == ENGLAND else "Parent area",
                                       "parent_code": None}
    return pd.DataFrame(list(areas.values()))
