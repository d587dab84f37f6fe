"""Real-browser tests: Playwright driving Debian's Chromium against `hwb serve` on loopback.

Every page is opened on a desktop and a 375px phone viewport, its charts must
draw, axe-core must report no violations, no request may leave 127.0.0.1, and a
screenshot goes to test-artifacts/. Then an editor saves a progress update, a
viewer is refused, and an admin finds the change in the audit trail.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import HOME, PASSWORDS

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}
SECTION = "healthy-placemaking"
PAGES = ["/", "/areas", f"/areas/{HOME}", "/indicators", "/indicators/hpv-vaccination-one-dose-12-13-female",
         "/strategy", f"/strategy/sections/{SECTION}", "/strategy/sections/D3.1", "/bcf", "/login", "/nowhere"]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context_for(browser, live_server):
    """New browser contexts (own cookies) that record every request leaving loopback."""
    contexts, outside = [], []

    def make(viewport: str = "desktop"):
        # bypass_csp lets the test inject axe-core; the app's own CSP is checked in test_pages.
        context = browser.new_context(viewport=VIEWPORTS[viewport], base_url=live_server, bypass_csp=True)
        context.on("request", lambda r: None if r.url.startswith((live_server, "data:", "blob:")) else outside.append(r.url))
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    assert outside == [], f"requests left the machine: {outside}"


def slug(path: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-") or "home"


def check_page(page, path: str, label: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path)
    charts = page.locator("[data-chart-spec]").count()
    if charts:
        page.wait_for_function(
            "n => document.querySelectorAll('[data-chart-ready]').length === n", arg=charts, timeout=20_000)
        assert page.locator("[data-chart-spec] svg").count() == charts
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    violations = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert violations == [], f"axe violations on {path} ({label}): {violations}"
    assert errors == [], f"script errors on {path}: {errors}"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{label}-{slug(path)}.png"), full_page=True)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_every_page_anonymous(context_for, viewport):
    page = context_for(viewport).new_page()
    for path in PAGES:
        check_page(page, path, viewport)
    if viewport == "phone":
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= VIEWPORTS["phone"]["width"], "the page must not scroll sideways on a phone"


def sign_in(page, role: str) -> None:
    page.goto("/login")
    page.get_by_label("Username").fill(role)
    page.get_by_label("Password").fill(PASSWORDS[role])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")


def test_editor_saves_viewer_cannot_admin_sees_audit(context_for):
    editor = context_for().new_page()
    sign_in(editor, "editor")
    editor.goto(f"/strategy/sections/{SECTION}")
    check_page(editor, f"/strategy/sections/{SECTION}", "editor")
    editor.get_by_label("Day").fill("14")
    editor.get_by_label("Month").fill("7")
    editor.get_by_label("Year").fill("2026")
    editor.get_by_label("Title (optional)").fill("Forum relaunched")
    editor.get_by_label("Progress", exact=True).fill("The Healthy Placemaking Forum met for the first time.")
    editor.get_by_role("button", name="Save update").click()
    editor.wait_for_load_state()
    assert "The Healthy Placemaking Forum met for the first time." in editor.content()
    ARTIFACTS.mkdir(exist_ok=True)
    editor.screenshot(path=str(ARTIFACTS / "editor-saved-update.png"), full_page=True)

    # A bad date is refused with an accessible error summary.
    editor.get_by_label("Day").fill("31")
    editor.get_by_label("Month").fill("2")
    editor.get_by_role("button", name="Save update").click()
    editor.wait_for_load_state()
    assert editor.locator(".govuk-error-summary").is_visible()
    editor.add_script_tag(path=str(AXE))
    assert editor.evaluate("async () => (await axe.run(document)).violations.length") == 0

    viewer = context_for().new_page()
    sign_in(viewer, "viewer")
    viewer.goto(f"/strategy/sections/{SECTION}")
    assert viewer.get_by_role("button", name="Save update").count() == 0
    token = viewer.locator("input[name=csrf_token]").first.get_attribute("value")
    refused = viewer.request.post(f"/strategy/sections/{SECTION}/updates", form={
        "csrf_token": token, "day": "15", "month": "7", "year": "2026", "progress": "Viewer text", "publish": "yes"})
    assert refused.status == 403

    admin = context_for().new_page()
    sign_in(admin, "admin")
    check_page(admin, "/admin/audit", "admin")
    audit = admin.locator("table").inner_text()
    assert "editor" in audit and "create progress update" in audit and "Forum relaunched" in audit
    assert "Viewer text" not in audit
