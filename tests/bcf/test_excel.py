"""Excel out and in: layout, lossless round trip, located errors, formula injection."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from hwb.bcf.excel import CALCULATED, INPUT, export_plan, import_plan
from hwb.bcf.excel_layout import INCOME_LINES, METRIC_VALUE_COL, SCHEMES, SHEETS, neutralise, restore
from hwb.errors import InputError


def cells(path):
    wb = load_workbook(path)
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb}


def test_workbook_has_the_template_sheets(plan, tmp_path):
    wb = load_workbook(export_plan(plan, tmp_path / "plan.xlsx"))
    assert set(SHEETS) <= set(wb.sheetnames)
    exp = wb["Expenditure"]
    assert exp["C5"].value.startswith("=SUMIF(") and exp["D5"].value == "=B5-C5"
    assert exp["C13"].value.startswith("=SUMIFS(")
    assert wb["Income"]["B15"].value == "=SUM(B10:B14)"
    first = SCHEMES.first_row
    assert exp.cell(first, SCHEMES.col("amount")).value == 250700
    assert exp.cell(first, SCHEMES.col("amount")).fill.fgColor.rgb == INPUT.fgColor.rgb
    assert exp["C5"].fill.fgColor.rgb == CALCULATED.fgColor.rgb != INPUT.fgColor.rgb
    assert wb["Metrics"].cell(5, METRIC_VALUE_COL).value.startswith("=IF(AND(ISNUMBER(F5)")
    assert wb["Checklist"]["A3"].value == "Template Complete"


def test_round_trip_is_lossless(plan, tmp_path):
    first = export_plan(plan, tmp_path / "a.xlsx")
    again = import_plan(first)
    assert again == plan
    second = export_plan(again, tmp_path / "b.xlsx")
    assert cells(first) == cells(second)


def test_formula_injection_is_neutralised(plan, tmp_path):
    evil = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2", "@SUM(A1)", "\tTab", "\rCR", "'=already quoted"]
    for scheme, text in zip(plan.schemes, evil):
        scheme.description = text
    plan.cover.submitted_by = "=cmd|' /C calc'!A0"
    path = export_plan(plan, tmp_path / "evil.xlsx")
    ws = load_workbook(path)["Expenditure"]
    col = SCHEMES.col("description")
    for i, text in enumerate(evil):
        cell = ws.cell(SCHEMES.first_row + i, col)
        assert cell.data_type == "s" and cell.value == "'" + text
    assert load_workbook(path)["Cover"]["B10"].value.startswith("'=")
    assert import_plan(path) == plan


@pytest.mark.parametrize("text", ["plain", "=x", "'", "''=", "'plain", "-", ""])
def test_neutralise_is_undone_by_restore(text):
    assert restore(neutralise(text)) == text
    assert not neutralise(text).startswith(("=", "+", "-", "@", "\t", "\r"))


def test_bad_cells_are_located(plan, tmp_path):
    path = export_plan(plan, tmp_path / "plan.xlsx")
    wb = load_workbook(path)
    ws = wb["Expenditure"]
    row = SCHEMES.first_row + 2
    ws.cell(row, SCHEMES.col("amount")).value = "lots"
    ws.cell(row, SCHEMES.col("asc")).value = "Maybe"
    ws.cell(row + 1, SCHEMES.col("category")).value = "Magic"
    wb["Income"].cell(INCOME_LINES.first_row, INCOME_LINES.col("amount")).value = "=1+1"
    wb.save(path)
    with pytest.raises(InputError) as caught:
        import_plan(path)
    errors = caught.value.errors
    assert len(errors) == 4
    amount = next(e for e in errors if "lots" in e.message)
    assert amount.file == "plan.xlsx [Expenditure]" and amount.row == row
    assert amount.column == "F (Expenditure (£))" and f"cell F{row}" in amount.message
    assert "expected an amount in pounds" in amount.message
    assert any("expected Yes, No" in e.message for e in errors)
    assert any("Magic" in e.message and e.column.startswith("B ") for e in errors)
    assert any(e.file == "plan.xlsx [Income]" and "formula" in e.message for e in errors)


def test_missing_sheet_and_keys_are_reported(plan, tmp_path):
    path = export_plan(plan, tmp_path / "plan.xlsx")
    wb = load_workbook(path)
    del wb["Metrics"]
    wb["Cover"]["B4"] = None
    wb["Cover"]["B5"] = "2026"
    wb.save(path)
    with pytest.raises(InputError) as caught:
        import_plan(path)
    text = caught.value.summary()
    assert "sheet 'Metrics' is missing" in text and "required" in text and "like 2026-27" in text


def test_unreadable_file(tmp_path):
    path = tmp_path / "junk.xlsx"
    path.write_text("not a workbook")
    with pytest.raises(InputError, match="damaged or not an Excel .xlsx file"):
        import_plan(path)
