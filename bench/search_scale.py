"""Search at scale: a generated knowledge base of 10,000 articles and 1,000 Leistungen.

Generates a repository (content/ with N articles over 20 services, glossary,
one state, and an XZuFi message with M Leistungen of those services, with fees,
deadlines, documents and the responsible offices of the state's districts, written by
``bench/federal_xzufi.py``), loads and merges it with efa-kb's own loaders, writes the
site index and the terminal index, and then measures in headless Chromium:

- bytes transferred from opening the start page until the first result list
  appears while the query is typed key by key (as the browser counts them), and
  until the results of the whole query are shown (as the server counts them):
  page, styles, scripts and every search index file fetched on the way, text
  compressed as by any web server;
- time from the last keystroke to the rendered results, on that fresh page (cold)
  and as the median over all queries once the page has been used (warm).

The page that carries the search box is a real efa-kb page (the example
repository's start page for one state); only the search index is the generated
one, because a 10,000-article MkDocs build takes long and its page size depends
on the navigation, not on search.

    python bench/search_scale.py [--articles 10000] [--leistungen 1000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import collections
import itertools
import random
import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from efa_kb.index.browser import EfaSearchPage, chromium, serve
from efa_kb.index.query import view_documents
from efa_kb.index.site_index import write_site_index
from efa_kb.index.whoosh_index import TerminalSearch, build_index
from efa_kb.pipeline import build_sites, load_and_check

try:
    from bench import federal_text, federal_xzufi
except ImportError:  # run as a script: bench/ is on sys.path
    import federal_text  # type: ignore[no-redef]
    import federal_xzufi  # type: ignore[no-redef]

SERVICES = 20
LAND = next(land for land in federal_text.LAENDER if land.code == "sh")
"""Whose geography (districts, towns, ARS prefix) the generated state borrows."""
KINDS = ("faq", "workarounds", "training")
QUERIES = [
    "ausweis",              # compound part
    "wohngeld antrag",      # two words
    "zulasungsbescheinigung",  # typo
    "fuehrerschein verlängern",  # umlaut spelling
    "kfz",                  # abbreviation with synonyms
    "unterlagen gebühren",  # the facts of a Leistung
]


def vocabulary(root: Path) -> list[str]:
    """Words of the example content, plus compounds made of them (a large, German vocabulary)."""
    text = " ".join(p.read_text("utf-8") for p in sorted((root / "content").rglob("*.md")))
    words = sorted({w for w in re.findall(r"[A-Za-zÄÖÜäöüß]{4,}", text)})
    nouns = [w for w in words if w[0].isupper()]
    rng = random.Random(7)
    compounds = {rng.choice(nouns) + rng.choice(nouns).lower() for _ in range(40_000)}
    return words + sorted(compounds)


def leika_key(service: int) -> str:
    """The generated service's own LeiKa key (14 digits), which selects its Leistungen."""
    return f"99{service:03d}000000000"


def write_leistungen(target: Path, services: list[str], count: int) -> None:
    """``xzufi/land-xx.xml``: ``count`` Leistungen of ``services`` valid in the whole state,
    with the offices of the borrowed geography responsible for them."""
    if count <= 0:
        return
    rng = random.Random(43)
    specs = {slug: federal_text.SERVICES[n % len(federal_text.SERVICES)] for n, slug in enumerate(services)}
    leika = {slug: [leika_key(n)] for n, slug in enumerate(services)}
    geo = federal_xzufi.geography(rng, LAND)
    writer = federal_xzufi.LeistungWriter(rng, specs, leika)
    dialect = federal_xzufi.Dialect("2.3.1")
    xml, refs = [], []
    for k in range(count):
        text, ref = writer.leistung(dialect, f"L1000{LAND.ars}", f"{LAND.ars}{k + 1:06d}",
                                    services[k % len(services)], LAND, geo.state_ars,
                                    f"Ministerium des Innern {LAND.name}")
        xml.append(text)
        refs.append(ref)
    message, _ = federal_xzufi.state_message(rng, geo, xml, refs, "2026-10-02T07:30:00+02:00")
    (target / "xzufi").mkdir(parents=True, exist_ok=True)
    (target / "xzufi" / "land-xx.xml").write_text(message, "utf-8")


