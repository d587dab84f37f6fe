"""The BCF page in a real browser (Debian's Chromium via Playwright) on a desktop and a phone.

The store holds only the record (the demo plan and year-end return, and one editor): the page
needs no evidence. Checks: every chart draws, axe finds no violations (anonymous, the editor's
forms, and the form refusing a bad quarter), nothing scrolls sideways on a 390px phone, and an
editor's quarterly figure saved through the form appears in the tables.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from hwb.bcf.store import load_demo
from hwb.store.folder import StoreFolder
from hwb.web.auth import add_user

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
AXE = Path(__file__).resolve().parents[1] / "web" / "vendor" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PLAN = "/bcf/E10000018/2026-27"
WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is needed for the browser tests (apt-get install chromium)")
    root = tmp_path_factory.mktemp("bcf-browser") / "store"
    folder = StoreFolder(root)
    load_demo(folder.record)
    add_user(folder.record, "editor", "editor-password-1", "editor")
    folder.close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    hwb = Path(sys.executable).with_name("hwb")
    process = subprocess.Popen([str(hwb), "serve", "--db", str(root), "--host", "127.0.0.1", "--port", str(port)],
                               env={**os.environ, "PYTHONUNBUFFERED": "1"}, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            pytest.fail("hwb serve did not start")
        time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


def _check(page, label: str) -> None:
    charts = page.locator("[data-chart-spec]").count()
    assert charts == 3  # emergency admissions, discharge delay, residential admissions (reablement: not reported)
    page.wait_for_function("n => document.querySelectorAll('[data-chart-ready]').length === n", arg=charts,
                           timeout=20_000)
    assert page.locator("[data-chart-spec] svg").count() == charts
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert violations == [], f"axe violations ({label}): {violations}"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"bcf-page-{label}.png"), full_page=True)


@pytest.mark.parametrize("viewport", list(WIDTHS))
def test_the_page_reads_on_a_desktop_and_a_phone(server, browser, viewport):
    context = browser.new_context(viewport={"width": WIDTHS[viewport], "height": 900}, base_url=server, bypass_csp=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(PLAN)
    _check(page, viewport)
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[viewport]
    assert errors == []
    context.close()


def test_an_editor_records_a_quarter_in_the_form(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 900}, base_url=server, bypass_csp=True)
    page = context.new_page()
    page.goto("/login")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("editor-password-1")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
    page.goto(PLAN)
    form = page.locator("form[action$='/metrics']")
    form.get_by_label("Metric").select_option("residential_admissions_65")
    form.get_by_label("12 months to the end of a quarter (a rolling total)").check()
    form.get_by_label("Last month covered").fill("2026-05")
    form.get_by_label("Counting method (residential admissions only)").select_option("CLD")
    form.get_by_label("Count (admissions", exact=False).fill("861")
    form.get_by_label("Population aged 65+", exact=False).fill("157349")
    form.get_by_role("button", name="Save figure").click()
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").is_visible()
    assert "A quarter ends in March, June, September or December" in page.content()
    _check(page, "editor-error")
    page.locator("form[action$='/metrics']").get_by_label("Last month covered").fill("2026-06")
    page.locator("form[action$='/metrics']").get_by_role("button", name="Save figure").click()
    page.wait_for_load_state()
    row = page.locator("tr", has_text="12 months to Jun 2026 (CLD)").first.inner_text()
    assert "551.6" in row and "547.2" in row  # plan 868, actual 861 per 157,349 aged 65+
    _check(page, "editor-saved")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


TO_DATE = "#metrics-plan-against-actual-table-0"


@pytest.mark.parametrize("viewport", list(WIDTHS))
def test_the_to_date_table_is_a_table_on_a_desktop_and_stacks_on_a_phone(server, browser, viewport):
    """Desktop: a real table with its header row. Phone: one block per metric and year, no sideways
    scroll, every figure labelled with its column, and no row taller than before (457 px at 390 px)."""
    context = browser.new_context(viewport={"width": WIDTHS[viewport], "height": 900}, base_url=server)
    page = context.new_page()
    page.goto(PLAN)
    table = page.locator(TO_DATE)
    shape = table.evaluate("""t => ({
        row: getComputedStyle(t.querySelector('tbody tr')).display,
        head: t.querySelector('thead').getBoundingClientRect().height,
        width: t.getBoundingClientRect().width,
        room: t.closest('.hwb-table-scroll__region').clientWidth,
        tallest: Math.max(...[...t.querySelectorAll('tbody tr')].map(r => r.getBoundingClientRect().height)),
        labels: [...t.querySelectorAll('tbody td')].filter(c => c.textContent.trim())
                  .map(c => getComputedStyle(c, '::before').content),
    })""")
    header = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    assert header[:3] == ["Metric", "Measure", "Year"]
    if viewport == "desktop":
        assert shape["row"] == "table-row" and shape["head"] > 20
        assert all(label in ("none", "normal") for label in shape["labels"])
    else:
        assert shape["row"] == "flex" and shape["head"] <= 1
        assert shape["width"] <= shape["room"] <= WIDTHS[viewport]
        assert shape["tallest"] < 420, shape["tallest"]
        assert all(label.strip('"').split(": ")[0] in header for label in shape["labels"]), shape["labels"]
        first = page.locator(f"{TO_DATE} tbody tr").first
        assert "Plan to date" in first.evaluate(
            "r => [...r.querySelectorAll('td')].map(c => getComputedStyle(c, '::before').content).join(' ')")
    context.close()
