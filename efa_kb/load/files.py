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
        problems.error(name, None, "Die Datei verweist aus dem Repository hinaus (ein Link auf einen anderen Ort)",
                       "Ersetzen Sie den Link durch eine echte Datei im Repository", code="outside-repository")
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.error(name, None, f"Die Datei kann nicht gelesen werden: {exc.strerror}",
                       "Prüfen Sie die Zugriffsrechte der Datei", code="unreadable")
        return None
    if len(data) > MAX_TEXT_BYTES:
        problems.error(name, None, f"Die Datei hat {len(data)} Bytes; gelesen werden höchstens {MAX_TEXT_BYTES}",
                       "Teilen Sie die Datei auf", code="file-too-large")
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.error(name, line, "Die Datei ist kein UTF-8-Text", "Speichern Sie die Datei als UTF-8",
                       code="not-utf8")
        return None


def read_yaml_mapping(root: Path, path: Path, problems: Problems, expected: str, example: str) -> YamlMap | None:
    """The file's YAML if it is a mapping; an empty file or another type is reported with what
    was ``expected`` (``"name, ars_prefix, services, …"``) and an ``example`` line."""
    return _read_typed(root, path, problems, YamlMap, f"Schlüssel mit Werten ({expected})", example)


def read_yaml_list(root: Path, path: Path, problems: Problems, expected: str, example: str) -> YamlList | None:
    """The file's YAML if it is a list (of ``expected``: "Kategorien mit id, name, description"); an
    empty file or another type is reported."""
    return _read_typed(root, path, problems, YamlList, f"eine Liste von {expected}", example)


def _read_typed(root: Path, path: Path, problems: Problems, kind: type, expected: str, example: str) -> Any:
    text = read_text(root, path, problems)
    if text is None:
        return None
    try:
        data = parse_yaml(text)
    except YamlError as exc:
        problems.error(rel(root, path), exc.line, f"Die Datei ist kein gültiges YAML: {exc.message}",
                       YAML_FIX, code="invalid-yaml")
        return None
    if isinstance(data, kind):
        return data
    got = "leer" if data is None else f"{_kind_of(data)}"
    problems.error(rel(root, path), getattr(data, "line", 1), f"Die Datei muss {expected} enthalten, ist aber {got}",
                   f"Schreiben Sie zum Beispiel: {example}", code="wrong-file-shape")
    return None


YAML_FIX = "Prüfen Sie Einrückung und Anführungszeichen in dieser Zeile"


def _kind_of(data: Any) -> str:
    if isinstance(data, YamlMap):
        return "eine Zuordnung (Schlüssel mit Werten)"
    if isinstance(data, YamlList):
        return "eine Liste"
    return f"der Text {str(data)[:40]!r}"


def read_markdown(root: Path, path: Path, problems: Problems) -> MarkdownFile | None:
    """The parsed Markdown file (front matter and sections), or None after reporting why not."""
    parsed: MarkdownFile | None = _read_parsed(root, path, problems, parse_markdown,
                                               "Das Front Matter ist kein gültiges YAML")
    if parsed is not None and (deep := nesting_problem(parsed.body, parsed.body_line)):
        problems.error(rel(root, path), deep[0], deep[1], "Verschachteln Sie Listen und Zitate in dieser Zeile weniger tief",
                       code="nesting-too-deep")
        return None
    return parsed


def _read_parsed(root: Path, path: Path, problems: Problems, parse: Callable[[str], Any], what: str) -> Any:
    text = read_text(root, path, problems)
    if text is None:
        return None
    try:
        return parse(text)
    except YamlError as exc:
        problems.error(rel(root, path), exc.line, f"{what}: {exc.message}", YAML_FIX, code="invalid-yaml")
        return None


def markdown_files(folder: Path) -> list[Path]:
    """Markdown files below ``folder``, sorted, hidden files skipped."""
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.rglob("*.md") if not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
