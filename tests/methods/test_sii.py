"""SII and RII against testdata_SII.xlsx and LE_testdata.csv (PHEindicatormethods).

SII, RII and intercept are compared to 1e-6. The fixture's confidence limits come from the
package's simulation (1,000 to 100,000 random draws), so they carry Monte-Carlo error; ours
are the values the simulation converges to (see hwb/methods/sii.py) and must lie within
four Monte-Carlo standard errors of the fixture's: for the p-quantile of n draws,
sqrt(p (1 - p) / n) / phi(z_p) standard deviations of the estimate, a standard deviation
being (limit - estimate) / z_p.
"""

from __future__ import annotations

import math
from pathlib import Path

import ibis
import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from hwb.methods.sii import INCOMPLETE, sii

FIXTURES = Path(__file__).resolve().parents[2].parent / "shared/reference/PHEindicatormethods"
WORKBOOK = "testdata_SII.xlsx"
VALUE_TYPES = {0: "normal", 1: "rate", 2: "proportion"}

#: Fixture blocks (first RecordNo) and the arguments tests/testthat/testSII.R passes with
#: them: value type (the sheet's ValueType), transform, multiplier, confidence levels. The
#: sheet's Confidence column says 95 for the blocks the package tests at 98%, so the levels
#: are taken from the R tests.
N, R, P = "normal", "rate", "proportion"
BLOCKS = {
    1: (N, False, 1, (95,)), 21: (N, False, 1, (99,)), 41: (N, False, 1, (95,)),
    61: (N, False, 1, (95,), "quintiles"), 71: (R, False, 1, (95,)), 91: (P, False, 1, (95,)),
    111: (P, False, 100, (95,)), 131: (P, False, -100, (95,)), 226: (N, False, 1, (95, 99)),
    246: (N, False, 1, (95,)), 266: (R, False, 1, (95,)), 286: (P, False, 1, (95,)),
    306: (R, True, 1, (95,)), 326: (P, True, 1, (95,)), 346: (P, True, -1, (95,)),
    366: (R, True, 1, (95, 98)), 386: (R, True, -1, (95,)), 406: (R, True, 1, (98,)),
    426: (R, True, 1, (95,)), 446: (P, True, 1, (95,)), 466: (P, True, 1, (98,)),
    486: (P, True, 1, (95, 98)),
}  # fmt: skip

#: Combinations of arguments, each run once over all its blocks (grouped by block and area;
#: the quintile block runs alone, as every group of a run needs the run's quantiles).
RUNS: dict[tuple, list[int]] = {}
for _start, _args in BLOCKS.items():
    RUNS.setdefault(_args, []).append(_start)


@pytest.fixture(scope="module")
def sheet(read_sheet) -> pd.DataFrame:
    return read_sheet(WORKBOOK, "testdata_SII")


def _block(sheet: pd.DataFrame, start: int) -> pd.DataFrame:
    description = sheet.loc[sheet.RecordNo == start, "TestDescription"].iloc[0]
    return sheet[sheet.TestDescription == description].assign(block=start)


def _tolerance(estimate: float, limit: float, level: float, draws: int) -> float:
    tail = (1 - level) / 2
    z = norm.ppf(1 - tail)
    return 4 * math.sqrt(tail * (1 - tail) / draws) / norm.pdf(z) * abs(limit - estimate) / z


def _check(got: pd.Series, expected: pd.Series, levels, assert_close) -> None:
    label = f"block {expected.block} {expected.Area}"
    assert_close(got.sii, expected.sii, f"{label} sii")
    if pd.notna(expected.rii):
        assert_close(got.rii, expected.rii, f"{label} rii")
    if pd.notna(expected.Intercept):
        assert_close(got.intercept, expected.Intercept, f"{label} intercept")
    for number, level in enumerate(levels, start=1):
        for statistic in ("sii", "rii"):
            for end in ("lower", "upper"):
                reference = expected[f"{statistic}_{end}cl_{number}"]
                if pd.isna(reference):
                    continue
                ours = got[f"{statistic}_{end}_{level}"]
                room = _tolerance(got[statistic], ours, level / 100, int(expected.Repetitions))
                assert abs(ours - reference) <= room, (label, statistic, end, level, ours, reference)


