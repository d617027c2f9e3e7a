"""The incident fast path: publish incidents without rebuilding the sites.

An incident must not wait for a full build. :func:`publish_incidents` reads only
the incidents, ``state.yml`` and ``service.yml`` files and, for every state whose
built site shows an outdated picture of its incidents, rewrites only the
incident artifacts: the incident pages
(``incidents/<stem>/``), the overview (``incidents/``), the Atom and JSON feeds
and ``active.json``, from which every other page of the site refreshes its
banners when it loads. Pages are rendered through MkDocs in the project the
last full build of that site left behind (its navigation and page list), so they
equal what a full build writes; a site without that project needs a full build
first. Every file is replaced
atomically, pages before the feeds, so a reader never sees a banner linking to
a page that is not there yet. Nothing else in the site is touched: the banners
rendered into the other pages (the fallback without JavaScript), the search
index and the sitemap catch up with the next full build.

A state counts as changed when one of its feeds would change (they carry every
incident fact the pages show) or its incident pages are missing or stale.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from efa_kb.build.feeds import write_changed
from efa_kb.build.mkdocs_runner import RenderedPages, TemplateCache, render_pages
from efa_kb.build.publish import output_lock, published_fingerprint, writing_error
from efa_kb.load.cache import cache_root
from efa_kb.merge.state_view import StateView
from efa_kb.pipeline import load_incident_views, project_folder
from efa_kb.problems import Problems, counted
from efa_kb.render.feeds import FEED_FILES, feed_files
from efa_kb.render.incidents import (
    INDEX_SOURCE,
    incident_source,
    render_incident,
    render_incident_index,
)

log = logging.getLogger(__name__)

Progress = Callable[[str], None]

_PAGE_FOLDER = re.compile(r"\d{4}-\d{2}-\d{2}-[a-z0-9][a-z0-9-]*")


@dataclass
class PublishReport:
    """What the fast path did, state by state."""

    written: dict[str, list[str]] = field(default_factory=dict)
    """Files rewritten per state, relative to the state's site."""
    removed: dict[str, list[str]] = field(default_factory=dict)
    """Pages of incidents that no longer concern the state, removed."""
    unchanged: list[str] = field(default_factory=list)
    unbuilt: list[str] = field(default_factory=list)
    """States without a built site: they need a full build first."""
    messages: dict[str, list[str]] = field(default_factory=dict)
    """MkDocs warnings per state."""
    problems: Problems = field(default_factory=Problems)


def publish_incidents(root: Path, out: Path, states: list[str] | None = None, force: bool = False,
                      progress: Progress = log.info) -> PublishReport:
    """Bring the incident artifacts of the built sites in ``out`` up to date; see the module docstring."""
    root, out = root.resolve(), out.resolve()
    views, problems = load_incident_views(root, states)
    report = PublishReport(problems=problems)
    with output_lock(out, wait=True):  # a running full build finishes first; publishing then is seconds
        try:
            jobs: dict[str, _Job] = {}
            previous: dict[Path, str | None] = {}
            try:
                for code, view in views.items():
                    job = _prepare_state(out / code, view, project_folder(out, code), force, report, progress,
                                         previous)
                    if job is not None:
                        jobs[code] = job
                rendered = _render_states(jobs)
            except BaseException:
                # The sources go back to what the published pages were made of: otherwise the
                # next run would take them for published and leave the old pages in place.
                _restore(previous)
                raise
            for code, pages in rendered.items():
                _write_state(out / code, code, jobs[code], pages, report, progress)
        except OSError as exc:
            raise writing_error(exc, out) from None
    return report


@dataclass(frozen=True)
class _Job:
    """What one state's incident artifacts need: pages to render, feeds and pages to remove."""

    folder: Path
    """The MkDocs project the last full build left."""
    sources: list[str]
    """Pages to render, below ``docs/``."""
    feeds: dict[str, bytes]
    stale: list[str]
    """Built pages of incidents the state no longer has."""


def _prepare_state(site: Path, view: StateView, folder: Path, force: bool, report: PublishReport,
                   progress: Progress, previous: dict[Path, str | None]) -> _Job | None:
    """The incident sources of one state's project brought up to date, and what else is to
    write; None when the state has no built site or its incident artifacts are current. What
    the sources held before goes into ``previous`` (None: there was none)."""
    code = view.state.code
    if not (site / "index.html").is_file() or not (folder / "mkdocs.yml").is_file():
        report.unbuilt.append(code)
        progress(f"[{code}] noch keine gebaute Website in {site}")
        return None
    stale, feeds = _stale_pages(view, site), feed_files(view)
    if not force and not stale and _current(site, feeds) and _pages_exist(view, site):
        report.unchanged.append(code)
        progress(f"[{code}] Störungsmeldungen sind aktuell")
        return None
    sources = _write_sources(view, folder, site, previous, trust_project=force is False and
                             published_fingerprint(site.parent, code) is not None)
    return _Job(folder, sources, feeds, stale)


