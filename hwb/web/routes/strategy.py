"""Strategy progress: the hierarchy, one page per section, and progress updates by editors.

Updates are saved, edited and published row by row in the record, each in one
transaction with its audit row. An edit names the version the editor opened;
if someone saved the update since, the editor is told so and nothing is lost.
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse

from hwb.errors import InputError
from hwb.store.connection import Store
from hwb.store.record import Conflict, Record
from hwb.strategy.store import add_progress_update, edit_progress_update, update_history, update_row
from hwb.web.access import can_view, require_role
from hwb.web.auth import User
from hwb.web.cache import cached
from hwb.web.csrf import check_csrf
from hwb.web.db import get_record, get_store
from hwb.web.params import RecordId, Version
from hwb.web.queries import records
from hwb.web.queries import strategy as q
from hwb.web.queries.areas import get_area
from hwb.web.queries.profile import profile
from hwb.web.queries.results import indicator_names
from hwb.web.templating import render, render_page

router = APIRouter(dependencies=[Depends(can_view)])

MAX_TEXT = 20_000
FORM_FIELDS = ("title", "progress", "next_steps", "challenges")
EMPTY_FORM = {"day": "", "month": "", "year": "", "title": "", "progress": "", "next_steps": "", "challenges": "",
              "publish": "yes"}


def _strategy(record: Record):
    strategy = q.current(record)
    if strategy is None:
        raise HTTPException(status_code=404, detail="No strategy has been loaded into the store.")
    return strategy


@router.get("/strategy")
def overview(request: Request, record: Record = Depends(get_record), user: User | None = Depends(can_view)):
    def page() -> dict:
        strategy = _strategy(record)
        return {"strategy": strategy,
                "latest": q.latest_updates(record, strategy.id, include_drafts=user is not None)}

    return render_page(request, "strategy.html", ("strategy",), page)


def _section_data(store: Store, record: Record, section_id: str, drafts: bool) -> dict:
    """What a section page shows to every viewer with the same role (drafts for signed-in users)."""
    strategy = _strategy(record)
    node = q.section(record, strategy.id, section_id)
    if node is None:
        raise HTTPException(status_code=404, detail=f"The strategy has no section {section_id}.")
    area = get_area(store, strategy.area_code)
    indicators = q.measured_indicators(strategy).get(section_id, [])
    rows = []
    if area and indicators:
        frame = profile(store, area["area_code"], area["area_type"])
        rows = q.indicator_rows(records(frame[frame["indicator_id"].isin(indicators)]))
    parent = q.section(record, strategy.id, node["parent_id"]) if node["parent_id"] else None
    measures = q.success_measures(record, strategy.id, section_id)
    linked = sorted({*indicators, *(m["indicator_id"] for m in measures if m.get("indicator_id"))})
    return {
        "strategy": strategy, "node": node, "parent": parent, "area": area, "rows": rows,
        "missing": [i for i in indicators if i not in {r["indicator_id"] for r in rows}],
        "children": q.children(record, strategy.id, section_id),
        "measures": measures,
        "names": indicator_names(store, linked),
        "updates": q.updates(record, strategy.id, section_id, include_drafts=drafts),
        "can_update": node["kind"] in q.UPDATABLE,
    }


def _form(user: User | None, form: dict | None = None, errors: dict | None = None) -> dict:
    """The update form (for editors only) with its values and errors."""
    return {"can_edit": user is not None and user.has_role("editor"), "form": form or dict(EMPTY_FORM),
            "errors": errors or {}}


@router.get("/strategy/sections/{section_id}")
def section_page(request: Request, section_id: str, store: Store = Depends(get_store),
                 record: Record = Depends(get_record), user: User | None = Depends(can_view)):
    return render_page(request, "section.html", ("section", section_id),
                       lambda: _section_data(store, record, section_id, drafts=user is not None), _form(user))


def _read_form(day: str, month: str, year: str, title: str, progress: str, next_steps: str, challenges: str,
               publish: str) -> dict:
    return {"day": day.strip(), "month": month.strip(), "year": year.strip(), "title": title.strip(),
            "progress": progress.strip(), "next_steps": next_steps.strip(), "challenges": challenges.strip(),
            "publish": publish}


def _validate(form: dict) -> tuple[date | None, dict]:
    """The form's own checks (date and lengths); the strategy module checks the rest."""
    errors = {}
    try:
        on = date(int(form["year"]), int(form["month"]), int(form["day"]))
        if not 2000 <= on.year <= 2100:
            raise ValueError
    except (ValueError, OverflowError):
        on = None
        errors["update-day"] = "Enter a real date between 2000 and 2100, for example 15 6 2026"
    for name in FORM_FIELDS:
        if len(form[name]) > MAX_TEXT:
            errors[name] = f"Keep this under {MAX_TEXT:,} characters"
    if form["publish"] not in ("yes", "no"):
        errors["publish"] = "Choose whether to publish the update now"
    return on, errors


