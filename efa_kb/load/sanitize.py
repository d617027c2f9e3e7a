"""Sanitise the HTML that editorial systems put into XZuFi texts.

XZuFi carries its formatted texts (``inhalt``, ``beschreibung``) as HTML inside
XML character data, escaped or as CDATA, and that HTML may use HTML entities
(``&auml;``, ``&nbsp;``). lxml undoes the XML escaping; this module parses the
result as HTML exactly once (entities become characters) and keeps only an
allow-list of harmless tags and attributes. It is the only module that imports
nh3; sanitising never uses regular expressions.
"""

from __future__ import annotations

import html
from urllib.parse import urlsplit

import nh3

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "u", "sub", "sup",
        "a", "abbr", "h3", "h4", "h5", "h6", "blockquote", "dl", "dt", "dd",
        "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    }
)
"""Tags kept; every other tag is removed and its text kept."""

ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
"""Attributes kept per tag; ``rel="noopener noreferrer"`` is added to every link."""

URL_SCHEMES = frozenset({"http", "https", "mailto"})
"""The only link targets allowed: no ``javascript:``, ``data:`` or relative links."""

_DROPPED_WITH_CONTENT = {
    "script", "style", "noscript", "template", "iframe", "object", "embed",
    "svg", "math", "textarea", "select", "title",
}

_BLOCK_TAGS = frozenset(
    {
        "p", "br", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div",
        "blockquote", "dl", "dt", "dd", "table", "caption", "tr", "th", "td",
    }
)


def safe_url(url: str | None) -> str | None:
    """Return ``url`` stripped if it is an absolute http(s) or mailto address, else None."""
    if not url:
        return None
    candidate = "".join(ch for ch in url.strip() if ch.isprintable() and not ch.isspace())
    if not candidate:
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in URL_SCHEMES:
        return None
    if scheme in ("http", "https") and not parts.netloc:
        return None
    if scheme == "mailto" and "@" not in parts.path:
        return None
    return candidate


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "href":
        return safe_url(value)
    return value


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(_DROPPED_WITH_CONTENT),
    attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
    attribute_filter=_keep_attribute,
    url_schemes=set(URL_SCHEMES),
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def is_double_escaped(fragment: str) -> bool:
    """Tell whether the source escaped its HTML twice (``&amp;uuml;``, or only ``&lt;p&gt;``).

    That is a defect of the sending system; :func:`clean_html` repairs it, and the
    loader reports it so the editorial office can fix the export.
    """
    return _undo_double_escaping(fragment) != fragment


def _has_escaped_tag(fragment: str) -> bool:
    position = fragment.find("&lt;")
    while position >= 0:
        following = fragment[position + 4:position + 5]
        if following.isalpha() or following in ("/", "!"):
            return True
        position = fragment.find("&lt;", position + 4)
    return False


def _undo_double_escaping(fragment: str) -> str:
    if "<" not in fragment and _has_escaped_tag(fragment):
        # All markup escaped once more: nothing here is a tag yet, so one more
        # decoding only turns text back into the HTML it was meant to be.
        return html.unescape(fragment)
    pieces = fragment.split("&amp;")
    repaired = [pieces[0]]
    for piece in pieces[1:]:
        end = piece.find(";", 0, 34)
        reference = "&" + piece[: end + 1] if end > 0 else ""
        named = reference[1:-1].replace("#", "", 1)
        if reference and named.isalnum() and html.unescape(reference) != reference:
            repaired.append("&" + piece)
        else:
            repaired.append("&amp;" + piece)
    return "".join(repaired)


def clean_html(fragment: str) -> str:
    """Return ``fragment`` as safe HTML, entities decoded once, ``&nbsp;`` as a character.

    ``fragment`` is the string lxml returns for an XZuFi text element: HTML source
    (``<p>F&auml;llig</p>``). The result contains only :data:`ALLOWED_TAGS`, links only
    to :data:`URL_SCHEMES`, and no event handlers, scripts, styles or images.
    """
    if not fragment or not fragment.strip():
        return ""
    return _finish(_CLEANER.clean(_undo_double_escaping(fragment)))


def is_clean_html(fragment: str) -> bool:
    """Tell whether ``fragment`` is safe HTML as :func:`clean_html` leaves it: sanitising it
    once more changes nothing (for HTML that was stored and is read back)."""
    return not fragment or _finish(_CLEANER.clean(fragment)) == fragment


