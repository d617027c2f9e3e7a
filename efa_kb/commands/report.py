"""``efa-kb report``: what agents searched for, read from the states' web server logs (S6).

The site's search box reports each search to the state's own web server: when its
results have settled, on Enter and when a result is opened, it requests
``search/beacon.txt`` with the query (``q``), the number of hits (``n``), the rank of
an opened result (``r``), what happened (``e=q`` searched, ``e=o`` opened) and the
state's code (``s``). The server's ordinary access log records the request; this module
reads such logs (common and combined log format, gzip-compressed or not) and counts, per
state and ISO week, the top queries, the queries without results and the queries whose
results nobody opened.

Only the query text is kept: client addresses, user names, referrers and user agents in
the log are never read into the report, and a query that looks like personal data (an
e-mail address, a phone or case number) is left out and only counted. Queries are
compared in lower case with runs of spaces made one.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from efa_kb.problems import ContentError

BEACON_PATH = "/search/beacon.txt"
"""The path every report request ends in (:data:`efa_kb.index.site_index.BEACON`)."""

PERSONAL = re.compile(r"@|\d[\d\s/.-]{4,}\d")
"""Queries that may carry personal data: e-mail addresses, phone, case and file numbers.
The search box never sends them; a log written by an older site may still hold them."""

_LINE = re.compile(
    r'^\S+ \S+ \S+ \[(?P<time>[^\]]+)\] "(?P<request>[^"]*)" (?P<status>\d{3}) \S+'
)
"""The start of a common or combined log format line (what follows is not read)."""

MAX_QUERY = 100
"""Longest query text kept (the search box sends no more)."""


@dataclass(frozen=True)
class SearchEvent:
    """One reported search or opened result."""

    state: str
    """The state's code (``by``)."""
    week: tuple[int, int]
    """ISO year and week of the request."""
    opened: bool
    """True for an opened result (``e=o``), False for a search (``e=q``)."""
    query: str
    """The query, lower case, spaces collapsed."""
    hits: int
    """Number of results the query had."""
    rank: int = 0
    """Rank of the opened result (1 = first), 0 for a search."""


@dataclass
class WeekReport:
    """One state's searches in one ISO week."""

    state: str
    week: tuple[int, int]
    searches: int = 0
    """Reported searches."""
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
    def label(self) -> str:
        """``KW 49/2026`` with the week's Monday and Sunday."""
        monday = date.fromisocalendar(self.week[0], self.week[1], 1)
        sunday = monday + timedelta(days=6)
        return (f"KW {self.week[1]}/{self.week[0]} "
                f"({monday:%d.%m.}–{sunday:%d.%m.%Y})")


@dataclass
class Report:
    """Everything the logs held, by state and week."""

    weeks: dict[tuple[str, tuple[int, int]], WeekReport] = field(default_factory=dict)
    lines: int = 0
    """Log lines read."""
    unreadable: int = 0
    """Lines that are no common or combined log format."""

    def add(self, event: SearchEvent) -> None:
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
    """A query as counted: lower case, runs of white space one space, at most 100 characters."""
    return " ".join(query.casefold().split())[:MAX_QUERY]


def parse_line(line: str) -> tuple[bool, SearchEvent | None]:
    """(whether the line is in common or combined log format, its search event if it is a
    successful report request)."""
    match = _LINE.match(line)
    if match is None:
        return False, None
    try:
        moment = datetime.strptime(match["time"], "%d/%b/%Y:%H:%M:%S %z")
    except ValueError:
        return False, None
    status = int(match["status"])
    parts = match["request"].split(" ")
    if not (200 <= status < 300 or status == 304) or len(parts) < 2 or parts[0] != "GET":
        return True, None
    target = urlsplit(parts[1])
    if not target.path.endswith(BEACON_PATH):
        return True, None
    fields = {key: values[0] for key, values in parse_qs(target.query, keep_blank_values=True).items()}
    query = normalise(fields.get("q", ""))
    kind = fields.get("e", "")
    if not query or kind not in ("q", "o"):
        return True, None
    state = fields.get("s", "") or _state_from_path(target.path)
    year, week, _ = moment.isocalendar()
    return True, SearchEvent(state=state.lower(), week=(year, week), opened=kind == "o", query=query,
                             hits=_number(fields.get("n")), rank=_number(fields.get("r")))


