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
import shutil
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from efa_kb.index.analysis import STOPWORDS
from efa_kb.index.documents import SearchDoc
from efa_kb.index.lexicon import Lexicon, build_lexicon
from efa_kb.index.matching import (
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
from efa_kb.index.terms import COORD_POWER, bm25, doc_weights

FORMAT = 1
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


@dataclass(frozen=True)
class SiteIndexStats:
    """Sizes of a written index, for the benchmark and the build log."""

    docs: int
    terms: int
    term_shards: int
    doc_chunks: int
    bytes_total: int


def impacts(docs: Sequence[SearchDoc], lexicon: Lexicon) -> dict[str, dict[int, float]]:
    """term → {doc number: score}: BM25 over the field-weighted bag of terms, the same
    model the terminal's whoosh index scores with."""
    bags = [doc_weights(doc, lexicon) for doc in docs]
    n = len(bags)
    avg = (sum(length for _, length in bags) / n if n else 1.0) or 1.0
    df: dict[str, int] = defaultdict(int)
    for weights, _ in bags:
        for term in weights:
            df[term] += 1
    result: dict[str, dict[int, float]] = defaultdict(dict)
    for number, (weights, length) in enumerate(bags):
        for term, weight in weights.items():
            result[term][number] = bm25(weight, length, avg, df[term], n)
    return result


def write_site_index(
    docs: Sequence[SearchDoc], glossary: Sequence[tuple[str, str | None]], site_dir: Path
) -> SiteIndexStats:
    """Write ``<site_dir>/search/`` (replacing an existing one)."""
    docs = sorted(docs, key=lambda d: d.key)
    lexicon = build_lexicon(docs, glossary)
    scores = impacts(docs, lexicon)

    shards: list[dict[str, list[int]]] = [{}]
    size = 0
    for term in sorted(scores):
        if shards[-1] and size > SHARD_BYTES:
            shards.append({})
            size = 0
        postings = _postings(scores[term])
        shards[-1][term] = postings
        size += len(term) + 6 + sum(len(str(v)) + 1 for v in postings)
    files = {f"t/{i}.json.gz": _gzip(shard) for i, shard in enumerate(shards)}
    for i, start in enumerate(range(0, len(docs), CHUNK)):
        files[f"d/{i}.json.gz"] = _gzip([_display(d) for d in docs[start : start + CHUNK]])
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + files[name])
    folder = digest.hexdigest()[:12]

    manifest = {
        "format": FORMAT,
        "dir": folder,
        "docs": len(docs),
        "chunk": CHUNK,
        "shards": _separators([next(iter(shard)) for shard in shards if shard], shards),
        "stopwords": sorted(STOPWORDS),
        "phrases": sorted([[[o, s] for o, s in p], g] for p, g in lexicon.phrases.items()),
        "tuning": {
            "exact": EXACT,
            "inflected": INFLECTED,
            "prefixMin": PREFIX_MIN,
            "prefixMax": PREFIX_MAX,
            "synonym": SYNONYM,
            "typo": list(TYPO),
            "split": SPLIT,
            "maxPrefixTerms": MAX_PREFIX_TERMS,
            "minPrefix": MIN_PREFIX,
            "coordPower": COORD_POWER,
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
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return SiteIndexStats(len(docs), len(scores), len(shards), len(files) - len(shards), total)


def _separators(firsts: list[str], shards: list[dict[str, list[int]]]) -> list[str]:
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


def _postings(scores: dict[int, float]) -> list[int]:
    kept = sorted(scores.items(), key=lambda x: (-x[1], x[0]))[:MAX_POSTINGS]
    flat: list[int] = []
    previous = 0
    for number, score in sorted(kept):
        flat += [number - previous, max(1, round(score * SCALE))]
        previous = number
    return flat


def _display(doc: SearchDoc) -> list[str]:
    answer = doc.short_answer
    if len(answer) > SHORT_ANSWER_CHARS:
        answer = answer[: SHORT_ANSWER_CHARS - 1].rstrip() + "…"
    return [doc.id, doc.url, doc.title, answer, doc.kind, doc.municipality or ""]


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _gzip(data: object) -> bytes:
    return gzip.compress(_json(data).encode("utf-8"), compresslevel=9, mtime=0)
