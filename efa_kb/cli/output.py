"""How the command line shows problems."""

from __future__ import annotations

import click

from efa_kb.problems import Problem, Severity


def print_problems(problems: list[Problem]) -> None:
    """Problems sorted by file and line, errors red, warnings yellow, on stderr."""
    for problem in sorted(problems, key=lambda p: (p.path, p.line or 0)):
        colour = "red" if problem.severity is Severity.ERROR else "yellow"
        click.secho(str(problem), fg=colour, err=True)
