"""The vocabulary knowledge search needs beyond one word: compound parts and synonyms.

Decompounding uses a dictionary taken from the content itself (every word of
every document, the glossary, the shipped synonym list and a shipped list of
common compound parts): a word is split where each part is a known word of at
least four letters (three for listed abbreviations such as ``kfz``), optionally
joined by a German linking element (``Zulassung-s-bescheinigung``). A dictionary
from the content splits the compounds the content really uses and never invents
parts a caller would not type, which n-grams would (``eisa`` in
``Personalausweisantrag``), at no cost in index size.

Synonyms are groups of phrases; every phrase of a group found in a document
adds the group's token (``=kfz``) to the document, and the same phrase in a
query looks that token up, so synonyms of several words work in both directions.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources

from efa_kb.index.analysis import STOPWORDS, Word, fold, stem, words
from efa_kb.index.documents import SearchDoc
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
"""A synonym phrase: (offset from the first word, stem) per word."""


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Dictionary for decompounding plus synonym groups, shared by both indexes."""

    known: frozenset[str]
    """Words that may be compound parts (folded surface forms and stems)."""
    phrases: dict[Phrase, str] = field(default_factory=dict)
    """Every synonym phrase, mapped to its group's token (``=kfz``)."""
    _by_first: dict[str, list[Phrase]] = field(init=False, repr=False)
    _parts: dict[str, tuple[str, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        by_first: dict[str, list[Phrase]] = {}
        for phrase in sorted(self.phrases):
            if len(phrase) > 1:
                by_first.setdefault(phrase[0][1], []).append(phrase)
        object.__setattr__(self, "_by_first", by_first)
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
        by_pos: dict[int, set[str]] = {}
        for w in text_words:
            if not w.joined:
                by_pos.setdefault(w.pos, set()).add(w.stem)
        found: list[tuple[int, str, Phrase]] = []
        for i, w in enumerate(text_words):
            single = self.phrases.get(((0, w.stem),))
            if single:
                found.append((i, single, ((0, w.stem),)))
            if w.joined:
                continue
            for phrase in self._by_first.get(w.stem, ()):
                if all(s in by_pos.get(w.pos + off, ()) for off, s in phrase):
                    found.append((i, self.phrases[phrase], phrase))
        return found

    def groups_of_parts(self, word: str) -> list[str]:
        """Synonym group tokens of a compound's parts (``fahrzeugbrief`` → ``=kfz``)."""
        return [g for p in self.parts(word) if (g := self.phrases.get(((0, p),)))]

    def to_json(self) -> str:
        """Serialise deterministically (for the cached terminal index)."""
        return json.dumps(
            {
                "known": sorted(self.known),
                "phrases": sorted([list(map(list, p)), g] for p, g in self.phrases.items()),
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @staticmethod
    def from_json(text: str) -> Lexicon:
        """Read what :meth:`to_json` wrote."""
        data = json.loads(text)
        phrases = {tuple((int(o), str(s)) for o, s in p): str(g) for p, g in data["phrases"]}
        return Lexicon(frozenset(data["known"]), phrases)


@dataclass(frozen=True)
class Shipped:
    """The synonym groups and compound parts that efa-kb ships."""

    groups: tuple[tuple[str, ...], ...]
    parts: tuple[str, ...]


def shipped() -> Shipped:
    """Read ``efa_kb/resources/synonyms.yml``."""
    text = resources.files("efa_kb").joinpath("resources/synonyms.yml").read_text("utf-8")
    data = parse_yaml(text)
    groups = tuple(tuple(str(p) for p in g) for g in data.get("groups") or ())
    return Shipped(groups, tuple(str(p) for p in data.get("parts") or ()))


def build_lexicon(
    docs: Iterable[SearchDoc],
    glossary: Iterable[tuple[str, str | None]] = (),
    extra: Shipped | None = None,
) -> Lexicon:
    """Collect the dictionary and synonym groups for one state's documents.

    ``glossary`` holds (term, expansion) pairs; a term with an expansion forms a
    synonym group with it (``eVB`` = ``elektronische Versicherungsbestätigung``).
    Keyword lists are not turned into groups: they are indexed with the weight of a
    title, which makes them findable without linking unrelated articles.
    """
    extra = extra if extra is not None else shipped()
    glossary = list(glossary)
    known: set[str] = set()
    short: set[str] = set()
    texts: list[str] = []
    for doc in docs:
        texts.extend((doc.title, doc.short_answer, " ".join(doc.keywords), doc.body))
    for term, expansion in glossary:
        texts.append(term)
        texts.append(expansion or "")
        short.update(w.text for w in words(term) if len(w.text) == 3)
    for group in extra.groups:
        texts.extend(group)
    for text in texts:
        for w in words(text):
            if len(w.text) >= MIN_PART and not w.text.isdigit():
                known.add(w.text)
                known.add(w.stem)
    for part in extra.parts:
        folded = fold(part)
        (short if len(folded) == 3 else known).update((folded, stem(folded)))
    known.update(short)

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
    return Lexicon(frozenset(known), phrases)


def _phrase_shapes(phrase: str) -> list[Phrase]:
    """The phrase as a word sequence, and a hyphenated one also written as one word."""
    shapes: list[Phrase] = []
    for variant in (phrase, phrase.replace("-", "")):
        ws = [w for w in words(variant) if not w.joined]
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
    # best[i]: (number of parts, -sum of squared lengths, parts) for word[i:]
    best: list[tuple[int, int, tuple[str, ...]] | None] = [None] * (n + 1)
    best[n] = (0, 0, ())
    for i in range(n - 3, -1, -1):
        for j in range(n, i + 2, -1):
            seg = word[i:j]
            if (i == 0 and j == n) or not _is_part(known, seg):
                continue
            for link in LINKS:
                k = j + len(link)
                if k > n or word[j:k] != link or (link and k == n):
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
