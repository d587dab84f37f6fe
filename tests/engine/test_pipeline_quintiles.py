"""Quintiles among areas of the same type, through the whole pipeline; tidy XLSX input."""

import csv

from openpyxl import Workbook

from hwb.engine.compute import compute_files

AREAS = ["E92000001"] + [f"E100000{i:02d}" for i in range(10)]


def _write_xlsx(path, rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)


def test_ten_counties_fall_two_to_a_quintile_by_value(tmp_path):
    data = [["indicator_id", "area_code", "period", "sex", "age", "count", "denominator"]]
    data += [["cov", code, "2024", "Persons", "All ages", 500 + 30 * i, 1000] for i, code in enumerate(AREAS)]
    _write_xlsx(tmp_path / "data.xlsx", data)
    _write_xlsx(tmp_path / "indicators.xlsx", [
        ["indicator_id", "name", "value_type", "multiplier", "polarity"],
        ["cov", "Coverage", "proportion", 100, "low_is_good"],
    ])
    areas = [["area_code", "area_name", "area_type", "parent_code"], ["E92000001", "England", "England", None]]
    areas += [[code, code, "County & UA", "E92000001"] for code in AREAS[1:]]
    _write_xlsx(tmp_path / "areas.xlsx", areas)
    out = tmp_path / "results.csv"
    compute_files(tmp_path / "data.xlsx", tmp_path / "indicators.xlsx", tmp_path / "areas.xlsx", None, out)
    quintiles = {r["area_code"]: r["quintile"] for r in csv.DictReader(out.open())}
    assert quintiles["E92000001"] == ""  # England is not placed in a quintile
    counties = [quintiles[code] for code in AREAS[1:]]  # values rise with i
    assert counties == [
        "Lowest quintile", "Lowest quintile", "Low quintile", "Low quintile", "Middle quintile",
        "Middle quintile", "High quintile", "High quintile", "Highest quintile", "Highest quintile",
    ]
