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
                None, None, f"duplicate key '{key}'", key_node.start_mark
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
                raise YamlError(f"mappings and lists are nested more than {MAX_DEPTH} levels deep",
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
        reason = exc.problem or str(exc)
        if exc.context:
            reason = f"{reason} ({exc.context})"
        raise YamlError(reason, line) from None
    except yaml.YAMLError as exc:
        raise YamlError(str(exc), None) from None


def dump_yaml(data: Any) -> str:
    """Serialise plain data as block-style YAML, keys in the given order."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)
