"""The incident fast path: incident artifacts updated without a full build, and pages that refresh themselves."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from efa_kb.commands.publish_incidents import publish_incidents
from efa_kb.index.browser import chromium, serve
from efa_kb.pipeline import build_sites, project_folder
from efa_kb.problems import ContentError
from tests.conftest import EXAMPLE_EPOCH, copy_example

UPLOAD = "content/incidents/2026-11-28-wohngeld-upload.md"
FEEDS = ("incidents/feed.atom", "incidents/feed.json", "incidents/active.json")
NEW_INCIDENT = """---
title: "Wohngeld Digital: Bescheide werden nicht angezeigt"
service: wohngeld
status: investigating
severity: degraded
start: 2026-11-29 09:00
states: [by]
workaround: Bescheid kommt zusätzlich per Post.
---

### 2026-11-29 09:05

Meldungen aus dem First Level.
"""


def digest(folder: Path) -> dict[str, str]:
    """Every file of the published sites (not the build's own records in .efa-kb/)."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file() and ".efa-kb" not in p.relative_to(folder).parts
    }


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


def resolve_upload(root: Path) -> None:
    path = root / UPLOAD
    text = path.read_text(encoding="utf-8").replace("status: identified", "status: resolved\nend: 2026-11-29 09:10")
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def built_example(tmp_path_factory) -> Path:
    """A copy of the example with every state built (read-only; tests copy it)."""
    folder = tmp_path_factory.mktemp("fastpath")
    root = copy_example(folder / "kb")
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EXAMPLE_EPOCH
    try:
        assert build_sites(root, root / "site", progress=lambda m: None).ok
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    return root


@pytest.fixture
def example(built_example, tmp_path, fixed_now) -> Path:
    """A private copy of the built example: repository and sites."""
    return Path(shutil.copytree(built_example, tmp_path / "kb", symlinks=True))


def test_fast_path_changes_only_the_incident_artifacts(example):
    before = digest(example / "site")
    resolve_upload(example)
    report = publish_incidents(example, example / "site", progress=lambda m: None)
    expected = {f"{state}/{name}" for state in ("be", "by", "sh") for name in (
        "incidents/2026-11-28-wohngeld-upload/index.html", "incidents/index.html", *FEEDS)}
    assert changed(before, digest(example / "site")) == expected
    assert sorted(report.written) == ["be", "by", "sh"] and report.unbuilt == []


def test_fast_path_writes_what_a_full_build_writes(example, tmp_path):
    resolve_upload(example)
    (example / "content/incidents/2026-11-29-bescheide.md").write_text(NEW_INCIDENT, encoding="utf-8")
    publish_incidents(example, example / "site", progress=lambda m: None)
    assert build_sites(example, tmp_path / "full", progress=lambda m: None).ok
    fast, full = digest(example / "site"), digest(tmp_path / "full")
    incident_files = {name for name in full if "/incidents/" in name}
    assert "by/incidents/2026-11-29-bescheide/index.html" in incident_files
    assert {name: fast.get(name) for name in incident_files} == {name: full[name] for name in incident_files}
    # what the fast path leaves to the next full build: the banners in the pages, the search index, the sitemap
    assert all("/incidents/" not in name for name in changed(fast, full))


def test_a_new_incident_reaches_only_the_states_it_concerns(example):
    before = digest(example / "site")
    (example / "content/incidents/2026-11-29-bescheide.md").write_text(NEW_INCIDENT, encoding="utf-8")
    report = publish_incidents(example, example / "site", progress=lambda m: None)
    assert sorted(report.written) == ["by"] and sorted(report.unchanged) == ["be", "sh"]
    assert changed(before, digest(example / "site")) == {
        "by/incidents/2026-11-29-bescheide/index.html", "by/incidents/index.html", *(f"by/{f}" for f in FEEDS)}
    active = json.loads((example / "site/by/incidents/active.json").read_text(encoding="utf-8"))
    assert "incidents/2026-11-29-bescheide" in [i["id"] for i in active["active"]]
    page = (example / "site/by/incidents/2026-11-29-bescheide/index.html").read_text(encoding="utf-8")
    assert "Bescheide werden nicht angezeigt - Wissensdatenbank Bayern</title>" in page
    assert 'class="md-nav' in page and "Bescheid kommt zusätzlich per Post." in page


def test_an_incident_withdrawn_from_a_state_leaves_its_site(example):
    (example / "content/incidents/2026-11-29-bescheide.md").write_text(NEW_INCIDENT, encoding="utf-8")
    publish_incidents(example, example / "site", progress=lambda m: None)
    (example / "content/incidents/2026-11-29-bescheide.md").write_text(
        NEW_INCIDENT.replace("states: [by]", "states: [sh]"), encoding="utf-8")
    report = publish_incidents(example, example / "site", progress=lambda m: None)
    assert report.removed["by"] == ["incidents/2026-11-29-bescheide/index.html"]
    assert not (example / "site/by/incidents/2026-11-29-bescheide").exists()
    assert (example / "site/sh/incidents/2026-11-29-bescheide/index.html").is_file()


def site_times(site: Path) -> dict[Path, int]:
    """Modification times of the published files (not the build's records and lock in .efa-kb/)."""
    return {p: p.stat().st_mtime_ns for p in site.rglob("*")
            if p.is_file() and ".efa-kb" not in p.relative_to(site).parts}


def test_nothing_changed_means_nothing_written(example):
    before = site_times(example / "site")
    report = publish_incidents(example, example / "site", progress=lambda m: None)
    assert sorted(report.unchanged) == ["be", "by", "sh"] and report.written == {}
    assert site_times(example / "site") == before


