"""``efa-kb serve``: live preview of one state's site while editing content.

The generated project gets a MkDocs hook (:mod:`efa_kb.commands.serve_hook`) that
regenerates its pages from the repository before every build and, after it, writes
what a full build adds beside MkDocs' pages: the incident feeds (``active.json``,
which every page's incident script asks for) and the search index. MkDocs watches
the repository's content folders, so a saved edit shows up in the browser after
the reload. MkDocs' own chatter stays quiet; the command prints the address, and
problems of the content.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from efa_kb.build.feeds import write_feeds
from efa_kb.build.mkdocs_runner import serve
from efa_kb.build.project_files import sync_pages, write_project
from efa_kb.index.collect import collect_documents
from efa_kb.index.site_index import write_site_index
from efa_kb.merge.state_view import StateView
from efa_kb.pipeline import load_and_check, load_checked
from efa_kb.render.feeds import feed_files
from efa_kb.render.project import render_project

HOOK = Path(__file__).with_name("serve_hook.py")
ENVIRONMENT = "EFA_KB_PREVIEW"
"""Tells the hook, in MkDocs' process, which repository and state it previews."""
PROBLEMS_LOGGER = "efa_kb.preview"
"""The hook logs the problems of a saved edit here, one ``path:line: Fehler …`` line each."""


@dataclass
class Preview:
    """What the last regeneration rendered besides the pages, for after MkDocs' build."""

    view: StateView | None = None
    problems: list[str] = field(default_factory=list)


def regenerate(root: Path, state: str, docs: Path) -> Preview:
    """Re-render the state's pages into ``docs``; the view, or the problems as text."""
    _kb, views, problems = load_and_check(root, [state])
    if problems.errors or state not in views:
        return Preview(problems=[str(p) for p in problems.errors])
    sync_pages(render_project(views[state]), docs)
    return Preview(views[state])


def complete_site(preview: Preview, site: Path) -> None:
    """Write the feeds and the search index of ``preview`` into the built ``site``."""
    if preview.view is None:
        return
    write_feeds(feed_files(preview.view), site)
    glossary = [(g.term, g.expansion) for g in preview.view.glossary]
    write_site_index(collect_documents(preview.view), glossary, site)


def preview_url(site_url: str | None, dev_addr: str) -> str:
    """The address MkDocs serves the preview at: ``dev_addr`` and the path of the site's ``site_url``."""
    path = urlsplit(site_url or "/").path or "/"
    return f"http://{dev_addr}{path if path.endswith('/') else path + '/'}"


def serve_state(root: Path, state: str, dev_addr: str, announce: Callable[[str], None] = print) -> None:
    """Preview ``state`` on ``dev_addr`` until interrupted; ``announce`` gets the address line."""
    root = root.resolve()
    _kb, views, _problems = load_checked(root, [state], "Vorschau nicht möglich: die Inhalte haben Fehler.")
    work = Path(tempfile.mkdtemp(prefix=f"efa-kb-serve-{state}-"))
    watch = tuple(root / name for name in ("content", "overlays", "xzufi") if (root / name).is_dir())
    view = views[state]
    config = write_project(render_project(view), root, work / "project", work / "site",
                           extra_hooks=(HOOK,), watch=watch)
    os.environ[ENVIRONMENT] = f"{root}{os.pathsep}{state}"
    announce(f"Vorschau {view.state.name}: {preview_url(view.state.site_url, dev_addr)}  (beenden mit Strg+C)")
    serve(config, dev_addr)
