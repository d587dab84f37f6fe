"""The register carries every resolution of the minutes printed in the June 2026 pack, and
reminds the board what falls due, dated by its latest meeting, never by the clock."""

from __future__ import annotations

import html

import lxml.html

from conftest import csrf_from, sign_in


def _text(markup: str) -> str:
    return " ".join(lxml.html.fromstring(markup).text_content().split())


def test_every_stored_resolution_is_in_the_register(client):
    from hwb.board.demo import demo_board

    text = _text(client.get("/board").text)
    resolutions = demo_board().resolutions
    assert len(resolutions) == 18
    for r in resolutions:
        assert f"Minute {r.minute}{r.part}" in text and " ".join(r.text.split()) in text, r.minute


def test_reminders_name_the_next_action_due_and_any_overdue(client, app):
    from hwb.board.store import stored_actions

    reminders = _text(client.get("/board").text)
    assert "5 of 5 actions are open or in progress at the board's latest meeting (15 June 2026)." in reminders
    assert ("Next to fall due, on 26 February 2027 (in one year's time): Review the governance arrangements "
            "for the Operational Delivery Group") in reminders
    assert "overdue" not in reminders

    sign_in(client, "editor")
    stored = next(s for s in stored_actions(app.state.sources.record) if s.action.reference.endswith("minute 57"))
    page = client.get(f"/board/actions/{stored.id}/edit")
    form = {"reference": stored.action.reference, "text": stored.action.text, "owner": "", "day": "1", "month": "5",
            "year": "2026", "due_note": "", "status": "Open", "version": stored.version, "csrf_token": csrf_from(page.text)}
    assert client.post(f"/board/actions/{stored.id}", data=form, follow_redirects=False).status_code == 303
    reminders = html.unescape(_text(client.get("/board").text))
    assert "1 is overdue: 26 February 2026, minute 57 (due 1 May 2026)." in reminders
    assert "Next to fall due, on 26 February 2027" in reminders
