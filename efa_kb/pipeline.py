"""The pipeline, top to bottom: load → merge → render → build → index → publish.

All data is gathered and every state's site is built into staging before
anything published is touched; a state is swapped in only when its build,
its checks and its search index succeeded. A state whose inputs are the same as
those of its published site (its fingerprint: every page, the configuration,
the theme, the search documents and efa-kb's own code) is not built again; only
its feeds are brought up to date (they carry the build's "now").
"""

from __future__ import annotations

import gc
import json
import logging
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from efa_kb.build.external import ExternalReference, scan_theme
from efa_kb.build.feeds import write_changed, write_feeds
from efa_kb.build.mkdocs_runner import MkDocsResult, PreviousSite, build_one
from efa_kb.build.mkdocs_runner import Progress as WorkerProgress
from efa_kb.build.project_files import layout_digest, project_digest, write_project
from efa_kb.build.publish import (
    RECORDS,
    clean_staging,
    discard,
    output_lock,
    published_fingerprint,
    published_pages,
    record_published,
    removing_set_aside,
    staging_dir,
    swap_in,
    write_atomic,
    writing_error,
)
from efa_kb.build.workers import Workers
from efa_kb.index.documents import SearchDoc
from efa_kb.load.cache import code_digest, digest
from efa_kb.load.repository import load_incident_inputs, load_repository
from efa_kb.load.values import BERLIN, now
from efa_kb.merge.staleness import overlay_statuses, report_pins
from efa_kb.merge.state_view import StateView, state_view
from efa_kb.model.repository import KnowledgeBase
from efa_kb.problems import ContentError, Problems, counted
from efa_kb.render.feeds import feed_files
from efa_kb.render.landing import landing_page
from efa_kb.render.project import Project, render_project

log = logging.getLogger(__name__)

Progress = Callable[[str], None]


@dataclass
class BuildReport:
    """What a build did, state by state."""

    built: list[str] = field(default_factory=list)
    failed: dict[str, list[str]] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)
    """States whose published site was already built from the same input."""
    problems: Problems = field(default_factory=Problems)

    @property
    def ok(self) -> bool:
        return not self.failed and not self.problems.errors


def load_and_check(root: Path, states: list[str] | None = None) -> tuple[KnowledgeBase, dict[str, StateView], Problems]:
    """Load the repository and merge every (selected) state; all problems of the run are returned.

    With ``states``, only the problems that concern them: those of the base content and of
    their own overlays, not of other states' folders below ``overlays/``.
    """
    problems = Problems()
    kb = load_repository(root, problems)
    selected = select_states(kb, states, problems)
    moment = now()
    views = {code: state_view(kb, code, moment, problems) for code in selected}
    report_pins(overlay_statuses(kb.articles, tuple(o for o in kb.overlays if o.state in selected)), problems)
    if states:
        # The states asked for, not only those that loaded: a broken state.yml is their problem.
        asked = [code.lower() for code in states]
        problems = problems.only(lambda problem: _concerns(problem.path, asked))
    return kb, views, problems


def _concerns(path: str, states: list[str]) -> bool:
    """False for a file in another state's folder below ``overlays/``."""
    parts = path.split("/")
    return not (len(parts) > 1 and parts[0] == "overlays" and parts[1] not in states)


def load_checked(root: Path, states: list[str] | None = None,
                 headline: str = "") -> tuple[KnowledgeBase, dict[str, StateView], Problems]:
    """:func:`load_and_check`, raising :class:`ContentError` (with ``headline``) on errors."""
    kb, views, problems = load_and_check(root, states)
    if problems.errors:
        raise ContentError(problems.errors, headline)
    return kb, views, problems


def load_incident_views(root: Path, states: list[str] | None = None) -> tuple[dict[str, StateView], Problems]:
    """Each (selected) state's view of its incidents only, for the fast path; raises on errors."""
    problems = Problems()
    kb = load_incident_inputs(root, problems)
    selected = select_states(kb, states, problems)
    if problems.errors:
        raise ContentError(problems.errors)
    moment = now()
    return {code: state_view(kb, code, moment, problems) for code in selected}, problems


