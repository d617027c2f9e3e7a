"""Loading a whole knowledge-base repository and checking references across files."""

from __future__ import annotations

import difflib
from pathlib import Path

from efa_kb.load.background import Background
from efa_kb.load.cache import repository_cache
from efa_kb.load.content import load_articles, load_categories, load_glossary, load_services
from efa_kb.load.incidents import load_incidents
from efa_kb.load.overlays import load_overlays
from efa_kb.load.states import load_states
from efa_kb.load.traps import check_traps
from efa_kb.load.values import today
from efa_kb.model.content import Article
from efa_kb.model.overlays import Overlay
from efa_kb.model.repository import KnowledgeBase
from efa_kb.model.routing import RoutingTarget
from efa_kb.model.states import State
from efa_kb.problems import Problems

"""Folder below a repository's root for work efa-kb reuses between runs (ignored by git):
``xzufi/`` holds the parsed XZuFi catalogue, ``index/`` the terminal search indexes."""


def load_repository(root: Path, problems: Problems) -> KnowledgeBase:
    """Read every file of the repository at ``root``; problems go into ``problems``."""
    # Here, not at the top: the incident fast path (load_incident_inputs) never reads XZuFi.
    from efa_kb.load.xzufi import PARALLEL_BYTES, load_xzufi

    root = root.resolve()
    if not (root / "content").is_dir():
        problems.error(str(root), None, "Das ist kein Wissensdatenbank-Repository: es hat keinen Ordner content/",
                       "Starten Sie efa-kb im Repository, oder geben Sie es mit --root ORDNER an", code="no-repository")
        return KnowledgeBase(root)
    categories = load_categories(root, problems)
    glossary = load_glossary(root, problems)
    services = load_services(root, problems)
    on_incidents, on_states, on_xzufi = Problems(), Problems(), Problems()
    incidents = load_incidents(root, on_incidents)
    states = load_states(root, on_states, tuple(services))
    # The Markdown files are read beside the XZuFi catalogue, on another core, when that is long.
    markdown = Background(_load_markdown, root, states, worth_it=_xzufi_bytes(root) >= PARALLEL_BYTES)
    xzufi = load_xzufi(root, on_xzufi, cache=repository_cache(root, "xzufi"))
    articles, on_articles, overlays, on_overlays = markdown.result()
    # in this order, so that problems are reported file type by file type
    for found in (on_articles, on_incidents, on_states, on_overlays, on_xzufi):
        problems.extend(found)
    kb = KnowledgeBase(
        root=root, categories=categories, glossary=glossary, services=services, articles=articles,
        incidents=incidents, states=states, overlays=overlays, xzufi=xzufi,
    )
    check_references(kb, problems)
    check_site_configuration(root, problems)
    check_traps(kb, problems)
    return kb


def _load_markdown(root: Path, states: dict[str, State]) -> tuple[dict[str, Article], Problems,
                                                                  tuple[Overlay, ...], Problems]:
    """The base articles and the overlays, each with the problems found reading them."""
    on_articles, on_overlays = Problems(), Problems()
    articles = load_articles(root, on_articles)
    return articles, on_articles, load_overlays(root, states, on_overlays), on_overlays


def _xzufi_bytes(root: Path) -> int:
    """How much XZuFi XML the repository has (reading it, or its cached catalogue, takes as long)."""
    try:
        return sum(path.stat().st_size for path in (root / "xzufi").iterdir()
                   if path.suffix.lower() == ".xml" and path.is_file())
    except OSError:
        return 0


FROM_ANOTHER_HOST = {
    "mermaid": "Mermaid-Diagramme (Material lädt sie von unpkg.com)",
    "googleapis.com": "Webschriften oder Skripte von Google",
    "unpkg.com": "Skripte von unpkg.com",
    "cdn.jsdelivr.net": "Skripte von jsDelivr",
}
"""Settings of a repository's mkdocs.yml that would make every page load from another host."""


def check_site_configuration(root: Path, problems: Problems) -> None:
    """The repository's own mkdocs.yml must not switch on what loads from another host.

    The agents' networks are closed: such a site breaks there, silently. (The build's
    guard checks every built site too; this says it earlier, with the line.)
    """
    path = root / "mkdocs.yml"
    if not path.is_file():
        return
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        text = line.split("#", 1)[0].lower()
        for needle, what in FROM_ANOTHER_HOST.items():
            if needle in text:
                problems.error("mkdocs.yml", number, f"Die Einstellung schaltet {what} ein; die Netze der Agents "
                               "erreichen keinen anderen Server",
                               "Entfernen Sie die Einstellung (Diagramme: stattdessen eine Bilddatei im Repository)",
                               code="external-load")
                break


