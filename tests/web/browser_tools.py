"""Helpers for the browser tests that serve their own store: the server's lifetime, a browser
context on it, and a list of pages checked in turn (charts drawn, axe-core clean, a screenshot
each; on a phone, no sideways scrolling). Chromium and the one-page check are test_browser's."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from conftest import start_server
from test_browser import VIEWPORTS, check_page


@contextmanager
def served(root: Path, env: dict) -> Iterator[str]:
    """`hwb serve` over the store folder `root` while the block runs; yields its URL."""
    process, base = start_server(root, env)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


@contextmanager
def browsing(browser, base: str, viewport: str) -> Iterator[tuple[object, list[str]]]:
    """A page in a new context at `viewport` on `base`, and the list of requests that leave it."""
    # bypass_csp lets the test inject axe-core; the app's own CSP is checked in test_pages.
    context = browser.new_context(viewport=VIEWPORTS[viewport], base_url=base, bypass_csp=True)
    outside: list[str] = []
    context.on("request", lambda r: None if r.url.startswith((base, "data:", "blob:")) else outside.append(r.url))
    try:
        yield context.new_page(), outside
    finally:
        context.close()


def check_pages(page, paths: list[str], label: str, viewport: str) -> None:
    """check_page on each path; on a phone, each must also fit without sideways scrolling."""
    for path in paths:
        check_page(page, path, f"{label}-{viewport}")
        if viewport == "phone":
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= VIEWPORTS["phone"]["width"], f"{path} scrolls sideways on a phone"
