"""``efa-kb list``: article ids with their titles, as the base has them or as a state shows them.

An editor who adapts a base article needs its id (the overlay's path); the listing gives
every id with its title and, for a state, where the article it shows comes from.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from efa_kb.merge.state_view import StateView
from efa_kb.model.content import Article, ArticleKind
from efa_kb.model.provenance import Level
from efa_kb.model.repository import KnowledgeBase
from efa_kb.problems import ContentError


@dataclass(frozen=True)
class Entry:
    """One article of a listing."""

    id: str
    """The article id: its page address and the path of an overlay of it."""
    title: str
    kind: ArticleKind
    path: str
    """The file the article (or, replaced, its replacement) is read from."""
    origin: str
    """Where it comes from, in German: "Basis", "Basis, angepasst: Bayern", "Fassung Berlin", "Bayern"."""


def base_entries(kb: KnowledgeBase, kind: ArticleKind | None = None) -> list[Entry]:
    """The operator's articles (``content/``), by id."""
    return [_entry(a, "Basis") for a in sorted(kb.articles.values(), key=lambda a: a.id)
            if kind is None or a.kind is kind]


def state_entries(view: StateView, kind: ArticleKind | None = None) -> list[Entry]:
    """The articles a state's site shows (hidden ones are absent), by id."""
    return [_entry(a, _origin(a)) for a in view.articles.values() if kind is None or a.kind is kind]


def _entry(article: Article, origin: str) -> Entry:
    return Entry(article.id, article.title, article.kind, article.path, origin)


def _origin(article: Article) -> str:
    if article.replaces_base:
        return article.origin.version_label
    if article.origin.level is not Level.BASE:
        return article.origin.name
    if not article.overlays:
        return "Basis"
    names = [b.origin.name for s in article.sections for b in s.blocks if b.origin.level is not Level.BASE]
    names += [a.origin.name for a in article.additions] + [o.name for _k, o in article.keyword_origins]
    if article.short_answer_origin.level is not Level.BASE:
        names.append(article.short_answer_origin.name)
    adapted = ", ".join(dict.fromkeys(names))
    return f"Basis, angepasst: {adapted}" if adapted else "Basis, angepasst"


def list_output(root: Path, states: list[str], kind: ArticleKind | None, as_json: bool) -> str:
    """The text ``efa-kb list`` prints: ``id  title`` lines (with the origin for a state), or JSON.

    Several states are listed one after the other, each under a ``# name (code)`` line.
    Raises :class:`ContentError` for a state that does not exist.
    """
    from efa_kb.pipeline import load_and_check

    kb, views, problems = load_and_check(root, states or None)
    missing = [p for p in problems.errors if p.code == "unknown-state"]
    if missing or (not states and not kb.articles and problems.errors):
        raise ContentError(missing or problems.errors)
    listings = ([(code, f"{views[code].state.name} ({code})", state_entries(views[code], kind)) for code in views]
                if states else [("", "Basis (content/)", base_entries(kb, kind))])
    if as_json:
        data = [{"state": code or None, "articles": [{**asdict(e), "kind": e.kind.value} for e in entries]}
                for code, _name, entries in listings]
        return json.dumps(data if states else data[0]["articles"], ensure_ascii=False, indent=2) + "\n"
    lines: list[str] = []
    for _code, name, entries in listings:
        if len(listings) > 1:
            lines.append(f"# {name}")
        width = max((len(e.id) for e in entries), default=0)
        lines += [f"{e.id.ljust(width)}  {e.title}" + (f"  [{e.origin}]" if states and e.origin != "Basis" else "")
                  for e in entries]
    return "".join(f"{line}\n" for line in lines)
