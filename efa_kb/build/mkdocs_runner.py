"""Running MkDocs; the only module that imports it (and its Jinja environment).

MkDocs is not thread-safe and keeps global state, so every build runs in a
process of its own (as mkdocs-material's projects plugin does).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from efa_kb.problems import ContentError, Problem


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


# -- the sidebar's current entry for pages it does not list ------------------------------------

NAV_PARENT = "efa_nav_parent"
"""Front-matter key of a page not in the navigation: the source path of the page that stands for it."""
_ACTIVATED = "_efa_activated"


def activate_nav_parent(page: Any, nav: Any) -> None:
    """Mark the page's ``efa_nav_parent`` (and so its sections) active while ``page`` is rendered."""
    source = (page.meta or {}).get(NAV_PARENT)
    if not source or page in nav.pages:
        return
    parent = next((p for p in nav.pages if p.file.src_uri == source), None)
    if parent is not None:
        parent.active = True  # MkDocs marks the sections above it active too
        setattr(page, _ACTIVATED, parent)


def deactivate_nav_parent(page: Any) -> None:
    """Undo :func:`activate_nav_parent` once the page is written."""
    parent = getattr(page, _ACTIVATED, None)
    if parent is not None:
        parent.active = False
        delattr(page, _ACTIVATED)


def serve(config_file: Path, dev_addr: str = "127.0.0.1:8000") -> None:
    """Live preview of one project; its hooks regenerate the pages when sources change."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    mkdocs_serve(str(config_file), livereload=True, dev_addr=dev_addr)


# -- rendering chosen pages only (the incident fast path) -------------------------------------

@dataclass(frozen=True)
class RenderedPages:
    """HTML of the chosen pages by path below the site root (``incidents/index.html``)."""

    pages: dict[str, bytes] = field(default_factory=dict)
    messages: tuple[str, ...] = ()
    """MkDocs warnings and errors, as MkDocs wrote them."""


class TemplateCache:
    """Compiled theme templates shared by the renderings of one run.

    Jinja compiles a theme's templates once per environment, and each state's
    project gets an environment of its own; projects written to the same folder
    one after the other share their compiled templates through this cache (Jinja
    recompiles a template whose source differs).
    """

    def __init__(self) -> None:
        import jinja2

        class _Memory(jinja2.BytecodeCache):
            def __init__(self) -> None:
                self.store: dict[str, bytes] = {}

            def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
                if bucket.key in self.store:
                    bucket.bytecode_from_string(self.store[bucket.key])

            def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
                self.store[bucket.key] = bucket.bytecode_to_string()

        self.jinja = _Memory()


def render_pages(config_file: Path, sources: Iterable[str], cache: TemplateCache | None = None) -> RenderedPages:
    """Render the pages built from ``sources`` (paths below ``docs/``) of the project ``config_file``.

    Raises :class:`ContentError` when MkDocs, the theme or a page fails.
    """
    from mkdocs.commands.build import get_context
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    wanted = set(sources)
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    propagate, logger.propagate = logger.propagate, False
    result: dict[str, bytes] = {}
    try:
        config = load_config(str(config_file))
        config.plugins.on_startup(command="build", dirty=True)
        try:
            config = config.plugins.on_config(config)
            files = get_files(config)
            env = config.theme.get_env()
            if cache:
                env.bytecode_cache = cache.jinja
            # The theme's static files are not listed: pages do not need them, and listing them
            # (Material ships thousands of icons) would cost more than rendering the pages.
            files = config.plugins.on_files(files, config=config)
            nav = get_navigation(files, config)
            nav = config.plugins.on_nav(nav, config=config, files=files)
            chosen = [f for f in files.documentation_pages() if f.src_uri in wanted]
            missing = wanted - {f.src_uri for f in chosen}
            if missing:
                raise _render_error(config_file, [f"no such page in the project: {', '.join(sorted(missing))}"])
            for file in chosen:
                page = file.page or Page(None, file, config)
                _populate(page, config, files)
            env = config.plugins.on_env(env, config=config, files=files)
            doc_files = files.documentation_pages()
            for file in chosen:
                result[file.dest_uri] = _render(file.page, config, doc_files, nav, env, get_context)
        finally:
            config.plugins.on_shutdown()
    except ContentError:
        raise
    except Exception as exc:  # a theme, plugin or Markdown error is reported, not a traceback
        raise _render_error(config_file, [*collect.messages, _describe(exc, config_file.parent)]) from exc
    finally:
        logger.removeHandler(collect)
        logger.propagate = propagate
    return RenderedPages(result, tuple(collect.messages))


def _render_error(config_file: Path, messages: list[str]) -> ContentError:
    return ContentError([Problem(config_file.parent.name, None, m) for m in messages],
                        "Seiten konnten nicht erzeugt werden; nichts wurde veröffentlicht.")


def _populate(page: Any, config: Any, files: Any) -> None:
    """Read and convert one page, with the plugin events of a full build."""
    config._current_page = page
    try:
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        page.render(config, files)
        page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
    finally:
        config._current_page = None


def _render(page: Any, config: Any, doc_files: Any, nav: Any, env: Any, get_context: Any) -> bytes:
    """One page through the theme, as MkDocs' build writes it."""
    config._current_page = page
    page.active = True
    try:
        context = get_context(nav, doc_files, config, page)
        template = env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        output = template.render(context)
        output = config.plugins.on_post_page(output, page=page, config=config)
        return output.encode("utf-8", errors="xmlcharrefreplace")
    finally:
        page.active = False
        config._current_page = None
