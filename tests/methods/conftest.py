"""Shared helpers for the methods tests: fixture workbooks, comparison, backends.

`make_table` turns a pandas frame into an Ibis table on DuckDB and (marked `spark`) on
PySpark, so the fixture comparisons also prove the expressions run unchanged on Spark.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import ibis
import openpyxl
import pandas as pd
import pyarrow as pa
import pytest

FIXTURES = Path(__file__).resolve().parents[2].parent / "shared/reference/PHEindicatormethods"
_NAMES = itertools.count()


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


@pytest.fixture(scope="session")
def read_sheet():
    return _read_sheet


@pytest.fixture(scope="session")
def assert_close():
    return _assert_close


@pytest.fixture(params=["duckdb", pytest.param("pyspark", marks=pytest.mark.spark)])
def make_table(request):
    """Function: pandas frame -> Ibis table on the parametrised backend (NaN becomes NULL)."""
    if request.param == "duckdb":
        return lambda frame: ibis.memtable(frame.reset_index(drop=True))
    session = request.getfixturevalue("spark_session")
    con = ibis.pyspark.connect(session)

    def to_spark(frame: pd.DataFrame):
        name = f"fixture_{next(_NAMES)}"
        arrow = pa.Table.from_pandas(frame.reset_index(drop=True), preserve_index=False)
        session.createDataFrame(arrow).createOrReplaceTempView(name)
        return con.table(name)

    return to_spark
