"""The content contract as declarative schemas, one per file type."""

from __future__ import annotations

from typing import Any

from efa_kb.load.schema import (
    Boolean,
    Choice,
    Context,
    Custom,
    Date,
    DateTime,
    Elsewhere,
    Field,
    Integer,
    ListOf,
    Nested,
    OneOf,
    Pattern,
    Text,
)
from efa_kb.load.yamlio import YamlMap
from efa_kb.model.content import Audience, WorkaroundStatus
from efa_kb.model.incidents import IncidentSeverity, IncidentStatus
from efa_kb.model.overlays import OverlayMode
from efa_kb.model.routing import PRIORITIES, Channel, TargetKind, Times

SHORT_ANSWER_LIMIT = 400
SITE_URL = r"https?://[^\s{}]+"
"""A site's public address (``site_url`` in state.yml)."""

CONTACT = {
    "name": Text(),
    "email": Text(),
    "phone": Text(),
    "hours": Text(),
}


def _read_times(value: Any, ctx: Context, key: str, line: int) -> Any:
    if isinstance(value, str) and value.strip():
        return Times(text=value.strip())
    if isinstance(value, YamlMap):
        unknown = [k for k in value if k not in PRIORITIES]
        if unknown or not value:
            return ctx.error(
                value.line_of(unknown[0]) if unknown else line,
                f"'{key}' je Priorität erlaubt die Schlüssel {', '.join(PRIORITIES)}, "
                + (f"nicht {', '.join(unknown)}" if unknown else "hat aber keinen"),
                f"Schreiben Sie {key}: {{hoch: 2 Stunden, mittel: 1 Arbeitstag, niedrig: 3 Arbeitstage}}",
            )
        empty = [k for k, v in value.items() if not isinstance(v, str) or not v.strip()]
        if empty:
            return ctx.error(value.line_of(empty[0]), f"'{key}' für Priorität '{empty[0]}' ist leer", "Geben Sie eine Zeit an",
                             code="empty-key")
        ordered = [(prio, value[prio].strip()) for prio in PRIORITIES if prio in value]
        return Times(by_priority=tuple(ordered))
    return ctx.error(
        line, f"'{key}' muss ein Text wie '4 Stunden' sein oder je Priorität (hoch, mittel, niedrig) eine Zeit nennen",
        f"Schreiben Sie {key}: 4 Stunden",
    )


TIMES = Custom(reader=_read_times, required=True, help="4 Stunden")
SLUG = r"[a-z0-9][a-z0-9-]*"

ROUTING_TARGET: dict[str, Field] = {
    "level": Integer(required=True, choices=(2, 3), help="2"),
    "kind": Choice(required=True, choices=tuple(TargetKind), help="fachlich"),
    "name": Text(required=True, help="Wohngeldstelle – Fachverfahren"),
    "channel": Choice(required=True, choices=tuple(Channel), help="ticket"),
    "address": Text(required=True, help="Queue oder E-Mail-Adresse"),
    "service_time": TIMES,
    "reaction_time": TIMES,
    "resolution_time": TIMES,
    "categories": ListOf(item=Pattern(regex=SLUG, expected="eine Kategorie-ID"), default=()),
    "allowed_from": ListOf(default=()),
    "service": Pattern(regex=SLUG, expected="eine Dienst-ID"),
    "services": ListOf(item=Pattern(regex=SLUG, expected="eine Dienst-ID"), default=()),
}

SERVICE: dict[str, Field] = {
    "name": Text(required=True, help="Wohngeld-Antrag online"),
    "leika": ListOf(item=Pattern(regex=r"\d{14}", expected="ein 14-stelliger LeiKa-Schlüssel", help="99108005000000"), default=()),
    "bela": Pattern(regex=r"[A-Za-z]{2}", expected="ein Länderkürzel aus zwei Buchstaben", help="SH", default=""),
    "provider": Text(default=""),
    "url": Pattern(regex=r"https?://\S+", expected="eine http(s)-Adresse", help="https://…", default=""),
    "bev_contact": Nested(schema=CONTACT),
    "routing": Elsewhere(default=()),
}

