"""Overlays on real files: refusals, the example build per state, and staleness in a real git repository."""

from __future__ import annotations

import html
import os
import subprocess
import sys
from pathlib import Path

from efa_kb.load.repository import load_repository
from efa_kb.pipeline import load_and_check
from efa_kb.problems import Problems
from tests.conftest import MINIMAL

ARTICLE = "services/wohngeld/faq/antrag-absenden"


def problems_of(root: Path) -> list[str]:
    _kb, _views, problems = load_and_check(root)
    return [f"{p.path}:{p.line}: {p.message}" for p in problems]


def test_municipal_replace_is_refused_with_the_reason(kb_repo):
    root = kb_repo({
        **MINIMAL,
        "overlays/by/municipalities/091620000000/municipality.yml": "name: München\nars: 091620000000\n",
        f"overlays/by/municipalities/091620000000/{ARTICLE}.md": "---\noverlay: replace\ntitle: X\n---\n",
    })
    problems = Problems()
    load_repository(root, problems)
    [error] = problems.errors
    assert error.path.endswith(f"{ARTICLE}.md") and error.line == 2
    assert "Kommunen teilen sich die Seite ihres Landes und dürfen Artikel nur ergänzen" in error.message


def test_municipality_outside_its_state_is_refused(kb_repo):
    root = kb_repo({**MINIMAL, "overlays/by/municipalities/110000000000/municipality.yml": "name: Berlin\nars: 110000000000\n"})
    assert ("overlays/by/municipalities/110000000000:None: Die Kommune 110000000000 liegt nicht im Land 'by' "
            "(ARS-Präfix 09)") in problems_of(root)


def test_unknown_mode_is_refused(kb_repo):
    root = kb_repo({**MINIMAL, f"overlays/by/{ARTICLE}.md": "---\noverlay: ersetzen\n---\n"})
    assert (f"overlays/by/{ARTICLE}.md:2: 'overlay' muss eines von extend, replace, hide sein, ist aber 'ersetzen'"
            in problems_of(root))


def test_unpinned_and_stale_overlays_are_check_warnings(kb_repo):
    root = kb_repo({**MINIMAL, f"overlays/by/{ARTICLE}.md": "---\nkeywords: [x]\n---\n",
                    "overlays/by/services/wohngeld/faq/andere.md": "---\nbase: 0123456789ab\n---\n"})
    found = problems_of(root)
    assert f"overlays/by/{ARTICLE}.md:1: Das Overlay ist an keine Fassung seines Basisartikels gepinnt" in found


# -- the example build ---------------------------------------------------------------------------

def page(site: Path, state: str, article_id: str) -> str:
    return (site / state / article_id / "index.html").read_text(encoding="utf-8")


def site_text(site: Path, state: str) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in (site / state).rglob("*")
                     if p.is_file() and p.suffix in (".html", ".json", ".xml", ".atom"))


def test_each_overlay_text_appears_only_in_its_own_state(example_site):
    markers = {"by": ["Hinweis Bayern", "Kreisverwaltungsreferat"], "be": ["Hinweis Berlin"], "sh": ["Hinweis Schleswig-Holstein"]}
    texts = {state: site_text(example_site, state) for state in markers}
    for state, words in markers.items():
        for word in words:
            assert word in texts[state], (state, word)
            for other in set(markers) - {state}:
                assert word not in texts[other], (word, other)


def test_hidden_article_is_absent_with_its_note(example_site):
    hidden = "services/gewerbe/faq/gewerbeschein-zustellung"
    assert not (example_site / "by" / hidden).exists()
    assert (example_site / "sh" / hidden / "index.html").exists()
    by = site_text(example_site, "by")
    assert "gewerbeschein-zustellung" not in by
    assert "BY-EFA-4711" not in by and "SD-SH-12" not in site_text(example_site, "sh")


