"""Loading a whole knowledge-base repository and checking references across files."""

from __future__ import annotations

import difflib
from pathlib import Path

from efa_kb.load.cache import repository_cache
from efa_kb.load.content import load_articles, load_categories, load_glossary, load_services
from efa_kb.load.incidents import load_incidents
from efa_kb.load.overlays import load_overlays
from efa_kb.load.states import load_states
from efa_kb.load.traps import check_traps
from efa_kb.load.values import today
from efa_kb.load.xzufi import load_xzufi
from efa_kb.model.content import Article
from efa_kb.model.repository import KnowledgeBase
from efa_kb.model.routing import RoutingTarget
from efa_kb.model.states import State
from efa_kb.problems import Problems

"""Folder below a repository's root for work efa-kb reuses between runs (ignored by git):
``xzufi/`` holds the parsed XZuFi catalogue, ``index/`` the terminal search indexes."""


def load_repository(root: Path, problems: Problems) -> KnowledgeBase:
    """Read every file of the repository at ``root``; problems go into ``problems``."""
    root = root.resolve()
    if not (root / "content").is_dir():
        problems.error(str(root), None, "this is not a knowledge-base repository: it has no content/ folder",
                       "run efa-kb in the repository, or give it with --root DIR")
        return KnowledgeBase(root)
    # in this order, so that problems are reported file type by file type
    categories = load_categories(root, problems)
    glossary = load_glossary(root, problems)
    services = load_services(root, problems)
    articles = load_articles(root, problems)
    incidents = load_incidents(root, problems)
    states = load_states(root, problems, tuple(services))
    kb = KnowledgeBase(
        root=root, categories=categories, glossary=glossary, services=services, articles=articles,
        incidents=incidents, states=states, overlays=load_overlays(root, states, problems),
        xzufi=load_xzufi(root, problems, cache=repository_cache(root, "xzufi")),
    )
    check_references(kb, problems)
    check_site_configuration(root, problems)
    check_traps(kb, problems)
    return kb


FROM_ANOTHER_HOST = {
    "mermaid": "Mermaid diagrams, which Material loads from unpkg.com",
    "googleapis.com": "web fonts or scripts from Google",
    "unpkg.com": "scripts from unpkg.com",
    "cdn.jsdelivr.net": "scripts from jsDelivr",
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
                problems.error("mkdocs.yml", number, f"switches on {what}; agents' networks reach no other host",
                               "remove the setting (diagrams: use an image file in the repository instead)")
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
    return f"did you mean '{close[0]}'?" if close else f"known: {', '.join(sorted(known)) or 'none'}"


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
                               f"incident names service '{name}', which does not exist", _closest(name, services))
        for code in incident.states or ():
            if code not in kb.states:
                problems.error(incident.path, incident.line("states"),
                               f"incident names state '{code}', which has no overlays/{code}/state.yml",
                               _closest(code, list(kb.states)))


def _check_state(kb: KnowledgeBase, state: State, problems: Problems) -> None:
    services = list(kb.services)
    for name in state.services:
        if name not in kb.services:
            problems.error(state.path, state.line_of_service(name),
                           f"state '{state.code}' uses service '{name}', which does not exist", _closest(name, services))
    for target in state.routing:
        _check_target_categories(target, list(kb.categories), problems)
        for name in target.services:
            if name not in kb.services:
                problems.error(target.path, target.line,
                               f"routing target '{target.name}' names service '{name}', which does not exist",
                               _closest(name, services))
            elif name not in state.services:
                problems.error(target.path, target.line,
                               f"routing target '{target.name}' names service '{name}', which state '{state.code}' does not use",
                               f"add '{name}' to services in {state.path}, or remove it from the target")


def _check_article(kb: KnowledgeBase, article: Article, problems: Problems, services: list[str], categories: list[str]) -> None:
    if article.category and article.category not in kb.categories:
        problems.error(article.path, article.line("category"), f"category '{article.category}' is not in content/categories.yml",
                       _closest(article.category, categories))
    if article.service and article.service not in kb.services:
        problems.error(article.path, 1, f"the article is below service '{article.service}', which has no service.yml",
                       _closest(article.service, services))
    if article.incident and article.incident not in kb.incidents:
        problems.error(article.path, article.line("incident"), f"incident '{article.incident}' is not a file in content/incidents/",
                       _closest(article.incident, list(kb.incidents)))
    if article.review_by and article.review_by < today():
        problems.warning(article.path, article.line("review_by"), f"review is overdue since {article.review_by:%d.%m.%Y}",
                         "review the article and move review_by to a future date")


def _check_target_categories(target: RoutingTarget, categories: list[str], problems: Problems) -> None:
    for category in target.categories:
        if category not in categories:
            problems.error(target.path, target.line, f"routing target '{target.name}' names category '{category}', which does not exist",
                           _closest(category, categories))
