"""Reading one Markdown article (base, local or overlay) into an :class:`Article`."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from efa_kb.load.files import read_markdown, rel
from efa_kb.load.markdown import MarkdownFile
from efa_kb.load.schema import Context, read_mapping
from efa_kb.load.schemas import ARTICLE, COMMON_KEYS, KIND_KEYS, OVERLAY_KEYS
from efa_kb.model.content import FOLDER_KINDS, Article, ArticleKind, Block, Section
from efa_kb.model.overlays import OverlayMode
from efa_kb.model.provenance import BASE, Origin
from efa_kb.problems import Problems


@dataclass(frozen=True)
class ArticleFile:
    """An article as read from disk, with what the overlay logic needs to know."""

    article: Article
    meta: dict[str, Any]
    given_keys: frozenset[str]
    source: MarkdownFile
    text: str


def kind_of(article_id: str) -> tuple[ArticleKind, str | None] | None:
    """Kind and service of an article id, or None when its path is not one the contract knows."""
    parts = article_id.split("/")
    if len(parts) == 4 and parts[0] == "services" and parts[2] in FOLDER_KINDS and parts[2] != "pages":
        return FOLDER_KINDS[parts[2]], parts[1]
    if len(parts) == 3 and parts[0] == "services":
        return ArticleKind.PAGE, parts[1]  # a general page of one service
    if (len(parts) >= 2 and parts[0] == "pages") or len(parts) == 1:
        return ArticleKind.PAGE, None
    return None


def fingerprint(text: str) -> str:
    """Content fingerprint of an article's source text (line endings and trailing space ignored)."""
    normal = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n"))
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:12]


def read_article(
    root: Path, path: Path, article_id: str, problems: Problems, origin: Origin = BASE, overlay: bool = False
) -> ArticleFile | None:
    """Read and validate one article file; None when it cannot be used at all."""
    name = rel(root, path)
    source = read_markdown(root, path, problems)
    if source is None:
        return None
    text = source.text
    where = kind_of(article_id)
    if where is None:
        problems.error(
            name, 1, f"'{article_id}' ist kein Ort für einen Artikel",
            "Legen Sie Artikel unter services/<dienst>/faq|workarounds|training/<name>.md, "
            "services/<dienst>/<name>.md oder pages/<name>.md ab",
            code="misplaced-article",
        )
        return None
    kind, service = where
    ctx = Context(name, problems)
    allowed = COMMON_KEYS | KIND_KEYS[kind.value]
    schema = {key: spec for key, spec in ARTICLE.items() if key in allowed}
    if overlay:
        schema = {**schema, **OVERLAY_KEYS}
    for key in source.meta:
        if key in ARTICLE and key not in allowed:
            problems.warning(name, source.meta.line_of(key),
                             f"'{key}' hat bei {kind.plural} keine Bedeutung und wird ignoriert",
                             f"Entfernen Sie '{key}', oder verschieben Sie den Artikel in den richtigen Ordner",
                             code="ignored-key")
    meta = read_mapping(source.meta, schema, ctx, ignore=tuple(k for k in ARTICLE if k not in allowed))
    title = meta.get("title") or ""
    if not title and not overlay:
        problems.error(name, source.meta.line if source.meta else 1, "Der Artikel hat keinen Titel",
                       "Ergänzen Sie im Front Matter 'title: <die Frage oder das Thema>'", code="missing-title")
    keywords = tuple(meta.get("keywords") or ()) + tuple(meta.get("tags") or ())
    article = Article(
        id=article_id, kind=kind, title=title, path=name, service=service,
        category=meta.get("category"), keywords=keywords, review_by=meta.get("review_by"),
        owner=meta.get("owner") or "", short_answer=meta.get("short_answer") or "",
        intro=(Block(source.intro, origin),) if source.intro else (),
        sections=tuple(Section(s.heading, (Block(s.text, origin),), s.line) for s in source.sections),
        symptom=meta.get("symptom") or "", status=meta.get("status"),
        fixed_on=meta.get("fixed_on"), incident=meta.get("incident"),
        audience=meta.get("audience"), duration=meta.get("duration") or "",
        origin=origin, short_answer_origin=origin, fingerprint=fingerprint(text),
        key_lines=tuple(sorted(source.meta.key_lines.items())),
        caller_phrases=tuple(meta.get("caller_phrases") or ()),
        weight=meta.get("weight"),
        replaces_base=overlay and meta.get("overlay") is OverlayMode.REPLACE,
    )
    return ArticleFile(article, meta, frozenset(source.meta), source, text)
