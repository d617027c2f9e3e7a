"""Reading routing targets (Kommunikationsmatrix rows) from service.yml and state.yml."""

from __future__ import annotations

from typing import Any

from efa_kb.load.schema import Context, read_mapping
from efa_kb.load.schemas import ROUTING_TARGET
from efa_kb.load.yamlio import YamlList, YamlMap
from efa_kb.model.provenance import Origin
from efa_kb.model.routing import RoutingTarget


def read_routing(
    value: Any, line: int, ctx: Context, origin: Origin, own_service: str | None = None
) -> tuple[RoutingTarget, ...]:
    """Read the ``routing`` list. BeV targets serve ``own_service``; state targets name theirs."""
    if value is None:
        return ()
    if not isinstance(value, YamlList):
        ctx.error(line, "'routing' muss eine Liste von Weiterleitungszielen sein",
                  "Beginnen Sie jedes Ziel mit '- level: 2'", code="routing")
        return ()
    targets = []
    for index, item in enumerate(value):
        item_line = value.line_of(index)
        if not isinstance(item, YamlMap):
            ctx.error(item_line, "Ein Weiterleitungsziel muss aus Schlüsseln bestehen (level, kind, name, …)",
                      "Schreiben Sie '- level: 2' und darunter die weiteren Schlüssel", code="routing")
            continue
        before = len(ctx.problems.errors)
        data = read_mapping(item, ROUTING_TARGET, ctx, where=f"Weiterleitungsziel {index + 1}")
        services = tuple(data.get("services") or ())
        if data.get("service"):
            services = (data["service"], *services)
        if own_service:
            if services and services != (own_service,):
                ctx.error(item_line, "Ein Ziel in service.yml gilt für seinen eigenen Dienst; 'service' ist hier "
                          "nicht nötig", "Entfernen Sie 'service'/'services' aus diesem Ziel", code="routing")
            services = (own_service,)
        elif not services and "service" not in item and "services" not in item:
            ctx.error(item_line, f"Weiterleitungsziel {index + 1} nennt seinen Dienst nicht",
                      "Ergänzen Sie service: <id> oder services: [<id>, …]", code="routing")
        if len(ctx.problems.errors) > before:
            continue
        targets.append(RoutingTarget(
            level=data["level"], kind=data["kind"], name=data["name"], channel=data["channel"],
            address=data["address"], service_time=data["service_time"],
            reaction_time=data["reaction_time"], resolution_time=data["resolution_time"],
            path=ctx.path, line=item_line, categories=tuple(data["categories"]),
            allowed_from=tuple(data["allowed_from"]), services=services, origin=origin,
        ))
    return tuple(targets)
