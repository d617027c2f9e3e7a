"""Each state's public address (site_url): sitemaps and feeds carry absolute URLs with the
state's folder, and the German 404 page works at any depth below the published sub-path."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

from efa_kb.load.states import load_states, state_site_url
from efa_kb.pipeline import build_sites
from efa_kb.problems import Problems
from tests.conftest import MINIMAL, write_files
from tests.subpath import crawl, fetch, links_of, serve_under_prefix

BAVARIA = textwrap.dedent(MINIMAL["overlays/by/state.yml"]).lstrip("\n")
INCIDENT = """
    ---
    title: Upload gestört
    service: wohngeld
    status: identified
    severity: degraded
    start: 2026-11-28 08:40
    workaround: Datei verkleinern.
    ---
    Uploads über 2 MB schlagen fehl.
    """


@pytest.mark.parametrize(("mkdocs", "own", "expected"), [
    ("site_url: https://kb.example.org/kb/{state}/\n", None, "https://kb.example.org/kb/by/"),
    ("site_url: 'https://kb.example.org/kb'  # the output folder\n", None, "https://kb.example.org/kb/by/"),
    ("site_url: https://kb.example.org/{state}\n", "https://wissen.bayern.example.org", "https://wissen.bayern.example.org/"),
    ("", "https://wissen.bayern.example.org/kb/", "https://wissen.bayern.example.org/kb/"),
    ("", None, None),
])
def test_each_state_gets_its_own_site_url(kb_repo, mkdocs, own, expected):
    state = BAVARIA + (f"site_url: {own}\n" if own else "")
    root = kb_repo({**MINIMAL, "overlays/by/state.yml": state, **({"mkdocs.yml": mkdocs} if mkdocs else {})})
    problems = Problems()
    assert load_states(root, problems)["by"].site_url == expected
    assert problems.items == []
    assert state_site_url(root, "by") == expected


def test_a_site_url_that_is_no_address_is_refused(kb_repo):
    root = kb_repo({**MINIMAL, "overlays/by/state.yml": BAVARIA + "site_url: kb.example.org/by\n"})
    problems = Problems()
    assert load_states(root, problems)["by"].site_url is None
    assert [str(p) for p in problems.errors] == [
        ("overlays/by/state.yml:4: Fehler [invalid-value]: 'site_url' muss die http(s)-Adresse der veröffentlichten "
        "Landesseite sein, ist aber 'kb.example.org/by'\n    Lösung: Schreiben Sie site_url: https://kb.example.org/by/")]


@pytest.fixture(scope="module")
def addressed_site(tmp_path_factory) -> Path:
    """Two states: Bavaria from the repository's pattern, Berlin at an address of its own."""
    root = write_files(tmp_path_factory.mktemp("addressed") / "kb", {
        **MINIMAL,
        "mkdocs.yml": "site_url: https://kb.example.org/kb/{state}/\n",
        "overlays/be/state.yml": """
            name: Berlin
            ars_prefix: 11
            services: [wohngeld]
            site_url: https://wissen.berlin.example.org/
        """,
        "content/incidents/2026-11-28-upload.md": INCIDENT,
    })
    out = root / "site"
    report = build_sites(root, out, progress=lambda m: None)
    assert report.ok, report.failed
    return out


def test_sitemaps_list_absolute_urls_in_the_states_folder(addressed_site):
    by = (addressed_site / "by/sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", by)
    assert "https://kb.example.org/kb/by/" in locations
    assert "https://kb.example.org/kb/by/services/wohngeld/faq/antrag-absenden/" in locations
    assert all(loc.startswith("https://kb.example.org/kb/by/") for loc in locations), locations
    be = (addressed_site / "be/sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://wissen.berlin.example.org/services/wohngeld/faq/antrag-absenden/</loc>" in be


def test_feeds_carry_absolute_links_when_the_address_is_known(addressed_site):
    atom = (addressed_site / "by/incidents/feed.atom").read_text(encoding="utf-8")
    assert '<link href="https://kb.example.org/kb/by/incidents/feed.atom" rel="self"' in atom
    assert '<link href="https://kb.example.org/kb/by/incidents/2026-11-28-upload/"/>' in atom
    feed = json.loads((addressed_site / "by/incidents/feed.json").read_text(encoding="utf-8"))
    assert feed["home_page_url"] == "https://kb.example.org/kb/by/incidents/"
    assert feed["feed_url"] == "https://kb.example.org/kb/by/incidents/feed.json"
    assert feed["items"][0]["url"] == "https://kb.example.org/kb/by/incidents/2026-11-28-upload/"
    active = json.loads((addressed_site / "by/incidents/active.json").read_text(encoding="utf-8"))
    assert active["active"][0]["url"] == "incidents/2026-11-28-upload/", "the site's own script resolves it"
    berlin = json.loads((addressed_site / "be/incidents/feed.json").read_text(encoding="utf-8"))
    assert berlin["items"][0]["url"] == "https://wissen.berlin.example.org/incidents/2026-11-28-upload/"


def test_the_404_page_links_from_the_published_path_at_any_depth(addressed_site):
    with serve_under_prefix(addressed_site) as kb:
        missing = f"{kb}by/services/gibt/es/nicht/"
        status, body, _kind = fetch(missing)
        page = body.decode("utf-8")
        assert status == 404
        assert "<title>Seite nicht gefunden – Wissensdatenbank Bayern</title>" in page
        assert "<h1>Seite nicht gefunden</h1>" in page and "404 - Not found" not in page
        assert '<link rel="stylesheet" href="/kb/by/assets/stylesheets/efa.css">' in page
        assert "document.createElement(\"base\")" not in page, "with a site_url no script is needed"
        links = links_of(missing, page)
        assert f"{kb}by/incidents/" in links and f"{kb}by/kommunikationsmatrix/" in links
        seen, broken = crawl(f"{kb}by/", within=f"{kb}by/", extra=(missing,))
    assert broken == []
    assert seen[missing] == 404 and len(seen) > 20
