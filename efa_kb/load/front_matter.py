"""Front matter, read and written; the only module that imports python-frontmatter.

Reading splits a file into its YAML front matter (parsed by our line-aware loader)
and its body. Writing never re-serialises a file an author wrote: :func:`set_keys`
changes only the lines of the keys it sets, so comments, key order and line ends
stay as they were; :func:`compose` writes a new file from ``key: value`` lines.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

import frontmatter

from efa_kb.load.yamlio import YamlError, YamlMap, parse_yaml
from efa_kb.problems import ContentError


class _TextYAML(frontmatter.YAMLHandler):
    """Front matter read with our line-aware, nothing-implicit YAML loader."""

    def load(self, fm: str, **kwargs: object) -> Any:
        return parse_yaml(fm)


_HANDLER = _TextYAML()


def split(text: str) -> tuple[YamlMap, str, int]:
    """``(front matter, body, line offset)`` of a normalised text (LF line ends, no BOM).

    The offset turns a line of the parsed front matter into a line of the file.
    Raises :class:`YamlError` for front matter that is not a mapping or never closed.
    """
    if not _HANDLER.detect(text):
        if text.startswith("---"):
            raise YamlError("das mit '---' begonnene Front Matter wird nie geschlossen", 1)
        empty = YamlMap()
        empty.key_lines = {}
        return empty, text, 0
    try:
        front, body = _HANDLER.split(text)
    except ValueError:  # the opening '---' has no closing one
        raise YamlError("das mit '---' begonnene Front Matter wird nie geschlossen", 1) from None
    # The front matter's first line is line 2 of the file, after the opening '---'.
    offset = 2 - (len(front) - len(front.lstrip("\n")) + 1)
    try:
        meta = parse_yaml(front)
    except YamlError as exc:
        raise YamlError(exc.message, exc.line + offset if exc.line else None) from None
    if meta is None:
        meta = YamlMap()
        meta.key_lines = {}
    if not isinstance(meta, YamlMap):
        raise YamlError("das Front Matter muss aus Schlüsseln mit Werten bestehen", 2)
    return meta, body, offset


def quoted(text: str) -> str:
    """A YAML double-quoted scalar on one line (JSON strings are valid YAML)."""
    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def flow_list(items: Iterable[str]) -> str:
    """A YAML flow sequence of plain ids: ``[wohngeld, elterngeld]``."""
    return "[" + ", ".join(items) + "]"


def compose(lines: Iterable[tuple[str, str]], body: str) -> str:
    """A new Markdown file from ``(key, YAML value text)`` pairs and a body.

    Values are YAML as they should appear (use :func:`quoted` for free text); a
    value may end in a ``# comment`` for the author.
    """
    front = "".join(f"{key}: {value}\n" for key, value in lines)
    return f"---\n{front}---\n\n{body.strip()}\n"


def set_keys(text: str, values: Mapping[str, str], after: Mapping[str, str] | None = None,
             path: str = "") -> str:
    """``text`` with top-level front-matter keys set to ``values`` (YAML value text).

    Only the lines of those keys change; a trailing comment on a replaced line is kept.
    A missing key is inserted after the key named in ``after`` (else at the end of the
    front matter); a file without front matter gets one. ``path`` names the file in
    the error raised for front matter that is never closed.
    """
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    if not lines or lines[0].strip() != "---":
        front = "".join(f"{key}: {value}{newline}" for key, value in values.items())
        return f"---{newline}{front}---{newline}{text}"
    close = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if close is None:
        raise ContentError.single(path, 1, "Das Front Matter ist nicht mit '---' geschlossen",
                                  "Fügen Sie nach dem letzten Schlüssel eine Zeile '---' ein", code="invalid-yaml")
    for key, value in values.items():
        pattern = re.compile(
            rf"^{re.escape(key)}[ \t]*:(?P<value>[^\r\n]*?)(?P<comment>[ \t]+#[^\r\n]*)?(?P<eol>\r?\n)?$"
        )
        index = next((i for i in range(1, close) if pattern.match(lines[i])), None)
        if index is not None:
            match = pattern.match(lines[index])
            assert match
            lines[index] = f"{key}: {value}{match['comment'] or ''}{match['eol'] or ''}"
            continue
        anchor = (after or {}).get(key)
        position = next(
            (i + 1 for i in range(1, close) if anchor and re.match(rf"^{re.escape(anchor)}[ \t]*:", lines[i])),
            close,
        )
        lines.insert(position, f"{key}: {value}{newline}")
        close += 1
    return "".join(lines)
