"""The terminal's search index: whoosh, built once per state and reused.

The only module that imports whoosh. Documents are analysed by
:mod:`efa_kb.index.terms` and handed to whoosh as pre-analysed ``term^weight``
lists, so whoosh stores exactly the terms the site index stores; whoosh scores
each query word with BM25 over the field-weighted bag of terms (BM25F), and the
words' scores are combined here as the site's client combines them: a coordination
factor, the kind's prior, the glossary rule, and the place label of a Leistung.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Self

from whoosh import index as whoosh_index  # type: ignore[import-untyped]
from whoosh.analysis import DelimitedAttributeFilter, RegexTokenizer  # type: ignore[import-untyped]
from whoosh.fields import ID, STORED, TEXT, Schema  # type: ignore[import-untyped]
from whoosh.query import Term  # type: ignore[import-untyped]
from whoosh.scoring import BM25F  # type: ignore[import-untyped]
from whoosh.searching import Searcher  # type: ignore[import-untyped]

from efa_kb.build.publish import replace_folder
from efa_kb.index.documents import DocKind, SearchDoc
from efa_kb.index.lexicon import Lexicon
from efa_kb.index.matching import (
    QueryToken,
    Vocabulary,
    adjusted,
    intent_of,
    matched_place,
    only_the_term,
    parse_query,
)
from efa_kb.index.terms import (
    BM25_B,
    BM25_K1,
    COORD_POWER,
    FACET_BOOST,
    FACETS,
    GLOSSARY_FACTOR,
    INTENT_BOOST,
    INTENTS,
    SERVICE_FACTOR,
    analysis_code_key,
    index_terms,
    prior,
)

FORMAT_VERSION = "efa-kb-whoosh-9"
"""Changes whenever the analysis changes, so cached indexes are rebuilt."""
_FINGERPRINT = "fingerprint"
_LEXICON = "lexicon.json"
_TERMS = "terms.txt"
_DOCS = "docs.json"


@dataclass(frozen=True)
class Hit:
    """One search result."""

    id: str
    """Article id."""
    title: str
    url: str
    """Page URL relative to the site root, with ``#anchor`` for a municipal block."""
    score: float
    kind: str = ""
    """What the hit is (``faq``, ``leistung``, …)."""
    short_answer: str = ""
    """The short answer, a Leistung's Kurztext."""
    municipality: str = ""
    """The municipality of a municipal block, or the place of a Leistung the query names."""
    service: str = ""
    """Id of the service the hit belongs to, if any."""


def _schema() -> Schema:
    analyzer = RegexTokenizer(r"\S+") | DelimitedAttributeFilter()
    return Schema(key=ID(stored=True, unique=True), doc=STORED,
                  terms=TEXT(analyzer=analyzer, phrase=False))


def fingerprint(docs: Sequence[SearchDoc], glossary: Sequence[tuple[str, str | None]]) -> str:
    """Hash of everything the index depends on: documents, glossary, shipped lists, the
    analysis code and this module."""
    h = hashlib.sha256(FORMAT_VERSION.encode())
    h.update(analysis_code_key().encode())
    h.update(Path(__file__).read_bytes())
    for doc in docs:
        h.update(json.dumps(asdict(doc), sort_keys=True, ensure_ascii=False).encode())
    h.update(json.dumps(list(glossary), ensure_ascii=False).encode())
    return h.hexdigest()


def build_index(
    docs: Sequence[SearchDoc], glossary: Sequence[tuple[str, str | None]], index_dir: Path
) -> None:
    """Build the index into ``index_dir`` (replaced as a whole, via a staging folder)."""
    docs = sorted(docs, key=lambda d: d.key)
    analysed = index_terms(docs, glossary)
    staging = index_dir.with_name(index_dir.name + ".staging")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    ix = whoosh_index.create_in(str(staging), _schema())
    writer = ix.writer(limitmb=256)
    all_terms: set[str] = set()
    for doc, (weights, _) in zip(docs, analysed.bags, strict=True):
        all_terms.update(weights)
        writer.add_document(key=doc.key, doc=_stored(doc), terms=_bag(weights))
    writer.commit()
    # per document number (whoosh numbers documents in the order they were added): what the
    # ranking needs besides the scores, read once when the index is opened
    meta = [{"key": doc.key, "kind": str(doc.kind),
             "title_terms": sorted(analysed.title_terms.get(number, ())),
             "places": [[name, list(terms)] for name, terms in analysed.places.get(number, ())],
             "facets": analysed.facets.get(number, ""),
             "services": list(analysed.services[number])}
            for number, doc in enumerate(docs)]
    (staging / _DOCS).write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
    (staging / _LEXICON).write_text(analysed.lexicon.to_json(), "utf-8")
    (staging / _TERMS).write_text("\n".join(sorted(all_terms)), "utf-8")
    (staging / _FINGERPRINT).write_text(fingerprint(docs, glossary), "utf-8")
    replace_folder(staging, index_dir, index_dir.with_name(index_dir.name + ".old"))


def _bag(weights: dict[str, float]) -> str:
    """The bag as whoosh tokens: each term once with its summed weight (so whoosh's field
    length is the number of distinct terms, as :func:`doc_weights` defines it)."""
    return " ".join(f"{t}^{w:.6g}" for t, w in sorted(weights.items()))


