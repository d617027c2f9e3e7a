"""The site's search in headless Chromium: quality, keyboard, phone layout, same-origin."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytest.importorskip("playwright")

from efa_kb.index.browser import BrowserEngine, EfaSearchPage, chromium, serve
from efa_kb.index.evaluate import evaluate, load_queries
from efa_kb.pipeline import build_sites

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "tests" / "search" / "queries.yml"

# What the site search reached on tests/search/queries.yml (see test_search_terminal.py).
MIN_RECALL_AT_1 = 0.96
MIN_RECALL_AT_3 = 0.99
MIN_MRR = 0.975
MIN_PARAPHRASE_AT_1 = 0.93


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The example's sites built once, served on localhost: yields (base URL, traffic)."""
    out = tmp_path_factory.mktemp("site")
    report = build_sites(ROOT, out, states=["be", "by", "sh"])
    assert report.ok, report.failed
    with serve(out) as served:
        yield served
    shutil.rmtree(out, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(site, browser):
    url, _ = site
    p = EfaSearchPage(browser, f"{url}by/")
    yield p
    p.close()


def test_site_quality(site, browser):
    url, _ = site
    engine = BrowserEngine(browser, url)
    try:
        report = evaluate("site", engine, load_queries(QUERIES))
    finally:
        engine.close()
    print("\n".join(report.lines()))
    assert report.total.recall1 >= MIN_RECALL_AT_1 - 1e-9
    assert report.total.recall3 >= MIN_RECALL_AT_3 - 1e-9
    assert report.total.mrr >= MIN_MRR - 1e-9
    assert report.kinds["paraphrase"].recall1 >= MIN_PARAPHRASE_AT_1 - 1e-9


def test_results_show_title_and_short_answer(page):
    page.search("evb")
    first = page.page.locator("#efa-search-results [role=option]").first
    assert "eVB-Nummer" in first.locator(".efa-search__title").inner_text()
    assert first.locator(".efa-search__answer").inner_text().strip()
    assert first.locator(".efa-search__kind").inner_text().strip().upper() == "FAQ"
    status = page.page.locator(".efa-search__status").inner_text()
    assert "Treffer" in status


def test_municipal_block_is_labelled(page):
    results = page.search("münchen neuzulassung online")
    assert ("services/ikfz/faq/neuzulassung-online",
            "services/ikfz/faq/neuzulassung-online/#kurzantwort-1") in results[:3]
    place = page.page.locator("[data-url$='#kurzantwort-1'] .efa-search__place").text_content()
    assert "München" in place


def test_keyboard(page):
    p = page.page
    p.locator("body").click()
    p.keyboard.press("/")
    assert p.evaluate("document.activeElement.id") == "efa-search-input"
    page.search("kennzeichen reservieren")
    box = page.input
    assert box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    box.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert active == "efa-search-option-1"
    assert p.locator(f"#{active}").get_attribute("aria-selected") == "true"
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    box.press("ArrowDown")  # opens the list again on the first result
    assert box.get_attribute("aria-activedescendant") == "efa-search-option-0"
    target = p.locator("#efa-search-option-0").get_attribute("data-url")
    box.press("Enter")
    p.wait_for_url(f"**/by/{target.split('#')[0]}**")


def test_no_results_is_announced(page):
    assert page.search("xyzzyqq") == []
    assert "Keine Treffer" in page.page.locator(".efa-search__status").inner_text()


def test_phone_layout_uses_full_width(site, browser):
    url, _ = site
    phone = EfaSearchPage(browser, f"{url}by/", viewport={"width": 390, "height": 844})
    try:
        phone.search("wohngeld")
        box = phone.page.locator(".efa-search__panel").bounding_box()
        assert box is not None and box["x"] == 0 and abs(box["width"] - 390) < 1
    finally:
        phone.close()


def test_only_same_origin_requests(site, browser):
    url, _ = site
    seen: list[str] = []
    context = browser.new_context()
    context.on("request", lambda r: seen.append(r.url))
    try:
        page = EfaSearchPage(context, f"{url}by/")
        page.search("ausweis")
        assert page.search("zulasungsbescheinigung")
    finally:
        context.close()
    origin = urlsplit(url).netloc
    assert seen and all(urlsplit(u).netloc == origin for u in seen if u.startswith("http"))
    assert any(re.search(r"/search/[0-9a-f]+/t/\d+\.json\.gz$", u) for u in seen)
