"""What one MkDocs build per state costs at the least: the floor of efa-kb's design.

    python bench/mkdocs_floor.py WORK CACHE

Builds every MkDocs project below WORK (``WORK/<state>/mkdocs.yml``, copied there by
:func:`copy_projects` from what a finished ``efa-kb build`` kept) as the build's
workers would: in parallel, with efa-kb's speed-ups and the caches of that build in
CACHE (every conversion and compiled template found there), without taking any page
from the published site.
Nothing is loaded, planned or indexed, so the time is what MkDocs itself needs per
page and state (reading, theming, writing) when everything shareable is shared.
``bench/federal.py`` runs it after the full build and prints it beside the plain build.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from efa_kb.build.mkdocs_runner import build_one
from efa_kb.build.workers import Workers
from efa_kb.pipeline import project_folder


def copy_projects(out: Path, work: Path) -> list[Path]:
    """Each state's kept project, copied below ``work`` with its site written there too."""
    configs = []
    states = sorted(folder.name for folder in out.iterdir() if (project_folder(out, folder.name) / "mkdocs.yml").is_file())
    for state in states:
        project, target = project_folder(out, state), work / state
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(project, target)
        config = target / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        config.write_text(re.sub(r"(?m)^site_dir: .*$", f"site_dir: {target / 'site'}", text), encoding="utf-8")
        configs.append(config)
    return configs


def build_all(configs: list[Path], cache: Path) -> int:
    """Build every project in the workers; the number of pages built (exits on a failed build)."""
    pages = 0
    with Workers(cache_dir=cache) as workers:
        futures = [workers.submit(build_one, config) for config in configs]
        for future in workers.as_completed(futures):
            result = future.result()
            if not result.ok:
                raise SystemExit(f"{result.config}: {result.messages}")
            pages += result.pages
    return pages


def main(argv: list[str]) -> int:
    work, cache = (Path(arg) for arg in argv)
    configs = sorted(work.glob("*/mkdocs.yml"))
    print(f"{build_all(configs, cache)} pages in {len(configs)} projects")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