def generate(root: Path, target: Path, articles: int, leistungen: int = 0) -> None:
    """Write a knowledge-base repository with ``articles`` articles and ``leistungen``
    Leistungen into ``target``."""
    rng = random.Random(42)
    words = vocabulary(root)
    shutil.copytree(root / "content", target / "content",
                    ignore=shutil.ignore_patterns("services", "incidents"))
    (target / "overlays" / "xx").mkdir(parents=True)
    services = [f"dienst{n:02d}" for n in range(SERVICES)]
    (target / "overlays" / "xx" / "state.yml").write_text(
        f"name: Generiertes Land\nars_prefix: '{LAND.ars}'\n"
        f"services: [{', '.join(services)}]\nservice_desk: 115\n", "utf-8")
    write_leistungen(target, services, leistungen)

    # Zipf-like word frequencies, as in real text: a few words often, most rarely
    order = words[:]
    rng.shuffle(order)
    cumulative = list(itertools.accumulate(1 / (rank + 10) for rank in range(len(order))))

    def phrase(n: int) -> str:
        return " ".join(rng.choices(order, cum_weights=cumulative, k=n))

    for number in range(articles):
        service = services[number % SERVICES]
        kind = KINDS[number % 7 % 3] if number % 7 < 3 else "faq"
        folder = target / "content" / "services" / service / kind
        folder.mkdir(parents=True, exist_ok=True)
        if not (target / "content" / "services" / service / "service.yml").exists():
            (target / "content" / "services" / service / "service.yml").write_text(
                f"name: Onlinedienst {service}\nleika: ['{leika_key(number % SERVICES)}']\nbela: HH\n"
                f"provider: Generator\nurl: https://example.org/{service}/\nrouting: []\n",
                "utf-8")
        body = "\n\n".join(f"## {phrase(2)}\n\n{phrase(rng.randint(40, 90))}." for _ in range(3))
        (folder / f"artikel-{number:05d}.md").write_text(
            f"---\ntitle: {phrase(rng.randint(4, 8))}?\n"
            f"keywords: [{', '.join(phrase(1) for _ in range(6))}]\n"
            f"short_answer: >-\n  {phrase(rng.randint(25, 45))}.\n---\n\n{body}\n", "utf-8")


def measure(site_root: Path, state: str,
            queries: list[str]) -> list[tuple[str, int, int, int, float, int]]:
    """Per query, on a fresh page without cache, typed key by key: (query, bytes until the
    first result list appeared, bytes until the query's own results are shown, of these the
    search index's, last keystroke→results ms, hits)."""
    rows = []
    with serve(site_root) as (url, traffic), chromium() as browser:
        for query in queries:
            context = browser.new_context()
            traffic.reset()
            page = EfaSearchPage(context, f"{url}{state}/")
            page.input.click()
            timed = page.type_keys(query)
            index_bytes = sum(size for path, size in traffic.requests if "/search/" in path)
            rows.append((query, page.first_result_bytes(), traffic.total(), index_bytes,
                         timed.page_ms, len(timed.results)))
            warm = [page.timed(q).page_ms for q in queries]
            rows.append((query + " (warm)", 0, 0, 0, statistics.median(warm), 0))
            context.close()
    return rows


def show(site: Path, queries: list[str]) -> None:
    """Print the browser measurements as a table."""
    print(f"\n{'query (typed key by key)':<32} {'to 1st result':>14} {'to its results':>15} "
          f"{'of it index':>12} {'keystroke→results':>18} {'hits':>5}")
    for query, first, total, index_bytes, ms, hits in measure(site, "xx", queries):
        def kb(n: int) -> str:
            return f"{n / 1000:.1f} kB" if n else "-"
        print(f"{query:<32} {kb(first):>14} {kb(total):>15} {kb(index_bytes):>12} "
              f"{ms:>15.0f} ms {hits if total else '':>5}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("."))
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--leistungen", type=int, default=1_000)
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--reuse", action="store_true",
                        help="with --keep: reuse a repository and site index made before")
    parser.add_argument("--terminal", action="store_true",
                        help="also build the terminal (whoosh) index; takes minutes")
    args = parser.parse_args()
    root = args.root.resolve()
    work = args.keep or Path(tempfile.mkdtemp(prefix="efa-search-scale-"))
    try:
        repo, site = work / "repo", work / "site"
        if args.reuse and (site / "xx" / "search").is_dir():
            show(site, QUERIES)
            return
        shutil.rmtree(repo, ignore_errors=True)
        started = time.perf_counter()
        generate(root, repo, args.articles, args.leistungen)
        print(f"generated {args.articles} articles and {args.leistungen} Leistungen "
              f"in {time.perf_counter() - started:.1f} s")

        started = time.perf_counter()
        _, views, _ = load_and_check(repo, ["xx"])
        docs, glossary = view_documents(views["xx"])
        kinds = collections.Counter(str(doc.kind) for doc in docs)
        print(f"loaded and merged {len(docs)} search records ({kinds['leistung']} Leistungen) "
              f"in {time.perf_counter() - started:.1f} s")

        # a real efa-kb page carries the search box: the example's start page
        example = work / "example"
        report = build_sites(root, example, states=["by"])
        assert report.ok, report.failed
        shutil.rmtree(site, ignore_errors=True)
        (site / "xx").mkdir(parents=True)
        shutil.copy(example / "by" / "index.html", site / "xx" / "index.html")
        shutil.copytree(example / "by" / "assets", site / "xx" / "assets")

        started = time.perf_counter()
        stats = write_site_index(docs, glossary, site / "xx")
        print(f"site index: {stats.terms} terms in {stats.term_shards} shards, "
              f"{stats.doc_chunks} display chunks, {stats.bytes_total / 1e6:.1f} MB in all, "
              f"written in {time.perf_counter() - started:.1f} s")

        if args.terminal:
            started = time.perf_counter()
            build_index(docs, glossary, work / "whoosh")
            print(f"terminal index (whoosh) built in {time.perf_counter() - started:.1f} s")
            with TerminalSearch(work / "whoosh") as search:
                started = time.perf_counter()
                for query in QUERIES:
                    search.search(query)
                per_query = (time.perf_counter() - started) * 1000 / len(QUERIES)
                print(f"terminal search: {per_query:.0f} ms per query")
        show(site, QUERIES)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
