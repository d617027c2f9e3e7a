"""The built sites in headless Chromium: the site search driven as an agent uses it.

The one module of the package that imports Playwright (lazily; a test
dependency), and the one place that knows how to start Debian's Chromium and
how to serve built sites locally: the browser tests, the screenshots
(``tools/screenshots.py``), ``eval-search --site`` and the benchmarks all use
:func:`chromium` and :func:`serve`. The server serves the sites the way a
production web server would (gzip for text, none for the already compressed
index shards), counts the bytes it sends and, when asked, writes an access log in the
combined log format, as nginx and Apache do (what ``efa-kb report`` reads).
"""

from __future__ import annotations

import gzip
import http.server
import os
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
"""Flags for a root user in a closed network: no sandbox, no calls home."""
SETTLE_MS = 400
"""Quiet time after which Material's result list counts as final."""
_TEXT = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map")


@dataclass
class Traffic:
    """Bytes the server sent, request by request, since the last :meth:`reset`."""

    requests: list[tuple[str, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()

    def total(self) -> int:
        with self.lock:
            return sum(size for _, size in self.requests)


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class _AccessLog:
    """An access log in the combined log format, one line per answered request."""

    def __init__(self, path: Path):
        self.path = path
        self.lock = threading.Lock()

    def write(self, handler: http.server.BaseHTTPRequestHandler, status: int | str, size: int | str) -> None:
        now = time.localtime()
        offset = now.tm_gmtoff // 60
        stamp = (f"{now.tm_mday:02d}/{_MONTHS[now.tm_mon - 1]}/{now.tm_year}:"
                 f"{now.tm_hour:02d}:{now.tm_min:02d}:{now.tm_sec:02d} "
                 f"{'+' if offset >= 0 else '-'}{abs(offset) // 60:02d}{abs(offset) % 60:02d}")

        def quoted(text: str | None) -> str:
            return (text or "-").replace("\\", "\\\\").replace('"', '\\"')

        headers = getattr(handler, "headers", None) or {}
        line = (f'{handler.client_address[0]} - - [{stamp}] "{quoted(handler.requestline)}" {status} {size} '
                f'"{quoted(headers.get("Referer"))}" "{quoted(headers.get("User-Agent"))}"\n')
        with self.lock, self.path.open("a", encoding="utf-8") as out:
            out.write(line)


class _Handler(http.server.SimpleHTTPRequestHandler):
    traffic: Traffic
    access_log: _AccessLog | None = None
    _size: int | None = None

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        if self.access_log is not None:
            code = getattr(code, "value", code)
            self.access_log.write(self, code, self._size if self._size is not None and code == 200 else size)

    def do_GET(self) -> None:
        self._size = None
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                self.send_response(301)
                self.send_header("Location", self.path + "/")
                self.end_headers()
                return
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        gzipped = path.suffix in _TEXT and "gzip" in self.headers.get("Accept-Encoding", "")
        if gzipped:
            body = gzip.compress(body, compresslevel=6, mtime=0)
        self._size = len(body)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        self.wfile.write(body)
        with self.traffic.lock:
            self.traffic.requests.append((unquote(urlsplit(self.path).path), len(body)))


@contextmanager
def serve(root: Path, access_log: Path | None = None) -> Iterator[tuple[str, Traffic]]:
    """Serve ``root`` on 127.0.0.1 (a free port); yields (base URL, traffic counter).

    With ``access_log``, every answered request is appended to that file in the combined
    log format (client, time, request line, status, size, referrer, user agent)."""
    traffic = Traffic()
    log = _AccessLog(access_log) if access_log is not None else None
    handler = type("Handler", (_Handler,), {"traffic": traffic, "access_log": log})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(handler, directory=str(root))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", traffic
    finally:
        server.shutdown()
        server.server_close()


def chromium_path() -> str | None:
    """Debian's chromium (``EFA_KB_CHROMIUM`` overrides), or None when it is not installed."""
    return os.environ.get("EFA_KB_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium (Debian's; never a downloaded one)."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise RuntimeError("chromium is not installed (apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def settle(page: Any) -> None:
    """Wait until a page's scripts ran and its requests (incidents, fonts) are done."""
    page.wait_for_load_state("networkidle")
    page.evaluate("() => document.fonts.ready.then(() => true)")


def _result(href: str, site_url: str) -> tuple[str, str]:
    """(article id, url relative to the site root) of a result link."""
    url = href.removeprefix(site_url)
    page = url.split("#", 1)[0]
    return page.strip("/").removesuffix("index.html").strip("/"), url


_WATCH = """sel => {
  const w = window.__efaWatch = {key: null, last: null};
  if (!window.__efaKeyHook) {
    window.__efaKeyHook = true;
    document.addEventListener('keydown', () => { window.__efaWatch.key = performance.now(); }, true);
  }
  if (window.__efaObserver) window.__efaObserver.disconnect();
  window.__efaObserver = new MutationObserver(() => { window.__efaWatch.last = performance.now(); });
  for (const el of document.querySelectorAll(sel))
    window.__efaObserver.observe(el, {childList: true, subtree: true, characterData: true});
}"""
_FIRST_RESULT = """
document.addEventListener('DOMContentLoaded', () => {
  const list = document.querySelector('#efa-search-results');
  if (!list) return;
  const observer = new MutationObserver(() => {
    if (window.__efaFirst || !list.querySelector('[role=option]')) return;
    const t = performance.now();
    const entries = performance.getEntriesByType('navigation')
      .concat(performance.getEntriesByType('resource'));
    const bytes = entries.filter(e => e.responseEnd <= t).reduce((n, e) => n + e.transferSize, 0);
    window.__efaFirst = {t, bytes};
    observer.disconnect();
  });
  observer.observe(list, {childList: true});
});
"""
"""Records, when the first result appears, the bytes the page has transferred so far."""
_ELAPSED = "() => (window.__efaWatch.last || window.__efaWatch.key) - window.__efaWatch.key"


@dataclass(frozen=True)
class Timed:
    """One query's results and how long the site took to show them."""

    results: list[tuple[str, str]]
    page_ms: float
    """From the keystroke (keydown) to the last change of the result list, in the page."""
    wall_ms: float
    """From the keystroke sent to the list seen by the driver."""


class EfaSearchPage:
    """efa-kb's search box on one state's site."""

    def __init__(self, browser: Any, site_url: str, viewport: dict[str, int] | None = None):
        self.site_url = site_url
        size = viewport or {"width": 1280, "height": 900}
        # a Browser takes the viewport per page, a BrowserContext has its own
        self.page = browser.new_page(viewport=size) if hasattr(browser, "contexts") else browser.new_page()
        self.page.add_init_script(_FIRST_RESULT)
        self.page.goto(site_url)
        self.input = self.page.locator("#efa-search-input")

    def search(self, query: str) -> list[tuple[str, str]]:
        """Type a query (as one input event) and return the listed results, best first."""
        return self.timed(query).results

    def timed(self, query: str) -> Timed:
        """Type all but the last character, then the last key, and time that keystroke."""
        query = query.strip()
        self.input.fill(query[:-1])
        self._wait(query[:-1].strip())
        self.page.evaluate(_WATCH, "#efa-search-results, .efa-search__status")
        started = time.perf_counter()
        self.input.press(query[-1] if query[-1] != " " else "Space")
        self._wait(query)
        wall = (time.perf_counter() - started) * 1000
        results = self.page.eval_on_selector_all(
            "#efa-search-results [role=option]",
            "els => els.map(e => [e.dataset.id, e.dataset.url])",
        )
        return Timed([(i, u) for i, u in results], self.page.evaluate(_ELAPSED), wall)

    def type_keys(self, query: str, delay_ms: float = 120) -> Timed:
        """Type a query key by key into an empty box, as an agent does, and time the last key."""
        query = query.strip()
        if self.input.input_value():
            self.input.fill("")
            self._wait("")
        self.input.press_sequentially(query[:-1], delay=delay_ms)
        self.page.evaluate(_WATCH, "#efa-search-results, .efa-search__status")
        started = time.perf_counter()
        self.input.press(query[-1])
        self._wait(query)
        wall = (time.perf_counter() - started) * 1000
        results = self.page.eval_on_selector_all(
            "#efa-search-results [role=option]",
            "els => els.map(e => [e.dataset.id, e.dataset.url])",
        )
        return Timed([(i, u) for i, u in results], self.page.evaluate(_ELAPSED), wall)

    def first_result_bytes(self) -> int:
        """Bytes (as the browser counts them, headers included) transferred from opening the
        page until the first result list appeared; 0 if none has yet."""
        return int(self.page.evaluate("() => window.__efaFirst ? window.__efaFirst.bytes : 0"))

    def _wait(self, query: str) -> None:
        self.page.wait_for_function(
            "q => document.querySelector('[data-efa-search]').getAttribute('data-efa-done') === q",
            arg=query,
            timeout=15_000,
        )

    def close(self) -> None:
        self.page.close()


class MaterialSearchPage:
    """mkdocs-material's built-in search on a site built with its search plugin."""

    def __init__(self, browser: Any, site_url: str):
        self.site_url = site_url
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.page.goto(site_url)
        self.input = self.page.locator("input[data-md-component=search-query]")
        self.input.click()

    def search(self, query: str) -> list[tuple[str, str]]:
        return self.timed(query).results

    def timed(self, query: str) -> Timed:
        query = query.strip()
        self.input.fill("")
        self.input.press("End")  # Material reads the query on key events, not on input
        self.page.wait_for_function(
            "() => !document.querySelector('.md-search-result__list').children.length"
        )
        self.input.fill(query[:-1])
        self.page.evaluate(_WATCH, ".md-search-result__list, .md-search-result__meta")
        started = time.perf_counter()
        self.input.press(query[-1] if query[-1] != " " else "Space")
        # Material answers from a web worker and renders in place, with no sign of being
        # done: wait until the list has not changed for SETTLE ms after the keystroke.
        self.page.wait_for_function(
            """settle => {
              const w = window.__efaWatch, now = performance.now();
              return w.key !== null && now - Math.max(w.key, w.last || 0) > settle;
            }""",
            arg=SETTLE_MS,
            polling=20,
            timeout=15_000,
        )
        wall = (time.perf_counter() - started) * 1000 - SETTLE_MS
        hrefs = self.page.eval_on_selector_all(
            ".md-search-result__item > a.md-search-result__link", "els => els.map(e => e.href)"
        )
        results = [_result(h, self.site_url) for h in hrefs[:10]]
        return Timed(results, self.page.evaluate(_ELAPSED), wall)

    def close(self) -> None:
        self.page.close()


class BrowserEngine:
    """The site search of several states as an evaluation engine ``(state, query)``."""

    def __init__(self, browser: Any, base_url: str, material: bool = False):
        self.browser = browser
        self.base_url = base_url
        self.material = material
        self._pages: dict[str, EfaSearchPage | MaterialSearchPage] = {}

    def __call__(self, state: str, query: str) -> list[tuple[str, str]]:
        return self.timed(state, query).results

    def timed(self, state: str, query: str) -> Timed:
        """Results and timing of one query on one state's site."""
        if state not in self._pages:
            url = f"{self.base_url}{state}/"
            self._pages[state] = (MaterialSearchPage if self.material else EfaSearchPage)(
                self.browser, url
            )
        return self._pages[state].timed(query)

    def close(self) -> None:
        for page in self._pages.values():
            page.close()
        self._pages.clear()
