"""The not-found report end to end: the example built, served by a web server that writes an
access log, searched in headless Chromium, and ``efa-kb report`` run on that log.

Bavaria reports its searches (the default); Schleswig-Holstein has ``search_report: false``
and must send nothing.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from efa_kb.cli import main
from efa_kb.index.browser import serve
from efa_kb.pipeline import build_sites
from tests.browser.conftest import PHONE, settle
from tests.conftest import copy_example

pytestmark = pytest.mark.browser

BEACON = "/search/beacon.txt"


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[str, Path, Path]]:
    """The example (Schleswig-Holstein with search_report: false) built for by and sh and
    served with an access log: yields (base URL, log file, output folder)."""
    work = tmp_path_factory.mktemp("report")
    root = copy_example(work / "repo")
    state_yml = root / "overlays" / "sh" / "state.yml"
    state_yml.write_text(state_yml.read_text("utf-8") + "search_report: false\n", "utf-8")
    out = work / "site"
    report = build_sites(root, out, states=["by", "sh"], progress=lambda m: None)
    assert report.ok, report.failed
    log = work / "access.log"
    with serve(out, access_log=log) as (url, _traffic):
        yield url, log, out
    shutil.rmtree(work, ignore_errors=True)


def beacon_lines(log: Path) -> list[str]:
    return [line for line in log.read_text("utf-8").splitlines() if BEACON in line] if log.exists() else []


def wait_for_beacons(page, log: Path, count: int) -> list[str]:
    """The log's beacon lines once it holds ``count`` of them (or after 20 s of waiting)."""
    for _ in range(200):
        if len(beacon_lines(log)) >= count:
            break
        page.wait_for_timeout(100)
    return beacon_lines(log)


def done(page, query: str) -> None:
    page.wait_for_selector(f"[data-efa-search][data-efa-done='{query}']")


def search_and_enter(page, query: str) -> None:
    """Type a query and press Enter in the box (with no results: reports the search at once)."""
    page.fill("#efa-search-input", query)
    done(page, query)
    with page.expect_request(lambda r: BEACON in r.url):
        page.press("#efa-search-input", "Enter")


def report_json(log: Path, *extra: str) -> dict:
    result = CliRunner().invoke(main, ["report", "--access-log", str(log), "--format", "json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_searches_reach_the_report(browser, served):
    url, log, _ = served
    context = browser.new_context(viewport={"width": PHONE[0], "height": PHONE[1]})
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto(url + "by/")
    settle(page)

    # results settle on screen, nobody opens them: reported after the box has been quiet
    page.fill("#efa-search-input", "kfz abmelden")
    done(page, "kfz abmelden")
    with page.expect_request(lambda r: BEACON in r.url, timeout=15_000):
        pass
    hits_kfz = page.locator("#efa-search-results [role=option]").count()
    assert hits_kfz > 0

    # queries without results, confirmed with Enter
    search_and_enter(page, "xyzzyqq")
    search_and_enter(page, "gibtsnichtwortx")
    search_and_enter(page, "xyzzyqq")

    # a query that looks like personal data is never sent (Escape closes the list, Enter
    # then confirms the query without opening a result)
    page.fill("#efa-search-input", "rückruf 0171 2345678")
    done(page, "rückruf 0171 2345678")
    page.press("#efa-search-input", "Escape")
    page.press("#efa-search-input", "Enter")

    # a result opened with the keyboard
    page.fill("#efa-search-input", "evb")
    done(page, "evb")
    page.press("#efa-search-input", "ArrowDown")
    with page.expect_navigation():
        page.press("#efa-search-input", "Enter")
    settle(page)

    # the article page has the box too: the same query again, left unopened
    page.fill("#efa-search-input", "kfz abmelden")
    done(page, "kfz abmelden")
    lines = wait_for_beacons(page, log, 7)
    context.close()

    assert len(lines) == 7, lines
    assert not [u for u in requests if BEACON in u and "2345678" in u], "personal query sent"
    assert "2345678" not in log.read_text("utf-8")

    week = report_json(log, "--min-count", "1")["states"]["by"]
    assert len(week) == 1, "one week of searches"
    (counts,) = week.values()
    assert counts["searches"] == 6
    assert counts["without_results"] == 3
    assert counts["opened"] == 1
    assert counts["omitted"] == 0
    top = {item["query"]: item["count"] for item in counts["top"]}
    assert top == {"kfz abmelden": 2, "xyzzyqq": 2, "gibtsnichtwortx": 1, "evb": 1}
    assert counts["no_results"] == [{"query": "xyzzyqq", "count": 2}, {"query": "gibtsnichtwortx", "count": 1}]
    assert counts["not_opened"] == [{"query": "kfz abmelden", "count": 2}]
    assert counts["with_results_not_opened"] == 2

    # the default report (Markdown, queries seen at least twice) lists the misses for the MiV
    result = CliRunner().invoke(main, ["report", "--access-log", str(log)])
    assert result.exit_code == 0, result.output
    misses = result.stdout.split("### Suchen ohne Treffer", 1)[1].split("###", 1)[0]
    assert "| xyzzyqq | 2 |" in misses
    assert "gibtsnichtwortx" not in result.stdout, "a query typed once is not listed"
    assert "127.0.0.1" not in result.stdout and "HeadlessChrome" not in result.stdout
    assert "127.0.0.1" in log.read_text("utf-8"), "the log itself is a real combined-format log"


def test_a_state_that_switched_it_off_sends_nothing(browser, served):
    url, log, out = served
    assert not (out / "sh" / "search" / "beacon.txt").exists()
    assert (out / "by" / "search" / "beacon.txt").exists()
    before = len(beacon_lines(log))
    context = browser.new_context()
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto(url + "sh/")
    settle(page)
    page.fill("#efa-search-input", "xyzzyqq")
    done(page, "xyzzyqq")
    page.press("#efa-search-input", "Enter")
    page.fill("#efa-search-input", "kfz abmelden")
    done(page, "kfz abmelden")
    page.wait_for_timeout(3_000)  # longer than the box waits before it reports a settled search
    page.press("#efa-search-input", "ArrowDown")
    with page.expect_navigation():
        page.press("#efa-search-input", "Enter")
    settle(page)
    context.close()
    assert any("/sh/search/" in u for u in requests), "the search itself ran"
    assert not [u for u in requests if "beacon" in u]
    assert len(beacon_lines(log)) == before
    assert report_json(log, "--state", "sh")["states"] == {}
