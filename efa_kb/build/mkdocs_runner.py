"""Running MkDocs; the only module that imports it (and its Jinja environment) or knows its internals.

MkDocs is not thread-safe and keeps global state, so every build runs in a
process of its own (as mkdocs-material's projects plugin does). A worker
process builds one state after the other and, with the speed-ups on, shares
what states have in common (:func:`install_speedups`):

- a page's Markdown → HTML conversion is kept in a content-addressed store
  (:mod:`efa_kb.load.cache`), keyed by everything the conversion reads: the
  Markdown, the page's place, the Markdown configuration and versions. The only
  thing it reads from the rest of the project is which link targets exist; those
  lookups are recorded with the result and checked before it is reused, so a
  reused conversion is exactly what MkDocs would have produced;
- one ``markdown.Markdown`` per configuration, reset between pages, instead of
  one per page;
- compiled theme templates (Jinja bytecode), once per worker and machine;
- a page's finished HTML, taken from the state's published site when everything it is
  made of is what that site's page was made of (:class:`PreviousSite`): its Markdown and
  efa-kb's blocks, its place, and the whole project but the other pages' text (the
  configuration, the navigation, the theme, the list of pages, efa-kb's code).

The speed-ups only ever skip repeated work: ``tests/test_federal.py`` builds the
same project with and without them and compares every byte.
"""

from __future__ import annotations

import json
import logging
import posixpath
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from efa_kb.build.external import ExternalReference, content_loads
from efa_kb.load.cache import Store, code_digest, digest
from efa_kb.problems import ContentError, Problem

log = logging.getLogger(__name__)

CONVERSION_FORMAT = "efa-kb-conversion-1"
"""Part of every conversion key: change it when what a conversion stores changes."""


@dataclass(frozen=True)
class MkDocsResult:
    """Outcome of one MkDocs build."""

    config: Path
    ok: bool
    messages: tuple[str, ...] = field(default=())
    """MkDocs warnings and errors, as MkDocs wrote them."""
    external: tuple[ExternalReference, ...] = ()
    """Loads from another host found in the pages' content (path relative to the site)."""
    pages: int = 0
    """Documentation pages built."""
    seconds: float = 0.0
    """How long the build took."""
    page_keys: dict[str, str] = field(default_factory=dict)
    """Per page (path below the site), the key of what it was made of (see :class:`PreviousSite`)."""
    reused: int = 0
    """Pages taken from the previous site instead of being rendered."""


@dataclass(frozen=True)
class PreviousSite:
    """The state's published site and, per page, the key of what the page was made of."""

    folder: Path
    page_keys: dict[str, str]


@dataclass(frozen=True)
class Progress:
    """A worker's report: ``done`` of ``total`` steps (converting and writing each page)."""

    config: Path
    done: int
    total: int


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


# -- what the hooks of the build being run report back ------------------------------------------


@dataclass
class _Run:
    """The build this process is running: for progress and the content guard."""

    config: Path
    total: int = 0
    done: int = 0
    external: list[ExternalReference] = field(default_factory=list)
    loads: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    """Per page (src URI), loads from another host its content has: (url, what)."""
    previous: PreviousSite | None = None
    project_key: str = ""
    """Everything a page is made of but its own text (empty: pages are not reused)."""
    page_keys: dict[str, str] = field(default_factory=dict)
    reused: int = 0


_RUN: _Run | None = None
_PROGRESS: Any = None
"""The queue a worker reports progress to (set by the pool's initializer)."""
PROGRESS_EVERY = 100


def _step() -> None:
    if _RUN is None:
        return
    _RUN.done += 1
    if _PROGRESS is not None and (_RUN.done % PROGRESS_EVERY == 0 or _RUN.done == _RUN.total):
        _PROGRESS.put(Progress(_RUN.config, _RUN.done, _RUN.total))


def note_content(page: Any, html: str) -> None:
    """Called by the site hook with a page's sanitised content: remember what it loads from elsewhere."""
    found = content_loads(html)
    if found and _RUN is not None:
        _RUN.loads[page.file.src_uri] = found


def clean_toc(page: Any, clean: Any) -> None:
    """Make every title in the page's table of contents ``clean(title)``.

    Headings come from untrusted Markdown, and a heading's ``data-toc-label`` reaches
    the table of contents (which the theme writes as HTML) without the sanitiser.
    """
    stack = list(page.toc or [])
    while stack:
        link = stack.pop()
        link.title = clean(link.title)
        stack.extend(link.children)


