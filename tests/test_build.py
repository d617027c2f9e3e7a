"""Real MkDocs builds: the example, reproducibility, safe publishing, closed networks."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from efa_kb.build.external import scan_site
from efa_kb.pipeline import build_sites
from efa_kb.problems import ContentError
from tests.conftest import EXAMPLE_EPOCH, REPO, copy_example, write_files


def tree_digest(folder: Path) -> dict[str, str]:
    """Every published file (the build's own records in .efa-kb/ are not published)."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file() and ".efa-kb" not in p.relative_to(folder).parts
    }


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "efa_kb", *args], cwd=cwd, capture_output=True, text=True, check=False,
                          env={**os.environ, "SOURCE_DATE_EPOCH": EXAMPLE_EPOCH})


def test_example_builds_every_state(example_site):
    states = sorted(p.name for p in (REPO / "overlays").iterdir() if (p / "state.yml").exists())
    assert len(states) >= 3
    for state in states:
        assert (example_site / state / "index.html").is_file()
    landing = (example_site / "index.html").read_text(encoding="utf-8")
    for state in states:
        assert f'href="{state}/"' in landing


def test_only_the_services_a_state_uses_appear(example_site):
    assert (example_site / "be/services/elterngeld/index.html").exists()
    assert not (example_site / "by/services/elterngeld").exists()
    start = (example_site / "by/index.html").read_text(encoding="utf-8")
    assert "ElterngeldDigital" not in start


def test_article_page_shows_short_answer_first_with_copy_button(example_site):
    page = (example_site / "by/services/wohngeld/faq/antrag-online-stellen/index.html").read_text(encoding="utf-8")
    answer = page.index('class="efa-answer"')
    summary = page.index('class="efa-route"')  # Weiterleitung at a glance, linked to its section
    assert page.index("<h1") < answer < summary < page.index('<h2 id="ruckfragen">') < page.index('<h2 id="weiterleitung">')
    assert 'data-clipboard-target="#kurzantwort"' in page
    assert "Kurzantwort zum Vorlesen" in page and "Prüfen bis" in page and "Verantwortlich:" in page


def test_our_front_matter_never_reaches_material(example_site):
    """Material renders a page's ``status`` as a navigation badge; ours must not become one."""
    page = (example_site / "by/services/ikfz/workarounds/zahlung-abgebrochen-doppelt-belastet/index.html").read_text(encoding="utf-8")
    assert "md-status" not in page
    assert "Status: behoben" in page


def test_no_built_file_loads_from_another_host(example_site):
    assert scan_site(example_site) == []
    for css in example_site.rglob("*.css"):
        assert "fonts.googleapis" not in css.read_text(encoding="utf-8")


def test_same_input_builds_byte_identical_sites(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EXAMPLE_EPOCH)
    first = build_sites(REPO, tmp_path / "one", ["by"], progress=lambda m: None)
    second = build_sites(REPO, tmp_path / "two", ["by"], progress=lambda m: None)
    assert first.ok and second.ok
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two")


def test_failed_build_leaves_the_published_site_untouched(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EXAMPLE_EPOCH)
    root = copy_example(tmp_path / "kb")
    out = tmp_path / "site"
    assert build_sites(root, out, ["by"], progress=lambda m: None).ok
    before = tree_digest(out / "by")
    write_files(root, {"theme/main.html": '{% extends "base.html" %}\n{% block content %}{{ broken( }}{% endblock %}\n'})
    report = build_sites(root, out, ["by"], progress=lambda m: None)
    assert report.failed and "by" in report.failed
    assert tree_digest(out / "by") == before
    assert not (out / ".staging").exists()


def test_content_errors_stop_the_build_before_anything_is_written(tmp_path):
    root = copy_example(tmp_path / "kb")
    (root / "content/categories.yml").write_text("- id: [kaputt\n", encoding="utf-8")
    with pytest.raises(ContentError) as error:
        build_sites(root, tmp_path / "site", ["by"], progress=lambda m: None)
    assert error.value.problems[0].path == "content/categories.yml"
    assert not (tmp_path / "site" / "by").exists()


def test_minimal_repository_builds_from_the_command_line(kb_repo):
    root = kb_repo({
        "content/services/x/service.yml": "name: Dienst X\n",
        "content/services/x/faq/frage.md": "---\ntitle: Eine Frage\n---\n",
    })
    result = run_cli("--root", str(root), "build", cwd=root.parent)
    assert result.returncode == 0, result.stderr
    page = (root / "site/basis/services/x/faq/frage/index.html").read_text(encoding="utf-8")
    assert "Eine Frage" in page


def test_check_reports_all_mistakes_without_traceback(kb_repo):
    root = kb_repo({
        "content/categories.yml": "- id: antrag\n  name: Antrag\n",
        "content/services/x/service.yml": "name: Dienst X\n",
        "content/services/x/faq/a.md": "---\ntitle: A\ncategory: antrg\n---\n",
        "content/services/x/faq/b.md": "---\ntitle: [B\n---\n",
        "content/services/x/faq/c.md": "---\nowner: Team\n---\n",
        "overlays/by/state.yml": "name: Bayern\nars_prefix: '09'\nservices: [x, y]\n",
    })
    result = run_cli("--root", str(root), "check", cwd=root.parent)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for where in ("content/services/x/faq/a.md:3:", "content/services/x/faq/b.md:2:",
                  "content/services/x/faq/c.md:2:", "overlays/by/state.yml:3:"):
        assert where in result.stderr
    assert "4 Fehler" in result.stderr


def test_check_strict_fails_on_warnings(kb_repo):
    root = kb_repo({
        "content/services/x/service.yml": "name: Dienst X\n",
        "content/services/x/faq/a.md": "---\ntitle: A\nreview_by: 2020-01-01\n---\n",
    })
    assert run_cli("--root", str(root), "check", cwd=root.parent).returncode == 0
    strict = run_cli("--root", str(root), "check", "--strict", cwd=root.parent)
    assert strict.returncode == 1 and strict.stderr.splitlines() == [
        "content/services/x/faq/a.md:3: Warnung [review-overdue]: Die Überprüfung ist seit 01.01.2020 überfällig",
        "    Lösung: Prüfen Sie den Artikel und setzen Sie review_by auf ein künftiges Datum",
        "0 Fehler, 1 Warnung in 1 Land. Fehlgeschlagen wegen --strict: Warnungen zählen wie Fehler.",
    ]
