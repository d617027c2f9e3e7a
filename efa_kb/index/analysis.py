"""German text analysis shared by the terminal index, the site index and the site's client.

Everything here is deliberately small enough to mirror line by line in
``efa-search.js``: lower-casing, folding (``ä``/``ae`` → ``a``, ``ß`` → ``ss``, as
Lucene's ``GermanNormalizationFilter`` does), a tokenizer that keeps hyphenated
compounds both joined and split, a stop-word list, and Savoy's light German
stemmer (Lucene's ``GermanLightStemmer``), which only strips inflection suffixes.
Because it only strips, the stem of a word is a prefix of the word, so a word
still being typed matches by prefix. Decompounding and synonyms need the
content's vocabulary and live in :mod:`efa_kb.index.lexicon`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

FILLER: list[str] = [
    "ab", "bald", "bitte", "dein", "deine", "deinen", "ding", "dinge", "durfen", "eben",
    "eigentlich", "einfach", "extra", "ganz",
    "genau", "grad", "gerade", "gerne", "hallo", "halt", "hast", "habt", "immer", "ins",
    "irgendwie", "kannst", "konnen", "konnt", "konnte", "mach", "mache", "machen", "macht",
    "mal", "mochte", "mochten", "musst", "mussen", "nen", "schon", "sollen", "tue", "tun",
    "sache", "sachen", "sonst", "trotzdem", "uberhaupt", "unsere", "unserem", "unseren",
    "unserer", "vielleicht", "weshalb", "welches", "wieviel", "wieviele", "wirklich",
    "wofur", "wollen", "womit", "woran", "worauf", "wovon", "wozu",
]
"""Words of spoken questions beyond the classic stop words (folded); part of :data:`STOPWORDS`."""

# Short and conservative: words a caller's question is full of and that never
# decide which article answers it. Folded forms (``fur`` for ``für``).
STOPWORDS: frozenset[str] = frozenset(
    ["aber", "alle", "allem", "allen", "aller", "alles", "als", "also", "am", "an", "ander", "andere", "anderen", "auch", "auf", "aus", "bei", "beim", "bin", "bis", "bist", "da", "damit", "dann", "das", "dass", "dem", "den", "denn", "der", "des", "dessen", "die", "dies", "diese", "diesem", "diesen", "dieser", "dieses", "doch", "dort", "du", "durch", "ein", "eine", "einem", "einen", "einer", "eines", "er", "es", "etwas", "euch", "euer", "fur", "gegen", "gibt", "hab", "habe", "haben", "hat", "hatte", "hier", "hin", "ich", "ihm", "ihn", "ihnen", "ihr", "ihre", "ihrem", "ihren", "ihrer", "im", "in", "ist", "ja", "jede", "jedem", "jeden", "jeder", "jetzt", "kann", "kein", "keine", "keinen", "man", "mein", "meine", "meinem", "meinen", "meiner", "mich", "mir", "mit", "muss", "nach", "nicht", "noch", "nun", "nur", "ob", "oder", "ohne", "sein", "seine", "seinem", "seinen", "sich", "sie", "sind", "so", "soll", "sollte", "uber", "um", "und", "uns", "unser", "unter", "vom", "von", "vor", "wann", "war", "waren", "warum", "was", "weil", "welche", "welchem", "welchen", "welcher", "wenn", "wer", "werde", "werden", "wie", "wieso", "will", "wir", "wird", "wo", "woher", "wohin", "wurde", "zu", "zum", "zur"]
    # question words, modal verbs and the filler of spoken questions ("kann ich mal
    # eben …", "wie viel muss ich denn …"): they say that something is asked, not what
    + FILLER
)

_S_ENDING = frozenset("bdfghklmnrt")
_ST_ENDING = frozenset("bdfghklmnt")
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_UMLAUT_PAIR = re.compile(r"ae|oe|(?<!q)ue")
_COMBINING = re.compile("[\u0300-\u036f]+")


def fold(text: str) -> str:
    """Lower-case and fold umlauts, ``ß`` and accents so every spelling of a word meets.

    ``Führerschein``, ``Fuehrerschein`` and ``Fuhrerschein`` all become
    ``fuhrerschein``; ``Straße`` becomes ``strasse``. Accents are the combining marks
    U+0300–U+036F after canonical decomposition, as ``efa-search.js`` strips them.
    """
    text = text.lower()
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text.replace("ß", "ss")))
    return _UMLAUT_PAIR.sub(_first_letter, text)


def _first_letter(match: re.Match[str]) -> str:
    return match.group(0)[0]


@lru_cache(maxsize=1 << 18)
def stem(word: str) -> str:
    """Savoy's light German stemmer on a folded word: strips inflection suffixes only."""
    n = _step1(word, len(word))
    n = _step2(word, n)
    return word[:n]


def _step1(s: str, n: int) -> int:
    if n > 5 and s.endswith("ern", 0, n):
        return n - 3
    if n > 4 and s[n - 2 : n] in ("em", "en", "er", "es"):
        return n - 2
    if n > 3 and s[n - 1] == "e":
        return n - 1
    if n > 3 and s[n - 1] == "s" and s[n - 2] in _S_ENDING:
        return n - 1
    return n


def _step2(s: str, n: int) -> int:
    if n > 5 and s.endswith("est", 0, n):
        return n - 3
    if n > 4 and s[n - 2 : n] in ("er", "en"):
        return n - 2
    if n > 4 and s.endswith("st", 0, n) and s[n - 3] in _ST_ENDING:
        return n - 2
    return n


class Word(NamedTuple):
    """One word of a text after folding, with its position in the word sequence."""

    text: str
    """The folded surface form (``personalausweis``)."""
    pos: int
    """Position in the text; the joined form of a hyphenated word shares its first part's."""
    joined: bool = False
    """True for the joined form of a hyphenated compound (``onlineausweis``)."""

    @property
    def stem(self) -> str:
        """The stem that is indexed and matched."""
        return stem(self.text)


def words(text: str, *, keep_stopwords: bool = False) -> list[Word]:
    """Split text into folded words; ``Online-Ausweis`` yields ``online``, ``ausweis``
    and the joined ``onlineausweis``. Stop words are dropped (they still advance
    the position, so phrases do not span them); one letter is a word (``Teil I``)."""
    result: list[Word] = []
    pos = 0
    stop = frozenset() if keep_stopwords else STOPWORDS
    for token in _WORD.findall(fold(text)):
        if "-" not in token:
            if token not in stop:
                result.append(Word(token, pos))
            pos += 1
            continue
        parts = token.split("-")
        result.append(Word("".join(parts), pos, True))
        for part in parts:
            if part not in stop:
                result.append(Word(part, pos))
            pos += 1
    return result


def stems(text: str) -> list[str]:
    """The stems of a text's words, in order, without stop words (joined forms included)."""
    return [w.stem for w in words(text)]
