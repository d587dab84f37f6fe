"""Fingertips "all data" CSV downloads, exactly as downloaded (26 or 27 columns).

Values and CIs are kept as published; the published recent trend and
comparisons are kept in `published_figures` beside hwb's own. Indicator
metadata (value type, unit, polarity, comparison method), when given, comes
first; for indicators it does not cover, these are inferred from the download
(`hwb.fingertips.infer`) and the indicator's `metadata_source` says how.
Several downloads may be read as one (regional files repeat England's rows).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from hwb.errors import InputError, LocatedError
from hwb.ingest.fields import number, parse_rows, text
from hwb.fingertips.infer import infer_indicators
from hwb.ingest.load import Batch
from hwb.ingest.tables import RawTable, read_table
from hwb.periods import period_sort, period_years

ENGLAND = "E92000001"
KEY = ["indicator_id", "area_code", "period", "sex", "age", "category_type", "category"]
PARENT_COMPARISON = re.compile(r"^Compared to (?!England)(.+) value or percentiles$")
CI_PAIRS = [("Lower CI 95.0 limit", "Upper CI 95.0 limit"), ("Lower CI 99.8 limit", "Upper CI 99.8 limit")]
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
    # Older downloads lack "Time period range" (26 columns); the oldest lack the sortable period too.
    number("Time period Sortable", required=False, minimum=0), text("New data", required=False),
    text("Compared to goal", required=False), text("Time period range", required=False),
]
PUBLISHED = {"Recent Trend": "recent_trend", "Compared to England value or percentiles": "compared_to_england",
             "Compared to goal": "compared_to_goal"}


def _years(range_text: str, label: str) -> int:
    match = re.fullmatch(r"(\d+)y", range_text.strip())
    if match:
        return int(match.group(1))
    return period_years(label) if not range_text else 0


def _row_problems(table: RawTable, row: dict) -> list[LocatedError]:
    """Reversed CIs and periods with no year, each naming its cell."""
    where = (table.file, row["_row"])
    problems = []
    for low, high in CI_PAIRS:
        if row[low] is not None and row[high] is not None and row[low] > row[high]:
            problems.append(LocatedError(*where, low, f"{row[low]:g} is above the upper limit {row[high]:g} in {high!r}"))
    sortable = row.get("Time period Sortable")
    if sortable is not None and not float(sortable).is_integer():
        problems.append(LocatedError(*where, "Time period Sortable", f"{sortable:g} is not a whole number like 20190000"))
    elif sortable is None:
        try:
            period_sort(row["Time period"])
        except ValueError:
            problems.append(LocatedError(*where, "Time period", f"{row['Time period']!r} has no year and no "
                                                                "'Time period Sortable' gives its order"))
    return problems


def _sort_key(row: dict) -> int:
    sortable = row.get("Time period Sortable")
    return int(sortable) // 10000 if sortable is not None else period_sort(row["Time period"])


def _read_rows(path: str | Path) -> tuple[RawTable, list[dict], list[str]]:
    """One download's typed rows and its parent-comparison columns; InputError naming every bad cell."""
    table = read_table(path)
    parent_columns = [c for c in table.header if PARENT_COMPARISON.match(c)]
    rows, errors = parse_rows(table, COLUMNS + [text(c) for c in parent_columns])
    for row in rows:
        errors += _row_problems(table, row)
    if errors:
        raise InputError(errors)
    return table, rows, parent_columns


def _frame(rows: list[dict], source: str) -> pd.DataFrame:
    return pd.DataFrame({
        "indicator_id": [r["Indicator ID"] for r in rows],
        "area_code": [r["Area Code"] for r in rows],
        "period": [r["Time period"] for r in rows],
        "sex": [r["Sex"] for r in rows],
        "age": [r["Age"] for r in rows],
        "category_type": [r["Category Type"] for r in rows],
        "category": [r["Category"] for r in rows],
        "count": pd.array([r["Count"] for r in rows], dtype="Float64"),
        "denominator": pd.array([r["Denominator"] for r in rows], dtype="Float64"),
        "value": pd.array([r["Value"] for r in rows], dtype="Float64"),
        "lower_95": pd.array([r["Lower CI 95.0 limit"] for r in rows], dtype="Float64"),
        "upper_95": pd.array([r["Upper CI 95.0 limit"] for r in rows], dtype="Float64"),
        "lower_998": pd.array([r["Lower CI 99.8 limit"] for r in rows], dtype="Float64"),
        "upper_998": pd.array([r["Upper CI 99.8 limit"] for r in rows], dtype="Float64"),
        "value_note": [r["Value note"] or None for r in rows],
        "period_sort": [_sort_key(r) for r in rows],
        "period_years": [_years(r.get("Time period range") or "", r["Time period"]) for r in rows],
        "source": source,
    })


