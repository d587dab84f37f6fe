"""Every write route: anonymous, wrong role, bad CSRF token, bad input, and success with an audit row."""

from __future__ import annotations

import json
from datetime import date

import pytest
from fastapi.testclient import TestClient

from conftest import csrf_from, sign_in

SECTION = "healthy-placemaking"
PLAN = "/bcf/E10000018/2026-27"


def _entries(app, entity_type: str | None):
    from hwb.store.record import audit

    with app.state.sources.record.read() as conn:
        return audit.entries(conn, entity_type=entity_type, limit=10_000)


class AuditSince:
    """Audit rows written since the mark (the demo store already holds its own import rows)."""

    def __init__(self, app):
        self.app = app
        self.mark()

    def mark(self) -> None:
        self.start = max((e.audit_id for e in _entries(self.app, None)), default=0)

    def __call__(self, entity_type: str) -> list[tuple]:
        return [(e.username, e.action, e.entity_id, e.before_json, e.after_json)
                for e in reversed(_entries(self.app, entity_type)) if e.audit_id > self.start]


@pytest.fixture
def audit_rows(app) -> AuditSince:
    return AuditSince(app)


def draft_update_id(app) -> int:
    """Add a draft update directly, as an editor's earlier save would have."""
    from hwb.strategy.store import add_progress_update

    return add_progress_update(app.state.sources.record, "leicestershire-jlhws", SECTION, date(2026, 7, 1),
                               progress="Draft text", draft=True)


def latest_update_id(app) -> int:
    from hwb.strategy.store import progress_updates

    return max(u["update_id"] for u in progress_updates(app.state.sources.record, "leicestershire-jlhws",
                                                    include_drafts=True))


# (name, page to take the CSRF token from, url, good form, bad form, audit entity type)
ROUTES = [
    ("progress update", f"/strategy/sections/{SECTION}", f"/strategy/sections/{SECTION}/updates",
     {"day": "1", "month": "7", "year": "2026", "title": "July", "progress": "Forum relaunched", "publish": "yes"},
     {"day": "31", "month": "2", "year": "2026", "progress": "x", "publish": "yes"}, "progress_update"),
    ("progress update without text", f"/strategy/sections/{SECTION}", f"/strategy/sections/{SECTION}/updates",
     None, {"day": "1", "month": "7", "year": "2026", "progress": "", "publish": "yes"}, "progress_update"),
    ("BCF cover", PLAN, f"{PLAN}/cover",
     {"signed_off": "No", "expected_signoff": "July 2026", "submitted_by": "A Person",
      "role_and_organisation": "Manager", "email": "a.person@example.org", "phone": "0116 000 0000"},
     {"signed_off": "Maybe", "email": "a.person@example.org"}, "bcf_plan"),
    ("BCF cover bad e-mail", PLAN, f"{PLAN}/cover", None, {"signed_off": "Yes", "email": "not-an-address"}, "bcf_plan"),
    ("BCF metric", PLAN, f"{PLAN}/metrics",
     {"metric": "emergency_admissions_65", "kind": "actual", "period": "2026-04", "first": "2400", "second": "157349"},
     {"metric": "emergency_admissions_65", "kind": "actual", "period": "April", "first": "x", "second": "157349"},
     "bcf_plan"),
    ("BCF metric out of bounds", PLAN, f"{PLAN}/metrics", None,
     {"metric": "discharge_delay", "kind": "actual", "period": "2026-04", "first": "50", "second": "900"}, "bcf_plan"),
]
GOOD = [r for r in ROUTES if r[3] is not None]


def token(client, page: str) -> str:
    return csrf_from(client.get(page).text)


@pytest.mark.parametrize("name,page,url,good,bad,entity", GOOD, ids=[r[0] for r in GOOD])
def test_anonymous_gets_401(client, app, name, page, url, good, bad, entity, audit_rows):
    csrf = token(client, "/login")
    response = client.post(url, data={**good, "csrf_token": csrf}, follow_redirects=False)
    assert response.status_code == 401
    assert audit_rows(entity) == []


@pytest.mark.parametrize("name,page,url,good,bad,entity", GOOD, ids=[r[0] for r in GOOD])
def test_viewer_gets_403(client, app, name, page, url, good, bad, entity, audit_rows):
    sign_in(client, "viewer")
    response = client.post(url, data={**good, "csrf_token": token(client, page)}, follow_redirects=False)
    assert response.status_code == 403
    assert audit_rows(entity) == []


@pytest.mark.parametrize("csrf", [None, "", "forged-token"])
@pytest.mark.parametrize("name,page,url,good,bad,entity", GOOD, ids=[r[0] for r in GOOD])
def test_bad_csrf_gets_403(client, app, name, page, url, good, bad, entity, csrf, audit_rows):
    sign_in(client, "editor")
    data = dict(good) if csrf is None else {**good, "csrf_token": csrf}
    response = client.post(url, data=data, follow_redirects=False)
    assert response.status_code == 403
    assert audit_rows(entity) == []


