"""Read the elements of one parsed XZuFi message into records and delta operations.

Everything is read leniently: any root, every element possibly repeated,
children in the message namespace or unqualified (``code``/``name`` of a code
always are), German preferred among the languages sent. :class:`_Elements` is the
element access of one message (namespace, file, problems) and reads the common
building blocks (identifiers, codes, localized texts, HTML, links, ARS); one
section of functions per object kind reads Leistungen, offices with their
addresses and responsibilities, online services, regions and standalone
responsibilities. Problems are reported with the file and line; nothing raises.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from efa_kb.load.sanitize import clean_html, html_to_text, is_double_escaped, plain_text, safe_url
from efa_kb.load.values import BERLIN
from efa_kb.load.xzufi.deltas import Delete, Message, Write, XzufiObject
from efa_kb.load.xzufi.parse import XML_LANG, line, source_html, split, xsi_type
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
)
from efa_kb.problems import Problems

if TYPE_CHECKING:
    from lxml.etree import _Element

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


def read_message(
    root: _Element, namespace: str, version: str, rel: str, problems: Problems
) -> Message:
    """The operations of the message ``root`` (XZuFi ``namespace``, e.g. version ``2.3.1``)."""
    return _MessageReader(_Elements(namespace, rel, problems), version).read(root)


# --- element access -------------------------------------------------------------


class _Elements:
    """Element access within one message: knows its namespace, file and problems."""

    def __init__(self, namespace: str, rel: str, problems: Problems):
        self.namespace = namespace
        self.rel = rel
        self.problems = problems
        self._tags: dict[str, tuple[str, str]] = {}

    def warn(self, element: _Element | None, message: str, fix: str = "", code: str = "xzufi-data") -> None:
        self.problems.warning(self.rel, line(element), message, fix, code=code)

    def error(self, element: _Element | None, message: str, fix: str = "", code: str = "xzufi-missing-id") -> None:
        self.problems.error(self.rel, line(element), message, fix, code=code)

    def source(self, element: _Element) -> SourceRef:
        return SourceRef(self.rel, line(element))

    def tags(self, name: str) -> tuple[str, str]:
        """The two tags ``name`` may have: in the message namespace, and unqualified."""
        found = self._tags.get(name)
        if found is None:
            found = self._tags[name] = (f"{{{self.namespace}}}{name}", f"{{}}{name}")
        return found

    def kids(self, element: _Element | None, name: str) -> list[_Element]:
        """All children called ``name`` in the message namespace or unqualified."""
        if element is None:
            return []
        return list(element.iterchildren(*self.tags(name)))

    def kid(self, element: _Element | None, name: str) -> _Element | None:
        if element is None:
            return None
        return next(element.iterchildren(*self.tags(name)), None)

    def descendants(self, element: _Element, name: str) -> Iterator[_Element]:
        return element.iterdescendants(*self.tags(name))

    def text(self, element: _Element | None, name: str) -> str:
        child = self.kid(element, name)
        return _plain(child.text) if child is not None and child.text else ""

    def human(self, element: _Element | None, name: str) -> str:
        """Text meant for people: HTML entities and stray tags resolved once."""
        return _human(self.text(element, name))

    # common building blocks

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
        with_content = [e for e in elements if source_html(e).strip()]
        chosen, language = self.best_language(with_content)
        parts, texts = [], []
        for element in chosen:
            source = source_html(element)
            if is_double_escaped(source):
                self.warn(element, "HTML ist doppelt maskiert (etwa &amp;uuml; oder &lt;p&gt;); "
                          "es wird ein weiteres Mal entschlüsselt", "Korrigieren Sie den Export des Redaktionssystems")
            cleaned = clean_html(source)
            text = html_to_text(cleaned)
            if text:
                parts.append(cleaned)
                texts.append(text)
        # The parts are whole fragments: the text of their join is the join of their texts.
        return "\n".join(parts), "\n".join(texts), language

    def link(self, element: _Element, url_name: str = "uri") -> Link | None:
        raw = self.text(element, url_name) or (
            _plain(element.text or "") if len(element) == 0 else ""
        )
        if not raw:
            return None
        url = safe_url(raw)
        if url is None:
            self.warn(element, f"Der Link {raw[:80]!r} ist keine vollständige http(s)- oder mailto-Adresse; "
                      "er wird weggelassen", "Verwenden Sie eine vollständige https://-Adresse", code="xzufi-link")
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
            self.warn(element, f"Der Gebietsschlüssel {raw!r} ist kein Amtlicher Regionalschlüssel "
                      "(2, 5, 9 oder 12 Ziffern); er wird ignoriert",
                      "Verwenden Sie den ARS, etwa 091620000000 oder urn:de:bund:destatis:"
                      "bevoelkerungsstatistik:schluessel:rs:091620000000", code="xzufi-ars")
        return ""


# --- the message ----------------------------------------------------------------


class _MessageReader:
    """Reads the envelope of one message: its header time, ``schreibe`` and ``loesche``."""

    def __init__(self, x: _Elements, version: str):
        self.x = x
        self.version = version
        self.readers: dict[ObjectKind, Callable[[_Element], Iterable[XzufiObject]]] = {
            ObjectKind.LEISTUNG: lambda element: _leistung(x, element, version),
            ObjectKind.OFFICE: lambda element: _office(x, element),
            ObjectKind.ONLINE_SERVICE: lambda element: _online_service(x, element),
            ObjectKind.RESPONSIBILITY: lambda element: _transfer(x, element),
            ObjectKind.REGION: lambda element: _region(x, element),
        }

    def read(self, root: _Element) -> Message:
        x = self.x
        kopf = x.kid(root, "nachrichtenkopf")
        sent = self.sent(kopf)
        if kopf is None:
            x.warn(root, "Kein nachrichtenkopf; die Datei wird vor allen datierten Nachrichten angewandt",
                   "Exportieren Sie vollständige XZuFi-Nachrichten mit nachrichtenkopf")
        elif sent is None:
            x.warn(kopf, "Der nachrichtenkopf hat keinen lesbaren Erstellungszeitpunkt; die Datei wird "
                   "vor allen datierten Nachrichten angewandt",
                   "Ergänzen Sie erstellungszeitpunkt als ISO-Datum mit Uhrzeit")
        message = Message(x.rel, sent)
        _, root_name = split(root.tag)
        if root_name in _OBJECT_ELEMENTS or xsi_type(root) in _OBJECT_TYPES:
            self.write(root, message)
            return message
        found = False
        for child in root:  # document order: a loesche may precede a new schreibe
            namespace, local = split(child.tag)
            if namespace not in (x.namespace, None):
                continue
            if local == "schreibe":
                found = True
                for obj in child:
                    self.write(obj, message)
            elif local == "loesche":
                found = True
                self.delete(child, message)
        if not found:
            x.warn(root, "Die Nachricht enthält weder schreibe noch loesche")
        return message

    def sent(self, kopf: _Element | None) -> datetime | None:
        if kopf is None:
            return None
        # The header may use XÖV base namespaces: match the local name only.
        for name in _KOPF_TIMES:
            for element in kopf.iter():
                if split(element.tag)[1] == name:
                    parsed = _datetime(_plain(element.text or ""))
                    if parsed is not None:
                        return parsed
        return None

    def write(self, element: _Element, message: Message) -> None:
        _, local = split(element.tag)
        kind = _OBJECT_ELEMENTS.get(local) or _OBJECT_TYPES.get(xsi_type(element))
        if kind is None:
            if local not in _IGNORED_OBJECTS:
                self.x.warn(element, f"Unbekanntes Objekt {local!r} in schreibe; es wird ignoriert")
            return
        for obj in self.readers[kind](element):
            message.operations.append(Write(kind, obj))

    def delete(self, element: _Element, message: Message) -> None:
        x = self.x
        klasse = _plain(element.get("klasse", "") or x.text(element, "klasse"))
        kinds = {kind.value.casefold(): kind for kind in ObjectKind}
        kind = kinds.get(klasse.casefold())
        if kind is None:
            if klasse not in _IGNORED_DELETES:
                x.warn(element, f"loesche mit unbekannter klasse {klasse!r}; wird ignoriert",
                       "klasse ist eines von " + ", ".join(k.value for k in ObjectKind))
            return
        ids = x.idents(element, "id")
        if not ids:
            x.error(element, "loesche ohne id; wird ignoriert")
        for object_id in ids:
            message.operations.append(Delete(kind, object_id))


# --- Leistung -------------------------------------------------------------------


def _leistung(x: _Elements, element: _Element, version: str) -> Iterator[Leistung]:
    object_id = x.ident(x.kid(element, "id"))
    if object_id is None:
        x.error(element, "Leistung ohne id; wird übersprungen", "Jede Leistung braucht eine id")
        return
    titles: dict[str, str] = {}
    modules: list[tuple[int, TextModule]] = []
    for module in x.kids(element, "modulText"):
        code = x.code(x.kid(module, "leikaTextmodul"))
        if code is None:
            x.warn(module, "modulText ohne leikaTextmodul-Code; wird ignoriert")
            continue
        content, text, language = x.html(x.kids(module, "inhalt"))
        if code.code in (TextCode.LEISTUNGSBEZEICHNUNG, TextCode.LEISTUNGSBEZEICHNUNG_II):
            if text and code.code not in titles:
                titles[code.code] = " ".join(text.split())
            continue
        label = (x.localized(module, "leikaTextmodulAbweichendeBezeichnung")
                 or TEXT_LABELS.get(code.code) or code.name or f"Textmodul {code.code}")
        built = _text_module(x, module, code.code, label, content, text, language)
        if built:
            modules.append(built)
    for module in x.kids(element, "modulTextIndividuell"):
        code = x.code(x.kid(module, "individuellesTextmodultyp"))
        content, text, language = x.html(x.kids(module, "inhalt"))
        label = (code.name if code else "") or "Weitere Informationen"
        built = _text_module(x, module, INDIVIDUAL_TEXT, label, content, text, language)
        if built:
            modules.append(built)
    title = titles.get(TextCode.LEISTUNGSBEZEICHNUNG_II) or titles.get(
        TextCode.LEISTUNGSBEZEICHNUNG, "")
    if not title:
        x.warn(element, f"Leistung {object_id} hat keine Leistungsbezeichnung "
               "(Textmodul 02 oder 03)", "Ergänzen Sie das Textmodul 02 mit dem Namen")
        title = f"Leistung {object_id}"
    approval_element = x.kid(element, "modulFachlicheFreigabe")
    yield Leistung(
        id=object_id,
        title=title,
        leika_keys=_leika_keys(x, element),
        secondary_ids=x.idents(element, "idSekundaer"),
        formal_title=titles.get(TextCode.LEISTUNGSBEZEICHNUNG, ""),
        texts=_best_texts(modules),
        costs=tuple(_cost_module(x, m) for m in x.kids(element, "modulKosten")),
        deadlines=tuple(_deadline_module(x, m, "frist") for m in x.kids(element, "modulFrist")),
        processing_times=tuple(
            _deadline_module(x, m, "bearbeitungsdauer")
            for m in x.kids(element, "modulBearbeitungsdauer")
        ),
        documents=_documents(x, element),
        approval=_approval(x, approval_element) if approval_element is not None else None,
        areas=x.areas(element, "gueltigkeitGebietID"),
        terms=_terms(x, element),
        portals=tuple(
            lnk for lnk in (x.link(m) for m in x.kids(element, "modulUrsprungsportal")) if lnk
        ),
        changed=_changed(x, element),
        version=version,
        source=x.source(element),
    )


def _text_module(
    x: _Elements, module: _Element, code: str, label: str, content: str, text: str, language: str
) -> tuple[int, TextModule] | None:
    """The module ranked by its language, or None when it is empty."""
    links = x.links(module)
    if not text and not links:
        return None  # empty or <br>-only module
    if not text:
        _, language = x.best_language(x.kids(module, "weiterfuehrenderLink"))
    built = TextModule(code, label, content, text, links, x.position(module), language)
    return _lang_rank(language), built


def _best_texts(modules: list[tuple[int, TextModule]]) -> tuple[TextModule, ...]:
    """Per code, drop modules in another language when a German one exists."""
    best: dict[str, int] = {}
    for rank, module in modules:
        best[module.code] = min(rank, best.get(module.code, rank))
    kept = [m for rank, m in modules if rank <= max(1, best[m.code])]
    return tuple(sorted(kept, key=lambda m: (m.position is None, m.position or 0, m.code)))


def _leika_keys(x: _Elements, element: _Element) -> tuple[str, ...]:
    keys: list[str] = []
    for reference in (x.kids(element, "referenzLeiKa")
                      + x.kids(element, "referenzLeistungsschluessel")):
        code = x.code(reference)
        raw = code.code if code else _plain(reference.text or "")
        key = raw.rpartition(":")[2]
        if key.isdigit() and len(key) == 14:
            if key not in keys:
                keys.append(key)
        else:
            x.warn(reference, f"Der LeiKa-Schlüssel {raw!r} hat nicht 14 Ziffern; er wird ignoriert",
                   "Verwenden Sie den 14-stelligen Leistungsschlüssel, etwa 99108005001000", code="xzufi-leika")
    return tuple(keys)


def _cost_module(x: _Elements, module: _Element) -> CostModule:
    description, _, _ = x.html(x.kids(module, "beschreibung"))
    items = []
    for cost in x.kids(module, "kosten"):
        amount = _amount(x, cost, "betrag")
        lower = _amount(x, cost, "betragUntergrenze")
        upper = _amount(x, cost, "betragObergrenze")
        free = any(True for name in ("kostenFrei", "beschreibungKostenfreiheit")
                   for _ in x.descendants(cost, name))
        notes = [x.nested_localized(cost, name)
                 for name in ("beschreibungKostenfreiheit", "beschreibungVariabilitaet")]
        text_html, _, _ = x.html(x.kids(cost, "beschreibung"))
        vorkasse = x.text(cost, "vorkasse").lower()
        link_element = x.kid(cost, "linkKostenbildung")
        currency = _currency(x, cost)
        items.append(Cost(
            kind=x.code(x.kid(cost, "typ")),
            amount=amount,
            amount_from=lower,
            amount_to=upper,
            currency=currency,
            free=free or (amount is not None and amount == 0),
            description_html=text_html,
            note=" ".join(note for note in notes if note),
            prepayment={"true": True, "1": True, "false": False, "0": False}.get(vorkasse),
            link=x.link(link_element) if link_element is not None else None,
        ))
    return CostModule(description, tuple(items), x.links(module))


def _amount(x: _Elements, cost: _Element, name: str) -> Decimal | None:
    element = next(x.descendants(cost, name), None)
    if element is None:
        return None
    raw = x.text(element, "wert") or x.text(element, "value") or _plain(element.text or "")
    try:
        return Decimal(raw.replace(",", ".")) if raw else None
    except InvalidOperation:
        x.warn(element, f"Der Betrag {raw!r} ist keine Zahl; er wird ignoriert")
        return None


def _currency(x: _Elements, cost: _Element) -> str:
    for name in ("betrag", "betragUntergrenze", "betragObergrenze"):
        element = next(x.descendants(cost, name), None)
        if element is None:
            continue
        for attribute in ("currencyID", "currencyCode", "waehrung"):
            if element.get(attribute):
                return _plain(element.get(attribute, ""))
        code = x.code(x.kid(element, "waehrung")) or x.code(x.kid(element, "currencyCode"))
        if code:
            return code.code
    return "EUR"


def _deadline_module(x: _Elements, module: _Element, item_name: str) -> DeadlineModule:
    description, _, _ = x.html(x.kids(module, "beschreibung"))
    items = []
    for item in x.kids(module, item_name):
        text_html, _, _ = x.html(x.kids(item, "beschreibung"))
        von = next(x.descendants(item, "von"), None)
        bis = next(x.descendants(item, "bis"), None)
        items.append(Deadline(
            kind=x.code(x.kid(item, "typ")),
            duration=_duration(x, item),
            start=_plain(von.text or "") if von is not None else "",
            end=_plain(bis.text or "") if bis is not None else "",
            description_html=text_html,
        ))
    return DeadlineModule(description, tuple(items), x.links(module))


def _duration(x: _Elements, item: _Element) -> Duration | None:
    values = {}
    for name in ("dauer", "einheit", "dauerBis", "einheitBis"):
        element = next(x.descendants(item, name), None)
        if element is not None:
            code = x.code(element) if name.startswith("einheit") else None
            values[name] = code.code if code else _plain(element.text or "")
    amount = values.get("dauer", "")
    if not amount:
        return None
    if not amount.isdigit():
        x.warn(item, f"Die Dauer {amount!r} ist keine ganze Zahl; sie wird ignoriert")
        return None
    amount_to = values.get("dauerBis", "")
    return Duration(
        int(amount),
        values.get("einheit", "").upper(),
        int(amount_to) if amount_to.isdigit() else None,
        values.get("einheitBis", "").upper(),
    )


def _documents(x: _Elements, element: _Element) -> tuple[str, ...]:
    names: list[str] = []
    for module in x.kids(element, "modulDokument"):
        for document in x.kids(module, "dokumentEingehend"):
            inner = x.kid(document, "dokument")
            name = x.localized(inner if inner is not None else document, "bezeichnung")
            if name and name not in names:
                names.append(name)
    return tuple(names)


def _approval(x: _Elements, module: _Element) -> Approval | None:
    raw = x.text(module, "fachlichFreigegebenAm")
    on = None
    if raw:
        try:
            on = date.fromisoformat(raw[:10])
        except ValueError:
            x.warn(module, f"fachlichFreigegebenAm {raw!r} ist kein Datum (JJJJ-MM-TT)")
    by = x.localized(module, "fachlichFreigegebenDurch")
    return Approval(on, by) if on or by else None


def _terms(x: _Elements, element: _Element) -> tuple[str, ...]:
    found: list[str] = []
    for module in x.kids(element, "modulBegriffImKontext"):
        for term in x.kids(module, "begriffImKontext"):
            candidates = [e for e in x.kids(term, "begriff") if _plain(e.text or "")]
            chosen, language = x.best_language(candidates)
            word = _human(chosen[0].text or "") if chosen else ""
            if word and language == "de" and word not in found:
                found.append(word)
    return tuple(found)


def _changed(x: _Elements, element: _Element) -> str:
    for name in ("versionsinformation", "versionsinformationen"):
        info = x.kid(element, name)
        if info is not None:
            return x.text(info, "geaendertDatumZeit") or x.text(info, "erstelltDatumZeit")
    return ""


# --- offices, online services, responsibilities, regions ------------------------


def _office(x: _Elements, element: _Element) -> Iterator[Office]:
    object_id = x.ident(x.kid(element, "id"))
    if object_id is None:
        x.error(element, "Organisationseinheit ohne id; wird übersprungen")
        return
    names = []
    for wrapper in x.kids(element, "name"):
        inner = x.kids(wrapper, "name")
        names.extend(inner if inner else [wrapper])
    chosen, _ = x.best_language([n for n in names if _plain(n.text or "")])
    name = _human(chosen[0].text or "") if chosen else ""
    if not name:
        x.warn(element, f"Organisationseinheit {object_id} hat keinen Namen")
        name = f"Organisationseinheit {object_id}"
    contacts = []
    for contact in x.kids(element, "kommunikation"):
        channel = x.code(x.kid(contact, "kanal"))
        value = x.text(contact, "kennung")
        if value:
            contacts.append(ContactPoint(channel.code if channel else "",
                                         value, x.human(contact, "zusatz")))
    web = [lnk for lnk in (x.link(e) for e in x.kids(element, "internetadresse")) if lnk]
    yield Office(
        id=object_id,
        name=name,
        kind=xsi_type(element),
        addresses=tuple(_address(x, a) for a in x.kids(element, "anschrift")),
        contacts=tuple(contacts),
        links=tuple(web),
        responsibilities=_nested_responsibilities(x, element, object_id),
        source=x.source(element),
    )


def _address(x: _Elements, element: _Element) -> Address:
    coding = x.kid(element, "verwaltungspolitischeKodierung")
    areas: list[Area] = []
    state = ""
    if coding is not None:
        state_code = x.code(x.kid(coding, "bundesland"))
        state = state_code.code if state_code else ""
        for name in ("regionalschluessel", "gemeindeschluessel", "gemeindeverband",
                     "kreis", "bezirk"):
            code = x.code(x.kid(coding, name))
            if code:
                ars = x.ars(coding, code.code)
                if ars:
                    areas.append(Area(ars, code.name))
    return Address(
        kind=x.code(x.kid(element, "typ")) or x.code(x.kid(element, "anschrifttyp")),
        street=x.human(element, "strasse"),
        house_number=x.human(element, "hausnummer"),
        postcode=x.human(element, "postleitzahl"),
        city=x.human(element, "ort"),
        district=x.human(element, "ortsteil"),
        po_box=x.human(element, "postfach"),
        extra=x.human(element, "zusatz"),
        state_code=state,
        areas=tuple(areas),
    )


def _nested_responsibilities(
    x: _Elements, element: _Element, holder: ObjectId
) -> tuple[Responsibility, ...]:
    """The ``zustaendigkeit`` children of an office or online service."""
    found: list[Responsibility] = []
    for item in x.kids(element, "zustaendigkeit"):
        found.extend(_responsibilities(x, item, holder))
    return tuple(found)


def _responsibilities(x: _Elements, element: _Element, holder: ObjectId) -> list[Responsibility]:
    """One ``zustaendigkeit``: a responsibility per ``leistungID`` it names."""
    leistung_ids = x.idents(element, "leistungID")
    if not leistung_ids:
        x.warn(element, "Zuständigkeit ohne leistungID; wird ignoriert")
    return [
        Responsibility(
            leistung_id=leistung_id,
            holder_id=holder,
            areas=x.areas(element, "gebietID"),
            id=x.ident(x.kid(element, "id")),
            role=x.code(x.kid(element, "rolle")),
            source=x.source(element),
        )
        for leistung_id in leistung_ids
    ]


def _online_service(x: _Elements, element: _Element) -> Iterator[OnlineService]:
    object_id = x.ident(x.kid(element, "id"))
    if object_id is None:
        x.error(element, "Onlinedienst ohne id; wird übersprungen")
        return
    name = x.localized(element, "bezeichnung")
    chosen, _ = x.best_language(x.kids(element, "link"))
    links = [lnk for lnk in (x.link(e, "link") for e in chosen) if lnk]
    if not name:
        name = links[0].title if links and links[0].title else f"Onlinedienst {object_id}"
    yield OnlineService(
        id=object_id,
        name=name,
        links=tuple(links),
        trust_level=x.code(x.kid(element, "vertrauensniveau")),
        kind=xsi_type(element),
        responsibilities=_nested_responsibilities(x, element, object_id),
        source=x.source(element),
    )


def _region(x: _Elements, element: _Element) -> Iterator[Region]:
    object_id = x.ident(x.kid(element, "id"))
    if object_id is None:
        x.error(element, "Gebiet ohne id; wird übersprungen")
        return
    key = x.code(x.kid(x.kid(element, "verwaltungspolitischeKodierung"), "regionalschluessel"))
    ars = x.ars(element, key.code if key else object_id.value)
    name = x.localized(element, "bezeichnung")
    if ars and name:
        yield Region(object_id, ars, name, x.source(element))
    elif not name:
        x.warn(element, f"Gebiet {object_id} hat keine bezeichnung; wird ignoriert")


def _transfer(x: _Elements, element: _Element) -> Iterator[Responsibility]:
    """A ``zustaendigkeitTransferObjekt``: responsibilities sent apart from their holder."""
    holder = x.ident(x.kid(element, "uebergeordnetesObjektID"))
    if holder is None:
        x.error(element, "zustaendigkeitTransferObjekt ohne uebergeordnetesObjektID; "
                "wird übersprungen")
        return
    for item in x.kids(element, "zustaendigkeit"):
        yield from _responsibilities(x, item, holder)


# --- text -----------------------------------------------------------------------


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


def _plain(text: str) -> str:
    return " ".join(text.split())


def _human(text: str) -> str:
    """Plain text for people: names may carry HTML entities or tags like HTML fields do."""
    if "&" in text or "<" in text:
        return " ".join(plain_text(text).split())
    return _plain(text)


def _datetime(raw: str) -> datetime | None:
    if not raw:
        return None
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=BERLIN)