def _stored(doc: SearchDoc) -> dict[str, str]:
    return {
        "id": doc.id,
        "title": doc.title,
        "url": doc.url,
        "kind": doc.kind,
        "short_answer": doc.short_answer,
        "municipality": doc.municipality or "",
        "service": doc.service or "",
    }


def open_or_build(
    docs: Sequence[SearchDoc], glossary: Sequence[tuple[str, str | None]], index_dir: Path
) -> bool:
    """Reuse the index in ``index_dir`` if it was built from the same input, else build it.

    Returns True when it was (re)built.
    """
    marker = index_dir / _FINGERPRINT
    if marker.is_file() and marker.read_text("utf-8") == fingerprint(docs, glossary):
        return False
    build_index(docs, glossary, index_dir)
    return True


def is_index(index_dir: Path) -> bool:
    """True if ``index_dir`` holds a complete index."""
    return (index_dir / _FINGERPRINT).is_file()


class TerminalSearch:
    """An open index: use for many queries (``--batch``), then :meth:`close`."""

    def __init__(self, index_dir: Path):
        self._ix = whoosh_index.open_dir(str(index_dir))
        self._searcher: Searcher = self._ix.searcher(weighting=BM25F(B=BM25_B, K1=BM25_K1))
        self.lexicon = Lexicon.from_json((index_dir / _LEXICON).read_text("utf-8"))
        self.vocab = Vocabulary((index_dir / _TERMS).read_text("utf-8").split("\n"))
        meta = json.loads((index_dir / _DOCS).read_text("utf-8"))
        self._keys = [m["key"] for m in meta]
        self._priors = [prior(m["kind"]) for m in meta]
        self._titles = {n: frozenset(m["title_terms"]) for n, m in enumerate(meta)
                        if m["kind"] == DocKind.GLOSSARY}
        self._places = {n: [(name, tuple(terms)) for name, terms in m["places"]]
                        for n, m in enumerate(meta) if m["places"]}
        self._kinds = [m["kind"] for m in meta]
        self._facets = [m["facets"] for m in meta]
        self._services = [tuple(m["services"]) for m in meta]
        self._service_ids = sorted({s for services in self._services for s in services})
        self._facet_words = {letter: starts for letter, (_, starts) in FACETS.items()}

    def tokens(self, query: str) -> list[QueryToken]:
        """The query as expanded for matching (for explaining results)."""
        return parse_query(query, self.lexicon, self.vocab)

    def search(self, query: str, limit: int = 10) -> list[Hit]:
        """The best ``limit`` hits for a query, best first."""
        tokens = self.tokens(query)
        if not tokens:
            return []
        totals: dict[int, float] = {}
        matched: dict[int, int] = {}
        for token in tokens:
            for docnum, score in self._token_scores(token).items():
                totals[docnum] = totals.get(docnum, 0.0) + score
                matched[docnum] = matched.get(docnum, 0) + 1
        n = len(tokens)
        intent = intent_of(query, self._facet_words, INTENTS, self._service_ids)
        factors = {"facet": FACET_BOOST, "intent": INTENT_BOOST, "service": SERVICE_FACTOR}
        scored = []
        for docnum, total in totals.items():
            score = total * (matched[docnum] / n) ** COORD_POWER * self._priors[docnum]
            titles = self._titles.get(docnum)
            if titles is not None and not only_the_term(tokens, titles):
                score *= GLOSSARY_FACTOR
            score = adjusted(score, intent, self._kinds[docnum], self._facets[docnum],
                             self._services[docnum], factors)
            scored.append((score, docnum))
        ranked = sorted(scored, key=lambda x: (-x[0], self._keys[x[1]]))
        hits = []
        for score, docnum in ranked[:limit]:
            doc = self._searcher.stored_fields(docnum)["doc"]
            place = matched_place(query, self._places[docnum]) if docnum in self._places else ""
            hits.append(
                Hit(
                    id=doc["id"],
                    title=doc["title"],
                    url=doc["url"],
                    score=round(score, 4),
                    kind=doc["kind"],
                    short_answer=doc["short_answer"],
                    municipality=doc["municipality"] or place,
                    service=doc.get("service", ""),
                )
            )
        return hits

    def _token_scores(self, token: QueryToken) -> dict[int, float]:
        """Per document, the best alternative's BM25F score times its factor."""
        best: dict[int, float] = {}
        for alt in token.alternatives:
            for docnum, score in self._searcher.search(Term("terms", alt.term),
                                                       limit=None).items():
                if score * alt.factor > best.get(docnum, 0.0):
                    best[docnum] = score * alt.factor
        return best

    def close(self) -> None:
        self._searcher.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@lru_cache(maxsize=4)
def _open(index_dir: str, _fingerprint: str) -> TerminalSearch:
    # the fingerprint is part of the cache key: a rebuilt index is opened anew
    return TerminalSearch(Path(index_dir))


def search(index_dir: Path, query: str, limit: int = 10) -> list[Hit]:
    """Search a built index (kept open between calls while it is unchanged)."""
    stamp = (index_dir / _FINGERPRINT).read_text("utf-8")
    return _open(str(index_dir), stamp).search(query, limit)

