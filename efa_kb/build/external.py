"""Build-time guard: nothing in a site may load from another host.

Agents work in closed networks, so a script, style, font, image, frame or worker
from another host would break the page or leak. Links a person follows
(``<a href>``) are fine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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
_JS_LOAD = re.compile(r"""(?:importScripts|new\s+Worker|fetch|import)\s*\(\s*['"]((?:https?:)?//[^'"]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class ExternalReference:
    path: str
    line: int
    url: str
    what: str


def is_external(url: str) -> bool:
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
    """Every reference in ``site`` that would make a browser load from another host."""
    found: list[ExternalReference] = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(site).as_posix()
        suffix = path.suffix.lower()
        if suffix in (".html", ".htm"):
            scanner = _Scanner()
            scanner.feed(path.read_text(encoding="utf-8", errors="replace"))
            found += [ExternalReference(relative, line, url, what) for line, url, what in scanner.found]
        elif suffix in (".css", ".js"):
            text = path.read_text(encoding="utf-8", errors="replace")
            pattern = _CSS_URL if suffix == ".css" else _JS_LOAD
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(ExternalReference(relative, line, match.group(1), f"{suffix[1:]} load"))
    return found
