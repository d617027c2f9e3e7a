"""A state's complete MkDocs project as data: generated pages and navigation.

:func:`render_project` is pure; the build stage writes the project to disk
(:mod:`efa_kb.build.project_files`) next to the layered theme and configuration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from efa_kb.merge.state_view import StateView
from efa_kb.model.content import Article, ArticleKind
from efa_kb.render.article import article_source, render_article
from efa_kb.render.blocks import incident_banner
from efa_kb.render.incidents import incident_source, render_incident, render_incident_index
from efa_kb.render.markup import esc
from efa_kb.render.matrix import render_matrix
from efa_kb.render.pages import (
    KIND_ORDER,
    kind_source,
    render_categories,
    render_glossary,
    render_kind,
    render_service,
    render_start,
    service_source,
)
from efa_kb.render.xzufi import list_source, render_leistung, render_leistung_list, state_leistungen

NAV_LIST_LIMIT = 20
"""A kind with at most this many articles lists them in the sidebar; a longer one is a link
to its own page, so every page's navigation stays small however large the service grows."""


@dataclass(frozen=True)
class Project:
    """The generated MkDocs project of one state."""

    state: str
    """State code; the site is built into ``<out>/<state>/``."""
    site_name: str
    """MkDocs' ``site_name``: "Wissensdatenbank Bayern" (HTML-escaped: the theme writes it as HTML)."""
    pages: dict[str, str] = field(default_factory=dict)
    """Markdown pages below ``docs/`` by relative path."""
    nav: list[Any] = field(default_factory=list)
    """MkDocs' ``nav``: titles (HTML-escaped) and page paths."""


def render_project(view: StateView) -> Project:
    """Every page of the state's site and its navigation."""
    state = view.state
    pages: dict[str, str] = {}
    xzufi_sources = _leistungen(view, pages)
    pages["index.md"] = render_start(view, xzufi_sources)
    listed_on_own_page: dict[str, str] = {}
    """Article source → its kind page, for articles of kinds too long for the sidebar."""
    for service in view.services:
        pages[service_source(service)] = render_service(view, service, xzufi_sources.get(service.id))
        for kind in KIND_ORDER:
            articles = view.articles_of(service.id, kind)
            if len(articles) > NAV_LIST_LIMIT:
                source = kind_source(service, kind)
                pages[source] = render_kind(view, service, kind)
                listed_on_own_page.update((article_source(a), source) for a in articles)
    for article in view.articles.values():
        source = article_source(article)
        pages[source] = render_article(view, article, nav_parent=listed_on_own_page.get(source))
    pages["incidents/index.md"] = render_incident_index(view)
    for incident in view.incidents:
        pages[incident_source(incident)] = render_incident(view, incident)
    pages["kommunikationsmatrix.md"] = render_matrix(view)
    pages["glossar.md"] = render_glossary(view)
    pages["kategorien.md"] = render_categories(view)
    # site_name and navigation titles are written by the theme as HTML: escaped here, like page titles
    return Project(state.code, esc(f"Wissensdatenbank {state.name}"), pages, _nav(view, xzufi_sources))


def _leistungen(view: StateView, pages: dict[str, str]) -> dict[str, str]:
    """Add to ``pages`` a page per Leistung the state's services select and each service's list.

    Returns the list page of each service that has one (service id → source path).
    """
    state = view.state
    selected = state_leistungen(view.xzufi, [(s.id, s.leika) for s in view.services], state.ars_prefix)
    lists: dict[str, str] = {}
    for service in view.services:
        entries = selected.by_service.get(service.id)
        if entries:
            source = lists[service.id] = list_source(service.id)
            pages[source] = (incident_banner(view, source, service.id) + "\n\n"
                             + render_leistung_list(entries, source, state.name))
    names = {service.id: service.name for service in view.services}
    area_names = {m.ars: m.name for m in state.municipalities}
    for entry in selected.pages:
        pages[entry.source] = render_leistung(
            view.xzufi, entry, state.ars_prefix, state.name, service_names=names,
            area_names=area_names, banner=incident_banner(view, entry.source, entry.services[0]),
        )
    return lists


def _entry(article: Article) -> dict[str, str]:
    return {esc(article.title): article_source(article)}


def _nav(view: StateView, xzufi_sources: dict[str, str]) -> list[Any]:
    nav: list[Any] = [{"Start": "index.md"}, {"Störungen": "incidents/index.md"}]
    for service in view.services:
        entries: list[Any] = [{"Überblick": service_source(service)}]
        if service.id in xzufi_sources:
            entries.append({"Leistungsbeschreibungen": xzufi_sources[service.id]})
        for kind in KIND_ORDER:
            articles = view.articles_of(service.id, kind)
            if len(articles) > NAV_LIST_LIMIT:
                entries.append({kind.plural: kind_source(service, kind)})
            elif articles:
                entries.append({kind.plural: [_entry(a) for a in articles]})
        nav.append({esc(service.name): entries})
    pages = [a for a in view.articles.values() if a.kind is ArticleKind.PAGE]
    if pages:
        nav.append({esc(view.state.name): [_entry(a) for a in pages]})
    nav += [{"Kommunikationsmatrix": "kommunikationsmatrix.md"}, {"Glossar": "glossar.md"}, {"Kategorien": "kategorien.md"}]
    return nav