@pytest.mark.parametrize("args", list(RUNS), ids=lambda a: "-".join(map(str, a)))
def test_fixture_blocks(sheet, make_table, assert_close, args):
    value_type, transform, multiplier, levels = args[:4]
    blocks = pd.concat([_block(sheet, start) for start in RUNS[args]], ignore_index=True)
    assert set(blocks.ValueType) == {next(k for k, v in VALUE_TYPES.items() if v == value_type)}
    got = sii(
        make_table(blocks),
        ["block", "Area"],
        "Quantile",
        "Population",
        value="Value",
        value_type=value_type,
        transform=transform,
        lower_cl="LowerCL",
        upper_cl="UpperCL",
        multiplier=multiplier,
        confidence={str(level): level / 100 for level in levels},
    ).to_pandas()
    got = got.set_index(["block", "Area"])
    expected = blocks[blocks.sii.notna()]
    assert len(got) == len(expected) == 2 * len(RUNS[args])
    assert got.value_note.isna().all()
    for _, row in expected.iterrows():
        _check(got.loc[(row.block, row.Area)], row, levels, assert_close)


@pytest.mark.parametrize("start", [1, 71, 91])
def test_standard_error_gives_the_same_result(sheet, start):
    """testSII.R: supplying the standard error (on the log/logit scale for rates and
    proportions) instead of the 95% limits gives the same SII and limits (to 1e-3: the
    fixture's standard errors are those of its limits to about four figures)."""
    block = _block(sheet, start)
    value_type = VALUE_TYPES[block.ValueType.iloc[0]]
    common = dict(value="Value", value_type=value_type)
    with_se = sii(ibis.memtable(block), ["Area"], "Quantile", "Population", se="StandardError", **common)
    with_cl = sii(ibis.memtable(block), ["Area"], "Quantile", "Population",
                  lower_cl="LowerCL", upper_cl="UpperCL", **common)  # fmt: skip
    left = with_se.to_pandas().set_index("Area").drop(columns="value_note").sort_index()
    right = with_cl.to_pandas().set_index("Area").drop(columns="value_note").sort_index()
    pd.testing.assert_frame_equal(left, right, rtol=1e-3)


def test_proportion_from_counts(sheet, assert_close):
    """testSII.R: a proportion given as count x and population instead of a value."""
    block = _block(sheet, 91)
    got = sii(ibis.memtable(block), ["Area"], "Quantile", "Population", x="Count",
              value_type="proportion", lower_cl="LowerCL", upper_cl="UpperCL")  # fmt: skip
    got = got.to_pandas().set_index("Area")
    for _, row in block[block.sii.notna()].iterrows():
        assert_close(got.sii[row.Area], row.sii, row.Area)


@pytest.mark.parametrize(
    "rows,options,message",
    [
        ((151, 160), {"se": "StandardError"}, "populations must be present and greater than zero"),
        ((161, 165), {"se": "StandardError"}, "standard errors must be present and not negative"),
        ((191, 200), {"se": "StandardError"}, "standard errors must be present and not negative"),
        ((191, 200), {"lower_cl": "LowerCL", "upper_cl": "UpperCL"}, "confidence limits must be present"),
        ((166, 170), {"x": "Count", "value": None, "value_type": "proportion", "se": "StandardError"},
         "counts must be greater than zero"),
        ((1, 20), {"value_type": "proportion", "se": "StandardError"}, "proportions must be between 0 and 1"),
        ((171, 175), {"value_type": "proportion", "lower_cl": "LowerCL", "upper_cl": "UpperCL"},
         "confidence limits of proportions must be between 0 and 1"),
        ((176, 180), {"value_type": "proportion", "lower_cl": "LowerCL", "upper_cl": "UpperCL"},
         "confidence limits of proportions must be between 0 and 1"),
        ((1, 3), {"lower_cl": "LowerCL", "upper_cl": "UpperCL"}, "must be between 5 and 100, got 3"),
    ],
)  # fmt: skip
def test_error_rows_are_refused(sheet, rows, options, message):
    """The rows testSII.R expects phe_sii to refuse."""
    data = sheet[sheet.RecordNo.between(*rows)]
    arguments = {"value": "Value", **options}
    with pytest.raises(ValueError, match=message):
        sii(ibis.memtable(data), ["Area"], "Quantile", "Population", **arguments)


@pytest.mark.parametrize(
    "options,message",
    [
        ({"transform": True, "lower_cl": "LowerCL", "upper_cl": "UpperCL"}, "transform needs value_type"),
        ({"transform": True, "value_type": "rate", "se": "StandardError"}, "transform needs lower_cl"),
        ({"value_type": "rates", "se": "StandardError"}, "value_type must be one of"),
        ({"lower_cl": "LowerCL"}, "needs lower_cl and upper_cl columns, or an se column"),
    ],
)
def test_bad_arguments_are_refused(sheet, options, message):
    with pytest.raises(ValueError, match=message):
        sii(ibis.memtable(_block(sheet, 1)), ["Area"], "Quantile", "Population", value="Value", **options)