def load_incident_inputs(root: Path, problems: Problems) -> KnowledgeBase:
    """Only what incident pages and feeds are made of: services, states and incidents.

    The incident fast path reads this instead of the whole repository (no articles,
    overlays or XZuFi), so an incident is published in seconds however large the
    knowledge base is.
    """
    root = root.resolve()
    services = load_services(root, problems)
    incidents = load_incidents(root, problems)
    states = load_states(root, problems, tuple(services))
    kb = KnowledgeBase(root=root, services=services, incidents=incidents, states=states)
    _check_incidents(kb, problems)
    return kb


def _closest(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
    return f"Meinten Sie '{close[0]}'?" if close else f"Bekannt: {', '.join(sorted(known)) or 'keine'}"


def check_references(kb: KnowledgeBase, problems: Problems) -> None:
    """Everything that names something in another file must find it."""
    services, categories = list(kb.services), list(kb.categories)
    articles: list[Article] = list(kb.articles.values()) + [o.article for o in kb.overlays]
    for article in articles:
        _check_article(kb, article, problems, services, categories)
    for definition in kb.services.values():
        for target in definition.routing:
            _check_target_categories(target, categories, problems)
    for state in kb.states.values():
        _check_state(kb, state, problems)
    _check_incidents(kb, problems)


def _check_incidents(kb: KnowledgeBase, problems: Problems) -> None:
    services = list(kb.services)
    for incident in kb.incidents.values():
        service_key = "services" if "services" in dict(incident.key_lines) else "service"
        for name in incident.services:
            if name not in kb.services:
                problems.error(incident.path, incident.line(service_key),
                               f"Die Störung nennt den Dienst '{name}', den es nicht gibt", _closest(name, services),
                               code="unknown-service")
        for code in incident.states or ():
            if code not in kb.states:
                problems.error(incident.path, incident.line("states"),
                               f"Die Störung nennt das Land '{code}', für das es keine overlays/{code}/state.yml gibt",
                               _closest(code, list(kb.states)), code="unknown-state")


def _check_state(kb: KnowledgeBase, state: State, problems: Problems) -> None:
    services = list(kb.services)
    for name in state.services:
        if name not in kb.services:
            problems.error(state.path, state.line_of_service(name),
                           f"Das Land '{state.code}' nutzt den Dienst '{name}', den es nicht gibt", _closest(name, services),
                           code="unknown-service")
    for target in state.routing:
        _check_target_categories(target, list(kb.categories), problems)
        for name in target.services:
            if name not in kb.services:
                problems.error(target.path, target.line,
                               f"Das Weiterleitungsziel '{target.name}' nennt den Dienst '{name}', den es nicht gibt",
                               _closest(name, services), code="unknown-service")
            elif name not in state.services:
                problems.error(target.path, target.line,
                               f"Das Weiterleitungsziel '{target.name}' nennt den Dienst '{name}', den das Land "
                               f"'{state.code}' nicht nutzt",
                               f"Ergänzen Sie '{name}' unter services in {state.path}, oder entfernen Sie ihn aus dem Ziel",
                               code="unused-service")


def _check_article(kb: KnowledgeBase, article: Article, problems: Problems, services: list[str], categories: list[str]) -> None:
    if article.category and article.category not in kb.categories:
        problems.error(article.path, article.line("category"),
                       f"Die Kategorie '{article.category}' steht nicht in content/categories.yml",
                       _closest(article.category, categories), code="unknown-category")
    if article.service and article.service not in kb.services:
        problems.error(article.path, 1, f"Der Artikel liegt unter dem Dienst '{article.service}', der keine service.yml hat",
                       _closest(article.service, services), code="unknown-service")
    if article.incident and article.incident not in kb.incidents:
        problems.error(article.path, article.line("incident"),
                       f"Die Störung '{article.incident}' ist keine Datei in content/incidents/",
                       _closest(article.incident, list(kb.incidents)), code="unknown-incident")
    if article.review_by and article.review_by < today():
        problems.warning(article.path, article.line("review_by"),
                         f"Die Überprüfung ist seit {article.review_by:%d.%m.%Y} überfällig",
                         "Prüfen Sie den Artikel und setzen Sie review_by auf ein künftiges Datum", code="review-overdue")


def _check_target_categories(target: RoutingTarget, categories: list[str], problems: Problems) -> None:
    for category in target.categories:
        if category not in categories:
            problems.error(target.path, target.line,
                           f"Das Weiterleitungsziel '{target.name}' nennt die Kategorie '{category}', die es nicht gibt",
                           _closest(category, categories), code="unknown-category")
