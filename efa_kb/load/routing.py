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
        ctx.error(line, "'routing' must be a list of routing targets", "start each target with '- level: 2'")
        return ()
    targets = []
    for index, item in enumerate(value):
        item_line = value.line_of(index)
        if not isinstance(item, YamlMap):
            ctx.error(item_line, "a routing target must be a mapping (level, kind, name, …)", "write '- level: 2' and its keys")
            continue
        before = len(ctx.problems.errors)
        data = read_mapping(item, ROUTING_TARGET, ctx, where=f"routing target {index + 1}")
        services = tuple(data.get("services") or ())
        if data.get("service"):
            services = (data["service"], *services)
        if own_service:
            if services and services != (own_service,):
                ctx.error(item_line, "a target in service.yml serves its own service; 'service' is not needed here",
                          "remove 'service'/'services' from this target")
            services = (own_service,)
        elif not services and "service" not in item and "services" not in item:
            ctx.error(item_line, f"routing target {index + 1} does not name its service",
                      "add service: <id> or services: [<id>, …]")
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
