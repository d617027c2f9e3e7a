"""Render the XZuFi service descriptions of a state's site: one page per Leistung.

Every Leistung selected for the state gets its own page at
``leistungen/<slug>/`` (:func:`state_leistungen`), laid out for an agent on the
phone: first the facts a caller asks for (Kosten, Fristen, Bearbeitungsdauer,
Unterlagen), then the responsible offices in the state with the municipalities
they serve (so that Ctrl+F and the site search find the caller's town), then the
full text and the approval. A service's page "Leistungsbeschreibungen" lists its
Leistungen, each with its title and Kurztext.

A state has about a thousand of these pages, so they are cheap for Python-Markdown:
plain Markdown headings, everything else one raw HTML block per part, built from
sanitised HTML and escaped plain text (no XZuFi text can inject Markdown or HTML),
and no ``markdown``-attribute blocks.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from efa_kb.merge.xzufi import XzufiSelection
from efa_kb.model.xzufi import (
    ADDRESS_TYPES,
    INDIVIDUAL_TEXT,
    ContactPoint,
    CostModule,
    Deadline,
    DeadlineModule,
    Duration,
    Leistung,
    Link,
    ObjectId,
    ResponsibleBody,
    TextCode,
    XzufiCatalog,
)
from efa_kb.problems import counted
from efa_kb.render.dates import german_date
from efa_kb.render.markup import link, page, page_url, part

PAGE_TITLE = "Leistungsbeschreibungen"
"""Title of a service's list of Leistungen."""

FOLDER = "leistungen"
"""Folder of the Leistung pages below a state's site root."""

NAV_PARENT = "efa_nav_parent"
"""Front-matter key naming the page the sidebar marks current (``build.mkdocs_runner.NAV_PARENT``)."""

SLUG_LENGTH = 80
"""Longest slug; a longer id is cut and gets a hash of the whole id."""

_RESERVED_SLUGS = frozenset({"index", "readme"})
"""Slugs MkDocs would build as the folder's own page."""

FULL_TEXT_ORDER: tuple[str, ...] = (
    TextCode.KURZTEXT,
    TextCode.VOLLTEXT,
    TextCode.VORAUSSETZUNGEN,
    TextCode.VERFAHRENSABLAUF,
    TextCode.FORMULARE,
    TextCode.RECHTSGRUNDLAGEN,
    TextCode.HINWEISE,
    TextCode.RECHTSBEHELF,
    TextCode.WEITERFUEHRENDE_INFORMATIONEN,
    INDIVIDUAL_TEXT,
    TextCode.ZUSTAENDIGE_STELLE,
    TextCode.ANSPRECHPUNKT,
    TextCode.URHEBER,
)
"""Order of the text modules in the full text; Unterlagen (08) is shown at a glance."""

UNITS: Mapping[str, tuple[str, str]] = {
    "JAHR": ("Jahr", "Jahre"),
    "MONAT": ("Monat", "Monate"),
    "WOCHE": ("Woche", "Wochen"),
    "TAG": ("Tag", "Tage"),
    "WERKTAG": ("Werktag", "Werktage"),
    "ARBEITSTAG": ("Arbeitstag", "Arbeitstage"),
    "STUNDE": ("Stunde", "Stunden"),
    "MINUTE": ("Minute", "Minuten"),
    "SEKUNDE": ("Sekunde", "Sekunden"),
}
"""German singular and plural of the XZuFi time units."""

CONTACT_LABELS: Mapping[str, str] = {
    "01": "E-Mail",
    "02": "Telefon",
    "03": "Mobil",
    "04": "Fax",
    "08": "De-Mail",
    "09": "Internet",
}
"""Labels of the Erreichbarkeit codes when the data sends no name."""

TEASER_LENGTH = 200
"""Longest Kurztext line in a service's list (cut at a word)."""

_NONE = '<p class="xzufi-none">keine Angabe</p>'
_MARKDOWN_ESCAPES = frozenset("\\`*_{}[]()#")


# --- which Leistungen a state shows, and where --------------------------------------


