"""The package layout is the pipeline: load → merge → render → build → index, and nothing imports backwards."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "efa_kb"

LAYERS = {"model": 0, "load": 1, "merge": 2, "render": 3, "build": 4, "index": 5,
          "pipeline": 6, "commands": 7, "cli": 8, "__main__": 9}
"""A module may import from its own layer and the layers before it; ``problems`` from anywhere."""
OUTSIDE_A_STAGE = {"__init__.py", "__main__.py", "pipeline.py", "problems.py"}
THIRD_PARTY_HOMES = {
    "mkdocs": {"build/mkdocs_runner.py"},
    "material": {"build/mkdocs_runner.py"},
    "jinja2": {"build/mkdocs_runner.py"},
    "nh3": {"load/sanitize.py"},
    "lxml": {"load/xzufi/parse.py"},
    "frontmatter": {"load/front_matter.py"},
    "yaml": {"load/yamlio.py"},
    "whoosh": {"index/whoosh_index.py"},
    "feedgen": {"render/feeds.py"},
    "playwright": {"index/browser.py"},
    "click": {"cli/__init__.py", "cli/incident.py", "cli/overlay.py", "cli/search.py", "cli/output.py",
              "cli/german.py"},
}
"""Every third-party library lives behind one module of ours (click: the CLI package)."""


def modules() -> dict[str, Path]:
    return {p.relative_to(PACKAGE).as_posix(): p for p in sorted(PACKAGE.rglob("*.py"))}


def name_of(relative: str) -> str:
    parts = relative.removesuffix(".py").split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(["efa_kb", *parts])


def imports(path: Path) -> list[str]:
    """Every module ``path`` imports, at the top or inside a function (TYPE_CHECKING excluded)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            node.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
            found += [f"{node.module}.{alias.name}" for alias in node.names]
    return found


def layer(module: str) -> int | None:
    top = module.split(".")[1] if module.count(".") else ""
    return LAYERS.get(top)


def test_every_module_belongs_to_a_stage_commands_or_the_cli():
    strays = [rel for rel in modules() if "/" not in rel and rel not in OUTSIDE_A_STAGE]
    assert strays == [], "modules outside a stage, commands/ or cli/"


def test_no_stage_imports_a_later_one():
    backwards = []
    for rel, path in modules().items():
        own = layer(name_of(rel))
        if own is None:
            continue
        for target in imports(path):
            if target.startswith("efa_kb.") and (theirs := layer(target)) is not None and theirs > own:
                backwards.append(f"{rel} imports {target}")
    assert backwards == []


def test_the_package_has_no_import_cycle():
    known = {name_of(rel) for rel in modules()}
    graph = {name_of(rel): {t for t in imports(path) if t in known and t != name_of(rel)}
             for rel, path in modules().items()}
    for name in list(graph):  # a package's __init__ is not an edge of its modules' imports
        graph[name] = {t for t in graph[name] if not name.startswith(t + ".")}
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(node: str, trail: list[str]) -> bool:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycle.extend([*trail[trail.index(target):], target] if target in trail else [node, target])
                return True
            if state.get(target) is None and visit(target, [*trail, target]):
                return True
        state[node] = 2
        return False

    for node in sorted(graph):
        if state.get(node) is None and visit(node, [node]):
            break
    assert cycle == []


def test_each_third_party_library_is_imported_in_one_place():
    spread = {}
    for library, homes in THIRD_PARTY_HOMES.items():
        users = {rel for rel, path in modules().items()
                 if any(t == library or t.startswith(library + ".") for t in imports(path))}
        if users - homes:
            spread[library] = sorted(users - homes)
    assert spread == {}