def note_output(page: Any, output: str) -> None:
    """Called by the site hook with a finished page: report its loads with their line, count it."""
    if _RUN is not None:
        for url, what in _RUN.loads.pop(page.file.src_uri, ()):
            at = output.find(url)
            line = output.count("\n", 0, at) + 1 if at >= 0 else 1
            _RUN.external.append(ExternalReference(page.file.dest_uri, line, url, what))
    _step()


# -- building projects --------------------------------------------------------------------------


def build_one(config_file: Path, previous: PreviousSite | None = None, layout: str = "") -> MkDocsResult:
    """Build one MkDocs project; never raises for a failed build.

    With the speed-ups on and the project's ``layout`` given (the digest of its
    configuration, navigation and theme: :func:`efa_kb.build.project_files.layout_digest`),
    each page's key is recorded, and pages of ``previous`` made of the same are copied,
    not rendered.
    """
    global _RUN
    from mkdocs import exceptions
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    logger.propagate = False
    run = _RUN = _Run(config_file, total=2 * _count_pages(config_file), previous=previous)
    if _INSTALLED and layout:
        run.project_key = _project_key(config_file, layout)
    started = time.monotonic()
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
        _RUN = None
    return MkDocsResult(config_file, True, tuple(collect.messages), tuple(run.external), run.total // 2,
                        time.monotonic() - started, run.page_keys, run.reused)


def _count_pages(config_file: Path) -> int:
    docs = config_file.parent / "docs"
    return sum(1 for _ in docs.rglob("*.md")) if docs.is_dir() else 0


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


def worker_init(progress: Any, speedups: bool, cache_dir: Path | None) -> None:
    """Set up a worker process (see :mod:`efa_kb.build.workers`)."""
    global _PROGRESS
    _PROGRESS = progress
    if speedups:
        install_speedups(cache_dir)


def serve(config_file: Path, dev_addr: str = "127.0.0.1:8000") -> None:
    """Live preview of one project; its hooks regenerate the pages when sources change."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    mkdocs_serve(str(config_file), livereload=True, dev_addr=dev_addr)


# -- the speed-ups --------------------------------------------------------------------------------

_INSTALLED = False
_CONVERSIONS = Store(None)
_MEMORY: dict[str, Any] = {}
"""Conversions of this process, by key (a worker builds several states one after the other)."""
_MARKDOWN: dict[str, Any] = {}
"""One ``markdown.Markdown`` per extension configuration."""
MEMORY_LIMIT = 20_000


def install_speedups(cache_dir: Path | None) -> None:
    """Make this process's MkDocs builds reuse conversions and compiled templates (idempotent)."""
    global _INSTALLED, _CONVERSIONS
    if _INSTALLED:
        return
    import jinja2
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.structure.pages import Page
    from mkdocs.theme import Theme

    _CONVERSIONS = Store(cache_dir / "conversions" if cache_dir else None)
    bytecode: jinja2.BytecodeCache
    bytecode = TemplateCache(cache_dir / "jinja" if cache_dir else None).jinja
    plain_env = Theme.get_env

    def get_env(theme: Any) -> Any:
        env = plain_env(theme)
        env.bytecode_cache = bytecode
        return env

    Theme.get_env = get_env  # type: ignore[method-assign,assignment]
    Page.render = _render_page  # type: ignore[method-assign,assignment]
    mkdocs_build._build_page = _reusing(mkdocs_build._build_page)
    _INSTALLED = True


def _memory_bytecode() -> Any:
    """A Jinja bytecode cache that keeps compiled templates in this process."""
    import jinja2

    class MemoryBytecode(jinja2.BytecodeCache):
        def __init__(self) -> None:
            self.store: dict[str, bytes] = {}

        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            if bucket.key in self.store:
                bucket.bytecode_from_string(self.store[bucket.key])

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            self.store[bucket.key] = bucket.bytecode_to_string()

    return MemoryBytecode()


class _RecordingFiles:
    """The project's files as a page's conversion sees them, recording every lookup."""

    def __init__(self, files: Any) -> None:
        self._files = files
        self.lookups: list[tuple[str, str | None]] = []

    def get_file_from_path(self, path: str) -> Any:
        found = self._files.get_file_from_path(path)
        self.lookups.append((path, found.url if found is not None else None))
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self._files, name)


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelno, record.getMessage()))


@lru_cache(maxsize=1)
def _converter_versions() -> tuple[str, ...]:
    from importlib.metadata import version

    return tuple(version(name) for name in ("mkdocs", "markdown", "pymdown-extensions"))


