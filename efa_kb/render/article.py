"""The page of one article, laid out for an agent on the phone.

Order: incident banner, title, short answer (copyable), municipal additions,
then ``Rückfragen`` and ``Weiterleitung`` (with the matching routing targets and
their service levels), then the remaining sections as the authors wrote them.
"""

from __future__ import annotations

from efa_kb.load.values import BERLIN
from efa_kb.merge.state_view import StateView
from efa_kb.model.content import Article, ArticleKind, Section
from efa_kb.model.provenance import Level
from efa_kb.render.blocks import blocks_md, first_level, incident_banner, target_card, times_text
from efa_kb.render.dates import german_date
from efa_kb.render.incidents import incident_reference
from efa_kb.render.markup import esc, link, md_text, page, page_url, part

FIRST_SECTIONS = ("rückfragen", "weiterleitung")


def article_source(article: Article) -> str:
    """Source path of the article's page inside the generated docs folder."""
    return f"{article.id}.md"


def render_article(view: StateView, article: Article, nav_parent: str | None = None) -> str:
    """The article's page; ``nav_parent`` is the page the sidebar marks current when the
    article itself is not listed there (see :data:`efa_kb.render.project.NAV_LIST_LIMIT`)."""
    src = article_source(article)
    anchored: set[str] = set()
    parts = [incident_banner(view, src, article.service), f"# {md_text(article.title)}"]
    if article.short_answer:
        parts.append(part(_short_answer(article)))
    parts += [part(_addition(a.text, a.origin.label, i)) for i, a in enumerate(article.additions)]
    parts.append(part(_facts(view, article, src)))
    if article.kind is ArticleKind.WORKAROUND and article.symptom:
        parts.append(part(f'<p class="efa-symptom"><strong>Symptom:</strong> {esc(article.symptom)}</p>'))
    needs_routing = article.kind in (ArticleKind.FAQ, ArticleKind.WORKAROUND) and article.service
    if needs_routing:
        parts.append(part(_routing_summary(view, article)))
    replaced_by = article.origin if article.replaces_base else None
    if article.intro:
        parts.append(blocks_md(article.intro, anchored, replaced_by))
    sections = list(article.sections)
    first = [s for key in FIRST_SECTIONS for s in sections if s.heading.casefold() == key]
    rest = [s for s in sections if s not in first]
    if needs_routing and not any(s.heading.casefold() == "weiterleitung" for s in first):
        first.append(Section("Weiterleitung", ()))
    for section in first + rest:
        parts.append(f"## {section.heading}")
        if section.blocks:
            parts.append(blocks_md(section.blocks, anchored, replaced_by))
        if needs_routing and section.heading.casefold() == "weiterleitung":
            parts.append(part(_routing(view, article)))
    parts.append(part(_provenance(article)))
    meta = {"efa_nav_parent": nav_parent} if nav_parent else {}
    return page(article.title, "\n\n".join(p for p in parts if p), **meta)


def _short_answer(article: Article) -> str:
    label = _short_answer_label(article)
    label = f' <span class="efa-origin">{esc(label)}</span>' if label else ""
    return (
        '<div class="efa-answer">\n'
        f'<p class="efa-answer__label">Kurzantwort zum Vorlesen{label}</p>\n'
        f'<p class="efa-answer__text" id="kurzantwort">{esc(article.short_answer)}</p>\n'
        '<button type="button" class="efa-copy md-clipboard--inline" data-clipboard-target="#kurzantwort" '
        'aria-label="Kurzantwort kopieren">Kopieren</button>\n</div>'
    )


def _short_answer_label(article: Article) -> str:
    """"Fassung Bayern" for a state's short answer read instead of the operator's; a state's
    own article keeps "Ergänzung Bayern"; the operator's needs no label."""
    origin = article.short_answer_origin
    if origin.level is Level.BASE:
        return ""
    if article.replaces_base or (origin.level is Level.STATE and article.origin.level is Level.BASE):
        return origin.version_label
    return origin.label


def _addition(text: str, label: str, index: int) -> str:
    return (
        '<div class="efa-answer efa-answer--municipality">\n'
        f'<p class="efa-answer__label">{esc(label)}</p>\n'
        f'<p class="efa-answer__text" id="kurzantwort-{index + 1}">{esc(text)}</p>\n'
        f'<button type="button" class="efa-copy" data-clipboard-target="#kurzantwort-{index + 1}" '
        f'aria-label="Ergänzung kopieren">Kopieren</button>\n</div>'
    )


