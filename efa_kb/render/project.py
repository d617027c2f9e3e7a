"""A state's complete MkDocs project: generated pages, navigation and configuration.

:func:`render_project` is pure: it returns the files as a mapping of relative path
to text; :func:`write_project` puts them on disk next to the layered theme.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from efa_kb.load.yamlio import dump_yaml
from efa_kb.merge.state_view import StateView
from efa_kb.model.content import ArticleKind
from efa_kb.render.article import article_source, render_article
from efa_kb.render.blocks import incident_banner
from efa_kb.render.incidents import incident_source, render_incident, render_incident_index
from efa_kb.render.matrix import render_matrix
from efa_kb.render.pages import (
    KIND_ORDER,
    render_categories,
    render_glossary,
    render_service,
    render_start,
    service_source,
)

from efa_kb.render.xzufi import render_service_descriptions


@dataclass
class Project:
    """The generated MkDocs project of one state."""

    state: str
    site_name: str
    pages: dict[str, str] = field(default_factory=dict)
    """Markdown pages below ``docs/`` by relative path."""
    nav: list[Any] = field(default_factory=list)


def shipped(name: str) -> Path:
    """A file or folder of efa-kb's shipped resources."""
    return Path(__file__).resolve().parents[1] / "resources" / name


def render_project(view: StateView) -> Project:
    state = view.state
    project = Project(state.code, f"Wissensdatenbank {state.name}")
    pages = project.pages
    xzufi_sources: dict[str, str] = {}
    for service in view.services:
        text = render_service_descriptions(
            view.xzufi, service.leika, state.ars_prefix, state.name,
            area_names={m.ars: m.name for m in state.municipalities},
        ) if view.xzufi is not None else None
        if text:
            source = xzufi_sources[service.id] = f"services/{service.id}/leistungsbeschreibungen.md"
            pages[source] = incident_banner(view, source, service.id) + "\n\n" + text
    pages["index.md"] = render_start(view, xzufi_sources)
    for service in view.services:
        pages[service_source(service)] = render_service(view, service, xzufi_sources.get(service.id))
    for article in view.articles.values():
        pages[article_source(article)] = render_article(view, article)
    pages["incidents/index.md"] = render_incident_index(view)
    for incident in view.incidents:
        pages[incident_source(incident)] = render_incident(view, incident)
    pages["kommunikationsmatrix.md"] = render_matrix(view)
    pages["glossar.md"] = render_glossary(view)
    pages["kategorien.md"] = render_categories(view)
    project.nav = _nav(view, xzufi_sources)
    return project


def _nav(view: StateView, xzufi_sources: dict[str, str]) -> list[Any]:
    nav: list[Any] = [{"Start": "index.md"}, {"Störungen": "incidents/index.md"}]
    for service in view.services:
        entries: list[Any] = [{"Überblick": service_source(service)}]
        if service.id in xzufi_sources:
            entries.append({"Leistungsbeschreibungen": xzufi_sources[service.id]})
        for kind in KIND_ORDER:
            articles = view.articles_of(service.id, kind)
            if articles:
                entries.append({kind.plural: [{a.title: article_source(a)} for a in articles]})
        nav.append({service.name: entries})
    pages = [a for a in view.articles.values() if a.kind is ArticleKind.PAGE]
    if pages:
        nav.append({view.state.name: [{a.title: article_source(a)} for a in pages]})
    nav += [{"Kommunikationsmatrix": "kommunikationsmatrix.md"}, {"Glossar": "glossar.md"}, {"Kategorien": "kategorien.md"}]
    return nav


def write_project(project: Project, repo_root: Path, folder: Path, site_dir: Path, hooks: list[Path]) -> Path:
    """Write the project into ``folder`` (emptied first); returns its ``mkdocs.yml``."""
    if folder.exists():
        shutil.rmtree(folder)
    docs = folder / "docs"
    for relative, text in sorted(project.pages.items()):
        target = docs / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    _layer_theme(repo_root, folder / "theme")
    parent = _base_config(repo_root, folder)
    config = {
        "INHERIT": parent,
        "site_name": project.site_name,
        "docs_dir": "docs",
        "site_dir": str(site_dir),
        "theme": {"name": "material", "custom_dir": "theme", "language": "de"},
        "nav": project.nav,
        "hooks": [str(h) for h in hooks],
        "extra": {"efa_state": project.state},
    }
    path = folder / "mkdocs.yml"
    path.write_text(dump_yaml(config), encoding="utf-8")
    return path


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
