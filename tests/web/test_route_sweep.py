"""A boundary-value sweep of every route: no parameter, however odd, gets a 500 (issue 13).

Valid path values are found by crawling the demo site as an admin; then every path
parameter, every query parameter and every form field gets each boundary value in turn.
"""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import quote, urlsplit

import pytest
from fastapi.testclient import TestClient

from conftest import csrf_from, sign_in

BOUNDARY = ["-1", "0", "9223372036854775808", "1e308", "nan", "x", "ä€𝄞", "A" * 1000, "../../etc/passwd",
            "=1+1", "2026-02-31"]
# Forms that once gave a 500, and the like: each sent as it is.
HOSTILE_FORMS = {
    "/strategy/sections/{section_id}/updates": [
        {"day": "1", "month": "7", "year": "99999999999", "progress": "x", "publish": "yes"},
        {"day": "99999999999999999999", "month": "7", "year": "2026", "progress": "x", "publish": "yes"},
    ],
    "/bcf/{hwb_code}/{year}/metrics": [
        {"metric": "emergency_admissions_65", "kind": "actual", "period": "2026-04", "first": v, "second": "157349"}
        for v in ("nan", "inf", "-inf", "1e308", "1e-320", "9" * 400)
    ],
    "/board/actions": [
        {"reference": "1", "text": "x", "owner": "x", "status": "open", "day": "1", "month": "1", "year": "99999999999"},
    ],
}


def app_routes() -> list[tuple[str, str, list[str], list[str]]]:
    """(method, path, query parameters, form fields) of every route the app serves."""
    from hwb.web.app import route_modules

    found = []
    for module in route_modules():
        for route in module.router.routes:
            for method in sorted(route.methods):
                found.append((method, route.path, [p.name for p in route.dependant.query_params],
                              [p.name for p in route.dependant.body_params]))
    return found


def pattern(path: str) -> re.Pattern:
    return re.compile("^" + re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(path)) + "$")


def crawl(client: TestClient, limit: int = 150) -> set[str]:
    """Paths linked from the site, breadth first from the home page."""
    seen, queue = set(), deque(["/", "/strategy", "/board", "/bcf", "/indicators", "/areas"])
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if "html" not in response.headers.get("content-type", ""):
            continue
        for href in re.findall(r'href="(/[^"#?]*)', response.text):
            if href not in seen and not href.startswith("/static"):
                queue.append(href)
    return seen


def valid_values(routes, links: set[str]) -> dict[str, str]:
    """For each path parameter name, a value that a real link uses."""
    values = {}
    for _, path, _, _ in routes:
        for link in sorted(links):
            match = pattern(path).match(link) if "{" in path else None
            for name, value in (match.groupdict() if match else {}).items():
                values.setdefault(name, value)
    return values


def parameters(path: str) -> list[str]:
    return re.findall(r"\{(\w+)\}", path)


def fill(path: str, values: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: quote(values[m.group(1)], safe=""), path)


@pytest.fixture
def admin(app):
    with TestClient(app, raise_server_exceptions=False) as client:
        sign_in(client, "admin")
        yield client


def test_no_route_answers_500_for_any_parameter(app, admin):
    routes = app_routes()
    known = valid_values(routes, crawl(admin))
    names = {name for _, path, _, _ in routes for name in parameters(path)}
    assert len(known) > len(names) / 2, f"the crawl found links for only {sorted(known)} of {sorted(names)}"
    failures = []
    writes = 0

    def check(method: str, url: str, client: TestClient, **kwargs) -> None:
        response = client.request(method, url, follow_redirects=False, **kwargs)
        if response.status_code >= 500:
            failures.append(f"{method} {url[:120]} {str(kwargs)[:160]} -> {response.status_code}")

    def writer() -> TestClient:
        """A signed-in admin from a new address (one per route), so the per-client write limit never hides a 500."""
        nonlocal writes
        writes += 1
        client = TestClient(app, client=(f"10.0.{writes // 250}.{writes % 250}", 50000), raise_server_exceptions=False)
        sign_in(client, "admin")
        return client

    visitor = TestClient(app, raise_server_exceptions=False)
    for method, path, query, fields in routes:
        base = {name: known.get(name, "x") for name in parameters(path)}
        client = writer() if method != "GET" else None
        token = csrf_from(client.get("/").text) if client else None
        for value in BOUNDARY:
            urls = [fill(path, base)] + [fill(path, {**base, name: value}) for name in base]
            for n, url in enumerate(urls):
                if method == "GET":
                    params = {name: value for name in query} if n == 0 else None
                    check("GET", url, admin, params=params)
                    check("GET", url, visitor, params=params)
                else:
                    check(method, url, client, data={**{name: value for name in fields}, "csrf_token": token})
        for form in HOSTILE_FORMS.get(path, []):
            check(method, fill(path, base), client, data={**form, "csrf_token": token})
    assert not failures, f"{len(failures)} requests got a 500:\n" + "\n".join(failures[:40])


@pytest.mark.parametrize("update_id", ["abc", "0", "9223372036854775808"])
def test_a_malformed_address_is_a_page_not_found(admin, update_id):
    response = admin.get(f"/strategy/updates/{update_id}/edit")
    assert response.status_code == 404
    assert "Page not found" in response.text and "There is no page at this address." in response.text


def test_a_malformed_form_is_a_bad_request(admin):
    token = csrf_from(admin.get("/").text)
    response = admin.post("/strategy/updates/1/publish", data={"version": "not a number", "csrf_token": token})
    assert response.status_code == 400 and "not in the form expected" in response.text
