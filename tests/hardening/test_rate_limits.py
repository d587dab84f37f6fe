"""Per-client write limits (429 with Retry-After) and a sign-in lockout that expires (issue 13)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from hwb.store.folder import StoreFolder
from hwb.store.record import schema as t
from hwb.web.auth import THROTTLE_WINDOW, add_user, authenticate, throttled
from hwb.web.rate_limit import LIMIT, WINDOW, WriteLimiter

PASSWORD = "limits-password-1"


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def folder(tmp_path):
    made = StoreFolder(tmp_path / "store", record_url=f"sqlite:///{tmp_path / 'record.sqlite'}")
    add_user(made.record, "editor", PASSWORD, "editor")
    yield made
    made.close()


@pytest.fixture
def app(folder):
    from hwb.web.app import create_app

    return create_app(folder)


def test_the_window_slides():
    clock = Clock()
    limiter = WriteLimiter(limit=3, window=10, clock=clock)
    assert [limiter.wait("a") for _ in range(3)] == [0, 0, 0]
    assert limiter.wait("a") == pytest.approx(10)
    assert limiter.wait("b") == 0
    clock.now += 4
    assert limiter.wait("a") == pytest.approx(6)
    clock.now += 6
    assert limiter.wait("a") == 0


def test_refused_posts_are_limited_and_reads_are_not(app):
    attacker = TestClient(app, client=("10.0.0.9", 4000))
    codes = [attacker.post("/healthz").status_code for _ in range(LIMIT)]
    assert set(codes) == {405}
    limited = attacker.post("/healthz")
    assert limited.status_code == 429
    assert 1 <= int(limited.headers["retry-after"]) <= WINDOW
    assert "Too many changes sent" in limited.text and "Traceback" not in limited.text
    assert attacker.post("/login", data={"username": "editor", "password": PASSWORD}).status_code == 429
    assert attacker.get("/healthz").status_code == 200
    other = TestClient(app, client=("10.0.0.10", 4000))
    assert other.post("/healthz").status_code == 405


def _login(client: TestClient, password: str) -> int:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    return client.post("/login", data={"username": "editor", "password": password, "next": "/", "csrf_token": token},
                       follow_redirects=False).status_code


def test_a_lockout_expires_and_attempts_during_it_do_not_extend_it(app, folder):
    attacker = TestClient(app, client=("10.0.0.7", 4000))
    assert [_login(attacker, "wrong-password-x") for _ in range(5)] == [400] * 5
    assert [_login(attacker, "wrong-password-x") for _ in range(5)] == [429] * 5
    assert _login(attacker, PASSWORD) == 429
    assert _login(TestClient(app, client=("10.0.0.8", 4000)), PASSWORD) == 303  # the user elsewhere signs in
    with folder.record.read() as conn:
        failures = conn.execute(select(func.count()).where(t.login_failures.c.client == "10.0.0.7")).scalar_one()
    assert failures == 5  # refused attempts are not failures, so they cannot keep the lockout going
    after = datetime.now() + THROTTLE_WINDOW + timedelta(seconds=1)
    assert not throttled(folder.record, "editor", "10.0.0.7", now=after)


def test_a_client_failing_across_names_waits_then_may_try_again(folder):
    for n in range(20):
        assert authenticate(folder.record, f"name{n}", "wrong-password-x", "10.0.0.5") is None
    assert throttled(folder.record, "editor", "10.0.0.5")
    assert not throttled(folder.record, "editor", "10.0.0.5", now=datetime.now() + THROTTLE_WINDOW + timedelta(seconds=1))