@dataclass(frozen=True)
class LeistungPage:
    """One Leistung's page in a state's site."""

    leistung: Leistung
    """The Leistung."""
    slug: str
    """Last part of the page's URL (:func:`leistung_slug`), unique in the state."""
    services: tuple[str, ...]
    """Ids of the state's services that list it (they share a LeiKa key), in the state's order;
    the first one's incidents and navigation entry are the page's."""

    @property
    def source(self) -> str:
        """Source path of the page inside the generated docs folder."""
        return f"{FOLDER}/{self.slug}.md"

    @property
    def url(self) -> str:
        """URL of the page relative to the site root (where a search hit lands)."""
        return f"{FOLDER}/{self.slug}/"


@dataclass(frozen=True)
class StateLeistungen:
    """The Leistungen of one state's site: each page once, and each service's list."""

    pages: tuple[LeistungPage, ...] = ()
    """Every Leistung page of the state, sorted by title, then id."""
    by_service: Mapping[str, tuple[LeistungPage, ...]] = field(default_factory=dict)
    """Service id → its Leistungen in list order (title, then id); a service with none is absent."""


def list_source(service_id: str) -> str:
    """Source path of a service's page "Leistungsbeschreibungen" (the list)."""
    return f"services/{service_id}/leistungsbeschreibungen.md"


def leistung_slug(object_id: ObjectId) -> str:
    """``<agency>-<id>`` in lower case, every run of other characters than a–z, 0–9 one ``-``.

    ``B100019`` / ``10135410`` → ``b100019-10135410``. A slug longer than
    :data:`SLUG_LENGTH` is cut and ends in a hash of the whole id.
    """
    raw = f"{object_id.agency}-{object_id.value}" if object_id.agency else object_id.value
    slug = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in raw.lower())
    slug = "-".join(piece for piece in slug.split("-") if piece) or "leistung"
    if slug in _RESERVED_SLUGS:
        slug = f"leistung-{slug}"
    if len(slug) > SLUG_LENGTH:
        slug = slug[: SLUG_LENGTH - 9].rstrip("-") + "-" + _id_hash(object_id)
    return slug


def _id_hash(object_id: ObjectId) -> str:
    return hashlib.sha256(f"{object_id.agency}\0{object_id.value}".encode()).hexdigest()[:8]


def state_leistungen(
    catalog: XzufiCatalog | None,
    services: Iterable[tuple[str, Iterable[str]]],
    ars_prefix: str,
) -> StateLeistungen:
    """The Leistungen that ``services`` (``(id, LeiKa keys)`` in the state's order) select in
    the region ``ars_prefix``, each with its page's slug.

    A Leistung two services select (a shared LeiKa key) is one page on both lists. Ids
    whose slugs coincide (they differ only in case or punctuation) all get a hash of the
    id appended, so that no slug depends on which other Leistungen exist.
    """
    if catalog is None:
        return StateLeistungen()
    selection = XzufiSelection.of(catalog)
    chosen: dict[ObjectId, tuple[Leistung, list[str]]] = {}
    lists: dict[str, list[ObjectId]] = {}
    for service, keys in services:
        found = selection.leistungen_for(keys, ars_prefix)
        if found:
            lists[service] = [leistung.id for leistung in found]
        for leistung in found:
            chosen.setdefault(leistung.id, (leistung, []))[1].append(service)
    slugs = _unique_slugs(sorted(chosen))
    pages = {
        key: LeistungPage(leistung, slugs[key], tuple(dict.fromkeys(owners)))
        for key, (leistung, owners) in chosen.items()
    }
    ordered = sorted(pages.values(), key=lambda p: (p.leistung.title.casefold(), p.leistung.id))
    return StateLeistungen(
        tuple(ordered), {service: tuple(pages[key] for key in keys) for service, keys in lists.items()}
    )


