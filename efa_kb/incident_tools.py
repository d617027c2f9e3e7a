"""Writing incident notices: scaffold a new one, resolve one.

A new notice gets the contract's name (``content/incidents/<yyyy-mm-dd>-<slug>.md``,
the date of its start) and fields. Resolving edits the front matter as text,
line by line, so the author's formatting, comments and key order stay as they
were: only the ``status`` and ``end`` lines change (``end`` is added after
``start`` when missing).
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from efa_kb.load.content import load_services
from efa_kb.load.incidents import FOLDER, read_incident
from efa_kb.load.states import load_states
from efa_kb.load.values import BERLIN
from efa_kb.model.incidents import Incident, IncidentSeverity, IncidentStatus
from efa_kb.problems import ContentError, Problems

_GERMAN = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue", "ẞ": "ss"}
SLUG_LIMIT = 50


class IncidentToolError(Exception):
    """A request the tools cannot carry out; the message says why and what to do."""


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


def local_time(value: datetime) -> str:
    """A time as authors write it: ``2026-11-29 09:20`` (Europe/Berlin)."""
    return f"{value.astimezone(BERLIN):%Y-%m-%d %H:%M}"


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
    lines = ["---", f"title: {_quoted(new.title)}"]
    if len(new.services) == 1:
        lines.append(f"service: {new.services[0]}")
    else:
        lines.append(f"services: [{', '.join(new.services)}]")
    lines += [f"status: {status.value}", f"severity: {new.severity.value}", f"start: {local_time(new.start)}"]
    if new.end:
        lines.append(f"end: {local_time(new.end)}")
    if new.states is not None:
        lines.append(f"states: [{', '.join(new.states)}]")
    if new.workaround:
        lines.append(f"workaround: {_quoted(new.workaround)}")
    else:
        lines.append('workaround: ""  # ein Satz für Agents: was sie Anrufenden jetzt raten')
    first = "Wartung angekündigt." if status is IncidentStatus.SCHEDULED else (
        "Störung erkannt; die Ursache wird untersucht.")
    lines += ["---", "", f"### {local_time(new.start)}", "", first, ""]
    return "\n".join(lines)


def find_incident(root: Path, ident: str) -> Path:
    """The file of an incident given as ``incidents/<stem>``, ``<stem>`` or its path."""
    stem = Path(ident.strip()).name.removesuffix(".md")
    path = root / FOLDER / f"{stem}.md"
    if path.is_file():
        return path
    known = sorted(p.stem for p in (root / FOLDER).glob("*.md"))
    close = difflib.get_close_matches(stem, known, n=1, cutoff=0.5)
    hint = f"meinten Sie incidents/{close[0]}?" if close else f"vorhanden: {', '.join(known) or 'keine'}"
    raise IncidentToolError(f"Es gibt keine Störungsmeldung '{ident}' in {FOLDER}/ ({hint})")


def resolve_incident(root: Path, ident: str, at: datetime, message: str = "") -> tuple[Path, bool]:
    """Set ``status: resolved`` and ``end: <at>``; returns the file and whether it changed.

    With ``message``, a dated update with that text is appended to the body.
    """
    path = find_incident(root, ident)
    incident = _read(root, path)
    if incident.status is IncidentStatus.RESOLVED:
        return path, False
    if at < incident.start:
        raise IncidentToolError(
            f"{incident.id} beginnt erst am {local_time(incident.start)}; ein Ende davor ist nicht möglich "
            "(eine abgesagte Wartung: Datei löschen oder --at angeben)")
    original = path.read_bytes().decode("utf-8")  # as written, line ends included
    text = set_front_matter(original, {"status": "resolved", "end": local_time(at)}, after={"end": "start"})
    if message:
        newline = "\r\n" if "\r\n" in text else "\n"
        text = text.rstrip("\r\n") + newline * 2 + f"### {local_time(at)}{newline}{newline}{message.strip()}{newline}"
    path.write_text(text, encoding="utf-8", newline="")
    try:
        _check_file(root, path)
    except ContentError:
        path.write_text(original, encoding="utf-8", newline="")
        raise
    return path, True


def set_front_matter(text: str, values: dict[str, str], after: dict[str, str] | None = None) -> str:
    """Replace the values of top-level front matter keys in ``text``, touching no other line.

    A trailing comment on a replaced line is kept. A missing key is inserted after the
    key named in ``after`` (or at the end of the front matter).
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise IncidentToolError("die Datei beginnt nicht mit Front Matter ('---')")
    close = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if close is None:
        raise IncidentToolError("das Front Matter wird nicht mit '---' geschlossen")
    newline = "\r\n" if lines[0].endswith("\r\n") else "\n"
    for key, value in values.items():
        pattern = re.compile(rf"^{re.escape(key)}[ \t]*:(?P<value>[^\r\n]*?)(?P<comment>[ \t]+#[^\r\n]*)?(?P<eol>\r?\n)?$")
        index = next((i for i in range(1, close) if pattern.match(lines[i])), None)
        if index is not None:
            match = pattern.match(lines[index])
            assert match
            lines[index] = f"{key}: {value}{match['comment'] or ''}{match['eol'] or ''}"
            continue
        anchor = (after or {}).get(key)
        position = next((i + 1 for i in range(1, close) if anchor and re.match(rf"^{re.escape(anchor)}[ \t]*:", lines[i])), close)
        lines.insert(position, f"{key}: {value}{newline}")
        close += 1
    return "".join(lines)


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def _check_names(root: Path, new: NewIncident) -> None:
    problems = Problems()
    services = load_services(root, problems)
    for service in new.services:
        if service not in services:
            raise IncidentToolError(f"Es gibt keinen Onlinedienst '{service}' ({_closest(service, list(services))})")
    if new.states is not None:
        states = load_states(root, problems, tuple(services))
        for code in new.states:
            if code not in states:
                raise IncidentToolError(f"Es gibt kein Land '{code}' ({_closest(code, list(states))})")
    if new.end and new.end < new.start:
        raise IncidentToolError(f"Das Ende {local_time(new.end)} liegt vor dem Beginn {local_time(new.start)}")


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
