"""The terminal side of search: a state's cached index and the lines ``efa-kb search`` prints.

The index of a state lives in ``<repo>/.efa-kb-cache/index/<state>/`` and is
rebuilt only when the state's searchable content (or efa-kb's analysis) changed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from efa_kb.index.collect import collect_documents
from efa_kb.index.documents import SearchDoc
from efa_kb.index.whoosh_index import Hit, TerminalSearch, open_or_build
from efa_kb.load.repository import load_repository
from efa_kb.load.values import now
from efa_kb.merge.state_view import StateView, state_view
from efa_kb.problems import ContentError, Problems

CACHE = ".efa-kb-cache"


def index_dir_for(root: Path, state: str) -> Path:
    """Where the terminal index of ``state`` is cached."""
    return root / CACHE / "index" / state


def view_documents(view: StateView) -> tuple[list[SearchDoc], list[tuple[str, str | None]]]:
    """A merged state's search records and its glossary as (term, expansion)."""
    return collect_documents(view), [(g.term, g.expansion) for g in view.glossary]


def state_documents(
    root: Path, state: str
) -> tuple[list[SearchDoc], list[tuple[str, str | None]]]:
    """Load and merge the repository for one state; raises ContentError on errors."""
    problems = Problems()
    kb = load_repository(root, problems)
    if state not in kb.states:
        known = ", ".join(sorted(kb.states)) or "none"
        problems.error("overlays", None, f"there is no state '{state}'", f"choose one of: {known}")
    if problems.errors:
        raise ContentError(problems.errors)
    return view_documents(state_view(kb, state, now(), problems))


def open_state_search(root: Path, state: str) -> TerminalSearch:
    """The terminal search of a state, building its index first if needed."""
    docs, glossary = state_documents(root, state)
    index_dir = index_dir_for(root, state)
    open_or_build(docs, glossary, index_dir)
    return TerminalSearch(index_dir)


def hit_json(query: str, hits: Iterable[Hit]) -> str:
    """One JSON line: ``{"query": ..., "results": [{"id", "title", "url", "score"}, ...]}``."""
    results = [{"id": h.id, "title": h.title, "url": h.url, "score": h.score} for h in hits]
    return json.dumps({"query": query, "results": results}, ensure_ascii=False)


def search_lines(search: TerminalSearch, query: str, as_json: bool = False,
                 limit: int = 10) -> list[str]:
    """What ``efa-kb search`` prints for one query."""
    hits = search.search(query, limit)
    if as_json:
        return [hit_json(query, hits)]
    if not hits:
        return [f"Keine Treffer für „{query}“."]
    lines = []
    for number, hit in enumerate(hits, 1):
        label = f" [{hit.municipality}]" if hit.municipality else ""
        lines.append(f"{number:>2}. {hit.title}{label}  ({hit.kind}, {hit.score:.2f})")
        lines.append(f"    {hit.url}")
        if hit.short_answer:
            answer = hit.short_answer if len(hit.short_answer) <= 160 else hit.short_answer[:157] + "…"
            lines.append(f"    {answer}")
    return lines


def batch_lines(search: TerminalSearch, queries: Iterable[str], as_json: bool = False,
                limit: int = 10) -> Iterator[str]:
    """``--batch``: one result line per non-empty query line."""
    for raw in queries:
        query = raw.strip()
        if not query:
            continue
        hits = search.search(query, limit)
        if as_json:
            yield hit_json(query, hits)
        else:
            yield query + "\t" + "\t".join(f"{h.url} ({h.score:.2f})" for h in hits)


class TerminalEngine:
    """The terminal search of several states as an evaluation engine ``(state, query)``."""

    def __init__(self, root: Path):
        self.root = root
        self._open: dict[str, TerminalSearch] = {}

    def __call__(self, state: str, query: str) -> list[tuple[str, str]]:
        if state not in self._open:
            self._open[state] = open_state_search(self.root, state)
        return [(h.id, h.url) for h in self._open[state].search(query, 10)]

    def close(self) -> None:
        for search in self._open.values():
            search.close()
        self._open.clear()
