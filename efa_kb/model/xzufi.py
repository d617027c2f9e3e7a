"""Records of the XZuFi service descriptions merged into the state sites.

The loader (:mod:`efa_kb.load.xzufi`) turns XZuFi messages into these records and
applies them as deltas into one :class:`XzufiCatalog`; :mod:`efa_kb.merge.xzufi`
selects from it what one state shows. Every HTML field holds sanitised HTML (see
:mod:`efa_kb.load.sanitize`); every other string is plain, untrusted text that
renderers must escape.

Names are English: an XZuFi Organisationseinheit is an :class:`Office`, an
Onlinedienst an :class:`OnlineService`, a Zuständigkeit a :class:`Responsibility`,
a Gebiet a :class:`Region`. :class:`Leistung` keeps its German name: like LeiKa it
is the domain term of XZuFi (and of the 115 agents reading the pages), and no
English word means exactly "a service description of the FIM catalogue". Values
that are data keep their German spelling too: the :class:`ObjectKind` values are
the XZuFi class names a ``loesche`` sends, the :class:`TextCode` members name the
entries of the code list.

Areas are Amtliche Regionalschlüssel (ARS): 2 digits Land, 1 Regierungsbezirk,
2 Kreis, 4 Gemeindeverband, 3 Gemeinde. They are kept as the digits that came in
(2, 3, 5, 9 or 12 of them); :func:`ars_key` drops trailing zero levels so that
``090000000000`` and ``09`` both mean Bayern.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache


class ObjectKind(StrEnum):
    """The XZuFi object classes this tool reads; values are the ``klasse`` of a ``loesche``."""

    LEISTUNG = "Leistung"
    OFFICE = "Organisationseinheit"
    ONLINE_SERVICE = "Onlinedienst"
    RESPONSIBILITY = "Zustaendigkeit"
    REGION = "Gebiet"


class TextCode(StrEnum):
    """Codes of ``urn:de:xzufi:codeliste:leistungstextmodulleika`` (16 entries)."""

    LEISTUNGSBEZEICHNUNG = "02"
    LEISTUNGSBEZEICHNUNG_II = "03"
    KURZTEXT = "05"
    VOLLTEXT = "06"
    RECHTSGRUNDLAGEN = "07"
    UNTERLAGEN = "08"
    VORAUSSETZUNGEN = "09"
    VERFAHRENSABLAUF = "11"
    FORMULARE = "14"
    WEITERFUEHRENDE_INFORMATIONEN = "15"
    HINWEISE = "16"
    URHEBER = "18"
    ZUSTAENDIGE_STELLE = "22"
    ANSPRECHPUNKT = "23"
    TEASER = "24"
    RECHTSBEHELF = "25"


TEXT_LABELS: Mapping[str, str] = {
    TextCode.LEISTUNGSBEZEICHNUNG: "Leistungsbezeichnung",
    TextCode.LEISTUNGSBEZEICHNUNG_II: "Leistungsbezeichnung II",
    TextCode.KURZTEXT: "Kurztext",
    TextCode.VOLLTEXT: "Volltext",
    TextCode.RECHTSGRUNDLAGEN: "Rechtsgrundlagen",
    TextCode.UNTERLAGEN: "Erforderliche Unterlagen",
    TextCode.VORAUSSETZUNGEN: "Voraussetzungen",
    TextCode.VERFAHRENSABLAUF: "Verfahrensablauf",
    TextCode.FORMULARE: "Formulare",
    TextCode.WEITERFUEHRENDE_INFORMATIONEN: "Weiterführende Informationen",
    TextCode.HINWEISE: "Hinweise",
    TextCode.URHEBER: "Urheber",
    TextCode.ZUSTAENDIGE_STELLE: "Zuständige Stelle",
    TextCode.ANSPRECHPUNKT: "Ansprechpunkt",
    TextCode.TEASER: "Teaser",
    TextCode.RECHTSBEHELF: "Rechtsbehelf",
}
"""German default label of each text module code."""

INDIVIDUAL_TEXT = "individuell"
"""Pseudo code of a ``modulTextIndividuell`` (its label comes from the data)."""

ADDRESS_TYPES: Mapping[str, str] = {
    "001": "Hausanschrift",
    "002": "Besucheranschrift",
    "003": "Postfach",
    "004": "Großempfängerpostfach",
    "005": "Lieferanschrift",
    "006": "Postanschrift",
}
"""``urn:xoev-de:fim:codeliste:xzufi.anschrifttyp`` version 2.0."""

ADDRESS_TYPE_LIST = "urn:xoev-de:fim:codeliste:xzufi.anschrifttyp"

STATE_NAMES: Mapping[str, str] = {
    "01": "Schleswig-Holstein",
    "02": "Hamburg",
    "03": "Niedersachsen",
    "04": "Bremen",
    "05": "Nordrhein-Westfalen",
    "06": "Hessen",
    "07": "Rheinland-Pfalz",
    "08": "Baden-Württemberg",
    "09": "Bayern",
    "10": "Saarland",
    "11": "Berlin",
    "12": "Brandenburg",
    "13": "Mecklenburg-Vorpommern",
    "14": "Sachsen",
    "15": "Sachsen-Anhalt",
    "16": "Thüringen",
}
"""Names of the Länder by their two-digit key (the first two digits of every ARS)."""


@dataclass(frozen=True, order=True)
class ObjectId:
    """An XZuFi identifier; ids are unique only together with the agency."""

    agency: str
    """``schemeAgencyID``, the editorial office (Redaktion), e.g. ``B100019``; may be empty."""
    value: str
    """The identifier text."""

    def __str__(self) -> str:
        return f"{self.agency}.{self.value}" if self.agency else self.value


@dataclass(frozen=True)
class SourceRef:
    """Where a record was read."""

    path: str
    """File relative to the repository root, POSIX separators."""
    line: int | None
    """1-based source line of the element."""


@dataclass(frozen=True)
class Code:
    """A code list value (``listURI`` + ``code`` + optional ``name``)."""

    code: str
    """The code, e.g. ``001``."""
    name: str = ""
    """Its label as sent, when the sender included one."""
    list_uri: str = ""
    """The code list, e.g. ``urn:xoev-de:fim:codeliste:vertrauensniveau``."""


@dataclass(frozen=True)
class Link:
    """A hyperlink; ``url`` is always an absolute http(s) or mailto address."""

    url: str
    """Checked target address."""
    title: str = ""
    """Plain-text link text."""
    description: str = ""
    """Plain-text description."""


@dataclass(frozen=True)
class TextModule:
    """One text module (``modulText``/``modulTextIndividuell``) in its chosen language."""

    code: str
    """Leistungstextmodul code (:class:`TextCode`) or :data:`INDIVIDUAL_TEXT`."""
    label: str
    """Heading: the module's own deviating label, else the code's German label."""
    html: str
    """Sanitised HTML content, possibly empty when the module carries only links."""
    text: str
    """Plain text of ``html``, for search."""
    links: tuple[Link, ...] = ()
    """Further links (``weiterfuehrenderLink``)."""
    position: int | None = None
    """``positionDarstellung``, the sender's display order."""
    language: str = "de"
    """Language of the chosen content (``de`` unless no German text existed)."""


