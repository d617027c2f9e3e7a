"""Writing an overlay's ``base:`` pin with the smallest possible edit of its front matter."""

from __future__ import annotations

import re

_BASE = re.compile(r"^base:.*$", re.MULTILINE)


def with_pin(text: str, pin: str) -> str:
    """``text`` with ``base: <pin>`` set in its front matter (added if missing)."""
    if not text.startswith("---"):
        return f"---\nbase: {pin}\n---\n{text}"
    end = text.find("\n---", 3)
    if end < 0:
        raise ValueError("front matter is not closed")
    front, rest = text[: end + 1], text[end + 1:]
    if _BASE.search(front):
        front = _BASE.sub(f"base: {pin}", front, count=1)
    else:
        overlay = re.search(r"^overlay:.*\n", front, re.MULTILINE)
        at = overlay.end() if overlay else front.index("\n") + 1
        front = front[:at] + f"base: {pin}\n" + front[at:]
    return front + rest
