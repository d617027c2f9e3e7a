"""The pipeline, top to bottom: load → merge → render → build → index → publish.

All data is gathered and every state's site is built into staging before
anything published is touched; a state is swapped in only when its build,
its checks and its search index succeeded.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from efa_kb.build.external import scan_site
from efa_kb.build.feeds import write_feeds
from efa_kb.build.mkdocs_runner import build_all
from efa_kb.build.project_files import write_project
from efa_kb.build.publish import clean_staging, discard, staging_dir, swap_in, write_atomic
from efa_kb.index.collect import collect_documents
from efa_kb.index.site_index import write_site_index
from efa_kb.load.repository import load_repository
from efa_kb.load.values import now
from efa_kb.merge.staleness import overlay_statuses, report_pins
from efa_kb.merge.state_view import StateView, state_view
from efa_kb.model.repository import KnowledgeBase
from efa_kb.problems import ContentError, Problems
from efa_kb.render.landing import landing_page
from efa_kb.render.project import render_project

log = logging.getLogger(__name__)

Progress = Callable[[str], None]


@dataclass
class BuildReport:
    """What a build did, state by state."""

    built: list[str] = field(default_factory=list)
    failed: dict[str, list[str]] = field(default_factory=dict)
    problems: Problems = field(default_factory=Problems)

    @property
    def ok(self) -> bool:
        return not self.failed and not self.problems.errors


def load_and_check(root: Path, states: list[str] | None = None) -> tuple[KnowledgeBase, dict[str, StateView], Problems]:
    """Load the repository and merge every (selected) state; all problems of the run are returned."""
    problems = Problems()
    kb = load_repository(root, problems)
    selected = select_states(kb, states, problems)
    moment = now()
    views = {code: state_view(kb, code, moment, problems) for code in selected}
    report_pins(overlay_statuses(kb.articles, tuple(o for o in kb.overlays if o.state in selected)), problems)
    return kb, views, problems


def load_checked(root: Path, states: list[str] | None = None,
                 headline: str = "") -> tuple[KnowledgeBase, dict[str, StateView], Problems]:
    """:func:`load_and_check`, raising :class:`ContentError` (with ``headline``) on errors."""
    kb, views, problems = load_and_check(root, states)
    if problems.errors:
        raise ContentError(problems.errors, headline)
    return kb, views, problems


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
    for code in wanted:
        if code not in kb.states:
            known = ", ".join(kb.states) or "none"
            problems.error("overlays", None, f"there is no state '{code}' (a folder overlays/{code}/ with state.yml)",
                           f"choose one of: {known}")
    return [c for c in wanted if c in kb.states]


def build_sites(root: Path, out: Path, states: list[str] | None = None, strict: bool = False,
                progress: Progress = log.info, jobs: int | None = None) -> BuildReport:
    """Build the selected states (default: all) into ``out``; see the module docstring."""
    root, out = root.resolve(), out.resolve()
    kb, views, problems = load_and_check(root, states)
    report = BuildReport(problems=problems)
    if problems.errors or (strict and problems.warnings):
        raise ContentError(problems.errors or problems.warnings,
                           "Build abgebrochen: die Inhalte haben Fehler; nichts wurde veröffentlicht.")
    progress(f"{len(views)} Länder werden gebaut: {', '.join(views) or '–'}")

    configs = {}
    for code, view in views.items():
        folder = staging_dir(out, code)
        discard(out, code)
        project = render_project(view)
        configs[code] = write_project(project, root, folder / "project", folder / "site")
        progress(f"[{code}] Projekt erzeugt ({len(project.pages)} Seiten)")

    progress(f"MkDocs baut {len(configs)} Seiten-Projekte …")
    codes = {config: code for code, config in configs.items()}
    for result in build_all(list(configs.values()), jobs):
        code = codes[result.config]
        if not result.ok:
            report.failed[code] = list(result.messages)
            progress(f"[{code}] MkDocs-Build fehlgeschlagen")
            continue
        site = staging_dir(out, code) / "site"
        write_feeds(views[code], site)
        external = scan_site(site)
        if external:
            report.failed[code] = [f"{e.path}:{e.line}: loads {e.url} from another host ({e.what})" for e in external]
            progress(f"[{code}] externe Verweise gefunden")
            continue
        index_state(views[code], site)
        report.built.append(code)
        progress(f"[{code}] gebaut")

    report.built.sort(key=list(configs).index)
    for code in report.built:
        swap_in(out, code)
        discard(out, code)
    for code in report.failed:
        discard(out, code)
    clean_staging(out)
    _write_landing(kb, out)
    return report


def index_state(view: StateView, site: Path) -> None:
    """Write the state's search index into its staged site (the index stage)."""
    write_site_index(collect_documents(view), [(g.term, g.expansion) for g in view.glossary], site)


def _write_landing(kb: KnowledgeBase, out: Path) -> None:
    published = [(code, state.name) for code, state in kb.states.items() if (out / code / "index.html").exists()]
    write_atomic(out / "index.html", landing_page(published).encode("utf-8"))
