"""Incidents where agents read: banners on exactly the right pages, incident pages, validation, git times."""

from __future__ import annotations

import os
import re
import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from efa_kb.load import git as git_history
from efa_kb.load.repository import load_repository
from efa_kb.problems import Problems
from tests.conftest import MINIMAL

BERLIN = ZoneInfo("Europe/Berlin")
BUNDID = "incidents/2026-11-27-bundid-anmeldung"
UPLOAD = "incidents/2026-11-28-wohngeld-upload"
WARTUNG = "incidents/2026-12-03-wartung-ikfz"
GEWERBE = "incidents/2026-11-20-gewerbe-zahlung"


def pages(site: Path) -> dict[str, str]:
    """Every HTML page of a state's site by its path below the site root."""
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


def banner_pages(site: Path, incident: str) -> set[str]:
    """Pages whose incident banner lists ``incident``."""
    return {name for name, html in pages(site).items() if f'data-efa-incident="{incident}"' in banner(html)}


def banner(html: str) -> str:
    """The incident banner of a page (empty when it has none)."""
    match = re.search(r'<section class="efa-incidents".*?</section>', html, re.DOTALL)
    return match.group(0) if match else ""


XZUFI_PAGE = "leistungsbeschreibungen/index.html"
"""A service's list of its XZuFi Leistungen; each Leistung has a page of its own below leistungen/."""


def leistung_pages(site: Path) -> dict[str, str]:
    """Each Leistung page of a state's site → its first service (the state's order) listing it."""
    order = load_repository(Path(__file__).resolve().parents[1], Problems()).states[site.name].services
    first: dict[str, str] = {}
    for service in order:
        listing = site / "services" / service / XZUFI_PAGE
        if listing.is_file():
            for href in re.findall(r'<li id="xzufi-[^"]+"><a href="\.\./\.\./\.\./([^"]+)">', listing.read_text(encoding="utf-8")):
                first.setdefault(href + "index.html", service)
    return first


def service_pages(site: Path, *services: str) -> set[str]:
    """Pages of the services, their XZuFi Leistung pages (by their first service) included."""
    own = {name for name, service in leistung_pages(site).items() if service in services}
    return own | {name for name in pages(site) if any(name.startswith(f"services/{s}/") for s in services)}


# --- where agents look -------------------------------------------------------------------------


def test_active_incident_shows_on_exactly_the_pages_of_its_services_in_the_affected_states(example_site):
    """The BundID outage concerns wohngeld and elterngeld in be and sh only."""
    for state in ("be", "sh"):
        site = example_site / state
        expected = {"index.html"} | service_pages(site, "wohngeld", "elterngeld")
        assert len(expected) > 30
        assert banner_pages(site, BUNDID) == expected, state
        assert not service_pages(site, "ikfz", "gewerbe") & banner_pages(site, BUNDID)
    assert banner_pages(example_site / "by", BUNDID) == set()
    for html in pages(example_site / "by").values():
        assert "AUTH-SAML-500" not in banner(html)


def test_the_service_descriptions_page_shows_the_banner_too(example_site):
    page = example_site / "be/services/wohngeld" / XZUFI_PAGE
    assert page.is_file()
    assert BUNDID in banner(page.read_text(encoding="utf-8"))
    own = [name for name, service in leistung_pages(example_site / "be").items() if service == "wohngeld"]
    assert len(own) == 4  # two of the Bund, two of Berlin (8002 from xzufi/leistungen-lotse.xml)
    for name in own:
        assert BUNDID in banner((example_site / "be" / name).read_text(encoding="utf-8")), name


def test_banner_tells_status_since_when_and_the_workaround(example_site):
    html = (example_site / "sh/services/wohngeld/faq/antrag-online-stellen/index.html").read_text(encoding="utf-8")
    shown = banner(html)
    assert shown.index(BUNDID) < html.index("<h1")
    assert "Ausfall" in shown and "Status: wird beobachtet" in shown
    assert "seit Fr, 27.11.2026, 07:55 Uhr" in shown
    assert "<strong>Für Agents:</strong> Erneut anmelden; klappt es nicht:" in shown
    link = re.search(rf'data-efa-incident="{BUNDID}">\s*<p[^>]*><span[^>]*>[^<]*</span> <a href="([^"]+)"', shown)
    assert link and (example_site / "sh/services/wohngeld/faq/antrag-online-stellen" / link.group(1) / "index.html").resolve().is_file()


def test_wohngeld_upload_incident_concerns_every_state_using_wohngeld(example_site):
    for state in ("be", "by", "sh"):
        site = example_site / state
        assert banner_pages(site, UPLOAD) == {"index.html"} | service_pages(site, "wohngeld")


