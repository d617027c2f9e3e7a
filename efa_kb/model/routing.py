"""The Kommunikationsmatrix: routing targets for 2nd and 3rd level tickets."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from efa_kb.model.provenance import BASE, Origin

PRIORITIES = ("hoch", "mittel", "niedrig")


class TargetKind(StrEnum):
    """Whether a target takes questions on the matter or on the technology."""

    FACHLICH = "fachlich"
    TECHNISCH = "technisch"


class Channel(StrEnum):
    """How tickets reach a target."""

    TICKET = "ticket"
    EMAIL = "email"

    @property
    def label(self) -> str:
        return {"ticket": "Ticket", "email": "E-Mail"}[self.value]


@dataclass(frozen=True)
class Times:
    """A service level: one text for all priorities, or one per priority."""

    text: str = ""
    by_priority: tuple[tuple[str, str], ...] = ()

    @property
    def is_per_priority(self) -> bool:
        return bool(self.by_priority)

    def summary(self) -> str:
        if self.by_priority:
            return " · ".join(f"{prio}: {value}" for prio, value in self.by_priority)
        return self.text


@dataclass(frozen=True)
class RoutingTarget:
    """One row of the matrix: who takes tickets of a level and kind, and how fast."""

    level: int
    kind: TargetKind
    name: str
    channel: Channel
    address: str
    service_time: Times
    reaction_time: Times
    resolution_time: Times
    path: str
    line: int
    categories: tuple[str, ...] = ()
    allowed_from: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    """Services the target serves (the state part names them; BeV targets: their service)."""
    origin: Origin = BASE

    def serves_category(self, category: str | None) -> bool:
        """True when the target takes tickets of ``category`` (no categories: all)."""
        return not self.categories or (category is not None and category in self.categories)
