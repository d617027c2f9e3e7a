"""``efa-kb report``: what agents searched for, read from the states' web server logs (S6).

The site's search box reports each search to the state's own web server: when its
results have settled, on Enter, when the page is left and when a result is opened, it
requests ``search/beacon.txt`` with the query (``q``), the number of hits (``n``), the rank
of an opened result (``r``), what happened (``e=q`` searched, ``e=o`` opened) and the
state's code (``s``). The server's ordinary access log records the request; this module
reads such logs (common and combined log format, also with a leading virtual host,
gzip-compressed or not) and counts, per state and ISO week, the top queries, the queries
without results and the queries whose results nobody opened.

Only the query text is kept: client addresses, user names, referrers and user agents in
the log are never read into the report, times no finer than the week. A query that looks
like personal data (an e-mail address, a phone, case or file number) is left out and only
counted, and the lists show only queries searched at least ``min_count`` times in a week.
Query text comes from whoever can reach the server, so every output escapes it.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from efa_kb.index.site_index import BEACON
from efa_kb.problems import ContentError, Problem

BEACON_PATH = "/search/" + BEACON
"""The path every report request ends in."""

FORMATS = ("markdown", "csv", "json")
"""Output formats of :func:`render`."""

PERSONAL = re.compile(r"@|\d[\d\s/.-]{4,}\d")
"""Queries that may carry personal data: e-mail addresses, phone, case and file numbers
(six digits or more, also with spaces, dots, dashes or slashes between them). The search
box (``efa-search.js``, the same pattern) never sends them; a log written by an older site
or a hand-made request may still hold them."""

_LINE = re.compile(
    r'^\S+(?: \S+){2,3} \[(?P<time>[^\]]+)\] "(?P<request>(?:[^"\\]|\\.)*)" (?P<status>\d{3}) \S+'
)
"""The start of a common or combined log format line, optionally with the virtual host in
front (Apache's ``vhost_combined``); a quote inside the request is escaped (``\\"``) or hex
(``\\x22``). What follows the size (referrer, user agent) is never read."""

_STATE = re.compile(r"^[a-z]{2}$")
"""A state's code as the search box sends it (the overlay folder's name)."""

MAX_QUERY = 100
"""Longest query text kept (the search box sends no more)."""

MAX_PROBLEMS_PER_FILE = 5
"""Garbled lines named per file; the rest are counted."""


@dataclass(frozen=True)
class SearchEvent:
    """One reported search or opened result."""

    state: str
    """The state's code (``by``), empty when the request named none."""
    week: tuple[int, int]
    """ISO year and week of the request."""
    opened: bool
    """True for an opened result (``e=o``), False for a search (``e=q``)."""
    query: str
    """The query, lower case, white space collapsed (:func:`normalise`)."""
    hits: int
    """Number of results the query had."""
    rank: int = 0
    """Rank of the opened result (1 = first), 0 for a search."""


@dataclass
class WeekReport:
    """One state's searches in one ISO week."""

    state: str
    """The state's code."""
    week: tuple[int, int]
    """ISO year and week."""
    searches: int = 0
    """Reported searches (personal-looking ones not included)."""
    opened: int = 0
    """Results opened."""
    omitted: int = 0
    """Searches and openings left out because the query looked like personal data."""
    queries: Counter[str] = field(default_factory=Counter)
    """Searches per query."""
    without_results: Counter[str] = field(default_factory=Counter)
    """Searches per query that found nothing."""
    with_results: Counter[str] = field(default_factory=Counter)
    """Searches per query that found something."""
    opens: Counter[str] = field(default_factory=Counter)
    """Opened results per query."""

    def not_opened(self) -> Counter[str]:
        """Per query with results: how many of its searches opened none of them."""
        return Counter({q: n - self.opens[q] for q, n in self.with_results.items() if n > self.opens[q]})

    @property
    def key(self) -> str:
        """``2026-W49``."""
        return f"{self.week[0]}-W{self.week[1]:02d}"

    @property
    def label(self) -> str:
        """``KW 49/2026 (30.11.–06.12.2026)``: the week with its Monday and Sunday."""
        monday = date.fromisocalendar(self.week[0], self.week[1], 1)
        sunday = monday + timedelta(days=6)
        return f"KW {self.week[1]}/{self.week[0]} ({monday:%d.%m.}–{sunday:%d.%m.%Y})"


