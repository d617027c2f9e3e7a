"""Feeds for other systems: Atom (RFC 4287), JSON Feed 1.1 and active.json, per state."""

from __future__ import annotations

import json
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import feedparser

from efa_kb.pipeline import load_and_check
from efa_kb.render.feeds import feed_files
from tests.conftest import EXAMPLE_EPOCH, MINIMAL, REPO

ATOM_NS = "{http://www.w3.org/2005/Atom}"
BUNDID = "incidents/2026-11-27-bundid-anmeldung"
UPLOAD = "incidents/2026-11-28-wohngeld-upload"
WARTUNG = "incidents/2026-12-03-wartung-ikfz"
GEWERBE = "incidents/2026-11-20-gewerbe-zahlung"
STATE_INCIDENTS = {
    "be": {BUNDID, UPLOAD, WARTUNG},
    "by": {UPLOAD, WARTUNG, GEWERBE},
    "sh": {BUNDID, UPLOAD, WARTUNG, GEWERBE},
}


def rfc3339(text: str) -> datetime:
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)", text), text
    return datetime.fromisoformat(text)


def test_atom_feed_parses_and_has_what_rfc_4287_requires(example_site):
    for state, expected in STATE_INCIDENTS.items():
        path = example_site / state / "incidents/feed.atom"
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, parsed.get("bozo_exception")
        assert parsed.version == "atom10"
        assert parsed.feed.title.startswith("Störungen und Wartungen – Wissensdatenbank ")
        assert {e.id for e in parsed.entries} == {f"tag:efa-kb,2026:{i}" for i in expected}
        root = ET.parse(path).getroot()
        for element in (root, *root.findall(f"{ATOM_NS}entry")):
            for required in ("id", "title", "updated"):
                assert len(element.findall(f"{ATOM_NS}{required}")) == 1, (state, required)
            rfc3339(element.find(f"{ATOM_NS}updated").text)
            assert re.match(r"[a-z][a-z0-9+.-]*:", element.find(f"{ATOM_NS}id").text)  # an absolute IRI
        assert root.find(f"{ATOM_NS}author/{ATOM_NS}name").text == parsed.feed.author
        assert root.find(f"{ATOM_NS}generator").get("uri") is None  # names no other host
        for entry in parsed.entries:
            assert entry.published_parsed and entry.updated_parsed and entry.summary
            assert entry.content[0].type == "text/plain"
            assert (path.parent / entry.link / "index.html").is_file(), entry.link


def test_atom_entry_carries_status_severity_service_and_workaround(example_site):
    parsed = feedparser.parse((example_site / "sh/incidents/feed.atom").read_bytes())
    entry = next(e for e in parsed.entries if e.id.endswith(BUNDID))
    terms = {(t.scheme.rsplit(":", 1)[1], t.term) for t in entry.tags}
    assert {("severity", "outage"), ("status", "monitoring"), ("service", "wohngeld"), ("service", "elterngeld")} <= terms
    assert entry.summary.startswith("Ausfall (wird beobachtet), seit Fr, 27.11.2026, 07:55 Uhr. Für Agents: Erneut anmelden")
    content = entry.content[0].value
    assert "Status: wird beobachtet" in content and "Verlauf:" in content
    assert content.index("Sa, 28.11.2026, 09:00 Uhr") < content.index("Fr, 27.11.2026, 08:30 Uhr")


def test_json_feed_is_valid_json_feed_1_1(example_site):
    for state, expected in STATE_INCIDENTS.items():
        feed = json.loads((example_site / state / "incidents/feed.json").read_text(encoding="utf-8"))
        assert feed["version"] == "https://jsonfeed.org/version/1.1"
        assert isinstance(feed["title"], str) and feed["title"]
        assert isinstance(feed["items"], list) and feed["authors"][0]["name"]
        for key in feed:
            assert key in {"version", "title", "home_page_url", "feed_url", "description", "user_comment",
                           "next_url", "icon", "favicon", "authors", "language", "expired", "hubs", "items"} \
                or key.startswith("_"), key
        ids = set()
        for item in feed["items"]:
            assert isinstance(item["id"], str) and item["id"] not in ids
            ids.add(item["id"])
            assert isinstance(item.get("content_text") or item.get("content_html"), str)
            assert rfc3339(item["date_published"]) <= rfc3339(item["date_modified"])
            assert all(isinstance(tag, str) for tag in item["tags"])
            assert (example_site / state / "incidents" / item["url"] / "index.html").is_file()
            for key in item:
                assert key in {"id", "url", "external_url", "title", "content_html", "content_text", "summary",
                               "image", "banner_image", "date_published", "date_modified", "authors", "tags",
                               "language", "attachments"} or key.startswith("_"), key
        assert ids == {f"tag:efa-kb,2026:{i}" for i in expected}
        modified = [rfc3339(i["date_modified"]) for i in feed["items"]]
        assert modified == sorted(modified, reverse=True)


