"""One state's site published below a sub-path (``/kb/by/``), as web servers publish it.

The example build has no site_url, so every page links relatively; the 404 page, which a
server answers for any address below ``/kb/by/``, finds the site root in its own address.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import PHONE, settle
from tests.browser.test_axe import report, violations
from tests.subpath import crawl, fetch, serve_under_prefix

pytestmark = pytest.mark.browser

PRIMARY = "rgb(11, 79, 124)"  # --md-primary-fg-color of efa.css: the header, once the styles load


def test_every_link_of_a_state_site_works_below_a_sub_path(example_site):
    with serve_under_prefix(example_site) as kb:
        # a missing page one level down: its relative links work even without JavaScript
        missing = f"{kb}by/gibt-es-nicht"
        seen, broken = crawl(f"{kb}by/", within=f"{kb}by/", extra=(missing,))
    assert broken == [], broken[:10]
    assert seen[missing] == 404
    pages = [url for url in seen if url.endswith("/")]
    assert len(pages) > 70, f"only {len(pages)} pages reached"
    assert any(url.endswith("/assets/stylesheets/efa.css") for url in seen)


@pytest.mark.parametrize("missing", ["by/gibt/es/nicht/", "by/services/ikfz/faq/alt"])
def test_the_404_page_below_a_sub_path_is_german_styled_and_its_links_work(browser, example_site, missing):
    with serve_under_prefix(example_site) as kb:
        context = browser.new_context(viewport={"width": PHONE[0], "height": PHONE[1]})
        page = context.new_page()
        loaded: list[str] = []
        page.on("response", lambda r: loaded.append(r.url) if r.status == 200 else None)
        response = page.goto(kb + missing)
        settle(page)
        assert response is not None and response.status == 404
        assert page.title() == "Seite nicht gefunden – Wissensdatenbank Bayern"
        assert page.inner_text("article h1") == "Seite nicht gefunden"
        assert "Suchen Sie oben nach dem Thema" in page.inner_text("article")
        header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
        assert header == PRIMARY, "the style sheets were loaded"
        assert page.is_visible(".efa-search__input"), "the search box is there"
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map((a) => a.href)")
        own = sorted({h.split("#")[0] for h in hrefs if urlsplit(h)[:2] == urlsplit(kb)[:2]})
        assert f"{kb}by/" in own and f"{kb}by/incidents/" in own and f"{kb}by/services/ikfz/" in own
        assert [(h, status) for h in own if (status := fetch(h)[0]) != 200] == []
        # Chromium's preload scanner may ask for the assets relative to the missing address
        # before the script sets the base (harmless 404s; a site_url avoids them): what counts
        # is that every style sheet and script of the page was then loaded from the site.
        sheets = page.eval_on_selector_all("link[rel=stylesheet]", "links => links.map((l) => [l.href, !!l.sheet])")
        scripts = page.eval_on_selector_all("script[src]", "scripts => scripts.map((s) => s.src)")
        assert sheets and all(ok for _href, ok in sheets), sheets
        for url in [href for href, _ok in sheets] + scripts:
            assert url.startswith(f"{kb}by/assets/") and url in loaded, url
        assert f"{kb}by/incidents/active.json" in loaded, "the banners are refreshed from the site's own file"
        found = violations(page)
        assert not found, report(found)
        context.close()
