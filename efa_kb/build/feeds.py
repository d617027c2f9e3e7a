"""Writing a state's incident feeds into its built site."""

from __future__ import annotations

from pathlib import Path

from efa_kb.build.publish import write_atomic


def write_feeds(feeds: dict[str, bytes], site: Path) -> list[str]:
    """Write rendered feed files into a (staged or published) site; returns their paths."""
    for name, data in feeds.items():
        write_atomic(site / name, data)
    return list(feeds)


def write_changed(files: dict[str, bytes], site: Path) -> list[str]:
    """Write the files whose content differs from what ``site`` has, in the given order."""
    written = []
    for name, data in files.items():
        try:
            same = (site / name).read_bytes() == data
        except OSError:
            same = False
        if not same:
            write_atomic(site / name, data)
            written.append(name)
    return written
