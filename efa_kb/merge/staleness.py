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
                f"the base article {status.base.path if status.base else overlay.target} changed since this overlay was pinned",
                f"review the overlay, then run: efa-kb overlay pin {overlay.path}  (see the change: efa-kb overlay status --diff)",
            )
        elif status.state is PinState.UNPINNED:
            problems.warning(
                overlay.path, overlay.line, "the overlay is not pinned to a version of its base article",
                f"run: efa-kb overlay pin {overlay.path}",
            )
