"""Read the XZuFi XML messages in ``xzufi/`` into one :class:`XzufiCatalog`.

Messages are deltas (:mod:`.deltas`): each ``schreibe`` creates or replaces an
object, each ``loesche`` removes one; files are applied in the order of their
``nachrichtenkopf`` time, then file name. Versions are told apart by the
namespace URI (2.2.x and 2.3.x are read), never by a prefix. The parse of the
untrusted bytes is hardened (:mod:`.parse`); the elements are read leniently
(:mod:`.reader`) because no public schema was available; see ``XZUFI.md`` §10.

A bad file is reported into :class:`Problems` with its line and skipped;
:func:`load_xzufi` never raises on content. The parsed catalogue can be kept
between runs (:mod:`.cache`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from pathlib import Path

from efa_kb.load.xzufi import cache as xzufi_cache
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
from efa_kb.problems import Problem, Problems

__all__ = ["load_xzufi"]


def load_xzufi(root: Path, problems: Problems, cache: Path | None = None) -> XzufiCatalog:
    """Read ``root/xzufi/*.xml`` and apply them in order (no folder: an empty catalog).

    With ``cache`` (a folder of efa-kb's cache, see :func:`efa_kb.load.cache.repository_cache`),
    the catalogue and its problems are kept there between runs and reused while no file
    changed (:mod:`.cache`).
    """
    folder = root / "xzufi"
    if not folder.is_dir():
        return XzufiCatalog()
    paths = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".xml")
    if cache is None or not xzufi_cache.usable_folder(cache):
        return _load(root, paths, problems)
    wanted = xzufi_cache.Fingerprint()
    for rel, content, _ in _read_all(root, paths):
        wanted.add(rel, content)
    hit = xzufi_cache.read_entry(cache, wanted.key())
    if hit is not None:
        catalog, found = hit
        problems.items.extend(found)
        return catalog
    own = Problems()
    parsed = xzufi_cache.Fingerprint()
    catalog = _load(root, paths, own, parsed)
    problems.extend(own)
    # Stored under the key of the bytes actually parsed: a file that changed after the
    # lookup never hands its records to the content looked up.
    xzufi_cache.write_entry(cache, parsed.key(), catalog, own.items)
    return catalog


def _read_all(root: Path, paths: list[Path]) -> Iterator[tuple[str, bytes | str, Problem | None]]:
    """Each file as ``(rel, bytes, None)``, or ``(rel, reason, problem)`` when it is not read."""
    base = root.resolve()
    for path in paths:
        rel = path.relative_to(root).as_posix()
        if not path.resolve().is_relative_to(base):
            yield rel, "outside", Problem(rel, None, "Die Datei verweist aus dem Repository hinaus; sie wird nicht gelesen",
                                          "Ersetzen Sie den Link durch die Datei selbst", code="outside-repository")
            continue
        if not path.is_file():
            continue
        try:
            yield rel, read_bytes(path), None
        except OSError as exc:
            yield rel, f"unreadable {exc.strerror}", Problem(
                rel, None, f"Die Datei kann nicht gelesen werden: {exc.strerror}", code="unreadable")
        except Refused as refused:
            yield rel, f"refused {refused.message}", Problem(
                rel, refused.line, refused.message, refused.fix, code="xzufi-refused")


PARALLEL_BYTES = 8_000_000
"""From this many bytes of XML on, the files are parsed in several processes at once."""


def _load(root: Path, paths: list[Path], problems: Problems,
          fingerprint: xzufi_cache.Fingerprint | None = None) -> XzufiCatalog:
    """The catalogue the files leave; each file as read is added to ``fingerprint``."""
    files: list[tuple[str, bytes]] = []
    for rel, content, refused in _read_all(root, paths):
        if fingerprint is not None:
            fingerprint.add(rel, content)
        if refused is not None:
            problems.items.append(refused)
            continue
        assert isinstance(content, bytes)
        files.append((rel, content))
    messages: list[Message] = []
    code_lists: dict[str, dict[str, str]] = {}
    for result, found in _read_files(files):
        problems.items.extend(found)
        if isinstance(result, Message):
            messages.append(result)
        elif isinstance(result, tuple):
            code_lists[result[0]] = result[1]
    return apply_messages(messages, code_lists)


_Read = tuple[Message | tuple[str, dict[str, str]] | None, list[Problem]]


def _read_files(files: list[tuple[str, bytes]]) -> Iterator[_Read]:
    """Each file read, in the order given; a federal catalogue (a file per state, 100 MB)
    is parsed on every core: nothing else can run before it is read."""
    cores = min(os.cpu_count() or 1, len(files))
    if cores < 2 or sum(len(content) for _, content in files) < PARALLEL_BYTES:
        yield from map(_read_one, files)
        return
    # Largest first, so that no core is left with the biggest file at the end.
    order = sorted(range(len(files)), key=lambda i: -len(files[i][1]))
    try:
        # fork: the workers start at once with everything imported; they only parse and return records.
        with ProcessPoolExecutor(cores, mp_context=get_context("fork")) as pool:
            results = dict(zip(order, pool.map(_read_one, [files[i] for i in order]), strict=True))
    except (BrokenProcessPool, OSError):  # a worker was killed, or none could start: read them here
        results = {i: _read_one(files[i]) for i in order}
    yield from (results[i] for i in range(len(files)))


def _read_one(file: tuple[str, bytes]) -> _Read:
    rel, content = file
    found = Problems()
    return _read_file(content, rel, found), found.items


def _read_file(
    data: bytes, rel: str, problems: Problems
) -> Message | tuple[str, dict[str, str]] | None:
    """Read one file: a message, a genericode list ``(uri, codes)``, or None when skipped."""
    try:
        root = parse_bytes(data)
    except Refused as refused:
        problems.error(rel, refused.line, refused.message, refused.fix, code="xzufi-refused")
        return None
    namespace, local = split(root.tag)
    if namespace == GENERICODE_NAMESPACE:
        return read_code_list(root)
    if not namespace or not namespace.startswith(XZUFI_NAMESPACE):
        problems.warning(
            rel, line(root),
            f"Keine XZuFi-Nachricht (Wurzelelement {local!r} im Namensraum {namespace or 'keiner'!r}); "
            "die Datei wird übersprungen",
            f"Legen Sie in xzufi/ nur XZuFi-Nachrichten (Namensraum {XZUFI_NAMESPACE}…) und Codelisten ab",
            code="xzufi-skipped",
        )
        return None
    version_token = namespace[len(XZUFI_NAMESPACE):].strip("/")
    if not version_token.startswith(READ_VERSIONS):
        problems.warning(
            rel, line(root),
            f"XZuFi-Version {version_token.replace('_', '.')} wird nicht unterstützt "
            "(erwartet: 2.2.x oder 2.3.x); die Datei wird übersprungen",
            "Exportieren Sie die Daten als XZuFi 2.2.0 oder 2.3.1",
            code="xzufi-skipped",
        )
        return None
    return read_message(root, namespace, version_token.replace("_", "."), rel, problems)
