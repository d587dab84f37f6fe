"""Dobson DSRs against testdata_DSR_ISR.xlsx (testresults_DSR and the error sheets)."""

from __future__ import annotations

import ibis
import pandas as pd
import pytest

from hwb.methods.dsr import ESP2013, TOO_FEW_EVENTS, dsr, esp2013

WORKBOOK = "testdata_DSR_ISR.xlsx"
OUTPUTS = ["total_count", "total_pop", "value", "lower_95", "upper_95", "lower_998", "upper_998"]
FIXTURE = ["total_count", "total_pop", "value", "lower95_0cl", "upper95_0cl"]
FIXTURE += ["lower99_8cl", "upper99_8cl"]


def _with_esp2013(frame: pd.DataFrame) -> pd.DataFrame:
    """Attach the ESP2013 weight by band position (the fixture labels 55-59 as '55-69')."""
    frame = frame.copy()
    frame["band"] = frame.groupby(frame.columns[0]).cumcount()
    frame["std_pop"] = frame["band"].map(dict(enumerate(ESP2013.values())))
    return frame


def _expected(read_sheet, statistic: str) -> pd.DataFrame:
    results = read_sheet(WORKBOOK, "testresults_DSR")
    return results[results["statistic"].isin([statistic, "dsr NA for total count < 10"])]


def _compare(got: pd.DataFrame, expected: pd.DataFrame, assert_close, columns=FIXTURE) -> None:
    got = got.set_index("area")
    for _, row in expected.iterrows():
        for key, ref in zip(OUTPUTS, FIXTURE):
            if ref in columns:
                assert_close(got.loc[row["area"], key], row[ref], f"{row['area']} {key}")
        suppressed = row["statistic"] == "dsr NA for total count < 10"
        note = got.loc[row["area"], "value_note"]
        assert note == TOO_FEW_EVENTS if suppressed else pd.isna(note)


@pytest.mark.parametrize("multiplier", [10000, 100000])
def test_dsr_multiarea(read_sheet, assert_close, make_table, multiplier):
    data = _with_esp2013(read_sheet(WORKBOOK, "testdata_multiarea"))
    got = dsr(make_table(data), ["area"], "count", "pop", multiplier=multiplier).to_pandas()
    expected = _expected(read_sheet, f"dsr per {multiplier}")
    expected = expected[expected["area"].isin(data["area"])].drop_duplicates("area")
    assert len(got) == len(expected) == 3
    _compare(got, expected, assert_close)


@pytest.mark.parametrize("multiplier", [10000, 100000])
def test_dsr_esp1976(read_sheet, assert_close, multiplier):
    """The fixture's 99.8% limits for testdata_1976 are ten times too large (its 95% limits,
    value and the 99.8% limits of every other row are consistent), so only 95% is compared
    and the 99.8% limits are checked against the fixture's figures divided by ten."""
    data = read_sheet(WORKBOOK, "testdata_1976").assign(area="testdata_1976")
    table = ibis.memtable(data)
    got = dsr(table, ["area"], "count", "pop", "esp1976", multiplier=multiplier).to_pandas()
    expected = _expected(read_sheet, f"dsr per {multiplier}")
    expected = expected[expected["area"] == "testdata_1976"]
    assert len(expected) == 1
    _compare(got, expected, assert_close, columns=FIXTURE[:5])
    for key, ref in [("lower_998", "lower99_8cl"), ("upper_998", "upper99_8cl")]:
        assert_close(got.loc[0, key], expected.iloc[0][ref] / 10, key)


def _event_frequency_rows(wide: pd.DataFrame) -> pd.DataFrame:
    """testdata_nonindepe has individuals with 1..4 events as f1..f4: one row per frequency,
    the count being the events of those individuals."""
    wide = _with_esp2013(wide)
    long = wide.melt(
        id_vars=["area", "ageband", "pop", "std_pop"],
        value_vars=["f1", "f2", "f3", "f4"],
        var_name="freq",
        value_name="people",
    ).dropna(subset=["people"])
    long["eventfreq"] = long["freq"].str[1].astype(int)
    long["count"] = long["people"] * long["eventfreq"]
    totals = long.groupby(["area", "ageband"])["count"].sum()
    assert (totals == wide.set_index(["area", "ageband"])["count"]).all()
    return long.drop(columns=["freq", "people"])


def test_dsr_non_independent_events(read_sheet, assert_close, make_table):
    data = _event_frequency_rows(read_sheet(WORKBOOK, "testdata_nonindepe"))
    got = dsr(
        make_table(data),
        ["area"],
        "count",
        "pop",
        independent_events=False,
        eventfreq="eventfreq",
        ageband="ageband",
    ).to_pandas()
    results = read_sheet(WORKBOOK, "testresults_DSR")
    expected = results[results["method"].str.contains("non-independent")]
    assert len(got) == len(expected) == 4
    _compare(got, expected, assert_close)


def test_non_independent_needs_eventfreq_and_ageband():
    table = ibis.memtable({"area": ["a"], "count": [1], "denominator": [2], "std_pop": [3]})
    with pytest.raises(ValueError, match="eventfreq and ageband"):
        dsr(table, ["area"], independent_events=False)


@pytest.mark.parametrize(
    "sheet,message",
    [
        ("testdata_err1", "counts must not be negative"),
        ("testdata_err2", "denominators must all be greater than zero"),
        ("testdata_err3", "denominators must all be greater than zero"),
        ("testdata_err4", "standard populations must be present and not negative"),
    ],
)
def test_dsr_error_sheets(read_sheet, make_table, sheet, message):
    data = read_sheet(WORKBOOK, sheet)
    if "stdpop" not in data:
        data = _with_esp2013(data).rename(columns={"std_pop": "stdpop"})
    data["area"] = data.get("area", "one area")
    with pytest.raises(ValueError, match=message):
        dsr(make_table(data), ["area"], "count", "pop", "stdpop")


def test_esp2013_table():
    table = esp2013().to_pandas()
    assert len(table) == 19 and table.std_pop.sum() == 100000
    assert table.ageband.iloc[[0, 11, -1]].tolist() == ["0-4", "55-59", "90+"]
