"""The hardened parse of untrusted XZuFi files; the only module that imports lxml.

A DOCTYPE is refused before parsing, entities are never resolved, no network or
file access happens, size and depth are bounded. Whatever is refused raises
:class:`Refused` with the line for the report. Besides the parse, this module
knows the namespaces (XZuFi, genericode, XSI), reads genericode code lists and
gives the few element facts the readers need from lxml (tag split, line,
``xsi:type``, embedded markup).
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from lxml.etree import _Element

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

FIX_XML = "Exportieren Sie die Datei erneut aus dem Redaktionssystem; sie muss wohlgeformtes XML sein"


class Refused(Exception):
    """A file that is not read at all; carries the line for the report."""

    def __init__(self, message: str, line: int | None = None, fix: str = FIX_XML):
        super().__init__(message)
        self.message, self.line, self.fix = message, line, fix


def read_bytes(path: Path) -> bytes:
    """The file's bytes; :class:`Refused` when it is too large, ``OSError`` when unreadable."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise Refused(f"Die Datei hat {size} Bytes, mehr als die erlaubten {MAX_BYTES}",
                      fix="Teilen Sie den Export in kleinere Nachrichten auf")
    return path.read_bytes()


def parse_bytes(data: bytes) -> _Element:
    """Parse untrusted XML into its root element, or raise :class:`Refused`."""
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        raise Refused("Das ist JSON, keine XZuFi-Nachricht in XML",
                      fix="Exportieren Sie XZuFi als XML, oder entfernen Sie die Datei aus xzufi/")
    doctype_line = _doctype_line(data)
    if doctype_line:
        raise Refused(
            "DOCTYPE-Deklarationen sind nicht erlaubt (sie ermöglichen externe Entitäten und "
            "Entitätserweiterung); die Datei wird abgelehnt",
            doctype_line,
            "Entfernen Sie die Deklaration <!DOCTYPE …>; XZuFi-Nachrichten brauchen keine DTD",
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
        raise Refused(f"Kein wohlgeformtes XML: {exc.msg}", exc.lineno) from None
    if root is None:
        raise Refused("Die Datei enthält kein XML-Element", 1)
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.doctype:
        raise Refused("DOCTYPE-Deklarationen sind nicht erlaubt; die Datei wird abgelehnt", 1)
    for entity in root.iter(etree.Entity):
        raise Refused("Entitätsverweise sind nicht erlaubt; die Datei wird abgelehnt", line(entity))
    deepest, deepest_line = _depth(root)
    if deepest > MAX_DEPTH:
        raise Refused(f"Elemente sind mehr als {MAX_DEPTH} Ebenen tief verschachtelt; die Datei wird abgelehnt",
                      deepest_line)
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
    """``(MAX_DEPTH + 1, line)`` of the first element nested deeper than allowed, else ``(0, None)``."""
    # One XPath step per level, evaluated by libxml2: far cheaper than walking the tree in Python.
    too_deep = root.xpath("/*" * (MAX_DEPTH + 1) + "[1]")
    if isinstance(too_deep, list) and too_deep and isinstance(too_deep[0], _Element):
        return MAX_DEPTH + 1, line(too_deep[0])
    return 0, None


# --- element facts ----------------------------------------------------------------


def split(tag: object) -> tuple[str | None, str]:
    """``(namespace, local name)`` of a tag; ``(None, "")`` for comments and the like."""
    if not isinstance(tag, str):
        return None, ""
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        return namespace, local
    return None, tag


def line(element: _Element | None) -> int | None:
    """1-based source line of ``element``, if known."""
    found = element.sourceline if element is not None else None
    return found if isinstance(found, int) else None


def xsi_type(element: _Element) -> str:
    """Local name of ``xsi:type`` under whatever prefix the sender bound to XSI."""
    value = (element.get(XSI_TYPE) or "").strip()
    if not value:
        return ""
    prefix, _, local = value.rpartition(":")
    if prefix and prefix not in element.nsmap:
        return ""
    return local


def source_html(element: _Element) -> str:
    """The HTML source an element carries: its text, or (rarely) embedded markup."""
    if len(element) == 0:
        return element.text or ""
    inner = [etree.tostring(child, encoding="unicode", with_tail=True) for child in element]
    return (element.text or "") + "".join(inner)


# --- genericode -------------------------------------------------------------------


def read_code_list(root: _Element) -> tuple[str, dict[str, str]] | None:
    """Read a genericode list as ``(canonical URI, code → name)``: only its root is namespaced."""
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
