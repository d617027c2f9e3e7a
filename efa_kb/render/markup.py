"""Small helpers for writing the Markdown + HTML our pages are made of."""

from __future__ import annotations

import html


def esc(text: str) -> str:
    """Escape text for HTML (attributes and content)."""
    return html.escape(text, quote=True)


def md_text(text: str) -> str:
    """Escape plain text (titles, names) for use inside Markdown."""
    return esc(text).replace("*", "&#42;").replace("_", "&#95;").replace("[", "&#91;").replace("`", "&#96;")


def link(url_from: str, url_to: str) -> str:
    """Relative URL from page directory ``url_from`` to page directory ``url_to`` (both end with '/')."""
    src = [p for p in url_from.split("/") if p]
    dst = [p for p in url_to.split("/") if p]
    common = 0
    while common < min(len(src), len(dst)) and src[common] == dst[common]:
        common += 1
    parts = [".."] * (len(src) - common) + dst[common:]
    tail = "/" if url_to.endswith("/") and parts else ""
    return "/".join(parts) + tail if parts else "./"


def page_url(src: str) -> str:
    """The URL (relative to the site root, ending in '/') of the page built from source ``src``."""
    if src == "index.md":
        return ""
    if src.endswith("/index.md"):
        return src[: -len("index.md")]
    return src[: -len(".md")] + "/"


PART_OPEN = "<!-- efa-part -->"
PART_CLOSE = "<!-- /efa-part -->"
"""Lines around a block of finished HTML in a page's Markdown (see :func:`part`)."""


def part(html_block: str) -> str:
    """A block of HTML efa-kb made (a banner, routing, a Leistung's offices), marked as such.

    The build takes marked blocks out of the Markdown before converting it and puts them
    back into the converted page (:mod:`efa_kb.build.page_parts`): what differs between
    states is then outside the Markdown, so the same article converts once for all of
    them, and Markdown never has to parse HTML it would pass through unchanged.
    """
    if not html_block:
        return ""
    return f"{PART_OPEN}\n{html_block}\n{PART_CLOSE}"


def page(title: str, body: str, **meta: str) -> str:
    """A Markdown page with only MkDocs' own ``title`` (and given keys) as front matter.

    The theme writes a page's title as HTML (``<title>``, header, navigation), so the
    plain-text title is escaped here, where records become MkDocs input.
    """
    lines = ["---", f"title: {_yaml_string(esc(title))}"]
    lines += [f"{key}: {_yaml_string(value)}" for key, value in meta.items()]
    lines += ["---", "", body.strip(), ""]
    return "\n".join(lines)


def _yaml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
