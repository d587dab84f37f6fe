"""`board import|export|actions`: the business in and out of a store folder, reminders,
and one located line with exit 2 for bad input."""

from __future__ import annotations

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
    assert "2 meetings: 40 added" in first.output
    assert "40 unchanged" in run("import", DEMO_BOARD, "--db", db).output
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
