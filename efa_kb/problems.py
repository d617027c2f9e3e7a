"""One error vocabulary for everything a knowledge-base repository can get wrong.

Every stage reports into a :class:`Problems` collection instead of raising, so a
single run names every mistake at once. The CLI prints them in German as
``path:line: Fehler [code]: message`` (or ``Warnung``) followed by ``Lösung: fix``;
path, line, severity and code are the stable part editors and tools search for.
Counts in messages go through :func:`counted`, so "1 Warnung" and "2 Warnungen" agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    """How bad a problem is: errors stop a build, warnings only with ``--strict``."""

    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        """The German word the CLI prints: ``Fehler`` or ``Warnung``."""
        return "Fehler" if self is Severity.ERROR else "Warnung"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input."""

    path: str
    """File the problem is in, relative to the repository root (POSIX separators)."""
    line: int | None
    """1-based line in that file, when known."""
    message: str
    """What is wrong: what was expected and what came in."""
    fix: str = ""
    """What the author should do about it."""
    severity: Severity = Severity.ERROR
    code: str = ""
    """Stable kebab-case name of the kind of problem (``review-overdue``), never translated."""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        kind = f"{self.severity.label} [{self.code}]" if self.code else self.severity.label
        text = f"{where}: {kind}: {self.message}"
        return f"{text}\n    Lösung: {self.fix}" if self.fix else text


@dataclass
class Problems:
    """Collects problems of one run, in the order they were found."""

    items: list[Problem] = field(default_factory=list)

    def error(self, path: str, line: int | None, message: str, fix: str = "", *, code: str) -> None:
        self.items.append(Problem(path, line, message, fix, Severity.ERROR, code))

    def warning(self, path: str, line: int | None, message: str, fix: str = "", *, code: str) -> None:
        self.items.append(Problem(path, line, message, fix, Severity.WARNING, code))

    def extend(self, other: Problems) -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.WARNING]

    def only(self, keep: Callable[[Problem], bool]) -> Problems:
        """The problems ``keep`` accepts, in the same order."""
        return Problems([p for p in self.items if keep(p)])

    def summary(self, states: int, strict: bool = False) -> str:
        """The closing line of a check: "0 Fehler, 1 Warnung in 3 Ländern.", and, when only
        warnings fail it (``--strict``), that they did."""
        errors, warnings = len(self.errors), len(self.warnings)
        line = (f"{counted(errors, 'Fehler', 'Fehler')}, {counted(warnings, 'Warnung', 'Warnungen')} "
                f"in {counted(states, 'Land', 'Ländern')}.")
        if strict and warnings and not errors:
            line += " Fehlgeschlagen wegen --strict: Warnungen zählen wie Fehler."
        return line

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


class ContentError(Exception):
    """The one exception for everything a user must fix: carries every problem found.

    ``headline`` is a one-line German summary the CLI prints after the problems
    ("Build abgebrochen: …"); the CLI handles this exception in one place.
    """

    def __init__(self, problems: Problems | list[Problem], headline: str = ""):
        items = problems.items if isinstance(problems, Problems) else list(problems)
        self.problems = items
        self.headline = headline
        super().__init__("\n".join([*(str(p) for p in items), *([headline] if headline else [])]))

    @classmethod
    def single(cls, path: str, line: int | None, message: str, fix: str = "", code: str = "") -> ContentError:
        """An error about one thing (a command's argument, one file)."""
        return cls([Problem(path, line, message, fix, Severity.ERROR, code)])


def counted(number: int, singular: str, plural: str) -> str:
    """``number`` with its noun in the right grammatical number: "1 Warnung", "0 Warnungen"."""
    return f"{number} {singular if number == 1 else plural}"