def _facts(view: StateView, article: Article, src: str) -> str:
    facts = [f"<span>{article.kind.label}</span>"]
    if article.service:
        service = view.service(article.service)
        facts.append(f'<a href="{esc(_dir_link(src, f"services/{service.id}/index.md"))}">{esc(service.name)}</a>')
    if article.category and article.category in view.categories:
        name = view.categories[article.category].name
        facts.append(f'<span>Kategorie: <a href="{esc(_dir_link(src, "kategorien.md"))}#{esc(article.category)}">{esc(name)}</a></span>')
    if article.kind is ArticleKind.WORKAROUND and article.status:
        fixed = f" am {german_date(article.fixed_on)}" if article.fixed_on else ""
        facts.append(f'<span class="efa-status efa-status--{article.status}">Status: {article.status.label}{fixed}</span>')
    if article.incident and (reference := incident_reference(view, article.incident, src)):
        facts.append(reference)
    if article.audience:
        facts.append(f"<span>Zielgruppe: {article.audience.label}</span>")
    if article.duration:
        facts.append(f"<span>Dauer: {esc(article.duration)}</span>")
    if article.review_by:
        overdue = " efa-overdue" if article.review_by < view.now.astimezone(BERLIN).date() else ""
        facts.append(f'<span class="efa-review{overdue}">Prüfen bis {german_date(article.review_by)}</span>')
    if article.owner:
        facts.append(f"<span>Verantwortlich: {esc(article.owner)}</span>")
    return '<p class="efa-facts">' + " · ".join(facts) + "</p>"


def _dir_link(src: str, to_src: str) -> str:
    """A raw-HTML link from page ``src`` to the page built from ``to_src``."""
    return link(page_url(src), page_url(to_src))


def _routing(view: StateView, article: Article) -> str:
    assert article.service
    targets = view.routing_for(article.service, article.category)
    cards = "\n".join(target_card(t) for t in targets) or '<p>Für diese Kategorie ist kein Ziel hinterlegt.</p>'
    matrix = _dir_link(article_source(article), "kommunikationsmatrix.md")
    return (
        f'<div class="efa-routing">\n{first_level(view)}\n{cards}\n'
        f'<p><a href="{esc(matrix)}#{esc(article.service)}">Kommunikationsmatrix</a></p>\n</div>'
    )


def _routing_summary(view: StateView, article: Article) -> str:
    """Where this goes next and how fast, above the sections: the targets of the first level
    to escalate to, each with its reaction time, linked to the full ``Weiterleitung``.

    The full section follows the Rückfragen, and a long short answer, a municipal addition
    and a state's block push it off a phone's first screen; this line stays on it.
    """
    assert article.service
    targets = view.routing_for(article.service, article.category)
    if not targets:
        return ""
    level = min(t.level for t in targets)
    items = []
    for target in (t for t in targets if t.level == level):
        origin = "" if target.origin.level is Level.BASE else f' <span class="efa-origin">{esc(target.origin.label)}</span>'
        items.append(
            f'<li><span class="efa-target__level">{target.level}. Level {esc(target.kind)}</span> '
            f'<strong>{esc(target.name)}</strong>{origin}<br>'
            f'<span class="efa-route__time">Reaktionszeit: {esc(times_text(target.reaction_time))}</span></li>'
        )
    return (
        '<div class="efa-route">\n'
        '<p class="efa-route__label"><a href="#weiterleitung">Weiterleitung</a></p>\n'
        f'<ul class="efa-route__targets">\n{"".join(items)}\n</ul>\n</div>'
    )


def _provenance(article: Article) -> str:
    notes = []
    if article.replaces_base:
        notes.append(f"{article.origin.version_label}: ersetzt in diesem Land den Artikel des Betreibers.")
    elif (label := _short_answer_label(article)) and label != article.short_answer_origin.label:
        notes.append(f"Kurzantwort: {label}.")
    blocks = [*article.intro, *(b for s in article.sections for b in s.blocks)]
    authors = sorted({b.origin.label for b in blocks if b.origin.level is not Level.BASE
                      and not (article.replaces_base and b.origin == article.origin)}
                     | ({article.origin.label} if article.origin.level is not Level.BASE
                        and not article.replaces_base else set()))
    if authors:
        notes.append(f"Enthält {', '.join(authors)}.")
    return f'<p class="efa-provenance">{esc(" ".join(notes))}</p>' if notes else ""