def test_scheduled_maintenance_is_announced_as_upcoming(example_site):
    site = example_site / "by"
    assert banner_pages(site, WARTUNG) == {"index.html"} | service_pages(site, "ikfz")
    shown = banner((site / "services/ikfz/index.html").read_text(encoding="utf-8"))
    assert "efa-incident--upcoming" in shown and "Angekündigt" in shown
    assert "geplant ab Do, 03.12.2026, 20:00 Uhr" in shown


def test_resolved_incident_is_in_no_banner_but_in_the_archive(example_site):
    for state in ("by", "sh"):
        assert banner_pages(example_site / state, GEWERBE) == set()
        overview = (example_site / state / "incidents/index.html").read_text(encoding="utf-8")
        archive = overview[overview.index('id="behoben-und-beendet"'):]
        assert "Bezahlung mit Kreditkarte bricht ab" in archive
        assert "behoben, von Fr, 20.11.2026, 10:00 Uhr bis Fr, 20.11.2026, 15:30 Uhr" in archive
    assert not (example_site / "be/incidents/2026-11-20-gewerbe-zahlung").exists()  # be does not use gewerbe


def test_a_page_without_incidents_has_a_hidden_empty_banner(kb_repo, fixed_now):
    from efa_kb.pipeline import load_and_check
    from efa_kb.render.blocks import incident_banner

    _kb, views, _problems = load_and_check(kb_repo(MINIMAL))
    assert '<section class="efa-incidents" aria-label="Störungen" hidden>\n\n</section>' in incident_banner(views["by"], "index.md")


# --- incident pages ----------------------------------------------------------------------------


def test_overview_has_active_upcoming_and_resolved_sections(example_site):
    overview = (example_site / "be/incidents/index.html").read_text(encoding="utf-8")
    current = overview[overview.index('id="aktuell"'):overview.index('id="angekundigt"')]
    upcoming = overview[overview.index('id="angekundigt"'):overview.index('id="behoben-und-beendet"')]
    assert 'href="2026-11-28-wohngeld-upload/"' in current and 'href="2026-11-27-bundid-anmeldung/"' in current
    assert 'href="2026-12-03-wartung-ikfz/"' in upcoming and "Wartung" not in current
    assert 'href="feed.atom"' in overview and 'href="feed.json"' in overview and 'href="active.json"' in overview


def test_incident_page_shows_updates_newest_first(example_site):
    html = (example_site / "sh/incidents/2026-11-27-bundid-anmeldung/index.html").read_text(encoding="utf-8")
    updates = re.findall(r"<h3[^>]*>([^<]+)</h3>", html)
    assert updates == [
        "Sa, 28.11.2026, 09:00 Uhr", "Fr, 27.11.2026, 14:20 Uhr", "Fr, 27.11.2026, 10:45 Uhr", "Fr, 27.11.2026, 08:30 Uhr",
    ]
    assert "<strong>Status:</strong> wird beobachtet (aktiv)" in html
    assert "Für Agents" in html and "Zuletzt aktualisiert" in html


def test_workaround_linked_to_an_incident_shows_it_and_whether_it_is_active(example_site):
    page = example_site / "be/services/elterngeld/workarounds/bundid-anmeldung-fehlgeschlagen/index.html"
    facts = re.search(r'<p class="efa-facts">.*?</p>', page.read_text(encoding="utf-8"), re.DOTALL).group(0)
    assert f'data-efa-incident="{BUNDID}">(aktiv – wird beobachtet)' in facts
    href = re.search(r'Störungsmeldung: <a href="([^"]+)"', facts).group(1)
    assert (page.parent / href / "index.html").resolve() == (example_site / "be" / BUNDID / "index.html")


def test_workaround_of_an_ended_incident_says_so(kb_repo, fixed_now):
    from efa_kb.pipeline import load_and_check
    from efa_kb.render.article import render_article

    root = kb_repo({
        **MINIMAL,
        "content/incidents/2026-11-20-upload.md": (
            "---\ntitle: Upload gestört\nservice: wohngeld\nstatus: resolved\nseverity: degraded\n"
            "start: 2026-11-20 10:00\nend: 2026-11-20 12:00\n---\n"
        ),
        "content/services/wohngeld/workarounds/upload.md": (
            "---\ntitle: Upload klappt nicht\nstatus: fixed\nincident: incidents/2026-11-20-upload\n---\n"
        ),
    })
    _kb, views, problems = load_and_check(root)
    assert problems.errors == []
    text = render_article(views["by"], views["by"].articles["services/wohngeld/workarounds/upload"])
    assert 'efa-incident-state--ended" data-efa-incident="incidents/2026-11-20-upload">(behoben)' in text


# --- validation --------------------------------------------------------------------------------


def incident(front: str, body: str = "Details\n") -> str:
    return f"---\n{front}---\n{body}"


def errors(root: Path) -> list[str]:
    problems = Problems()
    load_repository(root, problems)
    return sorted(f"{p.path}:{p.line}: {p.message}" for p in problems.errors)


