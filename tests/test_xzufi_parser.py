"""XZuFi parser: the example data, the real samples and every pitfall of XZUFI.md §10."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from efa_kb.load.xzufi import load_xzufi
from efa_kb.merge.xzufi import XzufiSelection, all_responsibilities
from efa_kb.model.xzufi import (
    ObjectId,
    TextCode,
    XzufiCatalog,
    ars_key,
    ars_overlaps,
)
from efa_kb.problems import Problems, Severity

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "xzufi"
SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "xzufi-samples"

NS22 = "http://xoev.de/schemata/xzufi/2_2_0"
NS231 = "http://xoev.de/schemata/xzufi/2_3_1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"


def message(body: str, *, time: str | None = "2025-01-01T08:00:00+01:00", ns: str = NS22,
            prefix: str = "xzufi", root: str = "nachricht") -> str:
    """An XZuFi message; ``X:`` in ``body`` becomes the chosen prefix (or none)."""
    p = f"{prefix}:" if prefix else ""
    declaration = f'xmlns:{prefix}="{ns}"' if prefix else f'xmlns="{ns}"'
    kopf = (f"<X:nachrichtenkopf><X:erstellungszeitpunkt>{time}</X:erstellungszeitpunkt>"
            "</X:nachrichtenkopf>") if time else ""
    text = (f'<?xml version="1.0" encoding="UTF-8"?>\n<X:{root} {declaration} '
            f'xmlns:xsi="{XSI}" xzufiVersion="2.2.0">\n{kopf}\n{body}\n</X:{root}>\n')
    return text.replace("X:", p)


def leistung(value: str, *, agency: str = "B100019", keys: tuple[str, ...] = ("99108005001000",),
             title: str = "Wohngeld beantragen", extra: str = "") -> str:
    references = "".join(f"<X:referenzLeiKa><code>{key}</code></X:referenzLeiKa>" for key in keys)
    return (f'<X:schreibe><X:leistung><X:id schemeAgencyID="{agency}">{value}</X:id>{references}'
            f'<X:modulText><X:leikaTextmodul><code>03</code></X:leikaTextmodul>'
            f'<X:inhalt languageCode="de">{title}</X:inhalt></X:modulText>{extra}'
            "</X:leistung></X:schreibe>")


def module(code: str, *contents: str, links: str = "") -> str:
    return (f"<X:modulText><X:leikaTextmodul><code>{code}</code></X:leikaTextmodul>"
            + "".join(contents) + links + "</X:modulText>")


def load(tmp_path: Path, files: dict[str, str | bytes]) -> tuple[XzufiCatalog, Problems]:
    folder = tmp_path / "xzufi"
    folder.mkdir(exist_ok=True)
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)
    problems = Problems()
    return load_xzufi(tmp_path, problems), problems


def messages_of(problems: Problems) -> list[str]:
    return [problem.message for problem in problems]


# --- the example data -------------------------------------------------------------


@pytest.fixture(scope="module")
def example() -> XzufiCatalog:
    problems = Problems()
    catalog = load_xzufi(REPO, problems)
    assert not problems.items, [str(p) for p in problems]
    return catalog


def test_missing_folder_gives_an_empty_catalog(tmp_path: Path) -> None:
    problems = Problems()
    catalog = load_xzufi(tmp_path, problems)
    assert len(catalog) == 0 and not all_responsibilities(catalog) and not problems.items


def test_example_data_has_both_versions_and_enough_files(example: XzufiCatalog) -> None:
    files = sorted((REPO / "xzufi").glob("*.xml"))
    assert len(files) >= 5
    assert {leistung.version for leistung in example.leistungen.values()} == {"2.2.0", "2.3.1"}
    assert {leistung.source.path for leistung in example.leistungen.values() if leistung.source} \
        >= {"xzufi/bund-leistungen.xml", "xzufi/laender-leistungen.xml"}


def test_example_deltas_update_delete_and_ignore(example: XzufiCatalog) -> None:
    ids = set(example.leistungen)
    assert ObjectId("B100019", "10135499") not in ids  # deleted in aenderungen-maerz.xml
    # the deletion of L100009/10135411 must not hit the federal object with the same value
    assert ObjectId("B100019", "10135411") in ids
    elterngeld = example.leistungen[ObjectId("B100019", "10202001")]
    # v0 (2025-01-05, file name sorts last) < v1 (2025-01-10) < v2 (2025-03-15): v2 wins
    assert elterngeld.title == "Elterngeld und ElterngeldPlus beantragen"
    assert "März 2025" in elterngeld.text(TextCode.KURZTEXT).text  # type: ignore[union-attr]
    duration = elterngeld.processing_times[0].items[0].duration
    assert duration is not None and (duration.amount, duration.amount_to) == (3, 5)
    assert ObjectId("L100009", "OE-091620099") not in example.offices  # Bürgerbüro Pasing
    augsburg = example.offices[ObjectId("L100009", "OE-097610001")]
    assert [z.leistung_id.value for z in augsburg.responsibilities] == ["10135410"]


def test_example_ids_are_scoped_by_agency(example: XzufiCatalog) -> None:
    bavaria = example.leistungen[ObjectId("L100009", "5001")]
    holstein = example.leistungen[ObjectId("L100001", "5001")]
    assert bavaria.title == "Gewerbe anmelden (Bayern)"
    assert holstein.title == "Gewerbe anmelden (Schleswig-Holstein)"


def test_example_offices_cover_the_example_states_and_hessen(example: XzufiCatalog) -> None:
    states = {address.state_code for office in example.offices.values()
              for address in office.addresses}
    assert states == {"01", "06", "09", "11"}
    assert all(office.kind == "OrganisationseinheitErweitert"
               for office in example.offices.values())


def test_example_texts_prefer_german(example: XzufiCatalog) -> None:
    miete = example.leistungen[ObjectId("B100019", "10135410")]
    assert miete.title == "Wohngeld für Mieterinnen und Mieter beantragen"
    assert miete.formal_title == "Wohngeld Mietzuschuss Bewilligung"
    assert all(module.language == "de" for module in miete.texts)
    assert "housing" not in " ".join(miete.terms)
    assert miete.approval is not None and miete.approval.by.startswith("Bundesministerium")
    labo = example.offices[ObjectId("L100011", "OE-110000002")]
    assert labo.name.startswith("Landesamt für Bürger- und Ordnungsangelegenheiten")


# --- the shared real samples ------------------------------------------------------


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared/xzufi-samples not present")
def test_shared_samples_are_handled_without_crash(tmp_path: Path) -> None:
    folder = tmp_path / "xzufi"
    folder.mkdir()
    for sample in SAMPLES.iterdir():
        if sample.is_file():
            shutil.copy(sample, folder / sample.name)
    # the OpenAPI document again under an .xml name, as a careless export would do
    json_sample = next(SAMPLES.glob("*.json"))
    shutil.copy(json_sample, folder / "openapi-export.xml")
    problems = Problems()
    catalog = load_xzufi(tmp_path, problems)
    assert len(catalog) == 0
    anschrift = catalog.code_lists["urn:xoev-de:fim:codeliste:xzufi.anschrifttyp"]
    assert anschrift["001"] == "Hausanschrift" and anschrift["006"] == "Postanschrift"
    assert catalog.code_name("urn:xoev-de:fim:codeliste:xzufi.anschrifttyp", "003") == "Postfach"
    reported = [(p.path, p.message) for p in problems]
    assert reported == [("xzufi/openapi-export.xml", "Das ist JSON, keine XZuFi-Nachricht in XML")]


def test_foreign_xml_and_unsupported_versions_are_skipped_with_a_warning(tmp_path: Path) -> None:
    catalog, problems = load(tmp_path, {
        "fremd.xml": '<?xml version="1.0"?><rss version="2.0"><channel/></rss>',
        "alt.xml": message(leistung("1"), ns="http://xoev.de/schemata/xzufi/2_1_0"),
    })
    assert len(catalog) == 0
    assert {p.severity for p in problems} == {Severity.WARNING}
    texts = messages_of(problems)
    assert any("Keine XZuFi-Nachricht" in text for text in texts)
    assert any("XZuFi-Version 2.1.0 wird nicht unterstützt" in text for text in texts)


# --- pitfalls ---------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["xzufi", "x22", "ns0", ""])
def test_dispatch_on_namespace_not_prefix(tmp_path: Path, prefix: str) -> None:
    catalog, problems = load(tmp_path, {"m.xml": message(leistung("1"), prefix=prefix)})
    assert not problems.items
    only = catalog.leistungen[ObjectId("B100019", "1")]
    assert only.title == "Wohngeld beantragen" and only.leika_keys == ("99108005001000",)


def test_any_root_including_an_object_as_root(tmp_path: Path) -> None:
    single = (f'<leistung xmlns="{NS231}"><id schemeAgencyID="L1">9</id>'
              '<referenzLeiKa><code xmlns="">99050012104000</code></referenzLeiKa>'
              '<modulText><leikaTextmodul><code xmlns="">02</code></leikaTextmodul>'
              '<inhalt languageCode="de">Gewerbe anmelden</inhalt></modulText></leistung>')
    catalog, _ = load(tmp_path, {
        "odd-root.xml": message(leistung("1"), root="irgendein.name.999999"),
        "object-root.xml": single,
    })
    assert {str(key) for key in catalog.leistungen} == {"B100019.1", "L1.9"}
    assert catalog.leistungen[ObjectId("L1", "9")].version == "2.3.1"


def test_unqualified_code_and_name_children(tmp_path: Path) -> None:
    body = ('<schreibe><leistung><id schemeAgencyID="A">1</id>'
            '<referenzLeiKa><code xmlns="">99108005001000</code></referenzLeiKa>'
            '<referenzLeiKa><code>99108005002000</code></referenzLeiKa>'  # qualified: tolerated
            '<modulText><leikaTextmodul><code xmlns="">03</code><name xmlns="">Name II</name>'
            '</leikaTextmodul><inhalt>Titel</inhalt></modulText></leistung></schreibe>')
    catalog, problems = load(tmp_path, {"m.xml": message(body, prefix="")})
    assert not problems.items
    assert catalog.leistungen[ObjectId("A", "1")].leika_keys == ("99108005001000", "99108005002000")


def test_everything_may_repeat(tmp_path: Path) -> None:
    office = (
        '<X:schreibe><X:organisationseinheit><X:id schemeAgencyID="L">OE</X:id>'
        '<X:name><X:name languageCode="en">Office</X:name><X:name languageCode="de">Amt</X:name>'
        "</X:name>"
        "<X:anschrift><X:ort>Kiel</X:ort></X:anschrift>"
        "<X:anschrift><X:ort>Neumünster</X:ort></X:anschrift>"
        '<X:zustaendigkeit><X:leistungID schemeAgencyID="B">1</X:leistungID>'
        "<X:gebietID>010020000000</X:gebietID><X:gebietID>010040000000</X:gebietID>"
        "</X:zustaendigkeit></X:organisationseinheit>"
        '<X:onlinedienst><X:id schemeAgencyID="L">OD</X:id>'
        '<X:bezeichnung languageCode="de">Dienst</X:bezeichnung></X:onlinedienst>'
        "</X:schreibe>"
    )
    two = leistung("1", agency="B", keys=("99108005001000", "99108005000000"))
    later = message(
        '<X:loesche klasse="Leistung"><X:id schemeAgencyID="B">2</X:id>'
        '<X:id schemeAgencyID="B">3</X:id></X:loesche>',
        time="2025-02-01T00:00:00+01:00",
    )
    catalog, problems = load(tmp_path, {
        "a.xml": message(two + office + leistung("2", agency="B") + leistung("3", agency="B")),
        "b.xml": later,
    })
    assert not problems.items
    assert set(catalog.leistungen) == {ObjectId("B", "1")}
    assert catalog.leistungen[ObjectId("B", "1")].leika_keys == ("99108005001000", "99108005000000")
    amt = catalog.offices[ObjectId("L", "OE")]
    assert amt.name == "Amt" and [a.city for a in amt.addresses] == ["Kiel", "Neumünster"]
    assert amt.responsibilities[0].areas == ("010020000000", "010040000000")
    assert ObjectId("L", "OD") in catalog.online_services


def test_xsi_type_under_any_prefix(tmp_path: Path) -> None:
    def office(value: str, attributes: str) -> str:
        return (f'<X:schreibe><X:organisationseinheit {attributes}><X:id schemeAgencyID="L">'
                f'{value}</X:id><X:name><X:name>Amt {value}</X:name></X:name>'
                "</X:organisationseinheit></X:schreibe>")

    body = (
        office("1", f'xmlns:p3="{XSI}" p3:type="xzufi:OrganisationseinheitErweitert"')
        + office("2", 'xsi:type="xzufi:OrganisationseinheitErweitert"')
        + office("3", 'xmlns:p3="urn:not-xsi" p3:type="xzufi:OrganisationseinheitErweitert"')
        + office("4", f'xmlns:p3="{XSI}" p3:type="unbound:OrganisationseinheitErweitert"')
    )
    catalog, _ = load(tmp_path, {"m.xml": message(body)})
    kinds = {key.value: office.kind for key, office in catalog.offices.items()}
    assert kinds == {"1": "OrganisationseinheitErweitert", "2": "OrganisationseinheitErweitert",
                     "3": "", "4": ""}


def test_xsi_type_identifies_an_object_with_an_unknown_element_name(tmp_path: Path) -> None:
    body = (f'<X:schreibe><X:objekt xmlns:q="{XSI}" q:type="xzufi:OnlinedienstErweitert">'
            '<X:id schemeAgencyID="L">OD</X:id><X:bezeichnung>Online</X:bezeichnung>'
            "</X:objekt></X:schreibe>")
    catalog, _ = load(tmp_path, {"m.xml": message(body)})
    assert catalog.online_services[ObjectId("L", "OD")].name == "Online"


def test_language_preference(tmp_path: Path) -> None:
    texts = (
        module("05", '<X:inhalt languageCode="en">&lt;p&gt;English&lt;/p&gt;</X:inhalt>',
               '<X:inhalt languageCode="de-DE">&lt;p&gt;Deutsch&lt;/p&gt;</X:inhalt>')
        + module("06", '<X:inhalt languageCode="pl">&lt;p&gt;Polski&lt;/p&gt;</X:inhalt>',
                 '<X:inhalt languageCode="de">&lt;p&gt;Volltext&lt;/p&gt;</X:inhalt>')
        # an English duplicate module next to the German one
        + module("09", '<X:inhalt languageCode="en">&lt;p&gt;Requirements&lt;/p&gt;</X:inhalt>')
        + module("09", '<X:inhalt languageCode="de">&lt;p&gt;Voraussetzungen&lt;/p&gt;</X:inhalt>')
        # only English exists: kept, marked as English
        + module("16", '<X:inhalt languageCode="en">&lt;p&gt;Only English&lt;/p&gt;</X:inhalt>')
    )
    body = (
        '<X:schreibe><X:leistung><X:id schemeAgencyID="B">1</X:id>'
        + module("03", '<X:inhalt languageCode="en">Apply</X:inhalt>',
                 '<X:inhalt languageCode="de-DE">Beantragen</X:inhalt>')
        + texts + "</X:leistung></X:schreibe>"
    )
    catalog, _ = load(tmp_path, {"m.xml": message(body)})
    item = catalog.leistungen[ObjectId("B", "1")]
    assert item.title == "Beantragen"
    assert [(m.code, m.text, m.language) for m in item.texts] == [
        ("05", "Deutsch", "de"), ("06", "Volltext", "de"), ("09", "Voraussetzungen", "de"),
        ("16", "Only English", "en"),
    ]


def test_html_escaped_and_cdata_give_the_same_text_decoded_once(tmp_path: Path) -> None:
    results = []
    for name in ("html-escaped.xml", "html-cdata.xml"):
        folder = tmp_path / name
        folder.mkdir()
        catalog, problems = load(folder, {name: (FIXTURES / name).read_bytes()})
        assert not problems.items
        results.append(catalog.leistungen[ObjectId("T100001", "1")])
    escaped, cdata = results
    assert escaped.title == cdata.title == "Wohngeld für Mieterinnen & Mieter"
    assert escaped.texts == cdata.texts
    content = escaped.text(TextCode.VOLLTEXT).html  # type: ignore[union-attr]
    assert "Gebühr:\u00a0keine.\u00a0Häufige Frage: „Wie lange?“ – 4\u00a0Wochen." in content
    assert "Preis &lt; 10\u00a0€" in content  # a literal "<" stays text
    assert "<li>Straße &amp; Hausnummer</li>" in content
    for wrong in ("&amp;uuml;", "&uuml;", "&nbsp;", "&lt;p&gt;", "&amp;amp;", "&#xa0;"):
        assert wrong not in content


def test_br_only_and_empty_modules_are_dropped_link_only_modules_kept(tmp_path: Path) -> None:
    link = ('<X:weiterfuehrenderLink languageCode="de"><X:uri>https://www.example.org/formular'
            "</X:uri><X:titel>Formular</X:titel></X:weiterfuehrenderLink>")
    texts = (
        module("16", "<X:inhalt>&lt;br&gt;</X:inhalt>")
        + module("25", "<X:inhalt>&lt;br /&gt;&amp;nbsp;&lt;p&gt; &lt;/p&gt;</X:inhalt>")
        + module("09", "<X:inhalt/>")
        + module("11")
        + module("14", "<X:inhalt></X:inhalt>", links=link)
    )
    catalog, _ = load(tmp_path, {"m.xml": message(leistung("1", extra=texts))})
    item = catalog.leistungen[ObjectId("B100019", "1")]
    assert [module.code for module in item.texts] == ["14"]
    assert item.texts[0].links[0].url == "https://www.example.org/formular"


def test_double_escaped_source_is_repaired_and_reported(tmp_path: Path) -> None:
    catalog, problems = load(tmp_path, {"d.xml": (FIXTURES / "double-escaped.xml").read_bytes()})
    item = catalog.leistungen[ObjectId("T100001", "2")]
    assert item.title == "Wohngeld für Eigentümer"
    assert item.text(TextCode.KURZTEXT).html == "<p>Zuschuss für Eigentümer</p>"  # type: ignore[union-attr]
    assert item.text(TextCode.VOLLTEXT).html == "<p>Vollständig &amp; geprüft</p>"  # type: ignore[union-attr]
    assert [(p.path, p.line, p.severity) for p in problems] == [
        ("xzufi/d.xml", 11, Severity.WARNING), ("xzufi/d.xml", 15, Severity.WARNING),
        ("xzufi/d.xml", 19, Severity.WARNING),
    ]


def test_deltas_apply_in_time_order_then_file_name(tmp_path: Path) -> None:
    catalog, problems = load(tmp_path, {
        # newer by time although its name sorts first
        "a-neu.xml": message(leistung("1", title="Neu"), time="2025-03-01T10:00:00+01:00"),
        "b-alt.xml": message(leistung("1", title="Alt"), time="2025-02-01T10:00:00+01:00"),
        # same instant written in UTC: equal time, so the file name decides (d after c)
        "c.xml": message(leistung("2", title="C"), time="2025-03-01T09:00:00Z"),
        "d.xml": message(leistung("2", title="D"), time="2025-03-01T10:00:00+01:00"),
        # without a time: applied before every dated message
        "z-ohne-zeit.xml": message(leistung("1", title="Undatiert"), time=None),
    })
    assert catalog.leistungen[ObjectId("B100019", "1")].title == "Neu"
    assert catalog.leistungen[ObjectId("B100019", "2")].title == "D"
    assert [(p.path, p.severity) for p in problems] == [("xzufi/z-ohne-zeit.xml", Severity.WARNING)]


def test_a_later_schreibe_replaces_the_whole_object(tmp_path: Path) -> None:
    old_text = "<X:inhalt>&lt;p&gt;Alter Volltext&lt;/p&gt;</X:inhalt>"
    first = leistung("1", extra=module("06", old_text))
    second = leistung("1", extra=module("05", "<X:inhalt>Neuer Kurztext</X:inhalt>"))
    catalog, _ = load(tmp_path, {
        "1.xml": message(first, time="2025-01-01T00:00:00+01:00"),
        "2.xml": message(second, time="2025-01-02T00:00:00+01:00"),
    })
    assert [m.code for m in catalog.leistungen[ObjectId("B100019", "1")].texts] == ["05"]


def test_deletions_are_scoped_by_agency_and_unknown_ones_pass_quietly(tmp_path: Path) -> None:
    deletes = "".join(
        f'<X:loesche klasse="{klasse}"><X:id schemeAgencyID="{agency}">{value}</X:id></X:loesche>'
        for klasse, agency, value in [
            ("Leistung", "L100009", "1"),          # same value, other agency
            ("Leistung", "B100019", "404"),        # never seen
            ("Organisationseinheit", "X", "OE"),   # never seen
            ("Zustaendigkeit", "X", "Z"),          # never seen (PVOG sends millions)
            ("Onlinedienst", "X", "OD"),           # never seen
            ("LeistungSpezialisierung", "X", "S"),  # not modelled: ignored
        ]
    )
    catalog, problems = load(tmp_path, {
        "1.xml": message(leistung("1"), time="2025-01-01T00:00:00+01:00"),
        "2.xml": message(deletes, time="2025-01-02T00:00:00+01:00"),
    })
    assert ObjectId("B100019", "1") in catalog.leistungen
    assert not problems.items


def test_zustaendigkeiten_nested_and_standalone_can_be_deleted(tmp_path: Path) -> None:
    office = (
        '<X:schreibe><X:organisationseinheit><X:id schemeAgencyID="L">OE</X:id>'
        "<X:name><X:name>Amt</X:name></X:name>"
        '<X:zustaendigkeit><X:id schemeAgencyID="L">Z1</X:id>'
        '<X:leistungID schemeAgencyID="B100019">1</X:leistungID><X:gebietID>09</X:gebietID>'
        "</X:zustaendigkeit>"
        '<X:zustaendigkeit><X:id schemeAgencyID="L">Z2</X:id>'
        '<X:leistungID schemeAgencyID="B100019">2</X:leistungID><X:gebietID>09</X:gebietID>'
        "</X:zustaendigkeit></X:organisationseinheit></X:schreibe>"
    )
    transfer = (
        "<X:schreibe><X:zustaendigkeitTransferObjekt>"
        '<X:uebergeordnetesObjektID schemeAgencyID="L">OE</X:uebergeordnetesObjektID>'
        '<X:zustaendigkeit><X:id schemeAgencyID="L">Z3</X:id>'
        '<X:leistungID schemeAgencyID="B100019">3</X:leistungID><X:gebietID>09</X:gebietID>'
        "<X:rolle><code>01</code></X:rolle></X:zustaendigkeit>"
        "</X:zustaendigkeitTransferObjekt></X:schreibe>"
    )
    deletes = ('<X:loesche klasse="Zustaendigkeit"><X:id schemeAgencyID="L">Z1</X:id></X:loesche>'
               '<X:loesche klasse="Zustaendigkeit"><X:id schemeAgencyID="L">Z3</X:id></X:loesche>')
    catalog, _ = load(tmp_path, {
        "1.xml": message(office + transfer, time="2025-01-01T00:00:00+01:00", ns=NS231),
        "2.xml": message(deletes, time="2025-01-02T00:00:00+01:00"),
    })
    assert [z.id.value for z in all_responsibilities(catalog) if z.id] == ["Z2"]


def test_deleting_an_office_removes_its_nested_responsibilities(tmp_path: Path) -> None:
    office = ('<X:schreibe><X:organisationseinheit><X:id schemeAgencyID="L">OE</X:id>'
              "<X:name><X:name>Amt</X:name></X:name><X:zustaendigkeit>"
              '<X:leistungID schemeAgencyID="B100019">1</X:leistungID><X:gebietID>09</X:gebietID>'
              "</X:zustaendigkeit></X:organisationseinheit></X:schreibe>")
    catalog, _ = load(tmp_path, {
        "1.xml": message(leistung("1") + office, time="2025-01-01T00:00:00+01:00"),
        "2.xml": message('<X:loesche klasse="Organisationseinheit"><X:id schemeAgencyID="L">OE'
                         "</X:id></X:loesche>", time="2025-01-02T00:00:00+01:00"),
    })
    assert not all_responsibilities(catalog)
    assert XzufiSelection.of(catalog).responsible_bodies(catalog.leistungen[ObjectId("B100019", "1")], "09") == []


def test_leika_key_forms(tmp_path: Path) -> None:
    body = (
        '<X:schreibe><X:leistung><X:id schemeAgencyID="B">1</X:id>'
        "<X:referenzLeiKa><code>urn:de:fim:leika:leistung:99108005001000</code></X:referenzLeiKa>"
        "<X:referenzLeistungsschluessel>99108005002000</X:referenzLeistungsschluessel>\n"
        "<X:referenzLeiKa><code>9910800500</code></X:referenzLeiKa>"
        + module("02", "<X:inhalt>Titel</X:inhalt>") + "</X:leistung></X:schreibe>"
    )
    catalog, problems = load(tmp_path, {"m.xml": message(body, ns=NS231)})
    assert catalog.leistungen[ObjectId("B", "1")].leika_keys == ("99108005001000", "99108005002000")
    [problem] = problems
    # line 1 declaration, 2 root, 3 nachrichtenkopf, 4 the Leistung, 5 the bad key
    assert problem.path == "xzufi/m.xml" and problem.line == 5 and "9910800500" in problem.message


def test_gebiet_id_forms(tmp_path: Path) -> None:
    body = (
        '<X:schreibe><X:organisationseinheit><X:id schemeAgencyID="L">OE</X:id>'
        "<X:name><X:name>Amt</X:name></X:name><X:zustaendigkeit>"
        '<X:leistungID schemeAgencyID="B">1</X:leistungID>'
        "<X:gebietID>091620000000</X:gebietID>"
        "<X:gebietID>urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:rs:120645410</X:gebietID>"
        "<X:gebietID> 09 </X:gebietID>"
        "<X:gebietID>Bayern</X:gebietID>"
        "</X:zustaendigkeit></X:organisationseinheit></X:schreibe>"
    )
    catalog, problems = load(tmp_path, {"m.xml": message(body)})
    assert all_responsibilities(catalog)[0].areas == ("091620000000", "120645410", "09")
    assert len(problems) == 1 and "'Bayern'" in problems.items[0].message


def test_problems_name_file_and_line_and_bad_objects_are_skipped(tmp_path: Path) -> None:
    body = ("<X:schreibe><X:leistung><X:modulText/></X:leistung></X:schreibe>\n"
            + leistung("2"))
    catalog, problems = load(tmp_path, {"m.xml": message(body)})
    assert list(catalog.leistungen) == [ObjectId("B100019", "2")]
    [problem] = problems.errors
    assert (problem.path, problem.line) == ("xzufi/m.xml", 4)
    assert problem.message == "Leistung ohne id; wird übersprungen" and problem.code == "xzufi-missing-id"


def test_title_prefers_module_03_then_02_and_reports_a_missing_title(tmp_path: Path) -> None:
    both = ('<X:schreibe><X:leistung><X:id schemeAgencyID="B">1</X:id>'
            + module("02", "<X:inhalt>Amtlich</X:inhalt>")
            + module("03", "<X:inhalt>Bürgernah</X:inhalt>")
            + "</X:leistung></X:schreibe>")
    formal = ('<X:schreibe><X:leistung><X:id schemeAgencyID="B">2</X:id>'
              + module("02", "<X:inhalt>Nur amtlich</X:inhalt>") + "</X:leistung></X:schreibe>")
    none = '<X:schreibe><X:leistung><X:id schemeAgencyID="B">3</X:id></X:leistung></X:schreibe>'
    catalog, problems = load(tmp_path, {"m.xml": message(both + formal + none)})
    titles = {key.value: item.title for key, item in catalog.leistungen.items()}
    assert titles == {"1": "Bürgernah", "2": "Nur amtlich", "3": "Leistung B.3"}
    assert [p.severity for p in problems] == [Severity.WARNING]


def test_structured_modules(tmp_path: Path) -> None:
    extra = (
        "<X:modulKosten><X:beschreibung>&lt;p&gt;Allgemein&lt;/p&gt;</X:beschreibung>"
        "<X:kosten><X:kostenFix><X:betrag currencyID='EUR'>27.90</X:betrag></X:kostenFix>"
        "<X:vorkasse>true</X:vorkasse></X:kosten>"
        "<X:kosten><X:kostenVariabel><X:betragUntergrenze>20</X:betragUntergrenze>"
        "<X:betragObergrenze>50.5</X:betragObergrenze></X:kostenVariabel></X:kosten>"
        "<X:kosten><X:kostenFrei/></X:kosten></X:modulKosten>"
        "<X:modulFrist><X:frist><X:typ><code>001</code><name>Antragsfrist</name></X:typ>"
        "<X:fristDauer><X:dauer>3</X:dauer><X:einheit><code>MONAT</code></X:einheit></X:fristDauer>"
        "</X:frist><X:frist><X:fristStichtag><X:von>2025-01-01</X:von><X:bis>--03-31</X:bis>"
        "</X:fristStichtag></X:frist></X:modulFrist>"
        "<X:modulBearbeitungsdauer><X:bearbeitungsdauer><X:dauer>1</X:dauer>"
        "<X:einheit>woche</X:einheit></X:bearbeitungsdauer></X:modulBearbeitungsdauer>"
        "<X:modulFachlicheFreigabe><X:fachlichFreigegebenAm>2024-11-04</X:fachlichFreigegebenAm>"
        '<X:fachlichFreigegebenDurch languageCode="de">Ministerium</X:fachlichFreigegebenDurch>'
        "</X:modulFachlicheFreigabe>"
        "<X:modulDokument><X:dokumentEingehend><X:bezeichnung>Ausweis</X:bezeichnung>"
        "</X:dokumentEingehend></X:modulDokument>"
        "<X:gueltigkeitGebietID>09</X:gueltigkeitGebietID>"
    )
    catalog, problems = load(tmp_path, {"m.xml": message(leistung("1", extra=extra), ns=NS231)})
    assert not problems.items
    item = catalog.leistungen[ObjectId("B100019", "1")]
    fixed, ranged, free = item.costs[0].items
    assert (fixed.amount, fixed.prepayment, fixed.free) == (Decimal("27.90"), True, False)
    assert (ranged.amount_from, ranged.amount_to) == (Decimal(20), Decimal("50.5"))
    assert free.free and item.costs[0].description_html == "<p>Allgemein</p>"
    duration, fixed_dates = item.deadlines[0].items
    assert duration.kind is not None and duration.kind.name == "Antragsfrist"
    assert duration.duration is not None
    assert (duration.duration.amount, duration.duration.unit) == (3, "MONAT")
    assert (fixed_dates.start, fixed_dates.end) == ("2025-01-01", "--03-31")
    processing = item.processing_times[0].items[0].duration
    assert processing is not None and processing.unit == "WOCHE"
    assert item.approval is not None and item.approval.on == date(2024, 11, 4)
    assert item.documents == ("Ausweis",) and item.areas == ("09",)


# --- model queries ----------------------------------------------------------------


def test_ars_levels_and_overlap() -> None:
    assert ars_key("091620000000") == "09162"
    assert ars_key("110000000000") == "11"
    assert ars_key("010560000") == "01056"
    assert ars_key("000000000000") == ""
    assert ars_key("091790121121") == "091790121121"
    assert ars_overlaps("091620000000", "09") and ars_overlaps("090000000000", "09162")
    assert ars_overlaps("000000000000", "01")
    assert not ars_overlaps("064120000000", "09") and not ars_overlaps("110000000000", "01")


def test_leistungen_for_filters_by_key_and_area(example: XzufiCatalog) -> None:
    wohngeld = ["99108005000000", "99108005001000", "99108005002000"]
    titles = {state: [item.title for item in XzufiSelection.of(example).leistungen_for(wohngeld, state)]
              for state in ("09", "11", "01", "06")}
    assert titles["09"] == [
        "Wohngeld für Eigentümerinnen und Eigentümer (Lastenzuschuss) beantragen",
        "Wohngeld für Mieterinnen und Mieter beantragen",
    ]
    assert "Wohngeld in Berlin: Besonderheiten der Bezirke" in titles["11"]
    assert "Wohngeld in Hessen: Hinweise der hessischen Wohngeldbehörden" in titles["06"]
    assert not any("Hessen" in title for state in ("09", "11", "01") for title in titles[state])
    assert XzufiSelection.of(example).leistungen_for(["99999999999999"], "09") == []


def test_responsibilities_stay_inside_the_state(example: XzufiCatalog) -> None:
    miete = example.leistungen[ObjectId("B100019", "10135410")]
    for state in ("09", "11", "01", "06"):
        found = XzufiSelection.of(example).responsible_bodies(miete, state)
        assert found
        for responsibility in found:
            if responsibility.office:
                assert {a.state_code for a in responsibility.office.addresses} == {state}
            assert all(ars_overlaps(area.ars, state) for area in responsibility.areas)
    bavaria = XzufiSelection.of(example).responsible_bodies(miete, "09")
    districts = [r for r in bavaria if r.office and "Fürstenfeldbruck" in r.office.name]
    assert [a.name for a in districts[0].municipalities] == [
        "Fürstenfeldbruck", "Germering", "Olching", "Puchheim"]
    assert bavaria[0].online_service is not None  # online services first


def test_responsibility_without_area_falls_back_to_the_office_address(
    example: XzufiCatalog,
) -> None:
    elterngeld = example.leistungen[ObjectId("B100019", "10202001")]
    berlin = [r.name for r in XzufiSelection.of(example).responsible_bodies(elterngeld, "11") if r.office]
    assert berlin == ["Bezirksamt Charlottenburg-Wilmersdorf von Berlin – Elterngeldstelle"]
    assert [r.name for r in XzufiSelection.of(example).responsible_bodies(elterngeld, "09") if r.office] == []


def test_nationwide_online_service_appears_in_every_state(example: XzufiCatalog) -> None:
    zulassung = example.leistungen[ObjectId("B100019", "10300011")]
    for state in ("09", "11", "01"):
        services = [r for r in XzufiSelection.of(example).responsible_bodies(zulassung, state) if r.online_service]
        assert [r.name for r in services] == ["i-Kfz – Internetbasierte Fahrzeugzulassung"]
        assert services[0].areas[0].name == "bundesweit"


def test_area_names_from_data_and_from_the_caller(example: XzufiCatalog) -> None:
    assert XzufiSelection.of(example).area_name("091620000000") == "München"
    assert XzufiSelection.of(example).area_name("090000000000") == "Bayern"
    assert XzufiSelection.of(example).area_name("091790123123", {"091790123123": "Germering, Große Kreisstadt"}) \
        == "Germering, Große Kreisstadt"


def test_operations_within_a_message_keep_document_order(tmp_path: Path) -> None:
    body = (leistung("1", title="Erst")
            + '<X:loesche klasse="Leistung"><X:id schemeAgencyID="B100019">1</X:id></X:loesche>'
            + leistung("1", title="Neu angelegt")
            + leistung("2")
            + '<X:loesche klasse="Leistung"><X:id schemeAgencyID="B100019">2</X:id></X:loesche>')
    catalog, _ = load(tmp_path, {"m.xml": message(body)})
    assert {key.value: item.title for key, item in catalog.leistungen.items()} == {
        "1": "Neu angelegt"}


@pytest.mark.parametrize("attribute", ['xzufiVersion="2.2"', 'xzufiVersion="2.3.1"', ""])
def test_version_comes_from_the_namespace_not_the_attribute(tmp_path: Path, attribute: str) -> None:
    text = message(leistung("1")).replace('xzufiVersion="2.2.0"', attribute)
    catalog, problems = load(tmp_path, {"m.xml": text})
    assert not problems.items
    assert catalog.leistungen[ObjectId("B100019", "1")].version == "2.2.0"


def test_header_time_in_another_namespace_is_found(tmp_path: Path) -> None:
    kopf = ('<X:nachrichtenkopf xmlns:lc="http://xoev-lc.example/kern">'
            "<lc:erstellungszeitpunkt>2025-05-01T00:00:00+02:00</lc:erstellungszeitpunkt>"
            "</X:nachrichtenkopf>")
    newer = message(kopf + leistung("1", title="Neuer"), time=None)
    older = message(leistung("1", title="Älter"), time="2025-04-01T00:00:00+02:00")
    catalog, problems = load(tmp_path, {"a.xml": newer, "b.xml": older})
    assert not problems.items
    assert catalog.leistungen[ObjectId("B100019", "1")].title == "Neuer"


def test_unreliable_office_data_does_not_break_anything(tmp_path: Path) -> None:
    body = (
        leistung("1")
        # an office with neither name nor address
        + '<X:schreibe><X:organisationseinheit><X:id schemeAgencyID="L">OE</X:id>'
        '<X:zustaendigkeit><X:leistungID schemeAgencyID="B100019">1</X:leistungID>'
        "<X:gebietID>091620000000</X:gebietID></X:zustaendigkeit>"
        "</X:organisationseinheit></X:schreibe>"
        # a responsibility of an office that was never sent (e.g. a gE-Jobcenter)
        + "<X:schreibe><X:zustaendigkeitTransferObjekt>"
        '<X:uebergeordnetesObjektID schemeAgencyID="L">FEHLT</X:uebergeordnetesObjektID>'
        '<X:zustaendigkeit><X:leistungID schemeAgencyID="B100019">1</X:leistungID>'
        "<X:gebietID>091620000000</X:gebietID></X:zustaendigkeit>"
        "</X:zustaendigkeitTransferObjekt></X:schreibe>"
    )
    catalog, problems = load(tmp_path, {"m.xml": message(body)})
    found = XzufiSelection.of(catalog).responsible_bodies(catalog.leistungen[ObjectId("B100019", "1")], "09")
    assert [r.name for r in found] == ["Organisationseinheit L.OE"]
    assert [p.severity for p in problems] == [Severity.WARNING]  # the missing name
