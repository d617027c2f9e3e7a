"""axe-core (bundled with axe-playwright-python) on every page type at phone and desktop
width: no violation of WCAG 2.1 A/AA (BITV 2.0). Also with the search results and the
navigation drawer open, where the page changes most."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DESKTOP, MORE_PAGES, PAGE_TYPES, PHONE, WIDTHS

pytestmark = pytest.mark.browser

WCAG21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
             "resultTypes": ["violations"]}


def violations(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page, options=WCAG21_AA).response["violations"]


def report(found: list[dict]) -> str:
    lines = []
    for v in found:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node.get('failureSummary', '')[:200]}")
    return "\n".join(lines)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", [*PAGE_TYPES, *MORE_PAGES])
def test_page_type_has_no_wcag21_aa_violations(open_page, name, width):
    page = open_page({**PAGE_TYPES, **MORE_PAGES}[name], *WIDTHS[width])
    found = violations(page)
    assert not found, f"{name} at {width} width:\n{report(found)}"


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_open_search_results_have_no_violations_and_are_announced(open_page, size):
    page = open_page(PAGE_TYPES["faq"], *size)
    assert page.locator("[data-efa-search]").count(), "every page has the search box"
    page.fill("#efa-search-input", "ausweis")
    page.wait_for_selector("[data-efa-search][data-efa-done='ausweis']")
    live = page.locator("[data-efa-search] [aria-live='polite']")
    assert "Treffer" in live.inner_text(), "the results are announced in a live region"
    assert page.locator("#efa-search-results [role=option]").count() > 0
    found = violations(page)
    assert not found, report(found)


def test_open_navigation_drawer_has_no_violations(open_page):
    page = open_page(PAGE_TYPES["faq"], *PHONE)
    page.click("[data-efa-drawer]")
    page.wait_for_timeout(400)
    assert page.is_visible(".md-sidebar--primary")
    found = violations(page)
    assert not found, report(found)
