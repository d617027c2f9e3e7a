"""Leistung pages and the services' lists of them, per state, from the example XZuFi data."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from html import escape
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
from efa_kb.render.xzufi import (
    StateLeistungen,
    leistung_slug,
    list_source,
    render_leistung,
    render_leistung_list,
    search_text,
    state_leistungen,
)

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
MIETE = "Wohngeld für Mieterinnen und Mieter beantragen"
LASTEN = "Wohngeld für Eigentümerinnen und Eigentümer (Lastenzuschuss) beantragen"
# Entities html.escape and the sanitiser write; anything else would be raw or double-escaped.
ALLOWED_ENTITY = re.compile(r"&(?!(?:amp|lt|gt|quot|#x27);)[#\w]+;")


@pytest.fixture(scope="module")
def catalog() -> XzufiCatalog:
    problems = Problems()
    loaded = load_xzufi(REPO, problems)
    assert not problems.items
    return loaded


def selected(catalog: XzufiCatalog, state: str) -> StateLeistungen:
    prefix, _, services = STATES[state]
    return state_leistungen(catalog, [(s, SERVICES[s]) for s in services], prefix)


def leistung_pages(catalog: XzufiCatalog, state: str, service: str) -> dict[str, str]:
    """The Markdown of each Leistung page the service lists in the state, by Leistung title."""
    prefix, name, _ = STATES[state]
    entries = selected(catalog, state).by_service.get(service, ())
    assert entries, (state, service)
    return {entry.leistung.title: render_leistung(catalog, entry, prefix, name) for entry in entries}


def page(catalog: XzufiCatalog, state: str, service: str, title: str) -> str:
    """The Markdown of the page of the Leistung called ``title``."""
    return leistung_pages(catalog, state, service)[title]


def list_page(catalog: XzufiCatalog, state: str, service: str) -> str:
    entries = selected(catalog, state).by_service[service]
    return render_leistung_list(entries, list_source(service), STATES[state][1])


def everything(catalog: XzufiCatalog, state: str, service: str) -> str:
    """The list and every Leistung page of the service: what must be absent is absent from all."""
    return "\n".join([list_page(catalog, state, service), *leistung_pages(catalog, state, service).values()])


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """The page's front matter (our pages write only quoted strings) and its body."""
    if not text.startswith("---\n"):
        return {}, text
    head, _, body = text[4:].partition("\n---\n")
    meta = {}
    for line in head.splitlines():
        key, _, value = line.partition(": ")
        meta[key] = json.loads(value)  # escapes as in YAML's double-quoted strings
    return meta, body.lstrip("\n")


def built(text: str) -> str:
    """The HTML MkDocs makes of a page (front matter is MkDocs' own, not Markdown)."""
    return markdown.markdown(front_matter(text)[1], extensions=MARKDOWN_EXTENSIONS)


def all_pages(catalog: XzufiCatalog) -> dict[tuple[str, str, str], str]:
    """Every list and Leistung page of the example, by (state, service, title or "list")."""
    found = {}
    for state, (_, _, services) in STATES.items():
        for service in services:
            found[(state, service, "list")] = list_page(catalog, state, service)
            for title, text in leistung_pages(catalog, state, service).items():
                found[(state, service, title)] = text
    return found


def test_every_page_builds_and_has_no_raw_or_double_escaped_entity(catalog: XzufiCatalog) -> None:
    for key, text in all_pages(catalog).items():
        html = built(text)
        assert "&amp;uuml;" not in html and "&lt;p&gt;" not in html, key
        assert not ALLOWED_ENTITY.search(html), (key, ALLOWED_ENTITY.findall(html))
        assert "&amp;amp;" not in html and "&amp;nbsp;" not in html


def test_no_office_or_text_of_another_state_appears(catalog: XzufiCatalog) -> None:
    for (state, service, _), text in all_pages(catalog).items():
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


def test_bavarian_wohngeld_pages(catalog: XzufiCatalog) -> None:
    miete = built(page(catalog, "by", "wohngeld", MIETE))
    lasten = built(page(catalog, "by", "wohngeld", LASTEN))
    assert f">{MIETE}</h1>" in miete and f">{LASTEN}</h1>" in lasten
    for expected in ("Zuständige Stellen in Bayern", "München (091620000000)",
                     "Stadt Augsburg", "Landratsamt Fürstenfeldbruck", "Wohngeld-Digital"):
        assert expected in miete, expected
    listing = built(list_page(catalog, "by", "wohngeld"))
    assert f">{MIETE}</a>" in listing and f">{LASTEN}</a>" in listing
    text = everything(catalog, "by", "wohngeld")
    for absent in ("Berlin", "Kiel", "Pinneberg", "Bürgerbüro Pasing", "Papierantrag",
                   "Wohngeldformular 2019", "Apply for housing", "rent subsidy", "housing benefit"):
        assert absent not in text, absent


