"""The ``efa-kb`` command line: click only, each command a few lines that call the library.

Every user-facing error arrives as a :class:`ContentError` and is printed in one
place (:class:`KbGroup`) as ``path:line: Fehler [code]: message`` plus ``Lösung:``,
then exit 1; no command catches it itself. Everything printed for people is German.
"""

from __future__ import annotations

import logging
import signal
import sys
from pathlib import Path

import click

from efa_kb.cli.incident import incident
from efa_kb.cli.output import Failure, FullHelpGroup, print_problems
from efa_kb.cli.overlay import overlay
from efa_kb.cli.search import eval_search, report, search
from efa_kb.model.content import ArticleKind
from efa_kb.problems import ContentError


class KbGroup(FullHelpGroup):
    """Turns content errors of any command into ``path:line: message`` lines and exit 1."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ContentError as exc:
            print_problems(exc.problems)
            if exc.headline:
                click.secho(exc.headline, fg="red", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.secho("Abgebrochen; veröffentlichte Seiten sind unverändert oder vollständig.", fg="red", err=True)
            ctx.exit(130)


@click.group(cls=KbGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
              help="Das Repository der Wissensdatenbank (der Ordner mit content/).")
@click.option("-v", "--verbose", is_flag=True, help="Debug-Meldungen anzeigen.")
@click.pass_context
def main(ctx: click.Context, root: Path, verbose: bool) -> None:
    """Baut aus den Inhalten eines EfA-Betreibers je Bundesland eine durchsuchbare Wissensdatenbank-Website."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, format="%(levelname)s: %(message)s")
    # SIGTERM (a CI timeout, systemd) unwinds like Ctrl-C, so staging is removed and workers stop.
    signal.signal(signal.SIGTERM, _interrupt)
    ctx.obj = root.resolve()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@main.command()
@click.option("--state", "states", multiple=True, help="Nur dieses Land prüfen (wiederholbar).")
@click.option("--strict", is_flag=True, help="Auch bei Warnungen fehlschlagen.")
@click.option("--format", "report_format", type=click.Choice(["text", "codequality"]), default="text",
              show_default=True, help="codequality: zusätzlich einen GitLab-Code-Quality-Bericht (JSON) schreiben.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Datei für den codequality-Bericht (Standard: Standardausgabe).")
@click.pass_obj
def check(root: Path, states: tuple[str, ...], strict: bool, report_format: str, output: Path | None) -> None:
    """Prüft das Repository; Exit-Code 1 bei Fehlern (mit --strict auch bei Warnungen)."""
    from efa_kb.pipeline import load_and_check

    _kb, views, problems = load_and_check(root, list(states) or None)
    print_problems(problems.items)
    if report_format == "codequality":
        from efa_kb.commands.codequality import code_quality

        report = code_quality(problems.items)
        if output is None:
            click.echo(report, nl=False)
        else:
            output.write_text(report, encoding="utf-8")
    click.echo(problems.summary(len(views), strict), err=True)
    if problems.errors or (strict and problems.warnings):
        sys.exit(1)


@main.command()
@click.option("--state", "states", multiple=True, help="Nur dieses Land bauen (wiederholbar).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Ausgabeordner (Standard: <root>/site).")
@click.option("--strict", is_flag=True, help="Auch bei Warnungen fehlschlagen.")
@click.option("--jobs", type=int, default=None, help="Parallele MkDocs-Builds (Standard: Anzahl der CPU-Kerne).")
@click.option("--wait", is_flag=True, help="Schreibt gerade ein anderer Build nach OUT, auf ihn warten statt abzubrechen.")
@click.pass_obj
def build(root: Path, states: tuple[str, ...], out: Path | None, strict: bool, jobs: int | None, wait: bool) -> None:
    """Baut die Website jedes Landes (oder der angegebenen) nach OUT/<state>/."""
    from efa_kb.pipeline import build_sites

    report = build_sites(root, out or root / "site", list(states) or None, strict=strict,
                         progress=lambda m: click.echo(m, err=True), jobs=jobs, wait=wait)
    print_problems(report.problems.warnings)
    for code, messages in report.failed.items():
        for message in messages:
            click.secho(f"[{code}] {message}", fg="red", err=True)
    if report.failed:
        raise Failure(
            f"Build fehlgeschlagen für: {', '.join(report.failed)}; deren bisher veröffentlichte Seiten bleiben unverändert."
        )
    click.echo(f"Gebaut: {', '.join(report.built)}", err=True)


