"""One source of truth: what an editor enters in the web reaches the board pack with no file
argument, and re-running `hwb demo` on the same store keeps it."""

from __future__ import annotations

import shutil
import subprocess

import docx
from typer.testing import CliRunner

from conftest import csrf_from, sign_in
from hwb.bcf.store import load_plan
from hwb.cli import app as cli
from hwb.store.record import audit
from hwb.strategy.store import progress_updates
from hwb.web.auth import list_users

STRATEGY = "leicestershire-jlhws"
SECTION = "healthy-placemaking"
PLAN = "/bcf/E10000018/2026-27"
UPDATE = "Healthy Placemaking Forum relaunched with forty partners"


def _cli(folder, *args: str):
    """Run `hwb` on this folder's store, with its record wherever the test put it."""
    env = {"HWB_DATABASE_URL": folder.record_url}
    return CliRunner().invoke(cli, [*args, "--db", str(folder.root)], env=env)


def _enter_edits(client) -> None:
    sign_in(client, "editor")
    page = f"/strategy/sections/{SECTION}"
    saved = client.post(f"{page}/updates", follow_redirects=False, data={
        "day": "1", "month": "9", "year": "2026", "title": "September", "progress": UPDATE, "publish": "yes",
        "csrf_token": csrf_from(client.get(page).text)})
    assert saved.status_code == 303, saved.text
    metric = client.post(f"{PLAN}/metrics", follow_redirects=False, data={
        "metric": "emergency_admissions_65", "kind": "actual", "period": "2026-04", "first": "2400",
        "second": "157349", "csrf_token": csrf_from(client.get(PLAN).text)})
    assert metric.status_code == 303, metric.text


def _pdf_text(path) -> str:
    assert shutil.which("pdftotext"), "poppler-utils is needed (see the README's test command)"
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_a_web_update_reaches_the_pack_and_a_demo_rerun_keeps_every_edit(folder, client, tmp_path):
    _enter_edits(client)
    client.app.state.sources.close()
    record = folder.record
    plan_before = load_plan(record, "E10000018", "2026-27")

    out = tmp_path / "pack"
    made = _cli(folder, "report", "dashboard", "--format", "html,pdf,docx", "--out", str(out))
    assert made.exit_code == 0, made.output
    stem = out / "staying-healthy-safe-and-well-dashboard"
    html_text = stem.with_suffix(".html").read_text("utf-8")
    docx_text = "\n".join(p.text for p in docx.Document(str(stem.with_suffix(".docx"))).paragraphs)
    for text in (html_text, " ".join(_pdf_text(stem.with_suffix(".pdf")).split()), docx_text):
        assert UPDATE in text
        assert "1 September 2026" in text

    users_before = list_users(record)
    with record.read() as conn:
        audit_before = audit.count(conn)
    rerun = _cli(folder, "demo", "--out", str(tmp_path / "again"))
    assert rerun.exit_code == 0, rerun.output
    assert "Kept the stored return" in rerun.output  # the edited plan is left as the editor left it, and the demo says so

    texts = [u["progress"] for u in progress_updates(record, STRATEGY, SECTION, include_drafts=True)]
    assert texts.count(UPDATE) == 1
    assert load_plan(record, "E10000018", "2026-27") == plan_before
    assert list_users(record) == users_before
    with record.read() as conn:
        assert audit.count(conn) >= audit_before
    again = (tmp_path / "again" / "staying-healthy-safe-and-well-dashboard.html").read_text("utf-8")
    assert UPDATE in again
