"""Keyboard in a real browser: skip link, visible focus, "/" and the search results, the
navigation drawer and its sections, the copy button."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DESKTOP, PAGE_TYPES, PHONE, settle

pytestmark = pytest.mark.browser

FAQ = PAGE_TYPES["faq"]
SIZES = pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const r = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  return {
    tag: el.tagName, text: (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 60),
    top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height,
    visible: el.checkVisibility({opacityProperty: true, visibilityProperty: true}),
    outline: style.outlineStyle !== 'none' ? parseFloat(style.outlineWidth) : 0,
    shadow: style.boxShadow !== 'none',
    inDrawer: !!el.closest('.md-sidebar--primary'),
  };
}"""


def focused(page) -> dict | None:
    return page.evaluate(FOCUSED)


def assert_search_box(page) -> None:
    assert page.locator("[data-efa-search]").count() > 0, "every page has the search box"


@SIZES
def test_skip_link_is_first_visible_and_keeps_the_incidents(open_page, size):
    page = open_page(FAQ, *size)
    page.keyboard.press("Tab")
    page.wait_for_timeout(400)  # Material fades the skip link in
    skip = focused(page)
    assert skip and skip["text"] == "Zum Inhalt springen"
    assert skip["visible"] and skip["outline"] >= 2
    assert page.evaluate("getComputedStyle(document.activeElement).opacity") == "1"
    assert 0 <= skip["top"] and skip["bottom"] <= size[1] and skip["left"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#inhalt"
    page.keyboard.press("Tab")
    first = focused(page)
    assert first and first["tag"] == "A"
    assert page.evaluate("!!document.activeElement.closest('.efa-incidents')"), \
        "after the skip link the incident banner comes first, not the title"


@SIZES
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_every_focus_stop_is_visible_and_marked(open_page, size, name):
    page = open_page(PAGE_TYPES[name], *size)
    seen = []
    for _ in range(250):  # the whole page: the navigation alone has some 80 stops on a desktop
        page.keyboard.press("Tab")
        stop = focused(page)
        if stop is None or (seen and stop["text"] == seen[0]["text"] and stop["tag"] == seen[0]["tag"]):
            break
        seen.append(stop)
        where = f"{name} stop {len(seen)}: {stop['tag']} {stop['text']!r}"
        assert stop["visible"], f"{where} has focus but cannot be seen"
        assert stop["bottom"] > 0 and stop["top"] < size[1], f"{where} is off screen: {stop}"
        assert stop["right"] > 0 and stop["left"] < size[0], f"{where} is off screen: {stop}"
        assert stop["outline"] >= 2 or stop["shadow"], f"{where} has no visible focus indicator"
        if size == PHONE:
            assert not stop["inDrawer"], f"{where} is in the closed navigation drawer"
    assert len(seen) >= 3
    assert seen[-1]["text"] != seen[0]["text"] or len(seen) < 250, "went round the whole page"
    assert any(s["text"] == "Tastenkürzel „/“ für die Suche" for s in seen), "reached the footer"


@SIZES
def test_slash_focuses_search_and_arrow_keys_reach_the_results(open_page, size):
    page = open_page(FAQ, *size)
    assert_search_box(page)
    page.focus("article h1 ~ .efa-facts a")  # from a link anywhere in the page
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "efa-search-input"
    page.keyboard.type("wohngeld antrag")
    page.wait_for_selector("[data-efa-search][data-efa-done='wohngeld antrag']")
    assert page.get_attribute("#efa-search-input", "aria-expanded") == "true"
    status = page.locator("[data-efa-search] [aria-live]")
    assert "Treffer" in status.inner_text(), "the number of results is announced"
    page.keyboard.press("ArrowDown")
    active = page.get_attribute("#efa-search-input", "aria-activedescendant")
    assert active, "ArrowDown selects the first result"
    option = page.locator(f"#{active}")
    assert option.get_attribute("aria-selected") == "true"
    assert option.is_visible()
    page.keyboard.press("ArrowDown")
    second = page.get_attribute("#efa-search-input", "aria-activedescendant")
    assert second and second != active
    target = page.locator(f"#{second}").get_attribute("data-href")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == target


def test_slash_can_be_switched_off_and_page_shortcuts_are_off(open_page):
    page = open_page(FAQ, *DESKTOP)
    assert_search_box(page)
    url = page.url
    page.focus("article h1 ~ .efa-facts a")
    page.keyboard.press("n")  # Material would go to the next page
    page.keyboard.press(".")
    page.wait_for_timeout(300)
    assert page.url == url, "single-key page shortcuts are off (WCAG 2.1.4)"
    switch = page.locator("[data-efa-shortcuts]")
    assert switch.get_attribute("aria-pressed") == "true"
    switch.focus()
    page.keyboard.press("Enter")
    assert switch.get_attribute("aria-pressed") == "false"
    page.focus("article h1 ~ .efa-facts a")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") != "efa-search-input"
    page.reload()
    settle(page)
    assert page.locator("[data-efa-shortcuts]").get_attribute("aria-pressed") == "false", "the choice is kept"


def test_phone_navigation_drawer_by_keyboard(open_page):
    page = open_page(FAQ, *PHONE)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    menu = focused(page)
    assert menu and menu["text"] == "Navigation öffnen"
    assert page.get_attribute("[data-efa-drawer]", "aria-expanded") == "false"
    page.keyboard.press("Enter")
    page.wait_for_timeout(400)
    assert page.get_attribute("[data-efa-drawer]", "aria-expanded") == "true"
    stops = []
    for _ in range(6):
        stop = focused(page)
        assert stop and stop["inDrawer"] and stop["visible"], f"focus left the open drawer: {stop}"
        assert 0 <= stop["left"] and stop["right"] <= PHONE[0], f"drawer item off screen: {stop}"
        stops.append(stop["text"])
        page.keyboard.press("Tab")
    # The drawer opens on the current page's section (FAQs), whose title leads back up.
    assert stops[0].startswith("Zurück")
    page.keyboard.press("Shift+Tab")
    for _ in range(5):
        page.keyboard.press("Shift+Tab")
    assert focused(page)["text"].startswith("Zurück")
    page.keyboard.press("Enter")
    page.wait_for_timeout(400)
    parent = focused(page)
    assert parent and parent["inDrawer"] and parent["visible"] and parent["text"].startswith("FAQs")
    page.keyboard.press("Escape")
    page.wait_for_timeout(400)
    assert page.get_attribute("[data-efa-drawer]", "aria-expanded") == "false"
    assert focused(page)["text"] == "Navigation öffnen", "Escape returns focus to the menu button"
    assert not page.is_visible(".md-sidebar--primary")


def test_navigation_sections_toggle_with_enter_and_space(open_page):
    page = open_page(FAQ, *DESKTOP)
    first = page.locator(".md-sidebar--primary label.md-nav__link[role=button][aria-expanded=false]").first
    label = first.get_attribute("id")
    toggle = page.locator(f"#{label}")
    name = toggle.inner_text()
    panel = page.locator(f"nav[aria-labelledby='{label}']")
    assert not panel.locator("a").first.is_visible()
    toggle.focus()
    page.keyboard.press("Space")
    assert toggle.get_attribute("aria-expanded") == "true", name
    assert panel.locator("a").first.is_visible()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "false", name


def test_copy_button_copies_the_short_answer_and_says_so(open_page):
    page = open_page(FAQ, *PHONE, permissions=["clipboard-read", "clipboard-write"])
    button = page.locator(".efa-answer .efa-copy")
    assert button.get_attribute("aria-label") == "Kurzantwort kopieren"
    button.focus()
    page.keyboard.press("Enter")
    status = page.locator(".md-dialog__inner[role=status][aria-live=polite]")
    status.wait_for(state="attached")
    page.wait_for_function("() => document.querySelector('.md-dialog__inner').textContent.trim() !== ''")
    assert "kopiert" in status.inner_text()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert " ".join(copied.split()) == " ".join(page.inner_text("#kurzantwort").split())
