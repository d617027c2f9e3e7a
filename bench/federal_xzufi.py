"""XZuFi messages for ``bench/federal_repo.py``: geography, Leistungen, offices, Gebiete.

One message per state (XZuFi 2.3.1, HTML in CDATA with HTML entities) and one
Bund message (XZuFi 2.2.0, HTML as escaped text), shaped like the examples in
``xzufi/`` and read by ``efa_kb/load/xzufi.py``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

try:
    from bench.federal_text import (
        LEISTUNG_ACTIONS,
        LEISTUNG_GROUPS,
        LEISTUNG_TEXT,
        STREETS,
        TOWN_STEMS,
        TOWN_SUFFIXES,
        Land,
        ServiceSpec,
        Writer,
        slugify,
    )
except ImportError:  # run as a script from bench/
    from federal_text import (  # type: ignore[no-redef]
        LEISTUNG_ACTIONS,
        LEISTUNG_GROUPS,
        LEISTUNG_TEXT,
        STREETS,
        TOWN_STEMS,
        TOWN_SUFFIXES,
        Land,
        ServiceSpec,
        Writer,
        slugify,
    )

BUND_AGENCY = "B100019"
RS_URN = "urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:rs:"
_DE = 'languageCode="de"'
_EUR = 'currencyID="EUR"'
_TEXT_LIST = 'listURI="urn:de:xzufi:codeliste:leistungstextmodulleika"'
_PLZ = {
    "bw": (70, 72, 74, 76, 78, 79), "by": (80, 83, 86, 90, 93, 97), "be": (10, 12, 13),
    "bb": (14, 15, 16), "hb": (27, 28), "hh": (20, 21, 22), "he": (34, 35, 60, 63, 65),
    "mv": (17, 18, 19), "ni": (26, 29, 30, 31, 37, 49), "nw": (32, 40, 44, 48, 50, 52),
    "rp": (54, 55, 56, 67), "sl": (66,), "sn": (1, 2, 4, 8, 9), "st": (6, 38, 39),
    "sh": (23, 24, 25), "th": (7, 98, 99),
}
_ENTITIES = {"ä": "&auml;", "ö": "&ouml;", "ü": "&uuml;", "Ä": "&Auml;", "Ö": "&Ouml;",
             "Ü": "&Uuml;", "ß": "&szlig;", "„": "&bdquo;", "“": "&ldquo;", "–": "&ndash;",
             "§": "&sect;"}


BEZIRKE = {
    "be": ("Mitte", "Friedrichshain-Kreuzberg", "Pankow", "Charlottenburg-Wilmersdorf", "Spandau",
           "Steglitz-Zehlendorf", "Tempelhof-Schöneberg", "Neukölln", "Treptow-Köpenick",
           "Marzahn-Hellersdorf", "Lichtenberg", "Reinickendorf"),
    "hh": ("Hamburg-Mitte", "Altona", "Eimsbüttel", "Hamburg-Nord", "Wandsbek", "Bergedorf",
           "Harburg"),
    "hb": ("Bremen", "Bremerhaven"),
}
"""The real districts (Bezirke) of the city states; Bremen's two municipalities."""


# --- geography --------------------------------------------------------------------


@dataclass(frozen=True)
class Town:
    ars: str
    name: str


@dataclass
class District:
    ars: str
    """12 digits, district level (``09162`` + zeros)."""
    name: str
    kind: str
    """``Landkreis``, ``kreisfreie Stadt`` or ``Bezirk``."""
    towns: list[Town] = field(default_factory=list)
    plz: int = 10000


@dataclass
class Geography:
    land: Land
    districts: list[District]

    @property
    def state_ars(self) -> str:
        return self.land.ars + "0" * 10

    def towns(self) -> list[Town]:
        return [t for d in self.districts for t in d.towns]


