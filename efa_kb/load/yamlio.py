"""Line-aware YAML reading; the only module that imports PyYAML.

YAML is written by people, so every plain scalar is kept as the text the author
typed: ``01`` stays ``"01"``, ``99108001000000`` stays a string, and
``2026-11-28 09:15`` is not half-recognised as a timestamp. The schema in
:mod:`efa_kb.load.schema` turns text into typed values and refuses what it
cannot read. Mappings and sequences remember the line of every key and item,
so problems can name the line.
"""

from __future__ import annotations

from typing import Any

import yaml


class YamlMap(dict[str, Any]):
    """A mapping that knows its own line and the line of each key."""

    line: int = 1
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class YamlList(list[Any]):
    """A sequence that knows its own line and the line of each item."""

    line: int = 1
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class YamlError(Exception):
    """YAML that cannot be parsed; ``line`` is 1-based within the parsed text."""

    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.message = message
        self.line = line


class _TextLoader(yaml.SafeLoader):
    """A safe loader that resolves nothing implicitly but ``null``; its messages name the line best."""


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same on libyaml where PyYAML has it: about ten times faster. Errors are re-read by
    :class:`_TextLoader`, whose messages point at an unclosed bracket's opening line."""


for _loader in (_TextLoader, _FastLoader):
    _loader.yaml_implicit_resolvers = {}
    _loader.add_implicit_resolver(
        "tag:yaml.org,2002:null", yaml.resolver.Resolver.yaml_implicit_resolvers["~"][0][1], ["~", "n", "N", ""]
    )


def _construct_map(loader: yaml.SafeLoader, node: yaml.MappingNode) -> YamlMap:
    result = YamlMap()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        key = "" if key is None else str(key)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"der Schlüssel '{key}' steht doppelt da", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_list(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> YamlList:
    result = YamlList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


for _loader in (_TextLoader, _FastLoader):
    _loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
    _loader.add_constructor("tag:yaml.org,2002:seq", _construct_list)


MAX_DEPTH = 50
"""Deepest nesting of mappings and lists accepted (content files need a handful)."""


def _check_depth(text: str, loader: type) -> None:
    """Refuse absurd nesting before the (recursive) constructor would overflow the stack."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):  # events come one by one: no recursion
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                raise YamlError(f"Schlüssel und Listen sind mehr als {MAX_DEPTH} Ebenen tief verschachtelt",
                                mark.line + 1 if mark else None)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def parse_yaml(text: str) -> Any:
    """Parse one YAML document into YamlMap/YamlList/str/None values."""
    try:
        _check_depth(text, _FastLoader)
        return yaml.load(text, Loader=_FastLoader)
    except YamlError:
        raise
    except yaml.YAMLError:
        return _parse_for_message(text)


def _parse_for_message(text: str) -> Any:
    """Parse again with the pure-Python loader, which says best where the mistake is."""
    try:
        _check_depth(text, _TextLoader)
        return yaml.load(text, Loader=_TextLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and "<stream end>" in (exc.problem or ""):
            mark = exc.context_mark  # an unclosed bracket: point at where it was opened
        line = mark.line + 1 if mark else None
        reason = german(exc.problem or str(exc))
        if exc.context and (context := german(exc.context)):
            reason = f"{reason}; {context}"
        raise YamlError(reason, line) from None
    except yaml.YAMLError as exc:
        raise YamlError(german(str(exc)), None) from None


_GERMAN = {
    "mapping values are not allowed here":
        "hier darf kein weiterer Doppelpunkt stehen (einen Wert mit ': ' in Anführungszeichen setzen)",
    "could not find expected ':'": "der Doppelpunkt nach einem Schlüssel fehlt",
    "found unexpected end of stream": "die Datei endet mitten in einem Wert (ein Anführungszeichen ist nicht geschlossen)",
    "did not find expected key": "hier wird ein Schlüssel erwartet (Einrückung prüfen)",
    "did not find expected '-' indicator": "hier wird ein Listeneintrag mit '- ' erwartet (Einrückung prüfen)",
    "did not find expected node content": "hier fehlt ein Wert",
    "sequence entries are not allowed here": "hier darf kein Listeneintrag '- ' stehen (Einrückung prüfen)",
    "found character '\\t' that cannot start any token": "ein Tabulator; YAML rückt nur mit Leerzeichen ein",
    "found unknown escape character": "unbekanntes Escape-Zeichen nach \\ (in einfache Anführungszeichen setzen)",
    "found undefined alias": "unbekannter Verweis mit * (den Wert in Anführungszeichen setzen)",
    "expected ',' or ']', but got '<stream end>'": "eine mit '[' geöffnete Liste wird nicht mit ']' geschlossen",
    "expected ',' or '}', but got '<stream end>'": "eine mit '{' geöffnete Angabe wird nicht mit '}' geschlossen",
    "expected <block end>": "hier endet eine Einrückung unerwartet (Einrückung prüfen)",
    "while scanning for the next token": "",
    "while parsing a block mapping": "in den Schlüsseln, die hier beginnen",
    "while parsing a block collection": "in der Liste, die hier beginnt",
    "while parsing a flow sequence": "in der Liste in eckigen Klammern, die hier beginnt",
    "while parsing a flow mapping": "in den geschweiften Klammern, die hier beginnen",
    "while scanning a simple key": "bei einem Schlüssel",
    "while scanning a quoted scalar": "in einem Text in Anführungszeichen",
    "while scanning a double-quoted scalar": "in einem Text in doppelten Anführungszeichen",
    "while scanning an alias": "bei einem Verweis mit *",
    "while scanning an anchor": "bei einem Anker mit &",
    "while parsing a node": "bei einem Wert",
}
"""PyYAML's most frequent messages in German, matched by their start; others stay as they are."""


def german(message: str) -> str:
    """PyYAML's ``message`` in German when it is a known one."""
    for english, text in _GERMAN.items():
        if message.startswith(english):
            return text
    return message


def dump_yaml(data: Any) -> str:
    """Serialise plain data as block-style YAML, keys in the given order."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)
