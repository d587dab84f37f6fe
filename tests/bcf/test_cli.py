"""`hwb bcf ...` through the real CLI: exit codes 0 (fine), 1 (a check failed), 2 (bad input)."""

from __future__ import annotations

from dataclasses import replace

from openpyxl import load_workbook
from typer.testing import CliRunner

from hwb.bcf.demo import demo_plan
from hwb.bcf.excel import export_plan
from hwb.bcf.excel_layout import SCHEMES
from hwb.bcf.store import list_plans, load_plan
from hwb.cli import app
from hwb.store.folder import StoreFolder

runner = CliRunner()


def run(*args, url: str | None = None):
    env = {"COLUMNS": "200", **({"HWB_DATABASE_URL": url} if url else {})}
    return runner.invoke(app, ["bcf", *map(str, args)], env=env)


def test_check_demo_passes_and_names_what_the_source_does_not_itemise():
    result = run("check", "--demo")
    assert result.exit_code == 0, result.output
    assert "£18,651,735 not" in result.output and "£347,000 not" in result.output
    assert "Source incomplete" in result.output and "Fail" not in result.output
    assert "19 passed, 0 failed, 2 with an incomplete source" in result.output


def test_check_fails_with_amounts(balanced_plan, tmp_path):
    first = balanced_plan.income.dfg_districts[0]
    balanced_plan.income.dfg_districts[0] = replace(first, amount=first.amount + 1000)
    result = run("check", export_plan(balanced_plan, tmp_path / "plan.xlsx"))
    assert result.exit_code == 1, result.output
    assert "Fail" in result.output and "(difference £1,000)" in result.output and "1 failed" in result.output


def test_check_balanced_plan_passes(balanced_plan, tmp_path):
    path = export_plan(balanced_plan, tmp_path / "plan.xlsx")
    result = run("check", path)
    assert result.exit_code == 0, result.output
    assert "21 passed, 0 failed" in result.output


def test_check_demo_through_a_store(tmp_path, record_url):
    db = tmp_path / "store"
    assert run("check", "--demo", "--db", db, url=record_url).exit_code == 0
    record = StoreFolder(db, record_url).record
    assert len(load_plan(record, "E10000018", "2026-27").schemes) == 81
    stored = run("check", "--db", db, url=record_url)
    assert stored.exit_code == 0 and "18,651,735" in stored.output
    listed = run("plans", "--db", db, url=record_url)
    assert "E10000018/2026-27" in listed.output and "year-end return" in listed.output
    assert run("metrics", "--db", db, "--plan", "E10000018/2026-27", url=record_url).exit_code == 0
    assert "no stored plan '2030-31'" in run("metrics", "--db", db, "--plan", "2030-31", url=record_url).output


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


def test_export_import_and_bad_cell_stores_nothing(tmp_path, record_url):
    out = tmp_path / "plan.xlsx"
    db = tmp_path / "store"
    assert run("export", "--demo", "--out", out).exit_code == 0
    wb = load_workbook(out)
    wb["Expenditure"].cell(SCHEMES.first_row + 4, SCHEMES.col("amount")).value = "twelve"
    wb.save(tmp_path / "bad.xlsx")
    bad = run("import", tmp_path / "bad.xlsx", "--db", db, url=record_url)
    assert bad.exit_code == 2
    assert "bad.xlsx [Expenditure], row 21, column 'F (Expenditure (£))'" in bad.output
    record = StoreFolder(db, record_url).record
    assert list_plans(record) == []
    good = run("import", out, "--db", db, url=record_url)
    assert good.exit_code == 0 and "81 schemes" in good.output
    assert len(load_plan(record, "E10000018", "2026-27").schemes) == 81
    report = run("report", "--db", db, "--out", tmp_path / "report", "--format", "html", url=record_url)
    assert report.exit_code == 0, report.output


def test_report_html_and_xlsx(tmp_path):
    result = run("report", "--demo", "--out", tmp_path / "out", "--format", "html,xlsx")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "bcf.html").exists() and (tmp_path / "out" / "bcf.xlsx").exists()
    assert run("report", "--demo", "--out", tmp_path, "--format", "rtf").exit_code == 2


