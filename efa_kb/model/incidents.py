"""Incident notices: disruptions, errors and maintenance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class IncidentStatus(StrEnum):
    SCHEDULED = "scheduled"
    INVESTIGATING = "investigating"
    IDENTIFIED = "identified"
    MONITORING = "monitoring"
    RESOLVED = "resolved"

    @property
    def label(self) -> str:
        return {
            "scheduled": "geplant",
            "investigating": "wird untersucht",
            "identified": "Ursache erkannt",
            "monitoring": "wird beobachtet",
            "resolved": "behoben",
        }[self.value]


class IncidentSeverity(StrEnum):
    OUTAGE = "outage"
    DEGRADED = "degraded"
    MAINTENANCE = "maintenance"

    @property
    def label(self) -> str:
        return {"outage": "Ausfall", "degraded": "Einschränkung", "maintenance": "Wartung"}[self.value]


@dataclass(frozen=True)
class IncidentUpdate:
    """A dated update below a ``###`` heading."""

    at: datetime
    text: str


@dataclass(frozen=True)
class Incident:
    """One incident notice file."""

    id: str
    """``incidents/<file stem>``."""
    title: str
    path: str
    services: tuple[str, ...]
    status: IncidentStatus
    severity: IncidentSeverity
    start: datetime
    end: datetime | None = None
    states: tuple[str, ...] | None = None
    """Affected states; None means every state using one of the services."""
    workaround: str = ""
    details: str = ""
    updates: tuple[IncidentUpdate, ...] = ()
    """Newest first."""
    published: datetime | None = None
    """First commit of the file (or ``start`` without git history)."""
    updated: datetime | None = None
    """Last commit of the file (or the newest update)."""
    key_lines: tuple[tuple[str, int], ...] = ()

    def line(self, key: str) -> int:
        """Line of front-matter ``key`` in the source (1 when unknown)."""
        return dict(self.key_lines).get(key, 1)

    @property
    def stem(self) -> str:
        return self.id.split("/", 1)[1]

    def is_active(self, now: datetime) -> bool:
        """Not resolved and started."""
        return self.status is not IncidentStatus.RESOLVED and self.start <= now and (
            self.status is not IncidentStatus.SCHEDULED or self.end is None or self.end > now
        )

    def is_upcoming(self, now: datetime) -> bool:
        """Scheduled and not started yet."""
        return self.status is not IncidentStatus.RESOLVED and self.start > now

    def affects(self, state: str, state_services: tuple[str, ...]) -> bool:
        """True when the incident concerns ``state``, which uses ``state_services``."""
        if not set(self.services) & set(state_services):
            return False
        return self.states is None or state in self.states