def test_berlin_gets_its_own_description_and_bavaria_does_not(catalog: XzufiCatalog) -> None:
    berlin = "Wohngeld in Berlin: Besonderheiten der Bezirke"
    assert f"# {berlin}" in page(catalog, "be", "wohngeld", berlin)
    assert f">{berlin}</a>" in list_page(catalog, "be", "wohngeld")
    assert "Besonderheiten der Bezirke" not in everything(catalog, "by", "wohngeld")
    assert "Besonderheiten der Bezirke" not in everything(catalog, "sh", "wohngeld")


def test_each_state_sees_its_own_gewerbe_text(catalog: XzufiCatalog) -> None:
    bavaria = built(page(catalog, "by", "gewerbe", "Gewerbe anmelden (Bayern)"))
    holstein = built(page(catalog, "sh", "gewerbe", "Gewerbe anmelden (Schleswig-Holstein)"))
    assert "Gewerbe anmelden (Bayern)</h1>" in bavaria
    assert "Schleswig-Holstein" not in everything(catalog, "by", "gewerbe")
    assert "Gewerbe anmelden (Schleswig-Holstein)</h1>" in holstein
    assert "Bayern" not in everything(catalog, "sh", "gewerbe")
    berlin = state_leistungen(catalog, [("gewerbe", SERVICES["gewerbe"])], "11")
    assert berlin.pages == () and dict(berlin.by_service) == {}


def test_superseded_versions_do_not_appear(catalog: XzufiCatalog) -> None:
    for state in ("be", "sh"):
        text = page(catalog, state, "elterngeld", "Elterngeld und ElterngeldPlus beantragen")
        assert "Textstand März 2025" in text and "3 bis 5 Wochen" in text
        text = everything(catalog, state, "elterngeld")
        assert "Januar 2025" not in text and "Dezember 2024" not in text
        assert "10 Wochen" not in text and "6 bis 8 Wochen" not in text


def test_deleted_responsibility_is_gone(catalog: XzufiCatalog) -> None:
    assert "Stadt Augsburg" not in page(catalog, "by", "wohngeld", LASTEN)
    assert "Stadt Augsburg" in page(catalog, "by", "wohngeld", MIETE)


def test_phone_first_layout(catalog: XzufiCatalog) -> None:
    section = page(catalog, "by", "wohngeld", MIETE)
    order = [section.index(marker) for marker in (
        f"# {MIETE}", "## Auf einen Blick", "<dt><strong>Kosten</strong></dt>",
        "<dt><strong>Fristen</strong></dt>", "<dt><strong>Bearbeitungsdauer</strong></dt>",
        "<dt><strong>Unterlagen</strong></dt>", "## Zuständige Stellen in Bayern",
        "## Beschreibung", "<h3>Kurztext</h3>", "<h3>Volltext</h3>", "Fachlich freigegeben")]
    assert order == sorted(order)
    assert "<strong>kostenfrei</strong>" in section
    assert "<strong>4 bis 8 Wochen</strong>" in section
    assert "Mietbescheinigung des Vermieters" in section
    assert "Fachlich freigegeben am 04.11.2024 durch Bundesministerium für Wohnen" in section


def test_responsible_office_is_findable_by_municipality_name(catalog: XzufiCatalog) -> None:
    html = built(page(catalog, "by", "wohngeld", MIETE))
    assert "Gemeinden: Fürstenfeldbruck, Germering, Olching, Puchheim" in html
    assert "<li>Germering: Landratsamt Fürstenfeldbruck – Wohngeldstelle und " \
           "Kfz-Zulassungsstelle</li>" in html
    assert "<li>München: Landeshauptstadt München – Sozialreferat" in html
    holstein = built(page(catalog, "sh", "ikfz", "Fahrzeug zulassen (Neuzulassung)"))
    assert "<li>Wedel: Kreis Pinneberg – Fachdienst Straßenverkehr, Zulassungsstelle</li>" \
        in holstein


