"""Where efa-kb keeps work it can reuse: a content-addressed store outside the repository.

Every entry is found by a key that hashes everything its value depends on, so an
entry is either right or never looked up again: nothing needs invalidating. The
store lives in the user's cache folder (``EFA_KB_CACHE_DIR``, else
``$XDG_CACHE_HOME/efa-kb``, else ``~/.cache/efa-kb``), never inside a
knowledge-base repository, whose files are untrusted. Values are JSON, never
pickles. Writes are atomic (a temporary file renamed into place), so two builds
at once never read half an entry; an unreadable entry is a miss and an unwritable
folder only costs speed.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

ENVIRONMENT = "EFA_KB_CACHE_DIR"


def cache_root() -> Path:
    """The folder of efa-kb's caches on this machine."""
    if configured := os.environ.get(ENVIRONMENT):
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "efa-kb"


def repository_cache(root: Path, name: str) -> Path:
    """A cache folder for one repository (by its resolved path), e.g. its XZuFi catalogue."""
    return cache_root() / name / digest(str(root.resolve()))[:16]


def digest(*parts: str | bytes) -> str:
    """A key from several parts (each length-prefixed, so parts cannot run into each other)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def code_digest() -> str:
    """A digest of efa-kb's own code and resources and the versions of what renders the sites."""
    global _CODE
    if _CODE is None:
        from importlib.metadata import version

        package = Path(__file__).resolve().parents[1]
        parts: list[str | bytes] = [version(name) for name in _RENDERERS]
        for path in sorted(package.rglob("*")):
            if path.is_file() and path.suffix != ".pyc":
                parts += [path.relative_to(package).as_posix(), path.read_bytes()]
        _CODE = digest(*parts)
    return _CODE


_CODE: str | None = None
_RENDERERS = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "nh3", "jinja2")


class Store:
    """JSON values by key in one folder of the cache (``None``: a store that keeps nothing)."""

    def __init__(self, folder: Path | None):
        self.folder = folder

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key[2:]}.json"

    def get(self, key: str) -> Any | None:
        """The value stored under ``key``, or None."""
        if self.folder is None:
            return None
        try:
            return json.loads(self._path(key).read_bytes())
        except (OSError, ValueError):
            return None

    def put(self, key: str, value: Any) -> None:
        """Store ``value`` (JSON-serialisable) under ``key``; failures are ignored."""
        if self.folder is None:
            return
        path = self._path(key)
        temporary = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(handle, "wb") as out:
                out.write(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
            os.replace(temporary, path)
        except OSError:
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)
