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
        """German label of text this author added to the base ("Ergänzung Bayern")."""
        if self.level is Level.BASE:
            return "Betreiber (BeV)"
        return f"Ergänzung {self.name}"

    @property
    def version_label(self) -> str:
        """German label of text this author wrote instead of the base's ("Fassung Bayern").

        A state's short answer stands instead of the operator's, and so does every text of
        a state's ``overlay: replace``: agents must not read it as something added.
        """
        if self.level is Level.BASE:
            return "Betreiber (BeV)"
        return f"Fassung {self.name}"


BASE = Origin()