@dataclass
class Report:
    """Everything the logs held, by state and week."""

    weeks: dict[tuple[str, tuple[int, int]], WeekReport] = field(default_factory=dict)
    """The weeks by (state, ISO week)."""
    lines: int = 0
    """Log lines read."""
    files: int = 0
    """Log files read."""

    def add(self, event: SearchEvent) -> None:
        """Count one event into its state's week."""
        key = (event.state, event.week)
        week = self.weeks.get(key)
        if week is None:
            week = self.weeks[key] = WeekReport(event.state, event.week)
        if PERSONAL.search(event.query):
            week.omitted += 1
        elif event.opened:
            week.opened += 1
            week.opens[event.query] += 1
        else:
            week.searches += 1
            week.queries[event.query] += 1
            (week.with_results if event.hits else week.without_results)[event.query] += 1

    def ordered(self) -> list[WeekReport]:
        """State by state, the weeks in order."""
        return [self.weeks[key] for key in sorted(self.weeks)]


def normalise(query: str) -> str:
    """A query as counted: lower case, control and format characters (bidi overrides) gone,
    runs of white space one space, at most :data:`MAX_QUERY` characters."""
    visible = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in query)
    return " ".join(visible.lower().split())[:MAX_QUERY]


class NotALogLine(ValueError):
    """A line that is not in common or combined log format."""


def parse_line(line: str) -> SearchEvent | None:
    """The search event of a log line if it is a successful report request, else None;
    :class:`NotALogLine` if the line is no common or combined log format line."""
    match = _LINE.match(line)
    if match is None:
        raise NotALogLine("")
    try:
        moment = datetime.strptime(match["time"], "%d/%b/%Y:%H:%M:%S %z")
    except ValueError:
        raise NotALogLine(f"Zeitangabe [{match['time'][:40]}] nicht wie 01/Dec/2026:10:15:00 +0100") from None
    status = int(match["status"])
    parts = match["request"].split(" ")
    if not (200 <= status < 300 or status == 304) or len(parts) < 2 or parts[0] != "GET":
        return None
    target = urlsplit(parts[1])
    if not target.path.endswith(BEACON_PATH):
        return None
    fields = {key: values[0] for key, values in
              parse_qs(target.query, keep_blank_values=True, errors="replace").items()}
    query = normalise(fields.get("q", ""))
    kind = fields.get("e", "")
    if not query or kind not in ("q", "o"):
        return None
    sent = fields.get("s", "").lower()
    state = sent if _STATE.match(sent) else _state_from_path(target.path)
    year, week, _ = moment.isocalendar()
    return SearchEvent(state=state, week=(year, week), opened=kind == "o", query=query,
                       hits=_number(fields.get("n")), rank=_number(fields.get("r")))


def _state_from_path(path: str) -> str:
    """``/kb/by/search/beacon.txt`` → ``by`` (a site served below its state's code), else ``""``."""
    head = path[: -len(BEACON_PATH)].strip("/")
    code = head.rsplit("/", 1)[-1].lower() if head else ""
    return code if _STATE.match(code) else ""


def _number(text: str | None) -> int:
    try:
        return max(0, int(text or 0))
    except ValueError:
        return 0