def project_folder(out: Path, state: str) -> Path:
    """Where the MkDocs project of ``state``'s published site is kept between builds.

    Beside the sites (not deployed with them), so that it moves with the output folder.
    """
    return out / RECORDS / "projects" / state


def load_repository_checked(root: Path, states: list[str] | None = None) -> tuple[KnowledgeBase, list[str]]:
    """The repository without merging and the selected state codes (default: all).

    Raises :class:`ContentError` when a file has errors or a state does not exist.
    """
    problems = Problems()
    kb = load_repository(root, problems)
    selected = select_states(kb, states, problems)
    if problems.errors:
        raise ContentError(problems.errors)
    return kb, selected


def select_states(kb: KnowledgeBase, states: list[str] | None, problems: Problems) -> list[str]:
    """The state codes asked for (all when none), reporting those that do not exist."""
    if not states:
        return list(kb.states)
    wanted = [s.lower() for s in states]
    broken = {problem.path for problem in problems.errors}
    for code in wanted:
        # A state whose state.yml has errors is not loaded; those errors say why.
        if code not in kb.states and f"overlays/{code}/state.yml" not in broken:
            known = ", ".join(kb.states) or "keines"
            problems.error("overlays", None, f"Es gibt kein Land '{code}' (einen Ordner overlays/{code}/ mit state.yml)",
                           f"Wählen Sie eines von: {known}", code="unknown-state")
    return [c for c in wanted if c in kb.states]


@dataclass(frozen=True)
class _Plan:
    """One state to build: what was rendered for it and its fingerprint."""

    view: StateView
    project: Project
    config: Path
    feeds: dict[str, bytes]
    documents: list[SearchDoc]
    fingerprint: str
    """Everything the site is made of (pages, configuration, theme, search documents, code)."""
    inputs: str
    """Everything the site is made from (see :func:`_inputs`)."""
    layout: str
    """The written project's configuration, navigation and theme (:func:`layout_digest`)."""


def build_sites(root: Path, out: Path, states: list[str] | None = None, strict: bool = False,
                progress: Progress = log.info, jobs: int | None = None, speedups: bool = True,
                wait: bool = False) -> BuildReport:
    """Build the selected states (default: all) into ``out``; see the module docstring.

    One build writes to ``out`` at a time: another one is refused, or waited for with
    ``wait``. ``speedups=False`` builds every state from scratch with plain MkDocs (for
    comparisons). Whatever happens (an error, Ctrl-C, a full disk), this build's
    staging is removed and the published sites stay as they were or are complete.
    """
    root, out = root.resolve(), out.resolve()
    with _collection_sparing_the_load() as loaded:
        kb, views, problems = load_and_check(root, states)
        loaded()
        report = BuildReport(problems=problems)
        if problems.errors:
            raise ContentError(problems.errors, "Build abgebrochen: die Inhalte haben Fehler; nichts wurde veröffentlicht.")
        if strict and problems.warnings:
            warnings = counted(len(problems.warnings), "Warnung", "Warnungen")
            raise ContentError(problems.warnings, f"Build abgebrochen wegen --strict: {warnings} (Warnungen zählen "
                                                  "wie Fehler); nichts wurde veröffentlicht.")
        # Old versions go while the workers build (not during loading, which may fork to parse XZuFi).
        with output_lock(out, wait), removing_set_aside(out):
            try:
                _build_locked(root, out, kb, views, report, progress, jobs, speedups)
            except OSError as exc:
                raise writing_error(exc, out) from None
            finally:
                clean_staging(out)
    return report


@contextmanager
def _collection_sparing_the_load() -> Iterator[Callable[[], None]]:
    """The cyclic collector paused while loading; what was loaded exempt from it for the block.

    The load makes millions of records (mostly XZuFi), none in a cycle, that live as
    long as the build: each full collection would walk them all again, a third of a
    second every time rendering allocates enough. Call the function given once the
    load is done; the block's end gives the objects back to the collector.
    """
    collecting = gc.isenabled()

    def loaded() -> None:
        gc.freeze()
        if collecting:
            gc.enable()

    gc.disable()
    try:
        yield loaded
    finally:
        gc.unfreeze()
        if collecting:
            gc.enable()


