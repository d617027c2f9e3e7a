"""Closed networks: opening every page type and searching requests nothing from another host.

Every request the browser makes is recorded; any that is not same-origin (or a data:/blob:
URL) fails the test, and is answered by the test itself so that nothing leaves the machine.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import DESKTOP, MORE_PAGES, PAGE_TYPES, PHONE, page_path, settle

pytestmark = pytest.mark.browser

LOCAL_SCHEMES = ("data", "blob", "about")


@pytest.fixture
def recorded(browser, site_url: str):
    """A browser context that records every request and keeps all but same-origin ones in."""
    origin = urlsplit(site_url)[:2]
    context = browser.new_context(viewport={"width": PHONE[0], "height": PHONE[1]})
    requests: list[str] = []
    failed: list[str] = []

    def guard(route):
        if urlsplit(route.request.url)[:2] == origin:
            route.continue_()
        else:
            route.abort("blockedbyclient")

    context.route("**/*", guard)
    context.on("request", lambda request: requests.append(request.url))
    context.on("response", lambda response: response.status >= 400 and failed.append(f"{response.status} {response.url}"))
    yield context, requests, failed, origin
    context.close()


def foreign(requests: list[str], origin: tuple[str, str]) -> list[str]:
    return [url for url in requests
            if urlsplit(url).scheme not in LOCAL_SCHEMES and urlsplit(url)[:2] != origin]


@pytest.mark.parametrize("name", [*PAGE_TYPES, *MORE_PAGES])
def test_opening_a_page_requests_only_its_own_origin(recorded, site_url, example_site, name):
    context, requests, failed, origin = recorded
    page = context.new_page()
    for width, height in (PHONE, DESKTOP):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(site_url + page_path(example_site, {**PAGE_TYPES, **MORE_PAGES}[name]))
        settle(page)
    assert requests, "the recorder saw the page load"
    assert not foreign(requests, origin), f"{name} requested from another host: {foreign(requests, origin)}"
    assert not failed, f"{name}: requests that failed: {failed}"


def test_searching_requests_only_its_own_origin(recorded, site_url, example_site):
    context, requests, failed, origin = recorded
    page = context.new_page()
    page.goto(site_url + page_path(example_site, PAGE_TYPES["start"]))
    settle(page)
    assert page.locator("[data-efa-search]").count(), "every page has the search box"
    before = len(requests)
    for query in ("ausweis", "kfz zulassung", "wohngeld antrag abschicken"):
        page.fill("#efa-search-input", query)
        page.wait_for_selector(f"[data-efa-search][data-efa-done='{query}']")
    assert len(requests) > before, "searching loaded the index from the site"
    assert any("/search/" in url for url in requests[before:])
    page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    settle(page)
    assert not foreign(requests, origin), f"search requested from another host: {foreign(requests, origin)}"
    assert not failed, f"requests that failed: {failed}"
