"""Is an overlay still written against the base article it adapts?

An overlay pins the fingerprint of the base article it was written against
(``base:``). When the base changes, the pin no longer matches and the overlay is
*stale* until its author reviews it and re-pins; an overlay without a pin is
*unpinned*. Local articles have no base and are never stale.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from efa_kb.model.content import Article
from efa_kb.model.overlays import Overlay
from efa_kb.problems import Problems


class PinState(StrEnum):
    CURRENT = "current"
    STALE = "stale"
    UNPINNED = "unpinned"
    LOCAL = "local"
    """No base article: a local article, nothing to pin."""


@dataclass(frozen=True)
class OverlayStatus:
    overlay: Overlay
    state: PinState
    base: Article | None
    """The base article the overlay adapts (None for local articles)."""


def overlay_statuses(base: Mapping[str, Article], overlays: tuple[Overlay, ...]) -> list[OverlayStatus]:
    """The pin state of every overlay, in path order."""
    result = []
    for overlay in sorted(overlays, key=lambda o: o.path):
        article = base.get(overlay.target)
        if article is None:
            state = PinState.LOCAL
        elif not overlay.base_pin:
            state = PinState.UNPINNED
        elif overlay.base_pin != article.fingerprint:
            state = PinState.STALE
        else:
            state = PinState.CURRENT
        result.append(OverlayStatus(overlay, state, article))
    return result


def report_pins(statuses: list[OverlayStatus], problems: Problems) -> None:
    """Stale and unpinned overlays as warnings, for ``check``."""
    for status in statuses:
        overlay = status.overlay
        if status.state is PinState.STALE:
            problems.warning(
                overlay.path, overlay.line,
                f"Der Basisartikel {status.base.path if status.base else overlay.target} hat sich geändert, seit "
                "dieses Overlay gepinnt wurde",
                f"Prüfen Sie das Overlay, dann: efa-kb overlay pin {overlay.path}  (die Änderung zeigt: "
                "efa-kb overlay status --diff)",
                code="overlay-stale",
            )
        elif status.state is PinState.UNPINNED:
            problems.warning(
                overlay.path, overlay.line, "Das Overlay ist an keine Fassung seines Basisartikels gepinnt",
                f"Führen Sie aus: efa-kb overlay pin {overlay.path}",
                code="overlay-unpinned",
            )