def test_incident_mistakes_are_refused_with_file_and_line(kb_repo):
    root = kb_repo({
        **MINIMAL,
        "content/incidents/2026-11-28-a.md": incident(
            "title: A\nservice: wohngeld\nstatus: investigating\nseverity: degraded\n"
            "start: 2026-11-28 10:00\nend: 2026-11-28 09:00\n"),
        "content/incidents/2026-11-28-b.md": incident(
            "title: B\nservice: wohngelt\nstatus: identified\nseverity: outage\nstart: 2026-11-28 10:00\n"),
        "content/incidents/2026-11-28-d.md": incident(
            "title: D\nservice: wohngeld\nstatus: untersucht\nseverity: kaputt\nstart: 2026-11-28 10:00\n"),
        "content/incidents/2026-11-28-c.md": incident(
            "title: C\nservices: [wohngeld]\nstatus: monitoring\nseverity: outage\nstart: 2026-11-28 10:00\n",
            "Details\n\n### gestern\n\nText\n"),
        "content/incidents/2026-11-28-e.md": incident(
            "title: E\nservices: [wohngeld]\nstatus: monitoring\nseverity: outage\nstart: 2026-11-28 10:00\n"
            "states: [by, xx]\n"),
        "content/incidents/upload.md": incident(
            "title: D\nservice: wohngeld\nstatus: monitoring\nseverity: outage\nstart: 2026-11-28 10:00\n"),
        "content/services/wohngeld/workarounds/w.md": "---\ntitle: W\nincident: incidents/2026-11-28-upload\n---\n",
    })
    assert errors(root) == [
        "content/incidents/2026-11-28-a.md:7: Das Ende 2026-11-28 09:00 liegt vor dem Beginn 2026-11-28 10:00",
        "content/incidents/2026-11-28-b.md:3: Die Störung nennt den Dienst 'wohngelt', den es nicht gibt",
        "content/incidents/2026-11-28-c.md:10: Die Update-Überschrift 'gestern' ist kein Datum mit Uhrzeit",
        ("content/incidents/2026-11-28-d.md:4: 'status' muss eines von scheduled, investigating, identified, "
         "monitoring, resolved sein, ist aber 'untersucht'"),
        "content/incidents/2026-11-28-d.md:5: 'severity' muss eines von outage, degraded, maintenance sein, ist aber 'kaputt'",
        "content/incidents/2026-11-28-e.md:7: Die Störung nennt das Land 'xx', für das es keine overlays/xx/state.yml gibt",
        "content/incidents/upload.md:None: Der Dateiname 'upload.md' hat nicht die Form <JJJJ-MM-TT>-<name>.md",
        ("content/services/wohngeld/workarounds/w.md:3: Die Störung 'incidents/2026-11-28-upload' ist keine Datei "
         "in content/incidents/"),
    ]


# --- published and updated: git is the publishing channel --------------------------------------


def git(root: Path, *args: str, when: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "BeV", "GIT_AUTHOR_EMAIL": "bev@example.org",
           "GIT_COMMITTER_NAME": "BeV", "GIT_COMMITTER_EMAIL": "bev@example.org"}
    if when:
        env["GIT_COMMITTER_DATE"] = env["GIT_AUTHOR_DATE"] = when
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


UPDATE_FILE = incident(
    "title: Upload gestört\nservice: wohngeld\nstatus: investigating\nseverity: degraded\nstart: 2026-11-28 09:00\n",
    "Details\n\n### 2026-11-28 09:30\n\nErste Meldung\n",
)


def test_a_heading_line_inside_a_code_block_is_not_an_update(kb_repo):
    """Agents copy log excerpts into incidents; a ``###`` line in a fence is text, not a dated update."""
    fenced = incident(
        "title: Upload gestört\nservice: wohngeld\nstatus: investigating\nseverity: degraded\nstart: 2026-11-28 09:00\n",
        "Details:\n\n```\n### Fehlerprotokoll\nHTTP 413\n```\n\n### 2026-11-28 09:30\n\nErste Meldung\n",
    )
    root = kb_repo({**MINIMAL, "content/incidents/2026-11-28-upload.md": fenced})
    problems = Problems()
    found = load_repository(root, problems).incidents["incidents/2026-11-28-upload"]
    assert problems.errors == []
    assert "### Fehlerprotokoll" in found.details and "HTTP 413" in found.details
    assert [u.text for u in found.updates] == ["Erste Meldung"]


