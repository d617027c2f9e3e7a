"""Publishing: one build per output folder at a time, each state swapped in atomically, old versions kept.

Layout of an output folder::

    <out>/index.html                     the landing page
    <out>/<state>/                       the published site of a state
    <out>/.efa-kb/lock                   held (flock) by the build writing to <out>
    <out>/.efa-kb/<state>.json           what the published site was built from
    <out>/.efa-kb/projects/<state>/      its MkDocs project, kept for the next build
    <out>/.efa-kb/staging/<state>/       the site being built (only while a build runs)
    <out>/.efa-kb/versions/<state>/<n>/  earlier published sites, for ``efa-kb rollback``

A build takes the lock first (the kernel releases it when the process dies), so
two builds never share a staging folder. A state is published by exchanging the
staged folder with the published one in one ``renameat2(RENAME_EXCHANGE)``: a
reader sees the old or the new site, never none. Where the file system cannot
exchange, two renames are used, and a build killed between them is repaired by
the next one, which puts the newest kept version back. The last :data:`KEEP`
versions stay for an instant rollback.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from efa_kb.problems import ContentError

RECORDS = ".efa-kb"
LOCK = "lock"
KEEP = 3
"""Published versions kept per state, beside the current one."""


def staging_dir(out: Path, state: str) -> Path:
    """Where ``state`` is built before it is published."""
    return out / RECORDS / "staging" / state


def versions_dir(out: Path, state: str) -> Path:
    """Where the earlier published sites of ``state`` are kept."""
    return out / RECORDS / "versions" / state


@contextmanager
def output_lock(out: Path, wait: bool = False) -> Iterator[None]:
    """Hold the lock of ``out`` (exclusive, released by the kernel if the process dies).

    Without ``wait``, a lock held by another build is a :class:`ContentError` saying who holds it.
    """
    lock = out / RECORDS / LOCK
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock, "a+", encoding="utf-8")  # noqa: SIM115 - held for the whole block
    except OSError as exc:
        raise writing_error(exc, out) from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unbekannt"
            raise ContentError.single(
                str(lock), None,
                f"Ein anderer Build schreibt gerade in diesen Ordner (Prozess {holder}); nichts wurde verändert",
                "Warten Sie, bis er fertig ist, oder starten Sie mit --wait, um danach zu bauen",
                code="build-running") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        recover(out)
        yield
    finally:
        handle.close()


def recover(out: Path) -> list[str]:
    """Repair what a killed build left (call with the lock held); returns the states put back.

    Staging is removed; a state whose published folder is missing while a kept version
    exists (a build killed between the two renames of a swap) gets that version back.
    """
    shutil.rmtree(out / RECORDS / "staging", ignore_errors=True)
    restored = []
    for folder in sorted((out / RECORDS / "versions").glob("*")):
        kept = _versions(folder)
        if kept and not (out / folder.name).exists():
            os.replace(kept[-1], out / folder.name)
            restored.append(folder.name)
    return restored


def swap_in(out: Path, state: str) -> Path:
    """Publish the staged site of ``state`` as ``<out>/<state>``; the old one becomes a kept version."""
    staged, target = staging_dir(out, state) / "site", out / state
    if not target.exists():
        os.replace(staged, target)
        return target
    retired = _next_version(out, state)
    retired.parent.mkdir(parents=True, exist_ok=True)
    if _exchange(staged, target):
        os.replace(staged, retired)  # staged now holds the old site
    else:
        os.replace(target, retired)
        os.replace(staged, target)
    _prune(versions_dir(out, state))
    return target


def rollback(out: Path, state: str) -> str:
    """Publish the newest kept version of ``state`` again (the current one becomes a version).

    Returns the name of the version now published; call with the lock held.
    """
    kept = _versions(versions_dir(out, state))
    target = out / state
    if not kept:
        raise ContentError.single(str(versions_dir(out, state)), None,
                                  f"Für {state} ist keine frühere Fassung aufbewahrt",
                                  "Eine Fassung wird bei jedem Build aufbewahrt, der eine veröffentlichte ersetzt",
                                  code="no-version")
    newest = kept[-1]
    if not target.exists():
        os.replace(newest, target)
    elif not _exchange(newest, target):
        parked = newest.with_name(newest.name + ".current")
        os.replace(target, parked)
        os.replace(newest, target)
        os.replace(parked, newest)
    forget_published(out, state)
    return newest.name


def _versions(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*") if p.is_dir() and p.name.isdigit()) if folder.is_dir() else []


def _next_version(out: Path, state: str) -> Path:
    kept = _versions(versions_dir(out, state))
    number = int(kept[-1].name) + 1 if kept else 1
    return versions_dir(out, state) / f"{number:06d}"


def _prune(folder: Path) -> None:
    """Set the versions beyond the newest KEEP aside; the next build removes them while its
    workers build (see :func:`removing_set_aside`): removing thousands of files would be
    the last step of this one, after everything it published."""
    aside = folder.parents[1] / "set-aside"
    for old in _versions(folder)[:-KEEP]:
        try:
            aside.mkdir(parents=True, exist_ok=True)
            os.replace(old, aside / f"{folder.name}-{old.name}-{os.getpid()}")
        except OSError:
            shutil.rmtree(old, ignore_errors=True)


@contextmanager
def removing_set_aside(out: Path) -> Iterator[None]:
    """Remove the versions earlier builds set aside, in a thread beside the ``with`` block."""
    try:
        folders = sorted((out / RECORDS / "set-aside").iterdir())
    except OSError:  # none set aside, or not readable: nothing to remove
        folders = []

    def remove() -> None:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)

    thread = threading.Thread(target=remove)
    thread.start()
    try:
        yield
    finally:
        thread.join()


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux ``renameat2``); False where that is not available."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``path`` so readers see the old or the new content, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def replace_folder(staged: Path, target: Path, retired: Path) -> None:
    """Put the complete folder ``staged`` in the place of ``target`` (for caches, not sites)."""
    shutil.rmtree(retired, ignore_errors=True)
    if target.exists():
        os.replace(target, retired)
    os.replace(staged, target)
    shutil.rmtree(retired, ignore_errors=True)


def discard(out: Path, state: str) -> None:
    """Remove the staging of ``state``."""
    shutil.rmtree(staging_dir(out, state), ignore_errors=True)


def clean_staging(out: Path) -> None:
    """Remove the staging folder of this build."""
    shutil.rmtree(out / RECORDS / "staging", ignore_errors=True)


def writing_error(exc: OSError, where: Path) -> ContentError:
    """An ``OSError`` while writing as one German line naming the path and what to do."""
    path = exc.filename or where
    reason = {
        errno.ENOSPC: ("der Datenträger ist voll", "Schaffen Sie Platz und bauen Sie erneut"),
        errno.EDQUOT: ("das Speicherkontingent ist erschöpft", "Schaffen Sie Platz und bauen Sie erneut"),
        errno.EROFS: ("der Ordner ist nur lesbar eingehängt", "Wählen Sie mit --out einen beschreibbaren Ordner"),
        errno.EACCES: ("keine Schreibrechte", "Prüfen Sie die Rechte oder wählen Sie mit --out einen anderen Ordner"),
        errno.EPERM: ("keine Schreibrechte", "Prüfen Sie die Rechte oder wählen Sie mit --out einen anderen Ordner"),
    }.get(exc.errno or 0, (exc.strerror or str(exc), "Prüfen Sie den Ordner und bauen Sie erneut"))
    return ContentError.single(str(path), None, f"Schreiben nicht möglich: {reason[0]}; nichts Neues wurde veröffentlicht",
                               reason[1], code="write-failed")


# -- what a published site was built from ------------------------------------------------------


@dataclass(frozen=True)
class Published:
    """What the published site of a state was made of and made from (two fingerprints)."""

    output: str
    inputs: str


def published_fingerprint(out: Path, state: str) -> Published | None:
    """The fingerprints of the published site of ``state``, if it is still that site."""
    record = _record(out, state)
    if record is None:
        return None
    output, inputs = record.get("fingerprint"), record.get("inputs")
    return Published(output, inputs) if isinstance(output, str) and isinstance(inputs, str) else None


def published_pages(out: Path, state: str) -> dict[str, str]:
    """Per page of the published site of ``state`` (path below the site), the key of what it was
    made of; empty when the site is not the one recorded (replaced, emptied, rolled back)."""
    record = _record(out, state)
    pages = record.get("pages") if record is not None else None
    if not isinstance(pages, dict):
        return {}
    return {path: key for path, key in pages.items() if isinstance(path, str) and isinstance(key, str)}


def _record(out: Path, state: str) -> dict[str, object] | None:
    try:
        record = json.loads((out / RECORDS / f"{state}.json").read_text(encoding="utf-8"))
        site = (out / state).stat()
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("inode") != site.st_ino or not (out / state / "index.html").is_file():
        return None  # the folder was replaced or emptied since
    return record


def record_published(out: Path, state: str, fingerprint: str, inputs: str,
                     pages: dict[str, str] | None = None) -> None:
    """Remember what the just-published site of ``state`` was made of and made from.

    ``pages``: per page, the key of what it was made of (the next build copies a page whose
    key is the same); None keeps those of the record (the site was not built again).
    """
    if pages is None:
        pages = published_pages(out, state)
    record = {"fingerprint": fingerprint, "inputs": inputs, "inode": (out / state).stat().st_ino,
              "published": int(time.time()), "pages": pages}
    write_atomic(out / RECORDS / f"{state}.json", json.dumps(record).encode("utf-8"))


def forget_published(out: Path, state: str) -> None:
    """Drop the record of ``state`` (its next build is a full one)."""
    (out / RECORDS / f"{state}.json").unlink(missing_ok=True)
