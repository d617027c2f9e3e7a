"""The record every search index is built from."""

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
    XZUFI = "xzufi"


@dataclass(frozen=True)
class SearchDoc:
    """One searchable unit of a state's site: an article, or a municipal block of one."""

    id: str
    """Article id as in the content contract (``services/wohngeld/faq/antrag-absenden``)."""
    url: str
    """Page URL relative to the site root (``services/wohngeld/faq/antrag-absenden/``)."""
    title: str
    """Title as shown on the page."""
    kind: DocKind
    """What the record is (article kind, incident, service, glossary entry, Leistung)."""
    short_answer: str = ""
    """The read-aloud answer (FAQ, workaround); for other kinds a short summary or empty."""
    keywords: tuple[str, ...] = ()
    """Extra search terms and synonyms from the front matter."""
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

    @property
    def key(self) -> str:
        """Unique key within one state: the id, plus ``#anchor`` for a municipal block."""
        return f"{self.id}#{self.anchor}" if self.anchor else self.id
