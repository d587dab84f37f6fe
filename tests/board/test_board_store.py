"""The board's business in the record, on SQLite and PostgreSQL: import, read back, export,
edits with version checks and audit rows, and re-imports that keep what people edited."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest
from sqlalchemy import delete, select, text, update

from hwb.board.demo import demo_board
from hwb.board.loader import parse_board
from hwb.board.model import Action, Resolution
from hwb.board.store import (
    add_action, add_resolution, edit_action, edit_paper, export_business, load_business, save_business,
    stored_actions, stored_papers,
)
from hwb.errors import InputError
from hwb.store.record import Conflict, audit, open_record
from hwb.store.record import schema as t

JUNE, FEBRUARY = date(2026, 6, 15), date(2026, 2, 26)


def _review(record):
    return next(s for s in stored_actions(record) if s.action.reference.endswith("50(c)"))


def _audit(record, entity_type: str) -> list:
    with record.read() as conn:
        return list(reversed(audit.entries(conn, entity_type=entity_type)))


def test_import_reads_back_and_exports_as_the_file_was(record):
    board = demo_board()
    counts = save_business(record, board, by="test")
    assert counts == {"added": 42, "updated": 0, "unchanged": 0, "kept as edited": 0}
    assert load_business(record) == board
    assert parse_board(export_business(record), "export") == board
    stored = load_business(record)
    assert any("be requested to take place in one year's time" in r.text for r in stored.resolutions)
    assert [a.reference for a in stored.falling_due(JUNE, date(2027, 6, 15))] == ["26 February 2026, minute 50(c)"]
    assert _audit(record, "board_business")[0].action == "import"


def test_a_second_import_changes_nothing_and_refreshes_what_only_an_import_wrote(record):
    board = demo_board()
    save_business(record, board)
    versions = {s.id: s.version for s in stored_actions(record)}
    assert save_business(record, board)["unchanged"] == 42
    assert {s.id: s.version for s in stored_actions(record)} == versions
    board.actions[1] = dataclasses.replace(board.actions[1], owner="Director of Children and Family Services")
    board.papers[0].purpose = "A new purpose."
    assert save_business(record, board)["updated"] == 2
    stored = load_business(record)
    assert stored.actions[1].owner == "Director of Children and Family Services"
    assert stored.paper("6").purpose == "A new purpose."


def test_edits_in_the_web_survive_a_reimport(record):
    save_business(record, demo_board())
    review = _review(record)
    version = edit_action(record, review.id, review.version, {"status": "In progress", "owner": "Mike Sandys",
                                                             "due": date(2027, 3, 1)}, by="editor")
    assert version == review.version + 1
    paper = next(s for s in stored_papers(record) if s.paper.item == "13")
    edit_paper(record, JUNE, "13", paper.version, {"recommendations": ["Note the report."]}, by="editor")
    counts = save_business(record, demo_board(), by="demo")
    assert counts["kept as edited"] == 2 and counts["updated"] == 0
    stored = load_business(record)
    kept = next(a for a in stored.actions if a.reference.endswith("50(c)"))
    assert (kept.status, kept.owner, kept.due, kept.text) == ("In progress", "Mike Sandys", date(2027, 3, 1),
                                                              review.action.text)
    assert stored.paper("13").recommendations == ["Note the report."]
    assert stored.paper("13").purpose == demo_board().paper("13").purpose
    (row,) = _audit(record, "board_action")
    assert (row.username, row.action, row.entity_id) == ("editor", "update", str(review.id))
    assert '"Open"' in row.before_json and '"In progress"' in row.after_json
    assert [e.entity_id for e in _audit(record, "board_paper")] == ["2026-06-15/13"]


def test_a_stale_or_bad_edit_is_refused_and_writes_nothing(record):
    save_business(record, demo_board())
    review = _review(record)
    edit_action(record, review.id, review.version, {"owner": "First editor"}, by="first")
    with pytest.raises(Conflict, match="changed by first since you opened it"):
        edit_action(record, review.id, review.version, {"owner": "Second editor"}, by="second")
    with pytest.raises(InputError) as caught:
        edit_action(record, review.id, review.version + 1, {"status": "Shelved"}, by="second")
    assert caught.value.errors[0].column == "status"
    with pytest.raises(InputError):
        edit_action(record, review.id, review.version + 1, {"due": date(2025, 1, 1)}, by="second")
    with pytest.raises(LookupError):
        edit_action(record, 999_999, 1, {"owner": "x"}, by="second")
    paper = next(s for s in stored_papers(record) if s.paper.item == "6")
    with pytest.raises(Conflict):
        edit_paper(record, JUNE, "6", paper.version + 1, {"purpose": "x"}, by="second")
    with pytest.raises(LookupError):
        edit_paper(record, FEBRUARY, "6", 1, {"purpose": "x"}, by="second")
    assert _review(record).action.owner == "First editor" and _review(record).action.status == "Open"
    assert load_business(record).paper("6").purpose == demo_board().paper("6").purpose
    assert len(_audit(record, "board_action")) == 1 and _audit(record, "board_paper") == []


def test_actions_and_resolutions_entered_in_the_web(record):
    save_business(record, demo_board())
    first = add_action(record, Action("15 June 2026, minute 7", "Report back on the framework.", JUNE,
                                      due=date(2026, 9, 30)), by="editor")
    second = add_action(record, Action("15 June 2026, minute 7", "Share the plan.", JUNE), by="editor")
    assert second > first > 0
    add_resolution(record, Resolution(JUNE, "7", "Physical Activity Framework", "That it be approved."),
                   by="editor")
    with pytest.raises(InputError, match="already recorded"):
        add_resolution(record, Resolution(JUNE, "7", "Physical Activity Framework", "Again."), by="editor")
    with pytest.raises(InputError, match="no meeting"):
        add_resolution(record, Resolution(date(2026, 7, 1), "1", "Anything", "That."), by="editor")
    with pytest.raises(InputError, match="no meeting"):
        add_action(record, Action("x", "y", date(2026, 7, 1)), by="editor")
    assert save_business(record, demo_board())["unchanged"] == 42
    stored = load_business(record)
    assert [a.text for a in stored.actions[-2:]] == ["Report back on the framework.", "Share the plan."]
    assert stored.resolutions[-1].text == "That it be approved."
    assert [a.reference for a in stored.falling_due(JUNE, date(2026, 12, 31))] == ["15 June 2026, minute 7"]
    assert [e.action for e in _audit(record, "board_action")] == ["create", "create"]


def test_a_record_of_the_first_schema_is_upgraded(record_url):
    first = open_record(record_url)
    with first.write() as conn:
        conn.execute(text("DROP TABLE board_actions"))
        conn.execute(text("ALTER TABLE meeting_items DROP COLUMN imported_version"))
        conn.execute(delete(t.schema_version).where(t.schema_version.c.version == 2))
    first.close()
    upgraded = open_record(record_url, migrate_schema=False)
    try:
        assert upgraded.migrate() == [2]
        save_business(upgraded, demo_board())
        assert load_business(upgraded) == demo_board()
    finally:
        upgraded.close()


def test_the_timetable_for_decisions_is_stored_editable_and_none_when_absent(record):
    save_business(record, demo_board())
    plan = next(s for s in stored_papers(record) if s.paper.item == "9")
    assert plan.paper.timetable.startswith("The submission documentation was published on the 18th February, 2026")
    edit_paper(record, JUNE, "9", plan.version, {"timetable": "Approved on 18 May 2026."}, by="editor")
    assert load_business(record).paper("9").timetable == "Approved on 18 May 2026."
    entry = _audit(record, "board_paper")[-1]
    assert (json.loads(entry.before_json)["timetable"], json.loads(entry.after_json)["timetable"]) == (
        plan.paper.timetable, "Approved on 18 May 2026.")
    i = t.meeting_items.c
    with record.write() as conn:  # a paper stored before papers had a timetable
        row = conn.execute(select(i.item_id, i.data).where(i.kind == "paper", i.reference == "6")).one()
        conn.execute(update(t.meeting_items).where(i.item_id == row.item_id)
                     .values(data={k: v for k, v in row.data.items() if k != "timetable"}))
    assert load_business(record).paper("6").timetable == ""
    assert "timetable: ''" in export_business(record)
