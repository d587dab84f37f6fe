"""The board's business: the register of meetings, resolutions and actions, and edits by editors.

Everyone may read the register. Editors add actions and resolutions, change an action's
owner, due date and status, and a paper's words; each save is one transaction with its
audit row. An edit names the version the editor opened; if someone saved it since, the
editor is told so and their text stays in the form.
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse

from hwb.board.model import ACTION_STATUSES, Action, Resolution
from hwb.board.store import (
    PAPER_TEXTS, add_action, add_resolution, edit_action, edit_paper, load_business, stored_actions, stored_papers,
)
from hwb.errors import InputError
from hwb.reports.paper import recommendations_lead
from hwb.store.record import Conflict, Record
from hwb.web.access import can_view, require_role
from hwb.web.auth import User
from hwb.web.csrf import check_csrf
from hwb.web.db import get_record
from hwb.web.params import RecordId, Version
from hwb.web.templating import render, render_page

router = APIRouter(dependencies=[Depends(can_view)])

MAX_TEXT = 20_000
ACTION_FORM = ("reference", "text", "owner", "due_note", "status", "day", "month", "year", "raised_on")
RESOLUTION_FORM = ("meeting_date", "minute", "part", "item_title", "text")


def _register(record: Record) -> dict:
    """Meetings newest first with their agenda, papers (with how their recommendations open),
    resolutions and the next meeting recorded after each; every action, with
    reminders dated by the latest meeting (never the clock): what is overdue at it and what
    falls due next."""
    business = load_business(record)
    papers = {(s.paper.meeting.date, s.paper.item): s.id for s in stored_papers(record)}
    later = {m.date: n.date for m, n in zip(business.meetings, business.meetings[1:])}
    meetings = [{"meeting": m, "next_meeting": later.get(m.date),
                 "agenda": [a for a in business.agenda if a.meeting_date == m.date],
                 "papers": [(papers[(p.meeting.date, p.item)], p, recommendations_lead(p))
                            for p in business.papers if p.meeting.date == m.date],
                 "resolutions": [r for r in business.resolutions if r.meeting_date == m.date]}
                for m in reversed(business.meetings)]
    actions = stored_actions(record)
    as_at = max((m.date for m in business.meetings), default=None)
    live = [s for s in actions if s.action.status in ("Open", "In progress") and s.action.due is not None]
    overdue = sorted((s for s in live if as_at and s.action.due < as_at), key=lambda s: s.action.due)
    coming = sorted((s for s in live if not as_at or s.action.due >= as_at), key=lambda s: s.action.due)
    return {"meetings": meetings, "actions": actions, "as_at": as_at, "overdue": overdue,
            "next_due": coming[0] if coming else None}


def _can_edit(user: User | None) -> bool:
    return user is not None and user.has_role("editor")


@router.get("/board")
def register(request: Request, record: Record = Depends(get_record), user: User | None = Depends(can_view)):
    return render_page(request, "board.html", ("board",), lambda: _register(record), {"can_edit": _can_edit(user)})


def _too_long(form: dict) -> dict:
    return {k: f"Keep this under {MAX_TEXT:,} characters" for k, v in form.items() if len(v) > MAX_TEXT}


def _due(form: dict) -> tuple[date | None, dict]:
    """The due date from day, month and year (all blank: no date)."""
    parts = [form["day"], form["month"], form["year"]]
    if not any(parts):
        return None, {}
    try:
        due = date(int(form["year"]), int(form["month"]), int(form["day"]))
        if 2000 <= due.year <= 2100:
            return due, {}
    except (ValueError, OverflowError):
        pass
    return None, {"due-day": "Enter a real date between 2000 and 2100, for example 26 2 2027, or leave it blank"}


def _field_errors(exc: InputError) -> dict:
    return {("due-day" if e.column == "due" else e.column or "text"): e.message for e in exc.errors}


def _meeting_dates(record: Record) -> list[date]:
    return [m.date for m in reversed(load_business(record).meetings)]


def _action_page(request: Request, record: Record, form: dict, errors: dict, *, stored=None, status_code=200,
                 conflict: str | None = None):
    return render(request, "board_action.html", {
        "stored": stored, "form": form, "errors": errors, "conflict": conflict, "statuses": ACTION_STATUSES,
        "meeting_dates": _meeting_dates(record)}, status_code=status_code)


def _action_form(**values: str) -> dict:
    return {name: values.get(name, "").strip() for name in ACTION_FORM}


def _form_of(action: Action) -> dict:
    due = action.due
    return _action_form(reference=action.reference, text=action.text, owner=action.owner, due_note=action.due_note,
                        status=action.status, day=str(due.day) if due else "", month=str(due.month) if due else "",
                        year=str(due.year) if due else "",
                        raised_on=action.raised_on.isoformat() if action.raised_on else "")


def _stored_action(record: Record, action_id: int):
    found = next((s for s in stored_actions(record) if s.id == action_id), None)
    if found is None:
        raise HTTPException(status_code=404, detail="There is no such action.")
    return found


@router.get("/board/actions/new")
def new_action_form(request: Request, record: Record = Depends(get_record),
                    user: User = Depends(require_role("editor"))):
    return _action_page(request, record, _action_form(status="Open"), {})


@router.post("/board/actions", dependencies=[Depends(check_csrf)])
def create_action(request: Request, reference: str = Form(""), text: str = Form(""), owner: str = Form(""),
                  due_note: str = Form(""), status: str = Form(""), day: str = Form(""), month: str = Form(""),
                  year: str = Form(""), raised_on: str = Form(""), record: Record = Depends(get_record),
                  user: User = Depends(require_role("editor"))):
    """Record an action the board asked for."""
    form = _action_form(reference=reference, text=text, owner=owner, due_note=due_note, status=status, day=day,
                        month=month, year=year, raised_on=raised_on)
    due, errors = _due(form)
    errors |= _too_long(form)
    meeting = next((d for d in _meeting_dates(record) if d.isoformat() == form["raised_on"]), None)
    if not errors:
        try:
            action_id = add_action(record, Action(form["reference"], form["text"], meeting, form["owner"], due,
                                                  form["status"], form["due_note"]), by=user.username)
            return RedirectResponse(f"/board#action-{action_id}", status_code=303)
        except InputError as exc:
            errors = _field_errors(exc)
    return _action_page(request, record, form, errors, status_code=400)


@router.get("/board/actions/{action_id}/edit")
def edit_action_form(request: Request, action_id: RecordId, record: Record = Depends(get_record),
                     user: User = Depends(require_role("editor"))):
    stored = _stored_action(record, action_id)
    return _action_page(request, record, {**_form_of(stored.action), "version": stored.version}, {}, stored=stored)


@router.post("/board/actions/{action_id}", dependencies=[Depends(check_csrf)])
def save_action(request: Request, action_id: RecordId, version: Version = 0, reference: str = Form(""),
                text: str = Form(""), owner: str = Form(""), due_note: str = Form(""), status: str = Form(""),
                day: str = Form(""), month: str = Form(""), year: str = Form(""),
                record: Record = Depends(get_record), user: User = Depends(require_role("editor"))):
    """Save an action's owner, due date, status or words, if nobody changed it since it was opened."""
    stored = _stored_action(record, action_id)
    form = {**_action_form(reference=reference, text=text, owner=owner, due_note=due_note, status=status, day=day,
                           month=month, year=year), "version": version}
    due, errors = _due(form)
    errors |= _too_long({k: v for k, v in form.items() if k != "version"})
    if not errors:
        changes = {k: form[k] for k in ("reference", "text", "owner", "due_note", "status")} | {"due": due}
        try:
            edit_action(record, action_id, version, changes, by=user.username)
            return RedirectResponse(f"/board#action-{action_id}", status_code=303)
        except Conflict as exc:
            current = _stored_action(record, action_id)
            return _action_page(request, record, {**form, "version": current.version}, {}, stored=current,
                                status_code=409, conflict=str(exc))
        except InputError as exc:
            errors = _field_errors(exc)
    return _action_page(request, record, form, errors, stored=stored, status_code=400)


