"""Sign in and sign out."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from hwb.store.connection import Store
from hwb.web import audit
from hwb.web.access import SESSION_KEY, current_user, safe_next
from hwb.web.auth import User, authenticate, end_session, start_session
from hwb.web.csrf import check_csrf, rotate
from hwb.web.db import get_store
from hwb.web.templating import render

router = APIRouter()


@router.get("/login")
def login_form(request: Request, next: str = "/", user: User | None = Depends(current_user)):
    return render(request, "login.html", {"next": safe_next(next), "errors": {}, "username": ""})


@router.post("/login", dependencies=[Depends(check_csrf)])
def login(request: Request, username: str = Form(""), password: str = Form(""), next: str = Form("/"),
          store: Store = Depends(get_store)):
    errors = {}
    if not username.strip():
        errors["username"] = "Enter your username"
    if not password:
        errors["password"] = "Enter your password"
    user = None if errors else authenticate(store, username.strip(), password)
    if user is None:
        errors = errors or {"username": "The username or password is not right"}
        request.state.user = None
        return render(request, "login.html", {"next": safe_next(next), "errors": errors, "username": username},
                      status_code=400)
    end_session(store, request.session.get(SESSION_KEY))
    request.session.clear()
    request.session[SESSION_KEY] = start_session(store, user)
    rotate(request)
    audit.record(store, user.username, "login", "session", user.username)
    return RedirectResponse(safe_next(next), status_code=303)


@router.get("/logout")
def logout_form(request: Request, user: User | None = Depends(current_user)):
    if user is None:
        return RedirectResponse("/", status_code=303)
    return render(request, "logout.html")


@router.post("/logout", dependencies=[Depends(check_csrf)])
def logout(request: Request, store: Store = Depends(get_store), user: User | None = Depends(current_user)):
    end_session(store, request.session.get(SESSION_KEY))
    request.session.clear()
    rotate(request)
    if user is not None:
        audit.record(store, user.username, "logout", "session", user.username)
    return RedirectResponse("/", status_code=303)
