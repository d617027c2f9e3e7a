"""Writing a state's incident feeds into its built site."""

from __future__ import annotations

from pathlib import Path

from efa_kb.build.publish import write_atomic
from efa_kb.merge.state_view import StateView
from efa_kb.render.feeds import feed_files


def write_feeds(view: StateView, site: Path) -> list[str]:
    """Write the state's incident feeds into its (staged or published) site; returns their paths."""
    written = []
    for name, data in feed_files(view).items():
        write_atomic(site / name, data)
        written.append(name)
    return written
