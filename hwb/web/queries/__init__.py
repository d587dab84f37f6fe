"""Read-only queries the pages need, each returning plain rows or DataFrames."""

from __future__ import annotations

from typing import Any

import pandas as pd


def missing(value: Any) -> bool:
    """None, NaN, NaT or pandas NA (scalars only)."""
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts for templates, with every missing value (NaN, NA, NaT) as None."""
    rows = frame.to_dict("records")
    for row in rows:
        for key, value in row.items():
            if missing(value):
                row[key] = None
    return rows
