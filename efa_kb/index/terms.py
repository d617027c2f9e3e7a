"""What a document contributes to an index: weighted terms per field.

Both indexes store exactly these terms, so the terminal and the site match the
same words: the stem of every word, the stems of its compound parts (with less
weight than the word itself) and the tokens of the synonym groups it belongs to.
"""

from __future__ import annotations

from collections.abc import Iterator

from efa_kb.index.analysis import words
from efa_kb.index.documents import SearchDoc
from efa_kb.index.lexicon import Lexicon

PART_WEIGHT = 0.6
"""Weight of a compound part relative to a whole word (``ausweis`` in ``Personalausweis``)."""

FIELD_WEIGHTS: dict[str, float] = {
    "title": 5.0,
    "keywords": 4.0,
    "municipality": 4.0,
    "short_answer": 2.5,
    "context": 1.0,
    "body": 1.0,
}
"""How much a match in each field counts: titles, keywords and short answers weigh most."""

KIND_WORDS: dict[str, str] = {
    "faq": "FAQ Frage",
    "workaround": "Workaround bekannter Fehler",
    "training": "Schulung",
    "incident": "Störung Störungsmeldung",
    "page": "Seite",
    "service": "Onlinedienst",
    "glossary": "Glossar",
    "xzufi": "Leistungsbeschreibung",
}
"""Words that make an article findable by what it is (``störung wohngeld`` finds incidents)."""

Term = tuple[str, float]


def field_texts(doc: SearchDoc) -> dict[str, str]:
    """The text of each indexed field of a document."""
    context = " ".join(
        t for t in (doc.service or "", doc.service_name, KIND_WORDS.get(doc.kind, "")) if t
    )
    return {
        "title": doc.title,
        "keywords": " ; ".join(doc.keywords),
        "municipality": doc.municipality or "",
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
