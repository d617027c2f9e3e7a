"""Running MkDocs; the only module that imports it.

MkDocs is not thread-safe and keeps global state, so every build runs in a
process of its own (as mkdocs-material's projects plugin does).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path


@dataclass(frozen=True)
class MkDocsResult:
    """Outcome of one MkDocs build."""

    config: Path
    ok: bool
    messages: tuple[str, ...] = field(default=())
    """MkDocs warnings and errors, as MkDocs wrote them."""


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_one(config_file: Path) -> MkDocsResult:
    """Build one MkDocs project; never raises for a failed build."""
    from mkdocs import exceptions
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    logger.propagate = False
    try:
        config = load_config(str(config_file))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except (exceptions.MkDocsException, OSError, ValueError) as exc:
        collect.messages.append(str(exc) or type(exc).__name__)
        return MkDocsResult(config_file, False, tuple(collect.messages))
    except Exception as exc:  # noqa: BLE001 - a theme or plugin error must not crash the other states
        collect.messages.append(_describe(exc, config_file.parent))
        return MkDocsResult(config_file, False, tuple(collect.messages))
    finally:
        logger.removeHandler(collect)
    return MkDocsResult(config_file, True, tuple(collect.messages))


def _describe(exc: Exception, project: Path) -> str:
    """A one-line message; template errors name the theme file and line as the author knows it."""
    filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    if filename:
        name = Path(filename)
        try:
            name = name.relative_to(project)
        except ValueError:
            pass
        return f"{name}:{line}: {type(exc).__name__}: {message}" if line else f"{name}: {message}"
    return f"{type(exc).__name__}: {message}"


def build_all(config_files: list[Path], jobs: int | None = None) -> Iterator[MkDocsResult]:
    """Build several projects, each in its own process; results arrive as builds finish."""
    if not config_files:
        return
    workers = max(1, min(jobs or os.cpu_count() or 1, len(config_files)))
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        futures = [pool.submit(build_one, config) for config in config_files]
        for future in as_completed(futures):
            yield future.result()


def serve(config_file: Path, dev_addr: str = "127.0.0.1:8000") -> None:
    """Live preview of one project; its hooks regenerate the pages when sources change."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    mkdocs_serve(str(config_file), livereload=True, dev_addr=dev_addr)
