"""Means given as mean, sd and n go through `hwb compute` with Student's t limits
(PHEindicatormethods testdata_Mean_results)."""

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from hwb.engine.compute import compute_files

FIXTURE = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "PHEindicatormethods" / "testdata_Mean.xlsx"
LIMITS = {"value": "value", "lower_95": "lower95_0cl", "upper_95": "upper95_0cl",
          "lower_998": "lower99_8cl", "upper_998": "upper99_8cl"}


def test_mean_sd_and_n_give_the_fixture_limits(tmp_path):
    rows = list(load_workbook(FIXTURE, read_only=True, data_only=True)["testdata_Mean_results"].iter_rows(values_only=True))
    expected = [dict(zip(rows[0], r)) for r in rows[1:]]
    data = tmp_path / "data.csv"
    data.write_text("indicator_id,area_code,period,sex,age,count,denominator,value,sd\n" + "".join(
        f"m,{r['area']},2024,Persons,All ages,{r['value_count']},,{r['value']!r},{r['stdev']!r}\n" for r in expected
    ))
    indicators = tmp_path / "indicators.csv"
    indicators.write_text("indicator_id,name,value_type,multiplier,polarity\nm,Mean,mean,1,no_judgement\n")
    out = tmp_path / "results.csv"
    compute_files(data, indicators, None, None, out)
    results = {r["area_code"]: r for r in csv.DictReader(out.open())}
    for row in expected:
        for ours, theirs in LIMITS.items():
            assert float(results[row["area"]][ours]) == pytest.approx(row[theirs], rel=1e-6), (row["area"], ours)
