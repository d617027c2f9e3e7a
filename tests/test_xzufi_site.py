"""The example build shows each state its own XZuFi descriptions and offices, nothing else:
a page per Leistung, linked from its services' lists, under their sidebar entry."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

from efa_kb.load.repository import load_repository
from efa_kb.problems import Problems

REPO = Path(__file__).resolve().parents[1]
STATES = ("by", "be", "sh")
USED = {"by": ("wohngeld", "ikfz", "gewerbe"), "be": ("wohngeld", "elterngeld", "ikfz"),
        "sh": ("wohngeld", "elterngeld", "ikfz", "gewerbe")}


def listing(site: Path, state: str, service: str) -> str:
    """The service's page "Leistungsbeschreibungen": the list of its Leistungen."""
    return (site / state / "services" / service / "leistungsbeschreibungen" / "index.html").read_text(encoding="utf-8")


def content(html: str) -> str:
    """The page's article (what MkDocs made of the Markdown), without navigation and footer."""
    return html[html.index("<article"):html.index("</article>")]


def linked_leistungen(site: Path, state: str, service: str) -> dict[str, str]:
    """Leistung page (path below the state's site) → link text, for every entry of the list."""
    base = f"services/{service}/leistungsbeschreibungen/"
    links = re.findall(r'<li id="xzufi-[^"]+"><a href="([^"]+)">([^<]+)</a>', content(listing(site, state, service)))
    return {urljoin(base, href) + "index.html": text for href, text in links}


def leistung_pages(site: Path, state: str, service: str) -> dict[str, str]:
    """The HTML of each Leistung page the service's list links, by its title."""
    return {title: (site / state / path).read_text(encoding="utf-8")
            for path, title in linked_leistungen(site, state, service).items()}


def everything(site: Path, state: str, service: str) -> str:
    """The list and every Leistung page of the service."""
    return "\n".join([listing(site, state, service), *leistung_pages(site, state, service).values()])


def all_pages(site: Path) -> list[Path]:
    return [p for state in STATES for p in (site / state).rglob("*.html")]


def test_every_used_service_with_descriptions_links_them(example_site):
    for state, services in USED.items():
        for service in services:
            overview = (example_site / state / "services" / service / "index.html").read_text(encoding="utf-8")
            assert 'href="leistungsbeschreibungen/"' in overview, (state, service)
            pages = leistung_pages(example_site, state, service)
            assert pages, (state, service)
            for title, html in pages.items():
                assert "Auf einen Blick" in html and f">{title}</h1>" in html, (state, service, title)


def test_offices_only_in_their_own_state(example_site):
    munich = "Kreisverwaltungsreferat, Gewerbeangelegenheiten"
    assert munich in leistung_pages(example_site, "by", "gewerbe")["Gewerbe anmelden (Bayern)"]
    assert munich not in everything(example_site, "sh", "gewerbe")
    miete = leistung_pages(example_site, "by", "wohngeld")["Wohngeld für Mieterinnen und Mieter beantragen"]
    assert "Wohngeldstelle" in miete
    for state in STATES:
        page = everything(example_site, state, "wohngeld")
        for foreign in ("Frankfurt", "Wiesbaden", "Hessen"):
            assert foreign not in page


def test_offices_are_findable_by_municipality_name(example_site):
    page = leistung_pages(example_site, "by", "wohngeld")["Wohngeld für Mieterinnen und Mieter beantragen"]
    assert "Germering" in page and "Fürstenfeldbruck" in page


def test_deleted_superseded_and_english_texts_never_appear(example_site):
    for path in all_pages(example_site):
        text = path.read_text(encoding="utf-8")
        assert "Papierantrag (alte Fassung)" not in text
        assert "Bürgerbüro Pasing" not in text
        assert "housing benefit" not in text.lower()


@pytest.mark.parametrize("pattern", [r"&amp;[a-zA-Z]+;", r"&amp;#", r"&lt;/?(p|br|ul|li|strong|a)\b"])
def test_no_raw_or_double_escaped_entity_in_any_built_page(example_site, pattern):
    offenders = [p.relative_to(example_site).as_posix() for p in all_pages(example_site)
                 if re.search(pattern, p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_every_leistung_page_is_linked_from_its_services_list_and_marks_its_entry_current(example_site):
    states = load_repository(REPO, Problems()).states
    for state in STATES:
        site = example_site / state
        order = [s for s in states[state].services if (site / "services" / s / "leistungsbeschreibungen").is_dir()]
        listed: dict[str, list[str]] = {}  # Leistung page → the services listing it, in the state's order
        for service in order:
            for path, title in linked_leistungen(example_site, state, service).items():
                listed.setdefault(path, []).append(service)
                assert f">{title}</h1>" in (site / path).read_text(encoding="utf-8"), (state, path)
        built = {p.relative_to(site).as_posix() for p in (site / "leistungen").glob("*/index.html")}
        assert built and set(listed) == built, state
        for path, services in listed.items():
            html = (site / path).read_text(encoding="utf-8")
            nav = html[html.index('<nav class="md-nav md-nav--primary'):html.index('<div class="md-content"')]
            current = re.findall(r'<li class="md-nav__item md-nav__item--active">\s*<a href="([^"]+)" '
                                 r'class="md-nav__link"', nav)
            parent = f"services/{services[0]}/leistungsbeschreibungen/"
            assert [urljoin(path, href) for href in current] == [parent], (state, path)
            assert "md-nav__link--active" not in nav, (state, path)  # the page itself is not listed
