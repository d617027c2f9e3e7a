"""When files were published: their first and last commit, read from git.

Git is the publishing channel for incidents: a notice is published when its file
is first committed and updated with every later commit. One ``git log`` call
reads the times of every file below a folder, following renames; a folder
outside a git repository, a missing ``git`` or an untracked file has no history.

Times are those of the branch being built (``--first-parent``): a change merged
from a side branch counts from the merge. A shallow clone knows only its own
commits, so build from a full clone (CI: ``fetch-depth: 0``).
"""

from __future__ import annotations

import logging
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

log = logging.getLogger(__name__)

_RECORD = "\x1e"
"""Starts each commit in the log output (``%x1e`` in the format)."""


@dataclass(frozen=True)
class FileHistory:
    """First and last commit that touched a file (under its current name)."""

    first: datetime
    """Committer time of the oldest commit: when the file was published."""
    last: datetime
    """Committer time of the newest commit: when it was last updated."""


def file_histories(root: Path, folder: str) -> dict[str, FileHistory]:
    """History of every committed file below ``root/folder``, keyed by path relative to ``root``.

    Renames are followed (``git log --follow`` for all files in one call); files
    git does not know are absent. Without a repository the result is empty.
    """
    output = _git_log(root, folder)
    return _parse(output) if output else {}


def _git_log(root: Path, folder: str) -> str:
    command = [
        "git", "-C", str(root), "-c", "log.showSignature=false", "log", "--no-color", "-M", "--name-status",
        "--relative", "--first-parent", "--diff-merges=first-parent", "-z", "--format=%x1e%cI", "--", folder,
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", check=False)
    except OSError as exc:  # no git installed: no history, front matter times are used
        log.debug("git is not available: %s", exc)
        return ""
    if done.returncode != 0:  # not a repository, or one without commits
        log.debug("no git history for %s: %s", folder, done.stderr.strip())
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
