"""The example build shows each state its own XZuFi descriptions and offices, nothing else."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

STATES = ("by", "be", "sh")


def description(site: Path, state: str, service: str) -> str:
    return (site / state / "services" / service / "leistungsbeschreibungen" / "index.html").read_text(encoding="utf-8")


def all_pages(site: Path) -> list[Path]:
    return [p for state in STATES for p in (site / state).rglob("*.html")]


def test_every_used_service_with_descriptions_links_them(example_site):
    for state, services in {"by": ("wohngeld", "ikfz", "gewerbe"), "be": ("wohngeld", "elterngeld", "ikfz"),
                            "sh": ("wohngeld", "elterngeld", "ikfz", "gewerbe")}.items():
        for service in services:
            overview = (example_site / state / "services" / service / "index.html").read_text(encoding="utf-8")
            assert 'href="leistungsbeschreibungen/"' in overview, (state, service)
            assert "Auf einen Blick" in description(example_site, state, service)


def test_offices_only_in_their_own_state(example_site):
    munich = "Kreisverwaltungsreferat, Gewerbeangelegenheiten"
    assert munich in description(example_site, "by", "gewerbe")
    assert munich not in description(example_site, "sh", "gewerbe")
    wohngeld = {state: description(example_site, state, "wohngeld") for state in STATES}
    assert "Wohngeldstelle" in wohngeld["by"]
    for page in wohngeld.values():
        for foreign in ("Frankfurt", "Wiesbaden", "Hessen"):
            assert foreign not in page


def test_offices_are_findable_by_municipality_name(example_site):
    page = description(example_site, "by", "wohngeld")
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
