"""Finished HTML blocks taken out of a page's Markdown and put back after conversion.

The render stage marks the HTML it makes (:func:`efa_kb.render.markup.part`). Before
MkDocs converts a page, each marked block becomes a placeholder; after conversion and
sanitising, the placeholders are replaced by the blocks, each sanitised on its own.
So the Markdown MkDocs converts is the authors' text and headings only: the same in
every state that shows the article unchanged, and converted once (see
:mod:`efa_kb.build.mkdocs_runner`), whatever the state's banners and routing say.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from efa_kb.render.markup import PART_CLOSE, PART_OPEN

PLACEHOLDER = '<div class="efa-part"></div>'
"""What stands in the Markdown, and then in the converted HTML, where a block goes."""

_AUTHORS_PLACEHOLDER = '<div class="efa-part" ></div>'
_MARKED = re.compile(rf"^{re.escape(PART_OPEN)}\n(.*?)\n{re.escape(PART_CLOSE)}$", re.DOTALL | re.MULTILINE)


def take_parts(markdown: str) -> tuple[str, tuple[str, ...]]:
    """The Markdown with every marked block replaced by :data:`PLACEHOLDER`, and the blocks in order."""
    parts: list[str] = []

    def take(match: re.Match[str]) -> str:
        parts.append(match.group(1))
        return PLACEHOLDER

    # The placeholder written by an author is made to differ, so that in the converted page
    # only ours are found (sanitising makes the author's the same again: see put_parts).
    markdown = markdown.replace(PLACEHOLDER, _AUTHORS_PLACEHOLDER)
    return _MARKED.sub(take, markdown), tuple(parts)


def put_parts(converted: str, parts: tuple[str, ...], clean: Callable[[str], str]) -> str:
    """The converted page ``clean``, its placeholders replaced by the ``parts``, each ``clean`` too.

    Page and blocks are sanitised apart, so that each is cleaned once however many states
    show it. When an author wrote the placeholder's HTML too, the sanitised page has more
    placeholders than blocks: then the blocks go into the converted page where the Markdown
    had them and the whole page is sanitised at once.
    """
    body = clean(converted)
    if not parts:
        return body
    pieces = body.split(PLACEHOLDER)
    if len(pieces) == len(parts) + 1:
        return _join(pieces, [clean(part) for part in parts])
    return clean(_join(converted.split(PLACEHOLDER), list(parts)))


def _join(pieces: list[str], parts: list[str]) -> str:
    """``pieces`` with ``parts`` between them (extra placeholders stay empty)."""
    out = [pieces[0]]
    for index, piece in enumerate(pieces[1:]):
        out += [parts[index] if index < len(parts) else "", piece]
    return "".join(out)
