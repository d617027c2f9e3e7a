"""What editors notice: authoring traps that check reports, labels for what a state replaced,
the order of a service's FAQs, listing article ids, reports for CI, and the example itself."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap

import pytest

from efa_kb.load.repository import load_repository
from efa_kb.pipeline import load_and_check
from efa_kb.problems import Problems
from efa_kb.render.landing import landing_page
from efa_kb.render.pages import render_service
from tests.conftest import MINIMAL, REPO, write_files
from tests.test_overlays import page

ARTICLE = "services/wohngeld/faq/antrag-absenden"
STATE = textwrap.dedent(MINIMAL["overlays/by/state.yml"]).lstrip("\n")


def efa(*args: str, root=REPO, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "efa_kb", "--root", str(root), *args], capture_output=True,
                          text=True, check=False, env={**os.environ, **(env or {})})


def warnings(root) -> list[str]:
    problems = Problems()
    load_repository(root, problems)
    return [str(p) for p in problems.warnings]


# -- authoring traps ----------------------------------------------------------------------------


def test_unfilled_scaffold_text_is_reported(kb_repo):
    root = kb_repo(MINIMAL)
    assert efa("overlay", "new", "--state", "by", ARTICLE, root=root).returncode == 0
    assert efa("overlay", "new", "--state", "by", "--mode", "hide", "services/wohngeld/faq/antrag-absenden",
               root=root).returncode == 1  # one overlay per article
    overlay = root / f"overlays/by/{ARTICLE}.md"
    assert warnings(root) == [
        (f"overlays/by/{ARTICLE}.md:8: Warnung [placeholder]: Der Platzhalter 'Ergänzung für dieses Land: …' von "
        "'efa-kb overlay new' steht noch da; er würde so veröffentlicht\n"
        "    Lösung: Schreiben Sie stattdessen den Text des Landes, oder löschen Sie den Abschnitt")]
    overlay.write_text(overlay.read_text(encoding="utf-8").replace("Ergänzung für dieses Land: …", "In Bayern auch per Post."),
                       encoding="utf-8")
    assert warnings(root) == []

    overlay.unlink()
    assert efa("overlay", "new", "--state", "by", "--mode", "hide", ARTICLE, root=root).returncode == 0
    assert warnings(root) == [
        (f"overlays/by/{ARTICLE}.md:6: Warnung [placeholder]: Die interne Notiz ist noch der Platzhalter von "
        "'efa-kb overlay new'\n"
        "    Lösung: Schreiben Sie, warum der Artikel in diesem Land ausgeblendet ist und wann das geprüft wird")]


def test_a_heading_one_edit_away_from_the_base_names_the_heading_meant(kb_repo):
    root = kb_repo({**MINIMAL, f"overlays/by/{ARTICLE}.md": """
        ---
        overlay: extend
        ---
        ## Rückfrage

        - Wohnen Sie in Bayern?

        ## Hinweis Bayern

        Bayern ist anders.
        """})
    assert warnings(root) == [
        (f"overlays/by/{ARTICLE}.md:4: Warnung [heading-near-miss]: Die Überschrift 'Rückfrage' unterscheidet sich nur "
        "in einem Zeichen von 'Rückfragen' im ergänzten Artikel; zusammengeführt werden nur gleich geschriebene "
        "Überschriften, so würde sie ein eigener Abschnitt\n"
        "    Lösung: Schreiben Sie '## Rückfragen', um diesen Abschnitt zu ergänzen, oder wählen Sie eine deutlich "
        "andere Überschrift")]
    # what the agent sees today: a section of its own, last on the page
    _kb, views, _problems = load_and_check(root)
    headings = [s.heading for s in views["by"].articles[ARTICLE].sections]
    assert headings == ["Antwort", "Rückfragen", "Rückfrage", "Hinweis Bayern"]


def test_a_heading_near_a_conventional_one_is_reported_in_any_article(kb_repo):
    root = kb_repo({**MINIMAL, "content/services/wohngeld/faq/neu.md": """
        ---
        title: Neu
        ---
        ## Antwrt

        Text.

        ## Rueckfragen

        - Frage?

        ## Weiterleitungen an die Kommune

        Text.

        ## Ziel

        Kurz.
        """})
    assert warnings(root) == [
        ("content/services/wohngeld/faq/neu.md:4: Warnung [heading-near-miss]: Die Überschrift 'Antwrt' unterscheidet "
        "sich nur in einem Zeichen von der üblichen Überschrift 'Antwort'; nur '## Antwort' wird als solche "
        "eingeordnet und zusammengeführt\n    Lösung: Schreiben Sie '## Antwort'"),
        ("content/services/wohngeld/faq/neu.md:8: Warnung [heading-near-miss]: Die Überschrift 'Rueckfragen' "
        "unterscheidet sich nur in einem Zeichen von der üblichen Überschrift 'Rückfragen'; nur '## Rückfragen' wird "
        "als solche eingeordnet und zusammengeführt\n    Lösung: Schreiben Sie '## Rückfragen'"),
    ]


def test_the_example_checks_with_only_its_deliberately_overdue_article():
    today = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    for env in (today, {**today, "SOURCE_DATE_EPOCH": "1795940400"}):  # today, and the example's "now"
        done = subprocess.run([sys.executable, "-m", "efa_kb", "--root", str(REPO), "check"], capture_output=True,
                              text=True, check=False, env=env)
        assert done.returncode == 0, done.stderr
        assert done.stderr.splitlines() == [
            ("content/services/wohngeld/faq/mietbescheinigung.md:5: Warnung [review-overdue]: Die Überprüfung ist "
             "seit 31.10.2026 überfällig"),
            "    Lösung: Prüfen Sie den Artikel und setzen Sie review_by auf ein künftiges Datum",
            "0 Fehler, 1 Warnung in 3 Ländern.",
        ]


# -- labels for what a state replaced -----------------------------------------------------------


def test_a_states_short_answer_is_its_version_not_an_addition(example_site):
    gebuehren = page(example_site, "by", "services/gewerbe/faq/gebuehren")
    assert '<p class="efa-answer__label">Kurzantwort zum Vorlesen <span class="efa-origin">Fassung Bayern</span></p>' in gebuehren
    assert "Kurzantwort: Fassung Bayern." in gebuehren
    replaced = page(example_site, "be", "services/ikfz/faq/kennzeichenreservierung")
    assert '<span class="efa-origin">Fassung Berlin</span>' in replaced
    assert re.findall(r'<p class="efa-origin">([^<]+)</p>', replaced) == ["Fassung Berlin"] * 3
    assert "Fassung Berlin: ersetzt in diesem Land den Artikel des Betreibers." in replaced
    assert '<p class="efa-origin">Ergänzung Berlin</p>' not in replaced
    munich = page(example_site, "by", "services/ikfz/faq/neuzulassung-online")
    assert '<p class="efa-answer__label">Ergänzung Landeshauptstadt München</p>' in munich  # added, not replaced
    assert '<p class="efa-origin">Ergänzung Bayern</p>' in munich


# -- order of a service's FAQs ------------------------------------------------------------------


def test_weight_puts_faqs_first_in_the_service_list(kb_repo, fixed_now):
    root = kb_repo({
        **MINIMAL,
        "content/services/wohngeld/faq/aaa.md": "---\ntitle: Erst nach Gewicht\nweight: 2\n---\n",
        "content/services/wohngeld/faq/zzz.md": "---\ntitle: Ganz oben\nweight: 1\n---\n",
        "content/services/wohngeld/faq/mmm.md": "---\ntitle: Ohne Gewicht\n---\n",
        "content/services/wohngeld/faq/bad.md": "---\ntitle: Falsch\nweight: zwei\n---\n",
    })
    _kb, views, problems = load_and_check(root)
    assert [str(p) for p in problems.errors] == [
        ("content/services/wohngeld/faq/bad.md:3: Fehler [invalid-value]: 'weight' muss eine ganze Zahl sein, ist "
        "aber 'zwei'\n    Lösung: Schreiben Sie weight: eine ganze Zahl")]
    view = views["by"]
    service = render_service(view, view.service("wohngeld"), None)
    titles = re.findall(r"^- \[([^\]]+)\]", service, re.MULTILINE)
    assert titles == ["Ganz oben", "Erst nach Gewicht", "Wie sende ich den Antrag ab?", "Falsch", "Ohne Gewicht"]


def test_an_extending_overlay_cannot_reorder(kb_repo):
    root = kb_repo({**MINIMAL, f"overlays/by/{ARTICLE}.md": "---\noverlay: extend\nweight: 1\n---\n## Antwort\n\nMehr.\n"})
    assert any(w.startswith(f"overlays/by/{ARTICLE}.md:3: Warnung [weight-ignored]: 'weight' in einem ergänzenden "
                            "Overlay wird ignoriert")
               for w in warnings(root))


# -- efa-kb list ----------------------------------------------------------------------------------


def test_list_gives_article_ids_with_titles_per_state(fixed_now):
    base = efa("list", "--kind", "faq")
    assert base.returncode == 0, base.stderr
    assert re.search(r"^services/gewerbe/faq/gewerbeschein-zustellung +Wann und wie bekomme ich meinen Gewerbeschein\?$", base.stdout, re.MULTILINE)
    by = efa("list", "--state", "by", "--kind", "faq")
    lines = by.stdout.splitlines()
    assert "services/gewerbe/faq/gewerbeschein-zustellung" not in by.stdout  # hidden in Bavaria
    assert any(re.fullmatch(r"services/gewerbe/faq/gebuehren +Was kostet die Gewerbeanmeldung\?  \[Basis, angepasst: Bayern\]", x)
               for x in lines), lines
    assert any(x.startswith("services/gewerbe/faq/gewerbeanmeldung-bayern-portal ") and x.endswith("  [Bayern]") for x in lines)
    assert any(x.startswith("services/ikfz/faq/kvr-termin-muenchen ") and x.endswith("[Landeshauptstadt München]") for x in lines)
    be = json.loads(efa("list", "--state", "be", "--json").stdout)
    replaced = next(a for a in be[0]["articles"] if a["id"] == "services/ikfz/faq/kennzeichenreservierung")
    assert replaced == {"id": "services/ikfz/faq/kennzeichenreservierung", "title": "Wie reserviere ich in Berlin ein Wunschkennzeichen?",
                        "kind": "faq", "path": "overlays/be/services/ikfz/faq/kennzeichenreservierung.md", "origin": "Fassung Berlin"}
    two = efa("list", "--state", "by", "--state", "sh", "--kind", "training").stdout
    assert "# Bayern (by)\n" in two and "# Schleswig-Holstein (sh)\n" in two
    unknown = efa("list", "--state", "xx")
    assert unknown.returncode == 1 and unknown.stderr == (
        "overlays: Fehler [unknown-state]: Es gibt kein Land 'xx' (einen Ordner overlays/xx/ mit state.yml)\n"
        "    Lösung: Wählen Sie eines von: be, by, sh\n")


# -- reports for CI -------------------------------------------------------------------------------


def test_check_writes_a_gitlab_code_quality_report(kb_repo, tmp_path):
    root = kb_repo({**MINIMAL, "content/services/wohngeld/faq/neu.md": "---\ntitle: Neu\ncategory: antrg\nkeyword: [x]\n---\n"})
    report = tmp_path / "gl-code-quality-report.json"
    done = efa("check", "--format", "codequality", "--output", str(report), root=root)
    assert done.returncode == 1
    assert ("content/services/wohngeld/faq/neu.md:3: Fehler [unknown-category]: Die Kategorie 'antrg' steht nicht in "
            "content/categories.yml\n") in done.stderr
    issues = json.loads(report.read_text(encoding="utf-8"))
    assert [(i["severity"], i["location"], i["check_name"]) for i in issues] == [
        ("critical", {"path": "content/services/wohngeld/faq/neu.md", "lines": {"begin": 3}}, "efa-kb-error"),
        ("minor", {"path": "content/services/wohngeld/faq/neu.md", "lines": {"begin": 4}}, "efa-kb-warning"),
    ]
    assert issues[0]["description"] == ("[unknown-category] Die Kategorie 'antrg' steht nicht in content/categories.yml "
                                        "(Lösung: Meinten Sie 'antrag'?)")
    assert len({i["fingerprint"] for i in issues}) == 2
    again = efa("check", "--format", "codequality", root=root)
    assert json.loads(again.stdout) == issues, "the same problems give the same fingerprints"
    clean = efa("check", "--format", "codequality", root=write_files(tmp_path / "clean", MINIMAL))
    assert clean.returncode == 0 and json.loads(clean.stdout) == []


def test_affected_json_for_ci(tmp_path):
    from tests.conftest import copy_example
    from tests.test_affected import commit_change
    from tests.test_overlays import git

    root = copy_example(tmp_path / "kb")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "example")
    commit_change(root, "overlays/by/pages/neu.md", "---\ntitle: Neu\n---\n")
    done = efa("affected", "--json", "HEAD~1..HEAD", root=root)
    assert json.loads(done.stdout) == {"revisions": "HEAD~1..HEAD", "states": ["by"], "all": False}
    commit_change(root, "content/glossary.yml", (root / "content/glossary.yml").read_text(encoding="utf-8") + "\n")
    assert json.loads(efa("affected", "--json", "HEAD~1..HEAD", root=root).stdout)["all"] is True


# -- looking at the sites --------------------------------------------------------------------------


def test_the_landing_page_says_how_to_serve_the_sites():
    html = landing_page([("by", "Bayern")])
    assert '<a href="by/">Bayern</a>' in html
    assert "<code>python3 -m http.server 8000</code>" in html
    assert '<a href="http://127.0.0.1:8000/">http://127.0.0.1:8000/</a>' in html
    assert "<code>efa-kb serve --state by</code>" in html
    assert 'id="efa-file-notice" role="note" hidden' in html and 'location.protocol === "file:"' in html


def test_every_page_explains_itself_when_opened_as_a_file(example_site):
    start = (example_site / "by/index.html").read_text(encoding="utf-8")
    assert 'class="efa-file-notice" id="efa-file-notice" role="note" aria-label="Hinweis: als Datei geöffnet" hidden' in start
    assert "<strong>Diese Seite ist als Datei geöffnet.</strong>" in start
    assert "<code>efa-kb serve --state by</code>" in start
    assert start.index("efa-file-notice") < start.index('<header class="md-header')


@pytest.mark.browser
def test_the_file_notice_shows_only_for_file_urls(example_site):
    from efa_kb.index.browser import chromium, serve, settle

    with chromium() as browser, serve(example_site) as (url, _traffic):
        page_ = browser.new_page()
        page_.goto((example_site / "by" / "index.html").as_uri())
        assert page_.is_visible("#efa-file-notice")
        assert "python3 -m http.server 8000" in page_.inner_text("#efa-file-notice")
        from tests.browser.test_axe import report, violations

        found = violations(page_)
        assert not found, report(found)
        page_.goto((example_site / "index.html").as_uri())
        assert page_.is_visible("#efa-file-notice")
        page_.goto(url + "by/")
        settle(page_)
        assert not page_.is_visible("#efa-file-notice")
