"""Incident pages: one per incident and an overview with active, upcoming and resolved ones."""

from __future__ import annotations

from datetime import datetime

from efa_kb.merge.state_view import StateView
from efa_kb.model.incidents import Incident, IncidentStatus
from efa_kb.render.dates import german_datetime, iso
from efa_kb.render.markup import esc, link, md_text, page, page_url

INDEX_SOURCE = "incidents/index.md"


def incident_source(incident: Incident) -> str:
    """Source path of the incident's page inside the generated docs folder."""
    return f"{incident.id}.md"


def incident_sources(view: StateView) -> list[str]:
    """Every page source the incidents of ``view`` are rendered to (overview first)."""
    return [INDEX_SOURCE, *(incident_source(i) for i in view.incidents)]


def render_incident(view: StateView, incident: Incident) -> str:
    """The page of one incident: facts, workaround for agents, details, updates newest first."""
    names = ", ".join(s.name for s in view.services if s.id in incident.services)
    facts = [
        f"**Status:** {_state(view, incident)}",
        f"**Art:** {esc(incident.severity.label)}",
        f"**Betroffen:** {md_text(names)}",
        f"**Beginn:** {_time(incident.start)}",
    ]
    if incident.end:
        label = "Ende" if incident.status is IncidentStatus.RESOLVED else "Geplantes Ende"
        facts.append(f"**{label}:** {_time(incident.end)}")
    if incident.updated:
        facts.append(f"**Zuletzt aktualisiert:** {_time(incident.updated)}")
    parts = [f"# {md_text(incident.title)}", "  \n".join(facts)]
    if incident.workaround:
        parts.append(f'!!! tip "Für Agents"\n    {md_text(incident.workaround)}')
    if incident.details:
        parts.append(incident.details)
    if incident.updates:
        parts.append("## Verlauf")
        for update in incident.updates:
            parts.append(f"### {german_datetime(update.at)}\n\n{update.text}")
    return page(incident.title, "\n\n".join(parts))


def render_incident_index(view: StateView) -> str:
    """The overview: active, upcoming, then every earlier notice; links to the feeds."""
    active = view.active_incidents()
    upcoming = view.upcoming_incidents()
    archive = [i for i in view.incidents if i not in active and i not in upcoming]
    parts = ["# Störungen und Wartungen"]
    for heading, incidents, empty in (
        ("Aktuell", active, "Derzeit keine aktiven Störungen."),
        ("Angekündigt", upcoming, "Keine angekündigten Wartungen."),
        ("Behoben und beendet", archive, "Keine früheren Meldungen."),
    ):
        parts.append(f"## {heading}")
        parts.append("\n".join(_item(view, i) for i in incidents) or empty)
    # Raw HTML: the feeds are written next to the built pages, so MkDocs cannot check these links.
    parts.append(
        '<p class="efa-feeds">Für andere Systeme: <a href="feed.atom">Atom-Feed</a> · '
        '<a href="feed.json">JSON Feed</a> · <a href="active.json">aktive Störungen (JSON)</a></p>'
    )
    return page("Störungen und Wartungen", "\n\n".join(parts))


def _item(view: StateView, incident: Incident) -> str:
    start = german_datetime(incident.start)
    if incident.is_active(view.now):
        when = f"seit {start}"
    elif incident.end:
        when = f"{'ab' if incident.is_upcoming(view.now) else 'von'} {start} bis {german_datetime(incident.end)}"
    else:
        when = f"ab {start}"
    return (f"- [{md_text(incident.title)}]({incident.stem}.md) – {esc(incident.severity.label)}, "
            f"{esc(incident.status.label)}, {when}")


def _state(view: StateView, incident: Incident) -> str:
    if incident.is_active(view.now):
        return f"{esc(incident.status.label)} (aktiv)"
    if incident.is_upcoming(view.now):
        return f"{esc(incident.status.label)} (angekündigt)"
    return esc(incident.status.label)


def incident_reference(view: StateView, incident_id: str, src: str) -> str:
    """A link from page ``src`` to an incident with whether it is active; empty when it does not concern the state.

    The site's script keeps the state current from ``active.json`` (``.efa-incident-state``).
    """
    incident = next((i for i in view.incidents if i.id == incident_id), None)
    if incident is None:
        return ""
    if incident.is_active(view.now):
        phase, text = "active", f"aktiv – {incident.status.label}"
    elif incident.is_upcoming(view.now):
        phase, text = "upcoming", f"angekündigt ab {german_datetime(incident.start)}"
    else:
        phase, text = "ended", "behoben" if incident.status is IncidentStatus.RESOLVED else "beendet"
    href = link(page_url(src), f"{incident.id}/")
    return (
        f'<span class="efa-incident-ref">Störungsmeldung: <a href="{esc(href)}">{esc(incident.title)}</a> '
        f'<span class="efa-incident-state efa-incident-state--{phase}" data-efa-incident="{esc(incident.id)}">'
        f"({esc(text)})</span></span>"
    )


def _time(value: datetime) -> str:
    return f'<time datetime="{iso(value)}">{german_datetime(value)}</time>'
