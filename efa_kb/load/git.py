"""Everything efa-kb asks git; the only module that runs it.

Git is the publishing channel: an incident is published when its file is first
committed and updated with every later commit (:func:`file_histories`); an
overlay's pin names a version of its base article that git history still has
(:func:`diff_since`); a build server asks which files a revision range changed
(:func:`changed_files`). Without git or a repository, history is empty and the
callers fall back (front matter times, no diff).

Times are those of the branch being built (``--first-parent``): a change merged
from a side branch counts from the merge. A shallow clone knows only its own
commits, so build from a full clone (CI: ``fetch-depth: 0``).
"""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from efa_kb.problems import ContentError

log = logging.getLogger(__name__)


def git(root: Path, *args: str) -> subprocess.CompletedProcess[str] | None:
    """Run ``git -C root ARGS``; None when git is not installed."""
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                              encoding="utf-8", check=False)
    except OSError as exc:
        log.debug("git is not available: %s", exc)
        return None


def changed_files(root: Path, revisions: str) -> list[str]:
    """Paths changed in a git revision range (``A..B``, or one revision against the work tree)."""
    done = git(root, "diff", "--name-only", "--no-renames", revisions)
    if done is None or done.returncode != 0:
        reason = done.stderr.strip() if done else "git ist nicht installiert"
        raise ContentError.single(str(root), None, f"git kann '{revisions}' nicht vergleichen: {reason}",
                                  "Geben Sie einen Bereich wie HEAD~1..HEAD oder origin/main..HEAD an", code="git-range")
    return [line for line in done.stdout.splitlines() if line]


def pinned_commit(root: Path, path: str, pin: str, fingerprint: Callable[[str], str]) -> str | None:
    """The newest commit in which ``path`` had ``fingerprint(text) == pin``, or None."""
    done = git(root, "log", "--format=%H", "--", path)
    if done is None or done.returncode != 0:
        return None
    for commit in done.stdout.split():
        shown = git(root, "show", f"{commit}:{path}")
        if shown is not None and shown.returncode == 0 and fingerprint(shown.stdout) == pin:
            return commit
    return None


def diff_since(root: Path, path: str, pin: str, fingerprint: Callable[[str], str]) -> str | None:
    """Unified diff of ``path`` from its pinned version to the working tree, or None if not found."""
    commit = pinned_commit(root, path, pin, fingerprint)
    if commit is None:
        return None
    done = git(root, "diff", "--no-color", commit, "--", path)
    return done.stdout if done is not None and done.returncode == 0 else None


@dataclass(frozen=True)
class FileHistory:
    """First and last commit that touched a file (under its current name)."""

    first: datetime
    """Committer time of the oldest commit: when the file was published."""
    last: datetime
    """Committer time of the newest commit: when it was last updated."""


def file_histories(root: Path, folder: str) -> dict[str, FileHistory]:
    """History of every committed file below ``root/folder``, keyed by path relative to ``root``.

    Renames are followed for all files in one ``git log`` call; files git does not
    know are absent. Without a repository the result is empty.
    """
    output = _git_log(root, folder)
    return _parse(output) if output else {}


_RECORD = "\x1e"
"""Starts each commit in the log output (``%x1e`` in the format)."""


def _git_log(root: Path, folder: str) -> str:
    done = git(root, "-c", "log.showSignature=false", "log", "--no-color", "-M", "--name-status", "--relative",
               "--first-parent", "--diff-merges=first-parent", "-z", "--format=%x1e%cI", "--", folder)
    if done is None or done.returncode != 0:  # no git, not a repository, or one without commits
        log.debug("no git history for %s: %s", folder, done.stderr.strip() if done else "git is not available")
        return ""
    return done.stdout


def _parse(output: str) -> dict[str, FileHistory]:
    """Read ``git log -z --name-status`` newest first; later names win over earlier ones."""
    first: dict[str, datetime] = {}
    last: dict[str, datetime] = {}
    current_name: dict[str, str] = {}
    """A path as it was in an older commit → the file's name today."""
    for record in output.split(_RECORD)[1:]:
        stamp, _, changes = record.partition("\0")
        when = datetime.fromisoformat(stamp.strip())
        tokens = [t for t in changes.lstrip("\n").split("\0") if t]
        index = 0
        while index < len(tokens):
            status = tokens[index]
            if status[:1] in ("R", "C") and index + 2 < len(tokens):
                old, new = tokens[index + 1], tokens[index + 2]
                index += 3
            else:
                old = new = tokens[index + 1] if index + 1 < len(tokens) else ""
                index += 2
            if not new:
                continue
            name = current_name.get(new, new)
            last.setdefault(name, when)
            first[name] = when
            if old != new and status.startswith("R"):
                current_name[old] = name
    return {name: FileHistory(first[name], last[name]) for name in first}
