"""Where a merged piece of content comes from."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    """Who wrote a piece: the operator's editors, a state's, or a municipality's."""

    BASE = "base"
    STATE = "state"
    MUNICIPALITY = "municipality"


@dataclass(frozen=True, order=True)
class Origin:
    """The author of a piece of content."""

    level: Level = Level.BASE
    code: str = ""
    """State code (``by``) or municipality ARS; empty for the base."""
    name: str = ""
    """Display name: "Bayern", "Landeshauptstadt München"; empty for the base."""

    @property
    def label(self) -> str:
        """German provenance label shown on pages ("Ergänzung Bayern")."""
        if self.level is Level.BASE:
            return "Betreiber (BeV)"
        return f"Ergänzung {self.name}"


BASE = Origin()
