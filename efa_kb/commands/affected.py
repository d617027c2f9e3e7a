"""Which states a change touches, so build servers rebuild only those."""

from __future__ import annotations

import json
from pathlib import Path

from efa_kb.load.git import changed_files
from efa_kb.load.repository import load_repository
from efa_kb.model.repository import KnowledgeBase
from efa_kb.problems import Problems

EVERY_STATE = ("content/categories.yml", "content/glossary.yml", "xzufi/", "theme/", "mkdocs.yml", "content/pages/")


def affected(root: Path, revisions: str) -> list[str]:
    """States a revision range affects. Content errors do not matter here: only names are needed."""
    return affected_states(load_repository(root, Problems()), changed_files(root, revisions))


def affected_json(root: Path, revisions: str, states: list[str]) -> str:
    """What a CI job needs to start one build per affected state: the range, the states
    affected and whether that is every state of the repository (then a full build is as good)."""
    every = list(load_repository(root, Problems()).states)
    return json.dumps({"revisions": revisions, "states": states, "all": bool(states) and states == every})


def affected_states(kb: KnowledgeBase, paths: list[str]) -> list[str]:
    """States whose site may change when ``paths`` change, in state order."""
    hit: set[str] = set()
    for path in paths:
        hit |= _states_for(kb, path)
    return [code for code in kb.states if code in hit]


def _states_for(kb: KnowledgeBase, path: str) -> set[str]:
    every = set(kb.states)
    if path.startswith(EVERY_STATE) or path in EVERY_STATE:
        return every
    parts = path.split("/")
    if parts[0] == "overlays" and len(parts) > 1:
        return {parts[1]} & every
    if parts[:2] == ["content", "services"] and len(parts) > 2:
        return {code for code, state in kb.states.items() if parts[2] in state.services}
    if parts[:2] == ["content", "incidents"]:
        incident = kb.incidents.get(f"incidents/{Path(path).stem}")
        if incident is None:  # deleted or broken: every state that may have shown it
            return every
        return {code for code, state in kb.states.items() if incident.affects(code, state.services)}
    return set()
