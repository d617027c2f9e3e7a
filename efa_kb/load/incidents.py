"""Reading incident notices below ``content/incidents/``.

Each notice's published and updated times come from git: the first and the last
commit of its file, read with one ``git log`` for all of them (a dated update
written after the last commit counts too). Without history they come from the
front matter: published at the earlier of start and the first update, updated
at the latest of that, the newest update and, once resolved, the end.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from efa_kb.load.files import markdown_files, read_markdown, rel
from efa_kb.load.git import FileHistory, file_histories
from efa_kb.load.markdown import split_sections
from efa_kb.load.schema import Context, read_mapping
from efa_kb.load.schemas import INCIDENT
from efa_kb.load.values import parse_datetime
from efa_kb.model.incidents import Incident, IncidentSeverity, IncidentStatus, IncidentUpdate
from efa_kb.problems import Problems

STEM = re.compile(r"\d{4}-\d{2}-\d{2}-[a-z0-9][a-z0-9-]*")
FOLDER = "content/incidents"


def load_incidents(root: Path, problems: Problems) -> dict[str, Incident]:
    """Every valid incident notice by id, with its published and updated times."""
    incidents: dict[str, Incident] = {}
    files = markdown_files(root / FOLDER)
    histories = file_histories(root, FOLDER) if files else {}
    for path in files:
        incident = read_incident(root, path, problems)
        if incident:
            incidents[incident.id] = with_times(incident, histories.get(incident.path))
    return incidents


def with_times(incident: Incident, history: FileHistory | None) -> Incident:
    """``incident`` with published/updated from its git history, else from its front matter."""
    if history:
        # an update written after the last commit (publishing before committing) still counts
        published, updated = history.first, max([history.last, *(u.at for u in incident.updates)])
    else:
        published = min([incident.start, *(u.at for u in incident.updates)])
        ends = [incident.end] if incident.end and incident.status is IncidentStatus.RESOLVED else []
        updated = max([published, *(u.at for u in incident.updates), *ends])
    return replace(incident, published=_seconds(published), updated=_seconds(updated))


def _seconds(value: datetime) -> datetime:
    return value.replace(microsecond=0)


def read_incident(root: Path, path: Path, problems: Problems) -> Incident | None:
    name = rel(root, path)
    if not STEM.fullmatch(path.stem):
        problems.error(name, None, f"Der Dateiname '{path.name}' hat nicht die Form <JJJJ-MM-TT>-<name>.md",
                       "Benennen Sie die Datei um, etwa 2026-11-28-upload-gestoert.md (oder nutzen Sie "
                       "'efa-kb incident new')", code="incident-file-name")
        return None
    source = read_markdown(root, path, problems)
    if source is None:
        return None
    ctx = Context(name, problems)
    before = len(problems.errors)
    data = read_mapping(source.meta, INCIDENT, ctx)
    services = tuple(data.get("services") or ())
    if data.get("service"):
        services = (data["service"], *services)
    if not services and "service" not in source.meta and "services" not in source.meta:
        ctx.error(source.meta.line, "Die Störung nennt keinen Dienst", "Ergänzen Sie service: <id> oder services: [<id>, …]",
                  code="missing-key")
    start, end = data.get("start"), data.get("end")
    if start and end and end < start:
        ctx.error(source.meta.line_of("end"), f"Das Ende {end:%Y-%m-%d %H:%M} liegt vor dem Beginn {start:%Y-%m-%d %H:%M}",
                  "Korrigieren Sie start oder end", code="end-before-start")
    details, updates = _split_updates(source.body, source.body_line, ctx)
    if len(problems.errors) > before or not start or "title" not in data:
        return None
    return Incident(
        id=f"incidents/{path.stem}", title=data["title"], path=name, services=services,
        status=IncidentStatus(data["status"]), severity=IncidentSeverity(data["severity"]),
        start=start, end=end, states=tuple(data["states"]) if data.get("states") is not None else None,
        workaround=data.get("workaround") or "", details=details,
        updates=tuple(sorted(updates, key=lambda u: u.at, reverse=True)),
        key_lines=tuple(sorted(source.meta.key_lines.items())),
    )


def _split_updates(body: str, first_line: int, ctx: Context) -> tuple[str, list[IncidentUpdate]]:
    """Details before the first ``###`` heading, then one update per dated heading."""
    details, sections = split_sections(body, first_line, level=3)
    result = []
    for section in sections:
        try:
            at = parse_datetime(section.heading)
        except ValueError:
            ctx.error(section.line, f"Die Update-Überschrift '{section.heading}' ist kein Datum mit Uhrzeit",
                      "Schreiben Sie '### 2026-11-28 09:15' oder '### 28.11.2026, 09:15'", code="update-heading")
            continue
        result.append(IncidentUpdate(at, section.text))
    return details, result