def _extensions_key(config: Any) -> str:
    links = config.validation.links
    return json.dumps([
        CONVERSION_FORMAT, *_converter_versions(),
        config["markdown_extensions"], config["mdx_configs"], config["use_directory_urls"],
        int(links.absolute_links), int(links.not_found), int(links.unrecognized_links),
    ], sort_keys=True, default=repr)


def _render_page(page: Any, config: Any, files: Any) -> None:
    """``Page.render`` with conversions reused when nothing they read has changed."""
    from mkdocs.structure import pages as mkdocs_pages

    extensions = _extensions_key(config)
    with_anchors = mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG
    file = page.file
    key = digest(extensions, page.markdown, file.src_uri, file.dest_uri, file.url,
                 str(file.inclusion), str(with_anchors))
    entry = _MEMORY.get(key) or _CONVERSIONS.get(key)
    if entry is not None and all(_url_of(files, path) == url for path, url in entry["lookups"]):
        _apply(page, entry, files, with_anchors)
        for level, message in entry["logs"]:
            mkdocs_pages.log.log(level, message)
    else:
        entry = _convert(page, config, files, extensions, with_anchors)
        _CONVERSIONS.put(key, entry)
    if len(_MEMORY) < MEMORY_LIMIT:
        _MEMORY[key] = entry
    _step()


def _url_of(files: Any, path: str) -> str | None:
    found = files.get_file_from_path(path)
    return found.url if found is not None else None


def _convert(page: Any, config: Any, files: Any, extensions: str, with_anchors: bool) -> dict[str, Any]:
    """What ``Page.render`` does, with one Markdown instance per configuration; returns the entry."""
    import markdown  # type: ignore[import-untyped]
    from mkdocs.structure import pages as mkdocs_pages

    md = _MARKDOWN.get(extensions)
    if md is None:
        md = _MARKDOWN[extensions] = markdown.Markdown(
            extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {})
    md.reset()
    recording: Any = _RecordingFiles(files)
    raw_html = mkdocs_pages._RawHTMLPreprocessor()
    raw_html._register(md)
    anchors = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, recording, config)
    anchors._register(md)
    relative = mkdocs_pages._RelativePathTreeprocessor(page.file, recording, config)
    relative._register(md)
    title = mkdocs_pages._ExtractTitleTreeprocessor()
    title._register(md)
    recorder = _Recorder()
    mkdocs_pages.log.addHandler(recorder)
    try:
        content = md.convert(page.markdown)
    finally:
        mkdocs_pages.log.removeHandler(recorder)
    entry = {
        "content": content,
        "toc": getattr(md, "toc_tokens", []),
        "title": title.title,
        "anchors": sorted(anchors.present_anchor_ids | raw_html.present_anchor_ids),
        "links": {f.src_uri: links for f, links in relative.links_to_anchors.items()},
        "lookups": recording.lookups,
        "logs": recorder.records,
    }
    _apply(page, entry, files, with_anchors)
    return entry


def _apply(page: Any, entry: dict[str, Any], files: Any, with_anchors: bool) -> None:
    from mkdocs.structure.toc import get_toc

    page.content = entry["content"]
    page.toc = get_toc(entry["toc"])
    page._title_from_render = entry["title"]
    page.present_anchor_ids = set(entry["anchors"])
    if with_anchors:
        page.links_to_anchors = {files.get_file_from_path(src): links for src, links in entry["links"].items()}


# -- pages taken from the previous site -----------------------------------------------------------

def _project_key(config_file: Path, layout: str) -> str:
    """A digest of everything in the project a page is made of, the other pages' text aside.

    The project's layout (configuration chain, navigation, theme), which pages exist (a
    page's links and its neighbours depend on that), efa-kb's code and the versions of
    what renders.
    """
    docs = config_file.parent / "docs"
    pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file())
    return digest(code_digest(), layout, *pages)


def _reusing(plain: Any) -> Any:
    """MkDocs' ``_build_page``, copying a page of the previous site when it was made of the same."""

    def build_page(page: Any, config: Any, doc_files: Any, nav: Any, env: Any, dirty: bool = False,
                   excluded: bool = False) -> None:
        run = _RUN
        if run is None or not run.project_key:
            plain(page, config, doc_files, nav, env, dirty, excluded)
            return
        file = page.file
        key = digest(run.project_key, file.src_uri, file.dest_uri, str(excluded), page.markdown,
                     *getattr(page, "efa_parts", ()), json.dumps(page.meta, sort_keys=True, default=str))
        previous = run.previous
        if previous is not None and previous.page_keys.get(file.dest_uri) == key and file.src_uri not in run.loads:
            try:
                data = (previous.folder / file.dest_uri).read_bytes()
            except OSError:
                data = None
            if data is not None:
                Path(file.abs_dest_path).parent.mkdir(parents=True, exist_ok=True)
                Path(file.abs_dest_path).write_bytes(data)
                run.page_keys[file.dest_uri] = key
                run.reused += 1
                _step()
                return
        plain(page, config, doc_files, nav, env, dirty, excluded)
        run.page_keys[file.dest_uri] = key

    return build_page


