"""Staging and swapping: a site is published only when its build succeeded.

Each state is built into ``<out>/.staging/<state>/site``; on success the
previous ``<out>/<state>`` is moved aside and the new one renamed into place
(a rename on one file system), so a failed build leaves the published site
untouched and readers never see half a site.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

STAGING = ".staging"
RECORDS = ".efa-kb"
"""``<out>/.efa-kb/<state>.json``: what the published site of a state was built from."""


def staging_dir(out: Path, state: str) -> Path:
    """Where ``state`` is built before it is published."""
    return out / STAGING / state


def swap_in(out: Path, state: str) -> Path:
    """Move the staged site of ``state`` into ``<out>/<state>``; returns the published folder."""
    target = out / state
    replace_folder(staging_dir(out, state) / "site", target, out / STAGING / f"{state}.previous")
    return target


def replace_folder(staged: Path, target: Path, retired: Path) -> None:
    """Put the complete folder ``staged`` in the place of ``target`` by renames.

    The old ``target`` is moved to ``retired`` first and removed once the new one is in place.
    """
    shutil.rmtree(retired, ignore_errors=True)
    if target.exists():
        os.replace(target, retired)
    os.replace(staged, target)
    shutil.rmtree(retired, ignore_errors=True)


def discard(out: Path, state: str) -> None:
    """Remove the staging of ``state``."""
    shutil.rmtree(staging_dir(out, state), ignore_errors=True)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``path`` so readers see the old or the new content, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def clean_staging(out: Path) -> None:
    """Remove the staging folder once it is empty."""
    folder = out / STAGING
    if folder.exists() and not any(folder.iterdir()):
        folder.rmdir()


def published_fingerprint(out: Path, state: str) -> str | None:
    """The fingerprint the published site of ``state`` was built from, if it is still that site."""
    try:
        record = json.loads((out / RECORDS / f"{state}.json").read_text(encoding="utf-8"))
        site = (out / state).stat()
    except (OSError, ValueError):
        return None
    if record.get("inode") != site.st_ino or not (out / state / "index.html").is_file():
        return None  # the folder was replaced or emptied since
    fingerprint = record.get("fingerprint")
    return fingerprint if isinstance(fingerprint, str) else None


def record_published(out: Path, state: str, fingerprint: str) -> None:
    """Remember what the just-published site of ``state`` was built from."""
    record = {"fingerprint": fingerprint, "inode": (out / state).stat().st_ino}
    write_atomic(out / RECORDS / f"{state}.json", json.dumps(record).encode("utf-8"))


def forget_published(out: Path, state: str) -> None:
    """Drop the record of ``state`` (its next build is a full one)."""
    (out / RECORDS / f"{state}.json").unlink(missing_ok=True)
