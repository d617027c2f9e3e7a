"""What a document contributes to an index: weighted terms per field, computed once per document.

Both indexes store exactly these terms, so the terminal and the site match the
same words: the stem of every word, the stems of its compound parts (with less
weight than the word itself) and the tokens of the synonym groups it belongs to.

The work is split where it can be shared. A document's :class:`Analysis` (its
folded words per field, counted, and the synonym groups its phrases form) needs no
dictionary, so it is computed once per document text and kept (in memory and in
efa-kb's cache folder, by a key hashing the text, the synonym phrases and this
code): every state with the same base article, and every later build, reuses it.
Only what needs the state's dictionary is done per state: the parts of each
distinct word, then each document's bag of terms (:func:`index_terms`). An
analysis is the same whether computed or read back, so a state's index never
depends on which other states were indexed before it.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from efa_kb.index.analysis import stem, words
from efa_kb.index.documents import DocKind, SearchDoc, field_texts
from efa_kb.index.lexicon import Lexicon, PhraseTable, lexicon_from, shipped, shipped_bytes
from efa_kb.load.cache import cache_root, digest

PART_WEIGHT = 0.5
"""Weight of a compound part relative to a whole word (``ausweis`` in ``Personalausweis``)."""

FIELD_WEIGHTS: dict[str, float] = {
    "title": 7.0,
    "phrases": 7.0,
    "keywords": 8.0,
    "municipality": 4.0,
    "places": 4.0,
    "kind": 4.0,
    "short_answer": 2.5,
    "fees": 2.5,
    "deadlines": 2.5,
    "documents": 2.5,
    "offices": 2.0,
    "service": 3.0,
    "context": 2.0,
    "body": 1.0,
    "description": 1.0,
}
"""How much a match in each field counts: titles, the callers' phrases, keywords and short
answers weigh most; a Leistung's facts (Kosten, Fristen, Unterlagen) as much as a short answer."""

KIND_PRIOR: dict[str, float] = {DocKind.LEISTUNG: 0.8, DocKind.TRAINING: 0.7}
"""Score factor per kind: a Leistung that matches as well as an FAQ ranks below it (the
operator's answer first); it wins where only it has the facts asked for. A training
covers a whole service for agents and so matches many questions: the article that answers
one goes first."""

FACETS: dict[str, tuple[str, tuple[str, ...]]] = {
    "f": ("fees", ("kost", "gebuhr", "preis", "teuer", "bezahl", "euro", "gratis", "umsonst")),
    "d": ("deadlines", ("frist", "dauer", "dauert", "bearbeitungszeit", "wartezeit", "spatestens",
                        "rechtzeitig", "lange", "verspatet")),
    "u": ("documents", ("unterlag", "dokument", "nachweis", "papier", "mitbring", "vorleg",
                        "brauch", "benotig", "einreich")),
    "o": ("offices", ("zustandig", "amt", "amter", "behord", "adress", "anschrift",
                      "offnungszeit", "ansprechpartner", "sachbearbeit")),
}
"""The facts a caller asks a Leistung for: letter → (its field, the starts of the folded query
words that ask for it). A query asking for one (``was kostet``, ``welche unterlagen``,
``wer ist zuständig``) raises the Leistungen that carry it by :data:`FACET_BOOST`."""

INTENTS: dict[str, tuple[str, ...]] = {
    DocKind.INCIDENT: ("storung", "ausfall", "ausgefallen", "wartung", "offline"),
    DocKind.GLOSSARY: ("glossar", "bedeut", "abkurzung"),
    DocKind.TRAINING: ("schulung", "einarbeitung", "training"),
}
"""Kinds a query can ask for by name: kind → the starts of the folded query words that do
(``störung`` asks for incidents, ``was bedeutet`` for the glossary)."""

INTENT_BOOST = 1.3
"""Score factor of the records of a kind the query asks for (:data:`INTENTS`)."""

