"""Layout in a real browser: the article's first screen on a phone and a desktop, reflow, print.

The article is Berlin's FAQ "Ab wann wird Wohngeld gezahlt?": Wohngeld has an active
outage and an active degradation in Berlin, and the FAQ's Rückfragen are short, so all of
title, short answer with its copy button, both incidents with their advice for agents in
full, the Rückfragen and the Weiterleitung with a reaction time must be on the first
screen without scrolling. Bavaria's FAQ "Neuzulassung" has a long short answer, a
municipal addition and a state's blocks: its Weiterleitung with reaction times still is.
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
    ("Weiterleitung at a glance", ".efa-route", 1),
    ("its reaction time", ".efa-route .efa-route__time", 1),
    ("Weiterleitung heading", "#weiterleitung", 1),
]
MUNICIPAL_FAQ = MORE_PAGES["faq-municipality"]


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
    assert all(box["text"].startswith("Reaktionszeit: hoch ") for box in rects(page, ".efa-route__time"))
    term, value = reaction_time(page)
    assert term and value, "the full Weiterleitung shows a routing target with its reaction time further down"


def on_first_screen(page, selector: str, height: int, least: int = 1) -> list[dict]:
    boxes = rects(page, selector)
    assert len(boxes) >= least, f"expected {least} of {selector}, found {len(boxes)}"
    for box in boxes:
        assert box["top"] >= 0 and box["bottom"] <= height, f"{selector} is not on the first screen: {box}"
    return boxes


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_weiterleitung_stays_on_the_first_screen_with_municipal_and_state_blocks(open_page, size):
    width, height = size
    page = open_page(MUNICIPAL_FAQ, width, height)
    assert rects(page, ".efa-answer--municipality"), "the FAQ has a municipal addition"
    assert rects(page, ".efa-block--state") and rects(page, ".efa-block--municipality"), "and state and municipal blocks"
    for selector in ("article h1", ".efa-answer:not(.efa-answer--municipality)", ".efa-answer--municipality",
                     ".efa-route .efa-route__label a[href='#weiterleitung']"):
        on_first_screen(page, selector, height)
    targets = on_first_screen(page, ".efa-route__targets > li", height, least=2)
    assert any("Landeskoordinierung i-Kfz Bayern" in t["text"] and "Ergänzung Bayern" in t["text"] for t in targets)
    times = on_first_screen(page, ".efa-route__time", height, least=2)
    assert [t["text"] for t in times] == ["Reaktionszeit: hoch 2 Stunden · mittel 1 Arbeitstag · niedrig 3 Arbeitstage",
                                          "Reaktionszeit: hoch 4 Stunden · mittel 1 Arbeitstag · niedrig 3 Arbeitstage"]


ADVICE = """() => Array.from(document.querySelectorAll('.efa-incidents:not([hidden]) .efa-incident__workaround')).map((el) => {
  const r = el.getBoundingClientRect();
  return {bottom: r.bottom, clipped: el.scrollHeight > el.clientHeight + 1,
          clamp: getComputedStyle(el).webkitLineClamp, text: el.textContent.trim()};
})"""


@pytest.mark.parametrize("name", ["start", "service", "faq"])
def test_the_advice_for_agents_is_readable_in_full_on_the_first_screen(open_page, name):
    width, height = PHONE
    page = open_page(PAGE_TYPES[name], width, height)
    advice = page.evaluate(ADVICE)
    assert len(advice) >= 2, "Berlin's Wohngeld has two active incidents with advice"
    for item in advice:
        assert not item["clipped"] and item["clamp"] in ("none", ""), f"the advice is cut: {item}"
        assert item["bottom"] <= height, f"the advice is below the first screen: {item}"
        assert item["text"].startswith("Für Agents: ") and not item["text"].endswith("…")
    texts = " ".join(item["text"] for item in advice)
    assert "„Nachweis wird nachgereicht“ ankreuzen und den Antrag trotzdem absenden." in texts


WORDS = r"""() => {
  const split = [];
  const cells = document.querySelectorAll('.efa-matrix th, .efa-matrix td');
  for (const cell of cells) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.textContent.matchAll(/[^\s\u2013-]+-?/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
        if (lines.size > 1) split.push(m[0]);
      }
    }
  }
  return {words: split, cells: cells.length};
}"""


@pytest.mark.parametrize("width", [390, 320])
def test_the_matrix_grid_breaks_no_word_on_a_phone(open_page, width):
    page = open_page(PAGE_TYPES["matrix"], width, 844)
    found = page.evaluate(WORDS)
    assert found["cells"] > 10
    assert found["words"] == [], f"words broken across lines: {found['words']}"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert page.get_attribute(".efa-matrix table", "role") == "table", "still a table for screen readers"


def test_glossary_terms_stand_out_from_their_definitions(open_page):
    page = open_page(PAGE_TYPES["glossary"], *PHONE)
    style = page.evaluate("""() => {
      const s = (el) => getComputedStyle(el);
      const dt = document.querySelector('.efa-glossary dt'), dd = document.querySelector('.efa-glossary dd');
      const second = document.querySelectorAll('.efa-glossary dt')[1];
      return {dtWeight: +s(dt).fontWeight, ddWeight: +s(dd).fontWeight, dtSize: parseFloat(s(dt).fontSize),
              ddSize: parseFloat(s(dd).fontSize), rule: s(second).borderTopStyle, indent: parseFloat(s(dd).marginLeft)};
    }""")
    assert style["dtWeight"] >= 700 and style["ddWeight"] <= 400, style
    assert style["dtSize"] > style["ddSize"], style
    assert style["rule"] == "solid", "a line sets each term apart from the definition above it"
    assert style["indent"] == 0, "definitions use the phone's full width"


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
