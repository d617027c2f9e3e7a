"""What a state's site makes searchable: its merged content as :class:`SearchDoc` records.

Hidden articles are absent from the state view and so never searchable. A
municipality's additions to a base or state article become a separate record
(same article id, the page URL with the block's anchor, the municipality's name),
so "münchen kennzeichen" finds the München block rather than only the article.

Every XZuFi Leistung the state's services select is a record of its own that lands
on its page (``leistungen/<slug>/``), with the facts a caller asks for as fields of
their own: Kosten, Fristen and Bearbeitungsdauer, Unterlagen, and the responsible
offices in the state with the municipalities and districts they serve, so that
"wohngeld germering" finds the Leistung and names Germering.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache

from efa_kb.index.documents import DocKind, SearchDoc
from efa_kb.index.site_index import SiteSearchOptions
from efa_kb.merge.state_view import StateView
from efa_kb.merge.xzufi import XzufiSelection
from efa_kb.model.content import Article, Block
from efa_kb.model.provenance import Level, Origin
from efa_kb.model.xzufi import (
    CostModule,
    DeadlineModule,
    Duration,
    Leistung,
    ResponsibleBody,
    TextCode,
    ars_key,
)
from efa_kb.render.xzufi import UNITS, LeistungPage, state_leistungen

_TAG = re.compile(r"<[^>]+>")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARK = re.compile(r"[*_`>#|]+|^\s*(?:[-+]|\d+\.)\s+", re.MULTILINE)
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)
def plain(markdown: str) -> str:
    """Markdown (with some HTML) as plain text for indexing."""
    text = _TAG.sub(" ", markdown)
    text = _LINK.sub(r"\1", text)
    text = _MARK.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def plain_html(safe_html: str) -> str:
    """Sanitised HTML (XZuFi text) as plain text."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", safe_html))).strip()


def search_options(view: StateView) -> SiteSearchOptions:
    """What the state's site search does besides searching: the search report, unless the
    state switched it off (``search_report: false``)."""
    return SiteSearchOptions(state=view.state.code, report=view.state.search_report)


def collect_documents(view: StateView) -> list[SearchDoc]:
    """All searchable records of one state, in a stable order."""
    names = {s.id: s.name for s in view.services}
    docs: list[SearchDoc] = []
    for article in sorted(view.articles.values(), key=lambda a: a.id):
        docs.extend(_article_docs(article, names))
    for incident in view.incidents:
        first = incident.services[0] if incident.services else None
        updates = " ".join(u.text for u in incident.updates)
        docs.append(
            SearchDoc(
                id=incident.id,
                url=f"{incident.id}/",
                title=incident.title,
                kind=DocKind.INCIDENT,
                short_answer=incident.workaround,
                body=plain(f"{incident.details} {updates}"),
                service=first,
                services=tuple(incident.services),
                service_name=" ".join(names.get(s, s) for s in incident.services),
            )
        )
    for service in view.services:
        docs.append(
            SearchDoc(
                id=f"services/{service.id}",
                url=f"services/{service.id}/",
                title=service.name,
                kind=DocKind.SERVICE,
                service=service.id,
                service_name=service.name,
            )
        )
    docs.extend(leistung_documents(view, names))
    for entry in view.glossary:
        anchor = "".join(ch if ch.isalnum() else "-" for ch in entry.term.casefold()).strip("-")
        title = f"{entry.term} ({entry.expansion})" if entry.expansion else entry.term
        docs.append(
            SearchDoc(
                id="glossar",
                url=f"glossar/#{anchor}",
                title=title,
                kind=DocKind.GLOSSARY,
                short_answer=entry.definition,
                anchor=anchor,
            )
        )
    return sorted(docs, key=lambda d: d.key)


