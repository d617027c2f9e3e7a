"""click's own words in German: the help's headings and extras, the usage line, usage errors.

click marks its strings for gettext, but takes the language from the environment
(``LANGUAGE``/``LANG``), which a CI runner or a hotline PC sets to anything. So the
command line says them in German itself, through click's extension points: a formatter
(``Aufruf:``, section headings), the help option's text, the option extras
(``[Standard: …]``), and :class:`GermanUsageError`, which every usage error of a command
becomes before click prints it. Messages click builds inside its types and parser are
looked up in :data:`CATALOG` by click's own English template; one that is missing stays
English rather than wrong (``tests/test_help.py`` checks that every template still is
click's).
"""

from __future__ import annotations

import re
from typing import IO, Any

import click

HELP_TEXT = "Diese Hilfe anzeigen und beenden."

HEADINGS = {"Options": "Optionen", "Commands": "Befehle", "Positional arguments": "Argumente"}

CATALOG = {
    "Missing command.": "Befehl fehlt.",
    "{value!r} is not {choice}.": "{value} ist nicht {choice}.",
    "{value!r} is not one of {choices}.": "{value} ist keiner der Werte {choices}.",
    "{value!r} is not a valid {number_type}.": "{value} ist keine gültige {number_type}.",
    "{value} is not in the range {range}.": "{value} liegt nicht im Bereich {range}.",
    "{name} {filename!r} does not exist.": "{name} {filename} existiert nicht.",
    "{name} {filename!r} is a file.": "{name} {filename} ist eine Datei.",
    "{name} {filename!r} is a directory.": "{name} {filename} ist ein Ordner.",
    "Option {name!r} requires an argument.": "Option {name} braucht einen Wert.",
    "Option {name!r} requires {nargs} arguments.": "Option {name} braucht {nargs} Werte.",
    "Option {name!r} does not take a value.": "Option {name} nimmt keinen Wert.",
    "Got unexpected extra argument ({args})": "Unerwartetes zusätzliches Argument ({args})",
    "Got unexpected extra arguments ({args})": "Unerwartete zusätzliche Argumente ({args})",
    "Choose from:\n\t{choices}": "Wählen Sie aus:\n\t{choices}",
    "Could not open file {filename!r}: {message}": "Datei {filename} lässt sich nicht öffnen: {message}",
}
"""click's English message templates (its gettext msgids) and their German."""

WORDS = {"File": "Datei", "Directory": "Ordner", "Path": "Pfad", "integer": "ganze Zahl", "float": "Kommazahl",
         "integer range": "ganze Zahl", "float range": "Kommazahl"}
"""Words click puts into its templates (a path's kind, a number type)."""


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)(?:![rs])?\}", template)
    regex = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts))
    return re.compile(regex + r"\Z", re.DOTALL)


_PATTERNS = [
    (_pattern(english), german)
    # The most literal text first, so "{value!r} is not {choice}." does not take "… is not one of …".
    for english, german in sorted(CATALOG.items(), key=lambda item: -len(re.sub(r"\{[^}]*\}", "", item[0])))
]


def translate(message: str) -> str:
    """click's English ``message`` in German, by the template it was made from; else unchanged."""
    for pattern, german in _PATTERNS:
        match = pattern.match(message)
        if match:
            values = {key: WORDS.get(value, value) for key, value in match.groupdict().items()}
            return german.format(**values)
    return message


def _did_you_mean(possibilities: list[str] | None) -> str:
    if not possibilities:
        return ""
    return " Meinten Sie " + " oder ".join(f"'{p}'" for p in possibilities) + "?"


