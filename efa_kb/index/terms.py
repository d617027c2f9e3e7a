"""What a document contributes to an index: weighted terms per field.

Both indexes store exactly these terms, so the terminal and the site match the
same words: the stem of every word, the stems of its compound parts (with less
weight than the word itself) and the tokens of the synonym groups it belongs to.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from efa_kb.index.analysis import words
from efa_kb.index.documents import DocKind, SearchDoc
from efa_kb.index.lexicon import Lexicon

PART_WEIGHT = 0.5
"""Weight of a compound part relative to a whole word (``ausweis`` in ``Personalausweis``)."""

FIELD_WEIGHTS: dict[str, float] = {
    "title": 5.0,
    "keywords": 4.0,
    "municipality": 4.0,
    "kind": 4.0,
    "short_answer": 2.5,
    "context": 2.0,
    "body": 1.0,
}
"""How much a match in each field counts: titles, keywords and short answers weigh most."""

KIND_WORDS: dict[DocKind, str] = {
    DocKind.FAQ: "FAQ Frage",
    DocKind.WORKAROUND: "Workaround bekannter Fehler",
    DocKind.TRAINING: "Schulung",
    DocKind.INCIDENT: "Störung Störungsmeldung",
    DocKind.PAGE: "Seite",
    DocKind.SERVICE: "Onlinedienst",
    DocKind.GLOSSARY: "Glossar",
    DocKind.XZUFI: "Leistungsbeschreibung",
}
"""Words that make an article findable by what it is (``störung wohngeld`` finds incidents)."""

BM25_K1 = 8.0
BM25_B = 0.1
"""BM25 parameters: field weights multiply term frequencies, so saturation is set late
(K1), and length normalisation is mild (B) because bodies differ widely in length."""
COORD_POWER = 2.0
"""A document matching k of n query words keeps (k/n)**COORD_POWER of its score."""

Term = tuple[str, float]


def field_texts(doc: SearchDoc) -> dict[str, str]:
    """The text of each indexed field of a document."""
    context = " ".join(t for t in (doc.service or "", doc.service_name) if t)
    return {
        "title": doc.title,
        "keywords": " ; ".join(doc.keywords),
        "municipality": doc.municipality or "",
        "kind": KIND_WORDS.get(doc.kind, ""),
        "short_answer": doc.short_answer,
        "context": context,
        "body": doc.body,
    }


def text_terms(text: str, lexicon: Lexicon) -> list[Term]:
    """Every term occurrence of a text with its weight, in text order."""
    ws = words(text)
    result: list[Term] = []
    groups = lexicon.groups_in(ws)
    g = 0
    for i, w in enumerate(ws):
        result.append((w.stem, 1.0))
        for part in lexicon.parts(w.text):
            result.append((part, PART_WEIGHT))
        for token in lexicon.groups_of_parts(w.text):
            result.append((token, PART_WEIGHT))
        while g < len(groups) and groups[g][0] == i:
            result.append((groups[g][1], 1.0))
            g += 1
    return result


def doc_terms(doc: SearchDoc, lexicon: Lexicon) -> Iterator[tuple[str, list[Term]]]:
    """(field, weighted terms) for every non-empty field of a document."""
    for name, text in field_texts(doc).items():
        if text:
            terms = text_terms(text, lexicon)
            if terms:
                yield name, terms


def doc_weights(doc: SearchDoc, lexicon: Lexicon) -> tuple[dict[str, float], int]:
    """The document as one bag of terms, BM25F-style: each occurrence counts with its
    field's weight times its own (whole word, compound part). Returns (term → weight,
    length), the two things a BM25 score needs of a document; the length is the number
    of distinct terms, which both indexes can store cheaply."""
    weights: dict[str, float] = {}
    for name, terms in doc_terms(doc, lexicon):
        boost = FIELD_WEIGHTS[name]
        for term, weight in terms:
            weights[term] = weights.get(term, 0.0) + weight * boost
    return weights, len(weights)


def bm25(weight: float, length: int, avg_length: float, df: int, docs: int) -> float:
    """BM25 of one term in one document, with whoosh's idf (so both indexes agree)."""
    idf = math.log(docs / (df + 1)) + 1
    norm = 1 - BM25_B + BM25_B * length / avg_length
    return idf * weight * (BM25_K1 + 1) / (weight + BM25_K1 * norm)
