"""Build-time guard: nothing in a site may load from another host.

Agents work in closed networks, so a script, style, font, image, frame or worker
from another host would break the page or leak. Links a person follows
(``<a href>``) are fine.

The guard costs what can differ: a page is its theme around its content, and
only the content differs from page to page. So the content of every page is
checked as it is built (:func:`content_loads`, a scan of the sanitiser's
canonical output, memoised, so content shared by states is scanned once), and
the theme once per site (:func:`scan_theme`: the theme's assets, memoised by
their bytes, and the pages that show every template).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

LOADING_ATTRS = {
    "script": ("src",), "img": ("src", "srcset"), "iframe": ("src",), "frame": ("src",),
    "source": ("src", "srcset"), "video": ("src", "poster"), "audio": ("src",), "track": ("src",),
    "embed": ("src",), "object": ("data",), "input": ("src",), "image": ("href",), "use": ("href",),
}
LOADING_RELS = {"stylesheet", "icon", "preload", "prefetch", "preconnect", "dns-prefetch", "manifest",
                "modulepreload", "apple-touch-icon", "shortcut"}
_CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*((?:[a-z][a-z0-9+.-]*:)?//[^'")\s]+)""", re.IGNORECASE)
_JS_LOAD = re.compile(
    r"""(?:\b[\w$.]+\s*\(\s*['"`]((?:https?:)?//[^'"`\s]+)"""
    r"""|\.(?:src|href)\s*=\s*['"`]((?:https?:)?//[^'"`\s]+)"""
    r"""|`((?:https?:)?//[^`\s]*\$\{))""", re.IGNORECASE)
"""An absolute URL given to a call (``fetch("https://…")``, a bundle's ``loadScript("https://…")``),
set as an element's ``src``/``href``, or built in a template string (`` `https://host/${…}` ``):
what a script can load from."""
NEUTRALISED = {
    re.compile(r"https://unpkg\.com/mermaid@"):
        "Material loads Mermaid for elements of class 'mermaid': the sanitiser removes that class, and "
        "check refuses a configuration that enables Mermaid",
    re.compile(r"https://unpkg\.com/resize-observer-polyfill"):
        "Material loads it only where ResizeObserver is missing: efa-kb's theme defines one first",
    re.compile(r"https://api\.github\.com/|https://\$\{\w+\}/api/v4/projects/"):
        "Material asks GitHub or GitLab for repository facts for a source link only: efa-kb's theme "
        "renders repo_url as a plain link",
}
"""Loads in Material's own bundle that efa-kb's theme never lets happen (what they start with → why)."""


@dataclass(frozen=True)
class ExternalReference:
    """Something in a built site that a browser would load from another host."""

    path: str
    """File relative to the site root."""
    line: int
    url: str
    what: str
    """What loads it: ``<script src>``, ``css load``, …"""


def is_external(url: str) -> bool:
    """True for an absolute or protocol-relative URL, which points to another host."""
    url = url.strip().lower()
    return url.startswith(("http://", "https://", "//", "ftp://", "ws://", "wss://"))


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        line = self.getpos()[0]
        for attr in LOADING_ATTRS.get(tag, ()):
            for url in values.get(attr, "").split(","):
                url = url.strip().split(" ")[0]
                if url and is_external(url):
                    self.found.append((line, url, f"<{tag} {attr}>"))
        if tag == "link" and set(values.get("rel", "").lower().split()) & LOADING_RELS and is_external(values.get("href", "")):
            self.found.append((line, values["href"], f"<link rel={values.get('rel')}>"))
        if "style" in values:
            for match in _CSS_URL.finditer(values["style"]):
                self.found.append((line, match.group(1), "style attribute"))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            for match in _CSS_URL.finditer(data):
                self.found.append((self.getpos()[0], match.group(1), "<style>"))


def scan_site(site: Path) -> list[ExternalReference]:
    """Every reference in ``site`` that would make a browser load from another host (every file)."""
    found: list[ExternalReference] = []
    for path in sorted(site.rglob("*")):
        if path.is_file():
            found += scan_file(site, path)
    return found


def scan_theme(site: Path, pages: list[str]) -> list[ExternalReference]:
    """Loads from another host in the site's theme: every asset, and the given whole pages.

    ``pages`` (paths below ``site``) should show every template the site uses; their
    content is scanned again, which costs little.
    """
    found: list[ExternalReference] = []
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix.lower() in (".css", ".js"):
            found += scan_file(site, path)
    for page in pages:
        if (site / page).is_file():
            found += scan_file(site, site / page)
    return found


def scan_file(site: Path, path: Path) -> list[ExternalReference]:
    """Loads from another host in one HTML, CSS or JavaScript file (assets memoised by content)."""
    relative = path.relative_to(site).as_posix()
    suffix = path.suffix.lower()
    data = path.read_bytes()
    if suffix in (".html", ".htm"):
        scanner = _Scanner()
        scanner.feed(data.decode("utf-8", errors="replace"))
        return [ExternalReference(relative, line, url, what) for line, url, what in scanner.found]
    if suffix in (".css", ".js"):
        return [ExternalReference(relative, line, url, what)
                for line, url, what in _asset_loads(hashlib.sha256(data).hexdigest(), data, suffix)]
    return []


_ASSETS: dict[str, list[tuple[int, str, str]]] = {}


def _asset_loads(key: str, data: bytes, suffix: str) -> list[tuple[int, str, str]]:
    if key not in _ASSETS:
        text = data.decode("utf-8", errors="replace")
        pattern = _CSS_URL if suffix == ".css" else _JS_LOAD
        found = []
        for match in pattern.finditer(text):
            url = next(group for group in match.groups() if group)
            if not any(pattern.match(url) for pattern in NEUTRALISED):
                found.append((text.count("\n", 0, match.start()) + 1, url, f"{suffix[1:]} load"))
        _ASSETS[key] = found
    return _ASSETS[key]


_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b([^>]*)>")
_LOADING_MARKERS = ('src="', 'srcset="', 'poster="', 'data="', 'style="', "<link", "<image", "<use")
"""Content without any of these loads nothing (``href`` loads only on ``link``, ``image`` and ``use``):
most pages are decided by a substring test."""
_ATTRIBUTE = re.compile(r'([^\s=/"]+)="([^"]*)"')


@lru_cache(maxsize=8192)
def content_loads(html: str) -> list[tuple[str, str]]:
    """``(url, what)`` of every load from another host in a page's sanitised content.

    The content comes from the sanitiser, which writes canonical HTML (every attribute
    value in double quotes, no comments, no ``<style>``), so a tag-by-tag scan is exact.
    """
    if not any(marker in html for marker in _LOADING_MARKERS):
        return []
    found: list[tuple[str, str]] = []
    for tag_match in _TAG.finditer(html):
        tag = tag_match.group(1).lower()
        attributes = dict(_ATTRIBUTE.findall(tag_match.group(2)))
        for name in LOADING_ATTRS.get(tag, ()):
            for url in attributes.get(name, "").split(","):
                url = url.strip().split(" ")[0]
                if url and is_external(url):
                    found.append((url, f"<{tag} {name}>"))
        for match in _CSS_URL.finditer(attributes.get("style", "")):
            found.append((match.group(1), "style attribute"))
    return found
