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
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from efa_kb.build.feeds import write_changed
from efa_kb.build.mkdocs_runner import TemplateCache, render_pages
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
    cache = TemplateCache(cache_root() / "jinja")
    with output_lock(out, wait=True):  # a running full build finishes first; publishing then is seconds
        try:
            for code, view in views.items():
                _publish_state(out / code, view, project_folder(out, code), cache, force, report, progress)
        except OSError as exc:
            raise writing_error(exc, out) from None
    return report


def _publish_state(site: Path, view: StateView, folder: Path, cache: TemplateCache, force: bool,
                   report: PublishReport, progress: Progress) -> None:
    """Rewrite the incident artifacts of one state's site where they are outdated."""
    code = view.state.code
    if not (site / "index.html").is_file() or not (folder / "mkdocs.yml").is_file():
        report.unbuilt.append(code)
        progress(f"[{code}] noch keine gebaute Website in {site}")
        return
    feeds = feed_files(view)
    stale = _stale_pages(view, site)
    if not force and not stale and _current(site, feeds) and _pages_exist(view, site):
        report.unchanged.append(code)
        progress(f"[{code}] Störungsmeldungen sind aktuell")
        return
    pages, messages = _render_incident_pages(view, folder, site, cache, trust_project=force is False and
                                             published_fingerprint(site.parent, code) is not None)
    # incident pages, then the overview linking them, then the feeds (active.json last)
    ordered = sorted(pages.items(), key=lambda item: item[0] == "incidents/index.html")
    written = write_changed({**dict(ordered), **{name: feeds[name] for name in FEED_FILES}}, site)
    removed = _remove(site, stale)
    report.written[code], report.removed[code] = written, removed
    if messages:
        report.messages[code] = messages
    progress(f"[{code}] {counted(len(written), 'Datei', 'Dateien')} aktualisiert, {len(removed)} entfernt")


def _render_incident_pages(view: StateView, folder: Path, site: Path, cache: TemplateCache,
                           trust_project: bool) -> tuple[dict[str, bytes], list[str]]:
    """The state's incident pages as a full build renders them, in the project it left in ``folder``.

    With ``trust_project`` (the project is that of the published site), only the overview and
    pages whose Markdown changed or whose page is missing are rendered; the others are as built.
    """
    docs = folder / "docs"
    sources = {INDEX_SOURCE: render_incident_index(view)}
    sources.update((incident_source(i), render_incident(view, i)) for i in view.incidents)
    for path in (docs / "incidents").glob("*.md"):
        if path.relative_to(docs).as_posix() not in sources:
            path.unlink()
    changed = [INDEX_SOURCE]
    for relative, text in sources.items():
        path = docs / relative
        built = site / relative.removesuffix(".md") / "index.html"
        if (trust_project and relative != INDEX_SOURCE and built.is_file() and path.is_file()
                and path.read_text(encoding="utf-8") == text):
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        changed.append(relative)
    rendered = render_pages(folder / "mkdocs.yml", list(dict.fromkeys(changed)), cache)
    return rendered.pages, list(rendered.messages)


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
