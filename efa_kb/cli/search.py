"""``efa-kb search`` and ``efa-kb eval-search``: the German search from the terminal."""

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
