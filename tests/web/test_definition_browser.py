"""The definition and population pages in a real browser over `hwb serve` (test data from
definition_store): charts draw, axe-core finds no violations, a phone never scrolls sideways."""

from __future__ import annotations

import pytest

from browser_tools import browsing, check_pages, served
from definition_store import HOME, LIFE, MARKUP, TINY, build_definition_store
from test_browser import VIEWPORTS, browser  # noqa: F401 (browser is a fixture)

pytestmark = pytest.mark.browser

PAGES = [f"/population?area={HOME}", f"/population?area={TINY}", f"/indicators/{MARKUP}?area={HOME}",
         f"/indicators/{LIFE}?area={HOME}", f"/life-expectancy?area={HOME}"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("definition-live") / "store"
    build_definition_store(root).close()
    with served(root, {"HWB_DATABASE_URL": f"sqlite:///{root}-record.sqlite"}) as base:
        yield base


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_definition_and_population_pages(browser, server, viewport):  # noqa: F811
    with browsing(browser, server, viewport) as (page, _):
        check_pages(page, PAGES, "definition", viewport)
        page.goto(f"/population?area={HOME}")
        assert page.locator("#pyramid svg").count() == 1
        assert "90+ yrs" in page.locator("table").inner_text()
