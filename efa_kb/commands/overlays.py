"""The library behind ``efa-kb overlay``: pin, status and scaffolding of overlays."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from efa_kb.build.publish import write_atomic
from efa_kb.load.articles import fingerprint
from efa_kb.load.front_matter import compose, quoted, set_keys
from efa_kb.load.git import diff_since
from efa_kb.load.traps import EXTEND_PLACEHOLDER, HIDE_PLACEHOLDER
from efa_kb.merge.staleness import OverlayStatus, PinState, overlay_statuses
from efa_kb.model.overlays import OverlayMode
from efa_kb.model.repository import KnowledgeBase
from efa_kb.problems import ContentError, Problem


@dataclass(frozen=True)
class StatusLine:
    status: OverlayStatus
    diff: str | None = None
    """What changed in the base since the pin (``--diff``), when git history has the pinned version."""


def _selected(kb: KnowledgeBase, states: list[str] | None, paths: list[str] | None) -> list[OverlayStatus]:
    wanted = {str(Path(p).resolve().relative_to(kb.root)) if Path(p).is_absolute() else Path(p).as_posix()
              for p in paths or ()}
    result = []
    for status in overlay_statuses(kb.articles, kb.overlays):
        overlay = status.overlay
        if states and overlay.state not in states:
            continue
        if wanted and overlay.path not in wanted:
            continue
        result.append(status)
    missing = wanted - {s.overlay.path for s in result}
    if missing:
        raise ContentError([Problem(p, None, "Keine Overlay-Datei der gewählten Länder",
                                    "Geben Sie Pfade wie overlays/by/services/<dienst>/faq/<name>.md an",
                                    code="no-overlay") for p in sorted(missing)])
    return result


def pin(kb: KnowledgeBase, states: list[str] | None = None, paths: list[str] | None = None) -> list[str]:
    """Write the current base fingerprint into each selected overlay; returns the files changed."""
    changed = []
    for status in _selected(kb, states, paths):
        if status.state in (PinState.LOCAL, PinState.CURRENT) or status.base is None:
            continue
        path = kb.root / status.overlay.path
        text = path.read_text(encoding="utf-8")
        pinned = set_keys(text, {"base": status.base.fingerprint}, after={"base": "overlay"}, path=status.overlay.path)
        write_atomic(path, pinned.encode("utf-8"))
        changed.append(status.overlay.path)
    return changed


def status(kb: KnowledgeBase, states: list[str] | None = None, with_diff: bool = False) -> list[StatusLine]:
    """Stale and unpinned overlays (current ones and local articles are left out)."""
    lines = []
    for item in _selected(kb, states, None):
        if item.state not in (PinState.STALE, PinState.UNPINNED):
            continue
        diff = None
        if with_diff and item.state is PinState.STALE and item.base and item.overlay.base_pin:
            diff = diff_since(kb.root, item.base.path, item.overlay.base_pin, fingerprint)
        lines.append(StatusLine(item, diff))
    return lines


def new(kb: KnowledgeBase, state: str, article_id: str, municipality: str | None = None,
        mode: OverlayMode = OverlayMode.EXTEND) -> Path:
    """Scaffold an overlay of base article ``article_id`` for ``state``, pinned to its current version.

    ``state`` must be one of the repository's states (the pipeline's state selection checks that).
    """
    article = kb.articles.get(article_id)
    if article is None:
        close = difflib.get_close_matches(article_id, list(kb.articles), n=1, cutoff=0.5)
        raise ContentError([Problem("content", None, f"Es gibt keinen Basisartikel '{article_id}'",
                                    f"Meinten Sie '{close[0]}'?" if close else
                                    "Geben Sie die ID an, wie sie in der Seitenadresse steht (efa-kb list zeigt alle)",
                                    code="no-base-article")])
    folder = kb.root / "overlays" / state
    if municipality:
        if municipality not in {m.ars for m in kb.states[state].municipalities}:
            raise ContentError([Problem(f"overlays/{state}/municipalities", None,
                                        f"Es gibt keine Kommune {municipality} im Land '{state}'",
                                        f"Legen Sie zuerst overlays/{state}/municipalities/{municipality}/municipality.yml an",
                                        code="unknown-municipality")])
        if mode is not OverlayMode.EXTEND:
            raise ContentError([Problem(f"overlays/{state}/municipalities/{municipality}", None,
                                        "Kommunen dürfen Artikel nur ergänzen", "Nutzen Sie --mode extend",
                                        code="municipal-mode")])
        folder = folder / "municipalities" / municipality
    path = folder / f"{article_id}.md"
    if path.exists():
        raise ContentError([Problem(str(path.relative_to(kb.root)), None, "Das Overlay gibt es schon",
                                    "Bearbeiten Sie es, oder pinnen Sie es neu mit efa-kb overlay pin",
                                    code="overlay-exists")])
    lines = [("overlay", mode.value), ("base", article.fingerprint)]
    if mode is OverlayMode.REPLACE:
        lines.append(("title", quoted(article.title)))
        body = "\n\n".join(f"## {s.heading}\n\n" + "\n\n".join(b.text for b in s.blocks) for s in article.sections)
    elif mode is OverlayMode.HIDE:
        body = HIDE_PLACEHOLDER  # check warns until it is replaced
    else:
        body = f"## Antwort\n\n{EXTEND_PLACEHOLDER}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(compose(lines, body), encoding="utf-8")
    return path
