"""The register page for a meeting whose minutes are not recorded yet: it says so from what the
store holds, and shows its papers' recommendations as what the board is asked to decide; the
paper form carries the timetable for decisions. On SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

import lxml.html
import pytest
from fastapi.testclient import TestClient

from hwb.board.demo import demo_board
from hwb.board.model import Meeting, Resolution
from hwb.board.store import add_resolution, load_business, save_business, stored_papers
from hwb.store.folder import StoreFolder

JUNE = date(2026, 6, 15)
NOT_YET = ("The minutes of this meeting are not recorded yet, so neither are its resolutions: the board approves "
           "a meeting's minutes at its next meeting, and the resolutions are recorded from them. Until then, the "
           "recommendations of its 4 papers below are what the board is asked to decide.")


@pytest.fixture
def folder(tmp_path, record_url):
    from hwb.web.auth import add_user

    made = StoreFolder(tmp_path / "store", record_url)
    save_business(made.record, demo_board(), by="demo")
    add_user(made.record, "editor", "editor-password-1", "editor")
    yield made
    made.close()


@pytest.fixture
def client(folder):
    from hwb.web.app import create_app

    with TestClient(create_app(folder)) as c:
        yield c


def _meeting_text(page: str, day: date) -> str:
    """The words of one meeting's part of the register."""
    text = " ".join(lxml.html.fromstring(page).text_content().split())
    start = text.index(f"Health and Wellbeing Board, {day:%-d %B %Y}")
    following = text.find("Health and Wellbeing Board, ", start + 10)
    return text[start:following if following > 0 else None]


def test_a_meeting_without_minutes_says_so_and_shows_what_the_board_is_asked_to_decide(client):
    page = client.get("/board").text
    june = _meeting_text(page, JUNE)
    assert NOT_YET in june and "No resolutions are recorded" not in june
    assert "Papers: what the board is asked to decide" in june
    assert re.search(r"Item 8: Better Care Fund Year End 2025-26 Performance\s*It is recommended that:\s*"
                     r"The performance against the Better Care Fund \(BCF\) outcome metrics", june)
    assert re.search(r"Item 9: Leicestershire Better Care Fund Plan 2026-27\s*The Health and Wellbeing Board is "
                     r"asked to:\s*Note the content of the report", june)
    february = _meeting_text(page, date(2026, 2, 26))
    assert "Minute 50(c)" in february and "not recorded yet" not in february


def test_the_message_follows_the_store_a_later_meeting_then_a_resolution(client, folder):
    later = Meeting("Health and Wellbeing Board", date(2026, 9, 24))  # test data: a later meeting
    save_business(folder.record, dataclasses.replace(load_business(folder.record), meetings=[later], agenda=[],
                                                     resolutions=[], actions=[], papers=[]), by="test")
    june = _meeting_text(client.get("/board").text, JUNE)
    assert ("No resolutions are recorded for this meeting. They are taken from its minutes, which come to the next "
            "meeting, on 24 September 2026, for approval; the recommendations its papers put to the board are "
            "below.") in june
    add_resolution(folder.record, Resolution(JUNE, "8", "Better Care Fund 2025-26 Year End.", "That <b>it</b> be "
                                             "noted."), by="editor")
    page = client.get("/board").text
    june = _meeting_text(page, JUNE)
    assert "Minute 8" in june and "No resolutions are recorded" not in june and "not recorded yet" not in june
    assert "Papers: what" not in june and "That &lt;b&gt;it&lt;/b&gt; be noted." in page


def test_the_paper_form_edits_the_timetable_for_decisions(client, folder):
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    assert client.post("/login", data={"username": "editor", "password": "editor-password-1", "next": "/",
                                       "csrf_token": token}, follow_redirects=False).status_code == 303
    stored = next(s for s in stored_papers(folder.record) if s.paper.item == "9")
    form = client.get(f"/board/papers/{stored.id}/edit").text
    assert "Timetable for decisions (optional)" in form
    assert "The submission documentation was published on the 18th February, 2026" in form
    fields = {k: "\n".join(v) if k == "recommendations" else v for k, v in dataclasses.asdict(stored.paper).items()
              if isinstance(v, (str, list)) and k not in ("officers", "appendices", "background_papers", "actions")}
    sent = {**fields, "timetable": "Approved <on> 18 May 2026.", "version": stored.version,
            "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)}
    assert client.post(f"/board/papers/{stored.id}", data=sent, follow_redirects=False).status_code == 303
    assert load_business(folder.record).paper("9", JUNE).timetable == "Approved <on> 18 May 2026."
    again = client.get(f"/board/papers/{stored.id}/edit").text
    assert "Approved &lt;on&gt; 18 May 2026." in again and "Approved <on>" not in again