def _stored_paper(record: Record, paper_id: int):
    found = next((s for s in stored_papers(record) if s.id == paper_id), None)
    if found is None:
        raise HTTPException(status_code=404, detail="There is no such paper.")
    return found


def _paper_form(paper) -> dict:
    return {k: "\n".join(paper.recommendations) if k == "recommendations" else getattr(paper, k)
            for k in PAPER_TEXTS}


def _paper_page(request: Request, stored, form: dict, errors: dict, status_code=200, conflict: str | None = None):
    return render(request, "board_paper.html", {"stored": stored, "form": form, "errors": errors,
                                                "conflict": conflict}, status_code=status_code)


@router.get("/board/papers/{paper_id}/edit")
def edit_paper_form(request: Request, paper_id: RecordId, record: Record = Depends(get_record),
                    user: User = Depends(require_role("editor"))):
    stored = _stored_paper(record, paper_id)
    return _paper_page(request, stored, {**_paper_form(stored.paper), "version": stored.version}, {})


@router.post("/board/papers/{paper_id}", dependencies=[Depends(check_csrf)])
def save_paper(request: Request, paper_id: RecordId, version: Version = 0, title: str = Form(""),
               report_of: str = Form(""), purpose: str = Form(""), recommendations: str = Form(""),
               policy_framework: str = Form(""), timetable: str = Form(""), background: str = Form(""),
               resource_implications: str = Form(""), equality_implications: str = Form(""), circulation: str = Form(""),
               record: Record = Depends(get_record), user: User = Depends(require_role("editor"))):
    """Save a paper's words (purpose, recommendations, background ...) for the next pack."""
    stored = _stored_paper(record, paper_id)
    sent = dict(title=title, report_of=report_of, purpose=purpose, recommendations=recommendations,
                policy_framework=policy_framework, timetable=timetable, background=background,
                resource_implications=resource_implications, equality_implications=equality_implications,
                circulation=circulation)
    form = {k: sent[k].strip() for k in PAPER_TEXTS}
    errors = _too_long(form)
    if not form["title"]:
        errors["title"] = "Enter the paper's title"
    form["version"] = version
    if not errors:
        lines = [line.strip() for line in form["recommendations"].splitlines() if line.strip()]
        changes = {**{k: form[k] for k in PAPER_TEXTS}, "recommendations": lines}
        try:
            edit_paper(record, stored.paper.meeting.date, stored.paper.item, version, changes, by=user.username)
            return RedirectResponse(f"/board#paper-{paper_id}", status_code=303)
        except Conflict as exc:
            current = _stored_paper(record, paper_id)
            return _paper_page(request, current, {**form, "version": current.version}, {}, 409, str(exc))
    return _paper_page(request, stored, form, errors, 400)