def test_report_is_the_board_paper_of_its_meeting(tmp_path):
    """With the demo's business the report is item 9 of 15 June 2026; a meeting with no paper on
    the plan is one line and exit 2; a plan workbook with no store is the report on its own."""
    result = run("report", "--demo", "--out", tmp_path / "paper", "--format", "html")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "paper" / "bcf.html").read_text("utf-8")
    assert "15 June 2026 · Agenda item 9" in page and "Purpose of the report" in page
    assert "Lisa Carter, Health and Social Care Integration Service Manager" in page
    again = run("report", "--demo", "--out", tmp_path / "item", "--format", "html", "--meeting-date", "2026-06-15",
                "--item", "9")
    assert again.exit_code == 0 and (tmp_path / "item" / "bcf.html").read_text("utf-8") == page
    missing = run("report", "--demo", "--out", tmp_path / "none", "--meeting-date", "2026-02-26")
    assert missing.exit_code == 2 and "has no paper on Better Care Fund Plan 2026-27" in missing.output
    plain = run("report", export_plan(demo_plan(), tmp_path / "plan.xlsx"), "--out", tmp_path / "plain",
                "--format", "html")
    assert plain.exit_code == 0, plain.output
    assert "Purpose of the report" not in (tmp_path / "plain" / "bcf.html").read_text("utf-8")


def test_report_item_picks_the_plan_or_the_year_end_paper(tmp_path):
    """Item 8 of 15 June 2026 is the year-end return's paper (its Appendix A the return), item 9 the
    plan's; an item that is neither, or has no paper, is exit 2 naming the BCF papers."""
    result = run("report", "--demo", "--out", tmp_path / "ye", "--format", "html", "--meeting-date", "2026-06-15",
                 "--item", "8")
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "ye" / "bcf.html").exists()
    page = (tmp_path / "ye" / "bcf-year-end.html").read_text("utf-8")
    assert "15 June 2026 · Agenda item 8" in page and "Better Care Fund Year End 2025-26 Performance" in page
    assert "Appendix A – Year End Template 2025-26" in page and "£83,408,219" in page
    assert "Not on track to meet goal" in page and "Leicestershire Better Care Fund Plan 2026-27" not in page
    assert "metrics section" not in page and "Narrative return 2026-27" not in page
    listed = "item 8 (Better Care Fund Year End 2025-26 Performance); item 9 (Leicestershire Better Care Fund Plan 2026-27)"
    other = run("report", "--demo", "--out", tmp_path / "six", "--meeting-date", "2026-06-15", "--item", "6")
    assert other.exit_code == 2 and "is not a Better Care Fund plan or year-end paper" in other.output
    assert listed in " ".join(other.output.split())
    assert not (tmp_path / "six").exists()
    none = run("report", "--demo", "--out", tmp_path / "none", "--meeting-date", "2026-06-15", "--item", "7")
    assert none.exit_code == 2 and listed in " ".join(none.output.split())


def test_report_item_reads_the_year_end_return_from_the_store(tmp_path, record_url):
    """Through a store: item 8 writes the stored 2025-26 return; a paper on a year-end return the store
    does not hold is exit 2 saying so."""
    from dataclasses import replace as copy

    from hwb.board.demo import demo_board
    from hwb.board.store import save_business

    db = tmp_path / "store"
    assert run("check", "--demo", "--db", db, url=record_url).exit_code == 0
    business = demo_board()
    item8 = next(p for p in business.papers if p.item == "8")
    business.papers.append(copy(item8, item="8A", title="Better Care Fund Year End 2024-25 Performance"))
    save_business(StoreFolder(db, record_url).record, business, by="test")
    result = run("report", "--db", db, "--out", tmp_path / "ye", "--format", "html", "--meeting-date",
                 "2026-06-15", "--item", "8", url=record_url)
    assert result.exit_code == 0, result.output
    page = (tmp_path / "ye" / "bcf-year-end.html").read_text("utf-8")
    assert "Agenda item 8" in page and "£83,408,219" in page
    older = run("report", "--db", db, "--out", tmp_path / "old", "--meeting-date", "2026-06-15", "--item", "8A",
                url=record_url)
    assert older.exit_code == 2
    assert "presents the year-end return 2024-25, which the store does not hold" in " ".join(older.output.split())
