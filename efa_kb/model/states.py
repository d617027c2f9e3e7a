"""Using states and their municipalities."""

from __future__ import annotations

from dataclasses import dataclass, field

from efa_kb.model.content import Contact
from efa_kb.model.routing import RoutingTarget


@dataclass(frozen=True)
class ServiceDesk:
    """A state's first level: the 115 or its own service desk."""

    is_115: bool
    contact: Contact = field(default_factory=Contact)

    @property
    def label(self) -> str:
        return "115 – Behördennummer" if self.is_115 else (self.contact.name or "Service-Desk")


@dataclass(frozen=True)
class Municipality:
    """A municipality adding to its state's site."""

    ars: str
    name: str
    path: str
    contact: Contact | None = None


@dataclass(frozen=True)
class State:
    """A using state (MiLa) with its configuration from ``state.yml``."""

    code: str
    """Folder name below ``overlays/``, lower case (``by``)."""
    name: str
    ars_prefix: str
    path: str
    services: tuple[str, ...] = ()
    service_desk: ServiceDesk = field(default_factory=lambda: ServiceDesk(is_115=True))
    miv_contact: Contact | None = None
    routing: tuple[RoutingTarget, ...] = ()
    municipalities: tuple[Municipality, ...] = ()
    service_lines: tuple[tuple[str, int], ...] = ()
    """Service id → line of ``services`` where it is listed, for messages."""
    search_report: bool = True
    """Whether the site's search box reports searches to the state's own web server, for
    ``efa-kb report`` (``search_report: false`` in state.yml switches it off)."""
    site_url: str | None = None
    """The public address of the state's site, ending in '/' (``site_url`` in state.yml, or
    from the repository's mkdocs.yml); None when unknown (the site then links relatively)."""

    def line_of_service(self, service: str) -> int:
        return dict(self.service_lines).get(service, 1)