def geography(rng: random.Random, land: Land) -> Geography:
    """Districts and towns of ``land``: the real capital first, then invented places."""
    used_names: set[str] = {land.capital}
    used_keys: set[str] = set()

    def town_name() -> str:
        while True:
            name = rng.choice(TOWN_STEMS) + rng.choice(TOWN_SUFFIXES)
            name = ("Bad " + name) if rng.random() < 0.06 else name
            if name not in used_names:
                used_names.add(name)
                return name

    def plz() -> int:
        return rng.choice(_PLZ[land.code]) * 1000 + rng.randint(0, 999)

    districts: list[District] = []
    capital_key = land.capital_ars[:5]
    if land.code in BEZIRKE:
        for k, name in enumerate(BEZIRKE[land.code], start=1):
            ars = f"{land.ars}0{k:02d}" + "0" * 7
            kind = "kreisfreie Stadt" if land.code == "hb" else "Bezirk"
            if land.code == "hb":
                ars = f"04{k + 10:03d}" + "0" * 7
            districts.append(District(ars, name, kind, [Town(ars, name)], plz()))
        return Geography(land, districts)
    capital_city = land.capital_ars[5:] == "0" * 7
    if capital_city:
        districts.append(District(land.capital_ars, land.capital, "kreisfreie Stadt",
                                  [Town(land.capital_ars, land.capital)], plz()))
    else:
        region = District(capital_key + "0" * 7, f"Region {land.capital}", "Landkreis",
                          [Town(land.capital_ars, land.capital)], plz())
        districts.append(region)
    used_keys.add(capital_key)
    for _ in range(rng.randint(6, 10)):
        while True:
            key = f"{land.ars}{rng.randint(1, 4)}{rng.randint(11, 89):02d}"
            if key not in used_keys:
                used_keys.add(key)
                break
        if rng.random() < 0.25:
            name = town_name()
            ars = key + "0" * 7
            districts.append(District(ars, name, "kreisfreie Stadt", [Town(ars, name)], plz()))
        else:
            districts.append(District(key + "0" * 7, town_name(), "Landkreis", [], plz()))
    for district in districts:
        if district.kind != "Landkreis":
            continue
        seen = {t.ars for t in district.towns}
        for _ in range(rng.randint(4, 7)):
            number = rng.randint(1, 299)
            ars = f"{district.ars[:5]}{number:04d}{number:03d}"
            if ars not in seen:
                seen.add(ars)
                district.towns.append(Town(ars, town_name()))
    return Geography(land, districts)


# --- Leistungen ---------------------------------------------------------------------


@dataclass(frozen=True)
class LeistungRef:
    """What the offices need to know of a generated Leistung."""

    agency: str
    id: str
    service: str


SOCIAL = frozenset((
    "wohngeld", "elterngeld", "bafoeg", "unterhaltsvorschuss", "wbs", "kita", "hilfe-zur-pflege",
    "blindengeld", "grundsicherung", "schwerbehinderung", "aufstiegsbafoeg", "schulanmeldung",
    "schuelerbefoerderung", "ehrenamtskarte", "soforthilfe", "parkerleichterung",
))
"""Services whose Leistungen the social department of a district handles."""


def entities(html: str) -> str:
    """Umlauts and typographic characters as HTML entities, as editorial systems send them."""
    return "".join(_ENTITIES.get(ch, ch) for ch in html)


class Dialect:
    """How one message spells things: namespace prefix, version, HTML transport."""

    def __init__(self, version: str):
        self.version = version
        self.p = "xz" if version == "2.3.1" else "xzufi"
        self.ns = "http://xoev.de/schemata/xzufi/" + version.replace(".", "_")

    def html(self, html: str, use_entities: bool) -> str:
        html = entities(html) if use_entities else html
        if self.version == "2.3.1":
            return f"<![CDATA[{html.replace(']]>', ']] >')}]]>"
        return escape(html)

    def el(self, name: str, content: str, attrs: str = "") -> str:
        space = " " if attrs else ""
        return f"<{self.p}:{name}{space}{attrs}>{content}</{self.p}:{name}>"

    def open(self, root: str, kopf_uuid: str, created: str, product: str) -> list[str]:
        p = self.p
        return [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f"<!-- Generiert von bench/federal_repo.py: {product}, XZuFi {self.version}. -->",
            f'<{p}:{root} xmlns:{p}="{self.ns}"',
            '    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
            (f'    xzufiVersion="{self.version}" produktbezeichnung={quoteattr(product)} '
            'produkthersteller="efa-kb bench" produktversion="1.0">'),
            f"  <{p}:nachrichtenkopf>",
            f"    {self.el('nachrichtUUID', kopf_uuid)}",
            f"    {self.el('erstellungszeitpunkt', created)}",
            f"  </{p}:nachrichtenkopf>",
        ]


