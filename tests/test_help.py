"""``--help`` and click's usage errors in German, word for word; command and option names stay."""

from __future__ import annotations

import inspect
import re

import click
import click.core
import click.exceptions
import click.parser
import click.types
from click.testing import CliRunner

from efa_kb.cli import main
from efa_kb.cli.german import CATALOG, translate


def invoke(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args), terminal_width=80, prog_name="efa-kb")


def test_main_help_is_german():
    done = invoke("--help")
    assert done.exit_code == 0
    lines = done.output.splitlines()
    assert lines[0] == "Aufruf: efa-kb [OPTIONS] COMMAND [ARGS]..."
    assert "Optionen:" in lines and "Befehle:" in lines
    assert "  -h, --help        Diese Hilfe anzeigen und beenden." in lines
    assert "  -v, --verbose     Debug-Meldungen anzeigen." in lines
    assert "content/).  [Standard: .]" in done.output
    for english in ("Usage:", "Options:", "Commands:", "Show this message", "default:"):
        assert english not in done.output


def test_a_commands_help_is_german():
    done = invoke("serve", "--help")
    assert done.exit_code == 0
    assert done.output == (
        "Aufruf: efa-kb serve [OPTIONS]\n"
        "\n"
        "  Zeigt die Website eines Landes als Vorschau; ändern sich Inhalte, werden die\n"
        "  Seiten neu erzeugt.\n"
        "\n"
        "Optionen:\n"
        "  --state TEXT     Das Land, dessen Website die Vorschau zeigt.  [erforderlich]\n"
        "  --dev-addr TEXT  Adresse der Vorschau.  [Standard: 127.0.0.1:8000]\n"
        "  -h, --help       Diese Hilfe anzeigen und beenden.\n"
    )


def test_a_missing_option_is_said_in_german():
    done = invoke("serve")
    assert done.exit_code == 2
    assert done.stderr == (
        "Aufruf: efa-kb serve [OPTIONS]\n"
        "Hilfe: 'efa-kb serve --help'\n"
        "\n"
        "Fehler: Fehlende Option '--state'.\n"
    )


def test_an_unknown_command_is_said_in_german():
    done = invoke("bild")
    assert done.exit_code == 2
    assert done.stderr == (
        "Aufruf: efa-kb [OPTIONS] COMMAND [ARGS]...\n"
        "Hilfe: 'efa-kb --help'\n"
        "\n"
        "Fehler: Unbekannter Befehl 'bild'. Meinten Sie 'build'?\n"
    )


def test_unknown_options_and_bad_values_of_subcommands_are_german():
    assert invoke("check", "--stat").stderr.splitlines()[-1] == (
        "Fehler: Unbekannte Option '--stat'. Meinten Sie '--state' oder '--strict'?"
    )
    assert invoke("--nope").stderr.splitlines()[-1] == "Fehler: Unbekannte Option '--nope'."
    assert invoke("check", "--format", "x").stderr.splitlines()[-1] == (
        "Fehler: Ungültiger Wert für '--format': 'x' ist keiner der Werte 'text', 'codequality'."
    )
    assert invoke("report", "--top", "0", "x.log").stderr.splitlines()[-1] == (
        "Fehler: Ungültiger Wert für '--top': 0 liegt nicht im Bereich x>=1."
    )
    assert invoke("overlay", "pin", "--state").stderr.splitlines()[-1] == "Fehler: Option '--state' braucht einen Wert."
    assert invoke("affected").stderr.splitlines()[-1] == "Fehler: Fehlendes Argument 'REVISIONS'."


def test_a_group_without_command_shows_its_help():
    done = invoke("incident")
    assert done.exit_code == 2
    assert done.stderr.startswith("Aufruf: efa-kb incident [OPTIONS] COMMAND [ARGS]...\n\n  Störungsmeldungen:")
    assert "Fehler" not in done.stderr


def test_every_command_and_option_has_german_help():
    def commands(group: click.Group, path: str):
        for name, command in group.commands.items():
            yield f"{path} {name}", command
            if isinstance(command, click.Group):
                yield from commands(command, f"{path} {name}")

    for path, command in commands(main, "efa-kb"):
        text = invoke(*path.split()[1:], "--help").output
        assert text.startswith(f"Aufruf: {path} "), text
        assert "Optionen:" in text and "Options:" not in text and "[default" not in text, text
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"{path} {param.opts[0]} has no help"


def test_every_catalog_template_is_still_one_of_clicks():
    source = "".join(inspect.getsource(m) for m in (click.core, click.exceptions, click.parser, click.types))
    for english in CATALOG:
        assert repr(english).strip("'\"") in source or english in source, english
    assert translate("'x' is not one of 'a', 'b'.") == "'x' ist keiner der Werte 'a', 'b'."
    assert translate("something else") == "something else"
    assert re.fullmatch(r"Datei 'a' existiert nicht\.", translate("File 'a' does not exist."))
