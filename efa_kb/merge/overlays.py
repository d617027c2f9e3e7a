"""Applying overlays to base articles: a pure function with stated precedence.

Precedence, lowest first: the base article, the state's overlay, then each
municipality's overlay in ARS order. ``replace`` and ``hide`` belong to the state
alone. Every block keeps the :class:`Origin` it came from.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from efa_kb.model.content import Addition, Article, Section
from efa_kb.model.overlays import Overlay, OverlayMode
from efa_kb.model.provenance import Level
from efa_kb.problems import Problems

SCALAR_KEYS = ("title", "category", "review_by", "owner", "short_answer", "symptom", "status",
               "fixed_on", "incident", "audience", "duration")
"""Front-matter keys an extending state overlay replaces; ``keywords`` are added instead."""


def merge_state(
    base: Mapping[str, Article], overlays: list[Overlay], services: tuple[str, ...], problems: Problems
) -> dict[str, Article]:
    """The articles one state publishes: its services' base articles with its overlays applied.

    ``overlays`` are that state's overlays (state and municipal); problems go to ``problems``.
    """
    merged = {key: article for key, article in base.items() if article.service is None or article.service in services}
    hidden: set[str] = set()
    ordered = sorted(overlays, key=lambda o: (o.municipality is not None, o.municipality or "", o.path))
    for overlay in ordered:
        target = merged.get(overlay.target)
        if target is None and overlay.target in base:
            problems.warning(overlay.path, overlay.line,
                             f"Passt '{overlay.target}' des Dienstes '{base[overlay.target].service}' an, den dieses Land "
                             "nicht nutzt; das Overlay wird ignoriert",
                             "Ergänzen Sie den Dienst unter services in state.yml, oder löschen Sie das Overlay",
                             code="unused-service")
            continue
        if target is None and overlay.target in hidden:
            problems.warning(overlay.path, overlay.line,
                             f"Ergänzt '{overlay.target}', das das Land ausblendet; die Ergänzung erscheint nicht",
                             "Löschen Sie das Overlay, oder entfernen Sie das Ausblenden (overlay: hide) des Landes",
                             code="hidden-target")
            continue
        if target is None:
            local = _local_article(overlay, base, services, problems)
            clash = next((a for key, a in merged.items() if local and key.casefold() == local.id.casefold()), None)
            if local and clash:
                problems.error(overlay.path, 1,
                               f"Dieselbe Seitenadresse wie {clash.path} (die Namen unterscheiden sich nur in Groß- und "
                               "Kleinschreibung)",
                               "Benennen Sie die Datei genau wie den angepassten Artikel, oder ganz anders",
                               code="case-clash")
            elif local:
                merged[local.id] = local
            continue
        if overlay.mode is OverlayMode.HIDE:
            del merged[overlay.target]
            hidden.add(overlay.target)
        elif overlay.mode is OverlayMode.REPLACE:
            merged[overlay.target] = _replace(target, overlay)
        elif overlay.municipality:
            merged[overlay.target] = _extend_municipal(target, overlay, problems)
        else:
            merged[overlay.target] = _extend(target, overlay)
    return dict(sorted(merged.items()))


def _local_article(overlay: Overlay, base: Mapping[str, Article], services: tuple[str, ...], problems: Problems) -> Article | None:
    article = overlay.article
    if overlay.mode_given or not article.title:
        close = difflib.get_close_matches(overlay.target, list(base), n=1, cutoff=0.6)
        fix = (f"Meinten Sie '{close[0]}'? Benennen Sie die Datei in {close[0]}.md um"
               if close else "Geben Sie der Datei einen Titel, um sie zu einem eigenen Artikel des Landes zu machen, "
               "oder korrigieren Sie ihren Pfad")
        problems.error(overlay.path, overlay.line,
                       f"Das Overlay passt '{overlay.target}' an, aber es gibt keinen Basisartikel mit dieser ID", fix,
                       code="no-base-article")
        return None
    if article.service is not None and article.service not in services:
        problems.error(overlay.path, 1,
                       f"Eigener Artikel des Dienstes '{article.service}', den dieses Land nicht nutzt",
                       "Ergänzen Sie den Dienst unter services in state.yml, oder verschieben Sie den Artikel",
                       code="unused-service")
        return None
    return replace(article, overlays=(overlay.path,))


def _replace(target: Article, overlay: Overlay) -> Article:
    article = overlay.article
    return replace(
        article, title=article.title or target.title, fingerprint=target.fingerprint,
        overlays=(*target.overlays, overlay.path),
    )


def _extend(target: Article, overlay: Overlay) -> Article:
    own = overlay.article
    changes: dict[str, Any] = {
        key: getattr(own, key) for key in SCALAR_KEYS if key in overlay.given_keys and getattr(own, key) not in ("", None)
    }
    if "short_answer" in changes:
        changes["short_answer_origin"] = own.origin
    return replace(
        target, **changes,
        keywords=_add_unique(target.keywords, own.keywords),
        caller_phrases=_add_unique(target.caller_phrases, own.caller_phrases),
        intro=target.intro + own.intro,
        sections=_merge_sections(target.sections, own.sections),
        overlays=(*target.overlays, overlay.path),
    )


def _extend_municipal(target: Article, overlay: Overlay, problems: Problems) -> Article:
    own = overlay.article
    for key in sorted(overlay.given_keys & set(SCALAR_KEYS) - {"short_answer"}):
        problems.warning(overlay.path, own.line(key),
                         f"Eine Kommune kann '{key}' eines landesweiten Artikels nicht ändern; der Wert wird ignoriert",
                         "Ergänzen Sie stattdessen einen Abschnitt oder eine Kurzantwort für die Kommune",
                         code="municipal-key")
    additions = target.additions
    if own.short_answer:
        additions = (*additions, Addition(own.short_answer, own.origin))
    return replace(
        target,
        keywords=_add_unique(target.keywords, own.keywords),
        keyword_origins=(*target.keyword_origins, *((k, own.origin) for k in own.keywords)),
        caller_phrases=_add_unique(target.caller_phrases, own.caller_phrases),
        additions=additions,
        intro=target.intro + own.intro,
        sections=_merge_sections(target.sections, own.sections),
        overlays=(*target.overlays, overlay.path),
    )


def _merge_sections(base: tuple[Section, ...], extra: tuple[Section, ...]) -> tuple[Section, ...]:
    """Blocks of a section with the same heading are appended; new headings go last."""
    merged = list(base)
    index = {_heading_key(s.heading): i for i, s in enumerate(merged)}
    for section in extra:
        key = _heading_key(section.heading)
        if key in index:
            current = merged[index[key]]
            merged[index[key]] = replace(current, blocks=current.blocks + section.blocks)
        else:
            index[key] = len(merged)
            merged.append(section)
    return tuple(merged)


def _heading_key(heading: str) -> str:
    return " ".join(heading.casefold().split())


def _add_unique(current: tuple[str, ...], extra: tuple[str, ...]) -> tuple[str, ...]:
    seen = {k.casefold() for k in current}
    added = [k for k in extra if k.casefold() not in seen and not seen.add(k.casefold())]  # type: ignore[func-returns-value]
    return current + tuple(added)


def is_municipal(article: Article) -> bool:
    return article.origin.level is Level.MUNICIPALITY