def _unique_slugs(ids: list[ObjectId]) -> dict[ObjectId, str]:
    base = {key: leistung_slug(key) for key in ids}
    claimed: dict[str, int] = {}
    for slug in base.values():
        claimed[slug] = claimed.get(slug, 0) + 1
    slugs: dict[ObjectId, str] = {}
    used: set[str] = set()
    for key in ids:  # sorted: the rare counter below is stable too
        slug = base[key]
        if claimed[slug] > 1:
            slug = f"{slug[: SLUG_LENGTH - 9].rstrip('-')}-{_id_hash(key)}"
        candidate, number = slug, 2
        while candidate in used:
            candidate, number = f"{slug}-{number}", number + 1
        used.add(candidate)
        slugs[key] = candidate
    return slugs


# --- the pages ----------------------------------------------------------------------


def render_leistung_list(entries: Sequence[LeistungPage], src: str, state_name: str) -> str:
    """Markdown for a service's page "Leistungsbeschreibungen" (source ``src``) in one state:
    the intro, then each Leistung's title linking to its page and its Kurztext (or teaser)."""
    anchors = _Anchors()
    here = page_url(src)
    items = []
    for entry in entries:
        # The id each Leistung had on the one long page, so that old links still land on it.
        anchor = anchors.make(f"xzufi-{entry.leistung.id.agency}-{entry.leistung.id.value}")
        teaser = _teaser(entry.leistung)
        line = f'<span class="efa-teaser">{_h(teaser)}</span>' if teaser else ""
        items.append(
            f'<li id="{anchor}"><a href="{_h(link(here, entry.url))}">{_h(entry.leistung.title)}</a>'
            + (f"<br>{line}" if line else "") + "</li>"
        )
    lines = [
        f"# {PAGE_TITLE}",
        "",
        (
            f"Amtliche Leistungsbeschreibungen (XZuFi), die in {_md(state_name)} gelten: zuerst "
            "Kosten, Fristen, Bearbeitungsdauer und Unterlagen, dann die zuständigen Stellen, "
            "dann der vollständige Text."
        ),
        "",
        part(f'<ul class="xzufi-liste">{"".join(items)}</ul>'),
    ]
    return "\n".join(lines) + "\n"


def render_leistung(
    catalog: XzufiCatalog,
    entry: LeistungPage,
    ars_prefix: str,
    state_name: str,
    *,
    service_names: Mapping[str, str] | None = None,
    area_names: Mapping[str, str] | None = None,
    banner: str = "",
) -> str:
    """The page of one Leistung in one state, ``banner`` (its first service's incidents) first.

    ``service_names`` name the services that list it (the page links back to their lists),
    ``area_names`` are extra names by ARS (e.g. from the state's municipality.yml files).
    The sidebar marks the first service's "Leistungsbeschreibungen" entry current.
    """
    leistung = entry.leistung
    bodies = XzufiSelection.of(catalog).responsible_bodies(leistung, ars_prefix, area_names)
    here = page_url(entry.source)
    names = service_names or {}
    facts = ["<span>Leistungsbeschreibung</span>"]
    facts += [f'<a href="{_h(link(here, page_url(list_source(service))))}">'
              f"{_h(names.get(service, service))}</a>" for service in entry.services]
    if leistung.leika_keys:
        facts.append(f"<span>LeiKa-Schlüssel: {_h(', '.join(leistung.leika_keys))}</span>")
    changed = _date_text(leistung.changed[:10])
    if changed:
        facts.append(f"<span>Stand: {_h(changed)}</span>")
    parts = [banner, f"# {_md(leistung.title)}", part('<p class="efa-facts xzufi-meta">' + " · ".join(facts) + "</p>")]
    parts += ["## Auf einen Blick", part(_glance(leistung))]
    parts += [f"## Zuständige Stellen in {_md(state_name)}", part(_offices(bodies, state_name))]
    full_text = _full_text(leistung)
    if full_text:
        parts += ["## Beschreibung", part(full_text)]
    if leistung.approval:
        approved = "Fachlich freigegeben"
        if leistung.approval.on:
            approved += f" am {german_date(leistung.approval.on)}"
        if leistung.approval.by:
            approved += f" durch {leistung.approval.by}"
        parts.append(part(f'<p class="xzufi-freigabe">{_h(approved)}</p>'))
    meta = {NAV_PARENT: list_source(entry.services[0])} if entry.services else {}
    return page(leistung.title, "\n\n".join(piece for piece in parts if piece), **meta)


