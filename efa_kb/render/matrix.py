"""The Kommunikationsmatrix page: per service, level × kind → target with its service levels."""

from __future__ import annotations

from efa_kb.merge.state_view import StateView
from efa_kb.model.routing import Times
from efa_kb.render.blocks import first_level
from efa_kb.render.markup import esc, md_text, page


def render_matrix(view: StateView) -> str:
    parts = ["# Kommunikationsmatrix", first_level(view)]
    for service in view.services:
        parts.append(f"## {md_text(service.name)} {{ #{service.id} }}")
        targets = view.routing_for(service.id)
        if not targets:
            parts.append("Keine Weiterleitungsziele hinterlegt.")
            continue
        rows = [
            "| Level | Art | Ziel | Kanal | Adresse | Servicezeit | Reaktionszeit | Lösungszeit | Kategorien | Nur für |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for t in targets:
            cats = ", ".join(view.categories[c].name if c in view.categories else c for c in t.categories) or "alle"
            name = md_text(t.name) + ("" if t.origin.level == "base" else f" ({md_text(t.origin.label)})")
            rows.append(
                f"| {t.level} | {t.kind} | {name} | {t.channel} | {md_text(t.address)} | "
                f"{_cell(t.service_time)} | {_cell(t.reaction_time)} | {_cell(t.resolution_time)} | "
                f"{md_text(cats)} | {md_text(', '.join(t.allowed_from)) or '–'} |"
            )
        parts.append("\n".join(rows))
    return page("Kommunikationsmatrix", "\n\n".join(parts))


def _cell(times: Times) -> str:
    if times.by_priority:
        return "<br>".join(f"{esc(p)}: {esc(v)}" for p, v in times.by_priority)
    return md_text(times.text)
