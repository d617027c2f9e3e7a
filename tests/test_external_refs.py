"""The build-time guard for closed networks: nothing in a site may load from another host.

A knowledge-base repository's own ``theme/`` is layered over efa-kb's; if it brings in a
CDN script, a web font or an ``@import`` from another host, that state's build fails with
the file, line and URL, and its published site stays as it was.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from efa_kb.build.external import scan_site
from efa_kb.pipeline import build_sites
from tests.conftest import MINIMAL, write_files

THEME_WITH = '{%% extends "base.html" %%}\n{%% block extrahead %%}\n  %s\n{%% endblock %%}\n'


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def published(kb_repo, fixed_now, tmp_path):
    """A minimal repository whose Bavarian site is built and published once."""
    root = kb_repo(MINIMAL)
    out = tmp_path / "site"
    assert build_sites(root, out, progress=lambda m: None).ok
    return root, out, tree_digest(out / "by")


@pytest.mark.parametrize(("files", "url", "what"), [
    ({"theme/main.html": THEME_WITH % '<script src="https://cdn.example.org/lib.js"></script>'},
     "https://cdn.example.org/lib.js", "<script src>"),
    ({"theme/main.html": THEME_WITH % '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'},
     "https://fonts.googleapis.com/css?family=Roboto", "<link rel=stylesheet>"),
    ({"theme/main.html": THEME_WITH % '<link rel="preconnect" href="//fonts.gstatic.com">'},
     "//fonts.gstatic.com", "<link rel=preconnect>"),
    ({"theme/assets/stylesheets/efa.css": '@import "https://cdn.example.org/theme.css";\nbody { color: #000; }\n'},
     "https://cdn.example.org/theme.css", "css load"),
    ({"theme/assets/stylesheets/efa.css":
      '@font-face {\n  font-family: X;\n  src: url(https://fonts.example.org/x.woff2) format("woff2");\n}\n'},
     "https://fonts.example.org/x.woff2", "css load"),
    ({"theme/partials/copyright.html": '<img src="https://cdn.example.org/logo.png" alt="Logo">'},
     "https://cdn.example.org/logo.png", "<img src>"),
    ({"theme/partials/copyright.html": '<iframe src="https://maps.example.org/embed" title="Karte"></iframe>'},
     "https://maps.example.org/embed", "<iframe src>"),
    ({"theme/assets/javascripts/efa.js": 'new Worker("https://cdn.example.org/worker.js");\n'},
     "https://cdn.example.org/worker.js", "js load"),
    ({"theme/assets/javascripts/efa.js": 'function l(u){}\nl("https://cdn.example.org/loader.js");\n'},
     "https://cdn.example.org/loader.js", "js load"),
    ({"theme/assets/javascripts/efa.js": 'var s = document.createElement("script");\ns.src = "//cdn.example.org/x.js";\n'},
     "//cdn.example.org/x.js", "js load"),
    ({"theme/assets/javascripts/efa.js": 'var u = `https://cdn.example.org/${name}.js`;\n'},
     "https://cdn.example.org/${", "js load"),
], ids=["cdn-script", "google-font", "preconnect", "css-import", "font-face", "image", "frame", "worker",
        "loader-call", "script-src", "template-url"])
def test_theme_loading_from_another_host_fails_the_build(published, files, url, what):
    root, out, before = published
    write_files(root, files)
    report = build_sites(root, out, progress=lambda m: None)
    assert not report.ok and "by" in report.failed
    messages = report.failed["by"]
    assert any(url in m and what in m for m in messages), messages
    path, line = messages[0].split(":")[:2]
    assert (out / "by").as_posix() not in path and line.isdigit(), "site-relative path and a line number"
    assert tree_digest(out / "by") == before, "the published site stays as it was"
    assert not (out / ".staging").exists()


def test_theme_font_setting_never_reaches_google(kb_repo, fixed_now, tmp_path):
    """A repository asking Material for a web font gets system fonts: the theme drops the request."""
    root = kb_repo({**MINIMAL, "mkdocs.yml": "theme:\n  font:\n    text: Roboto\n    code: Roboto Mono\n"})
    out = tmp_path / "site"
    report = build_sites(root, out, progress=lambda m: None)
    assert report.ok, report.failed
    for page in (out / "by").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, page


def test_links_people_follow_are_not_loads(tmp_path):
    write_files(tmp_path, {
        "page/index.html": """
            <a href="https://www.example.org/antrag">Antrag</a>
            <a href="mailto:hilfe@example.org">E-Mail</a>
            <link rel="canonical" href="https://kb.example.org/by/">
            <img src="../assets/logo.png" alt="">
            <img src="data:image/png;base64,AAAA" alt="">
            <script src="/assets/app.js"></script>
        """,
        "assets/app.css": 'a::after { content: "https://example.org"; } .x { background: url(../img/x.png); }\n',
        "assets/app.js": 'var help = "https://www.example.org/hilfe"; fetch("incidents/active.json");\n',
    })
    assert scan_site(tmp_path) == []


def test_every_kind_of_load_is_found(tmp_path):
    write_files(tmp_path, {
        "page/index.html": """
            <script src="https://a.example.org/s.js"></script>
            <link rel="stylesheet" href="https://a.example.org/s.css">
            <link rel="icon" href="https://a.example.org/favicon.ico">
            <img srcset="/local.png 1x, https://a.example.org/i@2x.png 2x" alt="">
            <video poster="https://a.example.org/p.jpg"></video>
            <object data="https://a.example.org/o.pdf"></object>
            <div style="background: url('https://a.example.org/bg.png')"></div>
            <style>@import url("https://a.example.org/more.css");</style>
        """,
        "assets/app.js": 'importScripts("https://a.example.org/w.js");\nfetch("//a.example.org/data.json");\n',
    })
    found = {(r.path, r.url, r.what) for r in scan_site(tmp_path)}
    assert {url for _, url, _ in found} == {
        "https://a.example.org/s.js", "https://a.example.org/s.css", "https://a.example.org/favicon.ico",
        "https://a.example.org/i@2x.png", "https://a.example.org/p.jpg", "https://a.example.org/o.pdf",
        "https://a.example.org/bg.png", "https://a.example.org/more.css", "https://a.example.org/w.js",
        "//a.example.org/data.json",
    }
    assert all(line > 0 for line in (r.line for r in scan_site(tmp_path)))
