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

    def error(self, line: int | None, message: str, fix: str = "") -> object:
        self.problems.error(self.path, line, message, fix)
        return INVALID


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
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
            return ctx.error(line, f"'{key}' must be text, got {_shown(value)}", f"write {key}: <text>")
        text = value.strip()
        if self.max_length and len(text) > self.max_length:
            ctx.problems.warning(
                ctx.path, line,
                f"'{key}' has {len(text)} characters; at most about {self.max_length} are expected",
                "shorten it so an agent can read it aloud in one breath",
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
                line, f"'{key}' must be {self.expected}, got {_shown(value)}",
                f"write {key}: {self.help or self.expected}",
            )
        return value.strip()


@dataclass(frozen=True)
class Choice(Field):
    choices: tuple[str, ...] = ()

    def read(self, value: Any, ctx: Context, key: str, line: int) -> Any:
        text = value.strip() if isinstance(value, str) else value
        if text not in self.choices:
            close = difflib.get_close_matches(str(text), self.choices, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(self.choices)}"
            return ctx.error(
                line, f"'{key}' must be one of: {', '.join(self.choices)}, but got {_shown(value)}", hint
            )
        # the choice itself, so a tuple of StrEnum members yields the member
        return next(choice for choice in self.choices if choice == text)


@dataclass(frozen=True)
class Integer(Field):
    choices: tuple[int, ...] = ()

    def read(self, value: Any, ctx: Context, key: str, line: int) -> Any:
        text = value.strip() if isinstance(value, str) else ""
        if not re.fullmatch(r"\d+", text) or (self.choices and int(text) not in self.choices):
            allowed = " or ".join(str(c) for c in self.choices) or "a whole number"
            return ctx.error(line, f"'{key}' must be {allowed}, got {_shown(value)}", f"write {key}: {allowed}")
        return int(text)


@dataclass(frozen=True)
class Boolean(Field):
    def read(self, value: Any, ctx: Context, key: str, line: int) -> Any:
        text = value.strip().lower() if isinstance(value, str) else ""
        if text in ("true", "yes", "ja"):
            return True
        if text in ("false", "no", "nein"):
            return False
        return ctx.error(line, f"'{key}' must be true or false, got {_shown(value)}", f"write {key}: true")


@dataclass(frozen=True)
class Date(Field):
    def read(self, value: Any, ctx: Context, key: str, line: int) -> Any:
        try:
            return parse_date(value) if isinstance(value, str) else _raise()
        except ValueError:
            return ctx.error(
                line, f"'{key}' must be a date like 2027-03-31 or 31.03.2027, got {_shown(value)}",
                f"write {key}: 2027-03-31",
            )


@dataclass(frozen=True)
class DateTime(Field):
    def read(self, value: Any, ctx: Context, key: str, line: int) -> Any:
        try:
            return parse_datetime(value) if isinstance(value, str) else _raise()
        except ValueError:
            return ctx.error(
                line,
                f"'{key}' must be a date and time like 2026-11-28 09:15 or 28.11.2026, 09:15, got {_shown(value)}",
                f"write {key}: 2026-11-28 09:15 (Europe/Berlin unless an offset is given)",
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
            return ctx.error(line, f"'{key}' must be a list, got {_shown(value)}", f"write {key}: [a, b]")
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
            return ctx.error(line, f"'{key}' must be a mapping with {keys}, got {_shown(value)}", "indent its keys below it")
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
        return ctx.error(line, f"'{key}' must be {self.expected}, got {_shown(value)}", self.help)


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
            fix = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(schema)}"
            ctx.problems.warning(ctx.path, line, f"unknown key '{key}'{inside}; it is ignored", fix)
            continue
        if value is None:
            if spec.required:
                ctx.error(line, f"'{key}'{inside} is empty", f"give {key} a value")
            continue
        read = spec.read(value, ctx, key, line)
        if read is not INVALID:
            result[key] = read
    for key, spec in schema.items():
        if key in data:
            continue
        if spec.required:
            ctx.error(data.line, f"'{key}' is missing{inside}", f"add {key}: {spec.help or '<value>'}")
        else:
            result[key] = spec.default
    return result
