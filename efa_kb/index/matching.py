"""How a query becomes index terms; ``efa-search.js`` implements the same rules.

Each query word becomes a :class:`QueryToken` whose alternatives are index terms
with a factor saying how sure the match is: the stem itself (1.0); for the last
word, which the agent may still be typing, a longer term the word is the start of
(``zulass``); a term the word only inflects (``steuern`` → ``steuer``,
``aktivieren`` → ``aktiviert``); a term one or two typing errors away; and the
tokens of synonym groups the query's phrases belong to. A long word that matches nothing is split where a known term ends
(``fahrzeugschein`` → ``fahrzeug`` + ``schein``). A caller's everyday word also
means the administrative words listed for it (``Kohle`` → ``Geld``), a little less
sure than a synonym.

After scoring, a glossary entry whose term is not all the query is asked for
(``evb beantragen``) loses most of its score (:func:`only_the_term`), and a
Leistung hit is labelled with the place the query names (:func:`matched_place`).
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from efa_kb.index.analysis import STOPWORDS, Word, stem, words
from efa_kb.index.lexicon import LINKS, Lexicon

EXACT = 1.0
INFLECTED = 0.85
PREFIX_MIN, PREFIX_MAX = 0.55, 0.9
SYNONYM = 0.5
COLLOQUIAL = 0.6
TYPO = (0.0, 0.6, 0.45)
"""Factor for an edit distance of 0 (unused), 1 and 2."""
SPLIT = 0.8
MAX_PREFIX_TERMS = 40
MIN_PREFIX = 3
ENDINGS = ("e", "em", "en", "er", "es", "n", "s", "t", "et", "st", "te", "ten", "tet", "ert", "est")
"""Inflection endings a term may have beyond a query word's stem (``aktivi`` + ``ert``)."""


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
    ws = rejoin(query, lexicon.separable)
    synonyms = _synonyms(ws, lexicon, vocab)
    everyday = _everyday(ws, lexicon, vocab)
    tokens: list[QueryToken] = []
    for i, w in enumerate(ws):
        # a word the lists know (a synonym, an everyday word, a joined verb) is a real word:
        # no typing errors are looked for, and it is not split
        known = i in synonyms or i in everyday or w.joined
        alts = _alternatives(w.text, vocab, last=i == len(ws) - 1, typos=not known)
        for token in synonyms.get(i, ()):
            alts[token] = max(alts.get(token, 0.0), SYNONYM)
        for term in everyday.get(i, ()):
            alts[term] = max(alts.get(term, 0.0), COLLOQUIAL)
        if not known and not any(f >= INFLECTED for f in alts.values()):
            split = _split(w.text, vocab)
            if split:
                tokens.extend(split)
                continue
        tokens.append(_token(w.text, alts))
    tokens.extend(_question_tokens(query, lexicon, vocab))
    return tokens


def _question_tokens(query: str, lexicon: Lexicon, vocab: Vocabulary) -> list[QueryToken]:
    """A token for each listed question phrase in the query ("wo ist mein Antrag":
    ``wo ist`` → Bearbeitungsstand); question words on their own never count."""
    every = [w for w in words(query, keep_stopwords=True) if not w.joined]
    tokens = []
    for _, terms, at in lexicon.everyday_in(every):
        if all(every[i].text in STOPWORDS for i in at):
            alts = {t: COLLOQUIAL for t in terms if t in vocab}
            if alts:
                tokens.append(_token(" ".join(every[i].text for i in at), alts))
    return tokens


def rejoin(query: str, separable: Mapping[str, str]) -> list[Word]:
    """The query's words (no stop words, no joined forms of hyphenated words), with each
    separated verb joined again: in "ich melde mein Auto ab" the particle ``ab`` after
    ``melde`` makes ``abmelden`` (``separable``: verb stem → infinitive), which takes the
    verb's place, marked ``joined`` (so it is never split)."""
    every = [w for w in words(query, keep_stopwords=True) if not w.joined]
    result = {w.pos: w for w in every if w.text not in STOPWORDS}
    for k in range(1, len(every)):
        particle = every[k]
        for verb in every[:k]:
            if verb.pos not in result and verb.text not in STOPWORDS:
                continue  # already joined with an earlier particle
            joined = _separable(particle.text + verb.text, separable)
            if joined:
                result.pop(particle.pos, None)
                result[verb.pos] = Word(joined, verb.pos, True)  # "joined": not to be split
                break
    return [result[pos] for pos in sorted(result)]


def _separable(word: str, separable: Mapping[str, str]) -> str:
    """The infinitive when ``word`` is a separable verb with its particle put first
    (``abmelde``, ``abmeldet`` → ``abmelden``), else empty."""
    forms = [word]
    if word.endswith(("et", "st")):
        forms.append(word[:-2])
    if word.endswith("t"):
        forms.append(word[:-1])
    for form in forms:
        found = separable.get(stem(form))
        if found:
            return found
    return ""


def _token(text: str, alts: dict[str, float]) -> QueryToken:
    ordered = sorted(alts.items(), key=lambda a: (-a[1], a[0]))
    return QueryToken(text, tuple(Alternative(t, round(f, 4)) for t, f in ordered))


