"""The terminal side of search: where a state's index is cached and the lines ``efa-kb search`` prints.

The index of a state lives in efa-kb's cache folder (see :mod:`efa_kb.load.cache`) and is
rebuilt only when the state's searchable content (or efa-kb's analysis) changed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from efa_kb.index.collect import collect_documents
from efa_kb.index.documents import SearchDoc
from efa_kb.index.whoosh_index import Hit, TerminalSearch, open_or_build
from efa_kb.load.cache import repository_cache
from efa_kb.merge.state_view import StateView


def index_dir_for(root: Path, state: str) -> Path:
    """Where the terminal index of ``state`` is cached: outside the repository, whose files are
    untrusted (whoosh's index files hold pickles)."""
    return repository_cache(root, "index") / state


def view_documents(view: StateView) -> tuple[list[SearchDoc], list[tuple[str, str | None]]]:
    """A merged state's search records and its glossary as (term, expansion)."""
    return collect_documents(view), [(g.term, g.expansion) for g in view.glossary]


def open_view_search(root: Path, view: StateView) -> TerminalSearch:
    """The terminal search of a merged state, building its cached index first if needed."""
    docs, glossary = view_documents(view)
    index_dir = index_dir_for(root, view.state.code)
    open_or_build(docs, glossary, index_dir)
    return TerminalSearch(index_dir)


def hit_json(query: str, hits: Iterable[Hit]) -> str:
    """One JSON line: ``{"query": ..., "results": [{"id", "title", "url", "score", "kind",
    "service", "short_answer", "municipality"}, ...]}``; ``short_answer`` is a Leistung's
    Kurztext, ``municipality`` the municipal block's or the place of a Leistung the query
    names (``null`` when none, like ``service``)."""
    results = [{"id": h.id, "title": h.title, "url": h.url, "score": h.score, "kind": h.kind,
                "service": h.service or None, "short_answer": h.short_answer,
                "municipality": h.municipality or None} for h in hits]
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