# -- theme blocks the same on many pages ---------------------------------------------------------

class ThemeBlocks:
    """Theme blocks rendered once per build for all pages that see the same of them.

    The theme's ``main.html`` writes ``{{ efa_once(super, "styles", base_url, page is none) }}``
    for a block whose output depends on nothing but what is given after the name: here, the
    asset links and the configuration script, which differ only with the page's depth. With
    the speed-ups off, or when ``cached`` is False (a repository's own templates, which may
    read anything), every block is rendered for every page.
    """

    def __init__(self, cached: bool, uncached_names: frozenset[str] = frozenset()):
        self.cached = cached and _INSTALLED
        self.uncached_names = uncached_names
        self.rendered: dict[tuple[Any, ...], Any] = {}

    def __call__(self, block: Any, name: str, *key: Any) -> Any:
        if not self.cached or name in self.uncached_names:
            return block()
        found = self.rendered.get((name, *key))
        if found is None:
            found = self.rendered[(name, *key)] = block()
        return found


# -- the navigation and the sidebar --------------------------------------------------------------

NAV_FILE = "nav.json"
"""The project's navigation, beside its mkdocs.yml (see :func:`read_nav_file`)."""


def read_nav_file(config: Any) -> Any:
    """Set ``nav`` from the JSON file beside the configuration (called by the site hook's on_config)."""
    path = Path(config.config_file_path).with_name(NAV_FILE)
    if path.is_file():
        config["nav"] = json.loads(path.read_text(encoding="utf-8"))
    return config


NAV_PARENT = "efa_nav_parent"
"""Front-matter key of a page not in the navigation: the source path of the page that stands for it."""
TOC = None
"""Where the current page's table of contents goes in what :func:`sidebar` returns."""


def sidebar(nav: Any, page: Any, features: list[str], base_url: str) -> list[str | None]:
    """The primary navigation's list items for ``page``, as Material's macros would write them.

    Every service is one link to its overview; only the current one is open. A page
    the navigation does not list marks its ``efa_nav_parent`` as current instead.
    Returns HTML pieces; :data:`TOC` stands where the theme includes the page's
    table of contents (``toc.integrate``). Written in Python because the sidebar is
    on every page of every state and Jinja macros cost more than the rest of a page.
    """
    listed = _nav_pages(nav)
    current = None
    if page is not None:
        current = page if page.file.src_uri in listed else listed.get(_parent_source(page) or "")
    trail = _ancestors(current)
    url = _url_maker(page, base_url)
    parts: list[str | None] = []
    for number, item in enumerate(nav.items, 1):
        children = item.children or []
        first = children[0] if children else None
        is_service = first is not None and (first.url or "").startswith("services/")
        if item.is_section and is_service and id(item) not in trail:
            parts.append(f'<li class="md-nav__item md-nav__item--pruned md-nav__item--nested">'
                         f'<a href="{url(_first_page(item))}" class="md-nav__link">{_label(item)}'
                         f'<span class="md-nav__icon md-icon"></span></a></li>')
        else:
            _item(parts, item, page, trail, f"__nav_{number}", 1, features, url)
    return parts


