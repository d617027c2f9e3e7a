"""The site's static search index: small gzip shards that ``efa-search.js`` fetches on demand.

Everything costly is done here, once: the German analysis, decompounding and
synonym groups (:mod:`efa_kb.index.terms`) and the scoring, so each posting
carries its final impact, the BM25F score the terminal search would give that
term in that document. The client folds and stems the query, looks terms up and
adds impacts; it needs no dictionary and no scoring model.

Files below ``<site>/search/``:

- ``index.json.gz``: format version, stop words, synonym phrases, where each term
  shard starts, and the folder ``<hash>/`` that holds the rest (named after its
  content, so a browser never mixes files of two builds);
- ``<hash>/t/<n>.json.gz``: a contiguous range of the sorted terms with postings
  ``[doc, impact, doc delta, impact, ...]``;
- ``<hash>/d/<n>.json.gz``: id, URL, title, short answer, kind and municipality
  of :data:`CHUNK` documents, in document order (sorted by id, so a service's
  articles share chunks).

A query for one word fetches a few term shards and the chunks of its hits: a few
dozen kilobytes even for ten thousand articles. Output is byte-identical
for the same input (sorted keys, gzip without timestamp, names from content
hashes).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import shutil
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from efa_kb.index.analysis import STOPWORDS
from efa_kb.index.documents import SearchDoc
from efa_kb.index.lexicon import EVERYDAY_GAP, everyday_phrases, shipped
from efa_kb.index.matching import (
    COLLOQUIAL,
    ENDINGS,
    EXACT,
    INFLECTED,
    MAX_PREFIX_TERMS,
    MIN_PREFIX,
    PREFIX_MAX,
    PREFIX_MIN,
    SPLIT,
    SYNONYM,
    TYPO,
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
    Bag,
    index_terms,
    prior,
)

FORMAT = 2
CHUNK = 8
"""Documents per display chunk: small, since every result list fetches the chunks of its
ten hits (and the hits of consecutive keystrokes differ)."""
SHARD_BYTES = 20_000
"""Target size of a term shard before compression (about 7 kB compressed)."""
MAX_POSTINGS = 2_000
"""Postings kept per term, highest impact first: beyond that a word is too common to rank by."""
SCALE = 100
"""Impacts are stored as integers: score × SCALE."""
SHORT_ANSWER_CHARS = 240
"""Short answers are cut here in the result list (it shows three lines; the page has all)."""
BEACON = "beacon.txt"
"""The file below ``search/`` the search box requests to report a search (see
:mod:`efa_kb.commands.report`); the state's web server logs the request, nothing else."""
BEACON_TEXT = (
    "Diese Datei gehört zur Suche der Wissensdatenbank. Die Suche ruft sie nach einer Suche\n"
    "mit dem Suchtext auf, damit der Webserver des Landes die Anfrage protokolliert; daraus\n"
    "erstellt 'efa-kb report' den Suchbericht. Abschalten: search_report: false in state.yml.\n"
)


@dataclass(frozen=True)
class SiteSearchOptions:
    """What a state's site search does besides searching."""

    state: str = ""
    """The state's code, sent with each report so one log can hold several states."""
    report: bool = False
    """Whether the search box reports searches to the state's own web server (S6)."""


@dataclass(frozen=True)
class SiteIndexStats:
    """Sizes of a written index, for the benchmark and the build log."""

    docs: int
    terms: int
    term_shards: int
    doc_chunks: int
    bytes_total: int


def impacts(docs: Sequence[SearchDoc], bags: Sequence[Bag]) -> dict[str, list[int | str]]:
    """term → postings ``[doc delta, impact, …]`` in document order: BM25 over the
    field-weighted bag of terms, the same model the terminal's whoosh index scores with,
    times the document kind's prior, × :data:`SCALE` as an integer; the best
    :data:`MAX_POSTINGS` of a term only."""
    n = len(bags)
    avg = (sum(length for _, length in bags) / n if n else 1.0) or 1.0
    df: dict[str, int] = defaultdict(int)
    for weights, _ in bags:
        for term in weights:
            df[term] += 1
    idf = {term: math.log(n / (count + 1)) + 1 for term, count in df.items()}
    k1, b = BM25_K1, BM25_B
    result: dict[str, list[int | str]] = defaultdict(list)
    last: dict[str, int] = defaultdict(int)
    for number, (weights, length) in enumerate(bags):
        factor = prior(docs[number].kind) * SCALE
        norm = k1 * (1 - b + b * length / avg)
        for term, weight in weights.items():
            # bm25() spelled out: this loop runs once per posting
            impact = round(idf[term] * weight * (k1 + 1) / (weight + norm) * factor)
            result[term] += (number - last[term], max(1, impact))
            last[term] = number
    for term, flat in result.items():
        if len(flat) > 2 * MAX_POSTINGS:
            result[term] = _best(flat)
    return result


