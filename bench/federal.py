"""Federal scale, measured: efa-kb building 16 state sites next to plain MkDocs building one.

    python bench/federal.py                  # the federal case (about 7 minutes on 2 cores)
    python bench/federal.py --articles 200 --leistungen 100 --skip-growth   # a quick look

Generates a repository deterministically (``bench/federal_repo.py``; sizes as flags,
defaults: 2,000 base articles over 42 services, 16 states using 34 each, 10 % of the
articles overlaid per state, 1,000 XZuFi Leistungen per state) and prints, side by
side in one run on this machine:

- plain ``mkdocs build`` (mkdocs-material, ``navigation.prune`` added) of ONE state's
  project exactly as efa-kb generates it, without any of efa-kb's caches;
- ``efa-kb build`` of all states from cold caches, the ratio to the plain build, peak
  memory of the whole process tree, output size and per-page HTML size;
- where the time goes: the same build again with the caches it filled (into an empty
  output folder), and MkDocs alone building the projects efa-kb wrote, with every
  conversion and template cached and nothing loaded, planned or indexed
  (``bench/mkdocs_floor.py``): what one MkDocs build per state costs at the least;
- a rebuild with nothing changed, a rebuild after one overlay file changed, and
  ``efa-kb incident publish`` after one incident got an update;
- the full build's output lines with the second each came, in
  ``<work>/efa-kb-build-<label>.log`` (when each state was planned, built and indexed);
- with ``--growth`` (default on), the same for a repository with a tenth of the
  articles, to show how each figure grows.

Every command runs in a process of its own; memory is the sum of the resident sets
of the command and all its children, sampled every 0.2 s.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from federal_repo import Sizes, generate
from mkdocs_floor import copy_projects

PYTHON = sys.executable
STATE = "by"
"""The state whose project plain MkDocs builds."""


@dataclass(frozen=True)
class Run:
    """One command: wall time and peak memory of its process tree."""

    seconds: float
    peak_mb: float
    ok: bool
    output: str


def run(command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> Run:
    """Run ``command``, sampling the resident memory of it and its children."""
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, **(env or {})}, cwd=cwd)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(process.pid))
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    # Each output line with the time it came: the build's progress lines are its profile.
    assert process.stdout is not None
    lines = [f"{time.monotonic() - started:7.1f} s  {line}" for line in process.stdout]
    process.wait()
    done.set()
    sampler.join()
    return Run(time.monotonic() - started, peak[0] / 1024, process.returncode == 0, "".join(lines))


def _tree_rss(root: int) -> int:
    """Resident kB of ``root`` and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        pid, parent = int(entry.name), int(fields.get("PPid", "0").strip() or 0)
        children.setdefault(parent, []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0]) if "VmRSS" in fields else 0
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack += children.get(pid, [])
    return total


def efa(repo: Path, *args: str, cache: Path) -> Run:
    return run([PYTHON, "-m", "efa_kb", "--root", str(repo), *args],
               env={"EFA_KB_CACHE_DIR": str(cache), "SOURCE_DATE_EPOCH": "1795940400", "PYTHONUNBUFFERED": "1"})


def plain_project(repo: Path, folder: Path) -> Path:
    """ONE state's MkDocs project exactly as efa-kb generates it, with navigation.prune added."""
    from efa_kb.build.project_files import write_project
    from efa_kb.load.yamlio import dump_yaml, parse_yaml
    from efa_kb.pipeline import load_checked
    from efa_kb.render.project import render_project

    os.environ["SOURCE_DATE_EPOCH"] = "1795940400"
    _kb, views, _problems = load_checked(repo, [STATE])
    config = write_project(render_project(views[STATE]), repo, folder, folder / "site")
    data = parse_yaml(config.read_text(encoding="utf-8"))
    base = parse_yaml((folder / "efa-base.yml").read_text(encoding="utf-8"))
    data["theme"]["features"] = [*base["theme"]["features"], "navigation.prune"]
    config.write_text(dump_yaml(_plain(data)), encoding="utf-8")
    return config