def search_text(leistung: Leistung) -> str:
    """Plain text of a Leistung for the search index: title, keys, terms and texts."""
    parts = [leistung.title]
    if leistung.formal_title and leistung.formal_title != leistung.title:
        parts.append(leistung.formal_title)
    parts += leistung.leika_keys
    parts += leistung.terms
    parts += leistung.documents
    for module in leistung.texts:
        parts.append(module.label)
        parts.append(module.text)
        parts += [link.title for link in module.links if link.title]
    return "\n".join(piece for piece in parts if piece)


def _teaser(leistung: Leistung) -> str:
    """The Kurztext (module 05), else the teaser (24), as one line of at most TEASER_LENGTH."""
    module = leistung.text(TextCode.KURZTEXT) or leistung.text(TextCode.TEASER)
    text = " ".join(module.text.split()) if module else ""
    if len(text) <= TEASER_LENGTH:
        return text
    return text[: TEASER_LENGTH - 1].rsplit(" ", 1)[0] + " …"


# --- one Leistung's parts -------------------------------------------------------------


def _glance(leistung: Leistung) -> str:
    documents = leistung.text(TextCode.UNTERLAGEN)
    if documents:
        unterlagen = _block(documents.html) + _links(documents.links)
    elif leistung.documents:
        unterlagen = "<ul>" + "".join(f"<li>{_h(name)}</li>" for name in leistung.documents)
        unterlagen += "</ul>"
    else:
        unterlagen = ""
    rows = [
        ("Kosten", "".join(_costs(module) for module in leistung.costs)),
        ("Fristen", "".join(_deadlines(module) for module in leistung.deadlines)),
        ("Bearbeitungsdauer", "".join(_deadlines(m) for m in leistung.processing_times)),
        ("Unterlagen", unterlagen),
    ]
    body = "".join(
        f"<dt><strong>{label}</strong></dt><dd>{content or _NONE}</dd>" for label, content in rows
    )
    return f'<dl class="xzufi-glance">{body}</dl>'


def _costs(module: CostModule) -> str:
    parts = []
    for cost in module.items:
        if cost.free:
            summary = "kostenfrei"
        elif cost.amount is not None:
            summary = _money(cost.amount, cost.currency)
        elif cost.amount_from is not None and cost.amount_to is not None:
            summary = (f"{_money(cost.amount_from, cost.currency)} bis "
                       f"{_money(cost.amount_to, cost.currency)}")
        elif cost.amount_from is not None:
            summary = f"ab {_money(cost.amount_from, cost.currency)}"
        elif cost.amount_to is not None:
            summary = f"bis {_money(cost.amount_to, cost.currency)}"
        else:
            summary = ""
        details = [cost.kind.name] if cost.kind and cost.kind.name else []
        if cost.prepayment:
            details.append("Vorkasse")
        if cost.note:
            details.append(cost.note)
        line = f"<strong>{_h(summary)}</strong>" if summary else ""
        if details:
            line += (" – " if line else "") + _h(", ".join(details))
        if line:
            parts.append(f"<p>{line}</p>")
        parts.append(_block(cost.description_html))
        if cost.link:
            parts.append(_links((cost.link,)))
    parts.append(_block(module.description_html))
    parts.append(_links(module.links))
    return "".join(parts)


def _deadlines(module: DeadlineModule) -> str:
    parts = []
    for deadline in module.items:
        summary = _deadline_summary(deadline)
        if summary:
            parts.append(f"<p><strong>{_h(summary)}</strong></p>")
        parts.append(_block(deadline.description_html))
    parts.append(_block(module.description_html))
    parts.append(_links(module.links))
    return "".join(parts)


