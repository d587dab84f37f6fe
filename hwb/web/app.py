"""The FastAPI application factory for the dashboard."""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware

from hwb.web import settings
from hwb.web.access import LoginRequired
from hwb.web.auth import SESSION_HOURS
from hwb.web.cache import InvalidateOnWrite, PageCache
from hwb.web.db import Database
from hwb.web.queries.strategy import current
from hwb.web.routes import admin, areas, bcf, health, home, indicators, login, strategy
from hwb.web.security import SecurityHeaders
from hwb.web.templating import render, templates

STATIC = Path(__file__).parent / "static"
ERROR_TITLES = {
    400: "There is a problem with the request",
    401: "Sign in to continue",
    403: "You cannot do this",
    404: "Page not found",
    405: "Method not allowed",
}


def create_app(db_path: str | Path, require_login: bool = False, *, https_only: bool = False) -> FastAPI:
    """The dashboard over the store at `db_path`.

    `require_login` (or the store setting `require_login`) hides every page from
    anonymous visitors; `https_only` marks the session cookie Secure (set it
    whenever the site is served over HTTPS, e.g. behind a proxy).
    """
    db = Database(db_path)
    with db.store() as store:
        key = settings.secret_key(store)
        login_everywhere = require_login or settings.require_login(store)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        db.close()

    app = FastAPI(title="hwb dashboard", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.db = db
    app.state.cache = PageCache()
    app.state.require_login = login_everywhere
    app.add_middleware(
        SessionMiddleware, secret_key=key, session_cookie="hwb_session",
        max_age=SESSION_HOURS * 3600, same_site="lax", https_only=https_only,
    )
    app.add_middleware(SecurityHeaders)
    app.add_middleware(InvalidateOnWrite, cache=app.state.cache)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (health, login, home, areas, indicators, strategy, bcf, admin):
        app.include_router(module.router)

    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, exc: LoginRequired):
        return RedirectResponse(exc.next_url, status_code=303)

    @app.exception_handler(HTTPException)
    async def error_page(request: Request, exc: HTTPException):
        title = ERROR_TITLES.get(exc.status_code, "Sorry, there is a problem")
        return render(request, "error.html", {"title": title, "detail": exc.detail, "status": exc.status_code},
                      status_code=exc.status_code)

    return app


def warm(app: FastAPI) -> None:
    """Compile every template and load the strategy model, so the first visitors do not wait for them."""
    for name in templates.env.list_templates():
        templates.env.get_template(name)
    with app.state.db.store() as store:
        current(store)
