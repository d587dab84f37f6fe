"""`board import|export|actions`: the business in and out of a store folder, reminders,
and one located line with exit 2 for bad input; `report --meeting-date` prints the stored paper."""

from __future__ import annotations

import html

import pytest
from typer.testing import CliRunner

from hwb.board.cli import app
from hwb.board.demo import DEMO_BOARD, demo_board
from hwb.board.loader import load_board_file

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_import_export_round_trip(tmp_path):
    db = tmp_path / "store"
    first = run("import", DEMO_BOARD, "--db", db)
    assert first.exit_code == 0, first.output
    assert "2 meetings: 42 added" in first.output
    assert "42 unchanged" in run("import", DEMO_BOARD, "--db", db).output
    out = tmp_path / "board.yaml"
    assert run("export", "--out", out, "--db", db).exit_code == 0
    assert load_board_file(out) == demo_board()
    assert "be requested to take place in one year's time" in run("export", "--db", db).output


def test_actions_lists_what_falls_due(tmp_path):
    db = tmp_path / "store"
    run("import", DEMO_BOARD, "--db", db)
    due = run("actions", "--due-by", "2027-02-26", "--db", db)
    assert due.exit_code == 0
    assert due.output.splitlines() == [
        "26 February 2027 (in one year's time) | 26 February 2026, minute 50(c) | no owner named | Open | "
        "Review the governance arrangements for the Operational Delivery Group overseeing the Best Start for "
        "Life priority (the CYP Place Based Group) to see how effective they were."]
    assert run("actions", "--due-by", "2027-02-25", "--db", db).output.strip() == \
        "No open actions due by 25 February 2027."
    every = run("actions", "--db", db).output.splitlines()
    assert len(every) == 5 and every[0].startswith("26 February 2027") and every[1].startswith("No date set")


def test_bad_input_is_one_located_message_and_exit_2(tmp_path):
    bad = tmp_path / "board.yaml"
    bad.write_text(DEMO_BOARD.read_text("utf-8").replace("    due_note: in one year's time\n", "    due_note: in one year's time\n    status: Shelved\n"),
                   "utf-8")
    result = run("import", bad, "--db", tmp_path / "store")
    assert result.exit_code == 2
    assert f"{bad}, row " in result.output and "actions[0].status" in result.output
    assert "Traceback" not in result.output and len(result.output.splitlines()) <= 2
    missing = run("import", tmp_path / "missing.yaml", "--db", tmp_path / "store")
    assert missing.exit_code == 2 and "cannot read the file" in missing.output
    assert run("actions", "--due-by", "2027-13-01", "--db", tmp_path / "store").exit_code == 2
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    assert run("export", "--db", not_a_folder).exit_code == 2
    assert not (tmp_path / "store" / "record.sqlite").exists()


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    """A store folder holding the demo results, strategy and board business."""
    from hwb.board.store import save_business
    from hwb.demo.load import load_demo_indicators
    from hwb.engine.build import build
    from hwb.store.folder import StoreFolder
    from hwb.strategy.demo import load_demo_strategy

    root = tmp_path_factory.mktemp("board-report") / "store"
    folder = StoreFolder(root, record_url=f"sqlite:///{root / 'record.sqlite'}")
    store = folder.open_evidence()
    try:
        load_demo_indicators(store)
        build(store)
        folder.publish(store)
    finally:
        store.close()
    load_demo_strategy(folder.record)
    save_business(folder.record, demo_board(), by="test")
    folder.close()
    return root


def test_report_is_the_paper_of_the_meeting_asked_for(demo_store, tmp_path, monkeypatch):
    from hwb.reports.cli import app as report_app

    monkeypatch.delenv("HWB_DATABASE_URL", raising=False)
    made = runner.invoke(report_app, ["health-protection", "--format", "html", "--out", str(tmp_path),
                                      "--meeting-date", "2026-06-15", "--db", str(demo_store)])
    assert made.exit_code == 0, made.output
    page = " ".join(html.unescape((tmp_path / "health-protection-appendix.html").read_text("utf-8")).split())
    assert "15 June 2026 · Agenda item 13" in page and "Note the annual Health Protection Report 2025;" in page
    assert "Actions from previous meetings" in page and "26 February 2027 (in one year's time)" in page
    for day, message in (("2026-02-26", "the meeting on 26 February 2026 has no paper on Health Protection"),
                         ("2026-03-01", "no meeting on 1 March 2026")):
        refused = runner.invoke(report_app, ["health-protection", "--format", "html", "--out", str(tmp_path),
                                             "--meeting-date", day, "--db", str(demo_store)])
        assert refused.exit_code == 2 and message in refused.output
    assert runner.invoke(report_app, ["dashboard", "--meeting-date", "15/06/2026", "--db", str(demo_store)]
                         ).exit_code == 2
