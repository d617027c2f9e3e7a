"""Incident pages: one per incident and an overview with active, upcoming and resolved ones."""

from __future__ import annotations

from efa_kb.merge.state_view import StateView
from efa_kb.model.incidents import Incident
from efa_kb.render.markup import esc, german_datetime, iso, md_text, page


def incident_source(incident: Incident) -> str:
    return f"{incident.id}.md"


def render_incident(view: StateView, incident: Incident) -> str:
    names = ", ".join(s.name for s in view.services if s.id in incident.services)
    facts = [
        f"**Status:** {esc(incident.status.label)}",
        f"**Art:** {esc(incident.severity.label)}",
        f"**Betroffen:** {md_text(names)}",
        f"**Beginn:** <time datetime=\"{iso(incident.start)}\">{german_datetime(incident.start)}</time>",
    ]
    if incident.end:
        label = "Ende" if incident.status == "resolved" else "Geplantes Ende"
        facts.append(f"**{label}:** <time datetime=\"{iso(incident.end)}\">{german_datetime(incident.end)}</time>")
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
    active = view.active_incidents()
    upcoming = view.upcoming_incidents()
    archive = [i for i in view.incidents if i not in active and i not in upcoming]
    parts = ["# Störungen und Wartungen"]
    for heading, incidents, empty in (
        ("Aktuell", active, "Derzeit keine aktiven Störungen."),
        ("Angekündigt", upcoming, "Keine angekündigten Wartungen."),
        ("Archiv", archive, "Keine früheren Meldungen."),
    ):
        parts.append(f"## {heading}")
        parts.append("\n".join(_item(i) for i in incidents) or empty)
    parts.append("Feeds: [Atom](feed.atom) · [JSON Feed](feed.json) · [Aktive Störungen (JSON)](active.json)")
    return page("Störungen und Wartungen", "\n\n".join(parts))


def _item(incident: Incident) -> str:
    return (f"- [{md_text(incident.title)}]({incident.stem}.md) – {esc(incident.severity.label)}, "
            f"{esc(incident.status.label)}, seit {german_datetime(incident.start)}")
