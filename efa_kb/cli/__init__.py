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
              help="The knowledge-base repository (the folder holding content/).")
@click.option("-v", "--verbose", is_flag=True, help="Show debug messages.")
@click.pass_context
def main(ctx: click.Context, root: Path, verbose: bool) -> None:
    """Build one searchable knowledge-base site per federal state from an EfA operator's content."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, format="%(levelname)s: %(message)s")
    # SIGTERM (a CI timeout, systemd) unwinds like Ctrl-C, so staging is removed and workers stop.
    signal.signal(signal.SIGTERM, _interrupt)
    ctx.obj = root.resolve()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@main.command()
@click.option("--state", "states", multiple=True, help="Check only this state (repeatable).")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--format", "report_format", type=click.Choice(["text", "codequality"]), default="text",
              show_default=True, help="codequality: also write a GitLab Code Quality report (JSON).")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File for the codequality report (default: standard output).")
@click.pass_obj
def check(root: Path, states: tuple[str, ...], strict: bool, report_format: str, output: Path | None) -> None:
    """Validate the repository; exit 1 on errors (and on warnings with --strict)."""
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
@click.option("--state", "states", multiple=True, help="Build only this state (repeatable).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: <root>/site).")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--jobs", type=int, default=None, help="Parallel MkDocs builds (default: CPU count).")
@click.option("--wait", is_flag=True, help="If another build writes to OUT, wait for it instead of stopping.")
@click.pass_obj
def build(root: Path, states: tuple[str, ...], out: Path | None, strict: bool, jobs: int | None, wait: bool) -> None:
    """Build every state's site (or the given ones) into OUT/<state>/."""
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
@click.option("--state", required=True, help="The state to preview.")
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@click.pass_obj
def serve(root: Path, state: str, dev_addr: str) -> None:
    """Preview one state's site; pages are regenerated when content changes."""
    from efa_kb.cli.output import show_plainly
    from efa_kb.commands.serve import PROBLEMS_LOGGER, serve_state

    show_plainly(PROBLEMS_LOGGER)
    serve_state(root, state, dev_addr, announce=lambda line: click.echo(line, err=True))


@main.command()
@click.option("--state", required=True, help="The state whose previous site is published again.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: <root>/site).")
@click.pass_obj
def rollback(root: Path, state: str, out: Path | None) -> None:
    """Publish the state's previous site again, at once (the current one is kept as a version)."""
    from efa_kb.build.publish import output_lock
    from efa_kb.build.publish import rollback as roll_back

    folder = (out or root / "site").resolve()
    with output_lock(folder):
        version = roll_back(folder, state.lower())
    click.echo(f"{state.lower()}: Fassung {version} ist wieder veröffentlicht.", err=True)


@main.command()
@click.argument("revisions")
@click.option("--json", "as_json", is_flag=True,
              help='Print {"revisions", "states", "all"} as JSON (for a CI job that starts one build per state).')
@click.pass_obj
def affected(root: Path, revisions: str, as_json: bool) -> None:
    """List the states a git revision range (such as HEAD~1..HEAD) affects, one per line."""
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
              help="List what this state's site shows (repeatable); without it, the base articles.")
@click.option("--kind", type=click.Choice([k.value for k in ArticleKind]), default=None, help="Only this kind.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (id, title, kind, path, origin).")
@click.pass_obj
def list_articles(root: Path, states: tuple[str, ...], kind: str | None, as_json: bool) -> None:
    """List article ids with their titles: the id is the page address and an overlay's path."""
    from efa_kb.commands.listing import list_output

    click.echo(list_output(root, list(states), ArticleKind(kind) if kind else None, as_json), nl=False)


@main.command()
@click.option("--state", required=True, help="The state to export.")
@click.pass_obj
def export(root: Path, state: str) -> None:
    """Print one state's merged content (articles with provenance, incidents, routing) as JSON."""
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