@main.command()
@click.option("--state", required=True, help="Das Land, dessen Website die Vorschau zeigt.")
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Adresse der Vorschau.")
@click.pass_obj
def serve(root: Path, state: str, dev_addr: str) -> None:
    """Zeigt die Website eines Landes als Vorschau; ändern sich Inhalte, werden die Seiten neu erzeugt."""
    from efa_kb.cli.output import show_plainly
    from efa_kb.commands.serve import PROBLEMS_LOGGER, serve_state

    show_plainly(PROBLEMS_LOGGER)
    serve_state(root, state, dev_addr, announce=lambda line: click.echo(line, err=True))


@main.command()
@click.option("--state", required=True, help="Das Land, dessen vorherige Website wieder veröffentlicht wird.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Ausgabeordner (Standard: <root>/site).")
@click.pass_obj
def rollback(root: Path, state: str, out: Path | None) -> None:
    """Veröffentlicht sofort wieder die vorherige Website des Landes (die aktuelle bleibt als Fassung erhalten)."""
    from efa_kb.build.publish import output_lock
    from efa_kb.build.publish import rollback as roll_back

    folder = (out or root / "site").resolve()
    with output_lock(folder):
        version = roll_back(folder, state.lower())
    click.echo(f"{state.lower()}: Fassung {version} ist wieder veröffentlicht.", err=True)


@main.command()
@click.argument("revisions")
@click.option("--json", "as_json", is_flag=True,
              help='{"revisions", "states", "all"} als JSON ausgeben (für einen CI-Job, der je Land einen Build startet).')
@click.pass_obj
def affected(root: Path, revisions: str, as_json: bool) -> None:
    """Listet die Länder, die ein git-Revisionsbereich (etwa HEAD~1..HEAD) betrifft, eines je Zeile."""
    from efa_kb.commands.affected import affected as affected_by
    from efa_kb.commands.affected import affected_json

    codes = affected_by(root, revisions)
    if as_json:
        click.echo(affected_json(root, revisions, codes))
        return
    for code in codes:
        click.echo(code)


@main.command("list")
@click.option("--state", "states", multiple=True,
              help="Auflisten, was die Website dieses Landes zeigt (wiederholbar); ohne die Option die Basisartikel.")
@click.option("--kind", type=click.Choice([k.value for k in ArticleKind]), default=None, help="Nur Artikel dieser Art.")
@click.option("--json", "as_json", is_flag=True, help="JSON ausgeben (id, title, kind, path, origin).")
@click.pass_obj
def list_articles(root: Path, states: tuple[str, ...], kind: str | None, as_json: bool) -> None:
    """Listet die Artikel-IDs mit ihren Titeln; die ID ist die Adresse der Seite und der Pfad eines Overlays."""
    from efa_kb.commands.listing import list_output

    click.echo(list_output(root, list(states), ArticleKind(kind) if kind else None, as_json), nl=False)


@main.command()
@click.option("--state", required=True, help="Das Land, dessen Inhalt ausgegeben wird.")
@click.pass_obj
def export(root: Path, state: str) -> None:
    """Gibt den zusammengeführten Inhalt eines Landes (Artikel mit Herkunft, Störungsmeldungen, Routing) als JSON aus."""
    from efa_kb.commands.export import export_state
    from efa_kb.pipeline import load_checked

    _kb, views, _problems = load_checked(root, [state])
    click.echo(export_state(views[state.lower()]))


main.add_command(overlay)
main.add_command(incident)
main.add_command(search)
main.add_command(eval_search)
main.add_command(report)


def run() -> None:
    main(prog_name="efa-kb")
