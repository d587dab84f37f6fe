"""The tidy file contract of `hwb compute` and `hwb import`: DATA, INDICATORS, AREAS, NEIGHBOURS,
each as CSV, XLSX or Parquet (a file, a folder of files or a glob).

DATA: indicator_id, area_code, period, sex, age, count, denominator; optional
category_type, category, value, lower_95, upper_95, lower_998, upper_998,
period_sort, sd, value_note, source. A row needs a count and denominator, or a
value (taken as given), or a value_note saying why it has neither (suppressed).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from hwb.errors import InputError, LocatedError
from hwb.ingest.fields import Column, choice, number, parse_rows, text, whole_number
from hwb.ingest.parquet import is_parquet, read_parquet
from hwb.ingest.tables import read_table
from hwb.methods.labels import POLARITIES
from hwb.periods import period_sort, period_years

VALUE_TYPES = ("proportion", "crude_rate", "dsr", "isr", "life_expectancy", "mean", "count", "other")

KEY_LENGTH = 200  # codes, periods and categories: longer text is a mistake, not a code
NAME_LENGTH = 1000

DATA_COLUMNS = [
    text("indicator_id", needs_value=True, max_length=KEY_LENGTH), text("area_code", needs_value=True, max_length=KEY_LENGTH),
    text("period", needs_value=True, max_length=KEY_LENGTH), text("sex", max_length=KEY_LENGTH),
    text("age", max_length=KEY_LENGTH),
    number("count", required=True, minimum=0), number("denominator", required=True, minimum=0),
    text("category_type", required=False, max_length=KEY_LENGTH), text("category", required=False, max_length=KEY_LENGTH),
    number("value"), number("lower_95"), number("upper_95"), number("lower_998"), number("upper_998"),
    whole_number("period_sort", 0, 99_999_999), number("sd", minimum=0),
    text("value_note", required=False), text("source", required=False),
]
INDICATOR_COLUMNS = [
    text("indicator_id", needs_value=True, max_length=KEY_LENGTH), text("name", needs_value=True, max_length=NAME_LENGTH),
    choice("value_type", VALUE_TYPES), number("multiplier", required=True, needs_value=True, minimum=0),
    choice("polarity", POLARITIES),
    choice("comparison_confidence", ("95", "99.8"), required=False, needs_value=False),
    number("goal_lower"), number("goal_upper"),
    text("unit", required=False), text("source", required=False), text("definition", required=False),
]
AREA_COLUMNS = [
    text("area_code", needs_value=True, max_length=KEY_LENGTH), text("area_name", needs_value=True, max_length=NAME_LENGTH),
    text("area_type", needs_value=True, max_length=KEY_LENGTH), text("parent_code", max_length=KEY_LENGTH),
]
NEIGHBOUR_COLUMNS = [
    text("area_code", needs_value=True, max_length=KEY_LENGTH), text("neighbour_code", needs_value=True, max_length=KEY_LENGTH),
    text("group_name", required=False, max_length=NAME_LENGTH),
]
DATA_KEY = ["indicator_id", "area_code", "period", "sex", "age", "category_type", "category"]


def _parsed(path: str | Path, columns: list[Column]) -> tuple[list[dict], list[LocatedError]]:
    """Typed rows of a CSV/XLSX file or of Parquet (file, folder or glob); each row knows its `_file`."""
    tables = read_parquet(path, columns) if is_parquet(path) else [read_table(path)]
    rows, errors = [], []
    for table in tables:
        parsed, found = parse_rows(table, columns)
        rows.extend({**row, "_file": table.file} for row in parsed)
        errors.extend(found)
    return rows, errors


def _frame(rows: list[dict], errors: list[LocatedError], key: list[str]) -> pd.DataFrame:
    """Rows as a DataFrame, or InputError with every earlier error and every repeated key."""
    seen: dict[tuple, tuple[str, int]] = {}
    for row in rows:
        k = tuple(row[c] for c in key)
        if k in seen:
            file, first = seen[k]
            where = f"row {first}" if file == row["_file"] else f"{file} row {first}"
            errors.append(LocatedError(row["_file"], row["_row"], key[0], f"duplicate of {where} (same {', '.join(key)})"))
        seen.setdefault(k, (row["_file"], row["_row"]))
    if errors:
        raise InputError(errors)
    return pd.DataFrame(rows).drop(columns=["_row", "_file"])


def read_indicators(path: str | Path) -> pd.DataFrame:
    rows, errors = _parsed(path, INDICATOR_COLUMNS)
    for row in rows:
        row["comparison_confidence"] = float(row["comparison_confidence"] or 95)
        low, high = row["goal_lower"], row["goal_upper"]
        if high is not None and (low is None or low > high):
            errors.append(LocatedError(row["_file"], row["_row"], "goal_upper", "goal_upper needs a goal_lower no greater than it"))
    return _frame(rows, errors, ["indicator_id"])


def read_areas(path: str | Path) -> pd.DataFrame:
    rows, errors = _parsed(path, AREA_COLUMNS)
    return _frame(rows, errors, ["area_code"])


def read_neighbours(path: str | Path) -> pd.DataFrame:
    rows, errors = _parsed(path, NEIGHBOUR_COLUMNS)
    for row in rows:
        row["group_name"] = row["group_name"] or "CIPFA nearest neighbours"
    return _frame(rows, errors, ["area_code", "neighbour_code", "group_name"])


def read_data(path: str | Path, indicators: pd.DataFrame) -> pd.DataFrame:
    """Data points, checked against the indicators they belong to."""
    rows, errors = _parsed(path, DATA_COLUMNS)
    known = dict(zip(indicators["indicator_id"], indicators["value_type"])) if len(indicators) else {}
    bad_cells = {(e.file, e.row, e.column) for e in errors}  # already reported: no second error about them
    for row in rows:
        where = (row["_file"], row["_row"])
        value_type = known.get(row["indicator_id"])
        if value_type is None and row["indicator_id"]:
            errors.append(LocatedError(*where, "indicator_id", f"{row['indicator_id']!r} is not in the indicators file or store"))
        has_counts = row["count"] is not None and row["denominator"] is not None
        unreadable = any((*where, c) in bad_cells for c in ("count", "denominator", "value", "value_note"))
        if not has_counts and row["value"] is None and not row["value_note"] and value_type not in ("dsr", "isr") \
                and not unreadable:
            errors.append(LocatedError(*where, "count", "needs count and denominator, a value, or a value_note saying why not (e.g. suppressed)"))
        if value_type == "proportion" and has_counts and row["count"] > row["denominator"]:
            errors.append(LocatedError(*where, "count", f"count {row['count']:g} exceeds denominator {row['denominator']:g} for a proportion"))
        if has_counts and row["denominator"] == 0 and value_type in ("proportion", "crude_rate"):
            errors.append(LocatedError(*where, "denominator", "must be greater than 0"))
        for low, high in (("lower_95", "upper_95"), ("lower_998", "upper_998")):
            if row[low] is not None and row[high] is not None and row[low] > row[high]:
                errors.append(LocatedError(*where, low, f"{low} is above {high}"))
        try:
            row["period_sort"] = row["period_sort"] if row["period_sort"] is not None else period_sort(row["period"])
        except ValueError:
            if row["period"]:
                errors.append(LocatedError(*where, "period", f"{row['period']!r} has no year; give period_sort"))
        row["period_years"] = period_years(row["period"])
    return _frame(rows, errors, DATA_KEY)