def _article_docs(article: Article, names: dict[str, str]) -> list[SearchDoc]:
    whole_is_local = article.origin.level is Level.MUNICIPALITY
    municipal = {} if whole_is_local else _municipal_parts(article)
    body = [plain(b.text) for b in article.intro if _keep(b, whole_is_local)]
    for section in article.sections:
        texts = [plain(b.text) for b in section.blocks if _keep(b, whole_is_local)]
        if texts:
            body.append(section.heading)
            body.extend(texts)
    if article.symptom:
        body.insert(0, article.symptom)
    keywords = tuple(
        k for k in article.keywords
        if whole_is_local or all(k != mk for mk, o in article.keyword_origins)
    )
    docs = [
        SearchDoc(
            id=article.id,
            url=f"{article.id}/",
            title=article.title,
            kind=DocKind(article.kind.value),
            short_answer=article.short_answer,
            keywords=keywords,
            phrases=article.caller_phrases,
            body=" ".join(body),
            service=article.service,
            municipality=article.origin.name if whole_is_local else None,
            service_name=names.get(article.service or "", ""),
        )
    ]
    for origin, (anchor, answer, kws, texts) in sorted(municipal.items()):
        docs.append(
            SearchDoc(
                id=article.id,
                url=f"{article.id}/#{anchor}",
                title=article.title,
                kind=DocKind(article.kind.value),
                short_answer=answer or article.short_answer,
                keywords=kws,
                body=" ".join(texts),
                service=article.service,
                municipality=origin.name,
                anchor=anchor,
                service_name=names.get(article.service or "", ""),
            )
        )
    return docs


def _keep(block: Block, whole_is_local: bool) -> bool:
    return whole_is_local or block.origin.level is not Level.MUNICIPALITY


def _municipal_parts(
    article: Article,
) -> dict[Origin, tuple[str, str, tuple[str, ...], list[str]]]:
    """Per municipality: (anchor, short answer addition, keywords, block texts)."""
    found: dict[Origin, tuple[str, str, tuple[str, ...], list[str]]] = {}

    def entry(origin: Origin) -> tuple[str, str, tuple[str, ...], list[str]]:
        return found.setdefault(origin, (f"gemeinde-{origin.code}", "", (), []))

    for index, addition in enumerate(article.additions):
        if addition.origin.level is Level.MUNICIPALITY:
            anchor, answer, kws, texts = entry(addition.origin)
            if not answer:
                anchor, answer = f"kurzantwort-{index + 1}", addition.text
            found[addition.origin] = (anchor, answer, kws, texts)
    for keyword, origin in article.keyword_origins:
        if origin.level is Level.MUNICIPALITY:
            anchor, answer, kws, texts = entry(origin)
            found[origin] = (anchor, answer, (*kws, keyword), texts)
    for section in article.sections:
        for block in section.blocks:
            if block.origin.level is Level.MUNICIPALITY:
                entry(block.origin)[3].extend((section.heading, plain(block.text)))
    return found


# --- Leistungen --------------------------------------------------------------------

FEE_WORDS = "Kosten Gebühren"
DEADLINE_WORDS = "Fristen Frist"
DURATION_WORDS = "Bearbeitungsdauer"
DOCUMENT_WORDS = "Unterlagen Dokumente Nachweise"
OFFICE_WORDS = "Zuständige Stelle"
"""Words that open each fact field of a Leistung when it has that fact, so that a question
for it ("was kostet", "welche unterlagen", "wer ist zuständig") finds the Leistung that
answers it."""

_FACTS = frozenset({TextCode.KURZTEXT, TextCode.TEASER, TextCode.UNTERLAGEN})
"""Text modules that have fields of their own."""


def leistung_documents(view: StateView, names: Mapping[str, str] | None = None) -> list[SearchDoc]:
    """One record per Leistung page of the state (:func:`efa_kb.render.xzufi.state_leistungen`)."""
    state = view.state
    services = [(s.id, s.leika) for s in view.services]
    selected = state_leistungen(view.xzufi, services, state.ars_prefix)
    if not selected.pages:
        return []
    names = names if names is not None else {s.id: s.name for s in view.services}
    selection = XzufiSelection.of(view.xzufi)
    area_names = {m.ars: m.name for m in state.municipalities}
    return [_leistung_doc(entry, selection.responsible_bodies(entry.leistung, state.ars_prefix, area_names),
                          names)
            for entry in selected.pages]