def _deadline_summary(deadline: Deadline) -> str:
    text = _duration(deadline.duration) if deadline.duration else ""
    if deadline.start and deadline.end:
        text = f"vom {_date_text(deadline.start)} bis {_date_text(deadline.end)}"
    elif deadline.start:
        text = f"ab {_date_text(deadline.start)}"
    elif deadline.end:
        text = f"bis {_date_text(deadline.end)}"
    if text and deadline.kind and deadline.kind.name:
        text = f"{deadline.kind.name}: {text}"
    return text


def _offices(bodies: list[ResponsibleBody], state_name: str) -> str:
    if not bodies:
        return (f'<div class="xzufi-stellen"><p>Für {_h(state_name)} sind keine zuständigen '
                "Stellen hinterlegt.</p></div>")
    items = [_responsible_body(body) for body in bodies]
    parts = [
        '<div class="xzufi-stellen">',
        "<p>Zuständig ist die Stelle für den Wohnort oder Sitz der anrufenden Person.</p>",
        '<ul class="xzufi-stellen-liste">' + "".join(items) + "</ul>",
        _by_municipality(bodies),
        "</div>",
    ]
    return "".join(parts)


def _responsible_body(body: ResponsibleBody) -> str:
    areas = ", ".join(f"{area.name} ({area.ars})" if area.name else area.ars for area in body.areas)
    service = body.online_service
    if service is not None:
        name = _h(service.name)
        head = f'<a href="{_h(service.url)}" rel="noopener noreferrer">{name}</a>' if (
            service.url) else name
        lines = [f"<strong>Online-Dienst:</strong> {head}"]
        if service.trust_level:
            level = service.trust_level.name or service.trust_level.code
            lines.append(f"Vertrauensniveau: {_h(level)}")
        if areas:
            lines.append(f"Gilt für: {_h(areas)}")
        return '<li class="xzufi-online">' + "<br>".join(lines) + "</li>"
    office = body.office
    if office is None:
        return ""
    lines = [f"<strong>{_h(office.name)}</strong>"]
    if areas:
        lines.append(f"Zuständig für: {_h(areas)}")
    if body.municipalities:
        towns = ", ".join(area.name for area in body.municipalities)
        lines.append(f"Gemeinden: {_h(towns)}")
    for address in office.addresses:
        street = " ".join(piece for piece in (address.street, address.house_number) if piece)
        town = " ".join(piece for piece in (address.postcode, address.city) if piece)
        text = ", ".join(part for part in (street or address.po_box, address.district, town,
                                            address.extra) if part)
        if text:
            kind = address.kind
            label = (kind.name or ADDRESS_TYPES.get(kind.code, "")) if kind else ""
            lines.append(f"{_h(label or 'Anschrift')}: {_h(text)}")
    contacts = [_contact(contact) for contact in office.contacts]
    contacts += [_link(link) for link in office.links]
    if contacts:
        lines.append(" · ".join(contacts))
    return '<li class="xzufi-stelle">' + "<br>".join(lines) + "</li>"


def _contact(contact: ContactPoint) -> str:
    label = CONTACT_LABELS.get(contact.kind, "Kontakt")
    value = contact.value
    lowered = value.lower()
    if "@" in value and " " not in value and not lowered.startswith(("http:", "https:")):
        shown = f'<a href="mailto:{_h(value)}">{_h(value)}</a>'
    elif lowered.startswith(("https://", "http://")):
        shown = f'<a href="{_h(value)}" rel="noopener noreferrer">{_h(value)}</a>'
    else:
        shown = _h(value)
    note = f" ({_h(contact.note)})" if contact.note else ""
    return f"{label}: {shown}{note}"


def _by_municipality(bodies: list[ResponsibleBody]) -> str:
    """A–Z list "municipality → office", the 115 Lotse question answered by name."""
    entries: set[tuple[str, str]] = set()
    for body in bodies:
        if body.office is None:
            continue
        for area in (*body.areas, *body.municipalities):
            if area.name:
                entries.add((area.name, body.office.name))
    if len(entries) < 2:
        return ""
    ordered = sorted(entries, key=lambda entry: (entry[0].casefold(), entry[1].casefold()))
    items = "".join(f"<li>{_h(town)}: {_h(office)}</li>" for town, office in ordered)
    return ('<details class="xzufi-lotse"><summary>Zuständige Stelle nach Gemeinde (A–Z)'
            f"</summary><ul>{items}</ul></details>")


