"""Base content records: categories, glossary, services and articles."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from efa_kb.model.provenance import BASE, Origin
from efa_kb.model.routing import RoutingTarget


class ArticleKind(StrEnum):
    """What an article is, taken from its folder."""

    FAQ = "faq"
    WORKAROUND = "workaround"
    TRAINING = "training"
    PAGE = "page"

    @property
    def label(self) -> str:
        return {"faq": "FAQ", "workaround": "Workaround", "training": "Schulung", "page": "Seite"}[self.value]

    @property
    def plural(self) -> str:
        return {"faq": "FAQs", "workaround": "Workarounds", "training": "Schulungen", "page": "Seiten"}[self.value]


class WorkaroundStatus(StrEnum):
    """Whether the error a workaround covers is still there."""

    OPEN = "open"
    FIXED = "fixed"

    @property
    def label(self) -> str:
        return {"open": "offen", "fixed": "behoben"}[self.value]


class Audience(StrEnum):
    """Who a training is for."""

    FIRST_LEVEL = "first-level"
    SECOND_LEVEL = "second-level"

    @property
    def label(self) -> str:
        return {"first-level": "1. Level", "second-level": "2. Level"}[self.value]


FOLDER_KINDS = {
    "faq": ArticleKind.FAQ,
    "workarounds": ArticleKind.WORKAROUND,
    "training": ArticleKind.TRAINING,
    "pages": ArticleKind.PAGE,
}
"""Folder name → article kind."""

KIND_FOLDERS = {kind: folder for folder, kind in FOLDER_KINDS.items()}
"""Article kind → folder name."""


@dataclass(frozen=True)
class Category:
    """One entry of the shared taxonomy."""

    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class GlossaryEntry:
    """A term or abbreviation."""

    term: str
    definition: str
    expansion: str | None = None


@dataclass(frozen=True)
class Contact:
    """A person or desk to reach."""

    name: str = ""
    email: str = ""
    phone: str = ""
    hours: str = ""


@dataclass(frozen=True)
class Block:
    """A piece of Markdown inside a section, with the author it came from."""

    text: str
    origin: Origin = BASE


@dataclass(frozen=True)
class Section:
    """A ``##`` section of an article: a heading and the blocks merged into it."""

    heading: str
    blocks: tuple[Block, ...]
    line: int = 0
    """Line of the heading in its source file (for messages)."""


@dataclass(frozen=True)
class Addition:
    """A scalar added by a municipality, shown as a labelled block (short answers)."""

    text: str
    origin: Origin


@dataclass(frozen=True)
class Article:
    """An FAQ, workaround, training or general page, as loaded or as merged."""

    id: str
    """Path without ``.md`` below ``content/`` or below the overlay folder."""
    kind: ArticleKind
    title: str
    path: str
    """Source file relative to the repository root."""
    service: str | None = None
    category: str | None = None
    keywords: tuple[str, ...] = ()
    review_by: date | None = None
    owner: str = ""
    short_answer: str = ""
    intro: tuple[Block, ...] = ()
    """Text before the first ``##`` heading."""
    sections: tuple[Section, ...] = ()
    symptom: str = ""
    status: WorkaroundStatus | None = None
    """Workaround status (workarounds only)."""
    fixed_on: date | None = None
    incident: str | None = None
    audience: Audience | None = None
    """Who a training is for (trainings only)."""
    duration: str = ""
    origin: Origin = BASE
    """Who wrote the article as a whole (a state for local articles)."""
    short_answer_origin: Origin = BASE
    additions: tuple[Addition, ...] = ()
    """Municipal short-answer additions, shown as labelled blocks."""
    keyword_origins: tuple[tuple[str, Origin], ...] = ()
    """Keywords contributed by municipalities, so their blocks are findable."""
    fingerprint: str = ""
    """Content fingerprint of the source (base articles), for overlay pins."""
    overlays: tuple[str, ...] = ()
    """Paths of overlay files merged into this article."""
    key_lines: tuple[tuple[str, int], ...] = ()
    """Front-matter key → line in the source file, for messages."""
    caller_phrases: tuple[str, ...] = ()
    """How callers put the question in their own words (KCS: the issue in the customer's
    words); searched like the title, not shown on the page."""
    weight: int | None = None
    """Place in its service's lists (``weight``): lower first; articles without one follow by id."""
    replaces_base: bool = False
    """True for a state's ``overlay: replace`` file: its text stands instead of the base article's."""

    def line(self, key: str) -> int:
        """Line of front-matter ``key`` in the source (1 when unknown)."""
        return dict(self.key_lines).get(key, 1)


@dataclass(frozen=True)
class Service:
    """An EfA online service (``service.yml``)."""

    id: str
    name: str
    path: str
    leika: tuple[str, ...] = ()
    bela: str = ""
    provider: str = ""
    url: str = ""
    bev_contact: Contact | None = None
    routing: tuple[RoutingTarget, ...] = field(default=())
