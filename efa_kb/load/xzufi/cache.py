"""The parsed XZuFi catalogue kept between runs, keyed by what it was made from.

Reading thousands of Leistungen takes seconds; the files rarely change between
two builds. An entry holds the :class:`XzufiCatalog` and every problem the read
reported, so that a hit reports exactly what the parse did. It is found by a
:class:`Fingerprint` over :data:`FORMAT`, the efa-kb version, the source of the
modules that make the catalogue, the parser libraries' versions and limits, and
every ``xzufi/*.xml`` file's name and bytes (:class:`Fingerprint`): an entry is
either right or never looked up again.

An entry is trusted no more than the files it was made from (whoever can write
the cache folder can plant one), so it is data, never code (JSON, no pickle), is
decoded against the record types field by field, and must hold what the reader
itself would have produced: sanitised HTML and checked links (:func:`decode`). Anything else, like a file that
cannot be read, is a miss; the entry is then written anew. Writes go to a temporary
file that is renamed into place, so two builds at once never read half an entry;
a folder that cannot be written only costs speed.
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import json
import logging
import os
import stat
import tempfile
import types
import zlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import fields, is_dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

from efa_kb import __version__
from efa_kb.load.sanitize import is_clean_html, safe_url
from efa_kb.load.xzufi import parse
from efa_kb.model import xzufi as records
from efa_kb.model.xzufi import XzufiCatalog
from efa_kb.problems import Problem

log = logging.getLogger(__name__)

FORMAT = 1
"""Version of the entry layout; bump it when the reader or the records change (the key also
covers the reader's source, as a safety net for a forgotten bump)."""
KEEP = 3
"""Entries kept in the folder (the newest): switching between branches stays fast."""
MAX_ENTRY_BYTES = 1024 * 1024 * 1024
"""Largest entry read, compressed and uncompressed (1 GiB): a larger one is not an entry of ours."""
SUFFIX = ".json.gz"

_PACKAGE = Path(__file__).resolve().parents[2]
_SOURCES = ("load/xzufi", "load/sanitize.py", "load/values.py", "model/xzufi.py", "problems.py")
"""The code a catalogue depends on, below the package: a change to it is a new key."""
_LIBRARIES = ("lxml", "nh3")


class Corrupt(Exception):
    """An entry that is not what this module writes."""


# --- the key ----------------------------------------------------------------------


class Fingerprint:
    """The key of the catalogue made from the files added, in reading order."""

    def __init__(self) -> None:
        self._digest = hashlib.sha256()
        for part in (str(FORMAT), __version__, _code_digest(), _limits()):
            _feed(self._digest, part.encode("utf-8"))

    def add(self, name: str, content: bytes | str) -> None:
        """A file as read: its bytes, or the reason it was not read (which keys its outcome)."""
        _feed(self._digest, name.encode("utf-8"))
        if isinstance(content, bytes):
            _feed(self._digest, b"bytes")
            _feed(self._digest, content)
        else:
            _feed(self._digest, b"not read")
            _feed(self._digest, content.encode("utf-8"))

    def key(self) -> str:
        """The key, as hex digits."""
        return self._digest.hexdigest()


def _feed(digest: Any, data: bytes) -> None:
    # Length-prefixed, so that no two different lists of parts make the same stream.
    digest.update(len(data).to_bytes(8, "big"))
    digest.update(data)


@cache
def _code_digest() -> str:
    """The reader's own source and its libraries' versions.

    With an editable install the version number stays the same while the code
    changes; a forgotten bump of :data:`FORMAT` must not serve stale records.
    """
    digest = hashlib.sha256()
    for name in _SOURCES:
        target = _PACKAGE / name
        for path in sorted(target.rglob("*.py")) if target.is_dir() else [target]:
            _feed(digest, path.relative_to(_PACKAGE).as_posix().encode("utf-8"))
            _feed(digest, path.read_bytes())
    for library in _LIBRARIES:
        try:
            _feed(digest, f"{library} {version(library)}".encode())
        except PackageNotFoundError:
            _feed(digest, library.encode())
    return digest.hexdigest()


def _limits() -> str:
    """The parse limits in force (tests and callers may lower them)."""
    return f"{parse.MAX_BYTES}:{parse.MAX_DEPTH}"


# --- the folder -------------------------------------------------------------------


def usable_folder(folder: Path) -> bool:
    """True when ``folder`` exists or could be made (it lies in efa-kb's cache, outside any repository)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return folder.is_dir()
    except OSError as exc:
        log.info("XZuFi cache folder %s is not usable (%s); reading without it", folder, exc)
        return False


def read_entry(folder: Path, key: str) -> tuple[XzufiCatalog, list[Problem]] | None:
    """The catalogue and problems stored under ``key``, or None (missing or unusable)."""
    path = folder / f"{key}{SUFFIX}"
    try:
        data = _read_regular_file(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.info("XZuFi cache entry %s cannot be read (%s); reading the files", path.name, exc)
        return None
    try:
        with _without_cyclic_collection():
            entry = decode(json.loads(_inflate(data)), key)
    except (Corrupt, ValueError, TypeError, RecursionError, zlib.error) as exc:
        log.info("XZuFi cache entry %s is unusable (%s); reading the files", path.name, exc)
        return None
    with suppress(OSError):
        os.utime(path)  # used: the newest are kept
    return entry


def _inflate(data: bytes) -> bytes:
    """The gzip ``data`` uncompressed, at most :data:`MAX_ENTRY_BYTES` of it."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    inflated = inflater.decompress(data, MAX_ENTRY_BYTES)
    if inflater.unconsumed_tail or not inflater.eof:
        raise Corrupt("truncated, or larger than an entry can be")
    return inflated


def _read_regular_file(path: Path) -> bytes:
    """The bytes of ``path`` if it is a regular file, never following a link or blocking."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    descriptor = os.open(path, flags)
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_ENTRY_BYTES:
            raise OSError("not a regular file of a sensible size")
        return handle.read(MAX_ENTRY_BYTES + 1)


def write_entry(folder: Path, key: str, catalog: XzufiCatalog, problems: list[Problem]) -> None:
    """Store the entry atomically and drop all but the newest :data:`KEEP`; errors only log."""
    with _without_cyclic_collection():
        text = json.dumps(encode(catalog, problems, key), ensure_ascii=False, separators=(",", ":"))
    data = gzip.compress(text.encode("utf-8"), compresslevel=1, mtime=0)
    temporary = None
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".entry-", suffix=".tmp",
                                         delete=False) as handle:
            temporary = Path(handle.name)
            handle.write(data)
        os.replace(temporary, folder / f"{key}{SUFFIX}")
        temporary = None
        _prune(folder)
    except OSError as exc:
        log.info("XZuFi cache entry not written to %s (%s)", folder, exc)
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)


@contextmanager
def _without_cyclic_collection() -> Iterator[None]:
    """Encoding or decoding an entry makes about a million objects, none in a cycle: the
    cyclic collector would walk the growing heap again and again (four times the work)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _prune(folder: Path) -> None:
    entries = []
    for path in folder.glob(f"*{SUFFIX}"):
        try:
            entries.append((path.lstat().st_mtime_ns, path.name, path))
        except OSError:
            continue
    for _, _, path in sorted(entries, reverse=True)[KEEP:]:
        path.unlink(missing_ok=True)


# --- the entry as JSON ------------------------------------------------------------


def encode(catalog: XzufiCatalog, problems: list[Problem], key: str) -> dict[str, Any]:
    """The entry as JSON data: records as lists of their fields, mappings as lists of pairs."""
    return {
        "format": FORMAT,
        "key": key,
        "catalog": _encode(catalog),
        "problems": [_encode(problem) for problem in problems],
    }


def _encode(value: Any) -> Any:
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    names = _FIELD_NAMES.get(kind)
    if names is None and is_dataclass(kind):
        names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(kind))
    if names is not None:
        slots = value.__dict__
        return [_encode(slots[name]) for name in names]
    if kind is tuple:
        return [_encode(item) for item in value]
    if isinstance(value, Mapping):
        return [[_encode(k), _encode(v)] for k, v in value.items()]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot store {kind.__name__} in the XZuFi cache")


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def decode(data: Any, key: str) -> tuple[XzufiCatalog, list[Problem]]:
    """The entry from JSON data; :class:`Corrupt` unless it is one this module wrote for ``key``.

    Every value is checked against its field's type, every HTML field must be
    sanitised and every link checked, as the reader leaves them.
    """
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key:
        raise Corrupt("another format or key")
    catalog = _decoder(XzufiCatalog)(data.get("catalog"))
    problems = _decoder(tuple[Problem, ...])(data.get("problems"))
    return catalog, list(problems)


