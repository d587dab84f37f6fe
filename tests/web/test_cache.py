"""The page cache: a write is seen by the next read, and no role is served another role's page."""

from __future__ import annotations

import threading

from fastapi.testclient import TestClient

from conftest import HOME, csrf_from, sign_in
from hwb.web.cache import PageCache

SECTION = "healthy-placemaking"
PLAN = "/bcf/E10000018/2026-27"


def update_form(client, progress: str, publish: str) -> dict:
    csrf = csrf_from(client.get(f"/strategy/sections/{SECTION}").text)
    return {"day": "4", "month": "7", "year": "2026", "progress": progress, "publish": publish, "csrf_token": csrf}


def test_progress_update_is_seen_by_the_next_get(client, app):
    anonymous = TestClient(app)
    assert "Cache-busting update" not in anonymous.get(f"/strategy/sections/{SECTION}").text
    assert "Cache-busting update" not in anonymous.get("/strategy").text
    sign_in(client, "editor")
    assert "Cache-busting update" not in client.get(f"/strategy/sections/{SECTION}").text
    client.post(f"/strategy/sections/{SECTION}/updates", data=update_form(client, "Cache-busting update", "yes"))
    assert "Cache-busting update" in client.get(f"/strategy/sections/{SECTION}").text
    assert "Cache-busting update" in anonymous.get(f"/strategy/sections/{SECTION}").text


def test_bcf_edit_is_seen_by_the_next_get(client, app):
    anonymous = TestClient(app)
    assert "Cache Tester" not in anonymous.get(PLAN).text
    sign_in(client, "editor")
    page = client.get(PLAN).text
    assert "Cache Tester" not in page
    form = {"signed_off": "No", "expected_signoff": "July 2026", "submitted_by": "Cache Tester",
            "role_and_organisation": "Manager", "email": "cache.tester@example.org", "phone": "0116 000 0000",
            "csrf_token": csrf_from(page)}
    assert client.post(f"{PLAN}/cover", data=form, follow_redirects=False).status_code == 303
    assert "Cache Tester" in client.get(PLAN).text
    assert "Cache Tester" in anonymous.get(PLAN).text
    assert "Cache Tester" in anonymous.get("/bcf").text


def test_anonymous_never_gets_a_signed_in_page(client, app):
    sign_in(client, "editor")
    client.post(f"/strategy/sections/{SECTION}/updates", data=update_form(client, "Staff-only draft", "no"))
    signed_in = {url: client.get(url) for url in (f"/areas/{HOME}", f"/areas/{HOME}/profile.csv",
                                                  f"/strategy/sections/{SECTION}", "/strategy")}
    assert "Staff-only draft" in signed_in[f"/strategy/sections/{SECTION}"].text
    assert "suppressed" not in signed_in[f"/areas/{HOME}/profile.csv"].text
    anonymous = TestClient(app)
    for url, theirs in signed_in.items():
        mine = anonymous.get(url)
        assert mine.status_code == 200
        assert mine.text != theirs.text, url
        assert "Sign out" not in mine.text and "Staff-only draft" not in mine.text, url
        assert "set-cookie" not in mine.headers, url
    assert "suppressed" in anonymous.get(f"/areas/{HOME}").text
    assert "suppressed" in anonymous.get(f"/areas/{HOME}/profile.csv").text


def test_signed_in_user_never_gets_the_anonymous_page(client, app):
    sign_in(client, "editor")  # first, as signing in is a write that empties the cache
    anonymous = TestClient(app)
    assert "suppressed" in anonymous.get(f"/areas/{HOME}/profile.csv").text
    assert "Sign out" not in anonymous.get(f"/areas/{HOME}").text
    assert "suppressed" not in client.get(f"/areas/{HOME}/profile.csv").text
    page = client.get(f"/areas/{HOME}").text
    assert "Sign out editor" in page and 'name="csrf_token"' in page


def test_a_new_stamp_is_computed_afresh():
    cache = PageCache()
    assert cache.get(((1, 0), "k"), lambda: 1) == 1
    assert cache.get(((1, 0), "k"), lambda: 2) == 1
    assert cache.get(((1, 1), "k"), lambda: 3) == 3


def test_refused_requests_leave_the_cache_alone(client, app):
    """Only a successful edit (an audit row) or a new snapshot moves the stamp the cache is keyed by."""
    sources = app.state.sources
    stamp = sources.stamp()
    assert client.post("/healthz").status_code == 405
    assert client.post(f"/strategy/sections/{SECTION}/updates", data={"progress": "x"}).status_code in (401, 403)
    sources.record.mark_changed()
    assert sources.stamp() == stamp
    sign_in(client, "editor")
    client.post(f"/strategy/sections/{SECTION}/updates", data=update_form(client, "Moves the stamp", "yes"))
    assert sources.stamp() != stamp


def test_concurrent_misses_compute_once():
    cache, calls, gate = PageCache(), [], threading.Event()

    def slow():
        calls.append(1)
        gate.wait(5)
        return "page"

    threads = [threading.Thread(target=cache.get, args=(("k",), slow)) for _ in range(8)]
    for t in threads:
        t.start()
    gate.set()
    for t in threads:
        t.join(5)
    assert calls == [1] and cache.get(("k",), lambda: "other") == "page"


def test_bounded():
    cache = PageCache(size=2)
    for n in range(5):
        cache.get((n,), lambda: n)
    assert cache.get((0,), lambda: "again") == "again"