def _render_states(jobs: dict[str, _Job]) -> dict[str, RenderedPages]:
    """Each state's changed pages, rendered side by side when there are several states and cores.

    An outage usually concerns a service many states use: rendering their pages one after
    the other would make the last state wait for all the others.
    """
    cache = cache_root() / "jinja"
    workers = min(len(jobs), os.cpu_count() or 1)
    if workers < 2:
        return {code: _render(job.folder, job.sources, cache) for code, job in jobs.items()}
    # fork: the workers start with everything imported, in milliseconds. MkDocs keeps global
    # state, so a process renders one state at a time, as the serial path does.
    with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
        futures = {code: pool.submit(_render, job.folder, job.sources, cache) for code, job in jobs.items()}
        return {code: future.result() for code, future in futures.items()}


def _render(folder: Path, changed: list[str], cache: Path) -> RenderedPages:
    return render_pages(folder / "mkdocs.yml", changed, TemplateCache(cache))


def _write_state(site: Path, code: str, job: _Job, rendered: RenderedPages, report: PublishReport,
                 progress: Progress) -> None:
    """Write one state's rendered incident pages, then its feeds (active.json last)."""
    # incident pages, then the overview linking them, then the feeds
    ordered = sorted(rendered.pages.items(), key=lambda item: item[0] == "incidents/index.html")
    written = write_changed({**dict(ordered), **{name: job.feeds[name] for name in FEED_FILES}}, site)
    removed = _remove(site, job.stale)
    report.written[code], report.removed[code] = written, removed
    if rendered.messages:
        report.messages[code] = list(rendered.messages)
    progress(f"[{code}] {counted(len(written), 'Datei', 'Dateien')} aktualisiert, {len(removed)} entfernt")


def _write_sources(view: StateView, folder: Path, site: Path, previous: dict[Path, str | None],
                   trust_project: bool) -> list[str]:
    """The state's incident sources written into the project the last full build left in
    ``folder``; returns the ones to render.

    With ``trust_project`` (the project is that of the published site), only the overview and
    pages whose Markdown changed or whose page is missing are rendered; the others are as built.
    """
    docs = folder / "docs"
    sources = {INDEX_SOURCE: render_incident_index(view)}
    sources.update((incident_source(i), render_incident(view, i)) for i in view.incidents)
    for path in (docs / "incidents").glob("*.md"):
        if path.relative_to(docs).as_posix() not in sources:
            previous[path] = path.read_text(encoding="utf-8")
            path.unlink()
    changed = [INDEX_SOURCE]
    for relative, text in sources.items():
        path = docs / relative
        built = site / relative.removesuffix(".md") / "index.html"
        if (trust_project and relative != INDEX_SOURCE and built.is_file() and path.is_file()
                and path.read_text(encoding="utf-8") == text):
            continue
        previous[path] = path.read_text(encoding="utf-8") if path.is_file() else None
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        changed.append(relative)
    return list(dict.fromkeys(changed))


def _restore(previous: dict[Path, str | None]) -> None:
    for path, text in previous.items():
        if text is None:
            path.unlink(missing_ok=True)
        else:
            path.write_text(text, encoding="utf-8")


def _current(site: Path, feeds: dict[str, bytes]) -> bool:
    return all(_same(site / name, data) for name, data in feeds.items())


def _same(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False


def _pages_exist(view: StateView, site: Path) -> bool:
    return (site / "incidents/index.html").is_file() and all(
        (site / "incidents" / i.stem / "index.html").is_file() for i in view.incidents
    )


def _stale_pages(view: StateView, site: Path) -> list[str]:
    """Built incident pages of incidents the state no longer has."""
    folder = site / "incidents"
    if not folder.is_dir():
        return []
    current = {i.stem for i in view.incidents}
    return sorted(
        f"incidents/{child.name}/index.html" for child in folder.iterdir()
        if child.is_dir() and _PAGE_FOLDER.fullmatch(child.name) and child.name not in current
        and (child / "index.html").is_file()
    )


def _remove(site: Path, pages: list[str]) -> list[str]:
    for name in pages:
        path = site / name
        path.unlink()
        if not any(path.parent.iterdir()):
            path.parent.rmdir()
    return pages
