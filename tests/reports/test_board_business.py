"""The board's business: the June 2026 pack's minutes as printed, read with located errors."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest

from hwb.board.demo import DEMO_BOARD, demo_board
from hwb.board.loader import parse_board
from hwb.demo.load import data_dir
from hwb.errors import InputError

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_b92421ad229691ee.txt"


def _seed() -> str:
    if not SEED.exists():
        pytest.fail(f"the seed pack is needed at {SEED}")
    return " ".join(SEED.read_text("utf-8").split())


def test_every_resolution_is_printed_in_the_minutes():
    seed = _seed()
    board = demo_board()
    assert len(board.resolutions) == 18
    for r in board.resolutions:
        printed = f"- {r.part} {r.text}" if r.part else r.text  # 50(c) runs over a paragraph break
        assert printed in seed, f"minute {r.minute}{r.part} not found as printed"


def test_actions_quote_the_minutes_and_the_review_falls_due_a_year_on():
    board = demo_board()
    review = next(a for a in board.actions if a.reference.endswith("50(c)"))
    assert (review.due, review.due_note, review.owner, review.status) == (date(2027, 2, 26), "in one year's time",
                                                                          "", "Open")
    assert "reviewed in one year's time to see how effective they were" in _seed()
    assert [a.reference for a in board.falling_due(date(2026, 6, 15), date(2027, 6, 15))] == [review.reference]
    paper = board.paper("6")
    assert paper.meeting.date == date(2026, 6, 15) and paper.actions == board.actions
    assert board.actions_before(date(2026, 2, 26)) == []


def _seed_words() -> str:
    """The seed's text as a reader sees it: links without their angle brackets or targets."""
    return re.sub(r"\[([^\]]+)\]\(#\)", r"\1", _seed().replace("<http", "http").replace(">", ""))


PAPER_WORDS = ("purpose", "policy_framework", "timetable", "background", "resource_implications",
               "equality_implications")


def test_papers_take_their_words_from_the_covering_reports():
    """Every line of every paper's words, every recommendation and every officer's e-mail address
    is printed in the covering report it comes from."""
    seed = _seed_words()
    board = demo_board()
    assert sorted(p.item for p in board.papers) == ["13", "6", "8", "9"]
    for paper in board.papers:
        lines = [line.strip().removeprefix("- ") for name in PAPER_WORDS
                 for line in getattr(paper, name).splitlines() if line.strip()]
        for text in [*lines, *paper.recommendations, *(o.email for o in paper.officers)]:
            assert " ".join(text.split()) in seed, f"item {paper.item}: {text}"


def test_the_year_end_and_plan_papers_carry_their_timetables_as_printed():
    board = demo_board()
    plan, year_end = board.paper("9"), board.paper("8")
    assert plan.timetable.split("\n\n") == [
        "The submission documentation was published on the 18th February, 2026 with a deadline of submission "
        "to NHS England of the 19th May, 2026.",
        "The Better Care Fund plan 2026-27 was approved by the Chief Executive of Leicestershire County Council "
        "on 18th May, 2026 using delegated powers.",
        "The Better Care Fund Plan 2026-27 was submitted to NHSE on 19th May 2026."]
    assert year_end.timetable == "" and board.paper("6").timetable == ""
    assert year_end.title == "Better Care Fund Year End 2025-26 Performance"
    assert year_end.appendices == ["Appendix A – Year End Template 2025-26"]
    assert [o.name for o in year_end.officers] == ["Jon Wilson", "Lisa Carter"]
    assert len(year_end.recommendations) == 2 and year_end.circulation == "None"


def test_bad_board_files_name_line_and_field():
    text = DEMO_BOARD.read_text("utf-8")
    bad = text.replace("meeting_date: 2026-02-26, minute: \"49\"", "meeting_date: 2026-02-27, minute: \"49\"")
    bad = bad.replace("    due_note: in one year's time\n", "    due_note: in one year's time\n    status: Shelved\n")
    bad = bad.replace("date: 2026-06-15\n    venue", "date: 2026-06-31\n    venue")
    with pytest.raises(InputError) as caught:
        parse_board(bad, "board.yaml")
    messages = [str(e) for e in caught.value.errors]
    assert any(m.startswith("board.yaml, row ") and "meetings[1].date" in m and "2026-06-31" in m for m in messages)
    assert any("resolutions[0].meeting_date" in m and "no meeting on 2026-02-27" in m for m in messages)
    assert any("actions[0].status" in m and "unknown status 'Shelved'" in m for m in messages)
    line = next(e.row for e in caught.value.errors if e.column == "actions[0].status")
    assert bad.splitlines()[line - 1].strip() == "status: Shelved"


def test_local_programme_figures_are_printed_on_the_lines_they_cite():
    lines = SEED.read_text("utf-8").splitlines()
    with open(data_dir() / "local_kpis.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert {r["indicator_id"] for r in rows} >= {"workwell-participants-started", "warm-homes-hug2-measures",
                                                 "warm-homes-hug2-homes", "hero-home-visits"}
    for row in rows:
        line = int(re.match(r"seed 000 line (\d+)", row["source"]).group(1))
        assert re.search(rf"\b{row['value']}\b", lines[line - 1]), f"{row['indicator_id']}: not on line {line}"