@pytest.mark.parametrize("name,page,url,good,bad,entity", ROUTES, ids=[r[0] for r in ROUTES])
def test_bad_input_gets_400_and_saves_nothing(client, app, name, page, url, good, bad, entity, audit_rows):
    sign_in(client, "editor")
    response = client.post(url, data={**bad, "csrf_token": token(client, page)}, follow_redirects=False)
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert audit_rows(entity) == []


@pytest.mark.parametrize("name,page,url,good,bad,entity", GOOD, ids=[r[0] for r in GOOD])
def test_editor_saves_with_audit_row(client, app, name, page, url, good, bad, entity, audit_rows):
    sign_in(client, "editor")
    response = client.post(url, data={**good, "csrf_token": token(client, page)}, follow_redirects=False)
    assert response.status_code == 303
    rows = audit_rows(entity)
    assert len(rows) == 1
    username, action, entity_id, before, after = rows[0]
    assert username == "editor"
    assert json.loads(after)
    if name == "BCF cover":
        assert json.loads(before) != json.loads(after)
    if name == "BCF metric":
        assert before is None and json.loads(after)["count"] == 2400


def test_saved_update_is_shown_and_escaped(client):
    sign_in(client, "editor")
    form = {"day": "2", "month": "7", "year": "2026", "title": "<script>alert(1)</script>",
            "progress": "Tom & Jerry <b>bold</b>", "publish": "yes", "csrf_token": token(client, f"/strategy/sections/{SECTION}")}
    client.post(f"/strategy/sections/{SECTION}/updates", data=form)
    page = client.get(f"/strategy/sections/{SECTION}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert "Tom &amp; Jerry &lt;b&gt;bold&lt;/b&gt;" in page


def test_draft_hidden_from_anonymous_until_published(client, app, audit_rows):
    sign_in(client, "editor")
    form = {"day": "3", "month": "7", "year": "2026", "progress": "Draft only for staff", "publish": "no",
            "csrf_token": token(client, f"/strategy/sections/{SECTION}")}
    assert client.post(f"/strategy/sections/{SECTION}/updates", data=form, follow_redirects=False).status_code == 303
    assert "Draft only for staff" in client.get(f"/strategy/sections/{SECTION}").text
    anonymous = TestClient(app)
    assert "Draft only for staff" not in anonymous.get(f"/strategy/sections/{SECTION}").text
    update_id = latest_update_id(app)
    publish = client.post(f"/strategy/updates/{update_id}/publish",
                          data={"csrf_token": token(client, f"/strategy/sections/{SECTION}")}, follow_redirects=False)
    assert publish.status_code == 303
    assert "Draft only for staff" in anonymous.get(f"/strategy/sections/{SECTION}").text
    actions = [row[1] for row in audit_rows("progress_update")]
    assert actions == ["create", "publish"]


def test_publish_route_rules(client, app, audit_rows):
    update_id = draft_update_id(app)
    audit_rows.mark()
    url = f"/strategy/updates/{update_id}/publish"
    assert client.post(url, data={"csrf_token": token(client, "/login")}, follow_redirects=False).status_code == 401
    sign_in(client, "viewer")
    assert client.post(url, data={"csrf_token": token(client, "/strategy")}, follow_redirects=False).status_code == 403
    client.post("/logout", data={"csrf_token": token(client, "/strategy")})
    sign_in(client, "editor")
    assert client.post(url, data={"csrf_token": "nope"}, follow_redirects=False).status_code == 403
    bad = client.post("/strategy/updates/99999/publish", data={"csrf_token": token(client, "/strategy")},
                      follow_redirects=False)
    assert bad.status_code == 404
    assert audit_rows("progress_update") == []
    ok = client.post(url, data={"csrf_token": token(client, "/strategy")}, follow_redirects=False)
    assert ok.status_code == 303
    assert [r[1] for r in audit_rows("progress_update")] == ["publish"]
    again = client.post(url, data={"csrf_token": token(client, "/strategy")}, follow_redirects=False)
    assert again.status_code == 400


def test_login_rules(client, app, audit_rows):
    page = client.get("/login")
    assert client.post("/login", data={"username": "editor", "password": "editor-password-1"},
                       follow_redirects=False).status_code == 403
    wrong = client.post("/login", data={"username": "editor", "password": "wrong", "csrf_token": csrf_from(page.text)},
                        follow_redirects=False)
    assert wrong.status_code == 400 and "not right" in wrong.text
    ok = client.post("/login", data={"username": "editor", "password": "editor-password-1", "next": "//evil.example",
                                     "csrf_token": csrf_from(page.text)}, follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"] == "/"
    cookie = ok.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert [r[1] for r in audit_rows("session")] == ["login"]


def test_logout_needs_csrf_and_ends_the_session(client):
    sign_in(client, "admin")
    assert client.get("/admin/audit").status_code == 200
    assert client.post("/logout", data={"csrf_token": "nope"}, follow_redirects=False).status_code == 403
    stolen = dict(client.cookies)
    client.post("/logout", data={"csrf_token": token(client, "/")}, follow_redirects=False)
    assert client.get("/admin/audit", follow_redirects=False).status_code == 303
    client.cookies.update(stolen)
    assert client.get("/admin/audit", follow_redirects=False).status_code == 303, "old cookie must not work after logout"
