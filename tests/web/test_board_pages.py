"""The board's business in the web: the register for everyone, edits by editors only, with
version checks, audit rows, escaping, and the next pack printing what was saved."""

from __future__ import annotations

import html
import json
import re

import lxml.html
import pytest

from conftest import csrf_from, sign_in

REVIEW_RESOLUTION = ("a review of these governance arrangements be requested to take place in one year's time")
REVIEW_ACTION = "Review the governance arrangements for the Operational Delivery Group"


def html_text(markup: str) -> str:
    """The words a reader sees, whitespace collapsed."""
    return " ".join(lxml.html.fromstring(markup).text_content().split())


def audit_rows(app, entity_type: str) -> list[tuple]:
    from hwb.store.record import audit

    with app.state.sources.record.read() as conn:
        rows = audit.entries(conn, entity_type=entity_type, limit=1000)
    return [(e.username, e.action, e.entity_id, e.before_json, e.after_json) for e in reversed(rows)]


def review(app):
    """The stored one-year governance review (minute 50(c) of 26 February 2026)."""
    from hwb.board.store import stored_actions

    return next(s for s in stored_actions(app.state.sources.record) if s.action.reference.endswith("50(c)"))


def paper_id(app, item: str) -> int:
    from hwb.board.store import stored_papers

    return next(s.id for s in stored_papers(app.state.sources.record) if s.paper.item == item)


def action_form(**changes) -> dict:
    form = {"reference": "26 February 2026, minute 50(c)", "text": REVIEW_ACTION + ".", "owner": "",
            "day": "26", "month": "2", "year": "2027", "due_note": "in one year's time", "status": "Open"}
    return {**form, **changes}


def test_register_shows_the_minutes_and_actions_to_anyone(client):
    page = client.get("/board")
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert REVIEW_RESOLUTION in text
    assert "Minute 50(c)" in text and "Health and Wellbeing Board, 26 February 2026" in text
    assert REVIEW_ACTION in text and "26 February 2027 (in one year's time)" in text
    assert "Item 6: Joint Local Health & Wellbeing Strategy progress" in text
    assert "0 of 5" not in text and "5 of 5 actions are open" in text
    assert "/edit" not in text and "Add an action" not in text  # no editing for visitors
    assert 'href="/board"' in client.get("/").text
    # whole words only: the seed's own "HWBB" (the board's initials) may appear in a paper
    assert not re.search(r"\bhwb\b|\bseed\b|\.yaml", html_text(page.text), re.IGNORECASE)


def test_viewer_cannot_edit_and_anonymous_cannot_post(client, app):
    stored = review(app)
    csrf = csrf_from(client.get("/login").text)
    response = client.post(f"/board/actions/{stored.id}", data={**action_form(status="Done"), "version": "1",
                                                               "csrf_token": csrf}, follow_redirects=False)
    assert response.status_code == 401
    sign_in(client, "viewer")
    assert client.get(f"/board/actions/{stored.id}/edit").status_code == 403
    csrf = csrf_from(client.get("/board").text)
    response = client.post(f"/board/actions/{stored.id}", data={**action_form(status="Done"), "version": "1",
                                                               "csrf_token": csrf}, follow_redirects=False)
    assert response.status_code == 403
    assert audit_rows(app, "board_action") == [] and review(app).action.status == "Open"


def test_editor_changes_an_action_and_a_stale_form_is_refused(client, app):
    sign_in(client, "editor")
    stored = review(app)
    form_page = client.get(f"/board/actions/{stored.id}/edit")
    assert form_page.status_code == 200 and f'name="version" value="{stored.version}"' in form_page.text
    csrf = csrf_from(form_page.text)
    saved = client.post(f"/board/actions/{stored.id}", data={
        **action_form(owner="Mike Sandys", status="In progress"), "version": stored.version, "csrf_token": csrf},
        follow_redirects=False)
    assert saved.status_code == 303
    assert review(app).action.owner == "Mike Sandys" and review(app).version == stored.version + 1
    register = html.unescape(client.get("/board").text)
    assert "Mike Sandys" in register and "In progress" in register
    stale = client.post(f"/board/actions/{stored.id}", data={
        **action_form(status="Done"), "version": stored.version, "csrf_token": csrf})
    assert stale.status_code == 409
    assert "changed by editor since you opened it" in stale.text
    assert review(app).action.status == "In progress"
    rows = audit_rows(app, "board_action")
    assert len(rows) == 1 and rows[0][:3] == ("editor", "update", str(stored.id))
    assert json.loads(rows[0][3])["owner"] == "" and json.loads(rows[0][4])["owner"] == "Mike Sandys"


