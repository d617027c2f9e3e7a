"""The overview pages of a state's site: start, services, matrix, glossary, categories."""

from __future__ import annotations

from efa_kb.merge.state_view import StateView
from efa_kb.model.content import KIND_FOLDERS, Article, ArticleKind, Service
from efa_kb.render.article import article_source
from efa_kb.render.blocks import first_level, incident_banner, rel_link, target_card
from efa_kb.render.markup import esc, md_text, page, part

KIND_ORDER = (ArticleKind.FAQ, ArticleKind.WORKAROUND, ArticleKind.TRAINING)


def service_source(service: Service) -> str:
    """Source path of a service's overview page."""
    return f"services/{service.id}/index.md"


def kind_source(service: Service, kind: ArticleKind) -> str:
    """Source path of the page listing a service's articles of one kind (``services/x/faq/``)."""
    return f"services/{service.id}/{KIND_FOLDERS[kind]}/index.md"


def ordered(articles: list[Article]) -> list[Article]:
    """Articles in their list order: those with a ``weight`` first, lower first, then the
    others as given (by id); ties keep the given order."""
    return sorted(articles, key=lambda a: (a.weight is None, a.weight or 0))


def render_start(view: StateView, xzufi_sources: dict[str, str]) -> str:
    state = view.state
    parts = [
        incident_banner(view, "index.md"),
        f"# Wissensdatenbank {md_text(state.name)}",
        '<p class="efa-lead">Suchen Sie mit <kbd>/</kbd> nach Frage, Fehlermeldung oder Stichwort.</p>',
        first_level(view),
        "## Onlinedienste",
    ]
    for service in view.services:
        count = len(view.articles_of(service.id))
        parts.append(f"- [{md_text(service.name)}]({service_source(service)}) – {count} Artikel")
    if view.pages():
        parts.append(f"## {md_text(state.name)}")
        parts += [f"- [{md_text(a.title)}]({article_source(a)})" for a in ordered(view.pages())]
    parts.append("## Nachschlagen")
    parts += [
        "- [Störungen und Wartungen](incidents/index.md)",
        "- [Kommunikationsmatrix](kommunikationsmatrix.md)",
        "- [Glossar](glossar.md)",
        "- [Kategorien](kategorien.md)",
    ]
    return page(f"Wissensdatenbank {state.name}", "\n\n".join(parts))


def render_service(view: StateView, service: Service, xzufi_source: str | None) -> str:
    src = service_source(service)
    parts = [incident_banner(view, src, service.id), f"# {md_text(service.name)}"]
    facts = []
    if service.provider:
        facts.append(f"Bereitsteller: {md_text(service.provider)}")
    if service.bela:
        facts.append(f"Betreibendes Land (BeLa): {md_text(service.bela)}")
    if service.url:
        facts.append(f"Onlinedienst: <{service.url}>")
    if service.leika:
        facts.append("Leistungsschlüssel: " + ", ".join(service.leika))
    if service.bev_contact:
        contact = service.bev_contact
        facts.append("Betriebsverantwortlicher (BeV): " + " · ".join(md_text(x) for x in (contact.name, contact.email, contact.phone) if x))
    parts.append("\n".join(f"- {fact}" for fact in facts))
    if xzufi_source:
        parts.append(f"[Leistungsbeschreibungen und zuständige Stellen]({rel_link(src, xzufi_source)}){{ .md-button }}")
    for kind in KIND_ORDER:
        articles = ordered(view.articles_of(service.id, kind))
        if articles:
            parts.append(f"## {kind.plural}")
            parts.append("\n".join(_article_item(src, a) for a in articles))
    targets = view.routing_for(service.id)
    if targets:
        parts.append("## Weiterleitung")
        parts.append(part(first_level(view)))
        parts.append(part("\n".join(target_card(t) for t in targets)))
    return page(service.name, "\n\n".join(parts))


def render_kind(view: StateView, service: Service, kind: ArticleKind) -> str:
    """Every article of one kind of a service, with its short answer, in the service's order."""
    src = kind_source(service, kind)
    overview = rel_link(src, service_source(service))
    parts = [
        incident_banner(view, src, service.id),
        f"# {kind.plural}: {md_text(service.name)}",
        f"Zurück zum [Überblick {md_text(service.name)}]({overview}).",
        "\n".join(_article_item(src, a) for a in ordered(view.articles_of(service.id, kind))),
    ]
    return page(f"{kind.plural}: {service.name}", "\n\n".join(parts))


def _article_item(src: str, article: Article) -> str:
    line = f"- [{md_text(article.title)}]({rel_link(src, article_source(article))})"
    if article.short_answer:
        line += f"  \n  <span class=\"efa-teaser\">{esc(_shorten(article.short_answer))}</span>"
    return line


def _shorten(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def render_glossary(view: StateView) -> str:
    parts = ["# Glossar", '<dl class="efa-glossary">']
    for entry in view.glossary:
        anchor = "".join(ch if ch.isalnum() else "-" for ch in entry.term.casefold()).strip("-")
        expansion = f" <span class=\"efa-expansion\">({esc(entry.expansion)})</span>" if entry.expansion else ""
        parts.append(f'<dt id="{esc(anchor)}">{esc(entry.term)}{expansion}</dt>\n<dd>{esc(entry.definition)}</dd>')
    parts.append("</dl>")
    return page("Glossar", "\n".join(parts))


def render_categories(view: StateView) -> str:
    parts = ["# Kategorien"]
    for category in view.categories.values():
        articles = [a for a in view.articles.values() if a.category == category.id]
        parts.append(f"## {md_text(category.name)} {{ #{category.id} }}")
        if category.description:
            parts.append(md_text(category.description))
        parts.append("\n".join(f"- [{md_text(a.title)}]({article_source(a)})" for a in articles) or "Keine Artikel.")
    return page("Kategorien", "\n\n".join(parts))
