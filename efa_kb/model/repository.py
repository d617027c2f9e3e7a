"""The whole knowledge base as loaded: a collection with query methods."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from efa_kb.model.content import Article, Category, GlossaryEntry, Service
from efa_kb.model.incidents import Incident
from efa_kb.model.overlays import Overlay
from efa_kb.model.states import State

if TYPE_CHECKING:
    from efa_kb.model.xzufi import XzufiCatalog


@dataclass
class KnowledgeBase:
    """Everything read from one knowledge-base repository, before merging."""

    root: Path
    categories: dict[str, Category] = field(default_factory=dict)
    glossary: tuple[GlossaryEntry, ...] = ()
    services: dict[str, Service] = field(default_factory=dict)
    articles: dict[str, Article] = field(default_factory=dict)
    """Base articles by id."""
    incidents: dict[str, Incident] = field(default_factory=dict)
    states: dict[str, State] = field(default_factory=dict)
    overlays: tuple[Overlay, ...] = ()
    xzufi: XzufiCatalog | Any = None

    def articles_of(self, service: str) -> list[Article]:
        """Base articles of a service, sorted by id."""
        return [a for key, a in sorted(self.articles.items()) if a.service == service]

    def overlays_of(self, state: str) -> list[Overlay]:
        return [o for o in self.overlays if o.state == state]

    def incidents_for(self, state: State) -> list[Incident]:
        """Incidents concerning ``state``, newest start first."""
        found = [i for i in self.incidents.values() if i.affects(state.code, state.services)]
        return sorted(found, key=lambda i: (i.start, i.id), reverse=True)
