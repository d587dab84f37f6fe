"""Funnel-plot limits, significance and points against the testdata_funnel_* fixtures.

The fixtures are those of PHEindicatormethods' tests/testthat/testFunnels.R, used as that
file uses them (which columns, filters and arguments go with which output).
"""

from __future__ import annotations

from pathlib import Path

import ibis
import numpy as np
import pandas as pd
import ibis.expr.types as ir
import pytest

from hwb.methods.funnel import funnel_limits, funnel_points, funnel_significance

FIXTURES = Path(__file__).resolve().parents[2].parent / "shared/reference/PHEindicatormethods"
LIMIT_NAMES = {"95": "2s", "998": "3s"}


def _csv(name: str) -> pd.DataFrame:
    frame = pd.read_csv(FIXTURES / name, encoding="utf-8-sig")
    return frame.rename(columns=lambda c: c.strip())


def _assert_columns(got: pd.DataFrame, expected: pd.DataFrame, pairs, rel=1e-6, absolute=0.0):
    assert len(got) == len(expected) == 100
    for ours, theirs in pairs:
        np.testing.assert_allclose(
            got[ours].to_numpy(float), expected[theirs].to_numpy(float), rtol=rel, atol=absolute,
            err_msg=ours,
        )  # fmt: skip


PROPORTION_PAIRS = [("population", "Population"), ("baseline", "Baseline")]
PROPORTION_PAIRS += [
    (f"{end}_{s}", f"{end.capitalize()}{LIMIT_NAMES[s]}{tail}limit")
    for s, tail in (("95", "0025"), ("998", "0001"))
    for end in ("lower", "upper")
]


@pytest.mark.parametrize(
    "output,below", [("testdata_funnel_prop_outputs.csv", None),
                     ("testdata_funnel_prop_outputs_with_axis_variation.csv", 31000)]
)  # fmt: skip
def test_proportion_limits(make_table, output, below):
    data = _csv("testdata_funnel_prop_inputs.csv")[["numerator", "denominator"]]
    if below:
        data = data[data.denominator < below]
    got = funnel_limits(make_table(data), "numerator", "denominator", "proportion", 100)
    _assert_columns(got, _csv(output), PROPORTION_PAIRS)


@pytest.mark.parametrize("ratio_type", ["count", "isr"])
def test_ratio_limits(make_table, ratio_type):
    """Expected events and ISRs to 1e-6. The package finds each limit by bisection and one of
    its 400 stops a step (1e-7 of the range) away from ours, so counts (ratio - 1, near zero)
    are compared to 1e-6 absolute."""
    data = _csv("testdata_funnel_ratio_inputs.csv")[["obs", "expected"]]
    got = funnel_limits(make_table(data), "obs", "expected", "ratio", 100, ratio_type=ratio_type)
    expected = _csv("testdata_funnel_ratio_outputs.csv")
    pairs = [("observed", "Observed_events")]
    limits = []
    for s, k in LIMIT_NAMES.items():
        for end in ("lower", "upper"):
            pairs.append((f"{end}_{s}_expected", f"{end}_{k}_exp_events"))
            limits.append((f"{end}_{s}", f"{end}_{k}_{ratio_type}"))
    _assert_columns(got, expected, pairs)
    if ratio_type == "isr":
        _assert_columns(got, expected, limits)
    else:
        _assert_columns(got, expected, limits, rel=0, absolute=1e-6)


def _rate_input(case: str) -> pd.DataFrame:
    """The three rate cases of testFunnels.R: as given (DSR); the largest count set to 5
    (crude); populations derived, the largest count and its rate set to 0 and the smaller
    half dropped (crude with denominators)."""
    data = _csv("testdata_funnel_rate_input_funnels.csv")[["ev", "rate"]]
    largest = data.ev == data.ev.max()
    if case == "few events":
        data.loc[largest, "ev"] = 5
    if case == "zero events":
        data["pop"] = 1e5 * data.ev / data.rate
        data.loc[largest, ["ev", "rate"]] = 0
        data = data[data["pop"] > data["pop"].max() / 2]
    return data


@pytest.mark.parametrize(
    "case,rate_type,output",
    [
        ("as given", "dsr", "testdata_funnel_rate_outputs.csv"),
        ("few events", "crude", "testdata_funnel_rate_outputs_2.csv"),
        ("zero events", "crude", "testdata_funnel_rate_outputs_3.csv"),
    ],
)
def test_rate_limits(make_table, case, rate_type, output):
    data = _rate_input(case)
    denominator = "pop" if "pop" in data else None
    got = funnel_limits(
        make_table(data), "ev", denominator, "rate", 1e5,
        rate="rate", rate_type=rate_type, years_of_data=3,
    )  # fmt: skip
    expected = _csv(output)
    assert set(expected.statistic) == {f"rate ({rate_type} per 100,000)"}
    pairs = [("events", "Events"), ("baseline", "baseline")]
    for s, k in LIMIT_NAMES.items():
        for end in ("lower", "upper"):
            pairs += [(f"{end}_{s}_population", f"{end}_{k}_population_1_year"),
                      (f"{end}_{s}", f"{end}_{k}_limit")]  # fmt: skip
    _assert_columns(got, expected, pairs)


def _labels(got: ir.Table, key: str = "row") -> list[str]:
    return got.to_pandas().sort_values(key).significance.tolist()