def test_published_and_updated_come_from_the_first_and_last_commit(kb_repo):
    root = kb_repo({**MINIMAL, "content/incidents/2026-11-28-upload.md": UPDATE_FILE})
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "Störung gemeldet", when="2026-11-28T09:41:00+01:00")
    path = root / "content/incidents/2026-11-28-upload.md"
    path.write_text(UPDATE_FILE.replace("status: investigating", "status: identified"), encoding="utf-8")
    git(root, "commit", "-qam", "Ursache", when="2026-11-28T11:02:30+01:00")
    git(root, "mv", "content/incidents/2026-11-28-upload.md", "content/incidents/2026-11-28-upload-413.md")
    git(root, "commit", "-qm", "umbenannt", when="2026-11-28T12:00:00+01:00")
    (root / "content/incidents/2026-11-29-neu.md").write_text(
        UPDATE_FILE.replace("2026-11-28 09:00", "2026-11-29 08:00"), encoding="utf-8")

    kb = load_repository(root, Problems())
    renamed = kb.incidents["incidents/2026-11-28-upload-413"]
    assert renamed.published == datetime(2026, 11, 28, 9, 41, tzinfo=BERLIN)
    assert renamed.updated == datetime(2026, 11, 28, 12, 0, tzinfo=BERLIN)
    untracked = kb.incidents["incidents/2026-11-29-neu"]  # not committed yet: its front matter counts
    assert untracked.published == datetime(2026, 11, 28, 9, 30, tzinfo=BERLIN)
    assert untracked.updated == datetime(2026, 11, 28, 9, 30, tzinfo=BERLIN)


def test_an_update_written_after_the_last_commit_counts(kb_repo):
    root = kb_repo({**MINIMAL, "content/incidents/2026-11-28-upload.md": UPDATE_FILE})
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "Störung", when="2026-11-28T09:41:00+01:00")
    with (root / "content/incidents/2026-11-28-upload.md").open("a", encoding="utf-8") as file:
        file.write("\n### 2026-11-28 13:15\n\nBehoben\n")
    found = load_repository(root, Problems()).incidents["incidents/2026-11-28-upload"]
    assert found.published == datetime(2026, 11, 28, 9, 41, tzinfo=BERLIN)
    assert found.updated == datetime(2026, 11, 28, 13, 15, tzinfo=BERLIN)


def test_without_git_the_front_matter_gives_the_times(kb_repo):
    root = kb_repo({**MINIMAL, "content/incidents/2026-11-28-upload.md": UPDATE_FILE.replace(
        "status: investigating", "status: resolved\nend: 2026-11-28 16:00")})
    found = load_repository(root, Problems()).incidents["incidents/2026-11-28-upload"]
    assert found.published == datetime(2026, 11, 28, 9, 0, tzinfo=BERLIN)
    assert found.updated == datetime(2026, 11, 28, 16, 0, tzinfo=BERLIN)


def test_all_incident_times_come_from_one_git_call(kb_repo, monkeypatch):
    files = {f"content/incidents/2026-11-2{n}-stoerung.md": UPDATE_FILE for n in range(5)}
    root = kb_repo({**MINIMAL, **files})
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "Störungen", when="2026-11-28T10:00:00+01:00")
    calls = []
    real_run = subprocess.run

    def counting_run(command, *args, **kwargs):
        calls.append(command)
        return real_run(command, *args, **kwargs)

    monkeypatch.setattr(git_history.subprocess, "run", counting_run)
    kb = load_repository(root, Problems())
    assert len(calls) == 1 and calls[0][:3] == ["git", "-C", str(root)] and "log" in calls[0]
    assert {i.published for i in kb.incidents.values()} == {datetime(2026, 11, 28, 10, 0, tzinfo=BERLIN)}


@pytest.mark.parametrize("broken", ["no-git-binary", "no-repository"])
def test_missing_git_or_repository_falls_back_quietly(kb_repo, monkeypatch, broken):
    root = kb_repo({**MINIMAL, "content/incidents/2026-11-28-upload.md": UPDATE_FILE})
    if broken == "no-git-binary":
        monkeypatch.setenv("PATH", str(root))
    problems = Problems()
    found = load_repository(root, problems).incidents["incidents/2026-11-28-upload"]
    assert problems.errors == []
    assert found.published == datetime(2026, 11, 28, 9, 0, tzinfo=BERLIN)


def test_an_incident_merged_from_a_branch_is_published_with_the_merge(kb_repo):
    root = kb_repo(MINIMAL)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-qm", "Basis", when="2026-11-27T08:00:00+01:00")
    git(root, "checkout", "-qb", "stoerung")
    (root / "content/incidents").mkdir()
    (root / "content/incidents/2026-11-28-upload.md").write_text(UPDATE_FILE, encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-qm", "Entwurf", when="2026-11-28T09:35:00+01:00")
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--no-ff", "-m", "Freigabe", "stoerung", when="2026-11-28T09:50:00+01:00")
    found = load_repository(root, Problems()).incidents["incidents/2026-11-28-upload"]
    assert found.published == datetime(2026, 11, 28, 9, 50, tzinfo=BERLIN)
