"""The vocabulary knowledge search needs beyond one word: compound parts, synonyms and the
callers' everyday words.

Decompounding uses a dictionary taken from the content itself (every word of
every document, the glossary, the shipped synonym list and a shipped list of
common compound parts): a word is split where each part is a known word of at
least four letters (three for listed abbreviations such as ``kfz``), optionally
joined by a German linking element (``Zulassung-s-bescheinigung``). A dictionary
from the content splits the compounds the content really uses and never invents
parts a caller would not type, which n-grams would (``eisa`` in
``Personalausweisantrag``), at no cost in index size. It is one state's: no state's
index depends on another state's content.

Synonyms are groups of phrases; every phrase of a group found in a document
adds the group's token (``=kfz``) to the document, and the same phrase in a
query looks that token up, so synonyms of several words work in both directions.
The synonym phrases depend only on the shipped list and the glossary, never on the
documents, so that a document's analysis can be reused by every state
(:mod:`efa_kb.index.terms`).

The everyday words (``efa_kb/resources/colloquial.yml``) work in one direction
only: a caller's ``Kohle`` in a query also looks up ``Geld``, an article's ``Geld``
is not indexed as ``Kohle``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from efa_kb.index.analysis import STOPWORDS, Word, fold, stem, words
from efa_kb.index.documents import SearchDoc, field_texts
from efa_kb.load.yamlio import parse_yaml

MIN_PART = 4
"""Shortest compound part taken from the content's own words."""
MIN_COMPOUND = 7
"""Shortest word that is split into parts."""
MIN_TAIL = 5
"""Shortest known tail split off a compound whose head is unknown."""
LINKS = ("", "s", "es", "n", "en", "e", "er")
"""German linking elements (Fugenelemente) allowed between two parts."""

Phrase = tuple[tuple[int, str], ...]
"""A phrase: (offset from the first word, stem) per word."""
EVERYDAY_GAP = 2
"""Words a caller may put between two words of an everyday phrase ("Miete ist viel zu hoch")."""


