"""The live board cycle: the dashboard keeps serving while analysts load data and editors save.

Each test runs `hwb serve --workers 2` over its own store, once with the record in SQLite
and once in PostgreSQL, and drives it with concurrent HTTP clients on loopback.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from conftest import HOME, PASSWORDS, build_evidence, csrf_from, fill_record, start_server
from live_tools import HWB, hwb, write_indicator_files

from hwb.store.folder import StoreFolder
from hwb.store.record import schema as t
from hwb.store.snapshot import current_generation

READER_PAGES = ["/", f"/areas/{HOME}", "/indicators", "/strategy", "/bcf", "/strategy/sections/healthy-placemaking",
                f"/areas/{HOME}/profile.csv"]
SECTION = "healthy-placemaking"


@pytest.fixture(scope="module")
def evidence_template(tmp_path_factory) -> Path:
    return build_evidence(tmp_path_factory.mktemp("live-template") / "store")


@pytest.fixture
def served(evidence_template, tmp_path, record_url):
    """A demo store served by two worker processes; yields (folder, base URL, environment for CLI commands)."""
    root = tmp_path / "store"
    shutil.copytree(evidence_template, root)
    folder = StoreFolder(root, record_url)
    fill_record(folder.record)
    env = {"HWB_DATABASE_URL": record_url, "HWB_STORE": str(root)}
    process, base = start_server(root, env, "--workers", "2")
    try:
        yield folder, base, env
    finally:
        process.terminate()
        process.wait(timeout=30)
        folder.close()


class Readers:
    """`count` clients reading pages in a loop until stopped; every failure is kept."""

    def __init__(self, base: str, count: int = 20):
        self.base, self.stop, self.failures, self.requests = base, threading.Event(), [], [0]
        self.threads = [threading.Thread(target=self._run, args=(i,)) for i in range(count)]

    def _run(self, offset: int) -> None:
        with httpx.Client(base_url=self.base, timeout=30) as client:
            i = offset
            while not self.stop.is_set():
                path = READER_PAGES[i % len(READER_PAGES)]
                i += 1
                try:
                    status = client.get(path).status_code
                    if status != 200:
                        self.failures.append(f"{status} {path}")
                except httpx.HTTPError as exc:
                    self.failures.append(f"{type(exc).__name__} {path}")
                self.requests[0] += 1

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(60)


def test_cli_commands_run_while_the_dashboard_serves(served, tmp_path):
    folder, base, env = served
    indicators, data = write_indicator_files(tmp_path, "live-cycle-test", "Live cycle test indicator (test data)",
                                             [HOME, "E92000001"], range(2019, 2025))
    workbook = tmp_path / "plan.xlsx"
    assert hwb("bcf", "export", "--db", folder.root, "--out", workbook, env=env).returncode == 0
    with Readers(base) as readers:
        time.sleep(1)
        steps = [hwb("import", "--data", data, "--indicators", indicators, env=env)]
        steps.append(hwb("build", env=env))
        built = time.monotonic()
        seen = None
        while time.monotonic() - built < 10:
            if httpx.get(f"{base}/indicators/live-cycle-test", timeout=10).status_code == 200:
                seen = time.monotonic() - built
                break
            time.sleep(0.05)
        steps.append(hwb("users", "add", "live-analyst", "--role", "viewer", "--password", "analyst-password-1", env=env))
        steps.append(hwb("bcf", "import", workbook, env=env))
        time.sleep(1)
    assert [(s.returncode, s.stderr[-300:]) for s in steps if s.returncode != 0] == []
    assert readers.failures == [] and readers.requests[0] > 100
    assert seen is not None and seen <= 2.0, f"the new indicator showed after {seen} s"
    assert "Live cycle test indicator (test data)" in httpx.get(f"{base}/indicators").text


def test_a_killed_build_leaves_the_last_results_serving(served, tmp_path):
    folder, base, env = served
    areas = [f"E9{n:07d}" for n in range(6000)]  # SYNTHETIC area codes: enough points for a build of some seconds
    indicators, data = write_indicator_files(tmp_path, "kill-test", "Kill test indicator (test data)", areas,
                                             range(2005, 2025))
    assert hwb("import", "--data", data, "--indicators", indicators, env=env).returncode == 0
    before = current_generation(folder.snapshots)
    with Readers(base, count=5) as readers:
        build = subprocess.Popen([HWB, "build"], env={**os.environ, **env}, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        time.sleep(1.5)
        assert build.poll() is None, "the build finished before it could be killed"
        build.send_signal(signal.SIGKILL)
        build.wait()
        time.sleep(1)
    assert readers.failures == []
    assert current_generation(folder.snapshots) == before
    assert httpx.get(f"{base}/indicators/kill-test").status_code == 404  # not yet published
    again = hwb("build", env=env)
    assert again.returncode == 0, again.stderr
    assert current_generation(folder.snapshots) != before


def _signed_in(base: str, username: str, password: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=60)
    page = client.get("/login")
    reply = client.post("/login", data={"username": username, "password": password, "next": "/",
                                        "csrf_token": csrf_from(page.text)})
    assert reply.status_code in (200, 303), reply.text[:300]
    return client


def test_twenty_editors_save_at_the_same_moment(served):
    folder, base, env = served
    from hwb.web.auth import add_user

    names = [f"editor{n:02d}" for n in range(20)]
    for name in names:
        add_user(folder.record, name, PASSWORDS["editor"], "editor")
    clients = [_signed_in(base, name, PASSWORDS["editor"]) for name in names]
    forms = []
    for n, client in enumerate(clients):
        if n % 2 == 0:
            csrf = csrf_from(client.get(f"/strategy/sections/{SECTION}").text)
            forms.append((f"/strategy/sections/{SECTION}/updates",
                          {"day": "1", "month": "7", "year": "2026", "progress": f"Concurrent update {n:02d}",
                           "publish": "no" if n % 4 == 0 else "yes", "csrf_token": csrf}))
        else:
            csrf = csrf_from(client.get("/bcf/E10000018/2026-27").text)
            forms.append(("/bcf/E10000018/2026-27/metrics",
                          {"metric": "emergency_admissions_65", "kind": "actual", "period": f"2026-{(n % 12) + 1:02d}",
                           "first": str(100 + n), "second": "150000", "csrf_token": csrf}))
    with folder.record.read() as conn:
        audit_before = conn.execute(select(func.count()).select_from(t.audit_log)).scalar_one()
    barrier, results, leaks = threading.Barrier(len(clients)), [None] * len(clients), []
    stop = threading.Event()

    def watch_anonymously():
        with httpx.Client(base_url=base, timeout=30) as anonymous:
            while not stop.is_set():
                page = anonymous.get(f"/strategy/sections/{SECTION}").text
                leaks.extend(n for n in range(0, 20, 4) if f"Concurrent update {n:02d}" in page)

    def save(n: int) -> None:
        url, form = forms[n]
        barrier.wait(30)
        results[n] = clients[n].post(url, data=form).status_code

    watcher = threading.Thread(target=watch_anonymously)
    watcher.start()
    threads = [threading.Thread(target=save, args=(n,)) for n in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    time.sleep(1)
    stop.set()
    watcher.join(30)
    assert results == [303] * len(clients)
    with folder.record.read() as conn:
        updates = conn.execute(select(t.progress_updates.c.progress, t.progress_updates.c.status)
                               .where(t.progress_updates.c.progress.like("Concurrent update %"))).all()
        audit_rows = conn.execute(select(t.audit_log.c.entity_type, t.audit_log.c.username)
                                  .where(t.audit_log.c.audit_id > audit_before)).all()
    assert sorted(p for p, _ in updates) == sorted(f"Concurrent update {n:02d}" for n in range(0, 20, 2))
    assert {p for p, s in updates if s == "draft"} == {f"Concurrent update {n:02d}" for n in range(0, 20, 4)}
    assert sorted(audit_rows) == sorted([("progress_update", names[n]) for n in range(0, 20, 2)]
                                        + [("bcf_plan", names[n]) for n in range(1, 20, 2)])
    plan = httpx.get(f"{base}/bcf/E10000018/2026-27/metrics.csv").text
    assert leaks == []
    for client in clients:
        client.close()
    from hwb.bcf.store import load_plan

    stored = {p.period: p.count for p in load_plan(folder.record, "E10000018", "2026-27").metrics
              if p.metric == "emergency_admissions_65" and p.kind == "actual" and p.basis == "month"}
    for n in range(1, 20, 2):
        assert stored[f"2026-{(n % 12) + 1:02d}"] in {100 + m for m in range(1, 20, 2) if m % 12 == n % 12}
    assert plan


def test_a_busy_store_is_one_line(tmp_path):
    root = tmp_path / "store"
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time\nfrom hwb.store.folder import StoreFolder\n"
                               f"s = StoreFolder({str(root)!r}).open_evidence()\nprint('held', flush=True)\n"
                               "time.sleep(30)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        busy = hwb("build", "--db", root)
    finally:
        holder.kill()
        holder.wait()
    assert busy.returncode == 3
    assert busy.stderr.count("\n") == 1 and f"in use by process {holder.pid}" in busy.stderr
    assert "Traceback" not in busy.stderr
