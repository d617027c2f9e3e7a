"""MkDocs hooks of every site: the last sanitising gate, the content guard, the sidebar.

MkDocs loads this file by path (``hooks:`` in the generated ``mkdocs.yml``); the
work is done by the modules it calls.
"""

from __future__ import annotations

import html
from functools import lru_cache
from pathlib import Path
from typing import Any

from efa_kb.build.mkdocs_runner import (
    TOC,
    ThemeBlocks,
    clean_toc,
    note_content,
    note_output,
    read_nav_file,
    sidebar,
)
from efa_kb.build.page_parts import put_parts, take_parts
from efa_kb.build.project_files import shipped
from efa_kb.load.sanitize import clean_page_html, plain_text


def on_config(config: Any, **kwargs: Any) -> Any:
    """The navigation comes from the project's nav.json."""
    return read_nav_file(config)


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    """The HTML blocks efa-kb made leave the Markdown before it is converted (see page_parts)."""
    markdown, page.efa_parts = take_parts(markdown)
    return markdown


def on_page_content(html: str, page: Any, **kwargs: Any) -> str:
    """Every page's content passes the allow-list sanitiser before it is themed, and the
    content guard (nothing loaded from another host) looks at what is left."""
    clean = put_parts(html, getattr(page, "efa_parts", ()), _clean)
    note_content(page, clean)
    clean_toc(page, _text)
    return clean


_clean = lru_cache(maxsize=16384)(clean_page_html)
"""A worker builds several states one after the other; what they share is cleaned once."""


@lru_cache(maxsize=16384)
def _text(title: str) -> str:
    """A table-of-contents title as escaped text (the theme writes it as HTML).

    Python-Markdown gives a heading's text with its tags removed and ``<`` escaped, so only a
    title with a ``<`` (from a ``data-toc-label``) needs the sanitiser.
    """
    return html.escape(plain_text(title), quote=False) if "<" in title else title


def on_env(env: Any, config: Any, **kwargs: Any) -> Any:
    """The theme's ``partials/nav.html`` calls ``efa_sidebar`` for the navigation's items,
    its ``main.html`` ``efa_once`` for the blocks that are the same on many pages."""
    env.globals["efa_sidebar"] = sidebar
    env.globals["efa_toc"] = TOC
    features = set(config.theme.get("features") or ())
    # With navigation.footer, Material's footer links to the previous and the next page.
    uncached = frozenset({"footer"} if "navigation.footer" in features else ())
    env.globals["efa_once"] = ThemeBlocks(_own_templates_only(config.theme.custom_dir), uncached)
    return env


def _own_templates_only(custom_dir: str | None) -> bool:
    """Whether the project's theme templates are efa-kb's, none of a repository's own."""
    if custom_dir is None:
        return False
    theme = Path(custom_dir)
    shipped_theme = shipped("theme")
    templates = {p.relative_to(theme) for p in theme.rglob("*.html")}
    return templates == {p.relative_to(shipped_theme) for p in shipped_theme.rglob("*.html")} and all(
        (theme / t).read_bytes() == (shipped_theme / t).read_bytes() for t in templates)


def on_post_page(output: str, page: Any, **kwargs: Any) -> str:
    note_output(page, output)
    return output