def uuid_from(rng: random.Random) -> str:
    digits = f"{rng.getrandbits(128):032x}"
    return f"{digits[:8]}-{digits[8:12]}-4{digits[13:16]}-a{digits[17:20]}-{digits[20:]}"


class LeistungWriter:
    """Writes ``<leistung>`` objects for the services' LeiKa keys."""

    def __init__(self, rng: random.Random, specs: dict[str, ServiceSpec],
                 leika: dict[str, list[str]]):
        self.rng = rng
        self.specs = specs
        self.leika = leika
        self.count = 0

    def leistung(self, d: Dialect, agency: str, lid: str, slug: str, land: Land | None,
                 area: str | None, ministry: str) -> tuple[str, LeistungRef]:
        rng, spec, p = self.rng, self.specs[slug], d.p
        writer = Writer(rng, spec, {})
        action, verb = rng.choice(LEISTUNG_ACTIONS)
        topic = rng.choice(spec.topics)
        group = rng.choice(LEISTUNG_GROUPS)
        name = f"{spec.thing.word} {topic.word} {action}"
        title = f"{topic.word}: {spec.thing.word} {verb}{group}"
        if land is not None and rng.random() < 0.5:
            title += f" ({land.name})"
        ent = rng.random() < 0.7
        keys = self.leika[slug]
        chosen = sorted(rng.sample(keys, min(len(keys), rng.randint(1, 2))))
        out = [f"  <{p}:schreibe>", f"    <{p}:leistung>",
               f"      {d.el('id', lid, f'schemeAgencyID={quoteattr(agency)}')}"]
        for key in chosen:
            if d.version == "2.3.1":
                out.append("      " + d.el("referenzLeistungsschluessel", key,
                                           'schemeID="urn:de:fim:leika:leistung"'))
            else:
                out.append("      " + d.el("referenzLeiKa", f"<code>{key}</code>",
                                           'listURI="urn:de:fim:leika:leistung"'))
        modules = [("02", escape(name)), ("03", escape(title)),
                   ("05", d.html(f"<p>{' '.join(writer.sentences(LEISTUNG_TEXT, 2))}</p>", ent)),
                   ("06", d.html(self.volltext(writer), ent)),
                   ("08", d.html(self.items(rng.sample(spec.documents,
                                                       min(len(spec.documents), 3))), ent))]
        if rng.random() < 0.6:
            modules.append(("09", d.html(self.items(
                [writer.fill(t) for t in rng.sample(LEISTUNG_TEXT, 3)]), ent)))
        if rng.random() < 0.6:
            modules.append(("11", d.html(self.items(writer.steps(rng.randint(3, 5)), "ol"), ent)))
        for position, (code, content) in enumerate(modules, start=1):
            out += [f"      <{p}:modulText>",
                    f"        {d.el('positionDarstellung', str(position))}",
                    f"        {d.el('leikaTextmodul', f'<code>{code}</code>', _TEXT_LIST)}",
                    f"        {d.el('inhalt', content, _DE)}",
                    f"      </{p}:modulText>"]
        if rng.random() < 0.4:
            out += [f"      <{p}:modulText>",
                    f"        {d.el('leikaTextmodul', '<code>07</code>', _TEXT_LIST)}",
                    "        " + d.el("inhalt", d.html(
                        f"<p>§ {rng.randint(1, 80)} {spec.thing.word}gesetz</p>", ent),
                        _DE),
                    f"        <{p}:weiterfuehrenderLink languageCode=\"de\">",
                    f"          {d.el('uri', f'https://www.gesetze-im-internet.de/{slug}/')}",
                    f"          {d.el('titel', escape(f'Rechtsgrundlage {spec.thing.word}'))}",
                    f"        </{p}:weiterfuehrenderLink>",
                    f"      </{p}:modulText>"]
        out += self.costs(d, writer)
        out += self.deadline(d, writer)
        out += self.duration(d, writer, ent)
        freigabe = f"20{rng.randint(24, 26)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        out += [f"      <{p}:modulFachlicheFreigabe>",
                f"        {d.el('fachlichFreigegebenAm', freigabe)}",
                f"        {d.el('fachlichFreigegebenDurch', escape(ministry), _DE)}",
                f"      </{p}:modulFachlicheFreigabe>"]
        if area:
            out.append("      " + d.el("gueltigkeitGebietID",
                                       RS_URN + area if rng.random() < 0.2 else area))
        out += [f"      <{p}:versionsinformation>",
                f"        {d.el('erstelltDatumZeit', '2021-03-01T10:00:00+01:00')}",
                f"        {d.el('geaendertDatumZeit', freigabe + 'T14:12:00+01:00')}",
                f"      </{p}:versionsinformation>",
                f"    </{p}:leistung>", f"  </{p}:schreibe>"]
        self.count += 1
        return "\n".join(out), LeistungRef(agency, lid, slug)

    def volltext(self, writer: Writer) -> str:
        rng = writer.rng
        paragraphs = [f"<p>{' '.join(writer.sentences(LEISTUNG_TEXT, rng.randint(2, 4)))}</p>"
                      for _ in range(rng.randint(2, 3))]
        bullets = self.items([writer.fill(t) for t in rng.sample(LEISTUNG_TEXT, 3)])
        return "\n".join(paragraphs[:1] + [bullets] + paragraphs[1:])

    @staticmethod
    def items(texts: list[str], tag: str = "ul") -> str:
        return f"<{tag}>" + "".join(f"<li>{t}</li>" for t in texts) + f"</{tag}>"

    def costs(self, d: Dialect, writer: Writer) -> list[str]:
        rng, p = writer.rng, d.p
        kind = rng.choice(("free", "fix", "fix", "range", "both"))
        out = [f"      <{p}:modulKosten>"]
        typ = d.el("typ", "<code>001</code>", 'listURI="urn:xoev-de:fim:codeliste:kostentyp"')
        if kind == "free":
            out += [f"        <{p}:kosten>", f"          {typ}", f"          <{p}:kostenFrei>",
                    "            " + d.el("beschreibungKostenfreiheit",
                                          "Für den Antrag fallen keine Gebühren an.",
                                          _DE),
                    f"          </{p}:kostenFrei>", f"        </{p}:kosten>"]
        if kind in ("fix", "both"):
            amount = writer.euro().replace(",", ".")
            out += [f"        <{p}:kosten>", f"          {typ}",
                    (f"          <{p}:kostenFix>{d.el('betrag', amount, _EUR)}"
                    f"</{p}:kostenFix>"),
                    "          " + d.el("beschreibung", escape(
                        f"Gebühr der {writer.spec.authority.word}"), _DE),
                    f"          {d.el('vorkasse', rng.choice(('true', 'false')))}",
                    f"        </{p}:kosten>"]
        if kind in ("range", "both"):
            low = rng.randint(5, 60)
            out += [f"        <{p}:kosten>",
                    "          " + d.el("typ", "<code>002</code>",
                                        'listURI="urn:xoev-de:fim:codeliste:kostentyp"'),
                    f"          <{p}:kostenVariabel>",
                    "            " + d.el("betragUntergrenze", f"{low}.00", _EUR),
                    "            " + d.el("betragObergrenze", f"{low + rng.randint(10, 200)}.00",
                                          _EUR),
                    "            " + d.el("beschreibungVariabilitaet",
                                          "Die Gebühr richtet sich nach dem Aufwand im Einzelfall.",
                                          _DE),
                    f"          </{p}:kostenVariabel>", f"        </{p}:kosten>"]
        return out + [f"      </{p}:modulKosten>"]

    def deadline(self, d: Dialect, writer: Writer) -> list[str]:
        rng, p = writer.rng, d.p
        if rng.random() < 0.35:
            return []
        unit = rng.choice(("MONAT", "WOCHE", "TAG"))
        return [f"      <{p}:modulFrist>", f"        <{p}:frist>",
                "          " + d.el("typ", "<code>001</code>",
                                    'listURI="urn:xoev-de:fim:codeliste:fristtyp"'),
                (f"          <{p}:fristDauer>{d.el('dauer', str(rng.randint(1, 12)))}"
                f"{d.el('einheit', unit)}</{p}:fristDauer>"),
                "          " + d.el("beschreibung", escape(writer.fill(
                    "Antrag rechtzeitig vor Ablauf stellen; {a.der} muss dann vorliegen.")),
                    _DE),
                f"        </{p}:frist>", f"      </{p}:modulFrist>"]

    def duration(self, d: Dialect, writer: Writer, ent: bool) -> list[str]:
        rng, p = writer.rng, d.p
        low = rng.randint(1, 8)
        unit = rng.choice(("WOCHE", "WOCHE", "TAG", "ARBEITSTAG", "MONAT"))
        upper = (d.el("dauerBis", str(low + rng.randint(1, 6))) + d.el("einheitBis", unit)
                 if rng.random() < 0.6 else "")
        out = [f"      <{p}:modulBearbeitungsdauer>"]
        if rng.random() < 0.5:
            out.append("        " + d.el("beschreibung", d.html(
                f"<p>Die Bearbeitungsdauer hängt von {writer.spec.authority.dem} und der "
                "Vollständigkeit der Unterlagen ab.</p>", ent), _DE))
        out += [f"        <{p}:bearbeitungsdauer>",
                (f"          <{p}:fristDauer>{d.el('dauer', str(low))}{d.el('einheit', unit)}"
                f"{upper}</{p}:fristDauer>"),
                f"        </{p}:bearbeitungsdauer>", f"      </{p}:modulBearbeitungsdauer>"]
        return out


