"""The record every search index is built from, and the text of each of its indexed fields."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class DocKind(StrEnum):
    """What a search result is; articles keep their article kind's value."""

    FAQ = "faq"
    WORKAROUND = "workaround"
    TRAINING = "training"
    PAGE = "page"
    INCIDENT = "incident"
    SERVICE = "service"
    GLOSSARY = "glossary"
    LEISTUNG = "leistung"
    """An XZuFi service description (Leistungsbeschreibung) on its own page."""


@dataclass(frozen=True)
class SearchDoc:
    """One searchable unit of a state's site: an article, a municipal block of one, an
    incident, a service, a glossary entry or a Leistung."""

    id: str
    """Article id as in the content contract (``services/wohngeld/faq/antrag-absenden``);
    a Leistung's is its page's path (``leistungen/b100019-10135410``)."""
    url: str
    """Page URL relative to the site root (``services/wohngeld/faq/antrag-absenden/``)."""
    title: str
    """Title as shown on the page."""
    kind: DocKind
    """What the record is (article kind, incident, service, glossary entry, Leistung)."""
    short_answer: str = ""
    """The read-aloud answer (FAQ, workaround); a Leistung's Kurztext; for other kinds a short
    summary or empty."""
    keywords: tuple[str, ...] = ()
    """Extra search terms and synonyms from the front matter (a Leistung's search terms)."""
    body: str = ""
    """Plain text of the body, without markup."""
    service: str | None = None
    """Id of the service the article belongs to (``wohngeld``), if any."""
    municipality: str | None = None
    """Name of the municipality of a municipal block or local article (``München``)."""
    anchor: str = ""
    """Fragment of a municipal block on its article's page; empty for a whole article."""
    service_name: str = ""
    """Display name of the service (``Wohngeld``); searchable with low weight."""
    phrases: tuple[str, ...] = ()
    """How callers put the question in their own words (front matter ``caller_phrases``)."""
    fees: str = ""
    """A Leistung's Kosten as plain text."""
    deadlines: str = ""
    """A Leistung's Fristen and Bearbeitungsdauer as plain text."""
    documents: str = ""
    """A Leistung's required documents (Unterlagen) as plain text."""
    offices: str = ""
    """A Leistung's responsible offices in the state: names, addresses, areas served."""
    places: tuple[str, ...] = ()
    """Names of the municipalities and districts the Leistung's offices serve in the state;
    a query naming one finds the Leistung and shows the name (``Germering``)."""
    services: tuple[str, ...] = ()
    """Every service the record belongs to (an incident or a Leistung may have several);
    empty means ``(service,)``. Not searched: a query naming a service ranks records of other
    services lower."""

    @property
    def all_services(self) -> tuple[str, ...]:
        """The services the record belongs to (see :attr:`services`)."""
        return self.services or ((self.service,) if self.service else ())

    @property
    def key(self) -> str:
        """Unique key within one state: the id, plus ``#anchor`` for a municipal block."""
        return f"{self.id}#{self.anchor}" if self.anchor else self.id


KIND_WORDS: dict[DocKind, str] = {
    DocKind.FAQ: "FAQ Frage",
    DocKind.WORKAROUND: "Workaround bekannter Fehler",
    DocKind.TRAINING: "Schulung",
    DocKind.INCIDENT: "Störung Störungsmeldung",
    DocKind.PAGE: "Seite",
    DocKind.SERVICE: "Onlinedienst",
    DocKind.GLOSSARY: "Glossar",
    DocKind.LEISTUNG: "Leistungsbeschreibung Leistung",
}
"""Words that make a record findable by what it is (``störung wohngeld`` finds incidents)."""


def field_texts(doc: SearchDoc) -> dict[str, str]:
    """The text of each indexed field of a document (empty fields included)."""
    return {
        "title": doc.title,
        "phrases": " ; ".join(doc.phrases),
        "keywords": " ; ".join(doc.keywords),
        "municipality": doc.municipality or "",
        "places": " ; ".join(doc.places),
        "kind": KIND_WORDS.get(doc.kind, ""),
        "short_answer": doc.short_answer,
        "fees": doc.fees,
        "deadlines": doc.deadlines,
        "documents": doc.documents,
        "offices": doc.offices,
        "service": doc.service or "",
        "context": doc.service_name,
        "body": doc.body if doc.kind != DocKind.LEISTUNG else "",
        "description": doc.body if doc.kind == DocKind.LEISTUNG else "",
    }