def read_lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, line) of a log file, gunzipped if it is gzip-compressed (whatever its
    name); :class:`ContentError` naming the file and the line where reading broke off."""
    number = 0
    try:
        with path.open("rb") as raw:
            magic = raw.read(2)
        opener = gzip.open if magic == b"\x1f\x8b" else open
        with opener(path, "rt", encoding="utf-8", errors="replace") as text:
            for number, line in enumerate(text, 1):
                yield number, line
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise ContentError([Problem(
            path=str(path), line=number + 1,
            message=f"die gzip-Datei ist beschädigt oder unvollständig ({exc or 'vorzeitiges Ende'})",
            fix="Geben Sie die vollständige Protokolldatei an (gzip -t DATEI prüft sie)", code="log-gzip-broken")]) from None
    except OSError as exc:
        raise ContentError([Problem(
            path=str(path), line=number + 1 if number else None,
            message=f"kann nicht gelesen werden: {exc.strerror or exc}",
            fix="Geben Sie ein lesbares Zugriffsprotokoll des Webservers an (unkomprimiert oder .gz)", code="log-unreadable")]) from None


def build_report(paths: Iterable[Path], states: Sequence[str] = ()) -> Report:
    """Read the access logs and count their searches (of ``states`` only, when given).

    Every file is read to its end; lines that are no common or combined log format are
    errors (at most :data:`MAX_PROBLEMS_PER_FILE` named per file), raised together as one
    :class:`ContentError` once all files are read. Blank lines are skipped, and so is a last
    line without its line break after readable ones: the server is still writing it.
    """
    wanted = {s.lower() for s in states}
    report = Report()
    problems: list[Problem] = []
    for path in paths:
        report.files += 1
        bad: list[int] = []
        good = 0
        for number, line in read_lines(path):
            report.lines += 1
            if not line.strip():
                continue
            try:
                event = parse_line(line)
            except NotALogLine as exc:
                if line.endswith("\n") or not good:
                    bad.append(number)
                    if len(bad) <= MAX_PROBLEMS_PER_FILE:
                        problems.append(_garbled(path, number, line, str(exc)))
                continue
            good += 1
            if event is not None and (not wanted or event.state in wanted):
                report.add(event)
        if len(bad) > MAX_PROBLEMS_PER_FILE:
            problems.append(Problem(
                path=str(path), line=bad[MAX_PROBLEMS_PER_FILE],
                message=f"und {len(bad) - MAX_PROBLEMS_PER_FILE} weitere Zeilen in keinem lesbaren Format",
                fix="Geben Sie nur Zugriffsprotokolle im Common oder Combined Log Format an", code="log-garbled"))
    if problems:
        raise ContentError(problems, "Kein Suchbericht erstellt: die Protokolle enthalten unlesbare Zeilen.")
    return report


def _garbled(path: Path, number: int, line: str, why: str) -> Problem:
    shown = line.rstrip("\r\n")
    excerpt = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in shown[:60])
    excerpt += "…" if len(shown) > 60 else ""
    return Problem(
        path=str(path), line=number,
        message=f"keine Zeile im Common oder Combined Log Format{f' ({why})' if why else ''}: „{excerpt}“",
        fix="Geben Sie die Zugriffsprotokolle des Webservers an, im Format combined oder common (nginx: "
            "access_log … combined; Apache: CustomLog … combined); Fehlerprotokolle enthalten keine Suchen",
        code="log-garbled")


def _top(counter: Counter[str], top: int, min_count: int) -> list[tuple[str, int]]:
    ranked = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    return [(q, n) for q, n in ranked if n >= min_count][:top]


def render(report: Report, fmt: str = "markdown", top: int = 20, min_count: int = 2) -> str:
    """The report as Markdown (German, for the MiV), CSV or JSON.

    Lists show at most ``top`` queries, each searched at least ``min_count`` times in the
    week: a query typed once may hold a caller's name.
    """
    if fmt == "json":
        return _json(report, top, min_count)
    if fmt == "csv":
        return _csv(report, top, min_count)
    return _markdown(report, top, min_count)


def _lists(week: WeekReport, top: int, min_count: int) -> dict[str, list[tuple[str, int]]]:
    return {
        "top": _top(week.queries, top, min_count),
        "no_results": _top(week.without_results, top, min_count),
        "not_opened": _top(week.not_opened(), top, min_count),
    }


def _totals(week: WeekReport) -> dict[str, int]:
    return {"searches": week.searches, "without_results": sum(week.without_results.values()),
            "with_results_not_opened": sum(week.not_opened().values()), "opened": week.opened,
            "omitted": week.omitted}


def _json(report: Report, top: int, min_count: int) -> str:
    states: dict[str, dict[str, object]] = {}
    for week in report.ordered():
        entry: dict[str, object] = dict(_totals(week))
        entry.update({name: [{"query": q, "count": n} for q, n in items]
                      for name, items in _lists(week, top, min_count).items()})
        states.setdefault(week.state, {})[week.key] = entry
    data = {"files": report.files, "lines": report.lines, "min_count": min_count, "states": states}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _csv(report: Report, top: int, min_count: int) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["state", "week", "list", "query", "count"])
    for week in report.ordered():
        for name, count in _totals(week).items():
            writer.writerow([week.state, week.key, name, "", count])
        for name, items in _lists(week, top, min_count).items():
            for query, count in items:
                writer.writerow([week.state, week.key, name, _spreadsheet_safe(query), count])
    return out.getvalue()


def _spreadsheet_safe(text: str) -> str:
    """A cell a spreadsheet does not run as a formula (``=``, ``+``, ``-``, ``@`` first)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


