"""``efa-kb incident new`` and ``resolve``: the right file with the right fields, and minimal edits."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from efa_kb.cli import main
from efa_kb.commands.incidents import slugify
from efa_kb.pipeline import load_and_check
from tests.conftest import MINIMAL

SH = "name: Schleswig-Holstein\nars_prefix: '01'\nservices: [wohngeld]\n"


@pytest.fixture
def repo(kb_repo, fixed_now) -> Path:
    return kb_repo({**MINIMAL, "overlays/sh/state.yml": SH})


def efa(root: Path, *args: str):
    result = CliRunner().invoke(main, ["--root", str(root), *args])
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    return result


def test_slugs_transliterate_german():
    assert slugify("Störung: Größe der Übermittlung ändern") == "stoerung-groesse-der-uebermittlung-aendern"
    assert slugify("ÄÖÜ straße – 413/Fehler!") == "aeoeue-strasse-413-fehler"
    assert slugify("!!!") == "stoerung"
    assert len(slugify("Sehr " * 30)) <= 50 and not slugify("Sehr " * 30).endswith("-")


def test_new_scaffolds_a_valid_active_incident_named_by_date_and_title(repo):
    result = efa(repo, "incident", "new", "--service", "wohngeld", "--severity", "outage",
                 "--workaround", "Antrag formlos stellen.", "Anmeldung: Größe der Übermittlung")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "content/incidents/2026-11-29-anmeldung-groesse-der-uebermittlung.md"
    text = (repo / result.output.strip()).read_text(encoding="utf-8")
    assert text.startswith(
        '---\ntitle: "Anmeldung: Größe der Übermittlung"\nservice: wohngeld\nstatus: investigating\n'
        'severity: outage\nstart: 2026-11-29 09:20\nworkaround: "Antrag formlos stellen."\n---\n\n'
        "### 2026-11-29 09:20\n\nStörung erkannt; die Ursache wird untersucht.\n"
    )
    kb, views, problems = load_and_check(repo)
    assert problems.errors == []
    incident = kb.incidents["incidents/2026-11-29-anmeldung-groesse-der-uebermittlung"]
    assert [i.id for i in views["by"].active_incidents("wohngeld")] == [incident.id]


def test_new_maintenance_is_scheduled_and_upcoming(repo):
    result = efa(repo, "incident", "new", "--service", "wohngeld", "--severity", "maintenance",
                 "--start", "03.12.2026, 20:00", "--end", "2026-12-03 23:00", "--state", "SH", "Wartung Wohngeld")
    assert result.exit_code == 0, result.output
    text = (repo / "content/incidents/2026-12-03-wartung-wohngeld.md").read_text(encoding="utf-8")
    assert "status: scheduled\nseverity: maintenance\nstart: 2026-12-03 20:00\nend: 2026-12-03 23:00\nstates: [sh]\n" in text
    assert 'workaround: ""  # ein Satz für Agents' in text and "Wartung angekündigt." in text
    _kb, views, problems = load_and_check(repo)
    assert problems.errors == []
    assert [i.id for i in views["sh"].upcoming_incidents()] == ["incidents/2026-12-03-wartung-wohngeld"]
    assert views["by"].incidents == ()


def test_new_names_several_services_and_never_overwrites(kb_repo, fixed_now):
    root = kb_repo({**MINIMAL, "content/services/elterngeld/service.yml": "name: Elterngeld\n"})
    for _ in range(2):
        assert efa(root, "incident", "new", "--service", "wohngeld", "--service", "elterngeld",
                   "--severity", "degraded", "BundID").exit_code == 0
    files = sorted(p.name for p in (root / "content/incidents").iterdir())
    assert files == ["2026-11-29-bundid-2.md", "2026-11-29-bundid.md"]
    assert "services: [wohngeld, elterngeld]\n" in (root / "content/incidents" / files[1]).read_text(encoding="utf-8")


def test_new_refuses_an_unknown_service_or_state(repo):
    result = efa(repo, "incident", "new", "--service", "wohngelt", "--severity", "outage", "Titel")
    assert result.exit_code == 1
    assert "Es gibt keinen Onlinedienst 'wohngelt' (meinten Sie 'wohngeld'?)" in result.output
    result = efa(repo, "incident", "new", "--service", "wohngeld", "--state", "xx", "--severity", "outage", "Titel")
    assert result.exit_code == 1 and "Es gibt kein Land 'xx'" in result.output
    result = efa(repo, "incident", "new", "--service", "wohngeld", "--severity", "kaputt", "Titel")
    assert result.exit_code == 2 and "'kaputt' ist keiner der Werte 'outage', 'degraded', 'maintenance'" in result.output
    assert not (repo / "content/incidents").exists()


AUTHORED = """---
# Meldung der Betriebsverantwortung
title: 'Upload gestört'
service: wohngeld
start: 2026-11-28 08:40   # erste Meldung 08:40
status: identified        # Ursache gefunden
severity: degraded
workaround: >-
  Kleinere Datei
  hochladen.
