"""Layout in a real browser: the article's first screen on a phone and a desktop, reflow, print.

The article is Berlin's FAQ "Ab wann wird Wohngeld gezahlt?": Wohngeld has an active
outage and an active degradation in Berlin, and the FAQ's Rückfragen are short, so all of
title, short answer with its copy button, both incidents, the Rückfragen and the
Weiterleitung with a reaction time must be on the first screen without scrolling.
"""

from __future__ import annotations

import io
import re

import pytest

from tests.browser.conftest import DESKTOP, MORE_PAGES, PAGE_TYPES, PHONE

pytestmark = pytest.mark.browser

FAQ = PAGE_TYPES["faq"]

RECTS = """(selector) => Array.from(document.querySelectorAll(selector)).map((el) => {
  const r = el.getBoundingClientRect();
  return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, text: el.textContent.trim()};
})"""

# What the agent needs on the first screen, as (what, selector, how many at least).
FIRST_SCREEN = [
    ("title", "article h1", 1),
    ("short answer", ".efa-answer:not(.efa-answer--municipality)", 1),
    ("copy button", ".efa-answer .efa-copy", 1),
    ("active incidents", ".efa-incidents:not([hidden]) .efa-incident:not(.efa-incident--upcoming)", 2),
    ("Rückfragen heading", "#ruckfragen", 1),
    ("Rückfragen", "#ruckfragen + ul > li", 2),
    ("Weiterleitung heading", "#weiterleitung", 1),
    ("first level", ".efa-routing .efa-first-level", 1),
]


def rects(page, selector: str) -> list[dict]:
    return page.evaluate(RECTS, selector)


def reaction_time(page) -> tuple[dict, dict]:
    """The first routing target's "Reaktionszeit" term and the first line of its value."""
    return page.evaluate("""() => {
      const dt = Array.from(document.querySelectorAll('.efa-routing .efa-target__times dt'))
        .find((el) => el.textContent.trim() === 'Reaktionszeit');
      if (!dt) return [null, null];
      const box = (r) => ({top: r.top, bottom: r.bottom, left: r.left, right: r.right});
      const dd = dt.nextElementSibling;
      return [box(dt.getBoundingClientRect()), box(dd.getClientRects()[0])];
    }""")


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_first_screen_of_an_article(open_page, size):
    width, height = size
    page = open_page(FAQ, width, height)
    assert page.evaluate("window.scrollY") == 0
    header = rects(page, "header.md-header")[0]
    assert header["bottom"] <= 48, "the header stays one slim bar"
    for what, selector, least in FIRST_SCREEN:
        boxes = rects(page, selector)
        assert len(boxes) >= least, f"{what}: expected {least}, found {len(boxes)} ({selector})"
        for box in boxes:
            assert box["top"] >= header["bottom"] - 1, f"{what} is under the header: {box}"
            assert box["bottom"] <= height, f"{what} is below the first screen ({height}px): {box}"
            assert 0 <= box["left"] and box["right"] <= width, f"{what} is off the side: {box}"
    term, value = reaction_time(page)
    assert term and value, "a routing target with its reaction time is shown"
    assert term["bottom"] <= height and value["bottom"] <= height, f"reaction time below the first screen: {term} {value}"


def test_desktop_first_screen_has_the_navigation(open_page):
    page = open_page(FAQ, *DESKTOP)
    sidebar = rects(page, ".md-sidebar--primary")[0]
    assert sidebar["left"] >= 0 and sidebar["right"] <= DESKTOP[0]
    current = rects(page, ".md-sidebar--primary a.md-nav__link--active")
    assert current and current[0]["bottom"] <= DESKTOP[1] and current[0]["left"] >= 0
    assert "Ab wann wird Wohngeld gezahlt?" in current[0]["text"]
    assert page.is_visible(".md-sidebar--primary .md-nav__link[href$='upload-datei-zu-gross/']"), \
        "the service's other FAQs are listed"


def test_phone_hides_the_drawer_until_asked(open_page):
    page = open_page(FAQ, *PHONE)
    assert not page.is_visible(".md-sidebar--primary"), "the navigation is in the closed drawer"
    assert page.is_visible("[data-efa-drawer]"), "the menu button opens it"


@pytest.mark.parametrize("name", [*PAGE_TYPES, *MORE_PAGES])
def test_pages_reflow_without_sideways_scrolling(open_page, name):
    """WCAG 1.4.10: at 320 CSS px (1280 px at 400 % zoom) nothing needs scrolling sideways."""
    page = open_page({**PAGE_TYPES, **MORE_PAGES}[name], 320, 640)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name}: {overflow}px wider than the screen"


def test_article_prints_without_navigation(open_page):
    from pypdf import PdfReader

    page = open_page(FAQ, *DESKTOP)
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", ".efa-search", ".efa-copy", ".md-footer"):
        assert not page.is_visible(hidden), f"{hidden} is printed"
    assert page.is_visible(".efa-answer")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = "".join(p.extract_text() for p in pdf.pages)
    flat = re.sub(r"\s+", "", text)
    answer = page.inner_text(".efa-answer__text")
    assert re.sub(r"\s+", "", answer) in flat, "the short answer is printed"
    title = page.inner_text("article h1")
    assert re.sub(r"\s+", "", title) in flat
    for chrome in ("Muss ich mich mit der BundID anmelden?", "Suchen", "Kopieren", "Erstellt mit"):
        assert re.sub(r"\s+", "", chrome) not in flat, f"{chrome!r} (navigation or controls) is printed"
    assert len(pdf.pages) == 1, f"the FAQ prints on one page, not {len(pdf.pages)}"
