"""Wilson proportions against testdata_Proportion.xlsx and testdata_Byars_Wilson.xlsx."""

from __future__ import annotations

import ibis
import pytest

from hwb.methods.proportion import proportion, wilson_limits

LIMITS = ["lower_95", "upper_95", "lower_998", "upper_998"]
FIXTURE_LIMITS = ["lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl"]


def test_proportion_every_row(read_sheet, assert_close, make_table):
    fixture = read_sheet("testdata_Proportion.xlsx", "testdata_Prop")
    table = make_table(
        fixture[["Numerator", "Denominator", "multiplier"]].astype("float64").reset_index()
    )
    results = {m: proportion(table.Numerator, table.Denominator, m) for m in (1, 100)}
    exprs = {f"{key}_{m}": expr for m, out in results.items() for key, expr in out.items()}
    got = table.mutate(**exprs).order_by("index").to_pandas()
    assert len(got) == len(fixture) == 19
    for i, row in fixture.iterrows():
        m = int(row["multiplier"])
        for key, ref in zip(["value", *LIMITS], ["value", *FIXTURE_LIMITS]):
            assert_close(got.loc[i, f"{key}_{m}"], row[ref], f"{row['Area']} x{m} {key}")


def test_proportion_grouped_sheet(read_sheet, assert_close):
    fixture = read_sheet("testdata_Proportion.xlsx", "testdata_Prop_g")
    table = ibis.memtable(fixture[["Numerator", "Denominator"]].astype("float64").reset_index())
    out = proportion(table.Numerator, table.Denominator, 1)
    got = table.mutate(**out).order_by("index").to_pandas()
    assert len(got) == len(fixture) == 11
    for i, row in fixture.iterrows():
        assert row["confidence"] == "95%"
        for key, ref in [("value", "value"), ("lower_95", "lowercl"), ("upper_95", "uppercl")]:
            assert_close(got.loc[i, key], row[ref], f"{row['Area']} {key}")


def test_wilson_limits_sheet(read_sheet, assert_close):
    fixture = read_sheet("testdata_Byars_Wilson.xlsx", "testdata_B_W")
    fixture = fixture[fixture["method"] == "Wilson"].reset_index(drop=True)
    assert len(fixture) == 6
    table = ibis.memtable(fixture[["x", "n"]].astype("float64").reset_index())
    exprs = {}
    for level, confidence in [("95%", 0.95), ("99.8%", 0.998)]:
        exprs[f"lo{level}"], exprs[f"hi{level}"] = wilson_limits(table.x, table.n, confidence)
    got = table.mutate(**exprs).order_by("index").to_pandas()
    for i, row in fixture.iterrows():
        level = row["confidence"]
        assert_close(got.loc[i, f"lo{level}"], row["lowercl"], f"row {i} lower")
        assert_close(got.loc[i, f"hi{level}"], row["uppercl"], f"row {i} upper")


@pytest.mark.parametrize("count,denominator", [(-1, 10), (11, 10), (1, 0)])
def test_invalid_inputs_give_null(count, denominator):
    table = ibis.memtable({"c": [count], "d": [denominator]})
    got = table.mutate(**proportion(table.c, table.d)).to_pandas()
    assert got[["value", *LIMITS]].isna().all(axis=None)


def test_confidence_must_be_a_fraction():
    table = ibis.memtable({"c": [1], "d": [2]})
    with pytest.raises(ValueError, match="confidence"):
        wilson_limits(table.c, table.d, 95)
