"""How a query becomes index terms; ``efa-search.js`` implements the same rules.

Each query word becomes a :class:`QueryToken` whose alternatives are index terms
with a factor saying how sure the match is: the stem itself (1.0); a longer
term the word is the start of, since agents search while typing (``zulass``);
a term the word only inflects (``steuern`` → ``steuer``); a term one or two
typing errors away; and the tokens of synonym groups the query's phrases belong
to. A long word that matches nothing is split where a known term ends
(``fahrzeugschein`` → ``fahrzeug`` + ``schein``).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from efa_kb.index.analysis import Word, stem, words
from efa_kb.index.lexicon import LINKS, Lexicon

EXACT = 1.0
INFLECTED = 0.85
PREFIX_MIN, PREFIX_MAX = 0.55, 0.9
SYNONYM = 0.5
TYPO = (0.0, 0.6, 0.45)
"""Factor for an edit distance of 0 (unused), 1 and 2."""
SPLIT = 0.8
MAX_PREFIX_TERMS = 40
MIN_PREFIX = 3


@dataclass(frozen=True)
class Alternative:
    """An index term a query word may mean, and how sure that is."""

    term: str
    factor: float


@dataclass(frozen=True)
class QueryToken:
    """One word of the query with the index terms it matches."""

    text: str
    """The folded word as typed."""
    alternatives: tuple[Alternative, ...]


class Vocabulary:
    """The sorted terms of an index, for exact, prefix and fuzzy lookups."""

    def __init__(self, terms: Sequence[str]):
        self.terms = sorted(set(terms))
        self._set = frozenset(self.terms)

    def __contains__(self, term: str) -> bool:
        return term in self._set

    def starting_with(self, prefix: str) -> list[str]:
        """Terms that start with ``prefix``, shortest first (closest completions)."""
        lo = bisect.bisect_left(self.terms, prefix)
        hi = bisect.bisect_left(self.terms, prefix + "\uffff")
        return sorted(self.terms[lo:hi], key=lambda t: (len(t), t))

    def near(self, word: str, max_distance: int) -> list[tuple[str, int]]:
        """Terms with the same first letter within ``max_distance`` edits (Damerau)."""
        result = []
        for t in self.starting_with(word[0]):
            if abs(len(t) - len(word)) <= max_distance and not t.startswith("="):
                d = distance(word, t, max_distance)
                if d <= max_distance:
                    result.append((t, d))
        return result


def distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance, giving up above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        best = cur[0]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
            best = min(best, v)
        if best > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[len(b)]


def max_typos(word: str) -> int:
    """Typos tolerated in a word: none below four letters, two from eight."""
    return 0 if len(word) < 4 else 1 if len(word) < 8 else 2


def parse_query(query: str, lexicon: Lexicon, vocab: Vocabulary) -> list[QueryToken]:
    """Expand a query into tokens with their alternative index terms."""
    ws = [w for w in words(query) if not w.joined]
    synonyms = _synonyms(ws, lexicon, vocab)
    tokens: list[QueryToken] = []
    for i, w in enumerate(ws):
        alts = _alternatives(w.text, vocab)
        for token in synonyms.get(i, ()):
            alts[token] = max(alts.get(token, 0.0), SYNONYM)
        if not any(f >= INFLECTED for f in alts.values()):
            split = _split(w.text, vocab)
            if split:
                tokens.extend(split)
                continue
        tokens.append(_token(w.text, alts))
    return tokens


def _token(text: str, alts: dict[str, float]) -> QueryToken:
    ordered = sorted(alts.items(), key=lambda a: (-a[1], a[0]))
    return QueryToken(text, tuple(Alternative(t, round(f, 4)) for t, f in ordered))


def _alternatives(word: str, vocab: Vocabulary) -> dict[str, float]:
    s = stem(word)
    alts: dict[str, float] = {}

    def add(term: str, factor: float) -> None:
        if factor > alts.get(term, 0.0):
            alts[term] = factor

    for exact in (s, word):
        if exact in vocab:
            add(exact, EXACT)
    if len(word) >= MIN_PREFIX:
        for t in vocab.starting_with(word)[:MAX_PREFIX_TERMS]:
            add(t, PREFIX_MIN + (PREFIX_MAX - PREFIX_MIN) * len(word) / len(t))
    for cut in range(1, 4):
        t = word[:-cut]
        if len(t) >= 4 and t != s and t in vocab:
            add(t, INFLECTED)
    allowed = max_typos(s)
    if allowed:
        for t, d in vocab.near(s, allowed):
            add(t, TYPO[d])
        if len(word) >= 5:
            # the word may be an incomplete word with a typo: compare with term starts
            for t in vocab.starting_with(word[0]):
                if (len(t) > len(word) and not t.startswith("=")
                        and distance(word, t[: len(word)], 1) <= 1):
                    add(t, TYPO[2])
    return alts


def _synonyms(ws: list[Word], lexicon: Lexicon, vocab: Vocabulary) -> dict[int, list[str]]:
    """Group tokens per query word index, for every phrase of a group in the query."""
    result: dict[int, list[str]] = {}
    index_of = {w.pos: i for i, w in enumerate(ws)}
    for start, token, phrase in lexicon.groups_in(ws):
        if token not in vocab:
            continue
        for offset, _ in phrase:
            i = index_of.get(ws[start].pos + offset)
            if i is not None and token not in result.setdefault(i, []):
                result[i].append(token)
    return result


def _split(word: str, vocab: Vocabulary) -> list[QueryToken]:
    """Split a compound the index does not know into a known head and the rest."""
    if len(word) < 7:
        return []
    for j in range(len(word) - 3, 3, -1):
        head = word[:j]
        if head not in vocab and stem(head) not in vocab:
            continue
        for link in sorted(LINKS, key=len, reverse=True):
            rest = word[j + len(link):] if word[j:].startswith(link) else None
            if rest is None or len(rest) < 3:
                continue
            rest_alts = _alternatives(rest, vocab)
            if any(f >= INFLECTED for f in rest_alts.values()):
                head_alts = _alternatives(head, vocab)
                return [
                    _token(head, {t: f * SPLIT for t, f in head_alts.items()}),
                    _token(rest, {t: f * SPLIT for t, f in rest_alts.items()}),
                ]
    return []
