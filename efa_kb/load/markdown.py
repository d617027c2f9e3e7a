"""Markdown files: front matter plus the body split into its sections."""

from __future__ import annotations

import re
from dataclasses import dataclass

from efa_kb.load import front_matter
from efa_kb.load.yamlio import YamlList, YamlMap


@dataclass(frozen=True)
class RawSection:
    """A section below a heading of one level, as written."""

    heading: str
    text: str
    line: int
    """Line of the heading in the file."""


@dataclass(frozen=True)
class MarkdownFile:
    """A parsed Markdown file: front matter, intro and ``##`` sections."""

    meta: YamlMap
    body: str
    intro: str
    sections: tuple[RawSection, ...]
    body_line: int
    """Line of the file where the body starts."""
    text: str = ""
    """The whole file as read (for fingerprints)."""


_FENCE = re.compile(r"^(```|~~~)")
MAX_NESTING = 20
"""Deepest list or quote nesting accepted; Python-Markdown overflows the stack far beyond it."""
MAX_MARKER_RUN = 100
"""Longest run of emphasis markers (``*``, ``_``) accepted."""
_QUOTES = re.compile(r"^(?:\s*>)+")
_MARKERS = re.compile(rf"[*_]{{{MAX_MARKER_RUN + 1},}}")


def parse_markdown(text: str) -> MarkdownFile:
    """Split ``text`` into front matter and ``##`` sections. Raises :class:`YamlError`."""
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    meta, body, offset = front_matter.split(text)
    _shift_lines(meta, offset)
    body = body.strip("\n")
    body_line = _body_start(text, body)
    intro, sections = split_sections(body, body_line)
    return MarkdownFile(meta, body, intro, sections, body_line, text)


def split_sections(body: str, first_line: int, level: int = 2) -> tuple[str, tuple[RawSection, ...]]:
    """Text before the first heading of ``level``, then one section per such heading.

    Headings inside fenced code blocks are text, not headings.
    """
    heading = re.compile(rf"^{'#' * level}(?!#)\s+(.+?)\s*#*\s*$")
    intro: list[str] = []
    sections: list[tuple[str, int, list[str]]] = []
    in_fence = False
    for offset, line in enumerate(body.split("\n")):
        if _FENCE.match(line.strip()):
            in_fence = not in_fence
        match = None if in_fence else heading.match(line)
        if match:
            sections.append((match.group(1), first_line + offset, []))
        elif sections:
            sections[-1][2].append(line)
        else:
            intro.append(line)
    return "\n".join(intro).strip(), tuple(
        RawSection(title, "\n".join(lines).strip(), line) for title, line, lines in sections
    )


def _shift_lines(meta: YamlMap, offset: int) -> None:
    meta.line += offset
    meta.key_lines = {key: line + offset for key, line in meta.key_lines.items()}
    for value in meta.values():
        if isinstance(value, YamlMap):
            _shift_lines(value, offset)
        elif isinstance(value, YamlList):
            value.line += offset
            value.item_lines = [line + offset for line in value.item_lines]


def _body_start(text: str, body: str) -> int:
    if not body:
        return text.count("\n") + 1
    index = text.find(body)
    return text.count("\n", 0, max(index, 0)) + 1


def nesting_problem(body: str, first_line: int) -> tuple[int, str] | None:
    """``(line, message)`` for Markdown nested too deeply to be converted, else None.

    Only what overflows the converter counts: list and quote levels by indentation
    and ``>`` markers, and endless runs of emphasis markers; fenced code is skipped.
    """
    in_fence = False
    for offset, line in enumerate(body.split("\n")):
        if _FENCE.match(line.strip()):
            in_fence = not in_fence
        if in_fence:
            continue
        expanded = line.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip(" "))
        quotes = _QUOTES.match(line)
        depth = max(indent // 4, quotes.group(0).count(">") if quotes else 0)
        if depth > MAX_NESTING:
            return first_line + offset, f"Listen oder Zitate sind {depth} Ebenen tief verschachtelt; möglich sind höchstens {MAX_NESTING}"
        if _MARKERS.search(line):
            return first_line + offset, f"Mehr als {MAX_MARKER_RUN} Hervorhebungszeichen (* oder _) in Folge"
    return None