def test_proportion_significance(make_table):
    data = _csv("testdata_funnel_prop_inputs.csv").reset_index(names="row")
    table = make_table(data[["row", "numerator", "denominator"]])
    got = funnel_significance(table, "numerator", "denominator", "proportion")
    assert _labels(got) == data.significance.tolist()
    assert data.significance.nunique() == 5  # every label occurs


def test_ratio_significance(make_table):
    data = _csv("testdata_funnel_ratio_inputs.csv").reset_index(names="row")
    got = funnel_significance(make_table(data[["row", "obs", "expected"]]), "obs", "expected", "ratio")
    assert _labels(got) == data.significance.tolist()


RATE_CASES = [
    ("dsr", 1e5, "rate_dsr", "dsr_per_100000_with_0"),
    ("dsr", 1e5, "rate_dsr", "dsr_per_100000_without_0"),
    ("dsr", 100, "rate_dsr", "dsr_per_100_without_0"),
    ("crude", 1e5, "rate_crude_per_100000", "crude_per_100000_with_0"),
    ("crude", 1e5, "rate_crude_per_100000", "crude_per_100000_without_0"),
    ("crude", 100, "rate_crude_per_100", "crude_per_100_with_0"),
    ("crude", 100, "rate_crude_per_100", "crude_per_100_without_0"),
]


@pytest.mark.parametrize("rate_type,multiplier,rate,column", RATE_CASES)
def test_rate_significance(make_table, rate_type, multiplier, rate, column):
    """Every significance column of the fixture ("without_0": the zero-event row dropped)."""
    data = _csv("testdata_funnel_rate_dsr_inputs.csv").reset_index(names="row")
    if column.endswith("without_0"):
        data = data[data["count"] != 0]
    table = make_table(data[["row", "count", "pop", rate]])
    got = funnel_significance(
        table, "count", "pop", "rate", rate=rate, rate_type=rate_type, multiplier=multiplier
    )
    assert _labels(got) == data[column].tolist()


def test_significance_within_groups():
    """With `by`, each group is its own funnel: next to a copy with half the numerators,
    the fixture keeps its labels, and the copy gets the labels it gets on its own."""
    data = _csv("testdata_funnel_prop_inputs.csv").reset_index(names="row")
    half = data.assign(numerator=data.numerator / 2)
    both = pd.concat([data.assign(funnel="a"), half.assign(funnel="b")], ignore_index=True)
    columns = ["row", "numerator", "denominator"]
    got = funnel_significance(
        ibis.memtable(both[["funnel", *columns]]), "numerator", "denominator", "proportion",
        by=["funnel"],
    ).to_pandas()  # fmt: skip
    alone = funnel_significance(ibis.memtable(half[columns]), "numerator", "denominator", "proportion")
    assert got[got.funnel == "a"].sort_values("row").significance.tolist() == data.significance.tolist()
    assert got[got.funnel == "b"].sort_values("row").significance.tolist() == _labels(alone)


@pytest.mark.parametrize(
    "rate_type,change,years,columns",
    [
        ("dsr", 5, 3, ("rate_chart", "denominator_derived")),
        ("crude", None, 3, ("rate_chart_crude", "denominator_derived_crude")),
        ("crude", 0, 5, ("rate_chart_crude_with_denom", "denominator_derived_crude_with_denom")),
    ],
)
def test_funnel_points(make_table, rate_type, change, years, columns):
    """calculate_funnel_points' three cases: DSRs need 10 events; a crude rate with no
    events takes its population from the denominator."""
    data = _csv("testdata_funnel_rate_input_funnels.csv").reset_index(names="row")
    if change is not None:
        data.loc[data.ev == data.ev.max(), "ev"] = change
    denominator = "pop" if change == 0 else None
    got = funnel_points(
        make_table(data[["row", "ev", "rate", "pop"]]), "ev", "rate", rate_type, years, 1e5,
        denominator=denominator,
    ).to_pandas().sort_values("row")  # fmt: skip
    for ours, theirs in zip(("rate_chart", "denominator_derived"), columns):
        np.testing.assert_allclose(got[ours].to_numpy(float), data[theirs].to_numpy(float), rtol=1e-6)


@pytest.mark.parametrize(
    "numerators,denominators,message",
    [
        ([65, 80, 30], [100, 100, 0], "denominators must be greater than zero"),
        ([65, -80, 30], [100, 100, 100], "numerators must not be negative"),
        ([65, 180, 30], [100, 100, 100], "numerators must not exceed denominators"),
        ([65, None, 30], [100, 100, 100], "must be present for every point"),
    ],
)
def test_bad_points_are_refused(numerators, denominators, message):
    table = ibis.memtable({"obs": numerators, "pop": denominators})
    with pytest.raises(ValueError, match=message):
        funnel_significance(table, "obs", "pop", "proportion")


def test_rate_with_no_events_needs_a_denominator():
    table = ibis.memtable({"ev": [0, 20], "rate": [0.0, 15.0]})
    with pytest.raises(ValueError, match="no events needs a denominator"):
        funnel_limits(table, "ev", None, "rate", 1e5, rate="rate", rate_type="crude", years_of_data=1)


def test_unknown_statistic_is_refused():
    table = ibis.memtable({"obs": [1], "pop": [2]})
    with pytest.raises(ValueError, match="statistic must be one of"):
        funnel_limits(table, "obs", "pop", "pop", 100)
