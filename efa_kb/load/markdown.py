"""Markdown files with YAML front matter; the only module that imports python-frontmatter."""

from __future__ import annotations

import re
from dataclasses import dataclass

import frontmatter

from efa_kb.load.yamlio import YamlError, YamlList, YamlMap, parse_yaml


@dataclass(frozen=True)
class RawSection:
    heading: str
    text: str
    line: int


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


class _TextYAML(frontmatter.YAMLHandler):
    """Front matter read with our line-aware, nothing-implicit YAML loader."""

    def load(self, fm: str, **kwargs: object) -> dict[str, object]:  # type: ignore[override]
        return parse_yaml(fm)  # type: ignore[no-any-return]


_HANDLER = _TextYAML()
_H2 = re.compile(r"^##(?!#)\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^(```|~~~)")


def parse_markdown(text: str) -> MarkdownFile:
    """Split ``text`` into front matter and sections. Raises :class:`YamlError`."""
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    if text.startswith("---") and not _HANDLER.detect(text):
        raise YamlError("front matter opened with '---' but never closed", 1)
    if _HANDLER.detect(text):
        front, body = _HANDLER.split(text)
        # The front matter's first line is line 2 of the file, after the opening '---'.
        offset = 2 - (len(front) - len(front.lstrip("\n")) + 1)
        try:
            meta = parse_yaml(front)
        except YamlError as exc:
            raise YamlError(exc.message, exc.line + offset if exc.line else None) from None
    else:
        meta, body, offset = None, text, 0
    if meta is None:
        meta = YamlMap()
        meta.key_lines = {}
    if not isinstance(meta, YamlMap):
        raise YamlError("front matter must be a mapping of keys to values", 2)
    _shift_lines(meta, offset)
    body = body.strip("\n")
    body_line = _body_start(text, body)
    intro, sections = _split_sections(body, body_line)
    return MarkdownFile(meta, body, intro, sections, body_line, text)


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


def _split_sections(body: str, first_line: int) -> tuple[str, tuple[RawSection, ...]]:
    intro: list[str] = []
    sections: list[tuple[str, int, list[str]]] = []
    in_fence = False
    for offset, line in enumerate(body.split("\n")):
        if _FENCE.match(line.strip()):
            in_fence = not in_fence
        match = None if in_fence else _H2.match(line)
        if match:
            sections.append((match.group(1), first_line + offset, []))
        elif sections:
            sections[-1][2].append(line)
        else:
            intro.append(line)
    return "\n".join(intro).strip(), tuple(
        RawSection(heading, "\n".join(lines).strip(), line) for heading, line, lines in sections
    )


def write_markdown(meta: dict[str, object], body: str) -> str:
    """Serialise front matter and body the way authors write them."""
    post = frontmatter.Post(body, None, **meta)
    return frontmatter.dumps(post, sort_keys=False, allow_unicode=True) + "\n"
