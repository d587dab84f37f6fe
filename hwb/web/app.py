"""The FastAPI application factory for the dashboard."""

from __future__ import annotations

import importlib
import os
import pkgutil
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware

from hwb.web import settings
from hwb.web.access import LoginRequired
from hwb.web.auth import SESSION_HOURS
from hwb.store.folder import StoreFolder
from hwb.web.cache import PageCache
from hwb.web.db import Sources
from hwb.web.queries.strategy import current
from hwb.web import routes
from hwb.web.rate_limit import RateLimit
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


# How `hwb serve --workers N` hands its options to each worker process.
ENV_STORE, ENV_LOGIN, ENV_HTTPS = "HWB_SERVE_STORE", "HWB_SERVE_REQUIRE_LOGIN", "HWB_SERVE_HTTPS_ONLY"


# Route modules in the order their paths must be tried; any other module in hwb/web/routes
# with a `router` follows, by name.
ROUTE_ORDER = ("health", "login", "home", "areas", "indicators", "strategy", "bcf", "admin")


def route_modules() -> list:
    names = [*ROUTE_ORDER, *sorted(m.name for m in pkgutil.iter_modules(routes.__path__) if m.name not in ROUTE_ORDER)]
    modules = [importlib.import_module(f"hwb.web.routes.{name}") for name in names]
    return [m for m in modules if hasattr(m, "router")]


def create_app(store: str | Path | StoreFolder, require_login: bool = False, *, https_only: bool = False) -> FastAPI:
    """The dashboard over the store folder `store`.

    `require_login` (or the store setting `require_login`) hides every page from
    anonymous visitors; `https_only` marks the session cookie Secure (set it
    whenever the site is served over HTTPS, e.g. behind a proxy).
    """
    sources = Sources(store if isinstance(store, StoreFolder) else StoreFolder(store))
    key = settings.secret_key(sources.record)
    login_everywhere = require_login or settings.require_login(sources.record)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        sources.close()

    app = FastAPI(title="Health and Wellbeing Board dashboard", docs_url=None, redoc_url=None, openapi_url=None,
                  lifespan=lifespan)
    app.state.sources = sources
    app.state.cache = PageCache()
    app.state.require_login = login_everywhere
    app.add_middleware(
        SessionMiddleware, secret_key=key, session_cookie="hwb_session",
        max_age=SESSION_HOURS * 3600, same_site="lax", https_only=https_only,
    )
    app.add_middleware(RateLimit)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in route_modules():
        app.include_router(module.router)

    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, exc: LoginRequired):
        return RedirectResponse(exc.next_url, status_code=303)

    @app.exception_handler(HTTPException)
    async def error_page(request: Request, exc: HTTPException):
        title = ERROR_TITLES.get(exc.status_code, "Sorry, there is a problem")
        return render(request, "error.html", {"title": title, "detail": exc.detail, "status": exc.status_code},
                      status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError):
        """A malformed address is a page that does not exist; a malformed form or query, a bad request."""
        in_path = any(error.get("loc", ("",))[0] == "path" for error in exc.errors())
        status = 404 if in_path else 400
        detail = ("There is no page at this address." if in_path
                  else "Part of the request is not in the form expected. Go back and try again.")
        return render(request, "error.html", {"title": ERROR_TITLES[status], "detail": detail, "status": status},
                      status_code=status)

    return app


def app_from_env() -> FastAPI:
    """The app of one `hwb serve --workers N` worker, configured by its parent's environment."""
    app = create_app(os.environ[ENV_STORE], os.environ.get(ENV_LOGIN) == "1",
                     https_only=os.environ.get(ENV_HTTPS) == "1")
    warm(app)
    return app


def warm(app: FastAPI) -> None:
    """Compile every template and load the strategy model, so the first visitors do not wait for them."""
    for name in templates.env.list_templates():
        templates.env.get_template(name)
    current(app.state.sources.record)
