"""Writing a state's rendered project to disk as a plain MkDocs project.

The project ``INHERIT``s the configuration chain (efa-kb's shipped
``mkdocs.yml``, then the repository's own) and uses the layered theme
(efa-kb's overrides, then the repository's ``theme/``) as ``custom_dir``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from efa_kb.build.mkdocs_runner import NAV_FILE
from efa_kb.load.cache import digest
from efa_kb.load.states import state_site_url
from efa_kb.load.yamlio import dump_yaml
from efa_kb.render.project import Project

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
SITE_HOOKS = (Path(__file__).parent / "site_hooks.py",)
"""MkDocs hooks of every site build (full build, incident fast path and preview alike)."""


def shipped(name: str) -> Path:
    """A file or folder of efa-kb's shipped resources."""
    return RESOURCES / name


def write_project(project: Project, repo_root: Path, folder: Path, site_dir: Path,
                  extra_hooks: tuple[Path, ...] = (), watch: tuple[Path, ...] = ()) -> Path:
    """Write the project into ``folder``, or bring the one there up to date; returns its ``mkdocs.yml``.

    Only pages that changed are written, so a project kept between builds costs
    little to update. ``extra_hooks`` run after the site hooks; ``watch`` adds
    folders MkDocs' live preview watches.
    """
    sync_pages(project, folder / "docs")
    shutil.rmtree(folder / "theme", ignore_errors=True)
    _layer_theme(repo_root, folder / "theme")
    parent = _base_config(repo_root, folder)
    config = {
        "INHERIT": parent,
        "site_name": project.site_name,
        "docs_dir": "docs",
        "site_dir": str(site_dir),
        "theme": {"name": "material", "custom_dir": "theme", "language": "de"},
        "hooks": [str(h) for h in (*SITE_HOOKS, *extra_hooks)],
        "extra": {"efa_state": project.state},
    }
    site_url = state_site_url(repo_root, project.state)
    if site_url:  # each state's own address (a repository-wide site_url would miss the <state>/)
        config["site_url"] = site_url
    if watch:
        config["watch"] = [str(w) for w in watch]
    # The navigation is JSON beside mkdocs.yml, which the site hook reads (NAV_FILE): MkDocs reads
    # YAML in pure Python, and a state's navigation made that the slowest part of rendering a page.
    (folder / NAV_FILE).write_text(json.dumps(project.nav, ensure_ascii=False, indent=0), encoding="utf-8")
    path = folder / "mkdocs.yml"
    path.write_text(dump_yaml(config), encoding="utf-8")
    return path


def layout_digest(folder: Path) -> str:
    """A digest of what MkDocs reads from a written project besides its pages.

    The configuration chain (``mkdocs.yml`` and the files it inherits), the navigation
    and the layered theme.
    """
    parts: list[str | bytes] = []
    for path in sorted(folder.iterdir()):
        if path.is_file():
            parts += [path.name, path.read_bytes()]
    for path in sorted((folder / "theme").rglob("*")):
        if path.is_file():
            parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return digest(*parts)


def project_digest(layout: str, project: Project) -> str:
    """A digest of everything MkDocs reads from a written project: its ``layout_digest`` and pages."""
    parts: list[str | bytes] = [layout]
    for relative, text in sorted(project.pages.items()):
        parts += [relative, text]
    return digest(*parts)


def sync_pages(project: Project, docs: Path) -> None:
    """Make ``docs`` hold exactly the project's pages, writing only those that changed.

    Unchanged files keep their modification time, so MkDocs' watcher settles.
    """
    wanted = {docs / relative for relative in project.pages}
    for relative, text in sorted(project.pages.items()):
        path = docs / relative
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for path in docs.rglob("*.md") if docs.is_dir() else ():
        if path not in wanted:
            path.unlink()


def _layer_theme(repo_root: Path, target: Path) -> None:
    """efa-kb's theme overrides, then the repository's own ``theme/`` over them."""
    shutil.copytree(shipped("theme"), target)
    own = repo_root / "theme"
    if own.is_dir():
        shutil.copytree(own, target, dirs_exist_ok=True, symlinks=False)


def _base_config(repo_root: Path, folder: Path) -> str:
    """The configuration chain: shipped default, then the repository's mkdocs.yml."""
    shutil.copyfile(shipped("mkdocs.yml"), folder / "efa-base.yml")
    own = repo_root / "mkdocs.yml"
    if not own.is_file():
        return "efa-base.yml"
    text = own.read_text(encoding="utf-8")
    if "INHERIT:" not in text:
        text = "INHERIT: efa-base.yml\n" + text
    (folder / "repo-base.yml").write_text(text, encoding="utf-8")
    return "repo-base.yml"