def german_message(error: click.UsageError) -> str:
    """The German text of one of click's usage errors (what follows ``Fehler: ``)."""
    ctx = error.ctx
    if isinstance(error, click.MissingParameter):
        kind = error.param_type or (error.param.param_type_name if error.param else "parameter")
        hint = f" {error.param_hint or (error.param.get_error_hint(ctx) if error.param and ctx else '')}".rstrip()
        noun = {"argument": "Fehlendes Argument", "option": "Fehlende Option"}.get(kind, "Fehlender Parameter")
        extra = error.param.type.get_missing_message(param=error.param, ctx=ctx) if error.param else None
        return f"{noun}{hint}." + (f" {translate(extra)}" if extra else "")
    if isinstance(error, click.NoSuchOption):
        return f"Unbekannte Option '{error.option_name}'.{_did_you_mean(error.possibilities)}"
    if isinstance(error, click.exceptions.NoSuchCommand):
        return f"Unbekannter Befehl '{error.command_name}'.{_did_you_mean(error.possibilities)}"
    if isinstance(error, click.BadParameter):
        names = error.param_hint
        if names is None and error.param is not None and ctx is not None:
            names = error.param.get_error_hint(ctx)
        hint_text = names if isinstance(names, str) else " / ".join(f"'{n}'" for n in names or [])
        message = translate(error.message)
        return f"Ungültiger Wert für {hint_text}: {message}" if hint_text else f"Ungültiger Wert: {message}"
    return translate(error.message)


class GermanUsageError(click.UsageError):
    """A usage error said in German: usage line, where the help is, ``Fehler: …``; exit 2."""

    def show(self, file: IO[Any] | None = None) -> None:
        if self.ctx is not None:
            click.echo(self.ctx.get_usage(), err=True, color=self.ctx.color)
            names = self.ctx.command.get_help_option_names(self.ctx)
            if self.ctx.command.get_help_option(self.ctx) is not None and names:
                click.echo(f"Hilfe: '{self.ctx.command_path} {max(names, key=len)}'", err=True)
            click.echo("", err=True)
        click.echo(f"Fehler: {self.format_message()}", err=True, color=self.ctx.color if self.ctx else None)


def in_german(error: click.UsageError) -> click.UsageError:
    """``error`` as a :class:`GermanUsageError` (unchanged if it is one, or the help itself)."""
    if isinstance(error, (GermanUsageError, click.exceptions.NoArgsIsHelpError)):
        return error
    return GermanUsageError(german_message(error), error.ctx)


class GermanFormatter(click.HelpFormatter):
    """``Aufruf:`` before the usage line and German section headings."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "Aufruf: " if prefix is None else prefix)

    def section(self, name: str) -> Any:
        return super().section(HEADINGS.get(name, name))


class GermanContext(click.Context):
    formatter_class = GermanFormatter


class GermanCommandMixin:
    """For commands and groups: German help option and option extras, German usage errors."""

    context_class: type[click.Context] = GermanContext

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_TEXT
        return option

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = param.get_help_record(ctx)
            if record is None or isinstance(param, click.Argument):
                continue
            if isinstance(param, click.Option):
                record = (record[0], _option_help(param, ctx))
            rows.append(record)
        if rows:
            with formatter.section("Optionen"):
                formatter.write_dl(rows)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc]
        except click.UsageError as error:
            raise in_german(error) from None


def _option_help(option: click.Option, ctx: click.Context) -> str:
    extra = option.get_help_extra(ctx)
    items = []
    if "envvars" in extra:
        items.append(f"Umgebungsvariable: {', '.join(extra['envvars'])}")
    if "default" in extra:
        items.append(f"Standard: {extra['default']}")
    if "range" in extra:
        items.append(extra["range"])
    if "required" in extra:
        items.append("erforderlich")
    text = option.help or ""
    if items:
        text = f"{text}  [{'; '.join(items)}]" if text else f"[{'; '.join(items)}]"
    return text


class GermanCommand(GermanCommandMixin, click.Command):
    """A command whose help and usage errors are German."""


class GermanGroup(GermanCommandMixin, click.Group):
    """A group whose help and usage errors are German, as are its commands'."""

    command_class = GermanCommand

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as error:
            raise in_german(error) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as error:
            raise in_german(error) from None
