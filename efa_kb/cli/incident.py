"""``efa-kb incident``: scaffold, resolve and publish incident notices."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from efa_kb.cli.output import Failure, FullHelpGroup
from efa_kb.model.incidents import IncidentSeverity, IncidentStatus


def _time(value: str | None) -> datetime:
    from efa_kb.load.values import now, parse_datetime

    if value is None:
        return now().replace(second=0, microsecond=0)
    try:
        return parse_datetime(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' ist kein Datum mit Uhrzeit wie 2026-11-28 09:15") from None


@click.group(cls=FullHelpGroup)
def incident() -> None:
    """Störungsmeldungen: anlegen (new), beheben (resolve), veröffentlichen (publish) ohne vollständigen Build."""


@incident.command()
@click.option("--service", "services", multiple=True, required=True, help="ID einer betroffenen Leistung (wiederholbar).")
@click.option("--severity", required=True, type=click.Choice([s.value for s in IncidentSeverity]),
              help="Wie schwer die Störung ist.")
@click.option("--status", type=click.Choice([s.value for s in IncidentStatus]), default=None,
              help="Standard: scheduled bei einer Wartung, sonst investigating.")
@click.option("--start", default=None, help="Beginn, z. B. '2026-11-28 09:15' (Standard: jetzt).")
@click.option("--end", default=None, help="Geplantes Ende einer Wartung.")
@click.option("--state", "states", multiple=True, help="Nur dieses Land ist betroffen (wiederholbar; Standard: alle, die die Leistung anbieten).")
@click.option("--workaround", default="", help="Ein Satz für die Agents.")
@click.argument("title")
@click.pass_obj
def new(root: Path, services: tuple[str, ...], severity: str, status: str | None, start: str | None,
        end: str | None, states: tuple[str, ...], workaround: str, title: str) -> None:
    """Legt content/incidents/<date>-<slug>.md für TITLE an."""
    from efa_kb.commands.incidents import NewIncident, create_incident

    notice = NewIncident(
        title=title, services=services, severity=IncidentSeverity(severity),
        status=IncidentStatus(status) if status else None, start=_time(start),
        end=_time(end) if end else None, states=tuple(s.lower() for s in states) or None, workaround=workaround,
    )
    path = create_incident(root, notice)
    click.echo(path.relative_to(root).as_posix())


@incident.command()
@click.argument("ident", metavar="ID")
@click.option("--at", default=None, help="Ende (Standard: jetzt), z. B. '2026-11-29 09:20'.")
@click.option("-m", "--message", default="", help="Eine datierte Aktualisierung mit diesem Text hinzufügen.")
@click.pass_obj
def resolve(root: Path, ident: str, at: str | None, message: str) -> None:
    """Markiert die Störungsmeldung ID (incidents/<stem> oder <stem>) als behoben, mit Ende jetzt."""
    from efa_kb.commands.incidents import resolve_incident

    path, changed = resolve_incident(root, ident, _time(at), message)
    name = path.relative_to(root).as_posix()
    click.echo(f"{name}: behoben" if changed else f"{name}: war bereits behoben, nichts geändert")


@incident.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Die gebauten Websites (Standard: <root>/site).")
@click.option("--state", "states", multiple=True, help="Nur dieses Land (wiederholbar).")
@click.option("--all", "force", is_flag=True, help="Die Störungsseiten auch dort erzeugen, wo sich nichts geändert hat.")
@click.pass_obj
def publish(root: Path, out: Path | None, states: tuple[str, ...], force: bool) -> None:
    """Aktualisiert Störungsseiten, Feeds und active.json der gebauten Websites ohne vollständigen Build."""
    from efa_kb.cli.output import print_problems
    from efa_kb.commands.publish_incidents import publish_incidents

    report = publish_incidents(root, out or root / "site", list(states) or None, force=force,
                               progress=lambda m: click.echo(m, err=True))
    print_problems([p for p in report.problems.warnings if p.path.startswith("content/incidents/")])
    for code, messages in report.messages.items():
        for message in messages:
            click.secho(f"[{code}] {message}", fg="yellow", err=True)
    for code in report.written:
        for name in report.written[code]:
            click.echo(f"{code}/{name}")
        for name in report.removed[code]:
            click.echo(f"entfernt: {code}/{name}")
    if report.unbuilt:
        wanted = " ".join(f"--state {c}" for c in report.unbuilt)
        raise Failure(
            f"Keine gebaute Website für {', '.join(report.unbuilt)}: zuerst vollständig bauen (efa-kb build {wanted})."
        )
