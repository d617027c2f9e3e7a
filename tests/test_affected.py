"""``efa-kb affected``: the states a commit touches, from a real git history."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import copy_example
from tests.test_overlays import git


def affected(root, revisions: str) -> list[str]:
    result = subprocess.run([sys.executable, "-m", "efa_kb", "--root", str(root), "affected", revisions],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def commit_change(root, path: str, text: str) -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", f"change {path}")


def test_affected_states_follow_services_overlays_and_shared_files(tmp_path):
    root = copy_example(tmp_path / "kb")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "example")

    faq = root / "content/services/elterngeld/faq/basiselterngeld.md"
    commit_change(root, "content/services/elterngeld/faq/basiselterngeld.md", faq.read_text(encoding="utf-8") + "\nMehr.\n")
    assert affected(root, "HEAD~1..HEAD") == ["be", "sh"]  # by does not use elterngeld

    commit_change(root, "overlays/by/pages/neu.md", "---\ntitle: Neu\n---\n")
    assert affected(root, "HEAD~1..HEAD") == ["by"]

    glossary = root / "content/glossary.yml"
    commit_change(root, "content/glossary.yml", glossary.read_text(encoding="utf-8") + "\n")
    assert affected(root, "HEAD~1..HEAD") == ["be", "by", "sh"]
    assert affected(root, "HEAD~3..HEAD") == ["be", "by", "sh"]


def test_a_bad_revision_range_is_a_clear_error(tmp_path):
    root = copy_example(tmp_path / "kb")
    git(root, "init", "-q")
    result = subprocess.run([sys.executable, "-m", "efa_kb", "--root", str(root), "affected", "nope..HEAD"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert ": Fehler [git-range]: git kann 'nope..HEAD' nicht vergleichen: " in result.stderr


def test_export_gives_the_merged_state_content(fixed_now):
    import json

    from tests.conftest import REPO

    result = subprocess.run([sys.executable, "-m", "efa_kb", "--root", str(REPO), "export", "--state", "by"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    ids = {a["id"] for a in data["articles"]}
    assert "services/gewerbe/faq/gewerbeschein-zustellung" not in ids  # hidden in by
    assert "services/elterngeld/faq/basiselterngeld" not in ids  # not used by by
    muc = next(a for a in data["articles"] if a["id"] == "services/ikfz/faq/neuzulassung-online")
    assert muc["additions"][0]["origin"]["name"] == "Landeshauptstadt München"