def test_active_json_lists_what_the_banners_show(example_site):
    for state in STATE_INCIDENTS:
        data = json.loads((example_site / state / "incidents/active.json").read_text(encoding="utf-8"))
        assert data["state"] == state
        for item in data["active"] + data["upcoming"]:
            assert set(item) >= {"id", "title", "services", "states", "status", "status_label", "severity",
                                 "severity_label", "start", "end", "workaround", "url"}
            rfc3339(item["start"])
            assert (example_site / state / item["url"] / "index.html").is_file()
    be = json.loads((example_site / "be/incidents/active.json").read_text(encoding="utf-8"))
    assert [i["id"] for i in be["active"]] == [UPLOAD, BUNDID]
    assert [i["id"] for i in be["upcoming"]] == [WARTUNG]
    bundid = be["active"][1]
    assert bundid["status_label"] == "wird beobachtet" and bundid["severity_label"] == "Ausfall"
    assert bundid["states"] == ["be", "sh"] and bundid["services"] == ["wohngeld", "elterngeld"]
    assert bundid["start"] == "2026-11-27T07:55:00+01:00" and bundid["start_text"] == "Fr, 27.11.2026, 07:55 Uhr"
    by = json.loads((example_site / "by/incidents/active.json").read_text(encoding="utf-8"))
    assert [i["id"] for i in by["active"]] == [UPLOAD]
    assert "\n" not in (example_site / "by/incidents/active.json").read_text(encoding="utf-8").rstrip("\n")


def test_feeds_are_the_same_bytes_for_the_same_input(example_site, fixed_now):
    _kb, views, _problems = load_and_check(REPO)
    for state, view in views.items():
        first, second = feed_files(view), feed_files(view)
        assert first == second
        for name, data in first.items():
            assert (example_site / state / name).read_bytes() == data, (state, name)


def git(root: Path, *args: str, when: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "BeV", "GIT_AUTHOR_EMAIL": "bev@example.org",
           "GIT_COMMITTER_NAME": "BeV", "GIT_COMMITTER_EMAIL": "bev@example.org"}
    if when:
        env["GIT_COMMITTER_DATE"] = env["GIT_AUTHOR_DATE"] = when
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def test_feed_times_come_from_git_in_a_real_repository(kb_repo, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EXAMPLE_EPOCH)
    root = kb_repo({
        **MINIMAL,
        "content/incidents/2026-11-28-upload.md": (
            "---\ntitle: Upload gestört\nservice: wohngeld\nstatus: identified\nseverity: degraded\n"
            "start: 2026-11-28 09:00\nworkaround: Kleinere Datei hochladen.\n---\nDetails\n"
        ),
    })
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "Störung", when="2026-11-28T09:12:00+01:00")
    path = root / "content/incidents/2026-11-28-upload.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n### 2026-11-28 10:00\n\nUrsache gefunden.\n", encoding="utf-8")
    git(root, "commit", "-qam", "Update", when="2026-11-28T10:07:00+01:00")
    _kb, views, problems = load_and_check(root)
    assert problems.errors == []
    files = feed_files(views["by"])
    item = json.loads(files["incidents/feed.json"])["items"][0]
    assert (item["date_published"], item["date_modified"]) == ("2026-11-28T09:12:00+01:00", "2026-11-28T10:07:00+01:00")
    entry = feedparser.parse(files["incidents/feed.atom"]).entries[0]
    assert (entry.published, entry.updated) == ("2026-11-28T09:12:00+01:00", "2026-11-28T10:07:00+01:00")


def test_a_state_without_incidents_gets_valid_empty_feeds(minimal_repo, fixed_now):
    _kb, views, _problems = load_and_check(minimal_repo)
    files = feed_files(views["by"])
    assert feedparser.parse(files["incidents/feed.atom"]).bozo == 0
    assert json.loads(files["incidents/feed.json"])["items"] == []
    assert json.loads(files["incidents/active.json"]) == {"active": [], "state": "by", "upcoming": []}


def test_feedgen_is_behind_one_module():
    importers = sorted(
        p.relative_to(REPO).as_posix() for p in (REPO / "efa_kb").rglob("*.py")
        if re.search(r"^\s*(from|import) feedgen", p.read_text(encoding="utf-8"), re.MULTILINE)
    )
    assert importers == ["efa_kb/render/feeds.py"]


def test_render_stage_imports_no_later_stage():
    for path in (REPO / "efa_kb/render").glob("*.py"):
        text = Path(path).read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import) efa_kb\.(build|index|pipeline)", text, re.MULTILINE), path.name
