"""Shared fixtures: real files in temporary repositories, and one real build of the example."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

EXAMPLE_EPOCH = "1795940400"  # 2026-11-29 09:20 Europe/Berlin: the example's "now"


def write_files(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


@pytest.fixture
def kb_repo(tmp_path: Path):
    """Make a knowledge-base repository from ``{relative path: text}``."""

    def make(files: dict[str, str]) -> Path:
        return write_files(tmp_path / "kb", files)

    return make


MINIMAL = {
    "content/categories.yml": """
        - id: antrag
          name: Antrag stellen
        - id: technik
          name: Technik
    """,
    "content/services/wohngeld/service.yml": """
        name: Wohngeld online
        leika: [99108005000000]
        routing:
          - level: 2
            kind: fachlich
            name: Wohngeldstelle
            channel: ticket
            address: WG-2L
            service_time: Mo–Fr 8–16 Uhr
            reaction_time: 4 Stunden
            resolution_time: 3 Arbeitstage
            categories: [antrag]
    """,
    "content/services/wohngeld/faq/antrag-absenden.md": """
        ---
        title: Wie sende ich den Antrag ab?
        category: antrag
        short_answer: Unten auf der letzten Seite auf „Antrag absenden“ klicken.
        keywords: [abschicken]
        ---
        ## Antwort

        Der Antrag wird mit dem Knopf „Antrag absenden“ verschickt.

        ## Rückfragen

        - Sehen Sie die Zusammenfassung?
    """,
    "overlays/by/state.yml": """
        name: Bayern
        ars_prefix: 09
        services: [wohngeld]
    """,
}


@pytest.fixture
def minimal_repo(kb_repo):
    return kb_repo(MINIMAL)


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory):
    """efa-kb's caches of this test run (never the developer's ~/.cache/efa-kb)."""
    previous = os.environ.get("EFA_KB_CACHE_DIR")
    os.environ["EFA_KB_CACHE_DIR"] = str(tmp_path_factory.mktemp("efa-kb-cache"))
    yield
    if previous is None:
        os.environ.pop("EFA_KB_CACHE_DIR", None)
    else:
        os.environ["EFA_KB_CACHE_DIR"] = previous


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """One real build of the shipped example, shared by many tests (read-only!)."""
    from efa_kb.pipeline import build_sites

    out = tmp_path_factory.mktemp("example") / "site"
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EXAMPLE_EPOCH
    try:
        report = build_sites(REPO, out, progress=lambda m: None)
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    assert report.ok, report.failed
    return out


@pytest.fixture
def fixed_now(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EXAMPLE_EPOCH)


def copy_example(target: Path) -> Path:
    """A private copy of the example repository (content, overlays, xzufi)."""
    for name in ("content", "overlays", "xzufi", "mkdocs.yml", "theme"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            shutil.copyfile(source, target / name)
    return target
