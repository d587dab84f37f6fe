"""The definition and population pages in a real browser over `hwb serve` (test data from
definition_store): charts draw, axe-core finds no violations, a phone never scrolls sideways."""

from __future__ import annotations

import pytest

from conftest import start_server
from definition_store import HOME, LIFE, MARKUP, TINY, build_definition_store
from test_browser import VIEWPORTS, browser, check_page  # noqa: F401 (browser is a fixture)

pytestmark = pytest.mark.browser

PAGES = [f"/population?area={HOME}", f"/population?area={TINY}", f"/indicators/{MARKUP}?area={HOME}",
         f"/indicators/{LIFE}?area={HOME}", f"/life-expectancy?area={HOME}"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("definition-live") / "store"
    build_definition_store(root).close()
    process, base = start_server(root, {"HWB_DATABASE_URL": f"sqlite:///{root}-record.sqlite"})
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_definition_and_population_pages(browser, server, viewport):  # noqa: F811
    context = browser.new_context(viewport=VIEWPORTS[viewport], base_url=server, bypass_csp=True)
    try:
        page = context.new_page()
        for path in PAGES:
            check_page(page, path, f"definition-{viewport}")
            if viewport == "phone":
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= VIEWPORTS["phone"]["width"], f"{path} scrolls sideways on a phone"
        page.goto(f"/population?area={HOME}")
        assert page.locator("#pyramid svg").count() == 1
        assert "90+ yrs" in page.locator("table").inner_text()
    finally:
        context.close()
