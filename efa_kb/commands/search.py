"""``efa-kb search`` and ``efa-kb eval-search``: the German search from the terminal, and its measured quality."""

from __future__ import annotations

from pathlib import Path

from efa_kb.index.documents import SearchDoc
from efa_kb.index.evaluate import evaluate, load_queries, side_by_side
from efa_kb.index.query import open_view_search, view_documents
from efa_kb.index.whoosh_index import TerminalSearch
from efa_kb.pipeline import load_checked


def state_documents(root: Path, state: str) -> tuple[list[SearchDoc], list[tuple[str, str | None]]]:
    """One state's search records and glossary; raises ContentError on content errors."""
    _kb, views, _problems = load_checked(root, [state])
    return view_documents(views[state.lower()])


def open_state_search(root: Path, state: str) -> TerminalSearch:
    """The terminal search of ``state``, building its cached index first if needed."""
    _kb, views, _problems = load_checked(root, [state])
    return open_view_search(root, views[state.lower()])


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


def run_eval(root: Path, queries_path: Path, site_root: Path | None = None) -> list[str]:
    """The terminal search, and the site search when ``site_root`` (a folder with the built
    ``<state>/`` sites) is given, each as a table, then both totals side by side.

    The site part needs Playwright and Chromium (test dependencies).
    """
    queries = load_queries(queries_path)
    reports = []
    terminal = TerminalEngine(root)
    try:
        reports.append(evaluate("terminal", terminal, queries))
    finally:
        terminal.close()
    if site_root is not None:
        from efa_kb.index.browser import BrowserEngine, chromium, serve

        with serve(site_root) as (url, _), chromium() as browser:
            site = BrowserEngine(browser, url)
            try:
                reports.append(evaluate("site", site, queries))
            finally:
                site.close()
    lines: list[str] = []
    for report in reports:
        lines += report.lines()
        lines.append("")
    return lines + side_by_side(reports)