def _finish(cleaned: str) -> str:
    # html5ever writes U+00A0 as "&nbsp;"; a character is the same HTML and keeps
    # the pages free of named entities.
    return cleaned.replace("&nbsp;", "\u00a0").strip()


def html_to_text(safe_html: str) -> str:
    """Return the plain text of sanitised HTML: one line per block, spaces collapsed.

    ``safe_html`` is what :func:`clean_html` returns. Its serialiser escapes ``<``
    and ``>`` in text and attribute values and writes no comments, so every ``<``
    opens a tag and the next ``>`` closes it: a tag of :data:`_BLOCK_TAGS` becomes a
    line break, any other tag nothing, and the text is unescaped once. This is what
    the HTML parser of the standard library gave, without parsing the fragment again.
    """
    if "<" not in safe_html:
        text = html.unescape(safe_html) if "&" in safe_html else safe_html
    else:
        pieces = safe_html.split("<")
        parts = [pieces[0]]
        for piece in pieces[1:]:
            head, closed, rest = piece.partition(">")
            name = head.split(None, 1)[0].strip("/") if closed and head[:1].strip() else ""
            if not (name[:1].isalpha() and name.isascii() and name.isalnum()):
                parts.append("<" + piece)  # not a tag: a "<" that came in unescaped
                continue
            if name.lower() in _BLOCK_TAGS:
                parts.append("\n")
            parts.append(rest)
        text = html.unescape("".join(parts))
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def plain_text(fragment: str) -> str:
    """Return the plain text of an untrusted HTML fragment (sanitised first)."""
    return html_to_text(clean_html(fragment))


# -- whole pages ---------------------------------------------------------------------------------

PAGE_TAGS = ALLOWED_TAGS | {
    "h1", "h2", "div", "span", "section", "article", "aside", "button", "time", "kbd", "code", "pre",
    "hr", "img", "figure", "figcaption", "details", "summary", "mark", "del", "ins", "small", "s", "q", "cite",
}
"""Tags a rendered page may contain: our own markup and what Markdown produces."""

PAGE_ATTRIBUTES: dict[str, set[str]] = {
    **ALLOWED_ATTRIBUTES,
    "a": {"href", "title"},
    "button": {"type"},
    "time": {"datetime"},
    "img": {"src", "alt", "width", "height", "loading"},
    "th": {"colspan", "rowspan", "scope", "align"},
    "td": {"colspan", "rowspan", "align"},
    "details": {"open"},
    "section": {"hidden"},
    "*": {"class", "id", "title", "lang", "hidden", "role", "aria-label", "aria-labelledby", "aria-describedby",
          "aria-live", "aria-hidden", "data-clipboard-target", "data-efa-service", "data-efa-incident"},
}
"""Attributes kept per tag (``*``: on every tag). No ``style``, no event handlers."""

PAGE_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def _page_url(url: str) -> str | None:
    candidate = url.strip()
    scheme = urlsplit(candidate).scheme.lower() if ":" in candidate.split("/")[0] else ""
    if scheme and scheme not in PAGE_URL_SCHEMES:
        return None
    return candidate


SCRIPTED_CLASSES = frozenset({"mermaid"})
"""Classes that make Material's bundle load a script from a CDN (Mermaid from unpkg.com): dropped."""


def _keep_page_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute in ("href", "src"):
        return _page_url(value)
    if attribute == "class" and SCRIPTED_CLASSES.intersection(value.split()):
        kept = " ".join(name for name in value.split() if name not in SCRIPTED_CLASSES)
        return kept or None
    return value


_PAGE_CLEANER = nh3.Cleaner(
    tags=set(PAGE_TAGS),
    clean_content_tags=set(_DROPPED_WITH_CONTENT),
    attributes={tag: set(attrs) for tag, attrs in PAGE_ATTRIBUTES.items()},
    attribute_filter=_keep_page_attribute,
    url_schemes=set(PAGE_URL_SCHEMES),
    link_rel=None,
    strip_comments=True,
)


def clean_page_html(page_html: str) -> str:
    """The content HTML of a page with every script, handler, frame and unsafe link removed.

    Every page passes through here (a MkDocs hook), so HTML that an overlay or any
    other untrusted Markdown carries cannot run in an agent's browser.
    """
    return _PAGE_CLEANER.clean(page_html).replace("&nbsp;", "\u00a0")
