"""Finding, in git history, the version of a base article an overlay was pinned to."""

from __future__ import annotations

import subprocess
from pathlib import Path

from efa_kb.load.articles import fingerprint


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)


def pinned_commit(root: Path, path: str, pin: str) -> str | None:
    """The newest commit in which ``path`` had fingerprint ``pin``, or None."""
    log = _git(root, "log", "--format=%H", "--", path)
    if log.returncode != 0:
        return None
    for commit in log.stdout.split():
        shown = _git(root, "show", f"{commit}:{path}")
        if shown.returncode == 0 and fingerprint(shown.stdout) == pin:
            return commit
    return None


def diff_since(root: Path, path: str, pin: str) -> str | None:
    """Unified diff of ``path`` from its pinned version to the working tree, or None if not found."""
    commit = pinned_commit(root, path, pin)
    if commit is None:
        return None
    diff = _git(root, "diff", "--no-color", commit, "--", path)
    return diff.stdout if diff.returncode == 0 else None
