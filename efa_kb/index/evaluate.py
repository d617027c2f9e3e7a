"""Measured search quality: recall@1, recall@3 and MRR per query kind and in total.

A query set is a YAML list of ``{q, kind, state, expected, absent}`` (see
``tests/search/queries.yml``). Any engine that answers ``(state, query)`` with a
ranked list of (id, url) can be measured; the terminal search is one, the site's
search driven in a browser (:mod:`efa_kb.index.browser_search`) another.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from efa_kb.load.yamlio import YamlError, YamlList, parse_yaml
from efa_kb.problems import ContentError

DEPTH = 10
"""Results looked at per query (for MRR and for articles that must be absent)."""

Ranked = Sequence[tuple[str, str]]
"""Results as (article id, url), best first."""
Engine = Callable[[str, str], Ranked]
"""(state, query) → results."""


@dataclass(frozen=True)
class EvalQuery:
    """One query of the set."""

    q: str
    kind: str
    state: str
    expected: tuple[str, ...]
    """Ids that answer the query; ``id#anchor`` demands that block of the page."""
    absent: tuple[str, ...] = ()
    """Ids that must not be among the first :data:`DEPTH` results."""


def load_queries(path: Path) -> list[EvalQuery]:
    """Read a query set; raises :class:`ContentError` naming the entry that is malformed."""
    try:
        data = parse_yaml(path.read_text("utf-8")) or []
    except YamlError as exc:
        raise ContentError.single(str(path), exc.line, f"kein gültiges YAML: {exc.message}",
                                  "Korrigieren Sie die Einrückung oder die Anführungszeichen in dieser Zeile", code="invalid-yaml") from None
    if not isinstance(data, YamlList):
        raise ContentError.single(str(path), 1, "muss eine Liste von Suchanfragen sein",
                                  "Beginnen Sie jede Suchanfrage mit '- q: …'", code="wrong-type")
    queries = []
    for number, entry in enumerate(data, 1):
        try:
            queries.append(
                EvalQuery(
                    q=str(entry["q"]),
                    kind=str(entry["kind"]),
                    state=str(entry["state"]),
                    expected=tuple(str(e) for e in entry.get("expected") or ()),
                    absent=tuple(str(e) for e in entry.get("absent") or ()),
                )
            )
        except (KeyError, TypeError, AttributeError):
            raise ContentError.single(str(path), data.line_of(number - 1), f"Suchanfrage {number} braucht q, kind und state",
                                      "Schreiben Sie '- {q: …, kind: …, state: …, expected: [<id>]}'", code="missing-key") from None
    return queries


def rank_of(query: EvalQuery, results: Ranked) -> int | None:
    """1-based rank of the first expected result, or None for a miss.

    A query whose ``absent`` ids show up misses; one with nothing expected hits
    at rank 1 when its absent ids stay away.
    """
    top = list(results)[:DEPTH]
    if any(rid in query.absent for rid, _ in top):
        return None
    if not query.expected:
        return 1
    for position, (rid, url) in enumerate(top, 1):
        for want in query.expected:
            wid, _, anchor = want.partition("#")
            if rid == wid and (not anchor or url.endswith("#" + anchor)):
                return position
    return None


@dataclass
class Scores:
    """Recall@1, recall@3 and MRR over a group of queries."""

    count: int = 0
    at1: int = 0
    at3: int = 0
    rr: float = 0.0

    def add(self, rank: int | None) -> None:
        self.count += 1
        if rank is not None:
            self.at1 += rank == 1
            self.at3 += rank <= 3
            self.rr += 1 / rank

    @property
    def recall1(self) -> float:
        return self.at1 / self.count if self.count else 0.0

    @property
    def recall3(self) -> float:
        return self.at3 / self.count if self.count else 0.0

    @property
    def mrr(self) -> float:
        return self.rr / self.count if self.count else 0.0


@dataclass
class Report:
    """Scores of one engine per kind and in total, plus the misses."""

    engine: str
    kinds: dict[str, Scores] = field(default_factory=dict)
    total: Scores = field(default_factory=Scores)
    misses: list[tuple[EvalQuery, int | None, list[str]]] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report as a table, one line per kind and a total line."""
        out = [f"{self.engine}: {'kind':<13} {'n':>4} {'R@1':>6} {'R@3':>6} {'MRR':>6}"]
        for kind in sorted(self.kinds):
            out.append(_row(self.engine, kind, self.kinds[kind]))
        out.append(_row(self.engine, "total", self.total))
        return out


def _row(engine: str, name: str, s: Scores) -> str:
    return (f"{engine}: {name:<13} {s.count:>4} {s.recall1:>6.3f} {s.recall3:>6.3f} "
            f"{s.mrr:>6.3f}")


def evaluate(engine_name: str, engine: Engine, queries: Iterable[EvalQuery]) -> Report:
    """Run every query through ``engine`` and score it."""
    report = Report(engine_name)
    for query in queries:
        results = list(engine(query.state, query.q))
        rank = rank_of(query, results)
        report.kinds.setdefault(query.kind, Scores()).add(rank)
        report.total.add(rank)
        if rank != 1:
            report.misses.append((query, rank, [f"{i}|{u}" for i, u in results[:3]]))
    return report


def side_by_side(reports: Sequence[Report]) -> list[str]:
    """Several engines' totals and kinds in one table (R@1 / R@3 / MRR per engine)."""
    kinds = sorted({k for r in reports for k in r.kinds})
    head = f"{'kind':<13} {'n':>4}  " + "  ".join(f"{r.engine:^20}" for r in reports)
    sub = f"{'':<13} {'':>4}  " + "  ".join(f"{'R@1':>6}{'R@3':>7}{'MRR':>7}" for _ in reports)
    out = [head, sub]
    for kind in [*kinds, "total"]:
        scores = [r.total if kind == "total" else r.kinds.get(kind, Scores()) for r in reports]
        cells = "  ".join(f"{s.recall1:>6.3f}{s.recall3:>7.3f}{s.mrr:>7.3f}" for s in scores)
        out.append(f"{kind:<13} {scores[0].count:>4}  {cells}")
    return out
