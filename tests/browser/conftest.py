"""Browser fixtures: the example build served over HTTP on one origin, and Debian's chromium.

``site_url`` serves the shared ``example_site`` build from 127.0.0.1 (one origin, as an
agent's closed network would); ``browser`` is Debian's chromium driven by Playwright
(never a downloaded browser build); ``open_page(path, width, height)`` opens a page of
the example at a viewport size and waits until it has settled. Pages, sizes and the
server are the ones ``tools/screenshots.py`` uses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from efa_kb.index.browser import CHROMIUM_ARGS, chromium_path, serve, settle
from tools.screenshots import PAGE_TYPES, SIZES

PHONE = SIZES["phone"]
DESKTOP = SIZES["desktop"]
WIDTHS = SIZES

# Further pages whose markup differs: the incident overview, categories, a state's own page,
# a FAQ with a municipality's additions (Bavaria).
MORE_PAGES = {
    "incidents": "be/incidents/",
    "categories": "be/kategorien/",
    "state-page": "by/pages/erreichbarkeit-service-desk/",
    "faq-municipality": "by/services/ikfz/faq/neuzulassung-online/",
}

__all__ = ["DESKTOP", "MORE_PAGES", "PAGE_TYPES", "PHONE", "WIDTHS", "page_path", "settle"]


def page_path(site: Path, path: str) -> str:
    """``path`` if the example build has that page; the test fails if not."""
    assert (site / path / "index.html").is_file(), f"the example build has no page {path}"
    return path


@pytest.fixture(scope="session")
def site_url(example_site: Path) -> Iterator[str]:
    """Base URL (ending in '/') of the example build, served from one origin."""
    with serve(example_site) as (url, _traffic):
        yield url


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium under Playwright; one per test module.

    Module scope: Playwright's sync API allows one running instance per thread, and other
    test modules start their own.
    """
    executable = chromium_path()
    if not executable:
        pytest.fail("chromium is not installed; scripts/test installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def open_page(browser, site_url: str, example_site: Path) -> Iterator[Callable[..., object]]:
    """``open_page(path, width, height, **context options)``: a fresh page of the example."""
    contexts = []

    def open_(path: str, width: int = PHONE[0], height: int = PHONE[1], **context_options: object):
        context = browser.new_context(viewport={"width": width, "height": height}, **context_options)
        contexts.append(context)
        page = context.new_page()
        page.goto(site_url + page_path(example_site, path))
        settle(page)
        return page

    yield open_
    for context in contexts:
        context.close()