def write_site_index(
    docs: Sequence[SearchDoc], glossary: Sequence[tuple[str, str | None]], site_dir: Path,
    options: SiteSearchOptions | None = None,
) -> SiteIndexStats:
    """Write ``<site_dir>/search/`` (replacing an existing one)."""
    options = options or SiteSearchOptions()
    docs = sorted(docs, key=lambda d: d.key)
    analysed = index_terms(docs, glossary)
    scores = impacts(docs, analysed.bags)
    entries: dict[str, list[int | str]] = {**scores, **_place_entries(analysed.places)}

    shards: list[dict[str, list[int | str]]] = [{}]
    size = 0
    for term in sorted(entries):
        if shards[-1] and size > SHARD_BYTES:
            shards.append({})
            size = 0
        postings = entries[term]
        shards[-1][term] = postings
        size += len(term) + 4 + len(_json(postings))
    files = {f"t/{i}.json.gz": _gzip(shard) for i, shard in enumerate(shards)}
    for i, start in enumerate(range(0, len(docs), CHUNK)):
        files[f"d/{i}.json.gz"] = _gzip([_display(d) for d in docs[start : start + CHUNK]])
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + files[name])
    folder = digest.hexdigest()[:12]

    lexicon = analysed.lexicon
    everyday = everyday_phrases(shipped(), lexicon.phrases, scores)
    manifest = {
        "format": FORMAT,
        "dir": folder,
        "docs": len(docs),
        "chunk": CHUNK,
        "shards": _separators([next(iter(shard)) for shard in shards if shard], shards),
        "stopwords": sorted(STOPWORDS),
        "phrases": sorted([[[o, s] for o, s in p], g] for p, g in lexicon.phrases.items()),
        "everyday": sorted([[[o, s] for o, s in p], list(t)] for p, t in everyday.items()),
        "glossary": [[number, sorted(terms)] for number, terms in sorted(analysed.title_terms.items())],
        "places": bool(analysed.places),
        "facets": {"words": {letter: list(starts) for letter, (_, starts) in FACETS.items()},
                   "docs": [[number, letters] for number, letters in sorted(analysed.facets.items())
                            if letters]},
        "intents": {str(kind): list(starts) for kind, starts in INTENTS.items()},
        "kindDocs": {str(kind): [n for n, d in enumerate(docs) if d.kind == kind] for kind in INTENTS},
        "separable": dict(sorted(lexicon.separable.items())),
        **_service_runs(analysed.services),
        "report": {"state": options.state, "url": BEACON} if options.report else None,
        "tuning": {
            "exact": EXACT,
            "inflected": INFLECTED,
            "prefixMin": PREFIX_MIN,
            "prefixMax": PREFIX_MAX,
            "synonym": SYNONYM,
            "colloquial": COLLOQUIAL,
            "typo": list(TYPO),
            "split": SPLIT,
            "maxPrefixTerms": MAX_PREFIX_TERMS,
            "minPrefix": MIN_PREFIX,
            "coordPower": COORD_POWER,
            "glossaryFactor": GLOSSARY_FACTOR,
            "facetBoost": FACET_BOOST,
            "intentBoost": INTENT_BOOST,
            "serviceFactor": SERVICE_FACTOR,
            "everydayGap": EVERYDAY_GAP,
            "endings": list(ENDINGS),
            "scale": SCALE,
        },
    }
    out = site_dir / "search"
    shutil.rmtree(out, ignore_errors=True)
    for name, data in files.items():
        target = out / folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (out / "index.json.gz").write_bytes(_gzip(manifest))
    if options.report:
        (out / BEACON).write_text(BEACON_TEXT, "utf-8")
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return SiteIndexStats(len(docs), len(scores), len(shards), len(files) - len(shards), total)


def _service_runs(services: Sequence[tuple[str, ...]]) -> dict[str, object]:
    """The services of every document, run-length coded (documents are sorted by id, so a
    service's articles are neighbours): ``serviceSets`` lists the distinct sets,
    ``docServices`` holds [first document, set] where the set changes."""
    sets: list[list[str]] = [[]]
    runs: list[list[int]] = []
    for number, found in enumerate(services):
        wanted = list(found)
        if wanted not in sets:
            sets.append(wanted)
        index = sets.index(wanted)
        if not runs or runs[-1][1] != index:
            runs.append([number, index])
    return {"serviceSets": sets, "docServices": runs}


def _place_entries(places: dict[int, tuple[tuple[str, tuple[str, ...]], ...]]) -> dict[str, list[int | str]]:
    """``@term`` → [name, doc delta, doc delta, …, name, …]: which Leistungen serve a place of
    that name, so that a hit can be labelled with the place the query names."""
    by_term: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for number in sorted(places):
        for name, terms in places[number]:
            for term in terms:
                by_term[term][name].append(number)
    entries: dict[str, list[int | str]] = {}
    for term, names in by_term.items():
        flat: list[int | str] = []
        for name in sorted(names):
            flat.append(name)
            previous = 0
            for number in names[name]:
                flat.append(number - previous)
                previous = number
        entries[term] = flat
    return entries


def _separators(firsts: list[str], shards: list[dict[str, list[int | str]]]) -> list[str]:
    """For each shard the shortest prefix of its first term that still sorts after the
    previous shard's last term: enough to find a term's shard, and a smaller manifest."""
    result = [""]
    for i in range(1, len(firsts)):
        last = max(shards[i - 1])
        first = firsts[i]
        n = 1
        while first[:n] <= last:
            n += 1
        result.append(first[:n])
    return result


def _best(flat: list[int | str]) -> list[int | str]:
    """The :data:`MAX_POSTINGS` highest-impact postings of a term, in document order."""
    decoded: list[tuple[int, int]] = []
    number = 0
    for i in range(0, len(flat), 2):
        number += int(flat[i])
        decoded.append((number, int(flat[i + 1])))
    kept = sorted(sorted(decoded, key=lambda x: (-x[1], x[0]))[:MAX_POSTINGS])
    result: list[int | str] = []
    previous = 0
    for number, impact in kept:
        result += (number - previous, impact)
        previous = number
    return result


def _display(doc: SearchDoc) -> list[str]:
    answer = doc.short_answer
    if len(answer) > SHORT_ANSWER_CHARS:
        answer = answer[: SHORT_ANSWER_CHARS - 1].rstrip() + "…"
    return [doc.id, doc.url, doc.title, answer, doc.kind, doc.municipality or ""]


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _gzip(data: object) -> bytes:
    return gzip.compress(_json(data).encode("utf-8"), compresslevel=9, mtime=0)