SERVICE_FACTOR = 0.6
"""Score factor of a record of another service than the one a query names by its id
(``elterngeld``, ``gewerbe``): what the caller asks about is that service."""

FACET_BOOST = 1.4
"""Score factor of a Leistung that has the fact the query asks for: with its prior it beats an
FAQ that matches as well but does not give the fact; an FAQ on exactly that question stays first."""

GLOSSARY_FACTOR = 0.3
"""Score factor of a glossary entry when the query is more than its term (``evb beantragen``):
the article that answers the question goes first."""

BM25_K1 = 8.0
BM25_B = 0.1
"""BM25 parameters: field weights multiply term frequencies, so saturation is set late
(K1), and length normalisation is mild (B) because bodies differ widely in length."""
COORD_POWER = 1.0
"""A document matching k of n query words keeps (k/n)**COORD_POWER of its score."""

PLACE_PREFIX = "@"
"""Prefix of the terms that name a Leistung's places (``@germering``), for the result label."""

Term = tuple[str, float]
Bag = tuple[dict[str, float], int]
"""A document's term → weight, and its length (the number of distinct terms)."""


def text_terms(text: str, lexicon: Lexicon) -> list[Term]:
    """Every term occurrence of a text with its weight, in text order."""
    ws = words(text)
    result: list[Term] = []
    groups = lexicon.groups_in(ws)
    g = 0
    for i, w in enumerate(ws):
        result.extend(word_terms(w.text, lexicon))
        while g < len(groups) and groups[g][0] == i:
            result.append((groups[g][1], 1.0))
            g += 1
    return result


def word_terms(text: str, lexicon: Lexicon) -> list[Term]:
    """The terms one folded word contributes: its stem, its parts, its parts' groups."""
    cache = lexicon.memo
    found = cache.get(text)
    if found is None:
        found = [(stem(text), 1.0)]
        found += [(part, PART_WEIGHT) for part in lexicon.parts(text)]
        found += [(token, PART_WEIGHT) for token in lexicon.groups_of_parts(text)]
        cache[text] = found
    return found


def doc_terms(doc: SearchDoc, lexicon: Lexicon) -> Iterator[tuple[str, list[Term]]]:
    """(field, weighted terms) for every non-empty field of a document."""
    for name, text in field_texts(doc).items():
        if text:
            terms = text_terms(text, lexicon)
            if terms:
                yield name, terms


# --- the analysis shared by states and builds -----------------------------------------


@dataclass(frozen=True)
class Analysis:
    """What a document's text gives before any dictionary is applied: each distinct folded
    word with its field-weighted count, and each synonym group found with its weight."""

    words: tuple[str, ...]
    """Distinct folded words, in order of first occurrence."""
    weights: tuple[float, ...]
    """Per word: the sum over its occurrences of the field's weight."""
    groups: tuple[tuple[str, float], ...] = ()
    """(group token, field-weighted count) for the synonym phrases found."""

    def to_json(self) -> dict[str, object]:
        """A compact JSON value (words contain neither spaces nor anything but a–z, 0–9)."""
        return {"w": " ".join(self.words), "x": list(self.weights),
                "g": " ".join(t for t, _ in self.groups), "y": [w for _, w in self.groups]}

    @staticmethod
    def from_json(data: dict[str, object]) -> Analysis:
        """Read what :meth:`to_json` wrote; raises ValueError or TypeError on anything else."""
        found = str(data["w"]).split()
        weights = tuple(float(x) for x in data["x"])  # type: ignore[attr-defined]
        tokens = str(data["g"]).split()
        group_weights = [float(x) for x in data["y"]]  # type: ignore[attr-defined]
        if len(found) != len(weights) or len(tokens) != len(group_weights):
            raise ValueError("analysis with lists of different lengths")
        return Analysis(tuple(found), weights, tuple(zip(tokens, group_weights, strict=True)))


