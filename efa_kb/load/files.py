"""Reading files of a knowledge-base repository safely.

Every file is read through here: it must lie inside the repository once links
are resolved, be UTF-8 and not be absurdly large. Problems are reported, not raised.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from efa_kb.load.markdown import MarkdownFile, nesting_problem, parse_markdown
from efa_kb.load.yamlio import YamlError, YamlList, YamlMap, parse_yaml
from efa_kb.problems import Problems

MAX_TEXT_BYTES = 2_000_000


def rel(root: Path, path: Path) -> str:
    """``path`` relative to ``root`` with POSIX separators."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def inside(root: Path, path: Path) -> bool:
    """True when ``path`` resolves to a place inside ``root`` (links followed)."""
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def read_text(root: Path, path: Path, problems: Problems) -> str | None:
    """The file's text, or None after reporting why it cannot be used."""
    name = rel(root, path)
    if not inside(root, path):
        problems.error(name, None, "the file points outside the repository (a link to another place)",
                       "replace the link by a regular file inside the repository")
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.error(name, None, f"cannot be read: {exc.strerror}", "check the file's permissions")
        return None
    if len(data) > MAX_TEXT_BYTES:
        problems.error(name, None, f"is {len(data)} bytes; at most {MAX_TEXT_BYTES} are read",
                       "split the file")
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.error(name, line, "is not UTF-8 text", "save the file as UTF-8")
        return None


def read_yaml_mapping(root: Path, path: Path, problems: Problems, expected: str, example: str) -> YamlMap | None:
    """The file's YAML if it is a mapping; an empty file or another type is reported with what
    was ``expected`` (``"name, ars_prefix, services, …"``) and an ``example`` line."""
    return _read_typed(root, path, problems, YamlMap, f"a mapping of keys ({expected})", example)


def read_yaml_list(root: Path, path: Path, problems: Problems, expected: str, example: str) -> YamlList | None:
    """The file's YAML if it is a list; an empty file or another type is reported."""
    return _read_typed(root, path, problems, YamlList, f"a list of {expected}", example)


def _read_typed(root: Path, path: Path, problems: Problems, kind: type, expected: str, example: str) -> Any:
    text = read_text(root, path, problems)
    if text is None:
        return None
    try:
        data = parse_yaml(text)
    except YamlError as exc:
        problems.error(rel(root, path), exc.line, f"is not valid YAML: {exc.message}",
                       "fix the indentation or quoting at that line")
        return None
    if isinstance(data, kind):
        return data
    got = "empty" if data is None else f"{_kind_of(data)}"
    problems.error(rel(root, path), getattr(data, "line", 1), f"must be {expected}, but it is {got}",
                   f"write for example: {example}")
    return None


def _kind_of(data: Any) -> str:
    if isinstance(data, YamlMap):
        return "a mapping"
    if isinstance(data, YamlList):
        return "a list"
    return f"the text {str(data)[:40]!r}"


def read_markdown(root: Path, path: Path, problems: Problems) -> MarkdownFile | None:
    """The parsed Markdown file (front matter and sections), or None after reporting why not."""
    parsed: MarkdownFile | None = _read_parsed(root, path, problems, parse_markdown,
                                               "front matter is not valid YAML")
    if parsed is not None and (deep := nesting_problem(parsed.body, parsed.body_line)):
        problems.error(rel(root, path), deep[0], deep[1], "flatten the lists or quotes at that line")
        return None
    return parsed


def _read_parsed(root: Path, path: Path, problems: Problems, parse: Callable[[str], Any], what: str) -> Any:
    text = read_text(root, path, problems)
    if text is None:
        return None
    try:
        return parse(text)
    except YamlError as exc:
        problems.error(rel(root, path), exc.line, f"{what}: {exc.message}",
                       "fix the indentation or quoting at that line")
        return None


def markdown_files(folder: Path) -> list[Path]:
    """Markdown files below ``folder``, sorted, hidden files skipped."""
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.rglob("*.md") if not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