@router.get("/board/resolutions/new")
def new_resolution_form(request: Request, record: Record = Depends(get_record),
                        user: User = Depends(require_role("editor"))):
    return render(request, "board_resolution.html", {"form": dict.fromkeys(RESOLUTION_FORM, ""), "errors": {},
                                                     "meeting_dates": _meeting_dates(record)})


@router.post("/board/resolutions", dependencies=[Depends(check_csrf)])
def create_resolution(request: Request, meeting_date: str = Form(""), minute: str = Form(""), part: str = Form(""),
                      item_title: str = Form(""), text: str = Form(""), record: Record = Depends(get_record),
                      user: User = Depends(require_role("editor"))):
    """Record a resolution as the minutes print it."""
    form = {"meeting_date": meeting_date, "minute": minute.strip(), "part": part.strip(),
            "item_title": item_title.strip(), "text": text.strip()}
    errors = _too_long(form)
    meeting = next((d for d in _meeting_dates(record) if d.isoformat() == meeting_date), None)
    if meeting is None:
        errors["meeting_date"] = "Choose the meeting whose minutes record the resolution"
    if not errors:
        try:
            add_resolution(record, Resolution(meeting, form["minute"], form["item_title"], form["text"],
                                              form["part"]), by=user.username)
            return RedirectResponse(f"/board#meeting-{meeting.isoformat()}", status_code=303)
        except InputError as exc:
            errors = _field_errors(exc)
    return render(request, "board_resolution.html", {"form": form, "errors": errors,
                                                     "meeting_dates": _meeting_dates(record)}, status_code=400)