def test_names_passed_by_the_caller_are_used(catalog: XzufiCatalog) -> None:
    [entry] = [e for e in selected(catalog, "by").pages if e.leistung.title == MIETE]
    text = render_leistung(catalog, entry, "09", "Bayern",
                           area_names={"091620000000": "München (Landeshauptstadt)"})
    assert "Zuständig für: München (Landeshauptstadt) (091620000000)" in text


def test_online_service_with_trust_level_comes_first(catalog: XzufiCatalog) -> None:
    html = built(page(catalog, "be", "ikfz", "Fahrzeug zulassen (Neuzulassung)"))
    stellen = html.split("Zuständige Stellen in Berlin")[1]
    assert stellen.index("i-Kfz") < stellen.index("Landesamt für Bürger- und Ordnungsang")
    assert "Vertrauensniveau: hoch" in stellen and "Gilt für: bundesweit (000000000000)" in stellen


def test_pages_are_deterministic(catalog: XzufiCatalog) -> None:
    again = load_xzufi(REPO, Problems())
    assert all_pages(catalog) == all_pages(again)
    assert [e.slug for e in selected(catalog, "by").pages] == [e.slug for e in selected(again, "by").pages]


def test_nothing_applies_gives_no_page(catalog: XzufiCatalog) -> None:
    assert state_leistungen(catalog, [("x", ["99999999999999"])], "09") == StateLeistungen()
    assert state_leistungen(XzufiCatalog(), [("wohngeld", SERVICES["wohngeld"])], "09") == StateLeistungen()
    assert state_leistungen(None, [("wohngeld", SERVICES["wohngeld"])], "09") == StateLeistungen()


def only(item: Leistung, ars_prefix: str = "09", state_name: str = "Bayern") -> str:
    """The page of ``item``, alone in a catalogue, for a service selecting its first key."""
    catalog = XzufiCatalog(leistungen={item.id: item})
    [entry] = state_leistungen(catalog, [("svc", item.leika_keys[:1])], ars_prefix).pages
    return render_leistung(catalog, entry, ars_prefix, state_name)


def test_page_without_responsibilities_says_so() -> None:
    text = only(Leistung(ObjectId("B", "1"), "Testleistung", leika_keys=("99108005001000",)))
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
    text = only(item, "01", "Schleswig-Holstein")
    assert "<strong>1.234,50\u00a0€</strong> – Vorkasse" in text
    assert "<strong>20,00\u00a0€ bis 50,00\u00a0€</strong> – je Anbieter" in text
    assert "<strong>1 Monat</strong>" in text
    assert "<strong>vom 01.01.2025 bis 31.03.</strong>" in text
    assert "<strong>2 Wochen bis 3 Monate</strong>" in text


def test_untrusted_titles_cannot_inject_markdown_or_html() -> None:
    title = 'Antrag <b onclick="x">fett</b> [Link](javascript:alert(1)) *kursiv* {#id} # Ende \\ "Zitat"'
    item = Leistung(ObjectId("B", "3"), title, leika_keys=("99108005001000",),
                    texts=(TextModule("06", "Volltext <i>", "<p>sicher</p>", "sicher"),
                           TextModule("05", "Kurztext", "<p>kurz <b>x</b></p>", 'kurz <b onclick="y">')))
    catalog = XzufiCatalog(leistungen={item.id: item})
    [entry] = state_leistungen(catalog, [("svc", item.leika_keys)], "09").pages
    text = render_leistung(catalog, entry, "09", "Bayern <script>")
    listing = render_leistung_list([entry], list_source("svc"), "Bayern <script>")
    assert front_matter(text)[0]["title"] == escape(title)  # the theme writes titles as HTML
    for html in (built(text), built(listing)):
        assert "<b onclick" not in html and "<script>" not in html and "javascript:alert" not in \
            html.replace("[Link](javascript:alert(1))", "")
        assert "<em>" not in html and 'id="id"' not in html
        assert "Bayern &lt;script&gt;" in html
    assert re.search(r'<h1 id="[^"]*">Antrag &lt;b onclick="x"&gt;fett&lt;/b&gt; \[Link\]\(javascript:'
                     r'alert\(1\)\) \*kursiv\* \{#id\} # Ende \\ "Zitat"</h1>', built(text))
    assert "<h3>Volltext &lt;i&gt;</h3>" in built(text)
    assert 'Antrag &lt;b onclick=&quot;x&quot;&gt;fett&lt;/b&gt;' in listing
    assert 'kurz &lt;b onclick=&quot;y&quot;&gt;' in listing


