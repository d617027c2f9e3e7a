"""Authoring traps: files that are valid but almost certainly not what their author meant.

- The placeholder text that ``efa-kb overlay new`` writes is still there. An extending
  overlay's placeholder would be published as is; a hiding overlay's internal note would
  not say why the article is hidden.
- A ``##`` heading is one edit away from a conventional heading (Antwort, Rückfragen,
  Weiterleitung, Hintergrund) or, in an extending overlay, from a heading of the article
  it adapts. Only headings written alike (letter case and spaces aside) are merged and
  placed, so ``## Rückfrage`` in an overlay becomes a section of its own far down the page
  instead of extending ``## Rückfragen``.
- An extending overlay sets ``weight``, which only the article's own file decides.

All are warnings: the build goes on, ``--strict`` fails on them.
"""

from __future__ import annotations

from collections.abc import Iterable

from efa_kb.model.content import Article, Section
from efa_kb.model.overlays import Overlay, OverlayMode
from efa_kb.model.repository import KnowledgeBase
from efa_kb.problems import Problems

CONVENTIONAL_HEADINGS = ("Antwort", "Rückfragen", "Weiterleitung", "Hintergrund")
"""The ``##`` headings the contract names; Rückfragen and Weiterleitung are placed first."""

EXTEND_PLACEHOLDER = "Ergänzung für dieses Land: …"
"""The text ``efa-kb overlay new`` writes below ``## Antwort`` of an extending overlay."""
HIDE_PLACEHOLDER = "Interne Notiz: warum dieser Artikel in diesem Land nicht gilt."
"""The internal note ``efa-kb overlay new --mode hide`` writes."""

MIN_LENGTH = 4
"""Headings shorter than this are not compared: one edit turns "Ziel" into "Zeit"."""


def check_traps(kb: KnowledgeBase, problems: Problems) -> None:
    """Warn about unfilled scaffold text and near-miss headings in articles and overlays."""
    for article in kb.articles.values():
        _check_placeholders(kb, article, None, problems)
        _check_headings(article.path, article.sections, (), problems)
    for overlay in kb.overlays:
        _check_placeholders(kb, overlay.article, overlay, problems)
        if overlay.mode is OverlayMode.HIDE:
            continue  # its text is an internal note, never published
        adapted = _adapted_headings(kb, overlay) if overlay.mode is OverlayMode.EXTEND else ()
        _check_headings(overlay.path, overlay.article.sections, adapted, problems)
        if overlay.mode is OverlayMode.EXTEND and "weight" in overlay.given_keys and overlay.target in kb.articles:
            problems.warning(overlay.path, overlay.article.line("weight"),
                             "'weight' in einem ergänzenden Overlay wird ignoriert; es gilt die Reihenfolge des Basisartikels",
                             "Entfernen Sie 'weight', oder bitten Sie die Redaktion des Betreibers (BeV), die Reihenfolge "
                             "zu ändern", code="weight-ignored")


def _adapted_headings(kb: KnowledgeBase, overlay: Overlay) -> tuple[str, ...]:
    """Headings of what the overlay extends: the base article, and for a municipality also
    the state's overlay or local article at the same place."""
    headings: list[str] = []
    if overlay.target in kb.articles:
        headings += [s.heading for s in kb.articles[overlay.target].sections]
    if overlay.municipality:
        for other in kb.overlays:
            if other.state == overlay.state and other.municipality is None and other.target == overlay.target:
                headings += [s.heading for s in other.article.sections]
    return tuple(dict.fromkeys(headings))


def _check_headings(path: str, sections: Iterable[Section], adapted: tuple[str, ...], problems: Problems) -> None:
    written = {_key(s.heading) for s in sections}
    for section in sections:
        key = _key(section.heading)
        if key in {_key(h) for h in adapted} or key in {_key(h) for h in CONVENTIONAL_HEADINGS}:
            continue
        meant = next((h for h in adapted if _near(key, _key(h)) and _key(h) not in written), None)
        if meant:
            problems.warning(
                path, section.line,
                f"Die Überschrift '{section.heading}' unterscheidet sich nur in einem Zeichen von '{meant}' im "
                "ergänzten Artikel; zusammengeführt werden nur gleich geschriebene Überschriften, so würde sie ein "
                "eigener Abschnitt",
                f"Schreiben Sie '## {meant}', um diesen Abschnitt zu ergänzen, oder wählen Sie eine deutlich andere "
                "Überschrift",
                code="heading-near-miss",
            )
            continue
        meant = next((h for h in CONVENTIONAL_HEADINGS if _near(key, _key(h))), None)
        if meant:
            problems.warning(
                path, section.line,
                f"Die Überschrift '{section.heading}' unterscheidet sich nur in einem Zeichen von der üblichen "
                f"Überschrift '{meant}'; nur '## {meant}' wird als solche eingeordnet und zusammengeführt",
                f"Schreiben Sie '## {meant}'",
                code="heading-near-miss",
            )


def _check_placeholders(kb: KnowledgeBase, article: Article, overlay: Overlay | None, problems: Problems) -> None:
    texts = [b.text for b in article.intro] + [b.text for s in article.sections for b in s.blocks]
    for placeholder in (EXTEND_PLACEHOLDER, HIDE_PLACEHOLDER):
        if not any(placeholder in text for text in texts):
            continue
        line = _line_of(kb, article.path, placeholder)
        if overlay is not None and overlay.mode is OverlayMode.HIDE:
            problems.warning(article.path, line,
                             "Die interne Notiz ist noch der Platzhalter von 'efa-kb overlay new'",
                             "Schreiben Sie, warum der Artikel in diesem Land ausgeblendet ist und wann das geprüft wird",
                             code="placeholder")
        else:
            problems.warning(article.path, line,
                             f"Der Platzhalter '{placeholder}' von 'efa-kb overlay new' steht noch da; "
                             "er würde so veröffentlicht",
                             "Schreiben Sie stattdessen den Text des Landes, oder löschen Sie den Abschnitt",
                             code="placeholder")


def _line_of(kb: KnowledgeBase, path: str, text: str) -> int:
    """Line of ``text`` in the file (re-read only for the rare file that has a placeholder)."""
    try:
        lines = (kb.root / path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    return next((number for number, line in enumerate(lines, 1) if text in line), 1)


def _key(heading: str) -> str:
    """How the merge compares headings: letter case and runs of spaces do not count."""
    return " ".join(heading.casefold().split())


def _fold(text: str) -> str:
    """Umlauts and their spellings alike ("Rueckfragen", "Ruckfragen", "Rückfragen")."""
    text = text.replace("ß", "ss")
    for umlaut, plain in (("ä", "a"), ("ö", "o"), ("ü", "u")):
        text = text.replace(umlaut + "e", plain).replace(plain + "e", plain).replace(umlaut, plain)
    return text


def _near(a: str, b: str) -> bool:
    """True when ``a`` differs from ``b`` by one insertion, deletion or substitution, or
    only in how umlauts are spelled."""
    if a == b or min(len(a), len(b)) < MIN_LENGTH:
        return False
    return _fold(a) == _fold(b) or _one_edit(a, b)


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), len(a))
    return a[i + 1:] == b[i + 1:] if len(a) == len(b) else a[i:] == b[i + 1:]
