"""MkDocs hook: every page's content passes the allow-list sanitiser before it is themed."""

from __future__ import annotations

from typing import Any

from efa_kb.load.sanitize import clean_page_html


def on_page_content(html: str, **kwargs: Any) -> str:
    return clean_page_html(html)
