"""The Better Care Fund tracker: metrics plan against actual, money, rule checks, and edits by editors.

Edits reuse the BCF module's own checks (hwb.bcf.rules.within_bounds, the same
bounds `hwb bcf check` applies) and are saved row by row in the record, each in
one transaction with its audit row. A cover edit names the values the editor
saw; if someone changed them since, the editor is told and nothing is overwritten.
"""

from __future__ import annotations

import dataclasses
import json
import re

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse

from hwb.bcf import metrics
from hwb.bcf.model import DISCHARGE, METRICS, YES_NO, MetricPoint, Plan
from hwb.bcf.rules import run_rules, within_bounds
from hwb.bcf.store import edit_header, load_plan, load_year_end, previous_year, upsert_item
from hwb.store.record import Conflict, Record
from hwb.web import charts
from hwb.web.access import can_view, require_role
from hwb.web.auth import User
from hwb.web.cache import cached
from hwb.web.csrf import check_csrf
from hwb.web.db import get_record
from hwb.web.disclosure import protect
from hwb.web.downloads import csv_response
from hwb.web.queries import records
from hwb.web.queries import bcf as q
from hwb.web.templating import render, render_page

router = APIRouter(dependencies=[Depends(can_view)])

COVER_FIELDS = ("signed_off", "delay_reason", "expected_signoff", "submitted_by", "role_and_organisation",
                "email", "phone")
MAX_FIELD = 500
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def _plan(record: Record, hwb_code: str, year: str) -> Plan:
    try:
        return load_plan(record, hwb_code, year)
    except KeyError:
        raise HTTPException(status_code=404, detail=f"No Better Care Fund plan is stored for {hwb_code} {year}.")


def _plan_data(record: Record, hwb_code: str, year: str, anonymous: bool) -> dict:
    """What the tracker shows of one plan to every viewer with the same role."""
    plan = _plan(record, hwb_code, year)
    rows = protect(q.metric_rows(plan), anonymous, q.COUNTS)
    sections = []
    for metric, name in METRICS.items():
        mine = rows[rows["metric"] == metric]
        if mine.empty:
            continue
        text = (f"Line chart of {name}, plan (dashed) against actual (solid) for {len(mine)} periods "
                f"from {mine['label'].iloc[0]} to {mine['label'].iloc[-1]}.")
        sections.append({"metric": metric, "name": name, "rows": records(mine), "summary": text,
                         "chart": charts.plan_vs_actual(q.chart_frame(mine), text, metrics.SHORT_NAMES[metric])})
    return {
        "plan": plan, "plans": q.plans(record), "sections": sections,
        "assessments": metrics.assessments(plan.metrics), "finance": records(q.finance(plan)),
        "rules": run_rules(plan), "year_end": load_year_end(record, plan.hwb_code, previous_year(plan.year)),
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
        "can_edit": user is not None and user.has_role("editor"), "metric_names": METRICS,
        **({"cover_form": cover_form} if cover_form else {}),
        "metric_form": metric_form or {"metric": "", "kind": "actual", "period": "", "first": "", "second": ""},
        "errors": errors or {}, "yes_no": YES_NO, "DISCHARGE": DISCHARGE,
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
    rows = protect(q.metric_rows(_plan(record, hwb_code, year)), user is None, q.COUNTS)
    return csv_response(rows, f"bcf-{hwb_code}-{year}-metrics")


@router.get("/bcf/{hwb_code}/{year}/finance.csv")
def finance_csv(hwb_code: str, year: str, record: Record = Depends(get_record)):
    return csv_response(q.finance(_plan(record, hwb_code, year)), f"bcf-{hwb_code}-{year}-finance")


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


NUMBER = re.compile(r"^-?[0-9]{1,12}(,[0-9]{3})*(\.[0-9]{1,6})?$|^-?[0-9]{1,15}(\.[0-9]{1,6})?$")


def _number(text: str, label: str, errors: dict, field: str) -> float | None:
    """A plain decimal number (thousands commas allowed); no exponents, infinities or NaN."""
    if not NUMBER.match(text) or not text.isascii():
        errors[field] = f"Enter {label} as a number, for example 1469 or 12.5"
        return None
    return float(text.replace(",", ""))


@router.post("/bcf/{hwb_code}/{year}/metrics", dependencies=[Depends(check_csrf)])
def edit_metric(request: Request, hwb_code: str, year: str, metric: str = Form(""), kind: str = Form(""),
                period: str = Form(""), first: str = Form(""), second: str = Form(""),
                record: Record = Depends(get_record), user: User = Depends(require_role("editor"))):
    """Record (or correct) one month's plan or actual figure for a metric."""
    plan = _plan(record, hwb_code, year)
    form = {"metric": metric, "kind": kind, "period": period.strip(), "first": first.strip(), "second": second.strip()}
    errors: dict[str, str] = {}
    if metric not in METRICS:
        errors["metric"] = "Choose a metric"
    if kind not in ("plan", "actual"):
        errors["kind"] = "Choose plan or actual"
    if not MONTH.match(form["period"]):
        errors["period"] = "Enter the month as YYYY-MM, for example 2026-04"
    discharge = metric == DISCHARGE
    a = _number(form["first"], "the proportion" if discharge else "the count", errors, "first")
    b = _number(form["second"], "the days" if discharge else "the population", errors, "second")
    if errors:
        return _rejected(request, record, user, hwb_code, year, errors, metric_form=form)
    values = {"proportion": a / 100, "days": b} if discharge else {"count": a, "denominator": b}
    existing = next((p for p in plan.metrics if (p.metric, p.kind, p.period, p.basis) == (metric, kind, form["period"], "month")), None)
    label = f"{metrics.period_text(form['period'], 'month')} {kind.title()}"
    point = dataclasses.replace(existing, **values, published=None) if existing else \
        MetricPoint(metric, kind, form["period"], label, "month", **values)
    edited = dataclasses.replace(plan, metrics=[point if p is existing else p for p in plan.metrics]
                                 + ([] if existing else [point]))
    problem = _bounds_error(plan, edited)
    if problem:
        errors["first"] = problem
        return _rejected(request, record, user, hwb_code, year, errors, metric_form=form)
    upsert_item(record, hwb_code, year, "metrics",
                {"metric": metric, "kind": kind, "period": form["period"], "basis": "month"}, point,
                by=user.username)
    return RedirectResponse(f"/bcf/{hwb_code}/{year}#metric-{metric}", status_code=303)