Decoder = Callable[[Any], Any]

_HTML_FIELDS = {
    (records.TextModule, "html"), (records.Deadline, "description_html"),
    (records.DeadlineModule, "description_html"), (records.Cost, "description_html"),
    (records.CostModule, "description_html"),
}
"""Fields holding sanitised HTML: an entry must hold exactly what the sanitiser gives."""


@cache
def _decoder(kind: Any) -> Decoder:
    """A checking decoder for values of type ``kind`` (built once per type)."""
    origin = get_origin(kind)
    if origin in (Union, types.UnionType):
        inner = [_decoder(arg) for arg in get_args(kind) if arg is not type(None)]
        if len(inner) != 1:
            raise TypeError(f"no decoder for {kind}")
        return _optional(inner[0])
    if origin is tuple:
        return _sequence(_decoder(get_args(kind)[0]))
    if origin in (Mapping, dict):
        key_type, value_type = get_args(kind)
        return _pairs(_decoder(key_type), _decoder(value_type))
    if isinstance(kind, type) and issubclass(kind, Enum):
        return lambda value: kind(_checked(value, str))
    if kind in (str, int, bool):
        return lambda value: _checked(value, kind)
    if kind is Decimal:
        return _decimal
    if kind is date:
        return lambda value: date.fromisoformat(_checked(value, str))
    if isinstance(kind, type) and is_dataclass(kind):
        return _record(kind)
    raise TypeError(f"no decoder for {kind}")


