"""What a state's site makes searchable: its merged content as :class:`SearchDoc` records.

Hidden articles are absent from the state view and so never searchable. A
municipality's additions to a base or state article become a separate record
(same article id, the page URL with the block's anchor, the municipality's name),
so "münchen kennzeichen" finds the München block rather than only the article.
"""

from __future__ import annotations

import re
from functools import lru_cache

from efa_kb.index.documents import DocKind, SearchDoc
from efa_kb.merge.state_view import StateView
from efa_kb.model.content import Article, Block
from efa_kb.model.provenance import Level, Origin

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