def analyse(doc: SearchDoc, table: PhraseTable) -> Analysis:
    """A document's words and synonym groups, weighted by field (``table``: the phrases)."""
    totals: dict[str, float] = {}
    groups: dict[str, float] = {}
    for name, text in field_texts(doc).items():
        if not text:
            continue
        ws = words(text)
        boost = FIELD_WEIGHTS[name]
        for w in ws:
            totals[w.text] = totals.get(w.text, 0.0) + boost
        for _, token, _ in table.found_in(ws):
            groups[token] = groups.get(token, 0.0) + boost
    return Analysis(tuple(totals), tuple(totals.values()), tuple(groups.items()))


def bag(analysis: Analysis, lexicon: Lexicon) -> Bag:
    """The document as one bag of terms, BM25F-style: each occurrence counts with its
    field's weight times its own (whole word, compound part). Returns (term → weight,
    length), the two things a BM25 score needs of a document; the length is the number
    of distinct terms, which both indexes can store cheaply."""
    weights: dict[str, float] = {}
    get = weights.get
    memo = lexicon.memo
    for text, total in zip(analysis.words, analysis.weights, strict=True):
        terms = memo.get(text) or word_terms(text, lexicon)
        for term, weight in terms:
            weights[term] = get(term, 0.0) + weight * total
    for token, total in analysis.groups:
        weights[token] = get(token, 0.0) + total
    return weights, len(weights)


def doc_weights(doc: SearchDoc, lexicon: Lexicon) -> Bag:
    """:func:`bag` of one document, analysed now."""
    return bag(analyse(doc, lexicon.table), lexicon)


@dataclass(frozen=True)
class IndexTerms:
    """Everything both indexes store of one state's documents."""

    lexicon: Lexicon
    bags: list[Bag]
    """Per document (in the order given), its bag of terms."""
    title_terms: dict[int, frozenset[str]]
    """Per glossary entry (document number), the terms of its title, for the rule that a
    glossary entry goes first only for a query that is its term alone."""
    places: dict[int, tuple[tuple[str, tuple[str, ...]], ...]]
    """Per Leistung with places: (name, place terms) per place."""
    facets: dict[int, str]
    """Per Leistung: the letters of :data:`FACETS` it has facts for."""
    services: list[tuple[str, ...]]
    """Per document, the services it belongs to."""


def index_terms(docs: Sequence[SearchDoc], glossary: Sequence[tuple[str, str | None]]) -> IndexTerms:
    """The lexicon and the bags of one state's documents (see the module docstring)."""
    extra = shipped()
    bare = lexicon_from((), glossary, extra)  # the phrases, which the documents do not change
    table_key = digest(analysis_code_key(), json.dumps(sorted(bare.phrases.items()), ensure_ascii=False))
    analyses = _ANALYSES.get_all(docs, bare.table, table_key)
    vocabulary: set[str] = set()
    for analysis in analyses:
        vocabulary.update(analysis.words)
    lexicon = lexicon_from(vocabulary, glossary, extra)
    bags = [bag(analysis, lexicon) for analysis in analyses]
    titles = {number: frozenset(t for t, _ in text_terms(doc.title, lexicon))
              for number, doc in enumerate(docs) if doc.kind == DocKind.GLOSSARY}
    places = {number: tuple((name, place_terms(name)) for name in doc.places)
              for number, doc in enumerate(docs) if doc.places}
    facets = {number: doc_facets(doc) for number, doc in enumerate(docs) if doc.kind == DocKind.LEISTUNG}
    return IndexTerms(lexicon, bags, titles, places, facets, [doc.all_services for doc in docs])


def doc_facets(doc: SearchDoc) -> str:
    """The letters of :data:`FACETS` whose field the document fills."""
    return "".join(letter for letter, (name, _) in FACETS.items() if getattr(doc, name))


def place_terms(name: str) -> tuple[str, ...]:
    """The terms a place name is found by in the result label: ``@`` + the stem of each word."""
    return tuple(dict.fromkeys(PLACE_PREFIX + w.stem for w in words(name) if not w.joined))