def test_bad_action_input_gets_400_and_saves_nothing(client, app):
    sign_in(client, "editor")
    stored = review(app)
    csrf = csrf_from(client.get("/board").text)
    for bad in (action_form(day="31", month="2"), action_form(status="Shelved"), action_form(text="")):
        response = client.post(f"/board/actions/{stored.id}", data={**bad, "version": stored.version,
                                                                   "csrf_token": csrf})
        assert response.status_code == 400 and "There is a problem" in response.text
    assert audit_rows(app, "board_action") == []


def test_added_action_and_resolution_are_shown_escaped(client, app):
    sign_in(client, "editor")
    csrf = csrf_from(client.get("/board/actions/new").text)
    added = client.post("/board/actions", data={
        **action_form(reference="15 June 2026, minute 7", text="<script>alert(1)</script> & report back",
                      day="", month="", year="", due_note=""), "raised_on": "2026-06-15", "csrf_token": csrf},
        follow_redirects=False)
    assert added.status_code == 303
    resolution = {"meeting_date": "2026-06-15", "minute": "7", "part": "", "item_title": "Physical Activity Framework",
                  "text": "That the <b>framework</b> be approved.", "csrf_token": csrf}
    assert client.post("/board/resolutions", data=resolution, follow_redirects=False).status_code == 303
    assert client.post("/board/resolutions", data=resolution).status_code == 400  # minute 7 is recorded
    page = client.get("/board").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; report back" in page and "<script>alert(1)" not in page
    assert "That the &lt;b&gt;framework&lt;/b&gt; be approved." in page
    assert [r[1] for r in audit_rows(app, "board_action")] == ["create"]
    assert [r[1] for r in audit_rows(app, "board_resolution")] == ["create"]


def test_edited_paper_words_and_actions_reach_the_next_pack(client, app, folder, tmp_path):
    from hwb.board.demo import demo_board
    from hwb.board.store import save_business
    from hwb.reports.pack import write_board_pack

    sign_in(client, "editor")
    item6 = paper_id(app, "6")
    page = client.get(f"/board/papers/{item6}/edit")
    assert page.status_code == 200
    version = int(page.text.split('name="version" value="')[1].split('"')[0])
    form = {"title": "Staying Healthy, Safe and Well: progress", "report_of": "Report of the Staying Healthy Partnership",
            "purpose": "To update the board.", "recommendations": "Note the progress made.\nAgree the next steps.",
            "policy_framework": "", "background": "", "resource_implications": "", "equality_implications": "",
            "circulation": "", "version": version, "csrf_token": csrf_from(page.text)}
    assert client.post(f"/board/papers/{item6}", data=form, follow_redirects=False).status_code == 303
    assert client.post(f"/board/papers/{item6}", data=form).status_code == 409
    assert save_business(folder.record, demo_board(), by="demo")["kept as edited"] == 1  # a rerun keeps the edit
    paths = write_board_pack(folder, tmp_path, formats=("html",))
    text = html_text(next(p for p in paths if "dashboard" in p.name).read_text("utf-8"))
    assert "Agree the next steps." in text and "To update the board." in text
    actions = text[text.index("Actions from previous meetings"):]
    assert REVIEW_ACTION in actions and "26 February 2027 (in one year's time)" in actions
    assert "15 June 2026" in text


@pytest.mark.parametrize("url", ["/board/actions/999999/edit", "/board/papers/999999/edit"])
def test_unknown_action_or_paper_is_404(client, url):
    sign_in(client, "editor")
    assert client.get(url).status_code == 404