@dataclass(frozen=True)
class Duration:
    """A period, e.g. 3 MONAT, or a range 2 WOCHE to 3 MONAT."""

    amount: int
    """Number of units."""
    unit: str
    """Zeiteinheit: JAHR, MONAT, WOCHE, TAG, WERKTAG, ARBEITSTAG, STUNDE, MINUTE, SEKUNDE."""
    amount_to: int | None = None
    """Upper bound of a range."""
    unit_to: str = ""
    """Unit of the upper bound (defaults to ``unit``)."""


@dataclass(frozen=True)
class Deadline:
    """One Frist or Bearbeitungsdauer: a duration or a fixed date range."""

    kind: Code | None
    """Fristtyp (none for a Bearbeitungsdauer)."""
    duration: Duration | None
    """The period, when given as one."""
    start: str = ""
    """Stichtag from (ISO date or ``--MM-DD``)."""
    end: str = ""
    """Stichtag until."""
    description_html: str = ""
    """Sanitised explanation of this deadline."""


@dataclass(frozen=True)
class DeadlineModule:
    """A ``modulFrist`` or ``modulBearbeitungsdauer``."""

    description_html: str
    """Sanitised general description."""
    items: tuple[Deadline, ...] = ()
    """Structured deadlines."""
    links: tuple[Link, ...] = ()
    """Further links."""


@dataclass(frozen=True)
class Cost:
    """One fee: fixed, ranged or free."""

    kind: Code | None
    """Kostentyp."""
    amount: Decimal | None = None
    """Fixed amount."""
    amount_from: Decimal | None = None
    """Lower bound of a variable fee."""
    amount_to: Decimal | None = None
    """Upper bound of a variable fee."""
    currency: str = "EUR"
    """ISO currency code."""
    free: bool = False
    """The service is free of charge."""
    description_html: str = ""
    """Sanitised explanation."""
    note: str = ""
    """Plain-text note on why it is free or how it varies."""
    prepayment: bool | None = None
    """Payment in advance (``vorkasse``)."""
    link: Link | None = None
    """How the fee is calculated (``linkKostenbildung``)."""


@dataclass(frozen=True)
class CostModule:
    """A ``modulKosten``."""

    description_html: str
    """Sanitised general description."""
    items: tuple[Cost, ...] = ()
    """Structured fees."""
    links: tuple[Link, ...] = ()
    """Further links."""


