"""Service description pages per state, built from the example XZuFi data."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import markdown
import pytest

from efa_kb.load.xzufi import load_xzufi
from efa_kb.model.xzufi import (
    Cost,
    CostModule,
    Deadline,
    DeadlineModule,
    Duration,
    Leistung,
    ObjectId,
    TextModule,
    XzufiCatalog,
)
from efa_kb.problems import Problems
from efa_kb.render.xzufi import render_service_descriptions, search_text

REPO = Path(__file__).resolve().parents[1]
MARKDOWN_EXTENSIONS = ["md_in_html", "attr_list", "admonition", "pymdownx.details", "toc"]

SERVICES = {
    "wohngeld": ["99108005000000", "99108005001000", "99108005002000"],
    "elterngeld": ["99041002000000", "99041002001000"],
    "ikfz": ["99036004000000", "99036004001000", "99036008000000"],
    "gewerbe": ["99050012104000", "99050012120000", "99050012113000"],
}
STATES = {
    "by": ("09", "Bayern", ["wohngeld", "ikfz", "gewerbe"]),
    "be": ("11", "Berlin", ["wohngeld", "elterngeld", "ikfz"]),
    "sh": ("01", "Schleswig-Holstein", ["wohngeld", "elterngeld", "ikfz", "gewerbe"]),
}
# Entities html.escape and the sanitiser write; anything else would be raw or double-escaped.
ALLOWED_ENTITY = re.compile(r"&(?!(?:amp|lt|gt|quot|#x27);)[#\w]+;")


@pytest.fixture(scope="module")
def catalog() -> XzufiCatalog:
    problems = Problems()
    loaded = load_xzufi(REPO, problems)
    assert not problems.items
    return loaded


def page(catalog: XzufiCatalog, state: str, service: str) -> str:
    prefix, name, _ = STATES[state]
    text = render_service_descriptions(catalog, SERVICES[service], prefix, name)
    assert text is not None, (state, service)
    return text


def built(text: str) -> str:
    return markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS)


def all_pages(catalog: XzufiCatalog) -> dict[tuple[str, str], str]:
    return {(state, service): page(catalog, state, service)
            for state, (_, _, services) in STATES.items() for service in services}


def test_every_page_builds_and_has_no_raw_or_double_escaped_entity(catalog: XzufiCatalog) -> None:
    for key, text in all_pages(catalog).items():
        html = built(text)
        assert "&amp;uuml;" not in html and "&lt;p&gt;" not in html, key
        assert not ALLOWED_ENTITY.search(html), (key, ALLOWED_ENTITY.findall(html))
        assert "&amp;amp;" not in html and "&amp;nbsp;" not in html


def test_no_office_or_text_of_another_state_appears(catalog: XzufiCatalog) -> None:
    for (state, service), text in all_pages(catalog).items():
        prefix = STATES[state][0]
        for office in catalog.offices.values():
            foreign = {address.state_code for address in office.addresses} != {prefix}
            if foreign:
                assert office.name not in text, (state, service, office.name)
        for leistung in catalog.leistungen.values():
            if leistung.areas and not leistung.valid_in(prefix):
                assert leistung.title not in text, (state, service, leistung.title)
        for word in ("Hessen", "Frankfurt", "Wiesbaden"):
            assert word not in text, (state, service, word)


def test_bavarian_wohngeld_page(catalog: XzufiCatalog) -> None:
    text = built(page(catalog, "by", "wohngeld"))
    for expected in ("Wohngeld für Mieterinnen und Mieter beantragen",
                     "Wohngeld für Eigentümerinnen und Eigentümer (Lastenzuschuss) beantragen",
                     "Zuständige Stellen in Bayern", "München (091620000000)",
                     "Stadt Augsburg", "Landratsamt Fürstenfeldbruck", "Wohngeld-Digital"):
        assert expected in text, expected
    for absent in ("Berlin", "Kiel", "Pinneberg", "Bürgerbüro Pasing", "Papierantrag",
                   "Wohngeldformular 2019", "Apply for housing", "rent subsidy", "housing benefit"):
        assert absent not in text, absent


def test_berlin_gets_its_own_description_and_bavaria_does_not(catalog: XzufiCatalog) -> None:
    assert "Wohngeld in Berlin: Besonderheiten der Bezirke" in page(catalog, "be", "wohngeld")
    assert "Besonderheiten der Bezirke" not in page(catalog, "by", "wohngeld")
    assert "Besonderheiten der Bezirke" not in page(catalog, "sh", "wohngeld")


def test_each_state_sees_its_own_gewerbe_text(catalog: XzufiCatalog) -> None:
    bavaria = built(page(catalog, "by", "gewerbe"))
    holstein = built(page(catalog, "sh", "gewerbe"))
    assert "Gewerbe anmelden (Bayern)</h2>" in bavaria and "Schleswig-Holstein" not in bavaria
    assert "Gewerbe anmelden (Schleswig-Holstein)</h2>" in holstein and "Bayern" not in holstein
    assert render_service_descriptions(catalog, SERVICES["gewerbe"], "11", "Berlin") is None


def test_superseded_versions_do_not_appear(catalog: XzufiCatalog) -> None:
    for state in ("be", "sh"):
        text = page(catalog, state, "elterngeld")
        assert "Textstand März 2025" in text and "3 bis 5 Wochen" in text
        assert "Januar 2025" not in text and "Dezember 2024" not in text
        assert "10 Wochen" not in text and "6 bis 8 Wochen" not in text


def test_deleted_responsibility_is_gone(catalog: XzufiCatalog) -> None:
    text = page(catalog, "by", "wohngeld")
    lasten, miete = text.split("## Wohngeld für Mieterinnen")
    assert "Stadt Augsburg" not in lasten and "Stadt Augsburg" in miete


def test_phone_first_layout(catalog: XzufiCatalog) -> None:
    text = page(catalog, "by", "wohngeld")
    section = text.split("## Wohngeld für Mieterinnen und Mieter beantragen")[1]
    order = [section.index(marker) for marker in (
        "### Auf einen Blick", "<dt><strong>Kosten</strong></dt>",
        "<dt><strong>Fristen</strong></dt>", "<dt><strong>Bearbeitungsdauer</strong></dt>",
        "<dt><strong>Unterlagen</strong></dt>", "### Zuständige Stellen in Bayern",
        "### Beschreibung", "<h4>Kurztext</h4>", "<h4>Volltext</h4>", "Fachlich freigegeben")]
    assert order == sorted(order)
    assert "<strong>kostenfrei</strong>" in section
    assert "<strong>4 bis 8 Wochen</strong>" in section
    assert "Mietbescheinigung des Vermieters" in section
    assert "Fachlich freigegeben am 04.11.2024 durch Bundesministerium für Wohnen" in section


def test_responsible_office_is_findable_by_municipality_name(catalog: XzufiCatalog) -> None:
    html = built(page(catalog, "by", "wohngeld"))
    assert "Gemeinden: Fürstenfeldbruck, Germering, Olching, Puchheim" in html
    assert "<li>Germering: Landratsamt Fürstenfeldbruck – Wohngeldstelle und " \
           "Kfz-Zulassungsstelle</li>" in html
    assert "<li>München: Landeshauptstadt München – Sozialreferat" in html
    holstein = built(page(catalog, "sh", "ikfz"))
    assert "<li>Wedel: Kreis Pinneberg – Fachdienst Straßenverkehr, Zulassungsstelle</li>" \
        in holstein


def test_names_passed_by_the_caller_are_used(catalog: XzufiCatalog) -> None:
    text = render_service_descriptions(catalog, SERVICES["wohngeld"], "09", "Bayern",
                                       area_names={"091620000000": "München (Landeshauptstadt)"})
    assert text is not None and "Zuständig für: München (Landeshauptstadt) (091620000000)" in text


def test_online_service_with_trust_level_comes_first(catalog: XzufiCatalog) -> None:
    html = built(page(catalog, "be", "ikfz"))
    stellen = html.split("Zuständige Stellen in Berlin")[1]
    assert stellen.index("i-Kfz") < stellen.index("Landesamt für Bürger- und Ordnungsang")
    assert "Vertrauensniveau: hoch" in stellen and "Gilt für: bundesweit (000000000000)" in stellen


def test_pages_are_deterministic(catalog: XzufiCatalog) -> None:
    again = load_xzufi(REPO, Problems())
    assert all_pages(catalog) == all_pages(again)


def test_nothing_applies_gives_none(catalog: XzufiCatalog) -> None:
    assert render_service_descriptions(catalog, ["99999999999999"], "09", "Bayern") is None
    assert render_service_descriptions(XzufiCatalog(), SERVICES["wohngeld"], "09", "Bayern") is None


def test_page_without_responsibilities_says_so() -> None:
    item = Leistung(ObjectId("B", "1"), "Testleistung", leika_keys=("99108005001000",))
    only = XzufiCatalog(leistungen={item.id: item})
    text = render_service_descriptions(only, ["99108005001000"], "09", "Bayern")
    assert text is not None
    assert "Für Bayern sind keine zuständigen Stellen hinterlegt." in text
    assert text.count("keine Angabe") == 4


def test_facts_are_formatted_in_german() -> None:
    item = Leistung(
        ObjectId("B", "2"), "Zulassung", leika_keys=("99036004001000",),
        costs=(CostModule("", (
            Cost(None, amount=Decimal("1234.5"), prepayment=True),
            Cost(None, amount_from=Decimal(20), amount_to=Decimal(50), note="je Anbieter"),
        )),),
        deadlines=(DeadlineModule("", (
            Deadline(None, Duration(1, "MONAT")),
            Deadline(None, None, start="2025-01-01", end="--03-31"),
        )),),
        processing_times=(DeadlineModule("", (Deadline(None, Duration(2, "WOCHE", 3, "MONAT")),)),),
    )
    text = render_service_descriptions(XzufiCatalog(leistungen={item.id: item}),
                                       ["99036004001000"], "01", "Schleswig-Holstein")
    assert text is not None
    assert "<strong>1.234,50\u00a0€</strong> – Vorkasse" in text
    assert "<strong>20,00\u00a0€ bis 50,00\u00a0€</strong> – je Anbieter" in text
    assert "<strong>1 Monat</strong>" in text
    assert "<strong>vom 01.01.2025 bis 31.03.</strong>" in text
    assert "<strong>2 Wochen bis 3 Monate</strong>" in text


def test_untrusted_titles_cannot_inject_markdown_or_html() -> None:
    title = 'Antrag <b onclick="x">fett</b> [Link](javascript:alert(1)) *kursiv* {#id} # Ende'
    item = Leistung(ObjectId("B", "3"), title, leika_keys=("99108005001000",),
                    texts=(TextModule("06", "Volltext <i>", "<p>sicher</p>", "sicher"),))
    text = render_service_descriptions(XzufiCatalog(leistungen={item.id: item}),
                                       ["99108005001000"], "09", "Bayern <script>")
    assert text is not None
    html = built(text)
    assert "<b onclick" not in html and "<script>" not in html and "javascript:alert" not in \
        html.replace("[Link](javascript:alert(1))", "")
    assert "<em>" not in html and 'id="id"' not in html
    assert '<h2 id="xzufi-b-3">Antrag &lt;b onclick="x"&gt;fett&lt;/b&gt; [Link](javascript:' \
           "alert(1)) *kursiv* {#id} # Ende</h2>" in html
    assert "Bayern &lt;script&gt;" in html
    assert "<h4>Volltext &lt;i&gt;</h4>" in html


def test_search_text_is_plain_german(catalog: XzufiCatalog) -> None:
    miete = catalog.leistungen[ObjectId("B100019", "10135410")]
    text = search_text(miete)
    for expected in ("Wohngeld für Mieterinnen und Mieter beantragen", "99108005001000",
                     "Mietzuschuss", "Wohngeldantrag", "Weiterleistungsantrag", "Voraussetzungen"):
        assert expected in text
    assert "<" not in text and "&" not in text and "housing" not in text and "English" not in text