def test_replaced_article_shows_only_the_replacement(example_site):
    kb = load_repository(Path(__file__).resolve().parents[1], Problems())
    snippet = html.escape(kb.articles["services/ikfz/faq/kennzeichenreservierung"].short_answer[:40])
    assert snippet in page(example_site, "by", "services/ikfz/faq/kennzeichenreservierung")
    assert snippet not in page(example_site, "be", "services/ikfz/faq/kennzeichenreservierung")


def test_provenance_is_shown_on_the_page(example_site):
    html = page(example_site, "by", "services/ikfz/faq/neuzulassung-online")
    assert "Ergänzung Landeshauptstadt München" in html
    assert 'class="efa-block efa-block--municipality" id="gemeinde-091620000000"' in html
    local = page(example_site, "be", "services/ikfz/faq/labo-termin-vor-ort-berlin")
    assert "Ergänzung Berlin" in local


# -- staleness in a real git repository ----------------------------------------------------------

def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True,
                          env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}).stdout


def efa(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "efa_kb", "--root", str(root), *args], capture_output=True, text=True, check=False)


def test_staleness_pin_change_report_diff_and_repin(kb_repo):
    root = kb_repo({**MINIMAL, f"overlays/by/{ARTICLE}.md": "---\noverlay: extend\n---\n## Antwort\n\nIn Bayern zusätzlich.\n"})
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    assert "nicht gepinnt" in efa(root, "overlay", "status").stdout

    pinned = efa(root, "overlay", "pin", "--state", "by")
    assert pinned.returncode == 0 and f"overlays/by/{ARTICLE}.md" in pinned.stdout
    overlay_text = (root / f"overlays/by/{ARTICLE}.md").read_text(encoding="utf-8")
    assert overlay_text.startswith("---\noverlay: extend\nbase: ")
    git(root, "commit", "-qam", "pin")
    assert efa(root, "overlay", "status").stdout == ""

    base = root / f"content/{ARTICLE}.md"
    base.write_text(base.read_text(encoding="utf-8").replace("Knopf", "grünen Knopf"), encoding="utf-8")
    git(root, "commit", "-qam", "base changed")
    status = efa(root, "overlay", "status", "--diff")
    assert f"overlays/by/{ARTICLE}.md: veraltet" in status.stdout
    assert "-Der Antrag wird mit dem Knopf" in status.stdout and "+Der Antrag wird mit dem grünen Knopf" in status.stdout
    check = efa(root, "check")
    assert (f"overlays/by/{ARTICLE}.md:2: Warnung [overlay-stale]: Der Basisartikel content/{ARTICLE}.md hat sich "
            "geändert, seit dieses Overlay gepinnt wurde") in check.stderr

    assert efa(root, "overlay", "pin", f"overlays/by/{ARTICLE}.md").returncode == 0
    assert efa(root, "overlay", "status").stdout == ""


def test_overlay_new_scaffolds_a_pinned_overlay(kb_repo):
    root = kb_repo(MINIMAL)
    result = efa(root, "overlay", "new", "--state", "by", ARTICLE)
    assert result.returncode == 0, result.stderr
    created = root / f"overlays/by/{ARTICLE}.md"
    assert created.exists()
    _kb, _views, problems = load_and_check(root)
    # pinned, so not stale or unpinned; only its placeholder is reported until it is filled
    assert [(p.path, p.message) for p in problems.items] == [(
        f"overlays/by/{ARTICLE}.md",
        ("Der Platzhalter 'Ergänzung für dieses Land: …' von 'efa-kb overlay new' steht noch da; "
        "er würde so veröffentlicht"))]
    typo = efa(root, "overlay", "new", "--state", "by", "services/wohngeld/faq/antrag-absende")
    assert typo.returncode == 1 and "Traceback" not in typo.stderr
    assert typo.stderr == (
        "content: Fehler [no-base-article]: Es gibt keinen Basisartikel 'services/wohngeld/faq/antrag-absende'\n"
        f"    Lösung: Meinten Sie '{ARTICLE}'?\n")
