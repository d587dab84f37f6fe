"""`hwb bcf ...` through the real CLI: exit codes 0 (fine), 1 (a check failed), 2 (bad input)."""

from __future__ import annotations

from openpyxl import load_workbook
from typer.testing import CliRunner

from hwb.bcf.excel import export_plan
from hwb.bcf.excel_layout import SCHEMES
from hwb.cli import app
from hwb.store.connection import connect

runner = CliRunner()


def run(*args):
    return runner.invoke(app, ["bcf", *map(str, args)], env={"COLUMNS": "200"})


def test_check_demo_fails_with_amounts():
    result = run("check", "--demo")
    assert result.exit_code == 1
    assert "£18,651,735 unallocated" in result.output and "£347,000 unallocated" in result.output
    assert "FAIL" in result.output and "Template Complete" in result.output


def test_check_balanced_plan_passes(balanced_plan, tmp_path):
    path = export_plan(balanced_plan, tmp_path / "plan.xlsx")
    result = run("check", path)
    assert result.exit_code == 0, result.output
    assert "15 passed, 0 failed" in result.output


def test_check_demo_through_a_store(tmp_path):
    db = tmp_path / "hwb.duckdb"
    assert run("check", "--demo", "--db", db).exit_code == 1
    store = connect(db)
    assert store.sql("SELECT count(*) FROM bcf_schemes") == [(81,)]
    store.close()


def test_check_unreadable_input(tmp_path):
    junk = tmp_path / "junk.xlsx"
    junk.write_text("nope")
    assert run("check", junk).exit_code == 2
    assert run("check", tmp_path / "missing.xlsx").exit_code == 2
    assert run("check").exit_code == 2


def test_metrics_prints_published_rates():
    result = run("metrics", "--demo")
    assert result.exit_code == 0
    for text in ("1,484.0", "0.45", "551.6", "On track to meet goal", "Not on track to meet goal"):
        assert text in result.output


def test_export_import_and_bad_cell_stores_nothing(tmp_path):
    out = tmp_path / "plan.xlsx"
    db = tmp_path / "hwb.duckdb"
    assert run("export", "--demo", "--out", out).exit_code == 0
    wb = load_workbook(out)
    wb["Expenditure"].cell(SCHEMES.first_row + 4, SCHEMES.col("amount")).value = "twelve"
    wb.save(tmp_path / "bad.xlsx")
    bad = run("import", tmp_path / "bad.xlsx", "--db", db)
    assert bad.exit_code == 2
    assert "bad.xlsx [Expenditure], row 21, column 'F (Expenditure (£))'" in bad.output
    store = connect(db)
    assert store.sql("SELECT count(*) FROM bcf_plans") == [(0,)]
    store.close()
    good = run("import", out, "--db", db)
    assert good.exit_code == 0 and "81 schemes" in good.output
    store = connect(db)
    assert store.sql("SELECT count(*) FROM bcf_schemes") == [(81,)]
    store.close()


def test_report_html_and_xlsx(tmp_path):
    result = run("report", "--demo", "--out", tmp_path / "out", "--format", "html,xlsx")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "bcf.html").exists() and (tmp_path / "out" / "bcf.xlsx").exists()
    assert run("report", "--demo", "--out", tmp_path, "--format", "rtf").exit_code == 2
