"""``efa-kb serve``: live preview of one state's site while editing content.

The generated project gets a MkDocs hook that regenerates its pages from the
repository before every build, and MkDocs watches the repository's content
folders, so a saved edit shows up in the browser after the reload.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from efa_kb.build.mkdocs_runner import serve
from efa_kb.pipeline import SITE_HOOKS, load_and_check
from efa_kb.problems import ContentError
from efa_kb.render.project import render_project, write_project

HOOK = Path(__file__).parent / "build" / "preview_hook.py"


def regenerate(root: Path, state: str, docs: Path) -> list[str]:
    """Re-render the state's pages into ``docs``; returns the problems as text.

    Only changed files are written, so MkDocs' own watcher settles.
    """
    _kb, views, problems = load_and_check(root, [state])
    if problems.errors or state not in views:
        return [str(p) for p in problems.errors]
    project = render_project(views[state])
    wanted = {docs / rel for rel in project.pages}
    for rel, text in project.pages.items():
        path = docs / rel
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for path in docs.rglob("*.md"):
        if path not in wanted:
            path.unlink()
    return []


def serve_state(root: Path, state: str, dev_addr: str) -> None:
    root = root.resolve()
    _kb, views, problems = load_and_check(root, [state])
    if problems.errors:
        raise ContentError(problems.errors)
    work = Path(tempfile.mkdtemp(prefix=f"efa-kb-serve-{state}-"))
    config = write_project(render_project(views[state]), root, work / "project", work / "site", hooks=[*SITE_HOOKS, HOOK])
    watch = [str(root / name) for name in ("content", "overlays", "xzufi") if (root / name).is_dir()]
    with config.open("a", encoding="utf-8") as handle:
        handle.write("watch:\n" + "".join(f"  - {w}\n" for w in watch))
    os.environ["EFA_KB_PREVIEW"] = f"{root}{os.pathsep}{state}"
    serve(config, dev_addr)
