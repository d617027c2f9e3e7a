"""How the command line shows problems, failures and its command list."""

from __future__ import annotations

import logging
from typing import IO, Any

import click

from efa_kb.cli.german import GermanGroup
from efa_kb.problems import Problem, Severity


def print_problems(problems: list[Problem]) -> None:
    """Problems sorted by file and line, errors red, warnings yellow, on stderr."""
    for problem in sorted(problems, key=lambda p: (p.path, p.line or 0)):
        colour = "red" if problem.severity is Severity.ERROR else "yellow"
        click.secho(str(problem), fg=colour, err=True)


class Failure(click.ClickException):
    """A command that failed for a reason already said in German: printed as is, exit 1.

    click's own ``ClickException`` would put the English "Error: " in front of it.
    """

    def show(self, file: IO[Any] | None = None) -> None:
        click.secho(self.format_message(), fg="red", err=True)


class FullHelpGroup(GermanGroup):
    """A group whose command list shows each command's first sentence in full.

    click cuts a summary to the width left beside the command's name ("Erstellt die
    Website jedes Landes (oder der..."); here it is wrapped onto further lines. Its help
    and usage errors are German (:class:`~efa_kb.cli.german.GermanGroup`).
    """

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=1000)))
        if rows:
            with formatter.section("Befehle"):
                formatter.write_dl(rows)


class _Plain(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        click.secho(record.getMessage(), fg="red" if record.levelno >= logging.ERROR else "yellow", err=True)


def show_plainly(logger: str) -> None:
    """Print ``logger``'s records as their bare message (German problem lines), coloured by level."""
    target = logging.getLogger(logger)
    target.addHandler(_Plain())
    target.propagate = False