# --- offices, Gebiete and whole messages --------------------------------------------

_ROOT = "transfer.objekte.010101"
_RS_LIST = 'listURI="urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:{}"'
_CHANNEL = 'listURI="urn:de:xoev:codeliste:erreichbarkeit"'


@dataclass
class Office:
    id: str
    name: str
    district: District | None
    town: Town
    department: str
    plz: int
    host: str
    zustaendigkeiten: list[str] = field(default_factory=list)


@dataclass
class MessageCounts:
    gebiete: int = 0
    offices: int = 0
    zustaendigkeiten: int = 0


def _code(value: str, name: str = "") -> str:
    return f"<code>{value}</code>" + (f"<name>{escape(name)}</name>" if name else "")


def office_prefix(land: Land, district: District) -> str:
    if district.kind == "Bezirk":
        return f"Bezirksamt {district.name}"
    if district.kind == "kreisfreie Stadt":
        return f"Stadt {district.name}" if land.code != "hb" else f"Magistrat {district.name}"
    if land.code in ("nw", "rp", "sh", "mv"):
        return f"Kreisverwaltung {district.name}"
    return f"Landratsamt {district.name}"


def _offices(geo: Geography) -> tuple[Office, dict[tuple[str, bool], Office]]:
    """The state's central office and two offices per district (general, social)."""
    land = geo.land
    capital = geo.districts[0]
    capital_town = next((t for t in capital.towns if t.ars == land.capital_ars), capital.towns[0])
    central = Office(f"OE-{land.ars}0000001", f"Landesverwaltungsamt {land.name}", None,
                     capital_town, "landesverwaltungsamt", capital.plz,
                     f"{land.domain}.example.org")
    by_district: dict[tuple[str, bool], Office] = {}
    for district in geo.districts:
        prefix = office_prefix(land, district)
        town = district.towns[0] if district.towns else Town(district.ars, district.name)
        key = district.ars[:5]
        host = slugify(district.name, 3) + ".example.org"
        by_district[(district.ars, False)] = Office(
            f"OE-{key}0001", f"{prefix} – Bürgerservice und Ordnung", district, town,
            "buergerservice", district.plz, host)
        by_district[(district.ars, True)] = Office(
            f"OE-{key}0002", f"{prefix} – Fachbereich Soziales, Jugend und Wohnen", district, town,
            "soziales", district.plz, host)
    return central, by_district


