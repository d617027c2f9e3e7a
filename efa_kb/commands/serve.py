"""``efa-kb serve``: live preview of one state's site while editing content.

The generated project gets a MkDocs hook (:mod:`efa_kb.commands.serve_hook`) that
regenerates its pages from the repository before every build, and MkDocs watches
the repository's content folders, so a saved edit shows up in the browser after
the reload.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from efa_kb.build.mkdocs_runner import serve
from efa_kb.build.project_files import sync_pages, write_project
from efa_kb.pipeline import load_and_check, load_checked
from efa_kb.render.project import render_project

HOOK = Path(__file__).with_name("serve_hook.py")
ENVIRONMENT = "EFA_KB_PREVIEW"
"""Tells the hook, in MkDocs' process, which repository and state it previews."""


def regenerate(root: Path, state: str, docs: Path) -> list[str]:
    """Re-render the state's pages into ``docs``; returns the problems as text."""
    _kb, views, problems = load_and_check(root, [state])
    if problems.errors or state not in views:
        return [str(p) for p in problems.errors]
    sync_pages(render_project(views[state]), docs)
    return []


def serve_state(root: Path, state: str, dev_addr: str) -> None:
    """Preview ``state`` on ``dev_addr`` until interrupted."""
    root = root.resolve()
    _kb, views, _problems = load_checked(root, [state], "Vorschau nicht möglich: die Inhalte haben Fehler.")
    work = Path(tempfile.mkdtemp(prefix=f"efa-kb-serve-{state}-"))
    watch = tuple(root / name for name in ("content", "overlays", "xzufi") if (root / name).is_dir())
    config = write_project(render_project(views[state]), root, work / "project", work / "site",
                           extra_hooks=(HOOK,), watch=watch)
    os.environ[ENVIRONMENT] = f"{root}{os.pathsep}{state}"
    serve(config, dev_addr)