def test_search_text_is_plain_german(catalog: XzufiCatalog) -> None:
    miete = catalog.leistungen[ObjectId("B100019", "10135410")]
    text = search_text(miete)
    for expected in ("Wohngeld für Mieterinnen und Mieter beantragen", "99108005001000",
                     "Mietzuschuss", "Wohngeldantrag", "Weiterleistungsantrag", "Voraussetzungen"):
        assert expected in text
    assert "<" not in text and "&" not in text and "housing" not in text and "English" not in text


# --- one page per Leistung -------------------------------------------------------------


def test_each_leistung_of_a_state_has_one_page_at_a_slug_of_its_id(catalog: XzufiCatalog) -> None:
    pages = selected(catalog, "by").pages
    assert [(p.leistung.title, p.url) for p in pages] == [
        ("Fahrzeug außer Betrieb setzen", "leistungen/b100019-10300012/"),
        ("Fahrzeug zulassen (Neuzulassung)", "leistungen/b100019-10300011/"),
        ("Gewerbe anmelden (Bayern)", "leistungen/l100009-5001/"),
        ("Gewerbe ummelden (Bayern)", "leistungen/l100009-5002/"),
        (LASTEN, "leistungen/b100019-10135411/"),
        (MIETE, "leistungen/b100019-10135410/"),
    ]
    assert {p.source for p in pages} == {p.url[:-1] + ".md" for p in pages}
    # The same id has the same URL in every state; another agency's id is another page.
    assert {p.slug for p in selected(catalog, "sh").pages} >= {"b100019-10135410", "l100001-5001"}


@pytest.mark.parametrize(("agency", "value", "slug"), [
    ("B100019", "10135410", "b100019-10135410"),
    ("", "99108005001000", "99108005001000"),
    ("L100009", "urn:de:fim:leika:leistung:5001", "l100009-urn-de-fim-leika-leistung-5001"),
    ("S 12/ä", "Grüße  Ü.1", "s-12-gr-e-1"),
    ("", "../../etc", "etc"),
    ("", "Index", "leistung-index"),
    ("", "README", "leistung-readme"),
    ("", "???", "leistung"),
])
def test_slugs_are_lower_case_and_safe(agency: str, value: str, slug: str) -> None:
    assert leistung_slug(ObjectId(agency, value)) == slug


def test_a_long_id_is_cut_and_keeps_a_hash_of_the_whole() -> None:
    first, second = (leistung_slug(ObjectId("B", "x" * 200 + end)) for end in ("1", "2"))
    assert len(first) <= 80 and len(second) <= 80 and first != second
    assert first.startswith("b-xxxx")


def test_ids_differing_only_in_case_or_punctuation_get_distinct_stable_slugs() -> None:
    items = [Leistung(ObjectId(agency, value), f"L {agency} {value}", leika_keys=("99108005001000",))
             for agency, value in (("B", "1"), ("b", "1"), ("B", "1."), ("C", "2"))]

    def slugs(chosen: list[Leistung]) -> dict[ObjectId, str]:
        catalog = XzufiCatalog(leistungen={item.id: item for item in chosen})
        found = state_leistungen(catalog, [("svc", ["99108005001000"])], "09").pages
        return {page.leistung.id: page.slug for page in found}

    every = slugs(items)
    assert len(set(every.values())) == 4
    assert every[ObjectId("C", "2")] == "c-2"
    assert all(slug.startswith("b-1-") and len(slug) == len("b-1-") + 8
               for key, slug in every.items() if key.agency.lower() == "b")
    # A colliding id's slug does not depend on which of the others exist.
    assert slugs(items[:2]) == {key: every[key] for key in (items[0].id, items[1].id)}


