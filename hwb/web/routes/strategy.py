"""Strategy progress: the hierarchy, one page per section, and progress updates by editors."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse

from hwb.errors import InputError
from hwb.store.connection import Store
from hwb.strategy.store import add_progress_update
from hwb.web import audit
from hwb.web.access import can_view, require_role
from hwb.web.auth import User
from hwb.web.cache import cached
from hwb.web.csrf import check_csrf
from hwb.web.db import get_store
from hwb.web.queries import strategy as q
from hwb.web.queries.areas import get_area
from hwb.web.queries import records
from hwb.web.queries.profile import profile
from hwb.web.templating import render, render_page

router = APIRouter(dependencies=[Depends(can_view)])

MAX_TEXT = 20_000
FORM_FIELDS = ("title", "progress", "next_steps", "challenges")
EMPTY_FORM = {"day": "", "month": "", "year": "", "title": "", "progress": "", "next_steps": "", "challenges": "",
              "publish": "yes"}


def _strategy(store: Store):
    strategy = q.current(store)
    if strategy is None:
        raise HTTPException(status_code=404, detail="No strategy has been loaded into the store.")
    return strategy


@router.get("/strategy")
def overview(request: Request, store: Store = Depends(get_store), user: User | None = Depends(can_view)):
    def page() -> dict:
        strategy = _strategy(store)
        return {"strategy": strategy, "latest": q.latest_updates(store, strategy.id, include_drafts=user is not None)}

    return render_page(request, "strategy.html", ("strategy",), page)


def _section_data(store: Store, section_id: str, drafts: bool) -> dict:
    """What a section page shows to every viewer with the same role (drafts for signed-in users)."""
    strategy = _strategy(store)
    node = q.section(store, strategy.id, section_id)
    if node is None:
        raise HTTPException(status_code=404, detail=f"The strategy has no section {section_id}.")
    area = get_area(store, strategy.area_code)
    indicators = q.measured_indicators(strategy).get(section_id, [])
    rows = []
    if area and indicators:
        frame = profile(store, area["area_code"], area["area_type"])
        rows = records(frame[frame["indicator_id"].isin(indicators)])
    parent = q.section(store, strategy.id, node["parent_id"]) if node["parent_id"] else None
    return {
        "strategy": strategy, "node": node, "parent": parent, "area": area, "rows": rows,
        "missing": [i for i in indicators if i not in {r["indicator_id"] for r in rows}],
        "children": q.children(store, strategy.id, section_id),
        "measures": q.success_measures(store, strategy.id, section_id),
        "updates": q.updates(store, strategy.id, section_id, include_drafts=drafts),
        "can_update": node["kind"] in q.UPDATABLE,
    }


def _rejected(request: Request, store: Store, user: User, section_id: str, form: dict, errors: dict):
    """The section page again with the rejected form and what was wrong with it."""
    data = cached(request, ("section", section_id), lambda: _section_data(store, section_id, drafts=True))
    return render(request, "section.html", {**data, **_form(user, form, errors)}, status_code=400)


def _form(user: User | None, form: dict | None = None, errors: dict | None = None) -> dict:
    """The update form (for editors only) with its values and errors."""
    return {"can_edit": user is not None and user.has_role("editor"), "form": form or {**EMPTY_FORM, **_today()},
            "errors": errors or {}}


def _today() -> dict:
    today = date.today()
    return {"day": str(today.day), "month": str(today.month), "year": str(today.year)}


@router.get("/strategy/sections/{section_id}")
def section_page(request: Request, section_id: str, store: Store = Depends(get_store),
                 user: User | None = Depends(can_view)):
    return render_page(request, "section.html", ("section", section_id),
                       lambda: _section_data(store, section_id, drafts=user is not None), _form(user))


def _validate(form: dict) -> tuple[date | None, dict]:
    """The form's own checks (date and lengths); the strategy module checks the rest."""
    errors = {}
    try:
        on = date(int(form["year"]), int(form["month"]), int(form["day"]))
    except ValueError:
        on = None
        errors["update-day"] = "Enter a real date, for example 15 6 2026"
    for name in FORM_FIELDS:
        if len(form[name]) > MAX_TEXT:
            errors[name] = f"Keep this under {MAX_TEXT:,} characters"
    if form["publish"] not in ("yes", "no"):
        errors["publish"] = "Choose whether to publish the update now"
    return on, errors


@router.post("/strategy/sections/{section_id}/updates", dependencies=[Depends(check_csrf)])
def add_update(request: Request, section_id: str, day: str = Form(""), month: str = Form(""), year: str = Form(""),
               title: str = Form(""), progress: str = Form(""), next_steps: str = Form(""),
               challenges: str = Form(""), publish: str = Form(""), store: Store = Depends(get_store),
               user: User = Depends(require_role("editor"))):
    """Save a progress update on a commitment, action or workstream (draft unless published)."""
    strategy = _strategy(store)
    form = {"day": day.strip(), "month": month.strip(), "year": year.strip(), "title": title.strip(),
            "progress": progress.strip(), "next_steps": next_steps.strip(), "challenges": challenges.strip(),
            "publish": publish}
    on, errors = _validate(form)
    if not errors:
        try:
            add_progress_update(store, strategy.id, section_id, on, progress=form["progress"],
                                next_steps=form["next_steps"], challenges=form["challenges"], title=form["title"],
                                source=f"web: {user.username}")
        except InputError as exc:
            for e in exc.errors:
                errors[e.column if e.column in FORM_FIELDS else "progress"] = e.message
    if errors:
        return _rejected(request, store, user, section_id, form, errors)
    with store.transaction():
        (update_id,) = store.sql("SELECT max(update_id) FROM progress_updates WHERE strategy_id = ? AND target = ?",
                                 [strategy.id, section_id])[0]
        draft = form["publish"] == "no"
        if draft:
            store.sql("INSERT INTO progress_drafts (strategy_id, update_id) VALUES (?, ?)", [strategy.id, update_id])
        after = {**q.update_row(store, strategy.id, update_id), "draft": draft}
        audit.record(store, user.username, "create", "progress_update", f"{strategy.id}/{update_id}", None, after)
    return RedirectResponse(f"/strategy/sections/{section_id}#update-{update_id}", status_code=303)


@router.post("/strategy/updates/{update_id}/publish", dependencies=[Depends(check_csrf)])
def publish_update(update_id: int, store: Store = Depends(get_store), user: User = Depends(require_role("editor"))):
    """Publish a draft update so that visitors who are not signed in can read it."""
    strategy = _strategy(store)
    before = q.update_row(store, strategy.id, update_id)
    drafts = store.sql("SELECT 1 FROM progress_drafts WHERE strategy_id = ? AND update_id = ?", [strategy.id, update_id])
    if before is None or not drafts:
        raise HTTPException(status_code=404 if before is None else 400,
                            detail="There is no such update." if before is None else "This update is already published.")
    with store.transaction():
        store.sql("DELETE FROM progress_drafts WHERE strategy_id = ? AND update_id = ?", [strategy.id, update_id])
        audit.record(store, user.username, "publish", "progress_update", f"{strategy.id}/{update_id}",
                     {**before, "draft": True}, {**before, "draft": False})
    return RedirectResponse(f"/strategy/sections/{before['target']}#update-{update_id}", status_code=303)
