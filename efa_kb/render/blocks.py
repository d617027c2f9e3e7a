"""Page parts shared by several page types: incident banners, routing, provenance."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping

from efa_kb.merge.state_view import StateView
from efa_kb.model.content import Block, Category
from efa_kb.model.incidents import Incident
from efa_kb.model.provenance import Level, Origin
from efa_kb.model.routing import Channel, RoutingTarget, Times
from efa_kb.render.dates import german_datetime, iso
from efa_kb.render.markup import esc, link, page_url, part


def rel_link(from_src: str, to_src: str) -> str:
    """Markdown link target from source file ``from_src`` to source file ``to_src``."""
    return posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")


def blocks_md(blocks: tuple[Block, ...], anchored: set[str] | None = None,
              replaced_by: Origin | None = None) -> str:
    """Blocks of a section; blocks not written by the operator carry a provenance label.

    The first block of each municipality on a page gets the anchor ``gemeinde-<ARS>``
    (search links to it); ``anchored`` remembers those already given on the page. Blocks
    of ``replaced_by`` (the state whose ``overlay: replace`` the article is) are labelled
    as its version ("Fassung Berlin"), not as an addition.
    """
    parts = []
    for block in blocks:
        if block.origin.level is Level.BASE:
            parts.append(block.text)
        else:
            modifier = "municipality" if block.origin.level is Level.MUNICIPALITY else "state"
            label = block.origin.version_label if block.origin == replaced_by else block.origin.label
            anchor = ""
            if anchored is not None and modifier == "municipality" and block.origin.code not in anchored:
                anchored.add(block.origin.code)
                anchor = f' id="gemeinde-{esc(block.origin.code)}"'
            parts.append(
                f'<div class="efa-block efa-block--{modifier}"{anchor} markdown>\n'
                f'<p class="efa-origin">{esc(label)}</p>\n\n{block.text}\n\n</div>'
            )
    return "\n\n".join(parts)


def incident_banner(view: StateView, src: str, service: str | None = None) -> str:
    """Active and upcoming incidents as a banner; the site's script refreshes it from active.json.

    A service's pages list the incidents of that service, the start page all of them;
    other pages without a service (a state's general pages) get no banner.
    """
    if service is None and src != "index.md":
        return ""
    active = view.active_incidents(service)
    upcoming = view.upcoming_incidents(service)
    scope = f' data-efa-service="{esc(service)}"' if service else ""
    items = [_incident_item(src, i, upcoming=False) for i in active]
    items += [_incident_item(src, i, upcoming=True) for i in upcoming]
    hidden = "" if items else " hidden"
    return part(
        f'<section class="efa-incidents" aria-label="Störungen"{scope}{hidden}>\n'
        + "\n".join(items)
        + "\n</section>"
    )


def _incident_item(src: str, incident: Incident, upcoming: bool) -> str:
    href = link(page_url(src), f"{incident.id}/")
    kind = "upcoming" if upcoming else incident.severity.value
    when = (f"geplant ab {german_datetime(incident.start)}" if upcoming
            else f"seit {german_datetime(incident.start)}")
    workaround = (f'<p class="efa-incident__workaround"><strong>Für Agents:</strong> {esc(incident.workaround)}</p>'
                  if incident.workaround else "")
    label = "Angekündigt" if upcoming else incident.severity.label
    return (
        f'<div class="efa-incident efa-incident--{kind}" data-efa-incident="{esc(incident.id)}">\n'
        f'<p class="efa-incident__title"><span class="efa-incident__badge">{esc(label)}</span> '
        f'<a href="{esc(href)}">{esc(incident.title)}</a></p>\n'
        f'<p class="efa-incident__meta">Status: {esc(incident.status.label)} · '
        f'<time datetime="{iso(incident.start)}">{esc(when)}</time></p>\n{workaround}\n</div>'
    )


def times_text(times: Times) -> str:
    """A service level as one line of text ("hoch 2 Stunden · mittel 1 Arbeitstag")."""
    return times.text or " · ".join(f"{priority} {value}" for priority, value in times.by_priority)


def times_html(times: Times) -> str:
    """A service level as text, or as a small per-priority table."""
    if not times.by_priority:
        return esc(times.text)
    rows = "".join(f"<tr><th scope=\"row\">{esc(p)}</th><td>{esc(v)}</td></tr>" for p, v in times.by_priority)
    return f'<table class="efa-prio"><tbody>{rows}</tbody></table>'


def target_card(target: RoutingTarget, categories: Mapping[str, Category] | None = None) -> str:
    """One routing target with its service levels, compact enough for a phone.

    With ``categories`` (the taxonomy), the categories the target takes are listed too.
    """
    origin = "" if target.origin.level is Level.BASE else f' <span class="efa-origin">{esc(target.origin.label)}</span>'
    allowed = (f'<p class="efa-target__allowed">Nur für: {esc(", ".join(target.allowed_from))}</p>'
               if target.allowed_from else "")
    takes = ""
    if categories is not None:
        names = ", ".join(categories[c].name if c in categories else c for c in target.categories) or "alle"
        takes = f'<p class="efa-target__categories">Kategorien: {esc(names)}</p>\n'
    address = esc(target.address)
    if target.channel is Channel.EMAIL and "@" in target.address:
        address = f'<a href="mailto:{esc(target.address)}">{address}</a>'
    elif target.address.startswith(("https://", "http://")):
        address = f'<a href="{esc(target.address)}">{address}</a>'
    return (
        f'<div class="efa-target">\n'
        f'<p class="efa-target__head"><span class="efa-target__level">{target.level}. Level {esc(target.kind)}</span> '
        f'<strong>{esc(target.name)}</strong>{origin}</p>\n'
        f'<p class="efa-target__channel">{esc(target.channel.label)}: {address}</p>\n'
        f'<dl class="efa-target__times">'
        f'<div><dt>Reaktionszeit</dt><dd>{times_html(target.reaction_time)}</dd></div>'
        f'<div><dt>Lösungszeit</dt><dd>{times_html(target.resolution_time)}</dd></div>'
        f'<div><dt>Servicezeit</dt><dd>{times_html(target.service_time)}</dd></div>'
        f'</dl>\n{takes}{allowed}\n</div>'
    )


def first_level(view: StateView) -> str:
    """The state's first level: the 115 or its own service desk with contact."""
    desk = view.state.service_desk
    if desk.is_115:
        return '<p class="efa-first-level">1. Level: <strong>115 – Behördennummer</strong></p>'
    contact = desk.contact
    details = " · ".join(esc(x) for x in (contact.phone, contact.email, contact.hours) if x)
    return f'<p class="efa-first-level">1. Level: <strong>{esc(desk.label)}</strong>{" · " + details if details else ""}</p>'
