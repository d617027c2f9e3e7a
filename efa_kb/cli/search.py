"""``efa-kb search``, ``efa-kb eval-search`` and ``efa-kb report``: the German search from the
terminal, its measured quality, and what agents searched for on the sites."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

import click


@click.command()
@click.option("--state", required=True, help="The state whose index is searched.")
@click.option("--json", "as_json", is_flag=True,
              help="One JSON line per query: query, results (id, title, url, score, kind, service, "
                   "short_answer, municipality).")
@click.option("--batch", type=click.File("r", encoding="utf-8"), default=None,
              help="A file with one query per line ('-' for standard input); one result line each.")
@click.option("--limit", type=int, default=10, show_default=True, help="Results per query.")
@click.argument("query", nargs=-1)
@click.pass_obj
def search(root: Path, state: str, as_json: bool, batch: TextIO | None, limit: int, query: tuple[str, ...]) -> None:
    """Search a state's knowledge base; the index is built once and reused."""
    from efa_kb.commands.search import open_state_search
    from efa_kb.index.query import batch_lines, search_lines

    if not batch and not query:
        raise click.UsageError("give a QUERY or --batch FILE")
    engine = open_state_search(root, state)
    lines = batch_lines(engine, batch, as_json, limit) if batch else search_lines(engine, " ".join(query), as_json, limit)
    for line in lines:
        click.echo(line)


@click.command("eval-search")
@click.argument("queries", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--site", "site_root", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Built sites (<dir>/<state>/) to evaluate the site search in headless Chromium too.")
@click.pass_obj
def eval_search(root: Path, queries: Path, site_root: Path | None) -> None:
    """Recall@1, recall@3 and MRR per query kind and in total for QUERIES (YAML)."""
    from efa_kb.commands.search import run_eval

    for line in run_eval(root, queries, site_root):
        click.echo(line)


@click.command()
@click.option("--access-log", "access_logs", multiple=True, metavar="FILE",
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A web server access log (common or combined format, gzip-compressed too); repeatable.")
@click.argument("more_logs", nargs=-1, metavar="[FILE]...",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--state", "states", multiple=True, help="Report only this state (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["markdown", "csv", "json"]), default="markdown",
              show_default=True, help="Output format.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the report to this file instead of standard output.")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True,
              help="Queries per list.")
@click.option("--min-count", type=click.IntRange(min=1), default=2, show_default=True,
              help="Only queries searched at least this often in a week (a query typed once may hold a name).")
def report(access_logs: tuple[Path, ...], more_logs: tuple[Path, ...], states: tuple[str, ...], fmt: str,
           output: Path | None, top: int, min_count: int) -> None:
    """What agents searched for, per state and ISO week, from the web servers' access logs:
    top queries, queries without results, queries whose results were not opened."""
    from efa_kb.commands.report import report_text, write_report

    logs = access_logs + more_logs
    if not logs:
        raise click.UsageError("give at least one --access-log FILE")
    text = report_text(logs, states, fmt, top, min_count)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_report(text, output)
