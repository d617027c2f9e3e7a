"""XZuFi messages as deltas: write and delete operations, applied in message order.

Each ``schreibe`` creates or replaces an object (:class:`Write`), each ``loesche``
removes one (:class:`Delete`). :func:`apply_messages` applies the messages in the
order of their ``nachrichtenkopf`` time (undated ones first), then file name, and
the operations of one message in document order.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TypeAlias

from efa_kb.model.xzufi import (
    Leistung,
    ObjectId,
    ObjectKind,
    Office,
    OnlineService,
    Region,
    Responsibility,
    XzufiCatalog,
)

XzufiObject: TypeAlias = Leistung | Office | OnlineService | Responsibility | Region
"""What a ``schreibe`` can carry."""


@dataclass(frozen=True)
class Write:
    """Create or replace ``obj`` (a ``schreibe``)."""

    kind: ObjectKind
    obj: XzufiObject


@dataclass(frozen=True)
class Delete:
    """Remove the object of class ``kind`` with ``id`` (a ``loesche``)."""

    kind: str
    id: ObjectId


@dataclass
class Message:
    """The operations one file carries."""

    rel: str
    """File relative to the repository root."""
    sent: datetime | None
    """Creation time from the ``nachrichtenkopf``."""
    operations: list[Write | Delete] = field(default_factory=list)
    """In document order: a ``loesche`` may precede a new ``schreibe``."""


def apply_messages(
    messages: list[Message], code_lists: dict[str, dict[str, str]]
) -> XzufiCatalog:
    """The catalog that ``messages`` leave, applied in order, with ``code_lists`` attached."""
    ordered = sorted(
        messages, key=lambda m: (m.sent is not None, m.sent.timestamp() if m.sent else 0.0, m.rel)
    )
    leistungen: dict[ObjectId, Leistung] = {}
    offices: dict[ObjectId, Office] = {}
    services: dict[ObjectId, OnlineService] = {}
    transfers: dict[ObjectId, Responsibility] = {}
    regions: dict[ObjectId, Region] = {}
    for message in ordered:
        for operation in message.operations:
            if isinstance(operation, Write):
                obj = operation.obj
                if isinstance(obj, Leistung):
                    leistungen[obj.id] = obj
                elif isinstance(obj, Office):
                    offices[obj.id] = obj
                elif isinstance(obj, OnlineService):
                    services[obj.id] = obj
                elif isinstance(obj, Region):
                    regions[obj.id] = obj
                else:
                    transfers[_transfer_key(obj)] = obj
            elif operation.kind == ObjectKind.LEISTUNG:
                leistungen.pop(operation.id, None)
            elif operation.kind == ObjectKind.OFFICE:
                offices.pop(operation.id, None)
            elif operation.kind == ObjectKind.ONLINE_SERVICE:
                services.pop(operation.id, None)
            elif operation.kind == ObjectKind.REGION:
                regions.pop(operation.id, None)
            elif operation.kind == ObjectKind.RESPONSIBILITY:
                _delete_responsibility(operation.id, offices, services, transfers)
    # Deletions of objects never seen are normal in PVOG data and pass quietly.
    return XzufiCatalog(
        leistungen=dict(sorted(leistungen.items())),
        offices=dict(sorted(offices.items())),
        online_services=dict(sorted(services.items())),
        transfers=dict(sorted(transfers.items())),
        regions=dict(sorted(regions.items())),
        code_lists={uri: dict(sorted(codes.items())) for uri, codes in sorted(code_lists.items())},
    )


def _transfer_key(responsibility: Responsibility) -> ObjectId:
    if responsibility.id is not None:
        return responsibility.id
    synthetic = f"{responsibility.holder_id}|{responsibility.leistung_id}|" + ",".join(
        responsibility.areas
    )
    return ObjectId("", synthetic)


def _delete_responsibility(
    target: ObjectId,
    offices: dict[ObjectId, Office],
    services: dict[ObjectId, OnlineService],
    transfers: dict[ObjectId, Responsibility],
) -> None:
    """Remove a responsibility wherever it was sent: standalone or nested in its holder."""
    transfers.pop(target, None)
    for office_id, office in offices.items():
        if any(r.id == target for r in office.responsibilities):
            kept = tuple(r for r in office.responsibilities if r.id != target)
            offices[office_id] = replace(office, responsibilities=kept)
    for service_id, service in services.items():
        if any(r.id == target for r in service.responsibilities):
            kept = tuple(r for r in service.responsibilities if r.id != target)
            services[service_id] = replace(service, responsibilities=kept)