def _item(parts: list[str | None], item: Any, page: Any, trail: set[int], path: str, level: int,
          features: list[str], url: Any) -> None:
    active = id(item) in trail
    if item.is_section:
        is_section = level == 1 and "navigation.sections" in features
        css = "md-nav__item" + (" md-nav__item--active" if active else "")
        css += " md-nav__item--section" if is_section else ""
        tabindex = "" if is_section else "0"
        parts.append(
            f'<li class="{css} md-nav__item--nested">'
            f'<input class="md-nav__toggle md-toggle " type="checkbox" id="{path}"{" checked" if active else ""}>'
            f'<label class="md-nav__link" for="{path}" id="{path}_label" tabindex="{tabindex}">{_label(item)}'
            f'<span class="md-nav__icon md-icon"></span></label>'
            f'<nav class="md-nav" data-md-level="{level}" aria-labelledby="{path}_label" '
            f'aria-expanded="{"true" if active else "false"}">'
            f'<label class="md-nav__title" for="{path}"><span class="md-nav__icon md-icon"></span>{item.title}</label>'
            f'<ul class="md-nav__list" data-md-scrollfix>')
        for number, child in enumerate(item.children, 1):
            _item(parts, child, page, trail, f"{path}_{number}", level + 1, features, url)
        parts.append("</ul></nav></li>")
    elif item is page:
        toc = _toc_of(page)
        parts.append('<li class="md-nav__item md-nav__item--active">'
                     '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">')
        if toc:
            parts.append(f'<label class="md-nav__link md-nav__link--active" for="__toc">{_label(item)}'
                         '<span class="md-nav__icon md-icon"></span></label>')
        parts.append(f'<a href="{url(item)}" class="md-nav__link md-nav__link--active">{_label(item)}</a>')
        if toc:
            parts.append(TOC)
        parts.append("</li>")
    else:
        css = "md-nav__item" + (" md-nav__item--active" if active else "")
        parts.append(f'<li class="{css}"><a href="{url(item)}" class="md-nav__link">{_label(item)}</a></li>')


def _label(item: Any) -> str:
    return f'<span class="md-ellipsis">{item.title}</span>'


def _toc_of(page: Any) -> list[Any]:
    toc = list(page.toc or [])
    if toc and toc[0].level == 1:
        toc = list(toc[0].children)
    return toc


def _first_page(section: Any) -> Any:
    first = section.children[0]
    return _first_page(first) if first.is_section else first


def _url_maker(page: Any, base_url: str) -> Any:
    """``url(item)``: the item's URL relative to ``page``, as MkDocs' ``url`` filter gives it."""
    from mkdocs.utils import normalize_url

    own = page.url if page is not None else None
    folder = posixpath.dirname(own.rstrip("/")) if own is not None else None

    def url(item: Any) -> str:
        target = item.url
        if own is None or target.startswith(own):
            return str(normalize_url(target, page=page, base=base_url))
        # Pages in one folder see every target outside themselves at the same relative URL.
        key = (folder, len(own.split("/")), target)
        found = _RELATIVE.get(key)
        if found is None:
            found = _RELATIVE[key] = str(normalize_url(target, page=page, base=base_url))
        return found

    return url


_RELATIVE: dict[tuple[str | None, int, str], str] = {}


def _nav_pages(nav: Any) -> dict[str, Any]:
    """The pages in the navigation by source path (built once per nav; MkDocs pages are not hashable)."""
    known = getattr(nav, "_efa_pages", None)
    if known is None:
        known = {item.file.src_uri: item for item in nav.pages}
        nav._efa_pages = known
    return known


def _parent_source(page: Any) -> str | None:
    source = (page.meta or {}).get(NAV_PARENT)
    return source if isinstance(source, str) else None


def _ancestors(item: Any) -> set[int]:
    """Identities of ``item`` and the sections above it."""
    found: set[int] = set()
    while item is not None:
        found.add(id(item))
        item = item.parent
    return found


# -- rendering chosen pages only (the incident fast path) -------------------------------------

@dataclass(frozen=True)
class RenderedPages:
    """HTML of the chosen pages by path below the site root (``incidents/index.html``)."""

    pages: dict[str, bytes] = field(default_factory=dict)
    messages: tuple[str, ...] = ()
    """MkDocs warnings and errors, as MkDocs wrote them."""


class TemplateCache:
    """Compiled theme templates shared by the renderings of one run (and, in ``folder``, of later runs).

    Jinja compiles a theme's templates once per environment, and each state's
    project gets an environment of its own; renderings share their compiled
    templates through this cache (Jinja recompiles a template whose source differs).
    """

    def __init__(self, folder: Path | None = None) -> None:
        import jinja2

        self.jinja: Any = _memory_bytecode()
        if folder is not None:
            try:
                folder.mkdir(parents=True, exist_ok=True)
                self.jinja = jinja2.FileSystemBytecodeCache(str(folder))
            except OSError:
                pass


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
    started = time.monotonic()
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
                raise _render_error(config_file, [f"Diese Seiten gibt es im Projekt nicht: {', '.join(sorted(missing))}"])
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
    log.debug("rendered %d pages of %s in %.2f s", len(result), config_file, time.monotonic() - started)
    return RenderedPages(result, tuple(collect.messages))


def _render_error(config_file: Path, messages: list[str]) -> ContentError:
    return ContentError([Problem(config_file.parent.name, None, m, code="mkdocs") for m in messages],
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