@dataclass(frozen=True)
class Approval:
    """``modulFachlicheFreigabe``: who approved the text and when."""

    on: date | None
    """``fachlichFreigegebenAm``."""
    by: str = ""
    """``fachlichFreigegebenDurch`` in German."""


@dataclass(frozen=True)
class Leistung:
    """A service description (Leistungsbeschreibung)."""

    id: ObjectId
    """Primary id."""
    title: str
    """Citizen-friendly name: module 03 over 02."""
    leika_keys: tuple[str, ...] = ()
    """14-digit LeiKa (Leistungsschlüssel) keys, the first is the primary one."""
    secondary_ids: tuple[ObjectId, ...] = ()
    """``idSekundaer``."""
    formal_title: str = ""
    """Module 02 (Leistungsbezeichnung I)."""
    texts: tuple[TextModule, ...] = ()
    """Text modules other than the titles, in display order."""
    costs: tuple[CostModule, ...] = ()
    """Kosten."""
    deadlines: tuple[DeadlineModule, ...] = ()
    """Fristen."""
    processing_times: tuple[DeadlineModule, ...] = ()
    """Bearbeitungsdauer."""
    documents: tuple[str, ...] = ()
    """Names of incoming documents from ``modulDokument`` (shown when module 08 is missing)."""
    approval: Approval | None = None
    """Fachliche Freigabe."""
    areas: tuple[str, ...] = ()
    """Area of validity (``gueltigkeitGebietID``) as ARS digits; empty = everywhere."""
    terms: tuple[str, ...] = ()
    """Search terms and synonyms (``modulBegriffImKontext``)."""
    portals: tuple[Link, ...] = ()
    """Originating portals (``modulUrsprungsportal``)."""
    changed: str = ""
    """``geaendertDatumZeit`` of the version information, as sent."""
    version: str = ""
    """XZuFi version of the message it came in (``2.2.0``, ``2.3.1``)."""
    source: SourceRef | None = field(default=None, compare=False)
    """Where it was read."""

    def text(self, code: str) -> TextModule | None:
        """Return the first text module with ``code``, if any."""
        return next((module for module in self.texts if module.code == code), None)

    def valid_in(self, ars_prefix: str) -> bool:
        """True when the description applies in the area ``ars_prefix``."""
        return not self.areas or any(ars_overlaps(area, ars_prefix) for area in self.areas)


@dataclass(frozen=True)
class ContactPoint:
    """One way to reach an office (a ``kommunikation``)."""

    kind: str
    """Erreichbarkeit code (01 E-Mail, 02 Telefon, 03 Mobil, 04 Fax, 09 Web …) or ``web``."""
    value: str
    """Address or number as sent (plain text)."""
    note: str = ""
    """``zusatz``."""


@dataclass(frozen=True, order=True)
class Area:
    """An ARS with its name, where known."""

    ars: str
    """ARS digits as sent (2 to 12)."""
    name: str = ""
    """Municipality, district or state name."""


@dataclass(frozen=True)
class Address:
    """An ``anschrift`` of an office."""

    kind: Code | None = None
    """Anschrifttyp (001 Hausanschrift … 006 Postanschrift)."""
    street: str = ""
    """Street."""
    house_number: str = ""
    """House number."""
    postcode: str = ""
    """Postleitzahl."""
    city: str = ""
    """``ort``."""
    district: str = ""
    """``ortsteil``."""
    po_box: str = ""
    """``postfach``."""
    extra: str = ""
    """``zusatz``."""
    state_code: str = ""
    """Bundesland code (2 digits) from the verwaltungspolitische Kodierung."""
    areas: tuple[Area, ...] = ()
    """Keys from the verwaltungspolitische Kodierung (regionalschluessel, kreis, …), named."""

    @property
    def ars(self) -> str:
        """The most precise key of this address, or the state code."""
        keys = sorted((area.ars for area in self.areas), key=len, reverse=True)
        return keys[0] if keys else self.state_code


@dataclass(frozen=True)
class Region:
    """A named area (XZuFi ``gebiet``), used to name the ARS of responsibilities."""

    id: ObjectId
    """Primary id."""
    ars: str
    """ARS digits."""
    name: str
    """German name, e.g. ``Germering``."""
    source: SourceRef | None = field(default=None, compare=False)
    """Where it was read."""


@dataclass(frozen=True)
class Responsibility:
    """A Zuständigkeit: an office or online service is responsible for a Leistung in areas."""

    leistung_id: ObjectId
    """The Leistung."""
    holder_id: ObjectId
    """The office or online service (``uebergeordnetesObjektID``)."""
    areas: tuple[str, ...] = ()
    """``gebietID`` values as ARS digits."""
    id: ObjectId | None = None
    """Own id, needed to delete it."""
    role: Code | None = None
    """``rolle`` (01/02 zuständige Stelle …)."""
    source: SourceRef | None = field(default=None, compare=False)
    """Where it was read."""


