"""What the command line says, word for word: German problem lines with their stable machine
part, counts in the right grammatical number, ``--state`` reporting only what concerns the
state, ``--strict`` saying that warnings failed it, whole help summaries, a quiet ``serve``."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from efa_kb.cli import main
from efa_kb.pipeline import load_and_check
from efa_kb.problems import Problem, Problems, Severity, counted
from tests.conftest import MINIMAL, REPO, copy_example
from tests.test_serve import fetch_until, free_port

ARTICLE = "services/wohngeld/faq/antrag-absenden"
OVERDUE = [
    ("content/services/wohngeld/faq/mietbescheinigung.md:5: Warnung [review-overdue]: Die Überprüfung ist seit "
     "31.10.2026 überfällig"),
    "    Lösung: Prüfen Sie den Artikel und setzen Sie review_by auf ein künftiges Datum",
]
"""The example's one deliberate warning, as the command line prints it."""

SCHLESWIG_HOLSTEIN = {
    "overlays/sh/state.yml": "name: Schleswig-Holstein\nars_prefix: '01'\nservices: [wohngeld]\n",
    f"overlays/sh/{ARTICLE}.md": "---\nkeywrds: [Kiel]\n---\n## Antwort\n\nAuch in Kiel.\n",
    "overlays/sh/services/wohngeld/faq/eigen.md": "---\ntitle: Eigen\ncategory: antrg\n---\nText\n",
}
"""A second state whose files have a warning (and an unpinned overlay) and an error."""


def cli(root: Path, *args: str):
    return CliRunner().invoke(main, ["--root", str(root), *args])


# -- the problem line ------------------------------------------------------------------------------


def test_a_problem_line_is_german_around_its_stable_path_line_severity_and_code():
    overdue = Problem("content/x.md", 12, "Die Überprüfung ist seit 31.10.2026 überfällig",
                      "Prüfen Sie den Artikel und setzen Sie review_by auf ein künftiges Datum",
                      Severity.WARNING, "review-overdue")
    assert str(overdue) == ("content/x.md:12: Warnung [review-overdue]: Die Überprüfung ist seit 31.10.2026 überfällig\n"
                            "    Lösung: Prüfen Sie den Artikel und setzen Sie review_by auf ein künftiges Datum")
    assert str(Problem("overlays", None, "Es gibt kein Land 'xx'", code="unknown-state")) == (
        "overlays: Fehler [unknown-state]: Es gibt kein Land 'xx'")


def test_every_problem_of_a_broken_repository_has_a_code_and_german_words(kb_repo):
    root = kb_repo({
        **MINIMAL, **SCHLESWIG_HOLSTEIN,
        "content/services/wohngeld/faq/kaputt.md": "---\ntitle: [X\n---\n",
        "content/services/wohngeld/faq/alt.md": "---\ntitle: Alt\nreview_by: 2020-01-01\nstatus: offen\n---\n## Antwrt\n",
        "content/services/wohngeld/faq/zeit.md": "---\ntitle: Z\nreview_by: 31.02.2027\nweight: zwei\n---\n",
        "content/incidents/heute.md": "---\ntitle: T\n---\n",
        "content/incidents/2026-11-28-x.md": "---\ntitle: X\nservice: wohngelt\nstatus: neu\nseverity: outage\n---\n",
        "overlays/by/municipalities/123/municipality.yml": "name: X\n",
        "overlays/by/services/wohngeld/faq/antarg.md": "---\noverlay: replace\n---\n",
    })
    _kb, _views, problems = load_and_check(root)
    assert len(problems) >= 12
    for problem in problems:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", problem.code), str(problem)
        assert not re.search(r"\b(must|is not|does not|fix:|error:|warning:|got)\b", str(problem)), str(problem)


# -- counts ----------------------------------------------------------------------------------------


def test_counts_take_the_singular_for_one():
    assert [counted(n, "Warnung", "Warnungen") for n in (0, 1, 2)] == ["0 Warnungen", "1 Warnung", "2 Warnungen"]
    one = Problems()
    one.error("a.md", 1, "x", code="c")
    one.warning("a.md", 2, "y", code="c")
    assert one.summary(1) == "1 Fehler, 1 Warnung in 1 Land."
    assert Problems().summary(3) == "0 Fehler, 0 Warnungen in 3 Ländern."


