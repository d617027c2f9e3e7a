"""No lost state: one build per output folder, atomic swaps, rollback, interrupted builds, full disks."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from efa_kb.build.publish import output_lock, versions_dir
from efa_kb.pipeline import build_sites
from efa_kb.problems import ContentError
from tests.conftest import EXAMPLE_EPOCH, MINIMAL, copy_example, write_files


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".efa-kb" not in p.relative_to(folder).parts}


def efa(root: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "efa_kb", "--root", str(root), *args], text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "SOURCE_DATE_EPOCH": EXAMPLE_EPOCH})


def quiet(message: str) -> None:
    pass


def test_a_second_build_is_refused_while_one_writes_and_waits_with_wait(kb_repo, tmp_path, fixed_now):
    root = kb_repo(MINIMAL)
    out = tmp_path / "site"
    with output_lock(out):  # another build holds the folder
        refused = efa(root, "build", "--out", str(out))
        _, stderr = refused.communicate(timeout=120)
        assert refused.returncode == 1 and "Traceback" not in stderr
        assert "Ein anderer Build schreibt gerade in diesen Ordner" in stderr and "--wait" in stderr
        assert not (out / "by").exists()
        waiting = efa(root, "build", "--out", str(out), "--wait")
        time.sleep(3)
        assert waiting.poll() is None, "it waits for the lock"
    _, stderr = waiting.communicate(timeout=300)
    assert waiting.returncode == 0, stderr
    assert (out / "by/index.html").is_file()


def test_two_builds_at_once_leave_complete_sites(tmp_path):
    root = copy_example(tmp_path / "kb")
    reference = tmp_path / "reference"
    assert efa(root, "build", "--out", str(reference)).wait(timeout=600) == 0
    out = tmp_path / "site"
    first, second = efa(root, "build", "--out", str(out), "--wait"), efa(root, "build", "--out", str(out), "--wait")
    assert first.wait(timeout=600) == 0 and second.wait(timeout=600) == 0
    assert tree(out) == tree(reference), "every state complete and as a single build writes it"
    assert not (out / ".efa-kb/staging").exists()


def test_a_swap_interrupted_between_its_renames_is_repaired_by_the_next_build(kb_repo, tmp_path, fixed_now):
    root = kb_repo(MINIMAL)
    out = tmp_path / "site"
    assert build_sites(root, out, progress=quiet).ok
    published = tree(out / "by")
    # what a build killed after moving the old site aside (and before moving the new one in) leaves
    versions_dir(out, "by").mkdir(parents=True)
    os.replace(out / "by", versions_dir(out, "by") / "000001")
    with output_lock(out):
        assert tree(out / "by") == published, "the site is back as soon as the folder is locked again"


def test_rollback_publishes_the_previous_site_at_once(kb_repo, tmp_path, fixed_now):
    root = kb_repo(MINIMAL)
    out = tmp_path / "site"
    assert build_sites(root, out, progress=quiet).ok
    before = tree(out / "by")
    write_files(root, {"content/services/wohngeld/faq/neu.md": "---\ntitle: Neu\n---\nNeuer Artikel.\n"})
    assert build_sites(root, out, progress=quiet).built == ["by"]
    assert tree(out / "by") != before
    done = efa(root, "rollback", "--state", "by", "--out", str(out))
    _, stderr = done.communicate(timeout=120)
    assert done.returncode == 0 and "Fassung 000001 ist wieder veröffentlicht" in stderr
    assert tree(out / "by") == before
    assert build_sites(root, out, progress=quiet).built == ["by"], "the next build publishes the current content"


def test_sigterm_stops_the_build_removes_its_staging_and_keeps_the_sites(tmp_path):
    root = copy_example(tmp_path / "kb")
    out = tmp_path / "site"
    assert efa(root, "build", "--out", str(out)).wait(timeout=600) == 0
    before = tree(out)
    write_files(root, {"content/services/wohngeld/faq/neu.md": "---\ntitle: Neu\n---\nNeuer Artikel.\n"})
    build = efa(root, "build", "--out", str(out))
    deadline = time.monotonic() + 120
    while not any((out / ".efa-kb/staging").glob("*/site")) and time.monotonic() < deadline:
        time.sleep(0.05)
    build.send_signal(signal.SIGTERM)
    _, stderr = build.communicate(timeout=120)
    assert build.returncode == 130 and "Traceback" not in stderr and "Abgebrochen" in stderr
    assert not (out / ".efa-kb/staging").exists()
    assert tree(out) == before


@pytest.fixture
def tiny_disk(tmp_path):
    """A 3 MB file system of its own (tmpfs), read-only on request."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root (the test machines run as root)")
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], check=True)
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_is_one_german_line_and_the_published_site_survives(tmp_path, tiny_disk, fixed_now):
    root = copy_example(tmp_path / "kb")
    out = tiny_disk / "site"
    with pytest.raises(ContentError) as error:
        build_sites(root, out, progress=quiet)
    problem = error.value.problems[0]
    assert "der Datenträger ist voll" in problem.message and "Platz" in problem.fix
    assert not (out / ".efa-kb/staging").exists(), "the staging is removed from the full disk"
    cli = efa(root, "build", "--out", str(out))
    _, stderr = cli.communicate(timeout=600)
    assert cli.returncode == 1 and "Traceback" not in stderr and "der Datenträger ist voll" in stderr


def test_a_read_only_output_folder_is_one_german_line(kb_repo, tiny_disk, fixed_now):
    root = kb_repo(MINIMAL)
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_disk)], check=True)
    cli = efa(root, "build", "--out", str(tiny_disk / "site"))
    _, stderr = cli.communicate(timeout=300)
    assert cli.returncode == 1 and "Traceback" not in stderr
    assert "Schreiben nicht möglich: der Ordner ist nur lesbar eingehängt" in stderr


def test_three_versions_are_kept_and_older_ones_are_removed_by_the_next_build(kb_repo, tmp_path, fixed_now):
    root = kb_repo(MINIMAL)
    out = tmp_path / "site"
    answers = []
    for number in range(6):
        answers.append(f"Fassung {number}.")
        write_files(root, {"overlays/by/services/wohngeld/faq/antrag-absenden.md":
                           f"---\noverlay: extend\n---\n## Antwort\n\n{answers[-1]}\n"})
        assert build_sites(root, out, progress=lambda m: None).built == ["by"]
    kept = sorted(versions_dir(out, "by").iterdir())
    assert len(kept) == 3
    # The kept versions are the three before the published one, newest last.
    for version, answer in zip(kept, answers[-4:-1], strict=True):
        assert answer in (version / "services/wohngeld/faq/antrag-absenden/index.html").read_text(encoding="utf-8")
    # What fell out of the three is gone once a later build ran (set aside by the last one at most).
    aside = out / ".efa-kb" / "set-aside"
    assert len(list(aside.iterdir())) <= 1
    assert build_sites(root, out, progress=lambda m: None).unchanged == ["by"]
    assert not any(aside.iterdir())
