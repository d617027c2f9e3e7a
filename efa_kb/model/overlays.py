"""Overlay files of states and municipalities."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from efa_kb.model.content import Article


class OverlayMode(StrEnum):
    EXTEND = "extend"
    REPLACE = "replace"
    HIDE = "hide"


@dataclass(frozen=True)
class Overlay:
    """A file below ``overlays/<state>/`` that adapts a base article or adds a local one."""

    path: str
    """The overlay file, relative to the repository root."""
    target: str
    """Article id it sits at (path without ``.md`` below the state or municipality folder)."""
    state: str
    municipality: str | None
    """ARS of the municipality, or None for a state overlay."""
    mode: OverlayMode
    mode_given: bool
    """True when the file says ``overlay:`` explicitly."""
    article: Article
    """The overlay's own content, read like an article (title may be empty)."""
    given_keys: frozenset[str]
    """Front-matter keys the overlay sets; only these override the base."""
    base_pin: str | None
    line: int = 1
    """Line of the ``overlay:`` key, or 1."""
