"""The Kommunikationsmatrix: validated routing targets, the matrix page and "Weiterleitung" on every article."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from efa_kb.load.repository import load_repository
from efa_kb.model.content import ArticleKind
from efa_kb.model.routing import Times
from efa_kb.pipeline import load_and_check
from efa_kb.problems import Problems
from efa_kb.render.blocks import times_html
from tests.conftest import MINIMAL, REPO

TARGET = """\
  - level: 2
    kind: technisch
    name: Technik-Desk
    channel: email
    address: technik@example.org
    service_time: Mo–Fr 7–19 Uhr
    reaction_time: {hoch: 30 Minuten, mittel: 4 Stunden, niedrig: 1 Arbeitstag}
    resolution_time: 2 Arbeitstage
    categories: [technik]
"""

STATE_TARGETS = """\
name: Bayern
ars_prefix: '09'
services: [wohngeld]
routing:
  - service: wohngeld
    level: 2
    kind: fachlich
    name: Landesstelle Wohngeld
    channel: ticket
    address: https://ticket.bayern.example.org/wohngeld
    service_time: Mo–Fr 8–15 Uhr
    reaction_time: 1 Arbeitstag
    resolution_time: 5 Arbeitstage
    categories: [antrag]
    allowed_from: ["115"]
  - level: 2
    kind: technisch
    name: Ohne Dienst
    channel: ticket
    address: Q
    service_time: immer
    reaction_time: sofort
    resolution_time: bald