def test_check_of_one_state_of_the_example_says_one_land_and_one_warning():
    done = cli(REPO, "check", "--state", "sh")
    assert done.exit_code == 0
    assert done.stderr.splitlines() == [*OVERDUE, "0 Fehler, 1 Warnung in 1 Land."]


def test_overlay_counts_agree_with_their_verb(kb_repo):
    root = kb_repo({**MINIMAL, f"overlays/by/{ARTICLE}.md": "---\nkeywords: [x]\n---\n"})
    status = cli(root, "overlay", "status")
    assert status.stdout == f"overlays/by/{ARTICLE}.md: nicht gepinnt (Basis: content/{ARTICLE}.md)\n"
    assert status.stderr == "1 Overlay braucht eine Prüfung.\n"
    assert cli(root, "overlay", "pin").stderr == "1 Overlay gepinnt.\n"
    assert cli(root, "overlay", "status").stderr == "0 Overlays brauchen eine Prüfung.\n"


# -- --state reports what concerns the state -------------------------------------------------------


def test_check_of_a_state_leaves_out_other_states_files(kb_repo):
    root = kb_repo({**MINIMAL, **SCHLESWIG_HOLSTEIN})
    bavaria = cli(root, "check", "--state", "by", "--strict")
    assert (bavaria.exit_code, bavaria.stderr) == (0, "0 Fehler, 0 Warnungen in 1 Land.\n")
    north = cli(root, "check", "--state", "sh")
    assert north.exit_code == 1
    assert north.stderr.splitlines() == [
        (f"overlays/sh/{ARTICLE}.md:1: Warnung [overlay-unpinned]: Das Overlay ist an keine Fassung seines "
         "Basisartikels gepinnt"),
        f"    Lösung: Führen Sie aus: efa-kb overlay pin overlays/sh/{ARTICLE}.md",
        f"overlays/sh/{ARTICLE}.md:2: Warnung [unknown-key]: Unbekannter Schlüssel 'keywrds'; er wird ignoriert",
        "    Lösung: Meinten Sie 'keywords'?",
        ("overlays/sh/services/wohngeld/faq/eigen.md:3: Fehler [unknown-category]: Die Kategorie 'antrg' steht nicht "
         "in content/categories.yml"),
        "    Lösung: Meinten Sie 'antrag'?",
        "1 Fehler, 2 Warnungen in 1 Land.",
    ]
    everything = cli(root, "check")
    assert everything.exit_code == 1 and everything.stderr.endswith("1 Fehler, 2 Warnungen in 2 Ländern.\n")


def test_a_state_whose_state_yml_is_broken_is_told_so_not_that_it_does_not_exist(kb_repo):
    root = kb_repo({**MINIMAL, "overlays/by/state.yml": "name: Bayern\nservices: [wohngeld\n"})
    done = cli(root, "check", "--state", "by")
    assert done.exit_code == 1
    assert done.stderr.startswith("overlays/by/state.yml:2: Fehler [invalid-yaml]: ")
    assert "unknown-state" not in done.stderr and "Traceback" not in done.stderr


def test_a_strict_build_of_a_state_is_not_failed_by_another_states_files(kb_repo, tmp_path):
    root = kb_repo({**MINIMAL, **SCHLESWIG_HOLSTEIN})
    done = cli(root, "build", "--strict", "--state", "by", "--out", str(tmp_path / "site"))
    assert done.exit_code == 0, done.stderr
    assert "overlays/sh" not in done.stderr and done.stderr.endswith("Gebaut: by\n")
    assert (tmp_path / "site/by/index.html").is_file()


# -- --strict says that warnings failed it ---------------------------------------------------------


