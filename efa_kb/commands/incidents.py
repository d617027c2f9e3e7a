"""Writing incident notices: scaffold a new one, resolve one.

A new notice gets the contract's name (``content/incidents/<yyyy-mm-dd>-<slug>.md``,
the date of its start) and fields. Resolving edits the front matter as text,
line by line, so the author's formatting, comments and key order stay as they
were: only the ``status`` and ``end`` lines change (``end`` is added after
``start`` when missing).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from efa_kb.load.content import load_services
from efa_kb.load.front_matter import compose, flow_list, quoted, set_keys
from efa_kb.load.incidents import FOLDER, read_incident
from efa_kb.load.states import load_states
from efa_kb.load.values import BERLIN
from efa_kb.model.incidents import Incident, IncidentSeverity, IncidentStatus
from efa_kb.problems import ContentError, Problems
from efa_kb.render.dates import author_time

_GERMAN = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue", "ẞ": "ss"}
SLUG_LIMIT = 50

@dataclass(frozen=True)
class NewIncident:
    """What ``efa-kb incident new`` is told about a notice."""

    title: str
    services: tuple[str, ...]
    severity: IncidentSeverity
    start: datetime
    status: IncidentStatus | None = None
    """None: ``scheduled`` for a maintenance, else ``investigating``."""
    end: datetime | None = None
    states: tuple[str, ...] | None = None
    workaround: str = ""


def slugify(title: str, limit: int = SLUG_LIMIT) -> str:
    """A file-name slug in German transliteration: ``Störung Größe`` → ``stoerung-groesse``."""
    text = "".join(_GERMAN.get(ch, ch) for ch in title)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] if "-" in slug[:limit] else slug[:limit]
    return slug or "stoerung"


def create_incident(root: Path, new: NewIncident) -> Path:
    """Write a new notice below ``content/incidents/``; returns its path."""
    _check_names(root, new)
    folder = root / FOLDER
    stem = f"{new.start.astimezone(BERLIN):%Y-%m-%d}-{slugify(new.title)}"
    path, number = folder / f"{stem}.md", 1
    while path.exists():
        number += 1
        path = folder / f"{stem}-{number}.md"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(incident_text(new), encoding="utf-8")
    _check_file(root, path)
    return path


def incident_text(new: NewIncident) -> str:
    """The file of a new notice: front matter in the contract's order, a first dated update."""
    status = new.status or (IncidentStatus.SCHEDULED if new.severity is IncidentSeverity.MAINTENANCE
                            else IncidentStatus.INVESTIGATING)
    lines = [("title", quoted(new.title))]
    if len(new.services) == 1:
        lines.append(("service", new.services[0]))
    else:
        lines.append(("services", flow_list(new.services)))
    lines += [("status", status.value), ("severity", new.severity.value), ("start", author_time(new.start))]
    if new.end:
        lines.append(("end", author_time(new.end)))
    if new.states is not None:
        lines.append(("states", flow_list(new.states)))
    lines.append(("workaround", quoted(new.workaround) if new.workaround
                  else '""  # ein Satz für Agents: was sie Anrufenden jetzt raten'))
    first = "Wartung angekündigt." if status is IncidentStatus.SCHEDULED else (
        "Störung erkannt; die Ursache wird untersucht.")
    return compose(lines, f"### {author_time(new.start)}\n\n{first}")


def find_incident(root: Path, ident: str) -> Path:
    """The file of an incident given as ``incidents/<stem>``, ``<stem>`` or its path."""
    stem = Path(ident.strip()).name.removesuffix(".md")
    path = root / FOLDER / f"{stem}.md"
    if path.is_file():
        return path
    known = sorted(p.stem for p in (root / FOLDER).glob("*.md"))
    close = difflib.get_close_matches(stem, known, n=1, cutoff=0.5)
    hint = f"meinten Sie incidents/{close[0]}?" if close else f"vorhanden: {', '.join(known) or 'keine'}"
    raise ContentError.single(FOLDER, None, f"Es gibt keine Störungsmeldung '{ident}' in {FOLDER}/ ({hint})",
                              "Geben Sie die ID an wie incidents/<Datei ohne .md>", code="unknown-incident")


def resolve_incident(root: Path, ident: str, at: datetime, message: str = "") -> tuple[Path, bool]:
    """Set ``status: resolved`` and ``end: <at>``; returns the file and whether it changed.

    With ``message``, a dated update with that text is appended to the body.
    """
    path = find_incident(root, ident)
    incident = _read(root, path)
    if incident.status is IncidentStatus.RESOLVED:
        return path, False
    if at < incident.start:
        raise ContentError.single(
            incident.path, incident.line("start"),
            f"{incident.id} beginnt erst am {author_time(incident.start)}; ein Ende davor ist nicht möglich",
            "Eine abgesagte Wartung: Datei löschen, oder --at mit einer späteren Zeit angeben", code="end-before-start")
    original = path.read_bytes().decode("utf-8")  # as written, line ends included
    text = set_keys(original, {"status": IncidentStatus.RESOLVED.value, "end": author_time(at)},
                    after={"end": "start"}, path=incident.path)
    if message:
        newline = "\r\n" if "\r\n" in text else "\n"
        text = text.rstrip("\r\n") + newline * 2 + f"### {author_time(at)}{newline}{newline}{message.strip()}{newline}"
    path.write_text(text, encoding="utf-8", newline="")
    try:
        _check_file(root, path)
    except ContentError:
        path.write_text(original, encoding="utf-8", newline="")
        raise
    return path, True


def _check_names(root: Path, new: NewIncident) -> None:
    problems = Problems()
    services = load_services(root, problems)
    for service in new.services:
        if service not in services:
            raise ContentError.single("content/services", None,
                                      f"Es gibt keinen Onlinedienst '{service}' ({_closest(service, list(services))})",
                                      "Geben Sie mit --service den Ordnernamen unter content/services/ an",
                                      code="unknown-service")
    if new.states is not None:
        states = load_states(root, problems, tuple(services))
        for code in new.states:
            if code not in states:
                raise ContentError.single("overlays", None, f"Es gibt kein Land '{code}' ({_closest(code, list(states))})",
                                          "Geben Sie mit --state den Ordnernamen unter overlays/ an", code="unknown-state")
    if new.end and new.end < new.start:
        raise ContentError.single(FOLDER, None,
                                  f"Das Ende {author_time(new.end)} liegt vor dem Beginn {author_time(new.start)}",
                                  "Geben Sie mit --end eine Zeit nach --start an", code="end-before-start")


def _closest(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
    return f"meinten Sie '{close[0]}'?" if close else f"vorhanden: {', '.join(sorted(known)) or 'keine'}"


def _read(root: Path, path: Path) -> Incident:
    problems = Problems()
    incident = read_incident(root, path, problems)
    if problems.errors or incident is None:
        raise ContentError(problems.errors)
    return incident


def _check_file(root: Path, path: Path) -> None:
    _read(root, path)