"""


def messages(root: Path) -> list[str]:
    problems = Problems()
    load_repository(root, problems)
    return sorted(f"{p.path}:{p.line}: {p.message}" for p in problems.errors)


# --- validation: a target without service, reaction and resolution time is refused (S8) -------


def test_every_routing_mistake_is_reported_at_once_with_file_and_line(kb_repo):
    root = kb_repo({
        **MINIMAL,
        "content/services/wohngeld/service.yml": (
            "name: Wohngeld\nrouting:\n"
            "  - level: 4\n    kind: fachlich\n    name: Ohne Zeiten\n    channel: fax\n    address: Q\n"
            "  - level: 2\n    kind: technisch\n    name: Prio falsch\n    channel: ticket\n    address: Q\n"
            "    service_time: immer\n    reaction_time:\n      hoch: 1 Stunde\n      dringend: 10 Minuten\n"
            "    resolution_time: {hoch: '', mittel: 1 Tag}\n    categories: [technik, technk]\n"
            "    service: gewerbe\n"
        ),
        "overlays/by/state.yml": STATE_TARGETS.replace("service: wohngeld\n", "service: gewerbe\n"),
    })
    assert messages(root) == [
        ("content/services/wohngeld/service.yml:16: 'reaction_time' je Priorität erlaubt die Schlüssel hoch, mittel, "
         "niedrig, nicht dringend"),
        "content/services/wohngeld/service.yml:17: 'resolution_time' für Priorität 'hoch' ist leer",
        "content/services/wohngeld/service.yml:3: 'level' muss 2 oder 3 sein, ist aber '4'",
        "content/services/wohngeld/service.yml:3: 'reaction_time' fehlt in Weiterleitungsziel 1",
        "content/services/wohngeld/service.yml:3: 'resolution_time' fehlt in Weiterleitungsziel 1",
        "content/services/wohngeld/service.yml:3: 'service_time' fehlt in Weiterleitungsziel 1",
        "content/services/wohngeld/service.yml:6: 'channel' muss eines von ticket, email sein, ist aber 'fax'",
        ("content/services/wohngeld/service.yml:8: Ein Ziel in service.yml gilt für seinen eigenen Dienst; "
         "'service' ist hier nicht nötig"),
        "overlays/by/state.yml:16: Weiterleitungsziel 2 nennt seinen Dienst nicht",
        ("overlays/by/state.yml:5: Das Weiterleitungsziel 'Landesstelle Wohngeld' nennt den Dienst 'gewerbe', "
         "den es nicht gibt"),
    ]


def test_a_state_target_for_a_service_the_state_does_not_use_is_refused(kb_repo):
    root = kb_repo({
        **MINIMAL,
        "content/services/gewerbe/service.yml": "name: Gewerbe\n",
        "overlays/by/state.yml": STATE_TARGETS.replace("  - level: 2\n    kind: technisch\n    name: Ohne Dienst", "  - service: gewerbe\n    level: 2\n    kind: technisch\n    name: Ohne Dienst"),
    })
    assert messages(root) == [
        ("overlays/by/state.yml:16: Das Weiterleitungsziel 'Ohne Dienst' nennt den Dienst 'gewerbe', den das Land "
         "'by' nicht nutzt"),
    ]


def test_routing_table_of_a_state_is_the_operators_part_then_its_own(kb_repo, fixed_now):
    root = kb_repo({
        **MINIMAL,
        "content/services/wohngeld/service.yml": textwrap.dedent(MINIMAL["content/services/wohngeld/service.yml"]) + TARGET,
        "overlays/by/state.yml": STATE_TARGETS.replace("  - level: 2\n    kind: technisch\n    name: Ohne Dienst",
                                                       "  - service: wohngeld\n    level: 3\n    kind: technisch\n    name: Dritte Ebene"),
        "overlays/sh/state.yml": "name: Schleswig-Holstein\nars_prefix: '01'\nservices: [wohngeld]\n",
    })
    _kb, views, problems = load_and_check(root)
    assert problems.errors == []
    by = views["by"]
    table = [(t.level, t.kind, t.name, t.origin.level.value) for t in by.routing_for("wohngeld")]
    assert table == [
        (2, "fachlich", "Wohngeldstelle", "base"),
        (2, "fachlich", "Landesstelle Wohngeld", "state"),
        (2, "technisch", "Technik-Desk", "base"),
        (3, "technisch", "Dritte Ebene", "state"),
    ]
    assert [t.name for t in by.routing_for("wohngeld", "antrag")] == ["Wohngeldstelle", "Landesstelle Wohngeld", "Dritte Ebene"]
    assert [t.name for t in by.routing_for("wohngeld", "technik")] == ["Technik-Desk", "Dritte Ebene"]
    technik = by.routing_for("wohngeld", "technik")[0]
    assert technik.reaction_time == Times(by_priority=(("hoch", "30 Minuten"), ("mittel", "4 Stunden"), ("niedrig", "1 Arbeitstag")))
    assert [t.name for t in views["sh"].routing_for("wohngeld")] == ["Wohngeldstelle", "Technik-Desk"]


def test_times_per_priority_are_a_small_table():
    html = times_html(Times(by_priority=(("hoch", "2 Stunden"), ("mittel", "1 Arbeitstag"))))
    assert html == ('<table class="efa-prio"><tbody><tr><th scope="row">hoch</th><td>2 Stunden</td></tr>'
                    '<tr><th scope="row">mittel</th><td>1 Arbeitstag</td></tr></tbody></table>')
    assert times_html(Times(text="4 Stunden")) == "4 Stunden"


# --- the matrix page and the Weiterleitung boxes in the example build --------------------------


def article(html: str) -> str:
    return re.search(r'<article class="md-content__inner md-typeset"[^>]*>(.*?)</article>', html, re.DOTALL).group(1)


def test_matrix_page_names_the_first_level_and_every_service_with_its_targets(example_site):
    sh = article((example_site / "sh/kommunikationsmatrix/index.html").read_text(encoding="utf-8"))
    assert re.search(r'1\. Level: <strong>Service-Desk Schleswig-Holstein</strong> · \+49 431 555 4000 · '
                     r'servicedesk@schleswig-holstein\.example\.org · Mo–Fr 7–18 Uhr', sh)
    for service in ("wohngeld", "elterngeld", "ikfz", "gewerbe"):
        assert f'<h2 id="{service}">' in sh
    assert sh.count('<div class="efa-matrix"><table role="table"><caption>') == 4
    wohngeld = sh[sh.index('<h2 id="wohngeld">'):sh.index('<h2 id="elterngeld">')]
    assert [h for h in re.findall(r'<h3 id="([^"]+)"', wohngeld)] == [
        "wohngeld-2-fachlich", "wohngeld-2-technisch", "wohngeld-3-technisch"]
    assert "Fachaufsicht Sozial- und Familienleistungen Schleswig-Holstein" in wohngeld
    assert "Technischer Second Level Wohngeld Digital (Dataport User Help Desk)" in wohngeld
    assert '<th scope="row">hoch</th><td>30 Minuten</td>' in wohngeld  # reaction time per priority
    assert "Nur für: 115, Service-Desk Land" in wohngeld and "Nur für: 2nd Level technisch" in wohngeld
    assert "Kategorien: Technische Störungen und Fehlermeldungen" in wohngeld
    assert '<a href="mailto:leistungen-fachaufsicht@schleswig-holstein.example.org">' in wohngeld
    be = article((example_site / "be/kommunikationsmatrix/index.html").read_text(encoding="utf-8"))
    assert "1. Level: <strong>115 – Behördennummer</strong>" in be
    assert '<h2 id="gewerbe">' not in be  # be does not use gewerbe


def test_no_state_shows_another_states_targets(example_site, fixed_now):
    kb, _views, _problems = load_and_check(REPO)
    for code in kb.states:
        others = {t.address for other, state in kb.states.items() if other != code for t in state.routing}
        own = {t.address for t in kb.states[code].routing}
        for page in (example_site / code).rglob("*.html"):
            html = article(page.read_text(encoding="utf-8")) if "<article" in page.read_text(encoding="utf-8") else ""
            leaked = {address for address in others - own if address in html}
            assert not leaked, (page, leaked)
        matrix = (example_site / code / "kommunikationsmatrix/index.html").read_text(encoding="utf-8")
        assert all(address in matrix for address in own)


def test_every_faq_and_workaround_routes_to_the_targets_of_its_category(example_site, fixed_now):
    _kb, views, _problems = load_and_check(REPO)
    checked = 0
    for code, view in views.items():
        for item in view.articles.values():
            if item.kind not in (ArticleKind.FAQ, ArticleKind.WORKAROUND) or not item.service:
                continue
            html = article((example_site / code / item.id / "index.html").read_text(encoding="utf-8"))
            box = html[html.index('id="weiterleitung"'):]
            box = box[:box.index("</div>\n<p><a")] if "</div>\n<p><a" in box else box
            shown = re.findall(r'<p class="efa-target__head">.*?<strong>([^<]+)</strong>', box)
            assert shown == [t.name for t in view.routing_for(item.service, item.category)], (code, item.id)
            assert 'class="efa-first-level"' in box
            checked += 1
    assert checked > 100


def test_weiterleitung_box_shows_targets_with_their_times(example_site):
    html = article((example_site / "sh/services/wohngeld/faq/antrag-online-stellen/index.html").read_text(encoding="utf-8"))
    box = html[html.index('id="weiterleitung"'):]
    assert "1. Level: <strong>Service-Desk Schleswig-Holstein</strong>" in box
    assert "Fachlicher Second Level Wohngeld Digital (Fachredaktion BeV)" in box
    assert "Fachaufsicht Sozial- und Familienleistungen Schleswig-Holstein" in box
    assert "Technischer Second Level" not in box  # category antrag: no technical target
    assert "<dt>Reaktionszeit</dt><dd>" in box and "<dt>Lösungszeit</dt>" in box and "<dt>Servicezeit</dt>" in box
    assert 'href="../../../../kommunikationsmatrix/#wohngeld">Kommunikationsmatrix</a>' in box
    workaround = article((example_site / "sh/services/wohngeld/workarounds/upload-fehler-413/index.html")
                         .read_text(encoding="utf-8"))
    assert "Technischer Second Level Wohngeld Digital (Dataport User Help Desk)" in workaround
