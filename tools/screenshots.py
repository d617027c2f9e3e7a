"""Screenshots of each page type's first screen, on a phone and a desktop, for reviewers.

``python tools/screenshots.py --out docs/screenshots`` builds the repository's sites into
a temporary folder (or takes a built one with ``--site``), serves it from 127.0.0.1 and
saves ``<type>-phone.png`` (390×844) and ``<type>-desktop.png`` (1280×800) with Debian's
chromium under Playwright (a test dependency: ``pip install -e '.[test]'``). The browser
tests use the same pages, sizes and server.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from efa_kb.index.browser import chromium, serve, settle

SIZES = {"phone": (390, 844), "desktop": (1280, 800)}
"""Viewport per width: a common phone, and a laptop screen."""

PAGE_TYPES = {
    "start": "be/",
    "service": "be/services/wohngeld/",
    "faq": "be/services/wohngeld/faq/ab-wann-gezahlt/",
    "workaround": "be/services/wohngeld/workarounds/upload-fehler-413/",
    "training": "be/services/wohngeld/training/erstkontakt-wohngeld-first-level/",
    "incident": "be/incidents/2026-11-28-wohngeld-upload/",
    "matrix": "be/kommunikationsmatrix/",
    "glossary": "be/glossar/",
    "xzufi": "be/services/wohngeld/leistungsbeschreibungen/",
    "leistung": "be/leistungen/b100019-10135410/",
}
"""One page of each type in the shipped example (Berlin: Wohngeld has two active incidents);
``xzufi`` is a service's list of Leistungen, ``leistung`` one Leistung's page."""

MORE_SHOTS = {
    "faq-municipality": "by/services/ikfz/faq/neuzulassung-online/",
    "not-found": "by/404.html",
}
"""Screenshots beyond the page types: a FAQ with a state's and a municipality's blocks, and
the 404 page (which a web server answers for a missing address)."""


def take(site: Path, out: Path, pages: dict[str, str] | None = None) -> list[Path]:
    """Save the first screen of each of ``pages`` (below ``site``; default: the page types and
    :data:`MORE_SHOTS`) at both sizes into ``out``.

    Pages missing from the build are left out (and reported on stderr).
    """
    pages = pages if pages is not None else {**PAGE_TYPES, **MORE_SHOTS}
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with serve(site) as (base, _traffic), chromium() as browser:
        for width_name, (width, height) in SIZES.items():
            context = browser.new_context(viewport={"width": width, "height": height}, reduced_motion="reduce")
            page = context.new_page()
            for name, path in pages.items():
                if not (site / path / "index.html").is_file() and not (site / path).is_file():
                    print(f"no page {path} in the build: {name} left out", file=sys.stderr)
                    continue
                page.goto(base + path)
                settle(page)
                target = out / f"{name}-{width_name}.png"
                page.screenshot(path=str(target), caret="hide", animations="disabled")
                written.append(target)
            context.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python tools/screenshots.py", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"), help="folder for the PNG files")
    parser.add_argument("--site", type=Path, help="an already built site folder (default: build --root)")
    parser.add_argument("--root", type=Path, default=Path("."), help="the knowledge-base repository")
    args = parser.parse_args(argv)
    if args.site:
        written = take(args.site.resolve(), args.out)
    else:
        from efa_kb.pipeline import build_sites
        from efa_kb.problems import ContentError

        with tempfile.TemporaryDirectory(prefix="efa-kb-screenshots-") as temp:
            site = Path(temp) / "site"
            try:
                report = build_sites(args.root.resolve(), site, progress=lambda message: None)
            except ContentError as error:
                for problem in error.problems:
                    print(problem, file=sys.stderr)
                return 1
            if not report.ok:
                print(f"the build failed: {', '.join(report.failed)}", file=sys.stderr)
                return 1
            written = take(site, args.out)
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