def _input_errors(exc: InputError) -> dict:
    return {(e.column if e.column in FORM_FIELDS else "progress"): e.message for e in exc.errors}


@router.post("/strategy/sections/{section_id}/updates", dependencies=[Depends(check_csrf)])
def add_update(request: Request, section_id: str, day: str = Form(""), month: str = Form(""), year: str = Form(""),
               title: str = Form(""), progress: str = Form(""), next_steps: str = Form(""),
               challenges: str = Form(""), publish: str = Form(""), store: Store = Depends(get_store),
               record: Record = Depends(get_record), user: User = Depends(require_role("editor"))):
    """Save a progress update on a commitment, action or workstream (draft unless published)."""
    strategy = _strategy(record)
    form = _read_form(day, month, year, title, progress, next_steps, challenges, publish)
    on, errors = _validate(form)
    if not errors:
        try:
            update_id = add_progress_update(
                record, strategy.id, section_id, on, progress=form["progress"], next_steps=form["next_steps"],
                challenges=form["challenges"], title=form["title"], source=f"Progress update by {user.username}",
                draft=form["publish"] == "no", by=user.username)
        except InputError as exc:
            errors = _input_errors(exc)
    if errors:
        data = cached(request, ("section", section_id),
                      lambda: _section_data(store, record, section_id, drafts=True))
        return render(request, "section.html", {**data, **_form(user, form, errors)}, status_code=400)
    return RedirectResponse(f"/strategy/sections/{section_id}#update-{update_id}", status_code=303)


def _update_or_404(record: Record, update_id: int) -> dict:
    with record.read() as conn:
        row = update_row(conn, update_id)
    if row is None:
        raise HTTPException(status_code=404, detail="There is no such update.")
    return row


@router.post("/strategy/updates/{update_id}/publish", dependencies=[Depends(check_csrf)])
def publish_update(update_id: RecordId, version: Version = 0, record: Record = Depends(get_record),
                   user: User = Depends(require_role("editor"))):
    """Publish a draft update so that visitors who are not signed in can read it."""
    before = _update_or_404(record, update_id)
    if before["status"] != "draft":
        raise HTTPException(status_code=400, detail="This update is already published.")
    try:
        edit_progress_update(record, update_id, version or before["version"], {"status": "published"},
                             by=user.username)
    except Conflict as exc:
        raise HTTPException(status_code=409, detail=str(exc))
    return RedirectResponse(f"/strategy/sections/{before['target']}#update-{update_id}", status_code=303)


def _edit_form(row: dict) -> dict:
    on = date.fromisoformat(row["update_date"])
    return {"day": str(on.day), "month": str(on.month), "year": str(on.year), "title": row["title"],
            "progress": row["progress"], "next_steps": row["next_steps"], "challenges": row["challenges"],
            "publish": "no" if row["status"] == "draft" else "yes", "version": row["version"]}


def _edit_page(request: Request, record: Record, row: dict, form: dict, errors: dict, status_code: int = 200,
               conflict: str | None = None):
    strategy = _strategy(record)
    node = q.section(record, strategy.id, row["target"])
    return render(request, "update_edit.html", {
        "update": row, "node": node, "form": form, "errors": errors, "conflict": conflict,
        "history": update_history(record, row["update_id"])}, status_code=status_code)


@router.get("/strategy/updates/{update_id}/edit")
def edit_update_form(request: Request, update_id: RecordId, record: Record = Depends(get_record),
                     user: User = Depends(require_role("editor"))):
    """The update in a form, with its earlier versions."""
    row = _update_or_404(record, update_id)
    return _edit_page(request, record, row, _edit_form(row), {})


@router.post("/strategy/updates/{update_id}", dependencies=[Depends(check_csrf)])
def edit_update(request: Request, update_id: RecordId, version: Version = 0, day: str = Form(""),
                month: str = Form(""), year: str = Form(""), title: str = Form(""), progress: str = Form(""),
                next_steps: str = Form(""), challenges: str = Form(""), publish: str = Form(""),
                record: Record = Depends(get_record), user: User = Depends(require_role("editor"))):
    """Save an edited update; the version it was opened at is kept in its history."""
    row = _update_or_404(record, update_id)
    form = {**_read_form(day, month, year, title, progress, next_steps, challenges, publish), "version": version}
    on, errors = _validate(form)
    if not errors:
        changes = {"update_date": on, "title": form["title"], "progress": form["progress"],
                   "next_steps": form["next_steps"], "challenges": form["challenges"],
                   "status": "draft" if form["publish"] == "no" else "published"}
        try:
            edit_progress_update(record, update_id, version, changes, by=user.username)
        except Conflict as exc:
            current = _update_or_404(record, update_id)
            return _edit_page(request, record, current, {**form, "version": current["version"]}, {},
                              status_code=409, conflict=str(exc))
        except InputError as exc:
            errors = _input_errors(exc)
    if errors:
        return _edit_page(request, record, row, form, errors, status_code=400)
    return RedirectResponse(f"/strategy/sections/{row['target']}#update-{update_id}", status_code=303)
