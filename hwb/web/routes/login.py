"""Sign in and sign out."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from hwb.store.record import Record
from hwb.web.access import SESSION_KEY, current_user, safe_next
from hwb.web.auth import User, authenticate, end_session, start_session, throttled
from hwb.web.csrf import check_csrf, rotate
from hwb.web.db import get_record
from hwb.web.templating import render

router = APIRouter()


@router.get("/login")
def login_form(request: Request, next: str = "/", user: User | None = Depends(current_user)):
    return render(request, "login.html", {"next": safe_next(next), "errors": {}, "username": ""})


@router.post("/login", dependencies=[Depends(check_csrf)])
def login(request: Request, username: str = Form(""), password: str = Form(""), next: str = Form("/"),
          record: Record = Depends(get_record)):
    errors = {}
    name = username.strip()[:200]
    client = request.client.host if request.client else ""
    if not name:
        errors["username"] = "Enter your username"
    if not password:
        errors["password"] = "Enter your password"
    if not errors and throttled(record, name, client):
        request.state.user = None
        errors = {"username": "Too many failed attempts to sign in. Wait 15 minutes, then try again."}
        return render(request, "login.html", {"next": safe_next(next), "errors": errors, "username": username},
                      status_code=429)
    user = None if errors else authenticate(record, name, password[:1000], client)
    if user is None:
        errors = errors or {"username": "The username or password is not right"}
        request.state.user = None
        return render(request, "login.html", {"next": safe_next(next), "errors": errors, "username": username},
                      status_code=400)
    end_session(record, request.session.get(SESSION_KEY))
    request.session.clear()
    request.session[SESSION_KEY] = start_session(record, user)
    rotate(request)
    return RedirectResponse(safe_next(next), status_code=303)


@router.get("/logout")
def logout_form(request: Request, user: User | None = Depends(current_user)):
    if user is None:
        return RedirectResponse("/", status_code=303)
    return render(request, "logout.html")


@router.post("/logout", dependencies=[Depends(check_csrf)])
def logout(request: Request, record: Record = Depends(get_record), user: User | None = Depends(current_user)):
    end_session(record, request.session.get(SESSION_KEY), user)
    request.session.clear()
    rotate(request)
    return RedirectResponse("/", status_code=303)
