"""Read the XZuFi XML messages in ``xzufi/`` into one :class:`XzufiCatalog`.

Messages are deltas (:mod:`.deltas`): each ``schreibe`` creates or replaces an
object, each ``loesche`` removes one; files are applied in the order of their
``nachrichtenkopf`` time, then file name. Versions are told apart by the
namespace URI (2.2.x and 2.3.x are read), never by a prefix. The parse of the
untrusted bytes is hardened (:mod:`.parse`); the elements are read leniently
(:mod:`.reader`) because no public schema was available; see ``XZUFI.md`` §10.

A bad file is reported into :class:`Problems` with its line and skipped;
:func:`load_xzufi` never raises on content.
"""

from __future__ import annotations

from pathlib import Path

from efa_kb.load.xzufi.deltas import Message, apply_messages
from efa_kb.load.xzufi.parse import (
    GENERICODE_NAMESPACE,
    READ_VERSIONS,
    XZUFI_NAMESPACE,
    Refused,
    line,
    parse_bytes,
    read_bytes,
    read_code_list,
    split,
)
from efa_kb.load.xzufi.reader import read_message
from efa_kb.model.xzufi import XzufiCatalog
from efa_kb.problems import Problems

__all__ = ["load_xzufi"]


def load_xzufi(root: Path, problems: Problems) -> XzufiCatalog:
    """Read ``root/xzufi/*.xml`` and apply them in order (no folder: an empty catalog)."""
    folder = root / "xzufi"
    if not folder.is_dir():
        return XzufiCatalog()
    messages: list[Message] = []
    code_lists: dict[str, dict[str, str]] = {}
    base = root.resolve()
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() == ".xml"):
        rel = path.relative_to(root).as_posix()
        if not path.resolve().is_relative_to(base):
            problems.error(rel, None, "the file points outside the repository; not read",
                           "Replace the link by the file itself.")
            continue
        if not path.is_file():
            continue
        result = _read_file(path, rel, problems)
        if isinstance(result, Message):
            messages.append(result)
        elif isinstance(result, tuple):
            code_lists[result[0]] = result[1]
    return apply_messages(messages, code_lists)


def _read_file(
    path: Path, rel: str, problems: Problems
) -> Message | tuple[str, dict[str, str]] | None:
    """Read one file: a message, a genericode list ``(uri, codes)``, or None when skipped."""
    try:
        data = read_bytes(path)
    except OSError as exc:
        problems.error(rel, None, f"cannot read the file: {exc.strerror}")
        return None
    except Refused as refused:
        problems.error(rel, refused.line, refused.message, refused.fix)
        return None
    try:
        root = parse_bytes(data)
    except Refused as refused:
        problems.error(rel, refused.line, refused.message, refused.fix)
        return None
    namespace, local = split(root.tag)
    if namespace == GENERICODE_NAMESPACE:
        return read_code_list(root)
    if not namespace or not namespace.startswith(XZUFI_NAMESPACE):
        problems.warning(
            rel, line(root),
            f"not an XZuFi message (root element {local!r} in namespace {namespace or 'none'!r}); "
            "file skipped",
            f"Keep only XZuFi messages (namespace {XZUFI_NAMESPACE}…) and code lists in xzufi/.",
        )
        return None
    version_token = namespace[len(XZUFI_NAMESPACE):].strip("/")
    if not version_token.startswith(READ_VERSIONS):
        problems.warning(
            rel, line(root),
            f"XZuFi version {version_token.replace('_', '.')} is not supported "
            "(expected 2.2.x or 2.3.x); file skipped",
            "Export the data as XZuFi 2.2.0 or 2.3.1.",
        )
        return None
    return read_message(root, namespace, version_token.replace("_", "."), rel, problems)
