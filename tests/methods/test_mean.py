"""Means with Student's t limits against testdata_Mean.xlsx."""

from __future__ import annotations

import ibis
import pytest
from scipy.stats import t

from hwb.methods.mean import mean_ci, mean_limits, t_quantile

WORKBOOK = "testdata_Mean.xlsx"
OUTPUTS = ["value_sum", "value_count", "stdev", "value"]
OUTPUTS += ["lower_95", "upper_95", "lower_998", "upper_998"]
FIXTURE = ["value_sum", "value_count", "stdev", "value"]
FIXTURE += ["lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl"]


def _expected(read_sheet):
    return read_sheet(WORKBOOK, "testdata_Mean_results").set_index("area")


def test_mean_ci_by_area(read_sheet, assert_close, make_table):
    table = make_table(read_sheet(WORKBOOK, "testdata_Mean"))
    got = mean_ci(table, ["area"], "values").to_pandas().set_index("area")
    expected = _expected(read_sheet).drop(index="No grouping")
    assert sorted(got.index) == sorted(expected.index) == ["Area1", "Area2"]
    for area, row in expected.iterrows():
        for key, ref in zip(OUTPUTS, FIXTURE):
            assert_close(got.loc[area, key], row[ref], f"{area} {key}")


def test_mean_ci_without_grouping(read_sheet, assert_close):
    table = ibis.memtable(read_sheet(WORKBOOK, "testdata_Mean"))
    got = mean_ci(table, [], "values").to_pandas()
    row = _expected(read_sheet).loc["No grouping"]
    assert len(got) == 1
    for key, ref in zip(OUTPUTS, FIXTURE):
        assert_close(got.loc[0, key], row[ref], key)


def test_mean_limits_from_aggregates(read_sheet, assert_close, make_table):
    expected = _expected(read_sheet).reset_index()
    table = make_table(expected[["area", "value", "stdev", "value_count"]])
    got = table.mutate(**mean_limits(table.value, table.stdev, table.value_count)).to_pandas()
    for i, row in expected.iterrows():
        for key, ref in zip(OUTPUTS[3:], FIXTURE[3:]):
            assert_close(got.loc[i, key], row[ref], f"{row['area']} {key}")


def test_t_quantile_table_and_expansion():
    dfs = [0, 1, 2, 7, 199, 200, 201, 500, 100000]
    table = ibis.memtable({"df": dfs})
    got = table.mutate(q=t_quantile(table.df, 0.998)).order_by("df").to_pandas()
    assert got.q.isna().tolist() == [True] + [False] * (len(dfs) - 1)
    for df, q in zip(dfs[1:], got.q[1:]):
        assert q == pytest.approx(t.ppf(0.999, df), rel=1e-9), df


def test_single_value_has_no_limits():
    table = ibis.memtable({"area": ["a"], "v": [3.0]})
    got = mean_ci(table, ["area"], "v").to_pandas()
    assert got.value.tolist() == [3.0] and got[["lower_95", "upper_998"]].isna().all(axis=None)
