"""Built sites served below a sub-path (``/kb/<state>/``), as a web server in production would,
and a crawler that follows every link and asset of one state's site.

``efa_kb.index.browser.serve`` serves a folder at ``/``; here ``/kb/`` maps to the output
folder, and an address that does not exist below ``/kb/<state>/`` gets that state's
``404.html`` with status 404 (nginx: ``error_page 404 /kb/<state>/404.html``).
"""

from __future__ import annotations

import http.server
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

PREFIX = "/kb/"


def _handler(site: Path) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            path = unquote(urlsplit(self.path).path)
            if not path.startswith(PREFIX):
                self.send_error(404)
                return
            relative = path[len(PREFIX):]
            target = (site / relative).resolve()
            if site.resolve() not in (target, *target.parents):
                self.send_error(404)
                return
            if target.is_dir() and not path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.end_headers()
                return
            if target.is_dir():
                target = target / "index.html"
            status = 200
            if not target.is_file():
                state = relative.split("/", 1)[0]
                target = site / state / "404.html"
                status = 404
                if not state or not target.is_file():
                    self.send_error(404)
                    return
            body = target.read_bytes()
            self.send_response(status)
            self.send_header("Content-Type", self.guess_type(str(target)))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


@contextmanager
def serve_under_prefix(site: Path) -> Iterator[str]:
    """Serve output folder ``site`` at ``http://127.0.0.1:<port>/kb/``; yields that URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    finally:
        server.shutdown()
        server.server_close()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "base" and values.get("href"):
            self.base = values["href"]
        for name in ("href", "src"):
            value = values.get(name)
            if value and not value.startswith(("mailto:", "tel:", "javascript:", "data:", "#")):
                self.links.append(value)


def fetch(url: str) -> tuple[int, bytes, str]:
    """Status, body and content type of ``url`` (a 404 is an answer, not an exception)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers.get("Content-Type", "")


def links_of(url: str, html: str) -> list[str]:
    """Absolute URLs of every link and asset of an HTML page at ``url`` (a static <base> applies)."""
    parser = _Links()
    parser.feed(html)
    base = urljoin(url, parser.base) if parser.base else url
    return [urljoin(base, link).split("#", 1)[0] for link in parser.links]


def crawl(start: str, within: str, extra: tuple[str, ...] = ()) -> tuple[dict[str, int], list[tuple[str, str, int]]]:
    """Follow every same-origin link from ``start`` (and ``extra`` pages), fetching assets too;
    pages below ``within`` are crawled further. Returns (status by URL, broken links as
    (page, link, status)). Addresses in ``extra`` may answer 404 (the 404 page) and are still crawled."""
    origin = urlsplit(start)[:2]
    seen: dict[str, int] = {}
    broken: list[tuple[str, str, int]] = []
    queue = [(start, start), *((page, page) for page in extra)]
    while queue:
        page, url = queue.pop()
        if url in seen:
            continue
        status, body, kind = fetch(url)
        seen[url] = status
        if status != 200 and url not in extra:
            broken.append((page, url, status))
            continue
        if "text/html" in kind and url.startswith(within):
            for link in links_of(url, body.decode("utf-8", "replace")):
                if urlsplit(link)[:2] == origin and link not in seen:
                    queue.append((url, link))
    return seen, broken