def prior(kind: str) -> float:
    """Score factor of a record of ``kind`` (:data:`KIND_PRIOR`)."""
    return KIND_PRIOR.get(kind, 1.0)


def bm25(weight: float, length: int, avg_length: float, df: int, docs: int) -> float:
    """BM25 of one term in one document, with whoosh's idf (so both indexes agree)."""
    idf = math.log(docs / (df + 1)) + 1
    norm = 1 - BM25_B + BM25_B * length / avg_length
    return idf * weight * (BM25_K1 + 1) / (weight + BM25_K1 * norm)


class _Analyses:
    """Analyses by key: in this process, then in one SQLite file in efa-kb's cache folder
    (one transaction reads or writes a state's thousands of entries; several build workers
    share it). A cache that cannot be opened or read only costs time."""

    LIMIT = 200_000
    FILE = "search-analysis.sqlite3"

    def __init__(self) -> None:
        self.memory: dict[str, Analysis] = {}

    def get_all(self, docs: Sequence[SearchDoc], table: PhraseTable, table_key: str) -> list[Analysis]:
        keys = [digest(table_key, json.dumps(field_texts(doc), ensure_ascii=False)) for doc in docs]
        missing = [key for key in dict.fromkeys(keys) if key not in self.memory]
        stored = _stored(missing) if missing else {}
        fresh: dict[str, Analysis] = {}
        if len(self.memory) + len(missing) > self.LIMIT:
            self.memory.clear()
        result = []
        for doc, key in zip(docs, keys, strict=True):
            found = self.memory.get(key)
            if found is None:
                found = stored.get(key) or fresh.get(key)
                if found is None:
                    found = fresh[key] = analyse(doc, table)
                self.memory[key] = found
            result.append(found)
        if fresh:
            _store(fresh)
        return result


def _connect() -> sqlite3.Connection | None:
    try:
        folder = cache_root()
        folder.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(folder / _Analyses.FILE, timeout=60)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
        except sqlite3.Error:
            pass  # a file system without shared memory: the default journal works too
        connection.execute("CREATE TABLE IF NOT EXISTS analysis (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        return connection
    except (OSError, sqlite3.Error):
        return None


def _stored(keys: list[str]) -> dict[str, Analysis]:
    """The analyses the cache has of ``keys``; unreadable entries are misses."""
    found: dict[str, Analysis] = {}
    connection = _connect()
    if connection is None:
        return found
    try:
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            rows = connection.execute(
                f"SELECT key, value FROM analysis WHERE key IN ({','.join('?' * len(chunk))})", chunk)
            for key, value in rows:
                try:
                    found[key] = Analysis.from_json(json.loads(value))
                except (TypeError, ValueError, KeyError):
                    pass
    except sqlite3.Error:
        pass
    finally:
        connection.close()
    return found


def _store(analyses: dict[str, Analysis]) -> None:
    connection = _connect()
    if connection is None:
        return
    try:
        with connection:
            connection.executemany(
                "INSERT OR REPLACE INTO analysis (key, value) VALUES (?, ?)",
                [(key, json.dumps(a.to_json(), separators=(",", ":"))) for key, a in analyses.items()])
    except sqlite3.Error:
        pass
    finally:
        connection.close()


_ANALYSES = _Analyses()
_CODE_KEY: str | None = None


def analysis_code_key() -> str:
    """A digest of the code and lists an analysis depends on (so a changed analysis is a miss)."""
    global _CODE_KEY
    if _CODE_KEY is None:
        here = Path(__file__).parent
        parts: list[str | bytes] = [shipped_bytes()]
        for name in ("analysis.py", "documents.py", "lexicon.py", "terms.py"):
            parts.append((here / name).read_bytes())
        _CODE_KEY = digest(*parts)
    return _CODE_KEY