CATEGORY: dict[str, Field] = {
    "id": Pattern(required=True, regex=SLUG, expected="eine ID aus Kleinbuchstaben, Ziffern und Bindestrichen", help="antrag"),
    "name": Text(required=True, help="Antrag stellen"),
    "description": Text(default=""),
}

GLOSSARY_ENTRY: dict[str, Field] = {
    "term": Text(required=True, help="BeV"),
    "expansion": Text(),
    "definition": Text(required=True, help="ein oder zwei Sätze"),
}

SERVICE_DESK = OneOf(
    alternatives=(
        Pattern(regex="115", expected="115"),
        Nested(schema={**CONTACT, "name": Text(required=True, help="Service-Desk Land")}),
    ),
    expected="115 oder Angaben mit name, phone, email, hours",
    help="Schreiben Sie service_desk: 115, oder darunter eingerückt name, phone, email, hours",
    default="115",
)

STATE: dict[str, Field] = {
    "name": Text(required=True, help="Bayern"),
    "ars_prefix": Pattern(required=True, regex=r"\d{2}", expected="der zweistellige ARS-Präfix des Landes", help="09"),
    "services": ListOf(item=Pattern(regex=SLUG, expected="eine Dienst-ID"), default=()),
    "service_desk": SERVICE_DESK,
    "miv_contact": Nested(schema=CONTACT),
    "routing": Elsewhere(default=()),
    "search_report": Boolean(default=True),
    "site_url": Pattern(regex=SITE_URL, expected="die http(s)-Adresse der veröffentlichten Landesseite",
                        help="https://kb.example.org/by/"),
}

MUNICIPALITY: dict[str, Field] = {
    "name": Text(required=True, help="Landeshauptstadt München"),
    "ars": Pattern(required=True, regex=r"\d{12}", expected="der 12-stellige ARS", help="091620000000"),
    "contact": Nested(schema=CONTACT),
}

ARTICLE: dict[str, Field] = {
    "title": Text(help="Wie sende ich den Antrag ab?"),
    "category": Pattern(regex=SLUG, expected="eine Kategorie-ID aus content/categories.yml"),
    "keywords": ListOf(default=()),
    "review_by": Date(),
    "owner": Text(default=""),
    "short_answer": Text(max_length=SHORT_ANSWER_LIMIT, default=""),
    "symptom": Text(default=""),
    "status": Choice(choices=tuple(WorkaroundStatus)),
    "fixed_on": Date(),
    "incident": Pattern(regex=r"incidents/[A-Za-z0-9_.-]+", expected="eine Störungs-ID wie incidents/2026-11-28-upload"),
    "audience": Choice(choices=tuple(Audience)),
    "duration": Text(default=""),
    "tags": ListOf(default=()),
    "caller_phrases": ListOf(default=()),
    "weight": Integer(help="10"),
}
"""Front matter of every article kind; kind-specific keys are checked in load.content."""

KIND_KEYS = {
    "faq": {"short_answer", "caller_phrases"},
    "workaround": {"short_answer", "symptom", "status", "fixed_on", "incident", "caller_phrases"},
    "training": {"audience", "duration"},
    "page": {"caller_phrases"},
}
COMMON_KEYS = {"title", "category", "keywords", "review_by", "owner", "tags", "weight"}

OVERLAY_KEYS: dict[str, Field] = {
    "overlay": Choice(choices=tuple(OverlayMode), default=OverlayMode.EXTEND),
    "base": Pattern(regex=r"[0-9a-f]{8,64}", expected="ein Fingerabdruck, wie ihn 'efa-kb overlay pin' schreibt"),
}

INCIDENT: dict[str, Field] = {
    "title": Text(required=True, help="Upload von Nachweisen gestört"),
    "service": Pattern(regex=SLUG, expected="eine Dienst-ID"),
    "services": ListOf(item=Pattern(regex=SLUG, expected="eine Dienst-ID"), default=()),
    "status": Choice(required=True, choices=tuple(IncidentStatus), help="investigating"),
    "severity": Choice(required=True, choices=tuple(IncidentSeverity), help="degraded"),
    "start": DateTime(required=True, help="2026-11-28 09:15"),
    "end": DateTime(),
    "states": ListOf(item=Pattern(regex=r"[a-z]{2}", expected="ein Länderkürzel wie by"), default=None),
    "workaround": Text(default=""),
}
