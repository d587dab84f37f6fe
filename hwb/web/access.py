"""Who is asking, and may they: FastAPI dependencies for reading and writing.

Reading: everyone, unless the deployment requires login (then anonymous GETs
are redirected to /login). Writing: an editor or admin; an anonymous POST gets
401, a signed-in user without the role 403.
"""

from __future__ import annotations

from typing import Callable
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from hwb.store.record import Record
from hwb.web.auth import User, session_user
from hwb.web.db import get_record

SESSION_KEY = "sid"


class LoginRequired(Exception):
    """Raised for an anonymous GET of a page that needs a signed-in user."""

    def __init__(self, next_url: str):
        self.next_url = next_url


def login_url(request: Request) -> str:
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return f"/login?next={quote(here, safe='/')}"


async def current_user(request: Request, record: Record = Depends(get_record)) -> User | None:
    """The signed-in user (the record is asked only when the cookie names a session)."""
    session_id = request.session.get(SESSION_KEY)
    user = await run_in_threadpool(session_user, record, session_id) if session_id else None
    request.state.user = user
    return user


async def can_view(request: Request, user: User | None = Depends(current_user)) -> User | None:
    """Router-wide dependency: the viewer, after enforcing the require-login switch."""
    if user is None and request.app.state.require_login:
        raise LoginRequired(login_url(request))
    return user


def require_role(role: str) -> Callable[..., User]:
    """A dependency that returns the signed-in user if they hold `role` (or a higher one)."""

    def dependency(request: Request, user: User | None = Depends(current_user)) -> User:
        if user is None:
            if request.method == "GET":
                raise LoginRequired(login_url(request))
            raise HTTPException(status_code=401, detail="Sign in to make changes.")
        if not user.has_role(role):
            raise HTTPException(status_code=403, detail=f"Your account ({user.role}) cannot do this; it needs the {role} role.")
        return user

    return dependency


def safe_next(url: str | None) -> str:
    """A post-login destination on this site only (no open redirects)."""
    if url and url.startswith("/") and not url.startswith("//") and "\\" not in url:
        return url
    return "/"