def _alternatives(word: str, vocab: Vocabulary, last: bool = True, typos: bool = True) -> dict[str, float]:
    """The terms a word may mean; completions only for the ``last`` word of a query (the
    one being typed: the words before it are finished), typing errors only with ``typos``."""
    s = stem(word)
    alts: dict[str, float] = {}

    def add(term: str, factor: float) -> None:
        if factor > alts.get(term, 0.0):
            alts[term] = factor

    for exact in (s, word):
        if exact in vocab:
            add(exact, EXACT)
    if last and len(word) >= MIN_PREFIX:
        for t in vocab.starting_with(word)[:MAX_PREFIX_TERMS]:
            add(t, PREFIX_MIN + (PREFIX_MAX - PREFIX_MIN) * len(word) / len(t))
    for cut in range(1, 4):
        t = word[:-cut]
        if len(t) >= 4 and t != s and t in vocab:
            add(t, INFLECTED)
    if len(s) >= 4:
        for t in vocab.starting_with(s):
            if len(t) <= len(s) + 3 and t[len(s):] in ENDINGS:
                add(t, INFLECTED)
    # A word the index has is what was meant; typing errors are looked for only otherwise.
    allowed = 0 if not typos or s in vocab or word in vocab else max_typos(s)
    if allowed:
        for t, d in vocab.near(s, allowed):
            add(t, TYPO[d])
        if last and len(word) >= 5:
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


def _everyday(ws: list[Word], lexicon: Lexicon, vocab: Vocabulary) -> dict[int, list[str]]:
    """Administrative terms per query word index, for every everyday phrase in the query."""
    result: dict[int, list[str]] = {}
    for _, terms, at in lexicon.everyday_in(ws):
        for i in at:
            for term in terms:
                if term in vocab and term not in result.setdefault(i, []):
                    result[i].append(term)
    return result


def asked_facets(query: str, facets: Mapping[str, Sequence[str]]) -> str:
    """The facts the query asks for: letters of ``facets`` (letter → word starts) one of
    whose word starts begins a word of the query."""
    ws = [w.text for w in words(query) if not w.joined]
    return "".join(letter for letter, starts in facets.items()
                   if any(w.startswith(start) for w in ws for start in starts))


@dataclass(frozen=True)
class Intent:
    """What a query asks for besides its words: facts of a Leistung, kinds, services."""

    facets: frozenset[str]
    """Letters of the facts asked for (:data:`efa_kb.index.terms.FACETS`)."""
    kinds: frozenset[str]
    """Kinds asked for by name (:data:`efa_kb.index.terms.INTENTS`)."""
    services: frozenset[str]
    """Ids of the services the query names: the id as a word (``gewerbe``) or, for an id of
    six letters or more, as the start of one (``elterngeldstelle``)."""


def intent_of(query: str, facets: Mapping[str, Sequence[str]], kinds: Mapping[str, Sequence[str]],
              services: Sequence[str]) -> Intent:
    """The :class:`Intent` of a query; ``services`` are the ids of the index's services."""
    ws = [w for w in words(query) if not w.joined]
    texts = [w.text for w in ws]
    stems = {w.stem for w in ws}
    asked_kinds = {kind for kind, starts in kinds.items()
                   if any(t.startswith(start) for t in texts for start in starts)}
    named = {s for s in services
             if fold_id(s) in texts or stem(fold_id(s)) in stems
             or (len(fold_id(s)) >= 6 and any(t.startswith(fold_id(s)) for t in texts))}
    return Intent(frozenset(asked_facets(query, facets)), frozenset(asked_kinds), frozenset(named))


def fold_id(service: str) -> str:
    """A service id as a query word (``i-kfz`` → ``ikfz``)."""
    return "".join(ch for ch in service.lower() if ch.isalnum())


def adjusted(score: float, intent: Intent, kind: str, facets: str, services: Sequence[str],
             factors: Mapping[str, float]) -> float:
    """A document's score after what the query asks for: a Leistung with a fact asked for
    rises (``facet``), a record of a kind asked for rises (``intent``), a record of another
    service than the one named sinks (``service``)."""
    if intent.facets and not intent.facets.isdisjoint(facets):
        score *= factors["facet"]
    if kind in intent.kinds:
        score *= factors["intent"]
    if intent.services and services and intent.services.isdisjoint(services):
        score *= factors["service"]
    return score


def only_the_term(tokens: Sequence[QueryToken], title_terms: frozenset[str]) -> bool:
    """True when every query word matches the glossary entry's title: the query is the term
    (or its expansion) and nothing else."""
    return all(any(a.term in title_terms for a in t.alternatives) for t in tokens)


def matched_place(query: str, places: Sequence[tuple[str, Sequence[str]]]) -> str:
    """The place of a Leistung that the query names: the name most of whose words the
    query has (``@`` terms, :func:`efa_kb.index.terms.place_terms`), then the shortest,
    then the first in alphabetical order; empty when the query names none."""
    asked = {"@" + w.stem for w in words(query) if not w.joined}
    best: tuple[int, int, str] | None = None
    for name, terms in places:
        count = sum(1 for t in terms if t in asked)
        if count and (best is None or (-count, len(name), name) < best):
            best = (-count, len(name), name)
    return best[2] if best else ""


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
