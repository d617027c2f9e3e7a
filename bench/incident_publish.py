"""How long an incident waits: ``efa-kb incident publish`` next to a full ``efa-kb build``.

On a private copy of the example, builds every state once, then repeatedly
changes an incident that concerns every example state (a new dated update in
the Wohngeld upload notice) and times the command line from the changed file to
all states' incident pages, feeds and active.json updated, checking each run
that every state really changed. For comparison it times full builds of the
same copy, and a publish with nothing to do. Prints medians (and min/max) as a
Markdown table, as the README's performance section shows them.

    python bench/incident_publish.py [--root .] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EXAMPLE_EPOCH = "1795940400"  # 2026-11-29 09:20 Europe/Berlin, the example's "now"
INCIDENT = "content/incidents/2026-11-28-wohngeld-upload.md"


def efa(root: Path, *args: str) -> float:
    """Run the efa-kb command line on ``root``; returns the wall time in seconds."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "efa_kb", "--root", str(root), *args], capture_output=True,
                          text=True, check=False, env={**os.environ, "SOURCE_DATE_EPOCH": EXAMPLE_EPOCH})
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"efa-kb {' '.join(args)} failed:\n{done.stderr}")
    return elapsed


def copy_repository(source: Path, target: Path) -> Path:
    for name in ("content", "overlays", "xzufi", "theme", "mkdocs.yml"):
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name)
        elif (source / name).is_file():
            shutil.copyfile(source / name, target / name)
    return target


def states(root: Path) -> list[str]:
    return sorted(p.parent.name for p in (root / "overlays").glob("*/state.yml"))


def active_json(root: Path) -> dict[str, bytes]:
    return {code: (root / "site" / code / "incidents/active.json").read_bytes() for code in states(root)}


def feeds(root: Path) -> dict[str, bytes]:
    return {code: (root / "site" / code / "incidents/feed.json").read_bytes() for code in states(root)}


def change_incident(root: Path, run: int) -> None:
    path = root / INCIDENT
    path.write_text(path.read_text(encoding="utf-8") + f"\n### 2026-11-29 09:{run:02d}\n\nStand {run}.\n",
                    encoding="utf-8")


def summary(name: str, values: list[float]) -> str:
    return f"| {name} | {statistics.median(values):.2f} s | {min(values):.2f}–{max(values):.2f} s | {len(values)} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="efa-kb-bench-") as folder:
        root = copy_repository(args.root.resolve(), Path(folder) / "kb")
        codes = states(root)
        builds = [efa(root, "build") for _ in range(args.runs)]
        publishes, idle = [], []
        for run in range(args.runs):
            before = feeds(root)
            change_incident(root, run)
            publishes.append(efa(root, "incident", "publish"))
            after = feeds(root)
            unchanged = [code for code in codes if before[code] == after[code]]
            if unchanged:
                sys.exit(f"run {run}: the incident did not reach {', '.join(unchanged)}")
            idle.append(efa(root, "incident", "publish"))
        print(f"Example: {len(codes)} states ({', '.join(codes)}), {os.cpu_count()} CPUs, {args.runs} runs each\n")
        print("| command | median | min–max | runs |")
        print("|---|---|---|---|")
        print(summary("`efa-kb build` (all states, full)", builds))
        print(summary("`efa-kb incident publish` after changing an incident of every state", publishes))
        print(summary("`efa-kb incident publish` with nothing to do", idle))
        print(f"\nThe fast path takes {statistics.median(publishes) / statistics.median(builds):.0%} "
              "of a full build's time.")


if __name__ == "__main__":
    main()
