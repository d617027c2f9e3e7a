"""One state's view of the knowledge base: what its site shows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from efa_kb.merge.overlays import merge_state
from efa_kb.model.content import Article, ArticleKind, Category, GlossaryEntry, Service
from efa_kb.model.incidents import Incident
from efa_kb.model.provenance import Level
from efa_kb.model.repository import KnowledgeBase
from efa_kb.model.routing import RoutingTarget
from efa_kb.model.states import State
from efa_kb.model.xzufi import XzufiCatalog
from efa_kb.problems import Problems


@dataclass(frozen=True)
class StateView:
    """Everything one state's site is built from, already merged and filtered."""

    state: State
    """The state whose site this is."""
    services: tuple[Service, ...]
    """The services the state uses, in the order of its state.yml."""
    articles: dict[str, Article]
    """Merged articles by id (hidden ones are absent)."""
    incidents: tuple[Incident, ...]
    """Incidents concerning this state, newest start first."""
    routing: tuple[RoutingTarget, ...]
    """The operator's targets for the state's services, then the state's own."""
    categories: Mapping[str, Category]
    """The shared taxonomy."""
    glossary: tuple[GlossaryEntry, ...]
    """The shared glossary."""
    now: datetime
    """The build's "now": what counts as active, upcoming or overdue."""
    xzufi: XzufiCatalog
    """The whole XZuFi catalogue; the state's part is selected when pages are rendered."""

    def articles_of(self, service: str, kind: ArticleKind | None = None) -> list[Article]:
        return [a for a in self.articles.values() if a.service == service and (kind is None or a.kind is kind)]

    def pages(self) -> list[Article]:
        return [a for a in self.articles.values() if a.kind is ArticleKind.PAGE]

    def routing_for(self, service: str, category: str | None = None) -> list[RoutingTarget]:
        """Targets serving ``service`` (and ``category`` when given), level then kind."""
        found = [t for t in self.routing if service in t.services and (category is None or t.serves_category(category))]
        return sorted(found, key=lambda t: (t.level, t.kind, t.origin.level is not Level.BASE, t.name))

    def active_incidents(self, service: str | None = None) -> list[Incident]:
        return [i for i in self.incidents if i.is_active(self.now) and (service is None or service in i.services)]

    def upcoming_incidents(self, service: str | None = None) -> list[Incident]:
        return [i for i in self.incidents if i.is_upcoming(self.now) and (service is None or service in i.services)]

    def service(self, service_id: str) -> Service:
        return next(s for s in self.services if s.id == service_id)


def state_view(kb: KnowledgeBase, code: str, now: datetime, problems: Problems) -> StateView:
    """Merge the base and the overlays of state ``code``."""
    state = kb.states[code]
    used = tuple(s for s in state.services if s in kb.services)
    articles = merge_state(kb.articles, kb.overlays_of(code), used, problems)
    operator_targets = tuple(t for s in used for t in kb.services[s].routing)
    return StateView(
        state=state,
        services=tuple(kb.services[s] for s in used),
        articles=articles,
        incidents=tuple(kb.incidents_for(state)),
        routing=operator_targets + state.routing,
        categories=kb.categories,
        glossary=kb.glossary,
        now=now,
        xzufi=kb.xzufi,
    )
