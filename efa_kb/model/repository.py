"""The whole knowledge base as loaded: a collection with query methods."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from efa_kb.model.content import Article, Category, GlossaryEntry, Service
from efa_kb.model.incidents import Incident
from efa_kb.model.overlays import Overlay
from efa_kb.model.states import State
from efa_kb.model.xzufi import XzufiCatalog


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything read from one knowledge-base repository, before merging."""

    root: Path
    """The repository folder (the one holding ``content/``)."""
    categories: Mapping[str, Category] = field(default_factory=dict)
    """The shared taxonomy by id."""
    glossary: tuple[GlossaryEntry, ...] = ()
    """Terms sorted case-insensitively."""
    services: Mapping[str, Service] = field(default_factory=dict)
    """Online services by id, in folder order."""
    articles: Mapping[str, Article] = field(default_factory=dict)
    """Base articles by id."""
    incidents: Mapping[str, Incident] = field(default_factory=dict)
    """Incident notices by id."""
    states: Mapping[str, State] = field(default_factory=dict)
    """Using states by code (or the one ``basis`` site)."""
    overlays: tuple[Overlay, ...] = ()
    """Overlay files of every state, state files before municipal ones."""
    xzufi: XzufiCatalog = field(default_factory=XzufiCatalog)
    """Service descriptions after all XZuFi deltas were applied."""

    def articles_of(self, service: str) -> list[Article]:
        """Base articles of a service, sorted by id."""
        return [a for key, a in sorted(self.articles.items()) if a.service == service]

    def overlays_of(self, state: str) -> list[Overlay]:
        """The overlays (state and municipal) of one state."""
        return [o for o in self.overlays if o.state == state]

    def incidents_for(self, state: State) -> list[Incident]:
        """Incidents concerning ``state``, newest start first."""
        found = [i for i in self.incidents.values() if i.affects(state.code, state.services)]
        return sorted(found, key=lambda i: (i.start, i.id), reverse=True)