def _full_text(leistung: Leistung) -> str:
    modules = [m for m in leistung.texts if m.code != TextCode.UNTERLAGEN]
    if leistung.text(TextCode.KURZTEXT) is not None:
        modules = [m for m in modules if m.code != TextCode.TEASER]

    def order(code: str) -> int:
        return FULL_TEXT_ORDER.index(code) if code in FULL_TEXT_ORDER else len(FULL_TEXT_ORDER)

    ordered = sorted(modules, key=lambda m: (order(m.code), m.position is None, m.position or 0))
    sections = []
    for module in ordered:
        language = f' lang="{_h(module.language)}"' if module.language != "de" else ""
        sections.append(
            f'<section class="xzufi-modul"{language}><h3>{_h(module.label)}</h3>'
            f"{_block(module.html)}{_links(module.links)}</section>"
        )
    if leistung.portals:
        sections.append(f'<section class="xzufi-modul"><h3>Quelle</h3>{_links(leistung.portals)}'
                        "</section>")
    return f'<div class="xzufi-text">{"".join(sections)}</div>' if sections else ""


# --- small helpers --------------------------------------------------------------


class _Anchors:
    """Unique, safe HTML ids."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, text: str) -> str:
        slug = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in text.lower())
        slug = "-".join(piece for piece in slug.split("-") if piece) or "xzufi"
        candidate, number = slug, 2
        while candidate in self.used:
            candidate, number = f"{slug}-{number}", number + 1
        self.used.add(candidate)
        return candidate


def _h(text: str) -> str:
    return html.escape(text, quote=True)


def _md(text: str) -> str:
    """Plain text safe inside Markdown inline content (headings, paragraphs)."""
    escaped = html.escape(" ".join(text.split()), quote=False)
    return "".join("\\" + ch if ch in _MARKDOWN_ESCAPES else ch for ch in escaped)


def _block(safe_html: str) -> str:
    return f"<div>{safe_html}</div>" if safe_html else ""


def _link(link: Link) -> str:
    text = link.title or link.url
    return f'<a href="{_h(link.url)}" rel="noopener noreferrer">{_h(text)}</a>'


def _links(links: Iterable[Link]) -> str:
    items = [
        f"<li>{_link(link)}" + (f" – {_h(link.description)}" if link.description else "") + "</li>"
        for link in links
    ]
    return f'<ul class="xzufi-links">{"".join(items)}</ul>' if items else ""


def _money(value: Decimal, currency: str) -> str:
    number = f"{value.quantize(Decimal('0.01')):,.2f}"
    number = number.replace(",", " ").replace(".", ",").replace(" ", ".")
    symbol = "€" if currency.upper() == "EUR" else currency
    return f"{number}\u00a0{symbol}"


def _amount(count: int, unit: str) -> str:
    singular, plural = UNITS.get(unit, (unit.lower(), unit.lower()))
    return counted(count, singular, plural)


def _duration(duration: Duration) -> str:
    if duration.amount_to is None:
        return _amount(duration.amount, duration.unit)
    unit_to = duration.unit_to or duration.unit
    if unit_to == duration.unit:
        return f"{duration.amount} bis {_amount(duration.amount_to, unit_to)}"
    return f"{_amount(duration.amount, duration.unit)} bis {_amount(duration.amount_to, unit_to)}"


def _date_text(raw: str) -> str:
    """``2025-03-31`` → ``31.03.2025``, ``--03-31`` → ``31.03.``; anything else unchanged."""
    if raw.startswith("--") and len(raw) == 7:
        return f"{raw[5:7]}.{raw[2:4]}."
    try:
        return german_date(date.fromisoformat(raw[:10]))
    except ValueError:
        return raw
