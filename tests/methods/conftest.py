"""Shared helpers for the methods tests: read the PHEindicatormethods fixture workbooks."""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

FIXTURES = Path(__file__).resolve().parents[2].parent / "shared/reference/PHEindicatormethods"


def _read_sheet(workbook: str, sheet: str) -> pd.DataFrame:
    """One fixture sheet as a DataFrame (header row, blank rows and unnamed columns dropped)."""
    book = openpyxl.load_workbook(FIXTURES / workbook, read_only=True, data_only=True)
    rows = list(book[sheet].iter_rows(values_only=True))
    book.close()
    header = [name for name in rows[0] if name is not None]
    body = [row[: len(header)] for row in rows[1:] if any(v is not None for v in row)]
    return pd.DataFrame(body, columns=header)


def _assert_close(actual, expected, label: str = "") -> None:
    """Compare to 1e-6 relative; a missing expected value must be missing in actual."""
    exp_missing = expected is None or (isinstance(expected, float) and math.isnan(expected))
    act_missing = actual is None or pd.isna(actual)
    if exp_missing or act_missing:
        assert exp_missing and act_missing, f"{label}: expected {expected!r}, got {actual!r}"
    else:
        assert float(actual) == pytest.approx(float(expected), rel=1e-6), label


@pytest.fixture
def read_sheet():
    return _read_sheet


@pytest.fixture
def assert_close():
    return _assert_close