def _checked(value: Any, kind: type) -> Any:
    if type(value) is not kind:
        raise Corrupt(f"expected {kind.__name__}, found {type(value).__name__}")
    return value


def _optional(inner: Decoder) -> Decoder:
    return lambda value: None if value is None else inner(value)


def _sequence(inner: Decoder) -> Decoder:
    return lambda value: tuple(inner(item) for item in _checked(value, list))


def _pairs(keys: Decoder, values: Decoder) -> Decoder:
    def decode_pairs(value: Any) -> dict[Any, Any]:
        found = {}
        for pair in _checked(value, list):
            if type(pair) is not list or len(pair) != 2:
                raise Corrupt("expected a [key, value] pair")
            found[keys(pair[0])] = values(pair[1])
        return found

    return decode_pairs


def _decimal(value: Any) -> Decimal:
    try:
        return Decimal(_checked(value, str))
    except InvalidOperation:
        raise Corrupt(f"{value!r} is not a number") from None


def _record(kind: type) -> Decoder:
    hints = get_type_hints(kind)
    names = tuple(f.name for f in fields(kind))
    # Plain fields (text, numbers, flags) are only type-checked, in the loop itself:
    # an entry has hundreds of thousands of them.
    plain = tuple(_plain_type(hints[name]) for name in names)
    decoders = tuple(None if simple else _decoder(hints[name])
                     for name, simple in zip(names, plain, strict=True))
    html = tuple(index for index, name in enumerate(names) if (kind, name) in _HTML_FIELDS)
    checks_url = kind is records.Link
    width = len(names)

    def decode_record(value: Any) -> Any:
        if type(value) is not list or len(value) != width:
            raise Corrupt(f"expected {kind.__name__} as a list of {width} fields")
        built = []
        for item, simple, decoder in zip(value, plain, decoders, strict=True):
            if decoder is not None:
                item = decoder(item)
            elif type(item) not in simple:
                raise Corrupt(f"{kind.__name__}: expected {simple}, found {type(item).__name__}")
            built.append(item)
        for index in html:
            if not is_clean_html(built[index]):
                raise Corrupt(f"{kind.__name__}.{names[index]} is not sanitised HTML")
        if checks_url and safe_url(built[0]) != built[0]:
            raise Corrupt("a link that is not an absolute http(s) or mailto address")
        # The records are frozen dataclasses without __post_init__: filling the instance
        # dictionary is what their __init__ does, a field at a time and far slower.
        record: Any = object.__new__(kind)
        record.__dict__.update(zip(names, built, strict=True))
        return record

    return decode_record


def _plain_type(kind: Any) -> tuple[type, ...]:
    """The JSON types a field of type ``kind`` is stored as when it is a plain value, else ()."""
    options = get_args(kind) if get_origin(kind) in (Union, types.UnionType) else (kind,)
    if all(option in (str, int, bool, type(None)) for option in options):
        return tuple(options)
    return ()