def _leistung_doc(entry: LeistungPage, bodies: list[ResponsibleBody], names: Mapping[str, str]) -> SearchDoc:
    leistung = entry.leistung
    kurztext = leistung.text(TextCode.KURZTEXT) or leistung.text(TextCode.TEASER)
    body = [leistung.formal_title] if leistung.formal_title != leistung.title else []
    for module in leistung.texts:
        if module.code not in _FACTS:
            body += [module.label, module.text, *(link.title for link in module.links)]
    body += leistung.leika_keys
    return SearchDoc(
        id=entry.url.rstrip("/"),
        url=entry.url,
        title=leistung.title,
        kind=DocKind.LEISTUNG,
        short_answer=" ".join(kurztext.text.split()) if kurztext else "",
        keywords=leistung.terms,
        body=_join(body),
        service=entry.services[0] if entry.services else None,
        services=entry.services,
        service_name=" ".join(names.get(s, s) for s in entry.services),
        fees=_fees(leistung.costs),
        deadlines=_deadlines(leistung.deadlines, leistung.processing_times),
        documents=_documents(leistung),
        offices=_offices(bodies),
        places=_places(bodies),
    )


def _join(parts: list[str]) -> str:
    return _SPACE.sub(" ", " ".join(p for p in parts if p)).strip()


def _fees(modules: tuple[CostModule, ...]) -> str:
    parts: list[str] = []
    for module in modules:
        for cost in module.items:
            if cost.free:
                parts.append("kostenfrei gebührenfrei")
            amounts = [a for a in (cost.amount, cost.amount_from, cost.amount_to) if a is not None]
            parts += [_money(a) for a in amounts]
            if amounts:
                parts.append("Euro" if cost.currency == "EUR" else cost.currency)
            parts += [cost.kind.name if cost.kind else "", cost.note, plain_html(cost.description_html)]
        parts.append(plain_html(module.description_html))
    text = _join(parts)
    return f"{FEE_WORDS} {text}" if text else ""


def _money(value: Decimal) -> str:
    whole = value.to_integral_value()
    return str(int(whole)) if whole == value else f"{value:.2f}".replace(".", ",")


def _deadlines(deadlines: tuple[DeadlineModule, ...], durations: tuple[DeadlineModule, ...]) -> str:
    text = _join([_deadline_text(m) for m in deadlines])
    waiting = _join([_deadline_text(m) for m in durations])
    parts = [f"{DEADLINE_WORDS} {text}" if text else "", f"{DURATION_WORDS} {waiting}" if waiting else ""]
    return _join(parts)


def _deadline_text(module: DeadlineModule) -> str:
    parts: list[str] = []
    for deadline in module.items:
        parts.append(deadline.kind.name if deadline.kind else "")
        if deadline.duration:
            parts.append(_duration(deadline.duration))
        parts += [deadline.start, deadline.end, plain_html(deadline.description_html)]
    parts.append(plain_html(module.description_html))
    return _join(parts)


def _duration(duration: Duration) -> str:
    def amount(number: int, unit: str) -> str:
        singular, plural = UNITS.get(unit, (unit.lower(), unit.lower()))
        return f"{number} {singular if number == 1 else plural}"

    if duration.amount_to is None:
        return amount(duration.amount, duration.unit)
    return f"{amount(duration.amount, duration.unit)} bis {amount(duration.amount_to, duration.unit_to or duration.unit)}"


def _documents(leistung: Leistung) -> str:
    module = leistung.text(TextCode.UNTERLAGEN)
    text = _join([module.text if module else "", *leistung.documents])
    return f"{DOCUMENT_WORDS} {text}" if text else ""


def _offices(bodies: list[ResponsibleBody]) -> str:
    parts: list[str] = []
    for body in bodies:
        parts.append(body.name)
        if body.office is not None:
            parts += [area.name for area in (*body.areas, *body.municipalities)]
            for address in body.office.addresses:
                parts += [address.street, address.postcode, address.city, address.district]
    text = _join(parts)
    return f"{OFFICE_WORDS} {text}" if text else ""


def _places(bodies: list[ResponsibleBody]) -> tuple[str, ...]:
    """The named municipalities and districts the offices serve (not whole states)."""
    found: list[str] = []
    for body in bodies:
        if body.office is None:
            continue
        for area in (*body.areas, *body.municipalities):
            if area.name and len(ars_key(area.ars)) > 2 and area.name not in found:
                found.append(area.name)
    return tuple(found)
