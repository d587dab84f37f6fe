"""The board register and the home page in Chromium: no accessibility violations (axe), and
nothing scrolls sideways on a phone, for visitors and for editors (who see a Change column)."""

from __future__ import annotations

import pytest

from test_browser import VIEWPORTS, browser, check_page, context_for, sign_in  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("role", [None, "editor"])
def test_board_and_home_fit_and_pass_axe(context_for, viewport, role):  # noqa: F811
    page = context_for(viewport).new_page()
    if role:
        sign_in(page, role)
    for path in ("/", "/board"):
        check_page(page, path, f"{viewport}-{role or 'visitor'}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= VIEWPORTS[viewport]["width"], f"{path} scrolls sideways at {viewport} width"
    text = " ".join(page.locator("main").inner_text().split())
    assert "Next to fall due, on 26 February 2027 (in one year's time)" in text
    if viewport == "phone":  # the actions table stacks, each cell labelled
        label = page.locator("td[data-label='Due']").first.evaluate(
            "td => getComputedStyle(td, '::before').content")
        assert label == '"Due: "'