@dataclass(frozen=True)
class Office:
    """An office (Organisationseinheit)."""

    id: ObjectId
    """Primary id."""
    name: str
    """Name in German."""
    kind: str = ""
    """Resolved ``xsi:type`` local name, e.g. ``OrganisationseinheitErweitert``."""
    addresses: tuple[Address, ...] = ()
    """Anschriften."""
    contacts: tuple[ContactPoint, ...] = ()
    """Telephone, e-mail, fax, web."""
    links: tuple[Link, ...] = ()
    """Web sites (``internetadresse``)."""
    responsibilities: tuple[Responsibility, ...] = ()
    """Responsibilities sent nested in the office."""
    source: SourceRef | None = field(default=None, compare=False)
    """Where it was read."""

    @property
    def area_keys(self) -> tuple[str, ...]:
        """Every ARS and state code its addresses name."""
        keys: list[str] = []
        for address in self.addresses:
            keys.extend(area.ars for area in address.areas)
            if address.state_code:
                keys.append(address.state_code)
        return tuple(keys)


@dataclass(frozen=True)
class OnlineService:
    """An online service (Onlinedienst, e.g. an EfA service)."""

    id: ObjectId
    """Primary id."""
    name: str
    """Bezeichnung in German."""
    links: tuple[Link, ...] = ()
    """Entry points; the first is the main one."""
    trust_level: Code | None = None
    """Vertrauensniveau."""
    kind: str = ""
    """Resolved ``xsi:type`` local name."""
    responsibilities: tuple[Responsibility, ...] = ()
    """Responsibilities sent nested in the online service."""
    source: SourceRef | None = field(default=None, compare=False)
    """Where it was read."""

    @property
    def url(self) -> str:
        """Main link, or empty."""
        return self.links[0].url if self.links else ""


@dataclass(frozen=True)
class ResponsibleBody:
    """Answer to "who is responsible here": an office or an online service and its areas."""

    responsibility: Responsibility
    """The responsibility record."""
    office: Office | None
    """The responsible office, when the holder is one."""
    online_service: OnlineService | None
    """The online service, when the holder is one."""
    areas: tuple[Area, ...]
    """Its areas inside the asked region, named where the name is known."""
    municipalities: tuple[Area, ...] = ()
    """Named areas that lie inside its (district-level) areas, for the caller's town."""

    @property
    def name(self) -> str:
        """Name of the office or online service."""
        holder = self.office or self.online_service
        return holder.name if holder else ""


@lru_cache(maxsize=1 << 16)
def ars_key(ars: str) -> str:
    """Drop trailing zero levels: ``091620000000`` → ``09162``, ``110000000000`` → ``11``.

    The empty string means the whole federation (``000000000000``). Keys of other
    lengths (8-digit Gemeindeschlüssel) are returned unchanged.
    """
    digits = ars
    for length, cut in ((12, 9), (9, 5), (5, 3), (3, 2), (2, 0)):
        if len(digits) == length and set(digits[cut:]) == {"0"}:
            digits = digits[:cut]
    return digits


@lru_cache(maxsize=1 << 18)
def ars_overlaps(area: str, prefix: str) -> bool:
    """True when ``area`` lies inside region ``prefix`` or covers it (a wider area)."""
    key, wanted = ars_key(area), ars_key(prefix)
    return key.startswith(wanted) or wanted.startswith(key)


@dataclass(frozen=True, eq=False)
class XzufiCatalog:
    """Everything the XZuFi messages left after all deltas were applied.

    Compared by identity (``eq=False``): it is hashable that way, so that
    :mod:`efa_kb.merge.xzufi` can build its index once per catalog.
    """

    leistungen: Mapping[ObjectId, Leistung] = field(default_factory=dict)
    """Service descriptions by id."""
    offices: Mapping[ObjectId, Office] = field(default_factory=dict)
    """Offices (Organisationseinheiten) by id."""
    online_services: Mapping[ObjectId, OnlineService] = field(default_factory=dict)
    """Online services (Onlinedienste) by id."""
    transfers: Mapping[ObjectId, Responsibility] = field(default_factory=dict)
    """Responsibilities sent on their own (``zustaendigkeitTransferObjekt``)."""
    regions: Mapping[ObjectId, Region] = field(default_factory=dict)
    """Named areas (Gebiete) by id."""
    code_lists: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Genericode lists found next to the messages: canonical URI → code → German name."""

    def __len__(self) -> int:
        return len(self.leistungen) + len(self.offices) + len(self.online_services)

    def code_name(self, list_uri: str, code: str) -> str:
        """Label of ``code`` from a loaded code list (empty if unknown)."""
        return self.code_lists.get(list_uri, {}).get(code, "")