def _build_locked(root: Path, out: Path, kb: KnowledgeBase, views: dict[str, StateView], report: BuildReport,
                  progress: Progress, jobs: int | None, speedups: bool) -> None:
    # Imported here, as in _plan: the incident fast path imports this module and must not
    # pay for the search stage (the import alone is a tenth of its time at federal scale).
    from efa_kb.index import collect, site_index

    plans: dict[str, _Plan] = {}
    codes: dict[Path, str] = {}
    meter = _Meter(codes, progress)
    indexed: set[str] = set()
    page_keys: dict[str, dict[str, str]] = {}
    shared = _shared_inputs(root)
    with Workers(jobs, speedups=speedups, on_progress=meter.update) as workers:
        tasks: dict[Future[Any], tuple[str, str]] = {}
        # Each state goes to the workers as soon as it is rendered: the next one is rendered meanwhile.
        for code, view in views.items():
            plan = _plan_unless_unchanged(root, out, view, shared, speedups, report)
            if plan is None:
                continue
            plans[code], codes[plan.config] = plan, code
            progress(f"[{code}] wird gebaut ({counted(len(plan.project.pages), 'Seite', 'Seiten')})")
            previous = PreviousSite(out / code, published_pages(out, code)) if speedups else None
            tasks[workers.submit(build_one, plan.config, previous, plan.layout)] = (code, "site")
            glossary = [(g.term, g.expansion) for g in view.glossary]
            tasks[workers.submit(site_index.write_site_index, plan.documents, glossary, staging_dir(out, code) / "index",
                                 collect.search_options(view))] = (code, "index")
        if report.unchanged:
            progress(f"Unverändert: {', '.join(report.unchanged)}")
        for future in workers.as_completed(tasks):
            code, task = tasks[future]
            try:
                result = future.result()
            except Exception as exc:  # noqa: BLE001 - one state's failure must not stop the others
                report.failed[code] = [f"{type(exc).__name__}: {exc}"]
                continue
            if task == "index":
                indexed.add(code)
            else:
                page_keys[code] = result.page_keys
                _check_site(code, plans[code], result, out, report, progress)
            if code in indexed and code in report.built:
                _move_index(out, code)
    report.built = [code for code in report.built if code not in report.failed]

    report.built.sort(key=list(plans).index)
    for code in report.built:
        swap_in(out, code)
        record_published(out, code, plans[code].fingerprint, plans[code].inputs, page_keys[code])
        discard(out, code)
    _write_landing(kb, out)


def _plan_unless_unchanged(root: Path, out: Path, view: StateView, shared: str, speedups: bool,
                           report: BuildReport) -> _Plan | None:
    """The state's plan, or None when its published site is already what it would build."""
    code = view.state.code
    inputs = _inputs(root, view, shared)
    published = published_fingerprint(out, code) if speedups else None
    if published is not None and published.inputs == inputs:
        report.unchanged.append(code)  # not even rendered
        write_changed(feed_files(view), out / code)
        return None
    plan = _plan(root, out, view, inputs)
    if published is not None and published.output == plan.fingerprint:
        report.unchanged.append(code)
        record_published(out, code, plan.fingerprint, inputs)
        write_changed(plan.feeds, out / code)
        return None
    return plan


def _check_site(code: str, plan: _Plan, result: MkDocsResult, out: Path, report: BuildReport,
                progress: Progress) -> None:
    """A state's site as MkDocs built it: failed, loading from another host, or ready to publish."""
    if not result.ok:
        report.failed[code] = list(result.messages)
        progress(f"[{code}] MkDocs-Build fehlgeschlagen")
        return
    site = staging_dir(out, code) / "site"
    write_feeds(plan.feeds, site)
    external = [*result.external, *scan_theme(site, _theme_sample(plan.project))]
    if external:
        report.failed[code] = [_describe_load(e) for e in dict.fromkeys(external)]
        progress(f"[{code}] externe Verweise gefunden")
        return
    report.built.append(code)
    reused = f", {result.reused} unverändert übernommen" if result.reused else ""
    progress(f"[{code}] gebaut ({counted(result.pages, 'Seite', 'Seiten')} in {_duration(result.seconds)}{reused})")


def _move_index(out: Path, code: str) -> None:
    """Put the state's search index, built beside its site, into the site."""
    staged = staging_dir(out, code)
    (staged / "index" / "search").rename(staged / "site" / "search")