def _zustaendigkeit(d: Dialect, office: Office, ref: LeistungRef, areas: list[str],
                    agency: str) -> str:
    p = d.p
    number = len(office.zustaendigkeiten) + 1
    own = f"schemeAgencyID={quoteattr(agency)}"
    lines = [f"      <{p}:zustaendigkeit>",
             f"        {d.el('id', f'Z-{office.id[3:]}-{number}', own)}",
             f"        {d.el('leistungID', ref.id, f'schemeAgencyID={quoteattr(ref.agency)}')}"]
    lines += [f"        {d.el('gebietID', area)}" for area in areas]
    lines += ["        " + d.el("rolle", "<code>01</code>",
                                'listURI="urn:xoev-de:fim:codeliste:zustaendigkeitsrolle"'),
              f"      </{p}:zustaendigkeit>"]
    return "\n".join(lines)


def _office_xml(d: Dialect, rng: random.Random, land: Land, office: Office, agency: str) -> str:
    p = d.p
    district = office.district
    kreis = district.ars[:5] if district else land.capital_ars[:5]
    kreis_name = district.name if district else land.capital
    plz, host = office.plz, office.host
    area_code = 100 + plz // 100 % 900
    lines = [
        f"  <{p}:schreibe>",
        f'    <{p}:organisationseinheit xsi:type="{p}:OrganisationseinheitErweitert">',
        f"      {d.el('id', office.id, f'schemeAgencyID={quoteattr(agency)}')}",
        f"      <{p}:name>{d.el('name', escape(office.name), _DE)}</{p}:name>",
        f"      <{p}:anschrift>",
        "        " + d.el("typ", _code("001", "Hausanschrift"),
                          'listURI="urn:xoev-de:fim:codeliste:xzufi.anschrifttyp"'),
        f"        {d.el('strasse', escape(rng.choice(STREETS)))}",
        f"        {d.el('hausnummer', str(rng.randint(1, 120)))}",
        f"        {d.el('postleitzahl', f'{plz:05d}')}",
        f"        {d.el('ort', escape(office.town.name))}",
        f"        <{p}:verwaltungspolitischeKodierung>",
        f"          {d.el('bundesland', _code(land.ars), _RS_LIST.format('bundesland'))}",
        f"          {d.el('kreis', _code(kreis, kreis_name), _RS_LIST.format('kreis'))}",
        "          " + d.el("regionalschluessel", _code(office.town.ars, office.town.name),
                            _RS_LIST.format("rs")),
        f"        </{p}:verwaltungspolitischeKodierung>",
        f"      </{p}:anschrift>",
        (f"      <{p}:kommunikation>{d.el('kanal', _code('02', 'Telefon'), _CHANNEL)}"
        f"{d.el('kennung', f'0{area_code} {rng.randint(100, 9999)}-{rng.randint(0, 999)}')}"
        f"</{p}:kommunikation>"),
        (f"      <{p}:kommunikation>{d.el('kanal', _code('01', 'E-Mail'), _CHANNEL)}"
        f"{d.el('kennung', f'{office.department}@{host}')}</{p}:kommunikation>"),
    ]
    if rng.random() < 0.4:
        lines.append(f"      <{p}:kommunikation>{d.el('kanal', _code('04', 'Fax'), _CHANNEL)}"
                     f"{d.el('kennung', f'0{area_code} {rng.randint(100, 9999)}-99')}"
                     f"</{p}:kommunikation>")
    lines += [f"      <{p}:internetadresse>",
              f"        {d.el('uri', f'https://www.{host}/{office.department}')}",
              f"        {d.el('titel', 'Internetauftritt')}",
              f"      </{p}:internetadresse>"]
    lines += office.zustaendigkeiten
    lines += [f"    </{p}:organisationseinheit>", f"  </{p}:schreibe>"]
    return "\n".join(lines)


