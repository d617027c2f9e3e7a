"""Incident feeds for other systems and for the site's own script.

Per state, below ``incidents/``: ``feed.atom`` (Atom, RFC 4287), ``feed.json``
(JSON Feed 1.1) and ``active.json`` (the active and upcoming incidents, which
every page of the site reads when it loads to refresh its banners). All three
are pure functions of the state's view: the same input gives the same bytes, and
the only clock is the view's ``now``. The text content is the facts followed by
the author's Markdown as written, so the feeds carry everything an incident
page shows (the fast path relies on that to tell whether a state changed).
Links are absolute when the state's public address is known (its ``site_url``),
and relative to the feed otherwise; ``active.json`` stays relative (the site's own
script resolves it). Ids are ``tag:`` URIs, the same for an incident in every
state's feed. The only module that imports feedgen.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]

from efa_kb.load.values import BERLIN
from efa_kb.merge.state_view import StateView
from efa_kb.model.incidents import Incident, IncidentStatus
from efa_kb.render.dates import german_datetime, iso_seconds

ATOM = "incidents/feed.atom"
JSON_FEED = "incidents/feed.json"
ACTIVE = "incidents/active.json"
FEED_FILES = (ATOM, JSON_FEED, ACTIVE)
"""Paths of the feed files below a state's site root."""

TAG = "tag:efa-kb,2026:"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def feed_files(view: StateView) -> dict[str, bytes]:
    """The three feed files of the state, by path below its site root."""
    return {ATOM: atom_feed(view), JSON_FEED: json_feed(view), ACTIVE: active_json(view)}


def atom_feed(view: StateView) -> bytes:
    """An Atom feed of the state's incidents, most recently updated first."""
    feed = FeedGenerator()
    feed.id(f"{TAG}{view.state.code}/incidents")
    feed.title(_feed_title(view))
    feed.subtitle(_description(view))
    feed.language("de")
    feed.author({"name": _site_name(view)})
    feed.link(href=_href(view, ""), rel="alternate", type="text/html")
    feed.link(href=_href(view, "feed.atom"), rel="self", type="application/atom+xml")
    feed.generator("efa-kb")
    feed.updated(_feed_updated(view).astimezone(BERLIN))
    for incident in _by_update(view):
        entry = feed.add_entry(order="append")
        entry.id(_entry_id(incident))
        entry.title(incident.title)
        entry.link(href=_href(view, f"{incident.stem}/"), rel="alternate", type="text/html")
        entry.published(_published(incident).astimezone(BERLIN))
        entry.updated(_updated(incident).astimezone(BERLIN))
        entry.summary(_summary(incident))
        entry.content(_content_text(view, incident), type="text")
        entry.category(term=incident.severity.value, label=incident.severity.label, scheme=f"{TAG}severity")
        entry.category(term=incident.status.value, label=incident.status.label, scheme=f"{TAG}status")
        for service in incident.services:
            entry.category(term=service, label=_service_names(view).get(service, service), scheme=f"{TAG}service")
    return feed.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)