def test_an_incident_with_errors_publishes_nothing(example):
    before = digest(example / "site")
    path = example / UPLOAD
    path.write_text(path.read_text(encoding="utf-8").replace("status: identified", "status: erledigt"), encoding="utf-8")
    with pytest.raises(ContentError) as error:
        publish_incidents(example, example / "site", progress=lambda m: None)
    assert error.value.problems[0].path == UPLOAD and error.value.problems[0].line == 4
    assert digest(example / "site") == before


def test_a_state_without_a_built_site_needs_a_full_build_first(example):
    shutil.rmtree(example / "site/be")
    resolve_upload(example)
    result = subprocess.run(
        [sys.executable, "-m", "efa_kb", "--root", str(example), "incident", "publish"],
        capture_output=True, text=True, check=False, env={**os.environ, "SOURCE_DATE_EPOCH": EXAMPLE_EPOCH})
    assert result.returncode == 1, result.stderr
    assert "Keine gebaute Website für be: zuerst vollständig bauen (efa-kb build --state be)" in result.stderr
    assert "by/incidents/active.json" in result.stdout and "sh/incidents/active.json" in result.stdout
    assert not (example / "site/be").exists()


# --- every page shows the current incidents from active.json when it loads -----------------------


@pytest.mark.browser
def test_pages_show_the_published_incidents_without_a_rebuild(example):
    resolve_upload(example)
    (example / "content/incidents/2026-11-29-bescheide.md").write_text(
        NEW_INCIDENT.replace("states: [by]", "states: [sh]"), encoding="utf-8")
    publish_incidents(example, example / "site", progress=lambda m: None)
    site = example / "site"
    faq = "sh/services/wohngeld/faq/antrag-online-stellen/"
    static = (site / faq / "index.html").read_text(encoding="utf-8")
    assert "2026-11-28-wohngeld-upload" in static and "2026-11-29-bescheide" not in static  # fallback: as built

    requests: list[str] = []
    with serve(site) as (base_url, _traffic), chromium() as browser:
        origin = base_url.rstrip("/")
        page = browser.new_page()
        page.on("request", lambda request: requests.append(request.url))
        for path, scope in ((faq, "wohngeld"), ("sh/", None), ("sh/services/ikfz/", "ikfz")):
            page.goto(f"{origin}/{path}")
            page.wait_for_function(
                "document.querySelector('.efa-incidents [data-efa-incident=\"incidents/2026-11-29-bescheide\"]')"
                " !== null" if scope != "ikfz" else "true")
            page.wait_for_load_state("networkidle")
            shown = page.eval_on_selector_all(
                ".efa-incidents:not([hidden]) [data-efa-incident]", "els => els.map(e => e.dataset.efaIncident)")
            assert "incidents/2026-11-28-wohngeld-upload" not in shown, path
            assert ("incidents/2026-11-29-bescheide" in shown) == (scope != "ikfz"), path
            assert ("incidents/2026-11-27-bundid-anmeldung" in shown) == (scope != "ikfz"), path
        new = page.locator('.efa-incidents [data-efa-incident="incidents/2026-11-29-bescheide"]')
        page.goto(f"{origin}/{faq}")
        new.wait_for()
        assert "Status: wird untersucht · seit So, 29.11.2026, 09:00 Uhr" in new.inner_text()
        assert "Für Agents: Bescheid kommt zusätzlich per Post." in new.inner_text()
        new.locator("a").click()
        page.wait_for_url(f"{origin}/sh/incidents/2026-11-29-bescheide/")
        page.goto(f"{origin}/sh/services/wohngeld/workarounds/upload-fehler-413/")
        state = page.locator('.efa-incident-state[data-efa-incident="incidents/2026-11-28-wohngeld-upload"]')
        page.wait_for_function("document.querySelector('.efa-incident-state--ended') !== null")
        assert state.inner_text() == "(beendet)"
    assert requests and all(url.startswith(origin) for url in requests), [u for u in requests if not u.startswith(origin)]


def test_a_page_that_cannot_be_rendered_is_reported_and_nothing_is_published(example):
    """The states' pages are rendered side by side in worker processes: a failure there
    reaches the user as that state's problem, and no state's site is touched."""
    # Built in place, so the fast path trusts the kept projects (a copied site is not the one
    # they were built for, and would be rendered in full).
    assert build_sites(example, example / "site", progress=lambda m: None).ok
    before = digest(example / "site")
    resolve_upload(example)
    theme = project_folder(example / "site", "by") / "theme" / "main.html"
    original = theme.read_text(encoding="utf-8")
    theme.write_text('{% extends "base.html" %}\n{% block content %}{{ broken( }}{% endblock %}\n', encoding="utf-8")
    with pytest.raises(ContentError) as error:
        publish_incidents(example, example / "site", progress=lambda m: None)
    assert [p.path for p in error.value.problems][:1] == ["by"], error.value.problems
    assert "nichts wurde veröffentlicht" in error.value.headline
    assert digest(example / "site") == before
    # Once the theme is mended, the next run publishes every state's update, not only the overview.
    theme.write_text(original, encoding="utf-8")
    publish_incidents(example, example / "site", progress=lambda m: None)
    expected = {f"{state}/{name}" for state in ("be", "by", "sh") for name in (
        "incidents/2026-11-28-wohngeld-upload/index.html", "incidents/index.html", *FEEDS)}
    assert changed(before, digest(example / "site")) == expected
