"""CSRF protection: one random token per session, checked on every POST.

The token lives in the signed session cookie and is rendered into every form
as a hidden `csrf_token` field; a POST whose field does not match is refused
with 403 before the route runs.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import HTTPException, Request

FIELD = "csrf_token"


def csrf_token(request: Request) -> str:
    """The session's token, created on first use."""
    token = request.session.get(FIELD)
    if not token:
        token = secrets.token_urlsafe(32)
        request.session[FIELD] = token
    return token


def rotate(request: Request) -> None:
    """A fresh token (after sign-in and sign-out)."""
    request.session[FIELD] = secrets.token_urlsafe(32)


async def check_csrf(request: Request) -> None:
    """FastAPI dependency for POST routes: 403 unless the form carries the session's token."""
    expected = request.session.get(FIELD)
    form = await request.form()
    sent = form.get(FIELD)
    if not expected or not isinstance(sent, str) or not hmac.compare_digest(sent, expected):
        raise HTTPException(status_code=403, detail="The form has expired or did not come from this site. Go back, reload the page and try again.")