def _published(frame: pd.DataFrame, rows: list[dict], parent_columns: list[str]) -> pd.DataFrame:
    """Each row's published trend and comparisons, keyed as its data point in `frame`."""
    fields = {**PUBLISHED, **{c: "compared_to_parent" for c in parent_columns}}
    keys = frame[[*KEY, "source"]].to_dict("records")
    out = [{**key, "field": field, "value_text": row[column]}
           for key, row in zip(keys, rows) for column, field in fields.items() if row.get(column)]
    return pd.DataFrame(out, columns=[*KEY, "field", "value_text", "source"])


def _figure_texts(frame: pd.DataFrame) -> list[tuple]:
    """Each row's value, CIs, count and denominator as text (None where missing), for comparing rows."""
    texts = frame[["value", "lower_95", "upper_95", "count", "denominator"]].astype("string")
    return [tuple(None if pd.isna(v) else v for v in row) for row in texts.itertuples(index=False, name=None)]


def _repeated_rows(file_rows: list[tuple[RawTable, list[dict]]], frame: pd.DataFrame) -> list[LocatedError]:
    """A key twice in one file, or twice across files with different figures, is an error.

    The same row in two regional downloads (England's, say) is expected and kept once.
    """
    locations = [(table.file, row["_row"]) for table, rows in file_rows for row in rows]
    figures = _figure_texts(frame)
    errors, first = [], {}
    for index, key in enumerate(frame[KEY].itertuples(index=False, name=None)):
        if key not in first:
            first[key] = index
            continue
        seen = first[key]
        same_file = locations[seen][0] == locations[index][0]
        if same_file or figures[seen] != figures[index]:
            where = f"row {locations[seen][1]}" + ("" if same_file else f" of {locations[seen][0]}")
            what = "repeats" if same_file else "has different figures from"
            errors.append(LocatedError(*locations[index], "Area Code",
                                       f"{what} {where} (same indicator, area, period, sex, age, category)"))
    return errors


def read_fingertips(*paths: str | Path, metadata: pd.DataFrame | None = None,
                    sources: list[str] | None = None) -> Batch:
    """A Batch (indicators, areas, data points, published figures) from one or more downloads.

    `metadata` (from `hwb.fingertips.metadata`) sets each indicator it covers; `sources`, one
    per path ("Fingertips (OHID), downloaded 12 March 2026"), say where each file's rows come
    from (by default, "Fingertips (OHID) download" and the file's name).
    """
    file_rows, frames, published, errors = [], [], [], []
    for index, path in enumerate(paths):
        try:
            table, rows, parent_columns = _read_rows(path)
        except InputError as error:
            errors += error.errors
            continue
        source = sources[index] if sources else f"Fingertips (OHID) download {Path(path).name}"
        frame = _frame(rows, source)
        file_rows.append((table, rows))
        frames.append(frame)
        published.append(_published(frame, rows, parent_columns))
    if errors:
        raise InputError(errors)
    frame = pd.concat(frames, ignore_index=True)
    repeated = _repeated_rows(file_rows, frame)
    if repeated:
        raise InputError(repeated)
    keep = ~frame.duplicated(KEY)
    data_points = frame[keep].reset_index(drop=True)
    figures = pd.concat(published, ignore_index=True).drop_duplicates([*KEY, "field"]).reset_index(drop=True)
    all_rows = [row for _, rows in file_rows for row in rows]
    names = {r["Indicator ID"]: r["Indicator Name"] for r in all_rows}
    return Batch(
        indicators=infer_indicators(data_points, figures, names, metadata),
        areas=_areas(all_rows),
        data_points=data_points,
        published_figures=figures,
        files=[(str(path), "fingertips") for path in paths],
        file_indicators={str(path): sorted({r["Indicator ID"] for r in rows}) for path, (_, rows) in zip(paths, file_rows)},
    )


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
