"""DSR and ISR through the whole pipeline (`hwb compute`) against the PHEindicatormethods fixtures.

The fixture's age bands are given per area; the engine standardises them to one
row per area. ISR takes England's bands as the reference, so the fixture's
reference counts become an England area here.
"""

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from hwb.engine.compute import compute_files
from hwb.methods.dsr import ESP2013

FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "PHEindicatormethods"
BANDS = list(ESP2013)  # the fixture misprints band 12 as "55-69"; bands are taken by position
AREAS = ["testdata_big", "testdata_small", "testdata_tiny"]
LIMITS = ["value", "lower_95", "upper_95", "lower_998", "upper_998"]


def _sheet(name):
    rows = list(load_workbook(FIXTURES / "testdata_DSR_ISR.xlsx", read_only=True, data_only=True)[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:] if r[0] is not None]


def _expected(sheet, *statistics):
    return {r["area"]: [r["value"], r["lower95_0cl"], r["upper95_0cl"], r["lower99_8cl"], r["upper99_8cl"]]
            for r in _sheet(sheet) if r["area"] in AREAS and r["statistic"] in statistics}


def _compute(tmp_path, value_type, multiplier, with_reference):
    rows = _sheet("testdata_multiarea_isr")
    data = [["indicator_id", "area_code", "period", "sex", "age", "count", "denominator"]]
    for row in rows:
        band = BANDS[[r for r in rows if r["area"] == row["area"]].index(row)]
        data.append(["x", row["area"], "2024", "Persons", band, row["count"], row["pop"]])
    if with_reference:
        for band, row in zip(BANDS, [r for r in rows if r["area"] == "testdata_big"]):
            data.append(["x", "E92000001", "2024", "Persons", band, row["refcount"], row["refpop"]])
    paths = {name: tmp_path / f"{name}.csv" for name in ("data", "indicators")}
    with paths["data"].open("w", newline="") as handle:
        csv.writer(handle).writerows(data)
    paths["indicators"].write_text(
        f"indicator_id,name,value_type,multiplier,polarity\nx,Standardised,{value_type},{multiplier},low_is_good\n"
    )
    out = tmp_path / "results.csv"
    compute_files(paths["data"], paths["indicators"], None, None, out)
    return {r["area_code"]: r for r in csv.DictReader(out.open())}


def _check(results, expected, scale=1.0):
    assert set(expected) == set(AREAS)
    for area, figures in expected.items():
        row = results[area]
        assert row["age"] == "All ages"
        for column, want in zip(LIMITS, figures):
            if want is None:
                assert row[column] == "", (area, column)
            else:
                assert float(row[column]) == pytest.approx(want * scale, rel=1e-6), (area, column)


def test_dsr_per_10000_through_the_pipeline(tmp_path):
    results = _compute(tmp_path, "dsr", 10000, with_reference=False)
    _check(results, _expected("testresults_DSR", "dsr per 10000", "dsr NA for total count < 10"))
    assert results["testdata_tiny"]["value_note"].startswith("Not calculated")  # 9 events


def test_isr_as_a_ratio_x_100_with_england_as_reference(tmp_path):
    results = _compute(tmp_path, "isr", 100, with_reference=True)
    _check(results, _expected("testresults_ISR", "indirectly standardised ratio x 100"))
    assert float(results["E92000001"]["value"]) == pytest.approx(100.0)


def test_the_result_is_labelled_with_the_ages_its_bands_cover(tmp_path):
    data = tmp_path / "data.csv"
    rows = ["indicator_id,area_code,period,sex,age,count,denominator"]
    rows += [f"x,A,2024,Persons,{band},{20 + i},{1000 + 10 * i}" for i, band in enumerate(BANDS[7:])]  # 35-39 .. 90+
    rows += [f"x,B,2024,Persons,{band},{20 + i},{1000 + 10 * i}" for i, band in enumerate(BANDS[3:13])]  # 15-19 .. 60-64
    data.write_text("\n".join(rows) + "\n")
    indicators = tmp_path / "indicators.csv"
    indicators.write_text("indicator_id,name,value_type,multiplier,polarity\nx,Mortality,dsr,100000,low_is_good\n")
    out = tmp_path / "results.csv"
    compute_files(data, indicators, None, None, out)
    ages = {r["area_code"]: r["age"] for r in csv.DictReader(out.open())}
    assert ages == {"A": "35+ yrs", "B": "15-64 yrs"}
