"""phe_quantile reproduction against every row of testdata_Quantiles.xlsx."""

from __future__ import annotations

import ibis
import pandas as pd
import pytest

from hwb.methods.quantiles import QUINTILE_LABELS, quantile

SIZES = {"Quartile": 4, "Septile": 7, "Decile": 10}
INVERT = {"RAG - Low is good": True, "RAG - High is good": False, True: True, False: False}


@pytest.fixture(scope="module")
def fixture_rows(read_sheet):
    rows = read_sheet("testdata_Quantiles.xlsx", "testdata_Quantiles")
    rows = rows.assign(
        row=range(len(rows)),
        Value=rows["Value"].astype("float64"),
        GroupSet=rows["GroupSet"].fillna("None"),
        invert=rows["Polarity"].map(INVERT).astype(bool),
        Polarity=rows["Polarity"].astype(str),
    )
    assert len(rows) == 1017
    return rows


def _assign(make_table, rows: pd.DataFrame, partition_by: list[str], invert) -> pd.DataFrame:
    """Run quantile() for one block of the sheet (one quantile size)."""
    [name] = rows["QuantileNm"].unique()
    table = make_table(rows.drop(columns=["Rank"]))
    inv = table.invert if invert == "column" else invert
    got = table.mutate(q=quantile(table.Value, partition_by, n=SIZES[name], invert=inv))
    return got.order_by("row").to_pandas()


def _check(got: pd.DataFrame) -> None:
    expected = got["QuantileInGrp"]
    both_missing = expected.isna() & got["q"].isna()
    assert ((got["q"] == expected) | both_missing).all(), got.loc[
        ~((got["q"] == expected) | both_missing), ["AreaCode", "Value", "q", "QuantileInGrp"]
    ]


def test_deciles_within_region_by_polarity(fixture_rows, make_table):
    """Gooddata and GooddataDups deciles per indicator, sex and region, inverted for
    low-is-good: covers ties (shared smallest rank), missing values and a 9-area region
    (fewer values than deciles: no quantile)."""
    rows = fixture_rows[fixture_rows["GroupSet"] == "IndSexReg"]
    assert len(rows) == 339
    _check(_assign(make_table, rows, ["IndicatorID", "Sex", "ParentCode"], "column"))


def test_septiles_within_indicator(fixture_rows, make_table):
    in_block = (fixture_rows["GroupSet"] == "IndSex") & (fixture_rows["Test"] == "Gooddata")
    rows = fixture_rows[in_block]
    assert len(rows) == 152
    _check(_assign(make_table, rows, ["IndicatorID", "Sex"], "column"))


def test_bad_polarity_group_uses_one_direction(fixture_rows, make_table):
    """BadPolarity mixes polarities within a group; the fixture ranks the whole group with
    invert=TRUE, which a single (scalar) invert reproduces."""
    rows = fixture_rows[fixture_rows["Test"] == "BadPolarity"]
    assert len(rows) == 35
    _check(_assign(make_table, rows, ["IndicatorID", "Sex"], True))


def test_quartiles_without_grouping(fixture_rows, make_table):
    """The ungrouped quartiles rank all 485 values (Gooddata and GooddataDups) together,
    highest first (invert=TRUE) whatever each row's polarity."""
    rows = fixture_rows[fixture_rows["GroupSet"] == "None"]
    assert len(rows) == 491
    _check(_assign(make_table, rows, [], True))


def test_quintile_labels():
    assert QUINTILE_LABELS == [
        "Lowest quintile",
        "Low quintile",
        "Middle quintile",
        "High quintile",
        "Highest quintile",
    ]


def test_n_must_be_positive():
    table = ibis.memtable({"v": [1.0]})
    with pytest.raises(ValueError, match="n must be at least 1"):
        quantile(table.v, [], n=0)
