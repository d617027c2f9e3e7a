"""The Kommunikationsmatrix page: per service, level × kind → target with its service levels.

The state's first level comes first. Each service then gets an overview grid
(level by kind, the targets' names) and one card per target below a heading per
level and kind: channel, address, reaction, resolution and service time (a small
table where they differ by priority), the categories it takes and who may route
there. Only the operator's targets of the services the state uses and the
state's own targets appear: no state sees another state's part of the matrix.
"""

from __future__ import annotations

from efa_kb.merge.state_view import StateView
from efa_kb.model.content import Service
from efa_kb.model.provenance import Level
from efa_kb.model.routing import RoutingTarget, TargetKind
from efa_kb.render.blocks import first_level, target_card
from efa_kb.render.markup import esc, md_text, page

LEVELS = (2, 3)
KINDS = tuple(TargetKind)


def matrix_anchor(service: str, level: int | None = None, kind: str | None = None) -> str:
    """Anchor of a service's section (or of one level and kind in it) on the matrix page."""
    return service if level is None else f"{service}-{level}-{kind}"


def render_matrix(view: StateView) -> str:
    """The state's Kommunikationsmatrix page."""
    parts = [
        "# Kommunikationsmatrix",
        first_level(view),
        ('<p class="efa-lead">Wohin ein Ticket nach dem 1. Level geht: je Onlinedienst die Ziele des '
         "2. und 3. Levels, fachlich und technisch, mit Kanal, Adresse und Servicezeiten.</p>"),
    ]
    for service in view.services:
        parts += _service_section(view, service)
    return page("Kommunikationsmatrix", "\n\n".join(parts))


def _service_section(view: StateView, service: Service) -> list[str]:
    parts = [f"## {md_text(service.name)} {{ #{matrix_anchor(service.id)} }}"]
    targets = view.routing_for(service.id)
    if not targets:
        return [*parts, "Keine Weiterleitungsziele hinterlegt."]
    parts.append(_grid(service, targets))
    for level in sorted({t.level for t in targets}):
        for kind in [k for k in KINDS if any(t.level == level and t.kind == k for t in targets)]:
            parts.append(f"### {level}. Level {kind} {{ #{matrix_anchor(service.id, level, kind)} }}")
            cards = [target_card(t, view.categories) for t in targets if t.level == level and t.kind == kind]
            parts.append("\n".join(cards))
    return parts


def _grid(service: Service, targets: list[RoutingTarget]) -> str:
    """Level × kind at a glance; each name links to its card section.

    The ARIA roles repeat what the elements mean: on a phone the table is laid out as a
    grid (efa.css), and without them a screen reader would no longer read it as a table.
    """
    rows = []
    for level in sorted({*LEVELS, *(t.level for t in targets)}):
        cells = []
        for kind in KINDS:
            anchor = matrix_anchor(service.id, level, kind)
            names = [f'<a href="#{anchor}">{_name(t)}</a>' for t in targets if t.level == level and t.kind == kind]
            cells.append(f'<td role="cell" class="efa-kind-{kind}">{"".join(names) or "–"}</td>')
        rows.append(f'<tr role="row"><th scope="row" role="rowheader">{level}. Level</th>{"".join(cells)}</tr>')
    head = "".join(f'<th scope="col" role="columnheader">{kind}</th>' for kind in KINDS)
    # A table without a class of its own gets Material's table style and scroll wrapper.
    return (
        f'<div class="efa-matrix"><table role="table"><caption>{esc(service.name)}: Ziele nach Level und Art</caption>'
        f'<thead role="rowgroup"><tr role="row"><td role="cell"></td>{head}</tr></thead>'
        f'<tbody role="rowgroup">{"".join(rows)}</tbody></table></div>'
    )


def _name(target: RoutingTarget) -> str:
    own = "" if target.origin.level is Level.BASE else f" ({esc(target.origin.label)})"
    return esc(target.name) + own