---

Details.

### 2026-11-28 09:15

Ursache gefunden.
"""


def test_resolve_changes_only_the_status_line_and_adds_the_end_after_start(repo):
    path = repo / "content/incidents/2026-11-28-upload.md"
    path.parent.mkdir(parents=True)
    path.write_text(AUTHORED, encoding="utf-8")
    result = efa(repo, "incident", "resolve", "incidents/2026-11-28-upload")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "content/incidents/2026-11-28-upload.md: behoben"
    assert path.read_text(encoding="utf-8") == AUTHORED.replace(
        "status: identified        # Ursache gefunden", "status: resolved        # Ursache gefunden"
    ).replace("start: 2026-11-28 08:40   # erste Meldung 08:40\n",
              "start: 2026-11-28 08:40   # erste Meldung 08:40\nend: 2026-11-29 09:20\n")
    kb, views, problems = load_and_check(repo)
    assert problems.errors == []
    assert kb.incidents["incidents/2026-11-28-upload"].status == "resolved"
    assert views["by"].active_incidents() == []


def test_resolve_replaces_an_end_keeps_windows_line_ends_and_can_add_an_update(repo):
    path = repo / "content/incidents/2026-11-28-upload.md"
    path.parent.mkdir(parents=True)
    text = AUTHORED.replace("severity: degraded\n", "severity: degraded\nend: 2026-11-30 12:00\n").replace("\n", "\r\n")
    path.write_bytes(text.encode("utf-8"))
    result = efa(repo, "incident", "resolve", "2026-11-28-upload", "--at", "2026-11-29 08:00",
                 "-m", "Korrektur eingespielt.")
    assert result.exit_code == 0, result.output
    written = path.read_bytes().decode("utf-8")
    assert "\n" not in written.replace("\r\n", "")
    assert "end: 2026-11-29 08:00\r\n" in written and "2026-11-30" not in written
    assert written.endswith("Ursache gefunden.\r\n\r\n### 2026-11-29 08:00\r\n\r\nKorrektur eingespielt.\r\n")
    incident = load_and_check(repo)[0].incidents["incidents/2026-11-28-upload"]
    assert incident.updates[0].text == "Korrektur eingespielt."


def test_resolve_tells_when_there_is_nothing_to_do_or_no_such_incident(repo):
    path = repo / "content/incidents/2026-11-28-upload.md"
    path.parent.mkdir(parents=True)
    path.write_text(AUTHORED, encoding="utf-8")
    assert efa(repo, "incident", "resolve", "2026-11-28-upload").exit_code == 0
    before = path.read_bytes()
    again = efa(repo, "incident", "resolve", "2026-11-28-upload")
    assert again.exit_code == 0 and "war bereits behoben, nichts geändert" in again.output
    assert path.read_bytes() == before
    missing = efa(repo, "incident", "resolve", "incidents/2026-11-28-uplaod")
    assert missing.exit_code == 1 and "meinten Sie incidents/2026-11-28-upload?" in missing.output
    early = efa(repo, "incident", "resolve", "2026-11-28-upload", "--at", "2026-11-01 10:00")
    assert early.exit_code == 0  # already resolved: nothing to check


def test_resolve_refuses_an_end_before_the_start(repo):
    path = repo / "content/incidents/2026-11-28-upload.md"
    path.parent.mkdir(parents=True)
    path.write_text(AUTHORED, encoding="utf-8")
    result = efa(repo, "incident", "resolve", "2026-11-28-upload", "--at", "2026-11-28 08:00")
    assert result.exit_code == 1 and "beginnt erst am 2026-11-28 08:40" in result.output
    assert path.read_text(encoding="utf-8") == AUTHORED