def test_a_leistung_two_services_select_is_one_page_on_both_lists() -> None:
    shared = Leistung(ObjectId("B", "7"), "Geteilt", leika_keys=("99108005001000", "99036004001000"))
    own = Leistung(ObjectId("B", "8"), "Eigen", leika_keys=("99036004001000",))
    catalog = XzufiCatalog(leistungen={shared.id: shared, own.id: own})
    found = state_leistungen(catalog, [("wohngeld", ["99108005001000"]),
                                       ("ikfz", ["99036004001000"])], "09")
    assert [(p.leistung.title, p.services) for p in found.pages] == [
        ("Eigen", ("ikfz",)), ("Geteilt", ("wohngeld", "ikfz"))]
    assert [p.slug for p in found.by_service["wohngeld"]] == ["b-7"]
    assert [p.slug for p in found.by_service["ikfz"]] == ["b-8", "b-7"]
    page_of_shared = found.pages[1]
    text = render_leistung(catalog, page_of_shared, "09", "Bayern",
                           service_names={"wohngeld": "Wohngeld online", "ikfz": "i-Kfz"})
    assert front_matter(text)[0]["efa_nav_parent"] == "services/wohngeld/leistungsbeschreibungen.md"
    assert '<a href="../../services/wohngeld/leistungsbeschreibungen/">Wohngeld online</a>' in text
    assert '<a href="../../services/ikfz/leistungsbeschreibungen/">i-Kfz</a>' in text
    for service in ("wohngeld", "ikfz"):
        listing = render_leistung_list(found.by_service[service], list_source(service), "Bayern")
        assert '<a href="../../../leistungen/b-7/">Geteilt</a>' in listing


def test_the_list_links_every_leistung_with_its_kurztext(catalog: XzufiCatalog) -> None:
    entries = selected(catalog, "be").by_service["wohngeld"]
    listing = list_page(catalog, "be", "wohngeld")
    html = built(listing)
    assert listing.startswith("# Leistungsbeschreibungen\n")
    assert "Amtliche Leistungsbeschreibungen (XZuFi), die in Berlin gelten: zuerst Kosten" in html
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', html)
    assert links == [(f"../../../{e.url}", e.leistung.title) for e in entries]
    assert ('<span class="efa-teaser">Wenn Ihr Einkommen nicht ausreicht, um die Miete für '
            "angemessenen Wohnraum zu bezahlen, können Sie Wohngeld als Mietzuschuss erhalten.</span>"
            in html)
    assert 'id="xzufi-b100019-10135410"' in html  # where the one long page had it


def test_the_teaser_is_the_kurztext_else_module_24_cut_at_a_word() -> None:
    def line(*texts: TextModule) -> str:
        item = Leistung(ObjectId("B", "9"), "T", leika_keys=("99108005001000",), texts=texts)
        [entry] = state_leistungen(XzufiCatalog(leistungen={item.id: item}),
                                   [("svc", item.leika_keys)], "09").pages
        found = re.search(r'<span class="efa-teaser">([^<]*)</span>', render_leistung_list(
            [entry], list_source("svc"), "Bayern"))
        return found.group(1) if found else ""

    assert line(TextModule("24", "Teaser", "<p>Kurz gesagt</p>", "Kurz gesagt"),
                TextModule("05", "Kurztext", "<p>Der Kurztext</p>", "Der Kurztext")) == "Der Kurztext"
    assert line(TextModule("24", "Teaser", "<p>Kurz gesagt</p>", "Kurz\ngesagt")) == "Kurz gesagt"
    assert line(TextModule("06", "Volltext", "<p>Lang</p>", "Lang")) == ""
    long = line(TextModule("05", "Kurztext", "", "Wort " * 100))
    assert long.endswith(" …") and len(long) <= 200 and "Wor …" not in long


def test_a_leistung_page_is_cheap_markdown_under_its_service_entry(catalog: XzufiCatalog) -> None:
    for (state, service, title), text in all_pages(catalog).items():
        meta, body = front_matter(text)
        if title == "list":
            continue
        assert meta == {"title": title, "efa_nav_parent": f"services/{service}/leistungsbeschreibungen.md"}
        headings = [line for line in body.splitlines() if line.startswith("#")]
        assert body.startswith(("# ", "<section class=\"efa-incidents\"")), (state, title)
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", built(text))
        assert h1 and h1.group(1) == escape(title, quote=False), (state, title)
        # Plain headings: ATX, levels 1 and 2, no attribute list.
        assert all(re.fullmatch(r"#{1,2} [^\n]+", line) and not re.search(r"(?<!\\)\{", line)
                   for line in headings), headings
        assert not re.search(r"<[a-z]+[^>]*\smarkdown(=|\s|>)", body), (state, title)  # no md_in_html
        blocks = [block for block in body.split("\n\n") if block and not block.startswith("#")]
        assert all(block.startswith("<") for block in blocks), (state, title)  # raw HTML only
