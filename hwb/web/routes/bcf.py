"""The Better Care Fund tracker: the BCF report's own sections (hwb.bcf.tracker), and edits by editors.

A plan or actual figure (a month, a quarter or 12 months to a quarter's end, with its
counting method) is checked by hwb.bcf.entry, as an imported one is, and against the same
bounds `hwb bcf check` applies; each is saved in one transaction with its audit row. A cover
edit names the values the editor saw; if someone changed them since, the editor is told and
nothing is overwritten.
"""

from __future__ import annotations

import dataclasses
import json

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse

from hwb.bcf.entry import COUNTING_METHODS, PERIODS, make_point
from hwb.bcf.figures_csv import COLUMNS as FIGURE_COLUMNS
from hwb.bcf.figures_csv import figure_rows
from hwb.bcf.metrics import SHORT_NAMES
from hwb.bcf.model import YES_NO, Plan
from hwb.bcf.rules import within_bounds
from hwb.bcf.store import edit_header, load_plan, load_year_end, previous_year, upsert_points
from hwb.bcf.tracker import COUNTS, finance_frame, metric_frame, page_sections
from hwb.store.record import Conflict, Record
from hwb.web.access import can_view, require_role
from hwb.web.auth import User
from hwb.web.cache import cached
from hwb.web.csrf import check_csrf
from hwb.web.db import get_record
from hwb.web.disclosure import protect
from hwb.web.downloads import csv_response
from hwb.web.queries import bcf as q
from hwb.web.templating import render, render_page

router = APIRouter(dependencies=[Depends(can_view)])

COVER_FIELDS = ("signed_off", "delay_reason", "expected_signoff", "submitted_by", "role_and_organisation",
                "email", "phone")
MAX_FIELD = 500


def _plan(record: Record, hwb_code: str, year: str) -> Plan:
    try:
        return load_plan(record, hwb_code, year)
    except KeyError:
        raise HTTPException(status_code=404, detail=f"No Better Care Fund plan is stored for {hwb_code} {year}.")


def _plan_data(record: Record, hwb_code: str, year: str, anonymous: bool) -> dict:
    """What the tracker shows of one plan to every viewer with the same role: the report's own sections."""
    plan = _plan(record, hwb_code, year)
    year_end = load_year_end(record, plan.hwb_code, previous_year(plan.year))
    return {
        "plan": plan, "plans": q.plans(record), "sections": page_sections(plan, year_end),
        "cover_form": {f: getattr(plan.cover, f) for f in COVER_FIELDS},
        "saved_cover": {f: getattr(plan.cover, f) for f in COVER_FIELDS},
    }


def _page(request: Request, record: Record, user: User | None, hwb_code: str, year: str):
    return render_page(request, "bcf.html", ("bcf", hwb_code, year),
                       lambda: _plan_data(record, hwb_code, year, anonymous=user is None), _forms(user))


def _rejected(request: Request, record: Record, user: User, hwb_code: str, year: str, errors: dict,
              status_code: int = 400, **forms):
    """The plan page again with the rejected form (`cover_form` or `metric_form`) and what was wrong with it."""
    data = cached(request, ("bcf", hwb_code, year), lambda: _plan_data(record, hwb_code, year, anonymous=False))
    return render(request, "bcf.html", {**data, **_forms(user, errors=errors, **forms)}, status_code=status_code)


def _forms(user: User | None, *, cover_form: dict | None = None, metric_form: dict | None = None,
           errors: dict | None = None) -> dict:
    """The editing forms (for editors only); the cover form shows the saved plan unless `cover_form` is given."""
    return {
        "can_edit": user is not None and user.has_role("editor"), "metric_names": SHORT_NAMES,
        **({"cover_form": cover_form} if cover_form else {}),
        "metric_form": metric_form or {"metric": "", "kind": "actual", "period": "", "basis": "month", "method": "",
                                       "first": "", "second": ""},
        "errors": errors or {}, "yes_no": YES_NO, "periods": PERIODS, "counting_methods": COUNTING_METHODS,
    }


@router.get("/bcf")
def tracker(request: Request, record: Record = Depends(get_record), user: User | None = Depends(can_view)):
    found = cached(request, ("bcf.plans",), lambda: q.plans(record))
    if not found:
        return render(request, "bcf_empty.html")
    hwb_code, year, _ = max(found, key=lambda p: (p[1], p[0]))
    return _page(request, record, user, hwb_code, year)


@router.get("/bcf/{hwb_code}/{year}")
def plan_page(request: Request, hwb_code: str, year: str, record: Record = Depends(get_record),
              user: User | None = Depends(can_view)):
    return _page(request, record, user, hwb_code, year)


@router.get("/bcf/{hwb_code}/{year}/metrics.csv")
def metrics_csv(hwb_code: str, year: str, record: Record = Depends(get_record), user: User | None = Depends(can_view)):
    plan = _plan(record, hwb_code, year)
    frame = metric_frame(plan, load_year_end(record, plan.hwb_code, previous_year(plan.year)))
    return csv_response(protect(frame, user is None, COUNTS), f"bcf-{hwb_code}-{year}-metrics")


