"""Side by side: efa-kb's site search against mkdocs-material's default search.

Builds every state of the query set twice from the same content: once as efa-kb
builds it, once with Material's built-in search plugin at its defaults (and
Material's own header with its search box). Then types every query of the set
into both in the same headless Chromium and prints recall@1, recall@3 and MRR
per kind and in total, plus the median time from the last keystroke to the
results.

    python bench/search_compare.py [--root .] [--queries tests/search/queries.yml]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from efa_kb.build.mkdocs_runner import build_one
from efa_kb.build.project_files import write_project
from efa_kb.index.browser import BrowserEngine, chromium, serve
from efa_kb.index.evaluate import EvalQuery, evaluate, load_queries, side_by_side
from efa_kb.index.query import view_documents
from efa_kb.index.site_index import write_site_index
from efa_kb.pipeline import load_and_check
from efa_kb.render.project import render_project


def build_variants(root: Path, states: list[str], out: Path) -> None:
    """``out/efa/<state>/`` as efa-kb builds it, ``out/material/<state>/`` with Material's search."""
    _, views, problems = load_and_check(root, states)
    if problems.errors:
        sys.exit("\n".join(str(p) for p in problems.errors))
    for code, view in views.items():
        project = render_project(view)
        for variant in ("efa", "material"):
            folder = out / "projects" / variant / code
            site = out / variant / code
            config = write_project(project, root, folder, site)
            if variant == "material":
                text = config.read_text("utf-8")
                assert "\nplugins:" not in text
                # Material's search plugin with all its defaults
                config.write_text(text + "plugins:\n- search\n", "utf-8")
                (folder / "theme" / "partials" / "header.html").unlink(missing_ok=True)
            result = build_one(config)
            if not result.ok:
                sys.exit(f"{variant}/{code}: " + "\n".join(result.messages))
            if variant == "efa":
                docs, glossary = view_documents(view)
                write_site_index(docs, glossary, site)


def timings(engine: BrowserEngine, queries: list[EvalQuery]) -> float:
    """Median ms from the last keystroke to the last change of the result list (in the page)."""
    values = []
    for query in queries:
        values.append(engine.timed(query.state, query.q).page_ms)
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("."))
    parser.add_argument("--queries", type=Path, default=Path("tests/search/queries.yml"))
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it")
    parser.add_argument("--misses", action="store_true", help="list the queries each engine missed")
    args = parser.parse_args()
    queries = load_queries(args.queries)
    states = sorted({q.state for q in queries})
    out = args.keep or Path(tempfile.mkdtemp(prefix="efa-search-compare-"))
    try:
        build_variants(args.root.resolve(), states, out)
        reports = []
        medians = []
        with serve(out) as (url, _), chromium() as browser:
            for variant, material in (("efa", False), ("material", True)):
                engine = BrowserEngine(browser, f"{url}{variant}/", material=material)
                name = "efa-kb" if variant == "efa" else "Material default"
                reports.append(evaluate(name, engine, queries))
                medians.append(timings(engine, queries[::5]))
                engine.close()
        print("\n".join(side_by_side(reports)))
        print(f"{'keystroke→results, median ms':<19}  " + "  ".join(f"{m:>20.0f}" for m in medians))
        if args.misses:
            for report in reports:
                for query, rank, top in report.misses:
                    print(f"{report.engine}: rank={rank} [{query.kind}] {query.state} "
                          f"'{query.q}' → {top[:1]}")
    finally:
        if not args.keep:
            shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