def _plain(value: object) -> object:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def site_figures(out: Path) -> dict[str, float]:
    """Output size and per-page HTML sizes (FAQ pages)."""
    files = [p for p in out.rglob("*") if p.is_file() and ".efa-kb" not in p.relative_to(out).parts]
    faq = [p.stat().st_size for p in out.glob("*/services/*/faq/*/index.html")]
    return {
        "site_mb": sum(p.stat().st_size for p in files) / 1e6,
        "pages": sum(1 for p in files if p.suffix == ".html"),
        "faq_median_kb": statistics.median(faq) / 1000 if faq else 0,
        "faq_max_kb": max(faq) / 1000 if faq else 0,
    }


def touch_overlay(repo: Path) -> Path:
    """Change one overlay file of one state (its text, not its pin)."""
    overlay = min((repo / "overlays" / STATE / "services").rglob("*.md"))
    overlay.write_text(overlay.read_text(encoding="utf-8") + "\n\nNachtrag für den Benchmark.\n", encoding="utf-8")
    return overlay


def update_incident(repo: Path) -> Path:
    """Add a dated update to the first incident that is not resolved."""
    for path in sorted((repo / "content/incidents").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if "status: resolved" not in text:
            path.write_text(text.rstrip("\n") + "\n\n### 2026-11-29 09:10\n\nNeue Lageinformation.\n", encoding="utf-8")
            return path
    raise SystemExit("the generated repository has no open incident")


def measure(sizes: Sizes, work: Path, label: str) -> dict[str, object]:
    repo = work / f"repo-{label}"
    started = time.monotonic()
    summary = generate(repo, sizes)
    generated = time.monotonic() - started
    print(f"[{label}] generated in {generated:.0f} s: {summary}", flush=True)
    project = plain_project(repo, work / f"plain-{label}")

    figures: dict[str, object] = {"label": label, "sizes": sizes}
    plain = run([PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(project)], env={"SOURCE_DATE_EPOCH": "1795940400"})
    print(f"[{label}] plain mkdocs build of {STATE}: {plain.seconds:.1f} s, {plain.peak_mb:.0f} MB", flush=True)
    cache = work / f"cache-{label}"
    out = work / f"site-{label}"
    full = efa(repo, "build", "--out", str(out), cache=cache)
    assert full.ok, full.output[-3000:]
    print(f"[{label}] efa-kb build: {full.seconds:.1f} s, {full.peak_mb:.0f} MB", flush=True)
    (work / f"efa-kb-build-{label}.log").write_text(full.output, encoding="utf-8")
    # Where the time goes: the same build with the caches it filled (into an empty folder),
    # and MkDocs alone building the projects it wrote, with everything shareable cached.
    warm = efa(repo, "build", "--out", str(work / f"site-warm-{label}"), cache=cache)
    assert warm.ok, warm.output[-3000:]
    shutil.rmtree(work / f"site-warm-{label}")
    print(f"[{label}] efa-kb build, warm caches: {warm.seconds:.1f} s", flush=True)
    floor_projects = copy_projects(out, work / f"floor-{label}")
    floor = run([PYTHON, str(Path(__file__).with_name("mkdocs_floor.py")), str(work / f"floor-{label}"), str(cache)],
                env={"SOURCE_DATE_EPOCH": "1795940400"})
    assert floor.ok, floor.output[-3000:]
    shutil.rmtree(work / f"floor-{label}")
    print(f"[{label}] MkDocs alone, {len(floor_projects)} projects, caches warm: {floor.seconds:.1f} s", flush=True)
    again = efa(repo, "build", "--out", str(out), cache=cache)
    touch_overlay(repo)
    overlay = efa(repo, "build", "--out", str(out), cache=cache)
    update_incident(repo)
    incident = efa(repo, "incident", "publish", "--out", str(out), cache=cache)
    plain_again = run([PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(project)],
                      env={"SOURCE_DATE_EPOCH": "1795940400"})
    figures.update(
        plain=plain, plain_again=plain_again, full=full, warm=warm, floor=floor, unchanged=again, overlay=overlay, incident=incident,
        **site_figures(out), plain_faq_kb=statistics.median(
            p.stat().st_size for p in (work / f"plain-{label}" / "site").glob("services/*/faq/*/index.html")) / 1000,
    )
    for name in ("unchanged", "overlay", "incident"):
        result = figures[name]
        assert isinstance(result, Run)
        print(f"[{label}] {name}: {result.seconds:.1f} s ({'ok' if result.ok else 'FAILED'})", flush=True)
    return figures


def table(results: list[dict[str, object]]) -> str:
    head = "| figure | " + " | ".join(str(r["label"]) for r in results) + " |"
    lines = [head, "|---|" + "---|" * len(results)]

    def row(name: str, cell) -> None:
        lines.append(f"| {name} | " + " | ".join(cell(r) for r in results) + " |")

    row("plain `mkdocs build`, one state (s)", lambda r: f"{r['plain'].seconds:.1f} / {r['plain_again'].seconds:.1f}")
    row("`efa-kb build`, all states, cold (s)", lambda r: f"{r['full'].seconds:.1f}")
    row("ratio efa-kb ÷ plain (mean of both plain runs)",
        lambda r: f"{r['full'].seconds / _plain_mean(r):.2f}")
    row("`efa-kb build`, all states, caches warm, empty output (s)", lambda r: f"{r['warm'].seconds:.1f}")
    row("MkDocs alone: the states' projects, caches warm (s)", lambda r: f"{r['floor'].seconds:.1f}")
    row("ratio MkDocs alone ÷ plain", lambda r: f"{r['floor'].seconds / _plain_mean(r):.2f}")
    row("peak memory, efa-kb build (MB)", lambda r: f"{r['full'].peak_mb:.0f}")
    row("peak memory, plain build (MB)", lambda r: f"{r['plain'].peak_mb:.0f}")
    row("site size, all states (MB)", lambda r: f"{r['site_mb']:.0f}")
    row("HTML pages, all states", lambda r: f"{r['pages']}")
    row("FAQ page HTML, median / max (KB)", lambda r: f"{r['faq_median_kb']:.1f} / {r['faq_max_kb']:.1f}")
    row("rebuild, nothing changed (s)", lambda r: f"{r['unchanged'].seconds:.1f}")
    row("rebuild after one overlay changed (s)", lambda r: f"{r['overlay'].seconds:.1f}")
    row("full ÷ one-overlay rebuild", lambda r: f"{r['full'].seconds / r['overlay'].seconds:.1f}×")
    row("`incident publish` after one update (s)", lambda r: f"{r['incident'].seconds:.2f}")
    return "\n".join(lines)


def _plain_mean(result: dict[str, object]) -> float:
    first, second = result["plain"], result["plain_again"]
    assert isinstance(first, Run) and isinstance(second, Run)
    return (first.seconds + second.seconds) / 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    defaults = Sizes()
    for name, value in vars(defaults).items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=type(value), default=value)
    parser.add_argument("--work", type=Path, default=None, help="keep everything in this folder")
    parser.add_argument("--skip-growth", action="store_true", help="only the given size, not a tenth of it")
    args = parser.parse_args(argv)
    sizes = Sizes(**{name: getattr(args, name) for name in vars(defaults)})
    work = args.work or Path(tempfile.mkdtemp(prefix="efa-kb-federal-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}; work folder {work}", flush=True)
    results = []
    if not args.skip_growth:
        small = replace(sizes, articles=max(20, sizes.articles // 10))
        results.append(measure(small, work, f"{small.articles} articles"))
    results.append(measure(sizes, work, f"{sizes.articles} articles"))
    print()
    print(table(results))
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
