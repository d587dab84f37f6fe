"""Indirectly standardised rates and ratios against testdata_DSR_ISR.xlsx (testresults_ISR)."""

from __future__ import annotations

import ibis
import pandas as pd
import pytest

from hwb.methods.isr import NO_EXPECTED, isr, isratio

WORKBOOK = "testdata_DSR_ISR.xlsx"
OUTPUTS = ["observed", "expected", "value", "lower_95", "upper_95", "lower_998", "upper_998"]
FIXTURE = ["observed", "expected", "value", "lower95_0cl", "upper95_0cl"]
FIXTURE += ["lower99_8cl", "upper99_8cl"]
REF = {"ref_count": "refcount", "ref_denominator": "refpop"}
CASES = [
    (isr, 100000, "indirectly standardised rate per 100000"),
    (isr, 1000, "indirectly standardised rate per 1000"),
    (isratio, 1, "indirectly standardised ratio x 1"),
    (isratio, 100, "indirectly standardised ratio x 100"),
]


def _expected(read_sheet, statistic: str, areas) -> pd.DataFrame:
    results = read_sheet(WORKBOOK, "testresults_ISR")
    return results[(results["statistic"] == statistic) & results["area"].isin(areas)]


def _compare(got: pd.DataFrame, expected: pd.DataFrame, assert_close) -> None:
    got = got.set_index("area")
    for _, row in expected.iterrows():
        for key, ref in zip(OUTPUTS, FIXTURE):
            if pd.notna(row[ref]) or not ref.startswith(("lower99", "upper99")):
                assert_close(got.loc[row["area"], key], row[ref], f"{row['area']} {key}")
        assert pd.isna(got.loc[row["area"], "value_note"])


@pytest.mark.parametrize("method,multiplier,statistic", CASES)
def test_multiarea(read_sheet, assert_close, make_table, method, multiplier, statistic):
    data = read_sheet(WORKBOOK, "testdata_multiarea_isr")
    table = make_table(data)
    got = method(table, ["area"], "count", "pop", **REF, multiplier=multiplier).to_pandas()
    expected = _expected(read_sheet, statistic, data["area"])
    assert len(got) == len(expected) == 3
    _compare(got, expected, assert_close)


@pytest.mark.parametrize("method,multiplier,statistic", [CASES[0], CASES[3]])
def test_zero_population_band(read_sheet, assert_close, method, multiplier, statistic):
    """testdata_err2 (Area1 has a band with population 0) with the refdata sheet: the band
    adds no expected events; the fixture gives 95% limits only for these rows."""
    data = read_sheet(WORKBOOK, "testdata_err2")
    refdata = read_sheet(WORKBOOK, "refdata")
    data["band"] = data.groupby("area").cumcount()
    data = data.join(refdata[["refcount", "refpop"]], on="band")
    table = ibis.memtable(data)
    got = method(table, ["area"], "count", "pop", **REF, multiplier=multiplier).to_pandas()
    expected = _expected(read_sheet, statistic, ["Area1", "Area2"])
    assert len(got) == len(expected) == 2
    _compare(got, expected, assert_close)


@pytest.mark.parametrize(
    "sheet,message",
    [
        ("testdata_err1", "counts must not be negative"),
        ("testdata_err3", "denominators must not be negative"),
    ],
)
def test_error_sheets(read_sheet, sheet, message):
    data = read_sheet(WORKBOOK, sheet).join(read_sheet(WORKBOOK, "refdata")[["refcount", "refpop"]])
    table = ibis.memtable(data.assign(area="one area"))
    for method in (isr, isratio):
        with pytest.raises(ValueError, match=message):
            method(table, ["area"], "count", "pop", **REF)


def test_no_expected_events_gives_note():
    table = ibis.memtable(
        {"area": ["a"], "count": [3], "denominator": [0], "ref_count": [5], "ref_denominator": [9]}
    )
    got = isratio(table, ["area"]).to_pandas()
    assert got.value.isna().all() and got.value_note.tolist() == [NO_EXPECTED]
