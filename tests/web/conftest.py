"""Fixtures for the web tests: a demo store with accounts, an app client per test, a live server.

Every fixture that holds a record runs once per backend: SQLite and PostgreSQL.

The store is the bundled Leicestershire demo (indicators, results, strategy, BCF
plan). The demo holds one county, so the fixture adds 15 SYNTHETIC county areas
("Synthetic county NN (test data)") as Leicestershire's neighbours, with results
near Leicestershire's, so the compare-areas, nearest-neighbour and spine charts
have something to draw. They exist only in test stores.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient


from hwb.store.folder import StoreFolder

HOME = "E10000018"
PASSWORDS = {"viewer": "viewer-password-1", "editor": "editor-password-1", "admin": "admin-password-1"}
SYNTHETIC = 15
RECORD_BACKENDS = ("sqlite", "postgresql")  # as in tests/conftest.py


def _add_synthetic_peers(store) -> None:
    rng = random.Random(5)
    (parent,) = store.sql("SELECT parent_code FROM areas WHERE area_code = ?", [HOME])[0]
    latest = store.df("SELECT * FROM results WHERE area_code = ? AND is_latest AND value IS NOT NULL", [HOME])
    labels = ["Better", "Similar", "Worse"]
    for n in range(1, SYNTHETIC + 1):
        code = f"E1999{n:04d}"
        store.sql("INSERT INTO areas (area_code, area_name, area_type, parent_code) VALUES (?, ?, 'County & UA', ?)", [code, f"Synthetic county {n:02d} (test data)", parent])
        store.sql("INSERT INTO neighbours (area_code, neighbour_code) VALUES (?, ?)", [HOME, code])
        frame = latest.copy()
        frame["area_code"] = code
        scale = frame["value"] * [rng.uniform(0.7, 1.3) for _ in range(len(frame))]
        spread = frame["upper_95"] - frame["lower_95"]
        frame["value"] = scale
        frame["lower_95"] = scale - spread.fillna(0) / 2
        frame["upper_95"] = scale + spread.fillna(0) / 2
        frame["count"] = [rng.choice([3, 40, 250]) for _ in range(len(frame))]
        frame["compared_to_england"] = [rng.choice(labels) for _ in range(len(frame))]
        frame["nn_rank"] = None
        store.insert("results", frame)
    # a small count at the home area, to exercise disclosure control
    store.sql("UPDATE results SET count = 4 WHERE area_code = ? AND is_latest AND indicator_id ="
              " (SELECT min(indicator_id) FROM results WHERE area_code = ? AND is_latest)", [HOME, HOME])


def build_evidence(root: Path) -> Path:
    """The demo's evidence, with the synthetic peers, built and published in the store folder `root`."""
    from hwb.demo.load import load_demo_indicators
    from hwb.engine.build import build

    folder = StoreFolder(root, record_url="sqlite://")
    store = folder.open_evidence()
    try:
        load_demo_indicators(store)
        build(store)
        _add_synthetic_peers(store)
        folder.publish(store)
        store.sql("CHECKPOINT")
    finally:
        store.close()
    return root


def fill_record(record) -> None:
    """The demo strategy, BCF plan and year-end, board business, and one account per role."""
    from hwb.bcf.store import load_demo as load_bcf_demo
    from hwb.board.demo import demo_board
    from hwb.board.store import save_business
    from hwb.strategy.demo import load_demo_strategy
    from hwb.web.auth import add_user

    load_demo_strategy(record)
    load_bcf_demo(record)
    save_business(record, demo_board(), by="demo")
    for role, password in PASSWORDS.items():
        add_user(record, role, password, role)


def build_store(root: Path, record_url: str | None = None) -> StoreFolder:
    """A whole demo store folder (evidence, snapshot and record) at `root`."""
    build_evidence(root)
    folder = StoreFolder(root, record_url)
    fill_record(folder.record)
    return folder


@pytest.fixture(scope="session")
def template_store(tmp_path_factory) -> Path:
    return build_evidence(tmp_path_factory.mktemp("web") / "template")


@pytest.fixture
def folder(template_store, tmp_path, record_url) -> StoreFolder:
    """A private copy of the demo store for one test, its record on each backend."""
    root = tmp_path / "store"
    shutil.copytree(template_store, root)
    made = StoreFolder(root, record_url)
    fill_record(made.record)
    yield made
    made.close()


@pytest.fixture
def app(folder):
    from hwb.web.app import create_app

    return create_app(folder)


@pytest.fixture
def client(app):
    with TestClient(app) as c:
        yield c


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def sign_in(client: TestClient, role: str) -> None:
    page = client.get("/login")
    response = client.post("/login", data={"username": role, "password": PASSWORDS[role], "next": "/",
                                           "csrf_token": csrf_from(page.text)}, follow_redirects=False)
    assert response.status_code == 303, response.text


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(root: Path, env: dict, *extra: str) -> tuple[subprocess.Popen, str]:
    """`hwb serve` in a subprocess on 127.0.0.1 and a free port; returns it and its URL once it answers."""
    port = free_port()
    hwb = Path(sys.executable).with_name("hwb")
    process = subprocess.Popen([str(hwb), "serve", "--db", str(root), "--host", "127.0.0.1", "--port", str(port),
                                *extra], env={**os.environ, "PYTHONUNBUFFERED": "1", **env})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return process, url
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            raise RuntimeError("hwb serve did not start")
        time.sleep(0.2)


@pytest.fixture(scope="session", params=RECORD_BACKENDS)
def live_server(request, tmp_path_factory, template_store):
    """`hwb serve` over its own copy of the demo store, its record on each backend."""
    root = tmp_path_factory.mktemp("live") / "store"
    shutil.copytree(template_store, root)
    url = f"sqlite:///{root / 'record.sqlite'}" if request.param == "sqlite" else \
        request.getfixturevalue("postgres_server")()
    fill_record(StoreFolder(root, url).record)
    process, base = start_server(root, {"HWB_DATABASE_URL": url})
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