def test_a_strict_build_failed_by_warnings_says_so(kb_repo, tmp_path):
    root = kb_repo({**MINIMAL, "content/services/wohngeld/faq/alt.md": "---\ntitle: Alt\nreview_by: 2020-01-01\n---\n"})
    done = cli(root, "build", "--strict", "--out", str(tmp_path / "site"))
    assert done.exit_code == 1
    assert done.stderr.splitlines() == [
        "content/services/wohngeld/faq/alt.md:3: Warnung [review-overdue]: Die Überprüfung ist seit 01.01.2020 überfällig",
        "    Lösung: Prüfen Sie den Artikel und setzen Sie review_by auf ein künftiges Datum",
        "Build abgebrochen wegen --strict: 1 Warnung (Warnungen zählen wie Fehler); nichts wurde veröffentlicht.",
    ]
    assert not (tmp_path / "site/by").exists()
    errors = cli(kb_repo({**MINIMAL, "content/categories.yml": "- id: [kaputt\n"}), "build", "--strict",
                 "--out", str(tmp_path / "site"))
    assert errors.exit_code == 1
    assert errors.stderr.splitlines()[-1] == "Build abgebrochen: die Inhalte haben Fehler; nichts wurde veröffentlicht."


def test_a_failure_already_said_in_german_has_no_english_prefix(kb_repo, tmp_path):
    done = cli(kb_repo(MINIMAL), "incident", "publish", "--out", str(tmp_path / "leer"))
    assert done.exit_code == 1
    assert done.stderr.splitlines()[-1] == "Keine gebaute Website für by: zuerst vollständig bauen (efa-kb build --state by)."
    assert "Error" not in done.stderr


# -- help ------------------------------------------------------------------------------------------


def test_help_shows_every_commands_first_sentence_in_full():
    done = CliRunner().invoke(main, ["--help"], terminal_width=80)
    listing = done.output.split("Befehle:\n", 1)[1]
    summaries: dict[str, str] = {}
    for line in listing.splitlines():
        name, _, text = line.strip().partition(" ") if not line.startswith(" " * 5) else ("", "", line.strip())
        if name:
            summaries[name] = text.strip()
        else:
            last = list(summaries)[-1]
            summaries[last] += " " + text
    assert set(summaries) == set(main.commands)
    assert summaries["affected"] == "Listet die Länder, die ein git-Revisionsbereich (etwa HEAD~1..HEAD) betrifft, eines je Zeile."
    assert summaries["build"] == "Baut die Website jedes Landes (oder der angegebenen) nach OUT/<state>/."
    for name, summary in summaries.items():
        assert summary.endswith(".") and "..." not in summary, (name, summary)
    for group in ("overlay", "incident"):
        text = CliRunner().invoke(main, [group, "--help"], terminal_width=80).output
        assert "..." not in text.split("Befehle:", 1)[1], text


# -- serve ---------------------------------------------------------------------------------------


def test_serve_prints_its_address_and_no_404_for_the_incident_feed(kb_repo):
    root = kb_repo(MINIMAL)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "efa_kb", "--root", str(root), "serve", "--state", "by", "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}/"
        assert "Wie sende ich den Antrag ab?" in fetch_until(base + f"{ARTICLE}/", "Wie sende ich den Antrag ab?")
        active = urllib.request.urlopen(base + "incidents/active.json", timeout=5)
        assert active.status == 200 and active.read().startswith(b"{")
        assert urllib.request.urlopen(base + "search/index.json.gz", timeout=5).status == 200
        time.sleep(0.5)
    finally:
        server.terminate()
        _out, stderr = server.communicate(timeout=10)
    assert stderr.splitlines() == [f"Vorschau Bayern: {base}  (beenden mit Strg+C)"]


# -- a fresh clone ---------------------------------------------------------------------------------


def test_the_readmes_first_build_warns_only_about_the_deliberately_overdue_article(tmp_path):
    root = copy_example(tmp_path / "kb")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}  # today, as for a new editor
    done = subprocess.run([sys.executable, "-m", "efa_kb", "build"], cwd=root, capture_output=True, text=True,
                          env=env, check=False)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert [line for line in lines if not line.startswith("[")] == [*OVERDUE, "Gebaut: be, by, sh"]
