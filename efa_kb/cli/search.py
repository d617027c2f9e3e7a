"""``efa-kb search``, ``efa-kb eval-search`` and ``efa-kb report``: the German search from the
terminal, its measured quality, and what agents searched for on the sites."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

import click

from efa_kb.cli.german import GermanCommand


@click.command(cls=GermanCommand)
@click.option("--state", required=True, help="Das Land, dessen Suchindex durchsucht wird.")
@click.option("--json", "as_json", is_flag=True,
              help="Je Suchanfrage eine JSON-Zeile: query, results (id, title, url, score, kind, service, "
                   "short_answer, municipality).")
@click.option("--batch", type=click.File("r", encoding="utf-8"), default=None,
              help="Eine Datei mit einer Suchanfrage je Zeile ('-' für die Standardeingabe); je Anfrage eine Ergebniszeile.")
@click.option("--limit", type=int, default=10, show_default=True, help="Ergebnisse je Suchanfrage.")
@click.argument("query", nargs=-1)
@click.pass_obj
def search(root: Path, state: str, as_json: bool, batch: TextIO | None, limit: int, query: tuple[str, ...]) -> None:
    """Durchsucht die Wissensdatenbank eines Landes; der Index wird einmal gebaut und wiederverwendet."""
    from efa_kb.commands.search import open_state_search
    from efa_kb.index.query import batch_lines, search_lines

    if not batch and not query:
        raise click.UsageError("Geben Sie eine Suchanfrage (QUERY) oder --batch FILE an.")
    engine = open_state_search(root, state)
    lines = batch_lines(engine, batch, as_json, limit) if batch else search_lines(engine, " ".join(query), as_json, limit)
    for line in lines:
        click.echo(line)


@click.command("eval-search", cls=GermanCommand)
@click.argument("queries", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--site", "site_root", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Gebaute Websites (<dir>/<state>/), um auch die Suche der Website in Headless-Chromium zu bewerten.")
@click.pass_obj
def eval_search(root: Path, queries: Path, site_root: Path | None) -> None:
    """Berechnet Recall@1, Recall@3 und MRR je Art der Suchanfrage und insgesamt für QUERIES (YAML)."""
    from efa_kb.commands.search import run_eval

    for line in run_eval(root, queries, site_root):
        click.echo(line)


@click.command(cls=GermanCommand)
@click.option("--access-log", "access_logs", multiple=True, metavar="FILE",
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Ein Zugriffsprotokoll des Webservers (Format common oder combined, auch gzip-komprimiert); wiederholbar.")
@click.argument("more_logs", nargs=-1, metavar="[FILE]...",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--state", "states", multiple=True, help="Nur über dieses Land berichten (wiederholbar).")
@click.option("--format", "fmt", type=click.Choice(["markdown", "csv", "json"]), default="markdown",
              show_default=True, help="Ausgabeformat.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Den Bericht in diese Datei statt in die Standardausgabe schreiben.")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True,
              help="Suchanfragen je Liste.")
@click.option("--min-count", type=click.IntRange(min=1), default=2, show_default=True,
              help="Nur Suchanfragen, die in einer Woche mindestens so oft gestellt wurden (eine einmal getippte kann einen Namen enthalten).")
def report(access_logs: tuple[Path, ...], more_logs: tuple[Path, ...], states: tuple[str, ...], fmt: str,
           output: Path | None, top: int, min_count: int) -> None:
    """Berichtet aus den Zugriffsprotokollen der Webserver, wonach die Agents je Land und ISO-Woche gesucht haben.

    Häufigste Suchanfragen, Suchanfragen ohne Treffer, Suchanfragen, deren Treffer nicht geöffnet wurden."""
    from efa_kb.commands.report import report_text, write_report

    logs = access_logs + more_logs
    if not logs:
        raise click.UsageError("Geben Sie mindestens ein Zugriffsprotokoll an (--access-log FILE).")
    text = report_text(logs, states, fmt, top, min_count)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_report(text, output)