class PhraseTable:
    """Phrases looked up in a word sequence, each mapped to a value (a group token, a list)."""

    def __init__(self, phrases: dict[Phrase, str]):
        self.phrases = phrases
        by_first: dict[str, list[Phrase]] = {}
        for phrase in sorted(phrases):
            if len(phrase) > 1:
                by_first.setdefault(phrase[0][1], []).append(phrase)
        self._by_first = by_first
        self._single = {p[0][1]: value for p, value in phrases.items() if len(p) == 1}

    def found_in(self, text_words: Sequence[Word]) -> list[tuple[int, str, Phrase]]:
        """Phrases found in a word sequence: (index of first word, value, phrase), in text order."""
        found: list[tuple[int, str, Phrase]] = []
        phrases, by_first, single = self.phrases, self._by_first, self._single
        by_pos: dict[int, set[str]] | None = None
        for i, w in enumerate(text_words):
            s = stem(w.text)
            value = single.get(s)
            if value is not None:
                found.append((i, value, ((0, s),)))
            if w.joined or s not in by_first:
                continue
            if by_pos is None:
                by_pos = {}
                for other in text_words:
                    if not other.joined:
                        by_pos.setdefault(other.pos, set()).add(stem(other.text))
            for phrase in by_first[s]:
                if all(st in by_pos.get(w.pos + off, ()) for off, st in phrase):
                    found.append((i, phrases[phrase], phrase))
        return found


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Dictionary for decompounding plus synonym groups and everyday words, shared by both indexes."""

    known: frozenset[str]
    """Words that may be compound parts (folded surface forms and stems)."""
    phrases: dict[Phrase, str] = field(default_factory=dict)
    """Every synonym phrase, mapped to its group's token (``=kfz``)."""
    colloquial: dict[Phrase, tuple[str, ...]] = field(default_factory=dict)
    """Everyday phrases of callers, mapped to the index terms of the administrative words."""
    separable: dict[str, str] = field(default_factory=dict)
    """Verbs with a separable particle: stem (``abmeld``) → folded infinitive (``abmelden``)."""
    table: PhraseTable = field(init=False, repr=False)
    """The synonym phrases, for finding them in a text."""
    memo: dict[str, list[tuple[str, float]]] = field(init=False, repr=False)
    """Terms per folded word, filled by :func:`efa_kb.index.terms.word_terms`."""
    _everyday_by_first: dict[str, list[Phrase]] = field(init=False, repr=False)
    _parts: dict[str, tuple[str, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "table", PhraseTable(self.phrases))
        by_first: dict[str, list[Phrase]] = {}
        for phrase in sorted(self.colloquial):
            by_first.setdefault(phrase[0][1], []).append(phrase)
        object.__setattr__(self, "_everyday_by_first", by_first)
        object.__setattr__(self, "memo", {})
        object.__setattr__(self, "_parts", {})

    def parts(self, word: str) -> tuple[str, ...]:
        """Stems of all parts of a folded compound word, recursively, without the word.

        ``personalausweis`` → ``personal``, ``ausweis``; an unsplittable word → ``()``.
        """
        return self._parts_of(stem(word))

    def _parts_of(self, word: str) -> tuple[str, ...]:
        cached = self._parts.get(word)
        if cached is None:
            result: list[str] = []
            for part in _split(self.known, word):
                for p in (part, *self._parts_of(part)):
                    s = stem(p)
                    if s not in result:
                        result.append(s)
            cached = self._parts[word] = tuple(result)
        return cached

    def groups_in(self, text_words: Sequence[Word]) -> list[tuple[int, str, Phrase]]:
        """Synonym groups found in a word sequence: (index of first word, token, phrase)."""
        return self.table.found_in(text_words)

    def groups_of_parts(self, word: str) -> list[str]:
        """Synonym group tokens of a compound's parts (``fahrzeugbrief`` → ``=kfz``)."""
        return [g for p in self.parts(word) if (g := self.phrases.get(((0, p),)))]

    def everyday_in(self, text_words: Sequence[Word]) -> list[tuple[int, tuple[str, ...], tuple[int, ...]]]:
        """Everyday phrases found in a word sequence: (index of first word, terms, indexes of
        the phrase's words). Spoken German puts words between a phrase's words ("die Miete
        ist viel zu hoch"), so a phrase matches when its words come in order with at most
        :data:`EVERYDAY_GAP` other words between two of them."""
        found: list[tuple[int, tuple[str, ...], tuple[int, ...]]] = []
        stems = [(w.pos, stem(w.text)) for w in text_words]
        for i, (pos, s) in enumerate(stems):
            for phrase in self._everyday_by_first.get(s, ()):
                at = [i]
                for offset, wanted in phrase[1:]:
                    last = stems[at[-1]][0]
                    nxt = next((j for j in range(at[-1] + 1, len(stems))
                                if stems[j][1] == wanted and not text_words[j].joined
                                and stems[j][0] - last <= offset - phrase[len(at) - 1][0] + EVERYDAY_GAP),
                               None)
                    if nxt is None:
                        break
                    at.append(nxt)
                else:
                    found.append((i, self.colloquial[phrase], tuple(at)))
        return found

    def to_json(self) -> str:
        """Serialise deterministically (for the cached terminal index)."""
        return json.dumps(
            {
                "known": sorted(self.known),
                "phrases": sorted([list(map(list, p)), g] for p, g in self.phrases.items()),
                "colloquial": sorted([list(map(list, p)), list(t)] for p, t in self.colloquial.items()),
                "separable": dict(sorted(self.separable.items())),
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @staticmethod
    def from_json(text: str) -> Lexicon:
        """Read what :meth:`to_json` wrote."""
        data = json.loads(text)
        phrases = {tuple((int(o), str(s)) for o, s in p): str(g) for p, g in data["phrases"]}
        colloquial = {tuple((int(o), str(s)) for o, s in p): tuple(map(str, t))
                      for p, t in data.get("colloquial", ())}
        separable = {str(k): str(v) for k, v in data.get("separable", {}).items()}
        return Lexicon(frozenset(data["known"]), phrases, colloquial, separable)


@dataclass(frozen=True)
class Shipped:
    """The synonym groups, compound parts and everyday words that efa-kb ships."""

    groups: tuple[tuple[str, ...], ...]
    parts: tuple[str, ...]
    everyday: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(everyday word or phrase, administrative words) from ``colloquial.yml``."""
    separable: tuple[str, ...] = ()
    """Verbs with a separable particle (``abmelden``), from ``colloquial.yml``."""


SYNONYMS = "resources/synonyms.yml"
COLLOQUIAL = "resources/colloquial.yml"
"""The shipped lists, below the package."""


def shipped_bytes() -> bytes:
    """The shipped lists as they are on disk (for fingerprints of what was built from them)."""
    package = resources.files("efa_kb")
    return b"\0".join(package.joinpath(name).read_bytes() for name in (SYNONYMS, COLLOQUIAL))


@lru_cache(maxsize=1)
def shipped() -> Shipped:
    """Read ``efa_kb/resources/synonyms.yml`` and ``colloquial.yml``."""
    package = resources.files("efa_kb")
    data = parse_yaml(package.joinpath(SYNONYMS).read_text("utf-8"))
    groups = tuple(tuple(str(p) for p in g) for g in data.get("groups") or ())
    everyday_data = parse_yaml(package.joinpath(COLLOQUIAL).read_text("utf-8"))
    everyday = tuple((str(e[0]), tuple(str(t) for t in e[1:]))
                     for e in everyday_data.get("everyday") or () if len(e) > 1)
    separable = tuple(str(v) for v in everyday_data.get("separable") or ())
    return Shipped(groups, tuple(str(p) for p in data.get("parts") or ()), everyday, separable)


def synonym_phrases(glossary: Sequence[tuple[str, str | None]], extra: Shipped) -> dict[Phrase, str]:
    """Every synonym phrase and its group token: the shipped groups, then each glossary term
    with its expansion (``eVB`` = ``elektronische Versicherungsbestätigung``).

    Keyword lists are not turned into groups: they are indexed with the weight of a
    title, which makes them findable without linking unrelated articles.
    """
    groups: list[tuple[str, ...]] = [g for g in extra.groups if len(g) > 1]
    groups.extend((term, expansion) for term, expansion in glossary if expansion)
    phrases: dict[Phrase, str] = {}
    for group in groups:
        shapes = [s for p in group for s in _phrase_shapes(p)]
        if not shapes:
            continue
        token = "=" + "_".join(s for _, s in shapes[0])
        for shape in shapes:
            # A phrase already claimed by an earlier group keeps that group: the
            # shipped list is ordered from specific to general.
            phrases.setdefault(shape, token)
    return phrases


def everyday_phrases(extra: Shipped, phrases: dict[Phrase, str],
                     vocabulary: Iterable[str] | None = None) -> dict[Phrase, tuple[str, ...]]:
    """Each everyday phrase with the index terms of its administrative words: the stem of
    each word (``Schreiben`` → ``schreib``) and its synonym group's token.

    With ``vocabulary``, terms the index does not have are dropped, and so are phrases
    left with none (what the site's client needs to know, nothing more).
    """
    present = set(vocabulary) if vocabulary is not None else None
    result: dict[Phrase, tuple[str, ...]] = {}
    for everyday, targets in extra.everyday:
        terms: list[str] = []
        for target in targets:
            for w in words(target):
                if w.joined:
                    continue
                for term in (w.stem, phrases.get(((0, w.stem),))):
                    if term and term not in terms and (present is None or term in present):
                        terms.append(term)
        if not terms:
            continue
        # a phrase of question words only ("bis wann", "wo ist") keeps them: it is looked
        # for in the query with its stop words (see matching.parse_query)
        for shape in _phrase_shapes(everyday) or _phrase_shapes(everyday, keep_stopwords=True):
            own = {s for _, s in shape}
            kept = tuple(t for t in terms if t not in own)
            if kept:
                result.setdefault(shape, kept)
    return result


@lru_cache(maxsize=8)
def _extra_known(glossary: tuple[tuple[str, str | None], ...], extra: Shipped) -> frozenset[str]:
    """Dictionary words that come from the glossary and the shipped lists (not from documents)."""
    known: set[str] = set()
    short: set[str] = set()
    texts: list[str] = []
    for term, expansion in glossary:
        texts.append(term)
        texts.append(expansion or "")
        short.update(w.text for w in words(term) if len(w.text) == 3)
    for group in extra.groups:
        texts.extend(group)
    for text in texts:
        known.update(known_forms(w.text for w in words(text)))
    for part in extra.parts:
        folded = fold(part)
        (short if len(folded) == 3 else known).update((folded, stem(folded)))
    known.update(short)
    return frozenset(known)


def known_forms(texts: Iterable[str]) -> set[str]:
    """The dictionary entries that folded words of a document contribute: every word of at
    least :data:`MIN_PART` letters that is not a number, and its stem."""
    known: set[str] = set()
    for text in texts:
        if len(text) >= MIN_PART and not text.isdigit():
            known.add(text)
            known.add(stem(text))
    return known


def lexicon_from(doc_words: Iterable[str], glossary: Sequence[tuple[str, str | None]],
                 extra: Shipped | None = None) -> Lexicon:
    """The lexicon of one state from the distinct folded words of its documents."""
    extra = extra if extra is not None else shipped()
    glossary = tuple((str(t), e) for t, e in glossary)
    known = known_forms(doc_words) | _extra_known(glossary, extra)
    phrases = synonym_phrases(glossary, extra)
    separable = {stem(fold(verb)): fold(verb) for verb in extra.separable}
    return Lexicon(frozenset(known), phrases, everyday_phrases(extra, phrases), separable)


def build_lexicon(
    docs: Iterable[SearchDoc],
    glossary: Iterable[tuple[str, str | None]] = (),
    extra: Shipped | None = None,
) -> Lexicon:
    """Collect the dictionary, synonym groups and everyday words for one state's documents."""
    texts: set[str] = set()
    for doc in docs:
        for text in field_texts(doc).values():
            texts.update(w.text for w in words(text))
    return lexicon_from(texts, list(glossary), extra)


def _phrase_shapes(phrase: str, keep_stopwords: bool = False) -> list[Phrase]:
    """The phrase as a word sequence, and a hyphenated one also written as one word."""
    shapes: list[Phrase] = []
    for variant in (phrase, phrase.replace("-", "")):
        ws = [w for w in words(variant, keep_stopwords=keep_stopwords) if not w.joined]
        if ws:
            shape = tuple((w.pos - ws[0].pos, w.stem) for w in ws)
            if shape not in shapes:
                shapes.append(shape)
    return shapes


def _split(known: frozenset[str], word: str) -> tuple[str, ...]:
    """Best split of a word into at least two known parts: fewest parts, then longest."""
    n = len(word)
    if n < MIN_COMPOUND:
        return ()
    # The known parts starting at each position, found once (the costly part), then the
    # dynamic programme over them. best[i]: (parts, -sum of squared lengths, parts) of word[i:]
    starts: list[list[int]] = [[] for _ in range(n)]
    for i in range(n - 2):
        for j in range(i + 3, n + 1):
            if not (i == 0 and j == n) and _is_part(known, word[i:j]):
                starts[i].append(j)
    best: list[tuple[int, int, tuple[str, ...]] | None] = [None] * (n + 1)
    best[n] = (0, 0, ())
    for i in range(n - 3, -1, -1):
        for j in reversed(starts[i]):
            seg = word[i:j]
            for link in LINKS:
                k = j + len(link)
                if k > n or (link and (k == n or word[j:k] != link)):
                    continue
                rest = best[k]
                if rest is None:
                    continue
                cand = (rest[0] + 1, rest[1] - len(seg) ** 2, (seg, *rest[2]))
                current = best[i]
                if current is None or cand[:2] < current[:2]:
                    best[i] = cand
    top = best[0]
    if top and top[0] >= 2:
        return top[2]
    return _split_tail(known, word)


def _split_tail(known: frozenset[str], word: str) -> tuple[str, ...]:
    """Fallback for a compound whose head is no known word: German compounds are
    right-headed, so a known tail of five or more letters is split off
    (``Personal|ausweis``) and the head kept as a part too."""
    n = len(word)
    for j in range(MIN_PART, n - MIN_TAIL + 1):
        tail = word[j:]
        if tail in known and tail not in STOPWORDS:
            head = word[:j]
            for link in sorted(LINKS, key=len, reverse=True):
                if (link and head.endswith(link) and len(head) - len(link) >= MIN_PART
                        and head[: -len(link)] in known):
                    head = head[: -len(link)]
                    break
            return (head, tail)
    return ()


def _is_part(known: frozenset[str], seg: str) -> bool:
    # Three-letter entries of ``known`` come only from the glossary and the shipped parts.
    return len(seg) >= 3 and seg not in STOPWORDS and seg in known