@router.get("/bcf/{hwb_code}/{year}/figures.csv")
def figures_csv(hwb_code: str, year: str, record: Record = Depends(get_record),
                user: User = Depends(require_role("editor"))):
    """The plan's monthly, quarterly and 12-month figures in the layout the figures import reads (editors only)."""
    import pandas as pd

    rows = figure_rows(_plan(record, hwb_code, year).metrics)
    return csv_response(pd.DataFrame(rows, columns=FIGURE_COLUMNS), f"bcf-{hwb_code}-{year}-figures")


@router.get("/bcf/{hwb_code}/{year}/finance.csv")
def finance_csv(hwb_code: str, year: str, record: Record = Depends(get_record)):
    return csv_response(finance_frame(_plan(record, hwb_code, year)), f"bcf-{hwb_code}-{year}-finance")


def _bounds_error(before: Plan, after: Plan) -> str | None:
    """The bounds message when the edit breaks a bound the plan did not already break."""
    old, new = within_bounds(before)[0], within_bounds(after)[0]
    if not new.passed and (old.passed or new.message != old.message):
        return new.message
    return None


@router.post("/bcf/{hwb_code}/{year}/cover", dependencies=[Depends(check_csrf)])
def edit_cover(request: Request, hwb_code: str, year: str, signed_off: str = Form(""), delay_reason: str = Form(""),
               expected_signoff: str = Form(""), submitted_by: str = Form(""), role_and_organisation: str = Form(""),
               email: str = Form(""), phone: str = Form(""), opened_json: str = Form("", alias="opened"),
               record: Record = Depends(get_record),
               user: User = Depends(require_role("editor"))):
    """Sign-off and submission contact fields of the plan's cover sheet."""
    plan = _plan(record, hwb_code, year)
    try:
        opened = json.loads(opened_json) if opened_json else {}
    except ValueError:
        opened = {}
    opened = opened if isinstance(opened, dict) else {}
    given = (signed_off, delay_reason, expected_signoff, submitted_by, role_and_organisation, email, phone)
    form = {f: v.strip() for f, v in zip(COVER_FIELDS, given)}
    errors = {f: f"Keep this under {MAX_FIELD} characters" for f in COVER_FIELDS if len(form[f]) > MAX_FIELD}
    if form["signed_off"] not in (*YES_NO, ""):
        errors["signed_off"] = "Choose Yes or No"
    before = {f: getattr(plan.cover, f) for f in COVER_FIELDS}
    edited = dataclasses.replace(plan, cover=dataclasses.replace(plan.cover, **form))
    if not errors:
        problem = _bounds_error(plan, edited)
        if problem:
            errors["email" if "e-mail" in problem else "signed_off"] = problem
    if errors:
        return _rejected(request, record, user, hwb_code, year, errors, cover_form=form)
    try:
        edit_header(record, hwb_code, year, "cover", {f: opened.get(f, before[f]) for f in COVER_FIELDS}, form,
                    by=user.username)
    except Conflict as exc:
        return _rejected(request, record, user, hwb_code, year, {"signed_off": str(exc)}, status_code=409,
                         cover_form=form)
    return RedirectResponse(f"/bcf/{hwb_code}/{year}#cover", status_code=303)


@router.post("/bcf/{hwb_code}/{year}/metrics", dependencies=[Depends(check_csrf)])
def edit_metric(request: Request, hwb_code: str, year: str, metric: str = Form(""), kind: str = Form(""),
                period: str = Form(""), basis: str = Form("month"), method: str = Form(""), first: str = Form(""),
                second: str = Form(""), record: Record = Depends(get_record),
                user: User = Depends(require_role("editor"))):
    """Record (or correct) one plan or actual figure: a month, a quarter or 12 months to a quarter's end."""
    plan = _plan(record, hwb_code, year)
    form = {"metric": metric, "kind": kind, "period": period.strip(), "basis": basis, "method": method.strip(),
            "first": first.strip(), "second": second.strip()}
    point, errors = make_point(**form)
    if errors:
        return _rejected(request, record, user, hwb_code, year, errors, metric_form=form)
    key = (point.metric, point.kind, point.period, point.basis, point.method)
    edited = dataclasses.replace(plan, metrics=[p for p in plan.metrics
                                                if (p.metric, p.kind, p.period, p.basis, p.method) != key] + [point])
    problem = _bounds_error(plan, edited)
    if problem:
        return _rejected(request, record, user, hwb_code, year, {"first": problem}, metric_form=form)
    upsert_points(record, hwb_code, year, [point], by=user.username)
    return RedirectResponse(f"/bcf/{hwb_code}/{year}#metrics-plan-against-actual", status_code=303)