def _shared_inputs(root: Path) -> str:
    """A digest of the files every state is made from: base content, XZuFi, theme, configuration."""
    parts: list[str | bytes] = [code_digest()]
    for folder in ("content", "xzufi", "theme"):
        parts += _tree(root / folder)
    if (root / "mkdocs.yml").is_file():
        parts += ["mkdocs.yml", (root / "mkdocs.yml").read_bytes()]
    return digest(*parts)


def _inputs(root: Path, view: StateView, shared: str) -> str:
    """A digest of everything a state's site is made from, taken before anything is rendered.

    The files, the incidents' times from git, and what "now" decides: which incidents
    are active or upcoming and which articles are overdue for review.
    """
    moment, today = view.now, view.now.astimezone(BERLIN).date()
    times = [(i.id, str(i.published), str(i.updated), i.is_active(moment), i.is_upcoming(moment))
             for i in view.incidents]
    overdue = sorted(a.id for a in view.articles.values() if a.review_by and a.review_by < today)
    return digest(shared, *_tree(root / "overlays" / view.state.code), json.dumps([times, overdue]))


def _tree(folder: Path) -> list[str | bytes]:
    parts: list[str | bytes] = []
    for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
        if path.is_file():
            parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return parts


def _plan(root: Path, out: Path, view: StateView, inputs: str) -> _Plan:
    from efa_kb.index import collect

    code = view.state.code
    project = render_project(view)
    folder = project_folder(out, code)
    config = write_project(project, root, folder, staging_dir(out, code) / "site")
    feeds = feed_files(view)
    documents = collect.collect_documents(view)
    layout = layout_digest(folder)
    fingerprint = digest(
        code_digest(), project_digest(layout, project),
        *(json.dumps(asdict(d), sort_keys=True, ensure_ascii=False) for d in documents),
        json.dumps([(g.term, g.expansion) for g in view.glossary], ensure_ascii=False),
        json.dumps(asdict(collect.search_options(view))),
    )
    return _Plan(view, project, config, feeds, documents, fingerprint, inputs, layout)


def _theme_sample(project: Project) -> list[str]:
    """Whole pages that show every template of the site: the theme is checked on these.

    Every other page differs from them only in content, which the build checks page by page.
    """
    sources = ["index.md", *sorted(project.pages)[:1]]
    for kind in ("/faq/", "/workarounds/", "/training/", "leistungen/", "incidents/2"):
        sources += [s for s in sorted(project.pages) if kind in s][:1]
    pages = ["404.html"]
    for source in dict.fromkeys(sources):
        stem = source.removesuffix(".md")
        pages.append("index.html" if stem == "index" else f"{stem.removesuffix('/index')}/index.html")
    return pages


def _describe_load(reference: ExternalReference) -> str:
    return f"{reference.path}:{reference.line}: lädt {reference.url} von einem anderen Server ({reference.what})"


class _Meter:
    """Turns the workers' progress into a line per state every few seconds, with an estimate."""

    INTERVAL = 10.0

    def __init__(self, codes: dict[Path, str], progress: Progress):
        self.codes = codes
        self.progress = progress
        self.started: dict[Path, float] = {}
        self.shown: dict[Path, float] = {}

    def update(self, report: WorkerProgress) -> None:
        clock = time.monotonic()
        started = self.started.setdefault(report.config, clock)
        if report.done >= report.total or clock - self.shown.get(report.config, started) < self.INTERVAL:
            return
        self.shown[report.config] = clock
        remaining = (clock - started) / max(report.done, 1) * (report.total - report.done)
        pages, total = report.done // 2, report.total // 2
        self.progress(f"[{self.codes[report.config]}] {pages} von {counted(total, 'Seite', 'Seiten')} "
                      f"({100 * report.done // max(report.total, 1)} %), noch etwa {_duration(remaining)}")


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{max(1, round(seconds))} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


def _write_landing(kb: KnowledgeBase, out: Path) -> None:
    published = [(code, state.name) for code, state in kb.states.items() if (out / code / "index.html").exists()]
    write_atomic(out / "index.html", landing_page(published).encode("utf-8"))
