"""Read the XZuFi XML messages in ``xzufi/`` into one :class:`XzufiCatalog`.

Messages are deltas: each ``schreibe`` creates or replaces an object, each
``loesche`` removes one. Files are applied in the order of their
``nachrichtenkopf`` time, then file name. Versions are told apart by the
namespace URI (2.2.x and 2.3.x are read), never by a prefix. Everything is read
leniently (any root, every element possibly repeated, ``code``/``name`` children
unqualified) because no public schema was available; see ``XZUFI.md`` §10.

Parsing is hardened: a DOCTYPE is refused before parsing, entities are never
resolved, no network or file access happens, size and depth are bounded. A bad
file is reported into :class:`Problems` with its line and skipped; this
function never raises on content. This is the only module that imports lxml.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from lxml import etree
from lxml.etree import _Element

from efa_kb.load.sanitize import (
    clean_html,
    html_to_text,
    is_double_escaped,
    plain_text,
    safe_url,
)
from efa_kb.load.values import BERLIN
from efa_kb.model.xzufi import (
    INDIVIDUAL_TEXT,
    TEXT_LABELS,
    Address,
    Approval,
    Area,
    Code,
    ContactPoint,
    Cost,
    CostModule,
    Deadline,
    DeadlineModule,
    Duration,
    Leistung,
    Link,
    ObjectId,
    ObjectKind,
    Office,
    OnlineService,
    Region,
    Responsibility,
    SourceRef,
    TextCode,
    TextModule,
    XzufiCatalog,
)
from efa_kb.problems import Problems

log = logging.getLogger(__name__)

MAX_BYTES = 50 * 1024 * 1024
"""Largest XZuFi file read (50 MB)."""
MAX_DEPTH = 100
"""Deepest element nesting accepted (real messages stay below 20)."""

XZUFI_NAMESPACE = "http://xoev.de/schemata/xzufi/"
"""Namespace URIs of XZuFi messages start with this, followed by the version (``2_3_1``)."""
READ_VERSIONS = ("2_2_", "2_3_")
"""Version families this loader understands."""
GENERICODE_NAMESPACE = "http://docs.oasis-open.org/codelist/ns/genericode/1.0/"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

_ARS_LENGTHS = (2, 3, 5, 8, 9, 12)
_OBJECT_ELEMENTS = {
    "leistung": ObjectKind.LEISTUNG,
    "organisationseinheit": ObjectKind.OFFICE,
    "onlinedienst": ObjectKind.ONLINE_SERVICE,
    "zustaendigkeitTransferObjekt": ObjectKind.RESPONSIBILITY,
    "gebiet": ObjectKind.REGION,
}
_OBJECT_TYPES = {
    "Leistung": ObjectKind.LEISTUNG,
    "Organisationseinheit": ObjectKind.OFFICE,
    "OrganisationseinheitErweitert": ObjectKind.OFFICE,
    "Onlinedienst": ObjectKind.ONLINE_SERVICE,
    "OnlinedienstErweitert": ObjectKind.ONLINE_SERVICE,
    "ZustaendigkeitTransferObjekt": ObjectKind.RESPONSIBILITY,
    "Gebiet": ObjectKind.REGION,
}
_IGNORED_OBJECTS = {"spezialisierung", "leistungSpezialisierung", "formular"}
_IGNORED_DELETES = {"LeistungSpezialisierung", "Spezialisierung", "Formular"}
_KOPF_TIMES = ("erstellungszeitpunkt", "erstelltDatumZeit", "erstellungsdatum")
_FIX_XML = "Export the file again from the editorial system; it must be well-formed XML."



@dataclass(frozen=True)
class _Write:
    kind: ObjectKind
    obj: Leistung | Office | OnlineService | Responsibility | Region


@dataclass(frozen=True)
class _Delete:
    kind: str
    id: ObjectId


@dataclass
class _Message:
    rel: str
    sent: datetime | None
    operations: list[_Write | _Delete] = field(default_factory=list)


class _Refused(Exception):
    """A file that is not read at all; carries the line for the report."""

    def __init__(self, message: str, line: int | None = None, fix: str = _FIX_XML):
        super().__init__(message)
        self.message, self.line, self.fix = message, line, fix


# --- file level -----------------------------------------------------------------


def load_xzufi(root: Path, problems: Problems) -> XzufiCatalog:
    """Read ``root/xzufi/*.xml`` and apply them in order (no folder: an empty catalog)."""
    folder = root / "xzufi"
    if not folder.is_dir():
        return XzufiCatalog()
    messages: list[_Message] = []
    code_lists: dict[str, dict[str, str]] = {}
    base = root.resolve()
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() == ".xml"):
        rel = path.relative_to(root).as_posix()
        if not path.resolve().is_relative_to(base):
            problems.error(rel, None, "the file points outside the repository; not read",
                           "Replace the link by the file itself.")
            continue
        if not path.is_file():
            continue
        result = _read_file(path, rel, problems)
        if isinstance(result, _Message):
            messages.append(result)
        elif isinstance(result, tuple):
            code_lists[result[0]] = result[1]
    return _apply(messages, code_lists)


def _read_file(
    path: Path, rel: str, problems: Problems
) -> _Message | tuple[str, dict[str, str]] | None:
    """Read one file: a message, a genericode list ``(uri, codes)``, or None when skipped."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _Refused(f"file is {size} bytes, more than the {MAX_BYTES} allowed",
                           fix="Split the export into smaller messages.")
        data = path.read_bytes()
    except OSError as exc:
        problems.error(rel, None, f"cannot read the file: {exc.strerror}")
        return None
    except _Refused as refused:
        problems.error(rel, refused.line, refused.message, refused.fix)
        return None
    try:
        root = _parse_bytes(data)
    except _Refused as refused:
        problems.error(rel, refused.line, refused.message, refused.fix)
        return None
    namespace, local = _split(root.tag)
    if namespace == GENERICODE_NAMESPACE:
        return _read_code_list(root)
    if not namespace or not namespace.startswith(XZUFI_NAMESPACE):
        problems.warning(
            rel, _line(root),
            f"not an XZuFi message (root element {local!r} in namespace {namespace or 'none'!r}); "
            "file skipped",
            f"Keep only XZuFi messages (namespace {XZUFI_NAMESPACE}…) and code lists in xzufi/.",
        )
        return None
    version_token = namespace[len(XZUFI_NAMESPACE):].strip("/")
    if not version_token.startswith(READ_VERSIONS):
        problems.warning(
            rel, _line(root),
            f"XZuFi version {version_token.replace('_', '.')} is not supported "
            "(expected 2.2.x or 2.3.x); file skipped",
            "Export the data as XZuFi 2.2.0 or 2.3.1.",
        )
        return None
    reader = _Reader(namespace, version_token.replace("_", "."), rel, problems)
    return reader.message(root)


def _parse_bytes(data: bytes) -> _Element:
    """Parse untrusted XML into its root element, or raise :class:`_Refused`."""
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        raise _Refused("this is JSON, not an XZuFi XML message",
                       fix="Convert it to an XZuFi XML export or remove it from xzufi/.")
    doctype_line = _doctype_line(data)
    if doctype_line:
        raise _Refused(
            "DOCTYPE declarations are not allowed (they enable external entities and "
            "entity expansion); file refused",
            doctype_line,
            "Remove the <!DOCTYPE …> declaration; XZuFi messages do not use DTDs.",
        )
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
        recover=False,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise _Refused(f"not well-formed XML: {exc.msg}", exc.lineno) from None
    if root is None:
        raise _Refused("the file contains no XML element", 1)
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.doctype:
        raise _Refused("DOCTYPE declarations are not allowed; file refused", 1)
    for entity in root.iter(etree.Entity):
        raise _Refused("entity references are not allowed; file refused", _line(entity))
    deepest, line = _depth(root)
    if deepest > MAX_DEPTH:
        raise _Refused(f"elements are nested more than {MAX_DEPTH} deep; file refused", line)
    return root


def _doctype_line(data: bytes) -> int | None:
    """Line of a DOCTYPE in the prolog (before the root element), if any."""
    position = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    while position < len(data):
        while position < len(data) and data[position:position + 1] in b" \t\r\n":
            position += 1
        if data.startswith(b"<?", position):
            terminator = b"?>"
        elif data.startswith(b"<!--", position):
            terminator = b"-->"
        elif data[position:position + 9].upper() == b"<!DOCTYPE":
            return data.count(b"\n", 0, position) + 1
        else:
            return None
        end = data.find(terminator, position)
        if end < 0:
            return None
        position = end + len(terminator)
    return None


def _depth(root: _Element) -> tuple[int, int | None]:
    deepest, line = 0, None
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > deepest:
            deepest, line = depth, _line(element)
            if deepest > MAX_DEPTH:
                break
        stack.extend((child, depth + 1) for child in element)
    return deepest, line


def _split(tag: object) -> tuple[str | None, str]:
    if not isinstance(tag, str):
        return None, ""
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        return namespace, local
    return None, tag


def _read_code_list(root: _Element) -> tuple[str, dict[str, str]] | None:
    """Read a genericode list: only its root is namespaced."""
    uri = (root.findtext("Identification/CanonicalUri") or "").strip()
    key_column = root.find("ColumnSet/Key/ColumnRef")
    code_column = key_column.get("Ref", "code") if key_column is not None else "code"
    column_ids = [column.get("Id", "") for column in root.findall("ColumnSet/Column")]
    name_columns = [c for c in column_ids if c.lower().startswith(("description-de", "name-de"))]
    name_columns += [c for c in column_ids if c != code_column and c not in name_columns]
    codes: dict[str, str] = {}
    for row in root.findall("SimpleCodeList/Row"):
        values = {
            value.get("ColumnRef", ""): (value.findtext("SimpleValue") or "").strip()
            for value in row.findall("Value")
        }
        code = values.get(code_column, "")
        name = next((values[c] for c in name_columns if values.get(c)), "")
        if code:
            codes[code] = name
    return (uri, codes) if uri else None


# --- applying deltas ------------------------------------------------------------


def _apply(messages: list[_Message], code_lists: dict[str, dict[str, str]]) -> XzufiCatalog:
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
            if isinstance(operation, _Write):
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
    transfers.pop(target, None)
    for office_id, office in offices.items():
        if any(z.id == target for z in office.responsibilities):
            kept = tuple(z for z in office.responsibilities if z.id != target)
            offices[office_id] = replace(office, responsibilities=kept)
    for service_id, service in services.items():
        if any(z.id == target for z in service.responsibilities):
            kept = tuple(z for z in service.responsibilities if z.id != target)
            services[service_id] = replace(service, responsibilities=kept)


# --- element level --------------------------------------------------------------


def _lang_rank(code: str | None) -> int:
    """German first (``de``, ``de-DE``), then untagged, other German variants, others."""
    if not code or not code.strip():
        return 1
    normalised = code.strip().lower().replace("_", "-")
    if normalised in ("de", "de-de"):
        return 0
    return 2 if normalised.startswith("de") else 3


def _language(element: _Element) -> str | None:
    return element.get("languageCode") or element.get(XML_LANG)


class _Reader:
    """Reads the elements of one message; knows its namespace, file and problems."""

    def __init__(self, namespace: str, version: str, rel: str, problems: Problems):
        self.namespace = namespace
        self.version = version
        self.rel = rel
        self.problems = problems

    # helpers

    def warn(self, element: _Element | None, message: str, fix: str = "") -> None:
        self.problems.warning(self.rel, _line(element), message, fix)

    def error(self, element: _Element | None, message: str, fix: str = "") -> None:
        self.problems.error(self.rel, _line(element), message, fix)

    def kids(self, element: _Element | None, name: str) -> list[_Element]:
        """All children called ``name`` in the message namespace or unqualified."""
        if element is None:
            return []
        found = []
        for child in element:
            namespace, local = _split(child.tag)
            if local == name and namespace in (self.namespace, None):
                found.append(child)
        return found

    def kid(self, element: _Element | None, name: str) -> _Element | None:
        found = self.kids(element, name)
        return found[0] if found else None

    def descendants(self, element: _Element, name: str) -> Iterator[_Element]:
        for child in element.iter():
            namespace, local = _split(child.tag)
            if local == name and namespace in (self.namespace, None) and child is not element:
                yield child

    def text(self, element: _Element | None, name: str) -> str:
        child = self.kid(element, name)
        return _plain(child.text) if child is not None and child.text else ""

    def human(self, element: _Element | None, name: str) -> str:
        """Text meant for people: HTML entities and stray tags resolved once."""
        return _human(self.text(element, name))

    def ident(self, element: _Element | None) -> ObjectId | None:
        if element is None:
            return None
        value = _plain(element.text or "")
        if not value:
            return None
        return ObjectId(_plain(element.get("schemeAgencyID", "")), value)

    def idents(self, element: _Element, name: str) -> tuple[ObjectId, ...]:
        return tuple(i for i in (self.ident(e) for e in self.kids(element, name)) if i)

    def code(self, element: _Element | None) -> Code | None:
        """A code element; ``code`` and ``name`` are unqualified children (qualified accepted)."""
        if element is None:
            return None
        value = self.text(element, "code")
        if not value and len(element) == 0:
            value = _plain(element.text or "")
        if not value:
            return None
        return Code(value, _human(self.text(element, "name")), element.get("listURI", ""))

    def best_language(self, elements: list[_Element]) -> tuple[list[_Element], str]:
        """The elements of the best language group (German preferred) and that language."""
        if not elements:
            return [], "de"
        best = min(_lang_rank(_language(e)) for e in elements)
        chosen = [e for e in elements if _lang_rank(_language(e)) == best]
        code = _language(chosen[0]) or "de"
        return chosen, ("de" if best <= 1 else code.strip())

    def nested_localized(self, element: _Element, name: str) -> str:
        """German text of the ``name`` elements anywhere below ``element``."""
        chosen, _ = self.best_language(
            [e for e in self.descendants(element, name) if _plain(e.text or "")]
        )
        return _human(chosen[0].text or "") if chosen else ""

    def localized(self, element: _Element | None, name: str) -> str:
        chosen, _ = self.best_language(
            [e for e in self.kids(element, name) if _plain(e.text or "")]
        )
        return _human(chosen[0].text or "") if chosen else ""

    def html(self, elements: list[_Element]) -> tuple[str, str, str]:
        """Sanitised HTML, its plain text and language, from localized HTML elements."""
        with_content = [e for e in elements if _source_html(e).strip()]
        chosen, language = self.best_language(with_content)
        parts = []
        for element in chosen:
            source = _source_html(element)
            if is_double_escaped(source):
                self.warn(element, "HTML is escaped twice (e.g. &amp;uuml; or &lt;p&gt;); "
                          "decoded once more", "Fix the export of the editorial system.")
            cleaned = clean_html(source)
            if html_to_text(cleaned):
                parts.append(cleaned)
        safe = "\n".join(parts)
        return safe, html_to_text(safe), language

    def link(self, element: _Element, url_name: str = "uri") -> Link | None:
        raw = self.text(element, url_name) or (
            _plain(element.text or "") if len(element) == 0 else ""
        )
        if not raw:
            return None
        url = safe_url(raw)
        if url is None:
            self.warn(element, f"link {raw[:80]!r} is not an absolute http(s) or mailto "
                      "address; dropped", "Use a full https:// address.")
            return None
        return Link(url, self.human(element, "titel"), self.human(element, "beschreibung"))

    def links(self, element: _Element, name: str = "weiterfuehrenderLink") -> tuple[Link, ...]:
        chosen, _ = self.best_language(self.kids(element, name))
        found = (self.link(e) for e in chosen)
        return tuple(sorted((lnk for lnk in found if lnk),
                            key=lambda lnk: lnk.title.casefold()))

    def position(self, element: _Element) -> int | None:
        raw = self.text(element, "positionDarstellung")
        return int(raw) if raw.isdigit() else None

    def areas(self, element: _Element, name: str) -> tuple[str, ...]:
        found: list[str] = []
        for child in self.kids(element, name):
            ars = self.ars(child, _plain(child.text or ""))
            if ars and ars not in found:
                found.append(ars)
        return tuple(found)

    def ars(self, element: _Element, raw: str) -> str:
        """ARS digits from plain or URN form (``urn:…:rs:120645410``), or empty."""
        digits = raw.rpartition(":")[2].strip()
        if digits.isdigit() and len(digits) in _ARS_LENGTHS:
            return digits
        if raw:
            self.warn(element, f"area key {raw!r} is not an Amtlicher Regionalschlüssel "
                      "(2, 5, 9 or 12 digits); ignored",
                      "Use the ARS, e.g. 091620000000 or urn:de:bund:destatis:"
                      "bevoelkerungsstatistik:schluessel:rs:091620000000.")
        return ""

    def source(self, element: _Element) -> SourceRef:
        return SourceRef(self.rel, _line(element))

    # message

    def message(self, root: _Element) -> _Message:
        kopf = self.kid(root, "nachrichtenkopf")
        sent = self.sent(kopf)
        if kopf is None:
            self.warn(root, "no nachrichtenkopf; the file is applied before all dated messages",
                      "Export complete XZuFi messages with a nachrichtenkopf.")
        elif sent is None:
            self.warn(kopf, "the nachrichtenkopf has no readable creation time; the file is "
                      "applied before all dated messages",
                      "Add erstellungszeitpunkt as ISO date and time.")
        message = _Message(self.rel, sent)
        _, root_name = _split(root.tag)
        if root_name in _OBJECT_ELEMENTS or _xsi_type(root) in _OBJECT_TYPES:
            self.write(root, message)
            return message
        found = False
        for child in root:  # document order: a loesche may precede a new schreibe
            namespace, local = _split(child.tag)
            if namespace not in (self.namespace, None):
                continue
            if local == "schreibe":
                found = True
                for obj in child:
                    self.write(obj, message)
            elif local == "loesche":
                found = True
                self.delete(child, message)
        if not found:
            self.warn(root, "the message contains no schreibe or loesche")
        return message

    def sent(self, kopf: _Element | None) -> datetime | None:
        if kopf is None:
            return None
        # The header may use XÖV base namespaces: match the local name only.
        for name in _KOPF_TIMES:
            for element in kopf.iter():
                if _split(element.tag)[1] == name:
                    parsed = _datetime(_plain(element.text or ""))
                    if parsed is not None:
                        return parsed
        return None

    def write(self, element: _Element, message: _Message) -> None:
        _, local = _split(element.tag)
        kind = _OBJECT_ELEMENTS.get(local) or _OBJECT_TYPES.get(_xsi_type(element))
        if kind is None:
            if local not in _IGNORED_OBJECTS:
                self.warn(element, f"unknown object {local!r} in schreibe; ignored")
            return
        readers: dict[ObjectKind, Callable[[_Element], Iterable[object]]] = {
            ObjectKind.LEISTUNG: self.leistung,
            ObjectKind.OFFICE: self.office,
            ObjectKind.ONLINE_SERVICE: self.online_service,
            ObjectKind.RESPONSIBILITY: self.transfer,
            ObjectKind.REGION: self.region,
        }
        for obj in readers[kind](element):
            message.operations.append(_Write(kind, obj))  # type: ignore[arg-type]

    def delete(self, element: _Element, message: _Message) -> None:
        klasse = _plain(element.get("klasse", "") or self.text(element, "klasse"))
        kinds = {kind.value.casefold(): kind for kind in ObjectKind}
        kind = kinds.get(klasse.casefold())
        if kind is None:
            if klasse not in _IGNORED_DELETES:
                self.warn(element, f"loesche with unknown klasse {klasse!r}; ignored",
                          "klasse is one of " + ", ".join(k.value for k in ObjectKind) + ".")
            return
        ids = self.idents(element, "id")
        if not ids:
            self.error(element, "loesche without id; ignored")
        for object_id in ids:
            message.operations.append(_Delete(kind, object_id))

    # objects

    def leistung(self, element: _Element) -> Iterator[Leistung]:
        object_id = self.ident(self.kid(element, "id"))
        if object_id is None:
            self.error(element, "Leistung without id; skipped", "Every Leistung needs an id.")
            return
        titles: dict[str, str] = {}
        modules: list[tuple[int, TextModule]] = []
        for module in self.kids(element, "modulText"):
            code = self.code(self.kid(module, "leikaTextmodul"))
            if code is None:
                self.warn(module, "modulText without leikaTextmodul code; ignored")
                continue
            content, text, language = self.html(self.kids(module, "inhalt"))
            if code.code in (TextCode.LEISTUNGSBEZEICHNUNG, TextCode.LEISTUNGSBEZEICHNUNG_II):
                if text and code.code not in titles:
                    titles[code.code] = " ".join(text.split())
                continue
            label = (self.localized(module, "leikaTextmodulAbweichendeBezeichnung")
                     or TEXT_LABELS.get(code.code) or code.name or f"Textmodul {code.code}")
            built = self.text_module(module, code.code, label, content, text, language)
            if built:
                modules.append(built)
        for module in self.kids(element, "modulTextIndividuell"):
            code = self.code(self.kid(module, "individuellesTextmodultyp"))
            content, text, language = self.html(self.kids(module, "inhalt"))
            label = (code.name if code else "") or "Weitere Informationen"
            built = self.text_module(module, INDIVIDUAL_TEXT, label, content, text, language)
            if built:
                modules.append(built)
        title = titles.get(TextCode.LEISTUNGSBEZEICHNUNG_II) or titles.get(
            TextCode.LEISTUNGSBEZEICHNUNG, "")
        if not title:
            self.warn(element, f"Leistung {object_id} has no Leistungsbezeichnung "
                      "(text module 02 or 03)", "Add text module 02 with the name.")
            title = f"Leistung {object_id}"
        approval_element = self.kid(element, "modulFachlicheFreigabe")
        yield Leistung(
            id=object_id,
            title=title,
            leika_keys=self.leika_keys(element),
            secondary_ids=self.idents(element, "idSekundaer"),
            formal_title=titles.get(TextCode.LEISTUNGSBEZEICHNUNG, ""),
            texts=_best_texts(modules),
            costs=tuple(self.cost_module(m) for m in self.kids(element, "modulKosten")),
            deadlines=tuple(
                self.deadline_module(m, "frist") for m in self.kids(element, "modulFrist")
            ),
            processing_times=tuple(
                self.deadline_module(m, "bearbeitungsdauer")
                for m in self.kids(element, "modulBearbeitungsdauer")
            ),
            documents=self.documents(element),
            approval=self.approval(approval_element) if approval_element is not None else None,
            areas=self.areas(element, "gueltigkeitGebietID"),
            terms=self.terms(element),
            portals=tuple(
                lnk for lnk in (self.link(m) for m in self.kids(element, "modulUrsprungsportal"))
                if lnk
            ),
            changed=self.changed(element),
            version=self.version,
            source=self.source(element),
        )

    def text_module(
        self, module: _Element, code: str, label: str, content: str, text: str, language: str
    ) -> tuple[int, TextModule] | None:
        links = self.links(module)
        if not text and not links:
            return None  # empty or <br>-only module
        if not text:
            _, language = self.best_language(self.kids(module, "weiterfuehrenderLink"))
        built = TextModule(code, label, content, text, links, self.position(module), language)
        return _lang_rank(language), built

    def leika_keys(self, element: _Element) -> tuple[str, ...]:
        keys: list[str] = []
        for reference in (self.kids(element, "referenzLeiKa")
                          + self.kids(element, "referenzLeistungsschluessel")):
            code = self.code(reference)
            raw = code.code if code else _plain(reference.text or "")
            key = raw.rpartition(":")[2]
            if key.isdigit() and len(key) == 14:
                if key not in keys:
                    keys.append(key)
            else:
                self.warn(reference, f"LeiKa key {raw!r} is not 14 digits; ignored",
                          "Use the 14-digit Leistungsschlüssel, e.g. 99108005001000.")
        return tuple(keys)

    def cost_module(self, module: _Element) -> CostModule:
        description, _, _ = self.html(self.kids(module, "beschreibung"))
        items = []
        for cost in self.kids(module, "kosten"):
            amount = self.amount(cost, "betrag")
            lower = self.amount(cost, "betragUntergrenze")
            upper = self.amount(cost, "betragObergrenze")
            free = any(True for name in ("kostenFrei", "beschreibungKostenfreiheit")
                       for _ in self.descendants(cost, name))
            notes = [self.nested_localized(cost, name)
                     for name in ("beschreibungKostenfreiheit", "beschreibungVariabilitaet")]
            text_html, _, _ = self.html(self.kids(cost, "beschreibung"))
            vorkasse = self.text(cost, "vorkasse").lower()
            link_element = self.kid(cost, "linkKostenbildung")
            currency = self.currency(cost)
            items.append(Cost(
                kind=self.code(self.kid(cost, "typ")),
                amount=amount,
                amount_from=lower,
                amount_to=upper,
                currency=currency,
                free=free or (amount is not None and amount == 0),
                description_html=text_html,
                note=" ".join(note for note in notes if note),
                prepayment={"true": True, "1": True, "false": False, "0": False}.get(vorkasse),
                link=self.link(link_element) if link_element is not None else None,
            ))
        return CostModule(description, tuple(items), self.links(module))

    def amount(self, cost: _Element, name: str) -> Decimal | None:
        element = next(self.descendants(cost, name), None)
        if element is None:
            return None
        raw = self.text(element, "wert") or self.text(element, "value") or _plain(
            element.text or "")
        try:
            return Decimal(raw.replace(",", ".")) if raw else None
        except InvalidOperation:
            self.warn(element, f"amount {raw!r} is not a number; ignored")
            return None

    def currency(self, cost: _Element) -> str:
        for name in ("betrag", "betragUntergrenze", "betragObergrenze"):
            element = next(self.descendants(cost, name), None)
            if element is None:
                continue
            for attribute in ("currencyID", "currencyCode", "waehrung"):
                if element.get(attribute):
                    return _plain(element.get(attribute, ""))
            code = self.code(self.kid(element, "waehrung")) or self.code(
                self.kid(element, "currencyCode"))
            if code:
                return code.code
        return "EUR"

    def deadline_module(self, module: _Element, item_name: str) -> DeadlineModule:
        description, _, _ = self.html(self.kids(module, "beschreibung"))
        items = []
        for item in self.kids(module, item_name):
            text_html, _, _ = self.html(self.kids(item, "beschreibung"))
            von = next(self.descendants(item, "von"), None)
            bis = next(self.descendants(item, "bis"), None)
            items.append(Deadline(
                kind=self.code(self.kid(item, "typ")),
                duration=self.duration(item),
                start=_plain(von.text or "") if von is not None else "",
                end=_plain(bis.text or "") if bis is not None else "",
                description_html=text_html,
            ))
        return DeadlineModule(description, tuple(items), self.links(module))

    def duration(self, item: _Element) -> Duration | None:
        values = {}
        for name in ("dauer", "einheit", "dauerBis", "einheitBis"):
            element = next(self.descendants(item, name), None)
            if element is not None:
                code = self.code(element) if name.startswith("einheit") else None
                values[name] = code.code if code else _plain(element.text or "")
        amount = values.get("dauer", "")
        if not amount:
            return None
        if not amount.isdigit():
            self.warn(item, f"duration {amount!r} is not a whole number; ignored")
            return None
        amount_to = values.get("dauerBis", "")
        return Duration(
            int(amount),
            values.get("einheit", "").upper(),
            int(amount_to) if amount_to.isdigit() else None,
            values.get("einheitBis", "").upper(),
        )

    def documents(self, element: _Element) -> tuple[str, ...]:
        names: list[str] = []
        for module in self.kids(element, "modulDokument"):
            for document in self.kids(module, "dokumentEingehend"):
                inner = self.kid(document, "dokument")
                name = self.localized(inner if inner is not None else document, "bezeichnung")
                if name and name not in names:
                    names.append(name)
        return tuple(names)

    def approval(self, module: _Element) -> Approval | None:
        raw = self.text(module, "fachlichFreigegebenAm")
        on = None
        if raw:
            try:
                on = date.fromisoformat(raw[:10])
            except ValueError:
                self.warn(module, f"fachlichFreigegebenAm {raw!r} is not a date (YYYY-MM-DD)")
        by = self.localized(module, "fachlichFreigegebenDurch")
        return Approval(on, by) if on or by else None

    def terms(self, element: _Element) -> tuple[str, ...]:
        found: list[str] = []
        for module in self.kids(element, "modulBegriffImKontext"):
            for term in self.kids(module, "begriffImKontext"):
                candidates = [e for e in self.kids(term, "begriff") if _plain(e.text or "")]
                chosen, language = self.best_language(candidates)
                word = _human(chosen[0].text or "") if chosen else ""
                if word and language == "de" and word not in found:
                    found.append(word)
        return tuple(found)

    def changed(self, element: _Element) -> str:
        for name in ("versionsinformation", "versionsinformationen"):
            info = self.kid(element, name)
            if info is not None:
                return self.text(info, "geaendertDatumZeit") or self.text(info, "erstelltDatumZeit")
        return ""

    def office(self, element: _Element) -> Iterator[Office]:
        object_id = self.ident(self.kid(element, "id"))
        if object_id is None:
            self.error(element, "Organisationseinheit without id; skipped")
            return
        names = []
        for wrapper in self.kids(element, "name"):
            inner = self.kids(wrapper, "name")
            names.extend(inner if inner else [wrapper])
        chosen, _ = self.best_language([n for n in names if _plain(n.text or "")])
        name = _human(chosen[0].text or "") if chosen else ""
        if not name:
            self.warn(element, f"Organisationseinheit {object_id} has no name")
            name = f"Organisationseinheit {object_id}"
        contacts = []
        for contact in self.kids(element, "kommunikation"):
            channel = self.code(self.kid(contact, "kanal"))
            value = self.text(contact, "kennung")
            if value:
                contacts.append(ContactPoint(channel.code if channel else "",
                                             value, self.human(contact, "zusatz")))
        web = [lnk for lnk in (self.link(e) for e in self.kids(element, "internetadresse")) if lnk]
        yield Office(
            id=object_id,
            name=name,
            kind=_xsi_type(element),
            addresses=tuple(self.address(a) for a in self.kids(element, "anschrift")),
            contacts=tuple(contacts),
            links=tuple(web),
            responsibilities=self.nested(element, object_id),
            source=self.source(element),
        )

    def address(self, element: _Element) -> Address:
        coding = self.kid(element, "verwaltungspolitischeKodierung")
        areas: list[Area] = []
        state = ""
        if coding is not None:
            state_code = self.code(self.kid(coding, "bundesland"))
            state = state_code.code if state_code else ""
            for name in ("regionalschluessel", "gemeindeschluessel", "gemeindeverband",
                         "kreis", "bezirk"):
                code = self.code(self.kid(coding, name))
                if code:
                    ars = self.ars(coding, code.code)
                    if ars:
                        areas.append(Area(ars, code.name))
        return Address(
            kind=(self.code(self.kid(element, "typ"))
                  or self.code(self.kid(element, "anschrifttyp"))),
            street=self.human(element, "strasse"),
            house_number=self.human(element, "hausnummer"),
            postcode=self.human(element, "postleitzahl"),
            city=self.human(element, "ort"),
            district=self.human(element, "ortsteil"),
            po_box=self.human(element, "postfach"),
            extra=self.human(element, "zusatz"),
            state_code=state,
            areas=tuple(areas),
        )

    def nested(self, element: _Element, holder: ObjectId) -> tuple[Responsibility, ...]:
        found: list[Responsibility] = []
        for item in self.kids(element, "zustaendigkeit"):
            found.extend(self.responsibilities(item, holder))
        return tuple(found)

    def responsibilities(self, element: _Element, holder: ObjectId) -> list[Responsibility]:
        leistung_ids = self.idents(element, "leistungID")
        if not leistung_ids:
            self.warn(element, "Zuständigkeit without leistungID; ignored")
        return [
            Responsibility(
                leistung_id=leistung_id,
                holder_id=holder,
                areas=self.areas(element, "gebietID"),
                id=self.ident(self.kid(element, "id")),
                role=self.code(self.kid(element, "rolle")),
                source=self.source(element),
            )
            for leistung_id in leistung_ids
        ]

    def online_service(self, element: _Element) -> Iterator[OnlineService]:
        object_id = self.ident(self.kid(element, "id"))
        if object_id is None:
            self.error(element, "Onlinedienst without id; skipped")
            return
        name = self.localized(element, "bezeichnung")
        chosen, _ = self.best_language(self.kids(element, "link"))
        links = [lnk for lnk in (self.link(e, "link") for e in chosen) if lnk]
        if not name:
            name = links[0].title if links and links[0].title else f"Onlinedienst {object_id}"
        yield OnlineService(
            id=object_id,
            name=name,
            links=tuple(links),
            trust_level=self.code(self.kid(element, "vertrauensniveau")),
            kind=_xsi_type(element),
            responsibilities=self.nested(element, object_id),
            source=self.source(element),
        )

    def region(self, element: _Element) -> Iterator[Region]:
        object_id = self.ident(self.kid(element, "id"))
        if object_id is None:
            self.error(element, "Gebiet without id; skipped")
            return
        key = self.code(self.kid(self.kid(element, "verwaltungspolitischeKodierung"),
                                 "regionalschluessel"))
        ars = self.ars(element, key.code if key else object_id.value)
        name = self.localized(element, "bezeichnung")
        if ars and name:
            yield Region(object_id, ars, name, self.source(element))
        elif not name:
            self.warn(element, f"Gebiet {object_id} has no bezeichnung; ignored")

    def transfer(self, element: _Element) -> Iterator[Responsibility]:
        holder = self.ident(self.kid(element, "uebergeordnetesObjektID"))
        if holder is None:
            self.error(element, "zustaendigkeitTransferObjekt without uebergeordnetesObjektID; "
                       "skipped")
            return
        for item in self.kids(element, "zustaendigkeit"):
            yield from self.responsibilities(item, holder)


def _best_texts(modules: list[tuple[int, TextModule]]) -> tuple[TextModule, ...]:
    """Per code, drop modules in another language when a German one exists."""
    best: dict[str, int] = {}
    for rank, module in modules:
        best[module.code] = min(rank, best.get(module.code, rank))
    kept = [m for rank, m in modules if rank <= max(1, best[m.code])]
    return tuple(sorted(kept, key=lambda m: (m.position is None, m.position or 0, m.code)))


def _xsi_type(element: _Element) -> str:
    """Local name of ``xsi:type`` under whatever prefix the sender bound to XSI."""
    value = (element.get(XSI_TYPE) or "").strip()
    if not value:
        return ""
    prefix, _, local = value.rpartition(":")
    if prefix and prefix not in element.nsmap:
        return ""
    return local


def _source_html(element: _Element) -> str:
    """The HTML source an element carries: its text, or (rarely) embedded markup."""
    if len(element) == 0:
        return element.text or ""
    inner = [etree.tostring(child, encoding="unicode", with_tail=True) for child in element]
    return (element.text or "") + "".join(inner)


def _plain(text: str) -> str:
    return " ".join(text.split())


def _human(text: str) -> str:
    """Plain text for people: names may carry HTML entities or tags like HTML fields do."""
    if "&" in text or "<" in text:
        return " ".join(plain_text(text).split())
    return _plain(text)


def _line(element: _Element | None) -> int | None:
    line = element.sourceline if element is not None else None
    return line if isinstance(line, int) else None


def _datetime(raw: str) -> datetime | None:
    if not raw:
        return None
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=BERLIN)
