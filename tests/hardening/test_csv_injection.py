"""Every CSV we write is inert: hostile text in every text field, 0 cells a spreadsheet would run."""

from __future__ import annotations

import csv
import io
import math

import pandas as pd
import pytest

from hwb.csv_safe import inert_frame, inert_text
from hwb.engine.compute import compute_files
from hwb.web.downloads import csv_bytes, csv_response

ATTACKS = ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
           "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "＝1+1", " =1+1", "-"]
LIVE_START = ("=", "+", "-", "@", "＝", "＋", "－", "＠")


def _is_number(cell: str) -> bool:
    try:
        return math.isfinite(float(cell)) and cell == cell.strip() and "_" not in cell
    except ValueError:
        return False


def live_cells(text: str) -> list[str]:
    """Cells a spreadsheet would run as a formula: starting (after blanks) with = + - @, not a number, not quoted."""
    cells = [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")) for cell in row]
    return [c for c in cells if not c.startswith("'") and not _is_number(c)
            and (c.lstrip(" \t\r\n").startswith(LIVE_START) or c.startswith(("\t", "\r")))]


def _hostile_inputs(folder):
    a = ATTACKS
    files = {
        "indicators": [["indicator_id", "name", "value_type", "multiplier", "polarity", "unit", "source", "definition"],
                       [a[0], a[1], "proportion", "100", "high_is_good", a[2], a[3], a[4]]],
        "areas": [["area_code", "area_name", "area_type", "parent_code"],
                  ["E92000001", a[5], "England", ""],
                  [a[6], a[7], "County & UA", "E92000001"],
                  [a[8], a[0], "County & UA", "E92000001"]],
        "data": [["indicator_id", "area_code", "period", "sex", "age", "count", "denominator", "category_type",
                  "category", "value_note", "source"],
                 [a[0], "E92000001", "2024", a[1], a[2], "400", "1000", a[3], a[4], a[5], a[6]],
                 [a[0], a[6], "2024", a[1], a[2], "40", "100", a[3], a[4], a[7], a[8]],
                 [a[0], a[8], "2024", a[1], a[2], "-", "100", a[3], a[4], a[0], a[1]]],
    }
    files["data"][3][5] = "30"
    paths = {}
    for name, rows in files.items():
        paths[name] = folder / f"{name}.csv"
        with paths[name].open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    return paths


def test_results_csv_has_no_live_formula(tmp_path):
    paths = _hostile_inputs(tmp_path)
    out = tmp_path / "RESULTS.csv"
    assert compute_files(paths["data"], paths["indicators"], paths["areas"], None, out) == 3
    text = out.read_text("utf-8")
    assert live_cells(text) == []
    as_text = pd.read_csv(out, dtype=str, keep_default_na=False)
    for column in ("indicator_id", "sex", "age", "category_type", "category", "value_note"):
        assert as_text[column].str.startswith("'").all(), column  # the hostile text is there, quoted
    results = pd.read_csv(out)
    assert results["value"].notna().all() and (results["count"] >= 0).all()  # numbers stay numbers


def test_web_downloads_have_no_live_formula():
    frame = pd.DataFrame({name: ATTACKS for name in ("area_name", "indicator", "sex", "age", "category", "note")})
    frame["value"] = [-1.5, 2.0, -3.25, 0.0, -1e-3, 7.0, -8.0, 9.5, -10.0]
    frame["text_number"] = ["-1.5", "+2", "1e-3", "-0", "-.5", "3.", "-7", "8", "-9"]
    frame[ATTACKS[0]] = 1
    body = csv_bytes(frame)
    text = body.decode("utf-8")
    assert live_cells(text) == []
    read_back = pd.read_csv(io.StringIO(text.lstrip("\ufeff")))
    assert read_back["value"].tolist() == frame["value"].tolist()
    assert read_back["text_number"].astype(str).tolist()[0] == "-1.5"  # a negative number is a number
    assert read_back.columns[-1] == "'" + ATTACKS[0]
    response = csv_response(frame, "E10000018-" + "x" * 500)
    assert live_cells(response.body.decode("utf-8")) == []
    assert len(response.headers["content-disposition"]) < 200


@pytest.mark.parametrize("text, expected", [
    ("=1+1", "'=1+1"), ("-1.5", "-1.5"), ("-1+2", "'-1+2"), ("+44 116 000", "'+44 116 000"),
    ("@x", "'@x"), ("\t-1", "'\t-1"), (" =1", "' =1"), ("plain", "plain"), ("'=1", "'=1"), ("", ""),
])
def test_inert_text_rule(text, expected):
    assert inert_text(text) == expected


def test_inert_frame_keeps_numeric_columns_numeric():
    frame = pd.DataFrame({"n": [-1, 2], "x": [-1.5, None], "t": ["=a", None]})
    out = inert_frame(frame)
    assert out["n"].tolist() == [-1, 2] and out["x"].iloc[0] == -1.5 and out["t"].tolist()[0] == "'=a"
    assert frame["t"].tolist()[0] == "=a"  # the caller's frame is not changed
