"""The content contract: what authors write is read as meant, or refused with file, line and fix."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from efa_kb.load.repository import load_repository
from efa_kb.problems import Problems
from tests.conftest import MINIMAL


def load(root):
    problems = Problems()
    kb = load_repository(root, problems)
    return kb, problems


def messages(problems: Problems) -> list[str]:
    return [f"{p.path}:{p.line}: {p.severity.label} [{p.code}]: {p.message}" for p in problems]


def test_minimal_repository_loads_clean(minimal_repo):
    kb, problems = load(minimal_repo)
    assert messages(problems) == []
    article = kb.articles["services/wohngeld/faq/antrag-absenden"]
    assert article.title == "Wie sende ich den Antrag ab?"
    assert article.kind.value == "faq" and article.service == "wohngeld"
    assert [s.heading for s in article.sections] == ["Antwort", "Rückfragen"]


def test_unquoted_codes_keys_and_times_are_read_as_meant(kb_repo):
    root = kb_repo({
        **MINIMAL,
        "content/services/wohngeld/service.yml": "name: Wohngeld\nleika: [99108005000000, 01234567890123]\n",
        "overlays/by/state.yml": "name: Schleswig-Holstein\nars_prefix: 01\nservices: [wohngeld]\n",
        "content/incidents/2026-11-28-upload.md": (
            "---\ntitle: Upload gestört\nservice: wohngeld\nstatus: investigating\nseverity: degraded\n"
            "start: 2026-11-28 09:15\nend: 2026-11-28T18:00:30+01:00\n---\nDetails\n\n### 28.11.2026, 11:30\n\nUpdate\n"
        ),
        "content/services/wohngeld/faq/antrag-absenden.md": "---\ntitle: T\nreview_by: 2099-03-31\n---\nText\n",
    })
    kb, problems = load(root)
    assert messages(problems) == []
    assert kb.states["by"].ars_prefix == "01"
    assert kb.services["wohngeld"].leika == ("99108005000000", "01234567890123")
    incident = kb.incidents["incidents/2026-11-28-upload"]
    berlin = ZoneInfo("Europe/Berlin")
    assert incident.start == datetime(2026, 11, 28, 9, 15, tzinfo=berlin)
    assert incident.end == datetime(2026, 11, 28, 17, 0, 30, tzinfo=ZoneInfo("UTC"))
    assert incident.updates[0].at == datetime(2026, 11, 28, 11, 30, tzinfo=berlin)
    assert kb.articles["services/wohngeld/faq/antrag-absenden"].review_by == date(2099, 3, 31)


def test_misread_prone_values_are_refused_with_line_and_fix(kb_repo):
    root = kb_repo({
        **MINIMAL,
        "overlays/by/state.yml": "name: Bayern\nars_prefix: 9\nservices: [wohngeld]\n",
        "content/services/wohngeld/service.yml": "name: Wohngeld\nleika: [9910800500000]\n",
    })
    _kb, problems = load(root)
    found = {str(p) for p in problems.errors}
    assert (
        "overlays/by/state.yml:2: Fehler [invalid-value]: 'ars_prefix' muss der zweistellige ARS-Präfix des Landes "
        "sein, ist aber '9'\n"
        "    Lösung: Schreiben Sie ars_prefix: 09"
    ) in found
    assert (
        "content/services/wohngeld/service.yml:2: Fehler [invalid-value]: 'leika' muss ein 14-stelliger "
        "LeiKa-Schlüssel sein, ist aber '9910800500000'\n"
        "    Lösung: Schreiben Sie leika: 99108005000000"
    ) in found


def test_unknown_key_is_a_warning_naming_the_closest_key(kb_repo):
    root = kb_repo({**MINIMAL, "content/services/wohngeld/faq/x.md": "---\ntitle: X\nshort_anwser: Hallo\n---\n"})
    _kb, problems = load(root)
    assert [str(p) for p in problems.warnings] == [
        ("content/services/wohngeld/faq/x.md:3: Warnung [unknown-key]: Unbekannter Schlüssel 'short_anwser'; er wird ignoriert\n"
         "    Lösung: Meinten Sie 'short_answer'?")
    ]
    assert problems.errors == []


def test_every_mistake_of_a_run_is_reported_at_once(kb_repo):
    root = kb_repo({
        **MINIMAL,
        "content/services/wohngeld/faq/kaputt.md": "---\ntitle: X\nkeywords: [a, b\n---\n",
        "content/services/wohngeld/faq/kategorie.md": "---\ntitle: X\ncategory: antrge\n---\n",
        "content/services/wohngeld/faq/ohne-titel.md": "---\ncategory: antrag\n---\nText\n",
        "overlays/by/state.yml": "name: Bayern\nars_prefix: '09'\nservices:\n  - wohngeld\n  - wohngelt\n",
    })
    _kb, problems = load(root)
    assert sorted(messages(problems)) == [
        ("content/services/wohngeld/faq/kaputt.md:3: Fehler [invalid-yaml]: Das Front Matter ist kein gültiges YAML: "
         "eine mit '[' geöffnete Liste wird nicht mit ']' geschlossen; in der Liste in eckigen Klammern, die hier beginnt"),
        ("content/services/wohngeld/faq/kategorie.md:3: Fehler [unknown-category]: Die Kategorie 'antrge' steht nicht "
         "in content/categories.yml"),
        "content/services/wohngeld/faq/ohne-titel.md:2: Fehler [missing-title]: Der Artikel hat keinen Titel",
        "overlays/by/state.yml:5: Fehler [unknown-service]: Das Land 'by' nutzt den Dienst 'wohngelt', den es nicht gibt",
    ]
    fixes = {p.path.rsplit("/", 1)[-1]: p.fix for p in problems}
    assert fixes["kategorie.md"] == "Meinten Sie 'antrag'?"
    assert fixes["state.yml"] == "Meinten Sie 'wohngeld'?"


def test_routing_target_without_service_levels_is_refused(kb_repo):
    root = kb_repo({
        **MINIMAL,
        "content/services/wohngeld/service.yml": (
            "name: Wohngeld\nrouting:\n  - level: 2\n    kind: fachlich\n    name: Stelle\n"
            "    channel: ticket\n    address: Q\n    service_time: Mo–Fr\n"
        ),
    })
    _kb, problems = load(root)
    assert sorted(messages(problems)) == [
        "content/services/wohngeld/service.yml:3: Fehler [missing-key]: 'reaction_time' fehlt in Weiterleitungsziel 1",
        "content/services/wohngeld/service.yml:3: Fehler [missing-key]: 'resolution_time' fehlt in Weiterleitungsziel 1",
    ]


def test_overdue_review_is_a_warning(kb_repo, fixed_now):
    root = kb_repo({**MINIMAL, "content/services/wohngeld/faq/alt.md": "---\ntitle: Alt\nreview_by: 2026-10-31\n---\n"})
    _kb, problems = load(root)
    assert messages(problems) == [
        "content/services/wohngeld/faq/alt.md:3: Warnung [review-overdue]: Die Überprüfung ist seit 31.10.2026 überfällig"
    ]


def test_a_repository_without_states_is_one_base_site(kb_repo):
    root = kb_repo({
        "content/services/x/service.yml": "name: Dienst X\n",
        "content/services/x/faq/frage.md": "---\ntitle: Eine Frage\n---\n",
    })
    kb, problems = load(root)
    assert messages(problems) == []
    assert list(kb.states) == ["basis"] and kb.states["basis"].services == ("x",)


def test_a_link_pointing_outside_the_repository_is_refused(kb_repo, tmp_path):
    outside = tmp_path / "secret.md"
    outside.write_text("---\ntitle: Geheim\n---\n", encoding="utf-8")
    root = kb_repo(MINIMAL)
    (root / "content/services/wohngeld/faq/link.md").symlink_to(outside)
    kb, problems = load(root)
    assert "services/wohngeld/faq/link" not in kb.articles
    assert messages(problems) == [
        ("content/services/wohngeld/faq/link.md:None: Fehler [outside-repository]: Die Datei verweist aus dem Repository "
         "hinaus (ein Link auf einen anderen Ort)")
    ]
