"""``efa-kb report``: access logs (common, combined, gzip) read into per-state weekly reports.

The logs are real files in tmp_path, written as nginx and Apache write them; the report is
checked through the command line in all three formats.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path
from urllib.parse import urlencode

import markdown
from click.testing import CliRunner

from efa_kb.cli import main

IP = "203.0.113.77"
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) GeheimerBrowser/1.0"
REFERRER = "https://kb.example.org/by/services/wohngeld/?ref=geheim"


def beacon(query: str, hits: int, *, state: str = "by", opened: int = 0, prefix: str = "/kb/by/") -> str:
    params = {"e": "o" if opened else "q", "q": query, "n": str(hits), "v": "1", "s": state, "z": "k3j2h1"}
    if opened:
        params["r"] = str(opened)
    return f"{prefix}search/beacon.txt?{urlencode(params)}"


def combined(path: str, when: str = "01/Dec/2026:10:15:00 +0100", status: int = 200) -> str:
    return f'{IP} - - [{when}] "GET {path} HTTP/1.1" {status} 243 "{REFERRER}" "{USER_AGENT}"\n'


def common(path: str, when: str = "01/Dec/2026:10:15:00 +0100", status: int = 200) -> str:
    return f'{IP} - agent7 [{when}] "GET {path} HTTP/1.1" {status} 243\n'


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["report", *args])
    assert isinstance(result.exception, (SystemExit, type(None))), result.exception
    return result.exit_code, result.stdout, result.stderr


def as_json(*logs: Path, extra: tuple[str, ...] = ()) -> dict:
    args = [a for log in logs for a in ("--access-log", str(log))]
    code, out, err = run(*args, "--format", "json", *extra)
    assert code == 0, err
    return json.loads(out)


WEEK = "2026-W49"  # 30 Nov – 6 Dec 2026


def test_counts_top_queries_misses_and_unopened_results(tmp_path):
    log = tmp_path / "access.log"
    log.write_text("".join([
        combined(beacon("Wohngeld Antrag", 7)),
        combined(beacon("wohngeld  antrag", 7)),
        combined(beacon("wohngeld antrag", 7, opened=2)),
        combined(beacon("kfz abmelden", 4)),
        combined(beacon("kfz abmelden", 4)),
        combined(beacon("xyzzyqq", 0)),
        combined(beacon("xyzzyqq", 0)),
        combined(beacon("xyzzyqq", 0)),
        combined(beacon("einmal gesucht", 0)),
        combined("/kb/by/services/wohngeld/"),                          # a page, not a search
        combined(beacon("nicht gefunden", 0), status=404),              # not the beacon served
        combined(beacon("hund", 1).replace("e=q", "e=x")),              # unknown event
    ]), encoding="utf-8")
    week = as_json(log)["states"]["by"][WEEK]
    assert week["searches"] == 8
    assert week["without_results"] == 4
    assert week["opened"] == 1
    assert week["top"] == [{"query": "xyzzyqq", "count": 3}, {"query": "kfz abmelden", "count": 2},
                           {"query": "wohngeld antrag", "count": 2}]
    assert week["no_results"] == [{"query": "xyzzyqq", "count": 3}]
    assert week["not_opened"] == [{"query": "kfz abmelden", "count": 2}]
    assert week["with_results_not_opened"] == 3  # kfz abmelden twice, wohngeld antrag once
    # a query typed once may hold a name: listed only with --min-count 1
    once = as_json(log, extra=("--min-count", "1"))["states"]["by"][WEEK]
    assert {"query": "einmal gesucht", "count": 1} in once["no_results"]
    assert {"query": "wohngeld antrag", "count": 1} in once["not_opened"]


def test_common_and_combined_formats_gzip_and_several_files(tmp_path):
    plain = tmp_path / "access.log"
    plain.write_text(common(beacon("elterngeld", 3)) + common(beacon("elterngeld", 3)), encoding="utf-8")
    rotated = tmp_path / "access.log.1.gz"
    with gzip.open(rotated, "wt", encoding="utf-8") as out:
        out.write(combined(beacon("elterngeld", 3)) + combined(beacon("zb2 verloren", 0)))
    unnamed = tmp_path / "access.log.2"  # gzip without the .gz name
    unnamed.write_bytes(gzip.compress(combined(beacon("zb2 verloren", 0)).encode()))
    vhost = tmp_path / "vhost.log"       # Apache's vhost_combined: the host in front
    vhost.write_text("kb.example.org:443 " + combined(beacon("elterngeld", 3)), encoding="utf-8")
    # the IP-less log of the MiV guide: log_format efa_suche '- - - [$time_local] "$request" ...'
    anonymous = tmp_path / "efa-suche.log"
    anonymous.write_text(f'- - - [01/Dec/2026:10:15:00 +0100] "GET {beacon("elterngeld", 3)} HTTP/1.1" 200 243\n',
                         encoding="utf-8")
    data = as_json(plain, rotated, unnamed, vhost, anonymous)
    week = data["states"]["by"][WEEK]
    assert data["files"] == 5 and data["lines"] == 7
    assert week["top"] == [{"query": "elterngeld", "count": 5}, {"query": "zb2 verloren", "count": 2}]
    assert week["no_results"] == [{"query": "zb2 verloren", "count": 2}]


def test_per_state_and_iso_week(tmp_path):
    log = tmp_path / "access.log"
    sunday = "06/Dec/2026:23:59:59 +0100"
    monday = "07/Dec/2026:00:00:01 +0100"
    log.write_text("".join([
        combined(beacon("ausweis", 2), sunday), combined(beacon("ausweis", 2), sunday),
        combined(beacon("ausweis", 2), monday),
        combined(beacon("ausweis", 2, state="sh", prefix="/kb/sh/"), monday),
        # no state parameter: the state is the folder the site is served from
        combined("/kb/be/search/beacon.txt?e=q&q=ausweis&n=2", monday),
        # a state parameter that is no state code is not believed
        combined("/kb/be/search/beacon.txt?e=q&q=ausweis&n=2&s=%3Cb%3E", monday),
        # a site served at the root, no state named: counted without a state
        combined("/search/beacon.txt?e=q&q=ausweis&n=2", monday),
    ]), encoding="utf-8")
    states = as_json(log, extra=("--min-count", "1"))["states"]
    assert states["by"]["2026-W49"]["searches"] == 2
    assert states["by"]["2026-W50"]["searches"] == 1
    assert states["sh"]["2026-W50"]["searches"] == 1
    assert states["be"]["2026-W50"]["searches"] == 2
    assert states[""]["2026-W50"]["searches"] == 1
    assert set(states) == {"by", "sh", "be", ""}
    only = as_json(log, extra=("--state", "SH"))["states"]
    assert set(only) == {"sh"}
    _, out, _ = run("--access-log", str(log))
    assert "## BY, KW 49/2026 (30.11.–06.12.2026)" in out
    assert "## BY, KW 50/2026 (07.12.–13.12.2026)" in out
    assert "## Ohne Landeskennung, KW 50/2026" in out


def test_only_query_text_reaches_the_report(tmp_path):
    log = tmp_path / "access.log"
    log.write_text("".join([
        combined(beacon("wohngeld", 5)), combined(beacon("wohngeld", 5)),
        combined(beacon("max.mustermann@example.org", 0)),
        combined(beacon("rückruf 0171 2345678", 0)), combined(beacon("rückruf 0171 2345678", 0)),
        combined(beacon("aktenzeichen 2026/004711", 3, opened=1)),
        combined(beacon("geboren 12.03.1980", 0)),
    ]), encoding="utf-8")
    for fmt in ("markdown", "csv", "json"):
        code, out, err = run("--access-log", str(log), "--format", fmt, "--min-count", "1")
        assert code == 0, err
        assert "wohngeld" in out
        for secret in (IP, "GeheimerBrowser", "Mozilla", "ref=geheim", "agent7", "10:15",
                       "mustermann", "2345678", "004711", "1980"):
            assert secret not in out, (fmt, secret)
    week = as_json(log)["states"]["by"][WEEK]
    assert week["omitted"] == 5 and week["searches"] == 2 and week["opened"] == 0
    code, out, _ = run("--access-log", str(log))
    assert "5 Suchen mit Ziffernfolgen oder E-Mail-Adressen sind nicht aufgeführt." in out


def test_markdown_report_escapes_query_text(tmp_path):
    hostile = ["<script>alert(1)</script>", "[hier klicken](javascript:alert(1))",
               "![bild](http://evil.example/x.png)", "**fett** | neue spalte", "`code` _kursiv_ \\"]
    log = tmp_path / "access.log"
    log.write_text("".join(combined(beacon(q, 0)) * 2 for q in hostile), encoding="utf-8")
    code, out, err = run("--access-log", str(log))
    assert code == 0, err
    html = markdown.markdown(out, extensions=["tables"])
    for tag in ("<script", "<a ", "<img", "<strong", "<em", "<code"):
        assert tag not in html, tag
    rows = [line for line in out.splitlines() if line.startswith("| ") and "Suchtext" not in line]
    assert rows and all(line.count(" | ") == 1 for line in rows), "a query never opens a new cell"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "**fett** | neue spalte" in html


def test_csv_report_does_not_run_formulas(tmp_path):
    log = tmp_path / "access.log"
    log.write_text(combined(beacon("=HYPERLINK(\"http://evil\")", 0)) * 2
                   + combined(beacon("gewerbe, anmelden", 2)) * 2, encoding="utf-8")
    code, out, err = run("--access-log", str(log), "--format", "csv")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["state", "week", "list", "query", "count"]
    queries = {row[3] for row in rows[1:]}
    assert "'=hyperlink(\"http://evil\")" in queries
    assert "gewerbe, anmelden" in queries
    assert ["by", WEEK, "searches", "", "4"] in rows
    assert ["by", WEEK, "without_results", "", "2"] in rows


def test_garbled_file_is_an_error_naming_file_and_line(tmp_path):
    log = tmp_path / "access.log"
    log.write_text(combined(beacon("wohngeld", 5)) + combined(beacon("wohngeld", 5))
                   + "2026/12/01 10:15:00 [error] 1234#0: open() failed\n"
                   + combined(beacon("wohngeld", 5)), encoding="utf-8")
    code, out, err = run("--access-log", str(log))
    assert code == 1 and not out
    assert f"{log}:3: " in err
    assert "Common oder Combined Log Format" in err
    assert "Traceback" not in err


def test_bad_time_and_many_bad_lines(tmp_path):
    log = tmp_path / "access.log"
    log.write_text(combined(beacon("wohngeld", 5), when="gestern") + "kaputt\n" * 20, encoding="utf-8")
    code, _, err = run("--access-log", str(log))
    assert code == 1
    assert f"{log}:1: " in err and "[gestern]" in err
    assert f"{log}:5: " in err and err.count("keine Zeile im Common oder Combined Log Format") == 5
    assert "und 16 weitere Zeilen" in err


def test_binary_and_broken_gzip_files_are_errors(tmp_path):
    binary = tmp_path / "bild.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    code, _, err = run("--access-log", str(binary))
    assert code == 1 and f"{binary}:1: " in err and "Traceback" not in err

    truncated = tmp_path / "access.log.gz"
    whole = gzip.compress("".join(combined(beacon(f"suche {n}", 1)) for n in range(2000)).encode())
    truncated.write_bytes(whole[: len(whole) // 2])
    code, _, err = run("--access-log", str(truncated))
    assert code == 1 and str(truncated) in err and "gzip" in err and "Traceback" not in err

    missing = tmp_path / "weg.log"
    code, _, err = run("--access-log", str(missing))
    assert code == 2 and "weg.log" in err


def test_a_line_still_being_written_is_skipped(tmp_path):
    log = tmp_path / "access.log"
    log.write_text(combined(beacon("wohngeld", 5)) * 2 + combined(beacon("wohngeld", 5))[:40],
                   encoding="utf-8")
    week = as_json(log)["states"]["by"][WEEK]
    assert week["searches"] == 2


def test_escaped_quotes_and_other_requests_are_readable(tmp_path):
    log = tmp_path / "access.log"
    log.write_text(
        f'{IP} - - [01/Dec/2026:10:15:00 +0100] "GET /a\\"b HTTP/1.1" 404 0 "-" "-"\n'       # Apache
        f'{IP} - - [01/Dec/2026:10:15:00 +0100] "\\x16\\x03\\x01\\x00" 400 157 "-" "-"\n'   # nginx, TLS probe
        f'{IP} - - [01/Dec/2026:10:15:00 +0100] "-" 408 0 "-" "-"\n'
        f'{IP} - - [01/Dec/2026:10:15:00 +0100] "POST {beacon("post", 1)} HTTP/1.1" 200 0 "-" "-"\n'
        + combined(beacon("wohngeld", 5), status=304),
        encoding="utf-8")
    data = as_json(log, extra=("--min-count", "1"))
    assert data["states"]["by"][WEEK]["top"] == [{"query": "wohngeld", "count": 1}]


def test_output_file_and_empty_logs(tmp_path):
    log = tmp_path / "access.log"
    log.write_text(combined("/kb/by/"), encoding="utf-8")
    target = tmp_path / "bericht.md"
    code, out, err = run("--access-log", str(log), "--output", str(target))
    assert code == 0 and not out, err
    assert "Die Protokolle enthalten keine Suchen." in target.read_text("utf-8")
    code, _, err = run("--access-log", str(log), "--output", str(tmp_path / "nicht-da" / "b.md"))
    assert code == 1 and "nicht-da" in err and "Traceback" not in err
    code, _, err = run()
    assert code == 2 and "--access-log" in err
