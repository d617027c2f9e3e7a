"""Declarative schemas for YAML mappings written by people.

A schema is a mapping of key to :class:`Field`. :func:`read_mapping` checks a
parsed mapping against it, reports every problem of the mapping in one pass
(with file, line, what was expected, what came in, and the fix) and returns the
values it could read. Unknown keys are warnings that name the closest known key.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from efa_kb.load.values import parse_date, parse_datetime
from efa_kb.load.yamlio import YamlList, YamlMap
from efa_kb.problems import Problems

INVALID = object()
"""Returned by a field that could not read its value (the problem is already reported)."""


@dataclass
class Context:
    """Where a value came from, for messages."""

    path: str
    problems: Problems

    def error(self, line: int | None, message: str, fix: str = "", code: str = "invalid-value") -> object:
        self.problems.error(self.path, line, message, fix, code=code)
        return INVALID


def _shown(value: Any) -> str:
    """What came in, for "…, ist aber …"."""
    if isinstance(value, dict):
        return "eine Zuordnung (Schlüssel mit Werten)"
    if isinstance(value, list):
        return "eine Liste"
    return repr(value)


@dataclass(frozen=True)
class Field:
    """One key of a schema. ``read`` turns the raw YAML value into a typed one."""

    required: bool = False
    default: Any = None
    help: str = ""

    def read(self, value: Any, ctx: Context, key: str, line: int) -> Any:
        raise NotImplementedError


@dataclass(frozen=True)
class Text(Field):
    max_length: int | None = None
    warn_length: bool = True

    def read(self, value: Any, ctx: Context, key: str, line: int) -> Any:
        if not isinstance(value, str):
            return ctx.error(line, f"'{key}' muss ein Text sein, ist aber {_shown(value)}", f"Schreiben Sie {key}: <Text>")
        text = value.strip()
        if self.max_length and len(text) > self.max_length:
            ctx.problems.warning(
                ctx.path, line,
                f"'{key}' hat {len(text)} Zeichen; erwartet sind höchstens etwa {self.max_length}",
                "Kürzen Sie den Text, sodass ein Agent ihn in einem Atemzug vorlesen kann",
                code="text-too-long",
            )
        return text


@dataclass(frozen=True)
class Pattern(Field):
    """Text that must match a regular expression (codes, keys, ids)."""

    regex: str = ".*"
    expected: str = ""

    def read(self, value: Any, ctx: Context, key: str, line: int) -> Any:
        if not isinstance(value, str) or not re.fullmatch(self.regex, value.strip()):
            return ctx.error(
                line, f"'{key}' muss {self.expected} sein, ist aber {_shown(value)}",
                f"Schreiben Sie {key}: {self.help or self.expected}",
            )
        return value.strip()


@dataclass(frozen=True)
class Choice(Field):
    choices: tuple[str, ...] = ()

    def read(self, value: Any, ctx: Context, key: str, line: int) -> Any:
        text = value.strip() if isinstance(value, str) else value
        if text not in self.choices:
            close = difflib.get_close_matches(str(text), self.choices, n=1)
            hint = f"Meinten Sie '{close[0]}'?" if close else f"Wählen Sie eines von: {', '.join(self.choices)}"
            return ctx.error(
                line, f"'{key}' muss eines von {', '.join(self.choices)} sein, ist aber {_shown(value)}", hint
            )
        # the choice itself, so a tuple of StrEnum members yields the member
        return next(choice for choice in self.choices if choice == text)


@dataclass(frozen=True)
class Integer(Field):
    choices: tuple[int, ...] = ()

    def read(self, value: Any, ctx: Context, key: str, line: int) -> Any:
        text = value.strip() if isinstance(value, str) else ""
        if not re.fullmatch(r"\d+", text) or (self.choices and int(text) not in self.choices):
            allowed = " oder ".join(str(c) for c in self.choices) or "eine ganze Zahl"
            return ctx.error(line, f"'{key}' muss {allowed} sein, ist aber {_shown(value)}", f"Schreiben Sie {key}: {allowed}")
        return int(text)


@dataclass(frozen=True)
class Boolean(Field):
    def read(self, value: Any, ctx: Context, key: str, line: int) -> Any:
        text = value.strip().lower() if isinstance(value, str) else ""
        if text in ("true", "yes", "ja"):
            return True
        if text in ("false", "no", "nein"):
            return False
        return ctx.error(line, f"'{key}' muss true oder false sein, ist aber {_shown(value)}", f"Schreiben Sie {key}: true")


@dataclass(frozen=True)
class Date(Field):
    def read(self, value: Any, ctx: Context, key: str, line: int) -> Any:
        try:
            return parse_date(value) if isinstance(value, str) else _raise()
        except ValueError:
            return ctx.error(
                line, f"'{key}' muss ein Datum wie 2027-03-31 oder 31.03.2027 sein, ist aber {_shown(value)}",
                f"Schreiben Sie {key}: 2027-03-31",
            )


@dataclass(frozen=True)
class DateTime(Field):
    def read(self, value: Any, ctx: Context, key: str, line: int) -> Any:
        try:
            return parse_datetime(value) if isinstance(value, str) else _raise()
        except ValueError:
            return ctx.error(
                line,
                f"'{key}' muss Datum und Uhrzeit wie 2026-11-28 09:15 oder 28.11.2026, 09:15 sein, ist aber {_shown(value)}",
                f"Schreiben Sie {key}: 2026-11-28 09:15 (deutsche Zeit, wenn kein Versatz wie +01:00 dabeisteht)",
            )


def _raise() -> Any:
    raise ValueError


@dataclass(frozen=True)
class ListOf(Field):
    """A list of items; a single scalar is accepted as a list of one."""

    item: Field = field(default_factory=Text)

    def read(self, value: Any, ctx: Context, key: str, line: int) -> Any:
        items: list[Any]
        lines: list[int]
        if isinstance(value, YamlList):
            items, lines = list(value), [value.line_of(i) for i in range(len(value))]
        elif isinstance(value, str):
            items, lines = [value], [line]
        else:
            return ctx.error(line, f"'{key}' muss eine Liste sein, ist aber {_shown(value)}", f"Schreiben Sie {key}: [a, b]")
        result = []
        for item, item_line in zip(items, lines):
            read = self.item.read(item, ctx, key, item_line)
            if read is not INVALID:
                result.append(read)
        return tuple(result)


@dataclass(frozen=True)
class Nested(Field):
    """A mapping with its own schema."""

    schema: Mapping[str, Field] = field(default_factory=dict)

    def read(self, value: Any, ctx: Context, key: str, line: int) -> Any:
        if not isinstance(value, YamlMap):
            keys = ", ".join(self.schema)
            return ctx.error(line, f"'{key}' muss Schlüssel ({keys}) enthalten, ist aber {_shown(value)}",
                             "Rücken Sie die Schlüssel unter ihm ein")
        return read_mapping(value, self.schema, ctx, where=f"'{key}'")


@dataclass(frozen=True)
class OneOf(Field):
    """The first alternative that reads the value without problems wins."""

    alternatives: tuple[Field, ...] = ()
    expected: str = ""

    def read(self, value: Any, ctx: Context, key: str, line: int) -> Any:
        for alternative in self.alternatives:
            trial = Context(ctx.path, Problems())
            result = alternative.read(value, trial, key, line)
            if result is not INVALID and not trial.problems.errors:
                ctx.problems.extend(trial.problems)
                return result
        return ctx.error(line, f"'{key}' muss {self.expected} sein, ist aber {_shown(value)}", self.help)


@dataclass(frozen=True)
class Custom(Field):
    """A field read by a function ``(value, ctx, key, line) -> value | INVALID``."""

    reader: Callable[[Any, Context, str, int], Any] | None = None

    def read(self, value: Any, ctx: Context, key: str, line: int) -> Any:
        assert self.reader is not None
        return self.reader(value, ctx, key, line)


@dataclass(frozen=True)
class Elsewhere(Field):
    """A key that is known here but read by its own loader (e.g. ``routing``)."""

    def read(self, value: Any, ctx: Context, key: str, line: int) -> Any:
        return value


def read_mapping(
    data: YamlMap, schema: Mapping[str, Field], ctx: Context, where: str = "", ignore: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Read ``data`` against ``schema``; missing optional keys get their default.

    Keys that could not be read are absent from the result, so callers can tell
    "invalid" from "not given" by ``key in result`` after checking ``required``.
    """
    result: dict[str, Any] = {}
    inside = f" in {where}" if where else ""
    for key, value in data.items():
        if key in ignore:
            continue
        spec = schema.get(key)
        line = data.line_of(key)
        if spec is None:
            close = difflib.get_close_matches(key, list(schema), n=1)
            fix = f"Meinten Sie '{close[0]}'?" if close else f"Bekannte Schlüssel: {', '.join(schema)}"
            ctx.problems.warning(ctx.path, line, f"Unbekannter Schlüssel '{key}'{inside}; er wird ignoriert", fix,
                                 code="unknown-key")
            continue
        if value is None:
            if spec.required:
                ctx.error(line, f"'{key}'{inside} ist leer", f"Geben Sie {key} einen Wert", code="empty-key")
            continue
        read = spec.read(value, ctx, key, line)
        if read is not INVALID:
            result[key] = read
    for key, spec in schema.items():
        if key in data:
            continue
        if spec.required:
            ctx.error(data.line, f"'{key}' fehlt{inside}", f"Ergänzen Sie {key}: {spec.help or '<Wert>'}", code="missing-key")
        else:
            result[key] = spec.default
    return result
