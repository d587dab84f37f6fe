"""Read-only queries the pages need, each returning plain rows or DataFrames."""

from __future__ import annotations

import pandas as pd


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts for templates, with every missing value (NaN, NA, NaT) as None."""
    return frame.astype(object).where(frame.notna(), None).to_dict("records")