_HEADINGS = {
    "top": "Häufigste Suchen",
    "no_results": "Suchen ohne Treffer",
    "not_opened": "Suchen, deren Treffer nicht geöffnet wurden",
}


def _markdown(report: Report, top: int, min_count: int) -> str:
    lines = ["# Suchbericht", ""]
    lines.append(
        f"Aus {_files(report.files)} mit {_count(report.lines, 'Zeile', 'Zeilen')}. "
        "Erfasst sind nur Suchtexte: keine IP-Adressen, keine Browserkennungen, keine "
        "Zeitpunkte genauer als die Woche. Die Listen zeigen nur Suchtexte, die in der Woche "
        f"mindestens {min_count}-mal vorkamen, höchstens {top} je Liste."
    )
    if not report.weeks:
        lines += ["", "Die Protokolle enthalten keine Suchen."]
    for week in report.ordered():
        totals = _totals(week)
        lines += ["", f"## {week.state.upper() or 'Ohne Landeskennung'}, {week.label}", ""]
        lines.append(
            f"{_count(week.searches, 'Suche', 'Suchen')}, davon {totals['without_results']} ohne Treffer "
            f"und {totals['with_results_not_opened']} mit Treffern, von denen keiner geöffnet wurde; "
            f"{_count(week.opened, 'Treffer', 'Treffer')} geöffnet.")
        if week.omitted:
            lines.append("")
            lines.append(f"{_count(week.omitted, 'Suche', 'Suchen')} mit Ziffernfolgen oder E-Mail-Adressen "
                         f"{'ist' if week.omitted == 1 else 'sind'} nicht aufgeführt.")
        for name, items in _lists(week, top, min_count).items():
            lines += ["", f"### {_HEADINGS[name]}", ""]
            if not items:
                lines.append("Keine.")
                continue
            lines += ["| Suchtext | Anzahl |", "|---|---:|"]
            lines += [f"| {markdown_text(q)} | {n} |" for q, n in items]
    return "\n".join(lines) + "\n"


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"


def _files(number: int) -> str:
    return "1 Protokolldatei" if number == 1 else f"{number} Protokolldateien"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|])")


def markdown_text(text: str) -> str:
    """Untrusted text as literal Markdown in a table cell: no HTML (``<``, ``>``, ``&`` as
    entities), no emphasis, code, link or image, no cell break (those characters
    backslash-escaped, which CommonMark and Python-Markdown both honour)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def report_text(paths: Sequence[Path], states: Sequence[str] = (), fmt: str = "markdown",
                top: int = 20, min_count: int = 2) -> str:
    """``efa-kb report``: the access logs ``paths`` read and rendered in ``fmt``."""
    return render(build_report(paths, states), fmt, top, min_count)


def write_report(text: str, output: Path) -> None:
    """Write a report to ``output``; :class:`ContentError` naming it if that fails."""
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ContentError([Problem(path=str(output), line=None,
                                    message=f"der Suchbericht kann nicht geschrieben werden: {exc.strerror or exc}",
                                    fix="Geben Sie eine Datei in einem beschreibbaren Ordner an",
                                    code="write-failed")]) from None
