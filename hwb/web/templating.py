"""Jinja2 environment (autoescaping on for every template), filters and the render helper."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import jinja2
import pandas as pd
from fastapi import Request
from fastapi.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from hwb.reports.palette import status_key, trend_status, trend_symbol
from hwb.web.cache import cached
from hwb.web.csrf import csrf_token
from hwb.web.disclosure import SUPPRESSED

TEMPLATES = Path(__file__).parent / "templates"

NAVIGATION = (
    ("/", "Home"),
    ("/areas", "Areas"),
    ("/indicators", "Indicators"),
    ("/strategy", "Strategy"),
    ("/bcf", "Better Care Fund"),
)


def blank(value: Any) -> bool:
    """None, NaN, NaT or pandas NA."""
    return value is None or (not isinstance(value, (str, list, dict, tuple)) and bool(pd.isna(value)))


def number(value: Any, places: int = 1) -> str:
    """1184.8 -> "1,184.8"; blanks -> ""; text (e.g. "suppressed") unchanged."""
    if isinstance(value, str):
        return value
    if blank(value):
        return ""
    return f"{float(value):,.{places}f}"


def places(row: dict) -> int:
    """Decimal places for a row's value: none for a count (1,241), else one."""
    return 0 if row.get("value_type") == "count" else 1


def money(value: Any) -> str:
    if blank(value):
        return ""
    return f"£{float(value):,.0f}"


def sig_class(label: str | None) -> str:
    """CSS classes for a significance or goal word (the fill is hwb.reports.palette's)."""
    key = status_key(label)
    return f"hwb-sig hwb-sig--{key}" if key else "hwb-sig"


def trend_class(label: str | None) -> str:
    """CSS classes for a recent-trend label: a fill only when it is getting better or worse."""
    key = trend_status(label or "")
    return f"hwb-sig hwb-sig--{key}" if key else "hwb-sig"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(number=number, money=money, sig_class=sig_class, trend_class=trend_class,
                       trend_symbol=lambda label: trend_symbol(label or ""))
    env.globals.update(blank=blank, places=places, SUPPRESSED=SUPPRESSED)
    return env


def _context(request: Request) -> dict[str, Any]:
    return {
        "user": getattr(request.state, "user", None),
        "csrf_token": lambda: csrf_token(request),
        "navigation": NAVIGATION,
        "path": request.url.path,
    }


templates = Jinja2Templates(env=_environment(), context_processors=[_context])


def render(request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200):
    return templates.TemplateResponse(request, name, context or {}, status_code=status_code)


def render_page(request: Request, name: str, key: tuple, compute: Callable[[], dict[str, Any]],
                extras: dict[str, Any] | None = None):
    """A GET page of `compute()` (cached by `key` and the viewer's role) and per-request `extras`.

    Anonymous visitors also share the rendered HTML: such a page must not touch
    the session (no CSRF token), and what it shows them must not depend on
    anything but the path and `key` (e.g. `extras` only fill forms they are not shown).
    """
    if getattr(request.state, "user", None) is not None:
        return render(request, name, {**cached(request, key, compute), **(extras or {})})
    body = cached(request, ("html", name, request.url.path, *key),
                  lambda: _shared_body(request, name, {**compute(), **(extras or {})}))
    return HTMLResponse(body)


def _shared_body(request: Request, name: str, context: dict[str, Any]) -> bytes:
    before = dict(request.session)
    body = render(request, name, context).body
    if dict(request.session) != before:
        raise RuntimeError(f"{name} uses the session, so it cannot be shared between anonymous visitors")
    return body
