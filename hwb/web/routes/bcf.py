"""The Better Care Fund tracker: metrics plan against actual, money, rule checks, and edits by editors.

Edits reuse the BCF module's own checks (hwb.bcf.rules.within_bounds, the same
bounds `hwb bcf check` applies) and are saved with write_plan inside the same
transaction as their audit row.
"""

from __future__ import annotations

import dataclasses
import re

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse

from hwb.bcf import metrics
from hwb.bcf.model import DISCHARGE, METRICS, YES_NO, MetricPoint, Plan
from hwb.bcf.rules import run_rules, within_bounds
from hwb.bcf.store import load_plan, load_year_end, write_plan
from hwb.store.connection import Store
from hwb.web import audit, charts
from hwb.web.access import can_view, require_role
from hwb.web.auth import User
from hwb.web.cache import cached
from hwb.web.csrf import check_csrf
from hwb.web.db import get_store
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


def _plan(store: Store, hwb_code: str, year: str) -> Plan:
    try:
        return load_plan(store, hwb_code, year)
    except KeyError:
        raise HTTPException(status_code=404, detail=f"No Better Care Fund plan is stored for {hwb_code} {year}.")


def _plan_data(store: Store, hwb_code: str, year: str, anonymous: bool) -> dict:
    """What the tracker shows of one plan to every viewer with the same role."""
    plan = _plan(store, hwb_code, year)
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
        "plan": plan, "plans": q.plans(store), "sections": sections,
        "assessments": metrics.assessments(plan.metrics), "finance": records(q.finance(plan)),
        "rules": run_rules(plan), "year_end": load_year_end(store, plan.hwb_code, _previous(plan.year)),
        "cover_form": {f: getattr(plan.cover, f) for f in COVER_FIELDS},
    }


def _page(request: Request, store: Store, user: User | None, hwb_code: str, year: str):
    return render_page(request, "bcf.html", ("bcf", hwb_code, year),
                       lambda: _plan_data(store, hwb_code, year, anonymous=user is None), _forms(user))


def _rejected(request: Request, store: Store, user: User, hwb_code: str, year: str, errors: dict, **forms):
    """The plan page again with the rejected form (`cover_form` or `metric_form`) and what was wrong with it."""
    data = cached(request, ("bcf", hwb_code, year), lambda: _plan_data(store, hwb_code, year, anonymous=False))
    return render(request, "bcf.html", {**data, **_forms(user, errors=errors, **forms)}, status_code=400)


def _forms(user: User | None, *, cover_form: dict | None = None, metric_form: dict | None = None,
           errors: dict | None = None) -> dict:
    """The editing forms (for editors only); the cover form shows the saved plan unless `cover_form` is given."""
    return {
        "can_edit": user is not None and user.has_role("editor"), "metric_names": METRICS,
        **({"cover_form": cover_form} if cover_form else {}),
        "metric_form": metric_form or {"metric": "", "kind": "actual", "period": "", "first": "", "second": ""},
        "errors": errors or {}, "yes_no": YES_NO, "DISCHARGE": DISCHARGE,
    }


def _previous(year: str) -> str:
    """'2026-27' -> '2025-26'."""
    start = int(year[:4]) - 1
    return f"{start}-{(start + 1) % 100:02d}"


@router.get("/bcf")
def tracker(request: Request, store: Store = Depends(get_store), user: User | None = Depends(can_view)):
    found = cached(request, ("bcf.plans",), lambda: q.plans(store))
    if not found:
        return render(request, "bcf_empty.html")
    hwb_code, year, _ = max(found, key=lambda p: (p[1], p[0]))
    return _page(request, store, user, hwb_code, year)


@router.get("/bcf/{hwb_code}/{year}")
def plan_page(request: Request, hwb_code: str, year: str, store: Store = Depends(get_store),
              user: User | None = Depends(can_view)):
    return _page(request, store, user, hwb_code, year)


@router.get("/bcf/{hwb_code}/{year}/metrics.csv")
def metrics_csv(hwb_code: str, year: str, store: Store = Depends(get_store), user: User | None = Depends(can_view)):
    rows = protect(q.metric_rows(_plan(store, hwb_code, year)), user is None, q.COUNTS)
    return csv_response(rows, f"bcf-{hwb_code}-{year}-metrics")


@router.get("/bcf/{hwb_code}/{year}/finance.csv")
def finance_csv(hwb_code: str, year: str, store: Store = Depends(get_store)):
    return csv_response(q.finance(_plan(store, hwb_code, year)), f"bcf-{hwb_code}-{year}-finance")


def _save(store: Store, user: User, plan: Plan, entity_id: str, before, after) -> None:
    with store.transaction():
        write_plan(store, plan)
        audit.record(store, user.username, "update", "bcf_plan", entity_id, before, after)


def _bounds_error(before: Plan, after: Plan) -> str | None:
    """The bounds message when the edit breaks a bound the plan did not already break."""
    old, new = within_bounds(before)[0], within_bounds(after)[0]
    if not new.passed and (old.passed or new.message != old.message):
        return new.message
    return None


@router.post("/bcf/{hwb_code}/{year}/cover", dependencies=[Depends(check_csrf)])
def edit_cover(request: Request, hwb_code: str, year: str, signed_off: str = Form(""), delay_reason: str = Form(""),
               expected_signoff: str = Form(""), submitted_by: str = Form(""), role_and_organisation: str = Form(""),
               email: str = Form(""), phone: str = Form(""), store: Store = Depends(get_store),
               user: User = Depends(require_role("editor"))):
    """Sign-off and submission contact fields of the plan's cover sheet."""
    plan = _plan(store, hwb_code, year)
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
        return _rejected(request, store, user, hwb_code, year, errors, cover_form=form)
    _save(store, user, edited, f"{hwb_code}/{year}/cover", before, form)
    return RedirectResponse(f"/bcf/{hwb_code}/{year}#cover", status_code=303)


def _number(text: str, label: str, errors: dict, field: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        errors[field] = f"Enter {label} as a number"
        return None


@router.post("/bcf/{hwb_code}/{year}/metrics", dependencies=[Depends(check_csrf)])
def edit_metric(request: Request, hwb_code: str, year: str, metric: str = Form(""), kind: str = Form(""),
                period: str = Form(""), first: str = Form(""), second: str = Form(""),
                store: Store = Depends(get_store), user: User = Depends(require_role("editor"))):
    """Record (or correct) one month's plan or actual figure for a metric."""
    plan = _plan(store, hwb_code, year)
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
        return _rejected(request, store, user, hwb_code, year, errors, metric_form=form)
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
        return _rejected(request, store, user, hwb_code, year, errors, metric_form=form)
    _save(store, user, edited, f"{hwb_code}/{year}/metrics/{metric}/{kind}/{form['period']}",
          dataclasses.asdict(existing) if existing else None, dataclasses.asdict(point))
    return RedirectResponse(f"/bcf/{hwb_code}/{year}#metric-{metric}", status_code=303)
