"""Staging and swapping: a site is published only when its build succeeded.

Each state is built into ``<out>/.staging/<state>/site``; on success the
previous ``<out>/<state>`` is moved aside and the new one renamed into place
(a rename on one file system), so a failed build leaves the published site
untouched and readers never see half a site.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

STAGING = ".staging"


def staging_dir(out: Path, state: str) -> Path:
    return out / STAGING / state


def swap_in(out: Path, state: str) -> Path:
    """Move the staged site of ``state`` into ``<out>/<state>``; returns the published folder."""
    staged = staging_dir(out, state) / "site"
    target = out / state
    retired = out / STAGING / f"{state}.previous"
    if retired.exists():
        shutil.rmtree(retired)
    if target.exists():
        os.replace(target, retired)
    os.replace(staged, target)
    if retired.exists():
        shutil.rmtree(retired)
    return target


def discard(out: Path, state: str) -> None:
    shutil.rmtree(staging_dir(out, state), ignore_errors=True)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``path`` so readers see the old or the new content, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def clean_staging(out: Path) -> None:
    folder = out / STAGING
    if folder.exists() and not any(folder.iterdir()):
        folder.rmdir()
