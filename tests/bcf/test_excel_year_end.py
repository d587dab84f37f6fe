"""Year-end Excel out and in: layout, lossless round trip, located errors, injection, the CLI."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from hwb.bcf.excel import CALCULATED, INPUT, export_plan
from hwb.bcf.excel_layout import CONFIRMATIONS, METRIC_VALUE_COL, YEAR_END_INCOME, YEAR_END_TITLES
from hwb.bcf.excel_read import import_plan, import_workbook
from hwb.bcf.excel_year_end import export_year_end
from hwb.bcf.store import load_year_end
from hwb.cli import app
from hwb.errors import InputError
from hwb.store.folder import StoreFolder


def cells(path):
    wb = load_workbook(path)
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb}


def run(*args):
    return CliRunner().invoke(app, ["bcf", *map(str, args)], env={"COLUMNS": "200"})


def test_workbook_has_the_template_sheets(year_end, tmp_path):
    wb = load_workbook(export_year_end(year_end, tmp_path / "ye.xlsx"))
    assert set(YEAR_END_TITLES) == set(wb.sheetnames)
    ws = wb["Income & Expenditure"]
    assert ws["B8"].value == "=SUM(B13:B5000)" and ws["B9"].value == "=SUM(C13:C5000)"
    assert ws["B10"].value == '=IF(AND(ISNUMBER(B5),B8<>0),B5/B8,"")'
    assert ws["B5"].value == 83408219 and ws["B5"].fill.fgColor.rgb == INPUT.fgColor.rgb
    updated = ws.cell(YEAR_END_INCOME.first_row, YEAR_END_INCOME.col("updated"))
    planned = ws.cell(YEAR_END_INCOME.first_row, YEAR_END_INCOME.col("planned"))
    assert updated.fill.fgColor.rgb == INPUT.fgColor.rgb and planned.fill.fgColor.rgb == CALCULATED.fgColor.rgb
    assert wb["Metrics"].cell(5, METRIC_VALUE_COL).value.startswith("=IF(AND(ISNUMBER(F5)")
    assert wb["Checklist"]["A3"].value == "Template Complete"


def test_round_trip_is_lossless(year_end, tmp_path):
    first = export_year_end(year_end, tmp_path / "a.xlsx")
    again = import_workbook(first)
    assert again == year_end
    second = export_year_end(again, tmp_path / "b.xlsx")
    assert cells(first) == cells(second)


def test_formula_injection_is_neutralised(year_end, tmp_path):
    year_end.successes = '=HYPERLINK("http://x","y")'
    year_end.confirmations[0].actions = "+1+1"
    year_end.summary[0].commentary = "@SUM(A1)"
    path = export_year_end(year_end, tmp_path / "evil.xlsx")
    wb = load_workbook(path)
    assert wb["Impact Summary"]["B4"].value == "'" + year_end.successes
    cell = wb["Impact Summary"].cell(CONFIRMATIONS.first_row, CONFIRMATIONS.col("actions"))
    assert cell.data_type == "s" and cell.value == "'+1+1"
    assert wb["Board Summary"]["D5"].value == "'@SUM(A1)"
    assert import_workbook(path) == year_end


def test_bad_cell_is_located(year_end, tmp_path):
    path = export_year_end(year_end, tmp_path / "ye.xlsx")
    wb = load_workbook(path)
    wb["Income & Expenditure"].cell(YEAR_END_INCOME.first_row + 1, YEAR_END_INCOME.col("updated")).value = "lots"
    wb["National Conditions"]["C6"].value = "Perhaps"
    wb.save(path)
    with pytest.raises(InputError) as exc:
        import_workbook(path)
    assert [str(e) for e in exc.value.errors] == [
        "ye.xlsx [National Conditions], row 6, column 'C (Confirmation)': "
        "cell C6: expected Yes, No, got 'Perhaps'",
        "ye.xlsx [Income & Expenditure], row 14, column 'C (Updated Total Income for the year (£))': "
        "cell C14: expected an amount in pounds, got 'lots'",
    ]


def test_plan_reader_refuses_a_year_end_return(year_end, tmp_path):
    with pytest.raises(InputError, match="a BCF year-end return, not a plan"):
        import_plan(export_year_end(year_end, tmp_path / "ye.xlsx"))


def test_cli_check_export_import(tmp_path):
    out, db = tmp_path / "ye.xlsx", tmp_path / "store"
    check = run("check", "--demo", "--year-end")
    assert check.exit_code == 0 and "15 passed, 0 failed" in check.output
    assert "£83,408,219 of planned income £84,801,607 = 98%" in check.output
    assert run("export", "--demo", "--year-end", "--out", out).exit_code == 0
    assert run("check", out).exit_code == 0
    stored = run("import", out, "--db", db)
    assert stored.exit_code == 0 and "Stored BCF year-end return E10000018 2025-26" in stored.output
    folder = StoreFolder(db)
    assert load_year_end(folder.record, "E10000018", "2025-26") == import_workbook(out)
    folder.close()


def test_cli_failing_return_and_bad_cell_store_nothing(year_end, tmp_path):
    db = tmp_path / "store"
    year_end.dfg_actual = 6_000_000
    path = export_year_end(year_end, tmp_path / "ye.xlsx")
    failed = run("check", path)
    assert failed.exit_code == 1 and "£93,647 more than the DFG income" in failed.output
    wb = load_workbook(path)
    wb["Income & Expenditure"]["B4"].value = "a lot"
    wb.save(path)
    bad = run("import", path, "--db", db)
    assert bad.exit_code == 2 and "ye.xlsx [Income & Expenditure], row 4" in bad.output
    folder = StoreFolder(db)
    assert load_year_end(folder.record, "E10000018", "2025-26") is None
    folder.close()


def test_cli_shape_errors(plan, year_end, tmp_path):
    ye = export_year_end(year_end, tmp_path / "ye.xlsx")
    assert run("check", export_plan(plan, tmp_path / "p.xlsx"), "--year-end").exit_code == 2
    assert run("metrics", ye).exit_code == 2
    assert run("check", "--demo").exit_code == 0  # the plan, as before