def test_groups_without_every_quantile_get_a_note(sheet, assert_close):
    """testSII.R's warning case (rows 1-15 and 17-20: area2 lacks quantile 6) and the
    missing-value block (181-190): those groups are not calculated, area1 is."""
    data = sheet[sheet.RecordNo.between(1, 20) & (sheet.RecordNo != 16)]
    missing = sheet[sheet.RecordNo.between(181, 190)]
    both = pd.concat([data, missing], ignore_index=True)
    got = sii(ibis.memtable(both), ["Area"], "Quantile", "Population", value="Value",
              se="StandardError").to_pandas().set_index("Area")  # fmt: skip
    assert got.value_note.isna()["area1"]
    assert got.value_note[["area2", "area3"]].tolist() == [INCOMPLETE, INCOMPLETE]
    assert got.loc[["area2", "area3"]].drop(columns="value_note").isna().all().all()
    assert_close(got.sii["area1"], sheet.loc[sheet.RecordNo == 1, "sii"].iloc[0], "area1")


def _weighted_slope(group: pd.DataFrame) -> float:
    """Independent check: numpy least squares of sqrt(a) y on sqrt(a) and sqrt(a) b."""
    share = group.Pop.to_numpy(float) / group.Pop.sum()
    rank = np.cumsum(share) - share / 2
    design = np.column_stack([np.sqrt(share), np.sqrt(share) * rank])
    coefficients, *_ = np.linalg.lstsq(design, np.sqrt(share) * group.LifeExp.to_numpy(float), rcond=None)
    return float(coefficients[1])


#: The first ten rows printed by the package's vignette "Worked examples for phe_sii function"
#: (Example 1: LE_data by Sex and GeoCode, se = SE, confidence 95% and 99.8%, 1,000 draws):
#: GeoCode, sii, lower and upper 95%, lower and upper 99.8%, for Sex 1.
VIGNETTE = [
    ("E06000001", 11.68886, 9.215442, 14.07460, 7.896985, 15.27278),
    ("E06000002", 12.54785, 10.579679, 14.57307, 9.433565, 15.43696),
    ("E06000003", 10.05084, 7.820256, 12.30021, 6.098286, 13.65081),
    ("E06000004", 14.85223, 13.029586, 16.66506, 11.542089, 17.22223),
    ("E06000005", 11.68095, 9.126462, 14.13962, 7.997806, 15.28689),
    ("E06000006", 12.27526, 10.014238, 14.29402, 8.563631, 15.53240),
    ("E06000007", 11.59893, 10.131272, 12.96125, 9.068544, 13.56129),
    ("E06000008", 10.72510, 8.539485, 12.66773, 7.260345, 13.95977),
    ("E06000009", 13.59387, 11.385259, 15.63067, 10.072540, 16.61999),
    ("E06000010", 11.20094, 9.667654, 12.58422, 8.983728, 13.32130),
]


def test_life_expectancy_by_decile(make_table):
    """LE_testdata.csv: every complete group's SII equals an independent least-squares fit;
    E06000053 (one decile only) is not calculated; the vignette's ten printed rows agree
    (SII to its 7 figures, limits within the Monte-Carlo error of 1,000 draws)."""
    data = pd.read_csv(FIXTURES / "LE_testdata.csv")
    got = sii(make_table(data), ["Sex", "GeoCode"], "Decile", "Pop", value="LifeExp", se="SE")
    got = got.to_pandas().set_index(["Sex", "GeoCode"]).sort_index()
    assert len(got) == 724
    incomplete = got[got.value_note.notna()]
    assert set(incomplete.index.get_level_values("GeoCode")) == {"E06000053"}
    assert (incomplete.value_note == INCOMPLETE).all() and incomplete.sii.isna().all()
    slopes = data.groupby(["Sex", "GeoCode"]).filter(lambda g: len(g) == 10)
    slopes = slopes.groupby(["Sex", "GeoCode"]).apply(_weighted_slope)
    assert len(slopes) == 722
    np.testing.assert_allclose(got.sii[slopes.index].to_numpy(float), slopes.to_numpy(), rtol=1e-9)
    for code, value, *limits in VIGNETTE:
        row = got.loc[(1, code)]
        assert row.sii == pytest.approx(value, rel=1e-6), code
        for (name, level), printed in zip(
            [("lower_95", 0.95), ("upper_95", 0.95), ("lower_998", 0.998), ("upper_998", 0.998)], limits
        ):
            ours = row[f"sii_{name}"]
            assert abs(ours - printed) <= _tolerance(row.sii, ours, level, 1000), (code, name)
