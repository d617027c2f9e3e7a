"""Closed networks: opening every page type and searching requests nothing from another host.

Every request the browser makes is recorded; any that is not same-origin (or a data:/blob:
URL) fails the test, and is answered by the test itself so that nothing leaves the machine.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from efa_kb.index.browser import serve
from efa_kb.pipeline import build_sites
from tests.browser.conftest import DESKTOP, MORE_PAGES, PAGE_TYPES, PHONE, page_path, settle
from tests.conftest import MINIMAL

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


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_browser_without_resize_observer_loads_no_polyfill(recorded, site_url, example_site, size):
    """Material fetches a ResizeObserver polyfill from unpkg.com where the browser has none;
    efa-kb's theme defines one first, and the header still follows the layout."""
    context, requests, failed, origin = recorded
    context.add_init_script("delete window.ResizeObserver;")
    page = context.new_page()
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(site_url + page_path(example_site, PAGE_TYPES["faq"]))
    settle(page)
    assert page.evaluate("typeof window.ResizeObserver") == "function", "the theme's stand-in is there"
    page.set_viewport_size({"width": DESKTOP[0] if size == PHONE else PHONE[0], "height": 700})
    settle(page)
    assert not foreign(requests, origin), f"requested from another host: {foreign(requests, origin)}"
    assert not failed, f"requests that failed: {failed}"


def test_a_repository_link_asks_no_code_host(browser, kb_repo, fixed_now, tmp_path):
    """With repo_url set, Material's bundle would ask api.github.com for stars and forks;
    efa-kb's header shows the link and asks nobody."""
    root = kb_repo({**MINIMAL, "mkdocs.yml": "repo_url: https://github.com/example/wissensbasis\n"})
    out = tmp_path / "site"
    assert build_sites(root, out, progress=lambda m: None).ok
    context = browser.new_context(viewport={"width": DESKTOP[0], "height": DESKTOP[1]})
    requests: list[str] = []
    context.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url
                  else route.abort("blockedbyclient"))
    context.on("request", lambda request: requests.append(request.url))
    try:
        with serve(out) as (url, _traffic):
            page = context.new_page()
            page.goto(url + "by/")
            settle(page)
            link = page.locator(".md-header__source a.md-source")
            assert link.get_attribute("href") == "https://github.com/example/wissensbasis"
            page.wait_for_timeout(500)  # Material asks the code host once the page has settled
            origin = urlsplit(url)[:2]
            assert not foreign(requests, origin), f"requested from another host: {foreign(requests, origin)}"
    finally:
        context.close()
