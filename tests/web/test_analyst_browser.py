"""The analyst pages in a real browser, over `hwb serve` on a store of the real Fingertips downloads.

Each page opens on a desktop and a 375px phone, its charts draw, axe-core reports
no violations, nothing leaves 127.0.0.1, a screenshot goes to test-artifacts/, and
on the phone the page never scrolls sideways.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from browser_tools import browsing, check_pages, served
from conftest import HOME
from hwb.store.folder import StoreFolder
from test_analyst_pages import _add_synthetic_deciles
from test_browser import VIEWPORTS, browser  # noqa: F401 (browser is a fixture)

pytestmark = pytest.mark.browser

COUNTY = quote("County & UA")
PAGES = [
    f"/search?q=self-harm&area={HOME}",
    f"/compare/{COUNTY}?region=E12000004",
    f"/compare/{COUNTY}/41001?area={HOME}",
    f"/compare/{COUNTY}/92796?area={HOME}&sort=name",
    f"/funnel/41001?area={HOME}",
    f"/funnel/91871?area={HOME}",
    f"/inequalities/41001?area={HOME}",
    f"/inequalities/90813?area={HOME}",
    f"/areas/{HOME}",
    f"/life-expectancy?area={HOME}",
]


@pytest.fixture(scope="module")
def real_server(tmp_path_factory):
    """`hwb serve` over a store of the real Fingertips downloads, built and published, with
    SYNTHETIC deprivation deciles for one indicator (see test_analyst_pages)."""
    from hwb.demo.fingertips import load_fingertips_samples
    from hwb.engine.build import build

    root = tmp_path_factory.mktemp("fingertips-live") / "store"
    url = f"sqlite:///{root}-record.sqlite"
    folder = StoreFolder(root, url)
    store = folder.open_evidence()
    try:
        load_fingertips_samples(store)
        build(store)
        _add_synthetic_deciles(store)
        folder.publish(store)
    finally:
        store.close()
        folder.close()
    with served(root, {"HWB_DATABASE_URL": url}) as base:
        yield base


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_analyst_pages(browser, real_server, viewport):  # noqa: F811
    with browsing(browser, real_server, viewport) as (page, outside):
        check_pages(page, PAGES, "analyst", viewport)
    assert outside == [], f"requests left the machine: {outside}"


def test_search_form_finds_self_harm(browser, real_server):  # noqa: F811
    context = browser.new_context(viewport=VIEWPORTS["desktop"], base_url=real_server)
    try:
        page = context.new_page()
        page.goto("/")
        page.get_by_role("link", name="Find an indicator").first.click()
        page.get_by_label("Words to find").fill("self-harm")
        page.get_by_role("button", name="Search").click()
        page.wait_for_load_state()
        results = page.locator("table").inner_text()
        assert "Hospital admissions as a result of self-harm" in results
        assert "Hospital admissions as a result of self-harm (10-24 years)" in results
    finally:
        context.close()
