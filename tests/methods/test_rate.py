"""Crude rates against testdata_Rate.xlsx and Byar's limits against testdata_Byars_Wilson."""

from __future__ import annotations

import ibis
import pytest

from hwb.methods.rate import byars_limits, crude_rate, exact_poisson_limits, poisson_limits

LIMITS = ["lower_95", "upper_95", "lower_998", "upper_998"]
FIXTURE_LIMITS = ["lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl"]


def test_crude_rate_every_row(read_sheet, assert_close, make_table):
    fixture = read_sheet("testdata_Rate.xlsx", "testdata_Rate")
    table = make_table(
        fixture[["Numerator", "Denominator", "multiplier"]].astype("float64").reset_index()
    )
    exprs = {
        f"{key}_{m}": expr
        for m in (100, 100000)
        for key, expr in crude_rate(table.Numerator, table.Denominator, m).items()
    }
    got = table.mutate(**exprs).order_by("index").to_pandas()
    assert len(got) == len(fixture) == 20
    for i, row in fixture.iterrows():
        m = int(row["multiplier"])
        for key, ref in zip(["value", *LIMITS], ["value", *FIXTURE_LIMITS]):
            assert_close(got.loc[i, f"{key}_{m}"], row[ref], f"{row['Area']} x{m} {key}")


def test_crude_rate_grouped_sheet(read_sheet, assert_close):
    fixture = read_sheet("testdata_Rate.xlsx", "testdata_Rate_g")
    table = ibis.memtable(fixture[["Numerator", "Denominator"]].astype("float64").reset_index())
    out = crude_rate(table.Numerator, table.Denominator, 100000)
    got = table.mutate(**out).order_by("index").to_pandas()
    assert len(got) == len(fixture) == 12
    for i, row in fixture.iterrows():
        assert row["confidence"] == "95%"
        for key, ref in [("value", "value"), ("lower_95", "lowercl"), ("upper_95", "uppercl")]:
            assert_close(got.loc[i, key], row[ref], f"{row['Area']} {key}")


def test_byars_limits_sheet(read_sheet, assert_close):
    fixture = read_sheet("testdata_Byars_Wilson.xlsx", "testdata_B_W")
    fixture = fixture[fixture["method"] == "Byars"].reset_index(drop=True)
    assert len(fixture) == 7
    table = ibis.memtable(fixture[["x"]].astype("float64").reset_index())
    exprs = {}
    for level, confidence in [("95%", 0.95), ("99.8%", 0.998)]:
        exprs[f"lo{level}"], exprs[f"hi{level}"] = byars_limits(table.x, confidence)
    got = table.mutate(**exprs).order_by("index").to_pandas()
    for i, row in fixture.iterrows():
        level = row["confidence"]
        assert_close(got.loc[i, f"lo{level}"], row["lowercl"], f"row {i} lower")
        assert_close(got.loc[i, f"hi{level}"], row["uppercl"], f"row {i} upper")


def test_exact_limits_for_zero_and_switch_to_byars_at_ten():
    table = ibis.memtable({"x": [0, 9, 10, 12]})
    lower, upper = exact_poisson_limits(table.x, 0.95)
    mixed_lower, _ = poisson_limits(table.x, 0.95)
    byars_lower, _ = byars_limits(table.x, 0.95)
    got = table.mutate(lo=lower, hi=upper, mixed=mixed_lower, byars=byars_lower).to_pandas()
    assert got.lo[0] == 0 and got.hi[0] == pytest.approx(3.6888794541139363, rel=1e-12)
    assert got.mixed[1] == pytest.approx(got.lo[1]) and got.mixed[1] != pytest.approx(got.byars[1])
    assert got.mixed[2] == pytest.approx(got.byars[2]) and got.lo[2:].isna().all()


@pytest.mark.parametrize("count,denominator", [(-1, 10), (1, 0), (1, -5)])
def test_invalid_inputs_give_null(count, denominator):
    table = ibis.memtable({"c": [count], "d": [denominator]})
    got = table.mutate(**crude_rate(table.c, table.d)).to_pandas()
    assert got[["value", *LIMITS]].isna().all(axis=None)