def _gebiet_xml(d: Dialect, agency: str, ars: str, name: str, urn_id: bool) -> str:
    p = d.p
    if urn_id:
        return (f"  <{p}:schreibe><{p}:gebiet>"
                f"{d.el('id', RS_URN + ars, f'schemeAgencyID={quoteattr(agency)}')}"
                f"{d.el('bezeichnung', escape(name), _DE)}</{p}:gebiet></{p}:schreibe>")
    return "\n".join([
        f"  <{p}:schreibe>", f"    <{p}:gebiet>",
        f"      {d.el('id', f'GB-{ars}', f'schemeAgencyID={quoteattr(agency)}')}",
        f"      {d.el('bezeichnung', escape(name), _DE)}",
        (f"      <{p}:verwaltungspolitischeKodierung>"
        f"{d.el('regionalschluessel', _code(ars, name), _RS_LIST.format('rs'))}"
        f"</{p}:verwaltungspolitischeKodierung>"),
        f"    </{p}:gebiet>", f"  </{p}:schreibe>",
    ])


def state_message(rng: random.Random, geo: Geography, leistungen: list[str],
                  refs: list[LeistungRef], created: str) -> tuple[str, MessageCounts]:
    """The state's message: Gebiete, its own Leistungen, offices responsible for ``refs``."""
    land, d = geo.land, Dialect("2.3.1")
    agency = f"L1000{land.ars}"
    counts = MessageCounts()
    out = d.open(_ROOT, uuid_from(rng), created, f"Landesredaktion {land.name}")
    places = [(geo.state_ars, land.name)]
    for district in geo.districts:
        label = f"Landkreis {district.name}" if district.kind == "Landkreis" else district.name
        places.append((district.ars, label))
        places += [(t.ars, t.name) for t in district.towns if t.ars != district.ars]
    for ars, name in places:
        out.append(_gebiet_xml(d, agency, ars, name, urn_id=rng.random() < 0.3))
        counts.gebiete += 1
    out += leistungen
    central, by_district = _offices(geo)
    for ref in refs:
        if rng.random() < 0.35:
            central.zustaendigkeiten.append(
                _zustaendigkeit(d, central, ref, [geo.state_ars], agency))
            continue
        for district in geo.districts:
            office = by_district[(district.ars, ref.service in SOCIAL)]
            areas = [district.ars]
            if district.kind == "Landkreis" and rng.random() < 0.2:
                areas = [t.ars for t in district.towns]
            office.zustaendigkeiten.append(_zustaendigkeit(d, office, ref, areas, agency))
    for office in [central, *by_district.values()]:
        out.append(_office_xml(d, rng, land, office, agency))
        counts.offices += 1
        counts.zustaendigkeiten += len(office.zustaendigkeiten)
    out.append(f"</{d.p}:{_ROOT}>")
    return "\n".join(out) + "\n", counts


def bund_message(rng: random.Random, leistungen: list[str], created: str) -> str:
    """The Bund message (XZuFi 2.2.0): the nationwide Leistungen."""
    d = Dialect("2.2.0")
    out = d.open(_ROOT, uuid_from(rng), created, "FIM-Redaktionssystem Bund")
    return "\n".join([*out, *leistungen, f"</{d.p}:{_ROOT}>"]) + "\n"