def _state_from_path(path: str) -> str:
    """``/by/search/beacon.txt`` → ``by`` (sites served below their state's code)."""
    head = path[: -len(BEACON_PATH)].strip("/")
    return head.rsplit("/", 1)[-1] if head else ""


def _number(text: str | None) -> int:
    try:
        return max(0, int(text or 0))
    except ValueError:
        return 0


def read_lines(path: Path) -> Iterator[str]:
    """The lines of a log file, gunzipped if it is gzip-compressed (whatever its name)."""
    try:
        with path.open("rb") as raw:
            magic = raw.read(2)
        opener = gzip.open if magic == b"\x1f\x8b" else open
        with opener(path, "rt", encoding="utf-8", errors="replace") as text:
            yield from text
    except (OSError, EOFError) as exc:
        raise ContentError.single(str(path), None, f"cannot be read as an access log: {exc}",
                                  "give the web server's access log (plain or .gz)") from None


def build_report(paths: Iterable[Path], states: Sequence[str] = ()) -> Report:
    """Read the access logs and count their searches (of ``states`` only, when given)."""
    wanted = {s.lower() for s in states}
    report = Report()
    for path in paths:
        for line in read_lines(path):
            report.lines += 1
            readable, event = parse_line(line)
            if not readable:
                report.unreadable += 1
            elif event is not None and (not wanted or event.state in wanted):
                report.add(event)
    return report


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


def _json(report: Report, top: int, min_count: int) -> str:
    states: dict[str, dict[str, object]] = {}
    for week in report.ordered():
        entry = {"searches": week.searches, "opened": week.opened, "omitted": week.omitted,
                 "without_results": sum(week.without_results.values())}
        entry.update({name: [{"query": q, "count": n} for q, n in items]
                      for name, items in _lists(week, top, min_count).items()})
        states.setdefault(week.state, {})[f"{week.week[0]}-W{week.week[1]:02d}"] = entry
    return json.dumps({"min_count": min_count, "states": states}, ensure_ascii=False, indent=2) + "\n"


def _csv(report: Report, top: int, min_count: int) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["state", "week", "list", "query", "count"])
    for week in report.ordered():
        label = f"{week.week[0]}-W{week.week[1]:02d}"
        writer.writerow([week.state, label, "searches", "", week.searches])
        writer.writerow([week.state, label, "opened", "", week.opened])
        for name, items in _lists(week, top, min_count).items():
            for query, count in items:
                writer.writerow([week.state, label, name, query, count])
    return out.getvalue()


_HEADINGS = {
    "top": "Häufigste Suchen",
    "no_results": "Suchen ohne Treffer",
    "not_opened": "Suchen, deren Treffer nicht geöffnet wurden",
}


def _markdown(report: Report, top: int, min_count: int) -> str:
    lines = ["# Suchbericht", ""]
    lines.append(
        f"Aus {report.lines} Zeilen der Zugriffsprotokolle. Erfasst sind nur Suchtexte: "
        "keine IP-Adressen, keine Browserkennungen, keine Zeitpunkte genauer als die Woche. "
        f"Listen zeigen Suchtexte, die in der Woche mindestens {min_count}-mal vorkamen."
    )
    if not report.weeks:
        lines += ["", "Die Protokolle enthalten keine Suchen."]
    for week in report.ordered():
        not_found = sum(week.without_results.values())
        lines += ["", f"## {week.state.upper() or 'ohne Land'}, {week.label}", ""]
        lines.append(f"{week.searches} Suchen, davon {not_found} ohne Treffer; "
                     f"{week.opened} Treffer geöffnet.")
        if week.omitted:
            lines.append(f"{week.omitted} Suchen mit Ziffernfolgen oder E-Mail-Adressen sind nicht aufgeführt.")
        for name, items in _lists(week, top, min_count).items():
            lines += ["", f"### {_HEADINGS[name]}", ""]
            if not items:
                lines.append("Keine.")
                continue
            lines += ["| Suchtext | Anzahl |", "|---|---:|"]
            lines += [f"| {_cell(q)} | {n} |" for q, n in items]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|")