def json_feed(view: StateView) -> bytes:
    """A JSON Feed 1.1 of the state's incidents; incident details in the ``_efa`` extension."""
    document = {
        "version": JSON_FEED_VERSION,
        "title": _feed_title(view),
        "description": _description(view),
        "language": "de",
        "authors": [{"name": _site_name(view)}],
        "items": [_json_item(view, incident) for incident in _by_update(view)],
    }
    if view.state.site_url:
        document["home_page_url"] = _href(view, "")
        document["feed_url"] = _href(view, "feed.json")
    return (json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def active_json(view: StateView) -> bytes:
    """The active and upcoming incidents, compact; what the site's script renders banners from."""
    document = {
        "state": view.state.code,
        "active": [_active_item(i) for i in view.active_incidents()],
        "upcoming": [_active_item(i) for i in view.upcoming_incidents()],
    }
    return (json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")


def _json_item(view: StateView, incident: Incident) -> dict[str, Any]:
    return {
        "id": _entry_id(incident),
        "url": _href(view, f"{incident.stem}/"),
        "title": incident.title,
        "summary": _summary(incident),
        "content_text": _content_text(view, incident),
        "date_published": iso_seconds(_published(incident)),
        "date_modified": iso_seconds(_updated(incident)),
        "language": "de",
        "tags": [incident.severity.label, incident.status.label,
                 *(_service_names(view).get(s, s) for s in incident.services)],
        "_efa": {**_active_item(incident), "active": incident.is_active(view.now),
                 "upcoming": incident.is_upcoming(view.now)},
    }


def _active_item(incident: Incident) -> dict[str, Any]:
    return {
        "id": incident.id,
        "title": incident.title,
        "url": f"{incident.id}/",
        "services": list(incident.services),
        "states": list(incident.states) if incident.states is not None else None,
        "status": incident.status.value,
        "status_label": incident.status.label,
        "severity": incident.severity.value,
        "severity_label": incident.severity.label,
        "start": iso_seconds(incident.start),
        "start_text": german_datetime(incident.start),
        "end": iso_seconds(incident.end) if incident.end else None,
        "end_text": german_datetime(incident.end) if incident.end else None,
        "workaround": incident.workaround,
        "updated": iso_seconds(_updated(incident)),
    }


def _href(view: StateView, path: str) -> str:
    """``path`` below ``incidents/``: absolute with the state's site_url, else relative to the feed."""
    if view.state.site_url:
        return f"{view.state.site_url}incidents/{path}"
    return path or "./"


def _by_update(view: StateView) -> list[Incident]:
    return sorted(view.incidents, key=lambda i: (_updated(i), i.id), reverse=True)


def _published(incident: Incident) -> datetime:
    return incident.published or incident.start


def _updated(incident: Incident) -> datetime:
    return incident.updated or _published(incident)


def _feed_updated(view: StateView) -> datetime:
    """The newest change of any incident; a feed without incidents is as new as the build."""
    return max((_updated(i) for i in view.incidents), default=view.now)


def _entry_id(incident: Incident) -> str:
    return f"{TAG}{incident.id}"


def _site_name(view: StateView) -> str:
    return f"Wissensdatenbank {view.state.name}"


def _feed_title(view: StateView) -> str:
    return f"Störungen und Wartungen – {_site_name(view)}"


def _description(view: StateView) -> str:
    return f"Störungen, Fehler und Wartungen der Onlinedienste, die {view.state.name} nutzt."


def _service_names(view: StateView) -> dict[str, str]:
    return {s.id: s.name for s in view.services}


def _summary(incident: Incident) -> str:
    when = "ab" if incident.status is IncidentStatus.SCHEDULED else "seit"
    text = f"{incident.severity.label} ({incident.status.label}), {when} {german_datetime(incident.start)}."
    return f"{text} Für Agents: {incident.workaround}" if incident.workaround else text


def _content_text(view: StateView, incident: Incident) -> str:
    names = _service_names(view)
    lines = [
        f"Status: {incident.status.label}",
        f"Art: {incident.severity.label}",
        f"Betroffen: {', '.join(names.get(s, s) for s in incident.services)}",
        f"Beginn: {german_datetime(incident.start)}",
    ]
    if incident.end:
        label = "Ende" if incident.status is IncidentStatus.RESOLVED else "Geplantes Ende"
        lines.append(f"{label}: {german_datetime(incident.end)}")
    if incident.workaround:
        lines.append(f"Für Agents: {incident.workaround}")
    parts = ["\n".join(lines)]
    if incident.details:
        parts.append(incident.details)
    if incident.updates:
        parts.append("Verlauf:")
        parts += [f"{german_datetime(u.at)}\n{u.text}" for u in incident.updates]
    return "\n\n".join(parts)
