"""A deterministic generator of a federal-scale knowledge-base repository.

Writes what the benchmark of the federal case needs: base articles over many
services, the 16 Länder with overlays (extend, replace, hide, pinned to the base
fingerprint), municipalities, incidents, glossary, categories and XZuFi
messages (a Bund message and one per state) whose LeiKa keys select them for
the service pages. Text is German, built from the word lists and templates in
``federal_text.py``; only ``random.Random`` seeded from ``--seed`` decides, so
the same flags give byte-identical output (UTF-8, LF). The result passes
``efa-kb check`` without errors or warnings.

    python bench/federal_repo.py --out DIR [--articles 2000] [--services 42] [--states 16]
        [--services-per-state 34] [--overlay-share 0.10] [--leistungen 1000]
        [--municipalities 3] [--incidents 24] [--seed 1] [--force]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timedelta
from pathlib import Path

from efa_kb.load.articles import fingerprint

try:
    from bench import federal_text as tx
    from bench import federal_xzufi as xz
except ImportError:  # run as a script: bench/ is on sys.path
    import federal_text as tx  # type: ignore[no-redef]
    import federal_xzufi as xz  # type: ignore[no-redef]

KINDS = ("faq", "workarounds", "training")
GENERATED = ("content", "overlays", "xzufi")
"""The folders the generator owns below ``--out``."""
REVIEW_DATES = ("2027-06-30", "2027-09-30", "2027-12-31", "2028-03-31", "2028-06-30",
                "2028-09-30", "2028-12-31")
DESK_HOURS = ("Mo–Fr 7–18 Uhr", "Mo–Fr 8–18 Uhr", "Mo–Do 8–17 Uhr, Fr 8–14 Uhr")
TICKET_HOURS = ("Mo–Fr 8–16 Uhr", "Mo–Fr 9–15 Uhr", "Mo–Do 8–16 Uhr, Fr 8–13 Uhr")
PROVIDERS = ("Dataport AöR", "AKDB", "ITDZ Berlin", "IT.NRW", "ekom21 – KGRZ Hessen",
             "Komm.ONE", "regio iT", "KDO Service GmbH", "govdigital eG", "Staatsbetrieb SID")


@dataclass(frozen=True)
class Sizes:
    """How much to generate; the defaults are the federal case."""

    articles: int = 2000
    services: int = 42
    states: int = 16
    services_per_state: int = 34
    overlay_share: float = 0.10
    leistungen: int = 1000
    municipalities: int = 3
    incidents: int = 24
    seed: int = 1


@dataclass
class Summary:
    """What was written."""

    services: int = 0
    faq: int = 0
    workarounds: int = 0
    training: int = 0
    base_words: int = 0
    incidents_active: int = 0
    incidents_scheduled: int = 0
    incidents_resolved: int = 0
    categories: int = 0
    glossary: int = 0
    states: int = 0
    overlays_extend: int = 0
    overlays_replace: int = 0
    overlays_hide: int = 0
    state_local: int = 0
    municipalities: int = 0
    municipal_overlays: int = 0
    municipal_local: int = 0
    leistungen_bund: int = 0
    leistungen_state: int = 0
    offices: int = 0
    zustaendigkeiten: int = 0
    gebiete: int = 0
    files: int = 0
    bytes: int = 0
    xzufi_bytes: int = 0
    largest_xml: str = ""
    largest_xml_bytes: int = 0

    @property
    def base_articles(self) -> int:
        return self.faq + self.workarounds + self.training

    def lines(self) -> list[str]:
        rows = [f"{f.name}: {getattr(self, f.name)}" for f in fields(self)]
        return rows + [f"base_articles: {self.base_articles}",
                       f"words_per_base_article: {self.base_words // max(1, self.base_articles)}"]


class Out:
    """Writes UTF-8 files with LF below ``root`` and counts them."""

    def __init__(self, root: Path, summary: Summary):
        self.root = root
        self.summary = summary

    def write(self, rel: str, text: str) -> str:
        if not text.endswith("\n"):
            text += "\n"
        data = text.encode("utf-8")
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.summary.files += 1
        self.summary.bytes += len(data)
        if rel.startswith("xzufi/"):
            self.summary.xzufi_bytes += len(data)
            if len(data) > self.summary.largest_xml_bytes:
                self.summary.largest_xml, self.summary.largest_xml_bytes = rel, len(data)
        return text


def stream(sizes: Sizes, *names: object) -> random.Random:
    """An independent random stream per part, so one part's size does not shift another's."""
    return random.Random(":".join([str(sizes.seed), *map(str, names)]))


# --- YAML written the way people write it --------------------------------------------

_PLAIN = re.compile(r"[A-Za-zÄÖÜäöüß0-9(„][^:#\[\]{},\"'&*!|>%@`\n]*")
_NULLS = {"null", "Null", "NULL", "~", "true", "false", "yes", "no"}


def q(value: str) -> str:
    """A YAML scalar: plain when that is unambiguous, else double-quoted."""
    if _PLAIN.fullmatch(value) and not value.endswith(" ") and value not in _NULLS:
        return value
    return json.dumps(value, ensure_ascii=False)


def flow(items: Iterable[str]) -> str:
    return "[" + ", ".join(q(i) for i in items) + "]"


def folded(key: str, text: str) -> str:
    return f"{key}: >-\n{tx.wrap(text)}"


def front(lines: list[str]) -> str:
    return "---\n" + "\n".join(lines) + "\n---\n"


def sections(parts: list[tuple[str, str]]) -> str:
    return "\n\n".join(f"## {heading}\n\n{body.strip()}" for heading, body in parts) + "\n"


def bullets(items: Iterable[str], numbered: bool = False) -> str:
    return "\n".join((f"{n}. " if numbered else "- ") + item
                     for n, item in enumerate(items, start=1))


def phone(rng: random.Random) -> str:
    return f"+49 {rng.randint(30, 991)} {rng.randint(1000, 99999)} {rng.randint(100, 999)}"


def channel(rng: random.Random, domain: str, queue: str) -> list[str]:
    """``channel`` and a matching ``address`` of a state's routing target."""
    if rng.random() < 0.6:
        return ["channel: ticket", f"address: https://ticket.{domain}.example.org/queues/{queue}"]
    return ["channel: email", f"address: {queue}@{domain}.example.org"]


def words(text: str) -> int:
    return len(text.split())


def times(rng: random.Random, fast: bool) -> list[str]:
    """reaction_time / resolution_time per priority or as text."""
    if rng.random() < 0.25:
        return [f"reaction_time: {rng.choice(('2 Stunden', '4 Stunden', '1 Arbeitstag'))}",
                f"resolution_time: {rng.choice(('2 Arbeitstage', '5 Arbeitstage'))}"]
    first = ("30 Minuten", "1 Stunde", "2 Stunden") if fast else ("2 Stunden", "4 Stunden")
    return ["reaction_time:",
            f"  hoch: {rng.choice(first)}",
            f"  mittel: {rng.choice(('4 Stunden', '1 Arbeitstag'))}",
            f"  niedrig: {rng.choice(('1 Arbeitstag', '3 Arbeitstage'))}",
            "resolution_time:",
            f"  hoch: {rng.choice(('4 Stunden', '8 Stunden', '1 Arbeitstag'))}",
            f"  mittel: {rng.choice(('2 Arbeitstage', '3 Arbeitstage', '5 Arbeitstage'))}",
            f"  niedrig: {rng.choice(('10 Arbeitstage', '15 Arbeitstage'))}"]


def target_yaml(entries: list[str], indent: str = "  ") -> str:
    """One routing target as a list item."""
    head, *rest = entries
    return "\n".join([f"{indent}- {head}", *(f"{indent}  {line}" for line in rest)])


# --- services ---------------------------------------------------------------------------


@dataclass
class Service:
    spec: tx.ServiceSpec
    index: int
    leika: list[str]
    targets: dict[str, str]
    articles: dict[str, list[str]] = field(default_factory=dict)
    """Article ids by kind."""
    incidents: list[str] = field(default_factory=list)


def service_specs(count: int) -> list[tx.ServiceSpec]:
    """The first ``count`` services of the catalogue, repeated as numbered variants beyond it."""
    specs = []
    for i in range(count):
        base = tx.SERVICES[i % len(tx.SERVICES)]
        round_ = i // len(tx.SERVICES)
        if round_ == 0:
            specs.append(base)
        else:
            specs.append(tx.ServiceSpec(
                f"{base.slug}-{round_ + 1}", f"{base.name} (Ausbaustufe {round_ + 1})",
                f"{base.short} {round_ + 1}", base.thing, base.authority, base.topics,
                base.documents, base.synonyms))
    return specs


def write_services(out: Out, sizes: Sizes, codes: list[str]) -> list[Service]:
    services = []
    for index, spec in enumerate(service_specs(sizes.services)):
        rng = stream(sizes, "service", spec.slug)
        kennung = rng.randint(1, 40)
        group = 100 + index % 900
        leika = [f"99{group:03d}{kennung + index // 900:03d}{v:03d}000"
                 for v in range(rng.randint(3, 6))]
        bela = rng.choice(codes).upper()
        slug = spec.slug
        targets = {
            "2f": f"Fachlicher Second Level {spec.short} (Fachredaktion BeV)",
            "2t": f"Technischer Second Level {spec.short} ({rng.choice(PROVIDERS)} User Help Desk)",
            "3t": f"Third Level Anwendungsbetreuung {spec.short}",
        }
        routing = [
            target_yaml(["level: 2", "kind: fachlich", f"name: {q(targets['2f'])}",
                         "channel: ticket",
                         f"address: https://tickets.{slug}-support.example.de/queue/{slug}-fachlich",
                         f"service_time: {q(rng.choice(('Mo–Fr 8–16 Uhr', 'Mo–Fr 7–18 Uhr')))}",
                         *times(rng, fast=False),
                         ("categories: [antrag, nachweise, fristen, status, zustaendigkeit, "
                         "vertretung]"),
                         *(['allowed_from: ["115", "Service-Desk Land"]']
                           if rng.random() < 0.5 else [])]),
            target_yaml(["level: 2", "kind: technisch", f"name: {q(targets['2t'])}",
                         "channel: ticket",
                         f"address: https://tickets.{slug}-support.example.de/queue/{slug}-technik",
                         "service_time: Mo–Fr 7–19 Uhr, Sa 8–14 Uhr", *times(rng, fast=True),
                         "categories: [technik, konto, datenschutz, zahlung, barrierefreiheit]"]),
            target_yaml(["level: 3", "kind: technisch", f"name: {q(targets['3t'])}",
                         "channel: email", f"address: {slug}-3rdlevel@betrieb.example.net",
                         "service_time: Mo–Fr 8–17 Uhr; bei Ausfall Rufbereitschaft 7–22 Uhr",
                         "reaction_time: 1 Stunde (hoch), sonst 1 Arbeitstag",
                         "resolution_time: nach Vereinbarung im Ticket",
                         "categories: [technik, konto, datenschutz]",
                         'allowed_from: ["2nd Level technisch"]']),
        ]
        text = "\n".join([
            f"name: {q(spec.name)}",
            f"# LeiKa-Schlüssel: {spec.thing.word} und seine Verrichtungen",
            "leika:", *(f"  - {key}" for key in leika),
            f"bela: {bela}",
            f"provider: {q(rng.choice(PROVIDERS))}",
            f"url: https://{slug}.onlinedienst.example.de/antrag",
            "bev_contact:",
            f"  name: {q(f'Betriebsverantwortung {spec.short} ({bela})')}",
            f"  email: bev-{slug}@{slug}-support.example.de",
            f'  phone: "{phone(rng)}"',
            "", "routing:", *routing,
        ])
        out.write(f"content/services/{slug}/service.yml", text)
        services.append(Service(spec, index, leika, targets))
    out.summary.services = len(services)
    return services


def write_taxonomy(out: Out) -> None:
    lines = [("# Gemeinsame Kategorien für FAQ, Workarounds, Schulungen und die "
             "Kommunikationsmatrix.")]
    for cid, name, description in tx.CATEGORIES:
        lines += [f"- id: {cid}", f"  name: {q(name)}", "  description: >-",
                  tx.wrap(description, "    "), ""]
    out.write("content/categories.yml", "\n".join(lines).rstrip())
    out.summary.categories = len(tx.CATEGORIES)
    lines = ["# Glossar: Begriffe und Abkürzungen (term, expansion, definition)."]
    entries = [(t, e, d) for t, e, d in tx.GLOSSARY] + [(t, None, d) for t, d in tx.GLOSSARY_TERMS]
    for term, expansion, definition in sorted(entries, key=lambda e: e[0].casefold()):
        lines.append(f"- term: {json.dumps(term, ensure_ascii=False)}")
        if expansion:
            lines.append(f"  expansion: {q(expansion)}")
        lines += ["  definition: >-", tx.wrap(definition, "    "), ""]
    out.write("content/glossary.yml", "\n".join(lines).rstrip())
    out.summary.glossary = len(entries)


# --- incidents ------------------------------------------------------------------------


def _stamp(moment: datetime, german: bool) -> str:
    return f"{moment:%d.%m.%Y, %H:%M}" if german else f"{moment:%Y-%m-%d %H:%M}"


def write_incidents(out: Out, sizes: Sizes, services: list[Service], codes: list[str]) -> None:
    """Incidents: a few active and scheduled ones, most resolved (naive Berlin times)."""
    rng = stream(sizes, "incidents")
    n = sizes.incidents
    active = min(n, max(1, n // 8)) if n else 0
    scheduled = min(n - active, max(1, n // 8)) if n > active else 0
    used: set[str] = set()
    for k in range(n):
        kind = "active" if k < active else "scheduled" if k < active + scheduled else "resolved"
        affected = rng.sample(services, 1 if rng.random() < 0.8 else min(3, len(services)))
        main = affected[0]
        w = tx.Writer(rng, main.spec, main.targets)
        message, code, action, context = w.error()
        if kind == "active":
            start = datetime(2026, 11, rng.randint(20, 30), rng.randint(6, 18),
                             rng.choice((0, 15, 40)))
            status = rng.choice(("investigating", "identified", "monitoring"))
            severity, end = rng.choice(("outage", "degraded")), None
        elif kind == "scheduled":
            start = datetime(2027, rng.randint(1, 3), rng.randint(1, 28), 20, 0)
            status, severity, end = "scheduled", "maintenance", start + timedelta(hours=3)
        else:
            start = datetime(2026, rng.randint(3, 11), rng.randint(1, 19), rng.randint(6, 18),
                             rng.choice((0, 10, 30, 45)))
            status, severity = "resolved", rng.choice(("outage", "degraded", "maintenance"))
            end = start + timedelta(hours=rng.randint(1, 30), minutes=rng.choice((0, 15, 30)))
            if severity == "maintenance":
                start = start.replace(hour=rng.choice((19, 20, 21, 22)), minute=0)
                end = start + timedelta(hours=rng.randint(2, 4))
        names = " und ".join(s.spec.short for s in affected)
        if severity == "maintenance":
            title = (f"Wartung {names}: Onlinedienst am {start:%d.%m.%Y} ab {start:%H} Uhr "
                     "nicht erreichbar")
            topic = "wartung"
        else:
            title = f"{names}: „{message}“ beim {action} ({code})"
            topic = tx.slugify(f"{action} {code}", 4)
        stem = f"{start:%Y-%m-%d}-{main.spec.slug}-{topic}"
        while stem in used:
            stem += "-2"
        used.add(stem)
        meta = [f"title: {q(title)}"]
        if len(affected) == 1:
            meta.append(f"service: {main.spec.slug}")
        else:
            meta.append(f"services: {flow(s.spec.slug for s in affected)}")
        meta += [f"status: {status}", f"severity: {severity}", f"start: {start:%Y-%m-%d %H:%M}"]
        if end:
            meta.append(f"end: {end:%Y-%m-%d %H:%M}")
        if codes and rng.random() < 0.25:
            named = rng.sample(codes, min(len(codes), rng.randint(1, 3)))
            meta.append(f"states: {flow(sorted(named))}")
        workaround = " ".join(w.workaround_steps(2))
        if severity == "maintenance" and end:
            workaround = (f"Vorgänge vor {start:%H} Uhr abschließen oder nach {end:%H:%M} Uhr neu "
                          "starten; begonnene Anträge vorher zwischenspeichern.")
        meta.append(f"workaround: {q(workaround)}")
        details = [
            f"Seit {start:%d.%m.%Y, %H:%M} Uhr erscheint in {names} beim {action} "
            f"„{message}. (Fehlercode: {code})“ {context}." if severity != "maintenance" else
            f"Am {start:%d.%m.%Y} wird {names} zwischen {start:%H:%M} und "
            f"{(end or start):%H:%M} Uhr gewartet; eingespielt wird Release "
            f"{rng.randint(3, 9)}.{rng.randint(0, 9)}.",
            f"**Auswirkung:** {w.paragraph(2)}",
            (f"**Für den First Level:** {w.routing_text()} Zwischengespeicherte Entwürfe gehen "
            "nicht verloren."),
        ]
        updates = []
        moment = start + timedelta(minutes=rng.choice((20, 35, 50)))
        if kind == "scheduled":
            moment = start - timedelta(days=rng.randint(10, 30), hours=10)
        for u in range(rng.randint(1, 4) if kind != "scheduled" else 1):
            if kind == "resolved" and end and moment >= end:
                break
            updates.append((moment, w.paragraph(rng.randint(1, 3))))
            moment += timedelta(minutes=rng.randint(40, 300))
        if kind == "resolved" and end:
            done = "Die Wartung ist abgeschlossen." if severity == "maintenance" else (
                "Die Störung ist behoben.")
            updates.append((end, f"{done} {w.paragraph(1)}"))
        body = "\n\n".join(details) + "\n\n" + "\n\n".join(
            f"### {_stamp(at, rng.random() < 0.3)}\n\n{text}" for at, text in updates)
        out.write(f"content/incidents/{stem}.md", front(meta) + "\n" + body)
        for s in affected:
            s.incidents.append(f"incidents/{stem}")
        setattr(out.summary, f"incidents_{kind}", getattr(out.summary, f"incidents_{kind}") + 1)


# --- articles ---------------------------------------------------------------------------


@dataclass
class Draft:
    """An article before it is written: front matter lines and body."""

    meta: list[str]
    body: str

    def text(self) -> str:
        return front(self.meta) + "\n" + self.body


class Author:
    """Writes the articles of one service."""

    def __init__(self, rng: random.Random, service: Service, owner: str):
        self.rng = rng
        self.service = service
        self.w = tx.Writer(rng, service.spec, service.targets)
        self.owner = owner

    def answer(self, target: int) -> str:
        """The ``## Antwort`` body: a paragraph, then at most one list of each shape."""
        rng, w = self.rng, self.w
        parts = [w.paragraph(rng.randint(2, 3))]
        shapes = ["bullets", "steps", "note", "paragraph", "paragraph"]
        rng.shuffle(shapes)
        for shape in shapes:
            if sum(map(words, parts)) >= target:
                break
            if shape == "bullets":
                parts.append(bullets(w.sentences(tx.ANSWER, rng.randint(3, 4))))
            elif shape == "steps":
                parts.append(bullets(w.steps(rng.randint(3, 5)), numbered=True))
            elif shape == "note":
                label = rng.choice(("Wichtig", "Hinweis", "Achtung", "Tipp"))
                parts.append(f"**{label}:** {w.paragraph(2)}")
            else:
                parts.append(w.paragraph(rng.randint(2, 4)))
        return "\n\n".join(parts)

    def common(self, title: str, category: str, extra_keywords: tuple[str, ...] = ()) -> list[str]:
        return [f"title: {q(title)}", f"category: {category}",
                f"keywords: {flow(self.w.keywords(extra_keywords))}",
                f"review_by: {self.rng.choice(REVIEW_DATES)}", f"owner: {q(self.owner)}"]

    def faq(self, title: str, extra: tuple[str, ...] = (), local: str = "") -> Draft:
        rng, w = self.rng, self.w
        w.begin()
        meta = self.common(title, rng.choice(tx.FAQ_CATEGORIES), extra)
        meta.append(folded("short_answer", w.short_answer()))
        tail = [("Rückfragen", bullets(w.questions(rng.randint(2, 4)))),
                ("Weiterleitung", w.routing_text())]
        if rng.random() < 0.6:
            tail.append(("Hintergrund", w.background()))
        target = rng.randint(150, 400) - sum(words(b) for _, b in tail)
        answer = self.answer(max(40, target))
        if local:
            answer = f"{local}\n\n{answer}"
        return Draft(meta, sections([("Antwort", answer), *tail]))

    def workaround(self, title: str, message: str, code: str, action: str, context: str,
                   extra: tuple[str, ...] = ()) -> Draft:
        rng, w = self.rng, self.w
        w.begin()
        meta = self.common(title, rng.choice(tx.WORKAROUND_CATEGORIES), extra)
        symptom = f"Beim {action} erscheint „{message}. (Fehler {code})“, vor allem {context}."
        meta.append(f"symptom: {q(symptom)}")
        if rng.random() < 0.6:
            meta.append("status: open")
        else:
            meta += ["status: fixed",
                     f"fixed_on: 2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}"]
        if self.service.incidents and rng.random() < 0.4:
            meta.append(f"incident: {rng.choice(self.service.incidents)}")
        meta.append(folded("short_answer", w.short_answer()))
        steps = w.workaround_steps(rng.randint(3, 5))
        answer = (f"Der Fehler tritt {context} auf. Bis zur Behebung hilft:\n\n"
                  f"{bullets(steps, numbered=True)}\n\n{w.paragraph(rng.randint(2, 4))}")
        tail = [("Rückfragen", bullets(w.questions(rng.randint(2, 3)))),
                ("Weiterleitung", w.routing_text())]
        if rng.random() < 0.5:
            tail.append(("Hintergrund", w.background()))
        if sum(words(b) for _, b in tail) + words(answer) < 150:
            answer += "\n\n" + w.paragraph(4)
        return Draft(meta, sections([("Antwort", answer), *tail]))

    def training(self, title: str) -> Draft:
        rng, w = self.rng, self.w
        w.begin()
        meta = self.common(title, "schulung", ("Schulung", "Einarbeitung", "Gesprächsleitfaden"))
        meta += [f"audience: {rng.choice(('first-level', 'second-level'))}",
                 f"duration: {rng.choice((30, 45, 60, 90))} min"]
        who = ("First Level", "2nd Level fachlich", "2nd Level technisch", "Behörde vor Ort")
        rows = "\n".join(f"| {w.fill(rng.choice(tx.QUESTION))} | {rng.choice(who)} |"
                         for _ in range(rng.randint(3, 5)))
        cases = "\n\n".join(f"**Fall {k}.** {w.paragraph(2)}\n*Lösung:* {w.paragraph(1)}"
                            for k in range(1, rng.randint(3, 4)))
        body = sections([
            ("Lernziele", "Nach dieser Einheit können Sie\n\n"
             + bullets(w.sentences(tx.GOALS, rng.randint(3, 5)))),
            (f"Teil 1: Wer macht was? ({rng.randint(5, 15)} min)",
             f"{w.paragraph(2)}\n\n| Frage der anrufenden Person | Zuständig |\n|---|---|\n{rows}"),
            (f"Teil 2: Gesprächsleitfaden ({rng.randint(10, 25)} min)",
             bullets(w.steps(5), numbered=True) + "\n\n" + w.paragraph(3)),
            (f"Übungsfälle ({rng.randint(10, 20)} min)", cases),
        ])
        return Draft(meta, body)


def unique_slug(title: str, taken: set[str]) -> str:
    slug = base = tx.slugify(title)
    number = 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug


def write_articles(
    out: Out, sizes: Sizes, services: list[Service]
) -> tuple[dict[str, str], dict[str, set[str]]]:
    """Base articles; returns their texts by id and the slugs taken per service."""
    texts: dict[str, str] = {}
    taken: dict[str, set[str]] = {}
    per_service = [sizes.articles // len(services) + (i < sizes.articles % len(services))
                   for i in range(len(services))] if services else []
    faq, workarounds = round(sizes.articles * 0.7), round(sizes.articles * 0.2)
    kinds = (["faq"] * faq + ["workarounds"] * workarounds
             + ["training"] * (sizes.articles - faq - workarounds))
    stream(sizes, "article-kinds").shuffle(kinds)
    start = 0
    for service, count in zip(services, per_service, strict=True):
        rng = stream(sizes, "articles", service.spec.slug)
        author = Author(rng, service, f"BeV {service.spec.short}-Redaktion")
        mine = kinds[start:start + count]
        start += count
        plan = [(kind, mine.count(kind)) for kind in KINDS]
        slugs = taken.setdefault(service.spec.slug, set())
        for kind, number in plan:
            ids = service.articles.setdefault(kind, [])
            for _ in range(number):
                if kind == "faq":
                    title = author.w.faq_title()
                    draft = author.faq(title)
                elif kind == "workarounds":
                    message, code, action, context = author.w.error()
                    title = f"„{message}“ beim {action} {context}"
                    draft = author.workaround(title, message, code, action, context)
                else:
                    title = author.w.training_title()
                    draft = author.training(title)
                article_id = f"services/{service.spec.slug}/{kind}/{unique_slug(title, slugs)}"
                texts[article_id] = out.write(f"content/{article_id}.md", draft.text())
                ids.append(article_id)
                out.summary.base_words += words(draft.body)
                setattr(out.summary, kind, getattr(out.summary, kind) + 1)
    return texts, taken


# --- states, overlays and municipalities ---------------------------------------------------


@dataclass
class StatePlan:
    land: tx.Land
    geo: xz.Geography
    services: list[Service]


def title_of(text: str) -> str:
    line = next(line for line in text.split("\n") if line.startswith("title: "))
    value = line[len("title: "):]
    return json.loads(value) if value.startswith('"') else value


def choose_services(rng: random.Random, services: list[Service], count: int,
                    seen: set[tuple[int, ...]]) -> list[Service]:
    """A subset of ``count`` services, different from the subsets of earlier states if possible."""
    count = min(count, len(services))
    for _ in range(50):
        picked = tuple(sorted(rng.sample(range(len(services)), count)))
        if picked not in seen:
            break
    seen.add(picked)
    return [services[i] for i in picked]


class StateAuthor:
    """Writes one state's state.yml, overlays, local articles and municipalities."""

    def __init__(self, out: Out, sizes: Sizes, plan: StatePlan, position: int,
                 texts: dict[str, str], taken: dict[str, set[str]]):
        self.out, self.sizes, self.plan = out, sizes, plan
        self.land = plan.land
        self.rng = stream(sizes, "state", self.land.code)
        self.texts, self.taken = texts, taken
        self.position = position
        self.owner = f"MiV {self.land.name} – Redaktion EfA"
        land = self.land
        self.t_fach = f"Landeskoordinierung Onlinedienste {land.name}"
        self.t_social = f"Fachaufsicht Sozial- und Familienleistungen {land.name}"
        self.t_tech = f"{land.it} – Service-Desk {land.portal}"
        self.hidden: set[str] = set()

    def extra(self, service: Service) -> dict[str, object]:
        target = self.t_social if service.spec.slug in xz.SOCIAL else self.t_fach
        return {"land": self.land.name, "portal": self.land.portal, "it": self.land.it,
                "target": target}

    def land_text(self, w: tx.Writer, service: Service, count: int) -> str:
        chosen = self.rng.sample(tx.LAND_TEXT, min(count, len(tx.LAND_TEXT)))
        return " ".join(w.fill(t, **self.extra(service)) for t in chosen)

    def write(self) -> None:
        self.state_yml()
        self.overlays()
        self.locals()
        self.municipalities()

    # state.yml

    def state_yml(self) -> None:
        rng, land = self.rng, self.land
        slugs = [s.spec.slug for s in self.plan.services]
        social = [s for s in slugs if s in xz.SOCIAL]
        other = [s for s in slugs if s not in xz.SOCIAL]
        lines = [f"name: {land.name}", f"ars_prefix: {land.ars}", f"services: {flow(slugs)}"]
        if self.position % 3 == 2:
            lines += ["service_desk:", f"  name: Service-Desk {land.name}",
                      f'  phone: "+49 {rng.randint(30, 991)} 555 {rng.randint(1000, 9999)}"',
                      f"  email: servicedesk@{land.domain}.example.org",
                      f"  hours: {rng.choice(DESK_HOURS)}"]
        else:
            lines.append("service_desk: 115")
        miv = f"MiV {land.name} – Koordinierung EfA-Onlinedienste"
        lines += ["miv_contact:", f"  name: {q(miv)}",
                  f"  email: efa-miv@{land.domain}.example.org",
                  f'  phone: "+49 {rng.randint(30, 991)} 555 {rng.randint(1000, 9999)}"',
                  "routing:"]
        allowed = ([f'allowed_from: ["115", "Service-Desk {land.name}"]']
                   if rng.random() < 0.5 else [])

        def services_key(group: list[str]) -> str:
            return f"service: {group[0]}" if len(group) == 1 else f"services: {flow(group)}"

        for group, name, categories in (
                (other, self.t_fach,
                 "[antrag, nachweise, zustaendigkeit, status, fristen, zahlung]"),
                (social, self.t_social, "[antrag, nachweise, fristen, status, vertretung]")):
            if group:
                lines.append(target_yaml([
                    services_key(group), "level: 2", "kind: fachlich", f"name: {q(name)}",
                    *channel(rng, land.domain, tx.slugify(name, 2)),
                    f"service_time: {rng.choice(TICKET_HOURS)}",
                    *times(rng, fast=False), f"categories: {categories}", *allowed]))
        if slugs:
            lines.append(target_yaml([
                services_key(slugs), "level: 2", "kind: technisch", f"name: {q(self.t_tech)}",
                "channel: ticket", f"address: https://ticket.{land.domain}.example.org/queues/portal-technik",
                "service_time: Mo–Fr 7–19 Uhr", *times(rng, fast=True),
                "categories: [technik, konto, datenschutz, barrierefreiheit]"]))
        else:
            lines[-1] = "routing: []"
        self.out.write(f"overlays/{land.code}/state.yml", "\n".join(lines))

    # state overlays

    def candidates(self) -> list[str]:
        return [a for s in self.plan.services for kind in KINDS for a in s.articles.get(kind, [])]

    def overlays(self) -> None:
        rng = self.rng
        pool = self.candidates()
        count = min(len(pool), round(len(pool) * self.sizes.overlay_share))
        chosen = sorted(rng.sample(pool, count))
        by_slug = {s.spec.slug: s for s in self.plan.services}
        for article_id in chosen:
            service = by_slug[article_id.split("/")[1]]
            kind = article_id.split("/")[2]
            roll = rng.random()
            mode = ("extend" if kind == "training" or roll < 0.75
                    else "replace" if roll < 0.9 else "hide")
            text = getattr(self, mode)(article_id, service, kind)
            self.out.write(f"overlays/{self.land.code}/{article_id}.md", text)
            key = f"overlays_{mode}"
            setattr(self.out.summary, key, getattr(self.out.summary, key) + 1)

    def pin(self, article_id: str) -> str:
        return f"base: {fingerprint(self.texts[article_id])}"

    def extend(self, article_id: str, service: Service, kind: str) -> str:
        rng, land = self.rng, self.land
        w = tx.Writer(rng, service.spec, service.targets)
        meta = ["overlay: extend", self.pin(article_id)]
        if kind != "training" and rng.random() < 0.3:
            short = " ".join(w.fill(t, **self.extra(service))
                             for t in rng.sample(tx.LAND_SHORT, 2)) + " " + w.short_answer(150)
            meta.append(folded("short_answer", short[:390]))
        keywords = [land.name, land.portal, f"{service.spec.thing.word} {land.name}"]
        meta += [f"keywords: {flow(keywords[:rng.randint(1, 3)])}",
                 f"review_by: {rng.choice(REVIEW_DATES)}", f"owner: {q(self.owner)}"]
        hint = (f"Hinweis {land.name}", self.land_text(w, service, rng.randint(2, 3)))
        roll = rng.random()
        if kind == "training":
            parts = [hint]
        elif roll < 0.45:
            parts = [("Antwort", self.land_text(w, service, rng.randint(1, 3)))]
        elif roll < 0.65:
            parts = [("Rückfragen", bullets([f"Wohnen Sie in {land.name}?",
                                             *w.questions(rng.randint(1, 2))]))]
        else:
            parts = [("Antwort", self.land_text(w, service, rng.randint(1, 2))), hint]
        return front(meta) + "\n" + sections(parts)

    def replace(self, article_id: str, service: Service, kind: str) -> str:
        author = Author(self.rng, service, self.owner)
        title = f"{self.land.name}: {title_of(self.texts[article_id])}"
        local = self.land_text(author.w, service, 2)
        if kind == "workarounds":
            draft = author.workaround(title, *author.w.error(), extra=(self.land.name,))
            draft.body = draft.body.replace("## Antwort\n\n", f"## Antwort\n\n{local}\n\n", 1)
        else:
            draft = author.faq(title, extra=(self.land.name,), local=local)
        return front(["overlay: replace", self.pin(article_id), *draft.meta]) + "\n" + draft.body

    def hide(self, article_id: str, service: Service, kind: str) -> str:
        self.hidden.add(article_id)
        land, rng = self.land, self.rng
        meta = ["overlay: hide", self.pin(article_id), f"owner: {q(self.owner)}"]
        body = (f"Intern: Ausgeblendet für {land.name}, weil das Verfahren im {land.portal} "
                f"abweicht und der Basisartikel deshalb irreführt. Vorgang "
                f"{land.code.upper()}-EFA-{rng.randint(1000, 9999)}, Wiedervorlage nach der "
                "Umstellung – nicht veröffentlichen.\n")
        return front(meta) + "\n" + body

    # local articles

    def locals(self) -> None:
        rng, land = self.rng, self.land
        count = max(2, round(len(self.candidates()) * self.sizes.overlay_share / 20))
        for _ in range(count if self.plan.services else 0):
            service = rng.choice(self.plan.services)
            author = Author(rng, service, self.owner)
            local = self.land_text(author.w, service, 2)
            if rng.random() < 0.8:
                kind, title = "faq", author.w.faq_title()[:-1] + f" in {land.name}?"
                draft = author.faq(title, extra=(land.name, land.portal), local=local)
            else:
                kind = "workarounds"
                message, code, action, context = author.w.error()
                title = f"{land.portal}: „{message}“ beim {action}"
                draft = author.workaround(title, message, code, action, context, (land.portal,))
            slug = unique_slug(f"{title} {land.code}", self.taken[service.spec.slug])
            self.out.write(f"overlays/{land.code}/services/{service.spec.slug}/{kind}/{slug}.md",
                           draft.text())
            self.out.summary.state_local += 1
        self.desk_page()

    def desk_page(self) -> None:
        rng, land = self.rng, self.land
        desk = ("die Behördennummer 115" if self.position % 3 != 2
                else f"der Service-Desk {land.name}")
        rows = "\n".join([f"| fachliche Fragen | {self.t_fach} |",
                          f"| Sozial- und Familienleistungen | {self.t_social} |",
                          f"| technische Störungen aller Dienste | {self.t_tech} |"])
        title = f"Erreichbarkeit des First Levels in {land.name} und Eskalationswege"
        meta = [f"title: {q(title)}",
                "category: zustaendigkeit",
                f"keywords: {flow(['115', 'Service-Desk', 'Eskalation', land.name])}",
                f"review_by: {rng.choice(REVIEW_DATES)}", f"owner: {q(self.owner)}"]
        body = sections([
            ("Erreichbarkeit", (f"Erste Anlaufstelle in {land.name} ist {desk}. Anliegen, die dort "
             "nicht abschließend geklärt werden, gehen als Ticket an die zuständige Stelle im "
             "Land oder an den Betreiber.")),
            (f"Eskalationswege in {land.name}", f"| Anliegen | Ziel |\n|---|---|\n{rows}"),
            (f"Ansprechpartner MiV {land.name}", (f"Für Änderungen an diesen Inhalten: MiV "
             f"{land.name}, efa-miv@{land.domain}.example.org.")),
        ])
        self.out.write(f"overlays/{land.code}/pages/erreichbarkeit-service-desk.md",
                       front(meta) + "\n" + body)
        self.out.summary.state_local += 1

    # municipalities

    def municipalities(self) -> None:
        rng, land, geo = self.rng, self.land, self.plan.geo
        district_of = {t.ars: d for d in geo.districts for t in d.towns}
        towns = geo.towns()
        capital = [t for t in towns if t.ars == land.capital_ars] or towns[:1]
        others = [t for t in towns if t not in capital]
        picked = (capital + rng.sample(others, len(others)))[:self.sizes.municipalities]
        pool = [a for a in self.candidates() if a not in self.hidden]
        by_slug = {s.spec.slug: s for s in self.plan.services}
        for town in picked:
            district = district_of[town.ars]
            if district.kind == "Bezirk":
                name = f"Bezirk {town.name}"
            elif town.ars == land.capital_ars:
                name = f"Landeshauptstadt {town.name}"
            elif district.kind == "kreisfreie Stadt":
                name = f"Stadt {town.name}"
            else:
                name = f"Gemeinde {town.name}"
            office = f"das Bürgerbüro {town.name}"
            phone = f"0{rng.randint(200, 9899)} {rng.randint(1000, 99999)}"
            host = tx.slugify(town.name, 3)
            folder = f"overlays/{land.code}/municipalities/{town.ars}"
            self.out.write(f"{folder}/municipality.yml", "\n".join([
                f"name: {q(name)}", f"ars: {town.ars}", "contact:",
                f"  name: {q(f'{name} – Bürgerservice, E-Government-Koordination')}",
                f"  email: egov@{host}.example.org", f'  phone: "{phone}"']))
            self.out.summary.municipalities += 1
            slots = {"town": town.name, "office": office, "phone": phone}
            count = max(1, round(len(pool) * self.sizes.overlay_share / 40)) if pool else 0
            for article_id in sorted(rng.sample(pool, min(count, len(pool)))):
                service = by_slug[article_id.split("/")[1]]
                w = tx.Writer(rng, service.spec, service.targets)
                meta = ["overlay: extend", self.pin(article_id)]
                if article_id.split("/")[2] != "training" and rng.random() < 0.6:
                    meta.append(folded("short_answer", " ".join(
                        w.fill(t, **slots) for t in rng.sample(tx.TOWN_SHORT, 2))))
                thing = f"{service.spec.thing.word} {town.name}"
                meta.append(f"keywords: {flow([town.name, thing])}")
                chosen = rng.sample(tx.TOWN_TEXT, rng.randint(2, 3))
                text = " ".join(w.fill(t, **slots) for t in chosen)
                heading = "Antwort" if rng.random() < 0.5 else f"Hinweis {town.name}"
                self.out.write(f"{folder}/{article_id}.md",
                               front(meta) + "\n" + sections([(heading, text)]))
                self.out.summary.municipal_overlays += 1
            for _ in range(rng.randint(1, 2) if self.plan.services else 0):
                service = rng.choice(self.plan.services)
                author = Author(rng, service, f"{name} – E-Government-Koordination")
                title = author.w.faq_title()[:-1] + f" in {town.name}?"
                local = " ".join(author.w.fill(t, **slots) for t in rng.sample(tx.TOWN_TEXT, 2))
                draft = author.faq(title, extra=(town.name,), local=local)
                slug = unique_slug(f"{title} {town.ars}", self.taken[service.spec.slug])
                self.out.write(f"{folder}/services/{service.spec.slug}/faq/{slug}.md", draft.text())
                self.out.summary.municipal_local += 1


# --- XZuFi ------------------------------------------------------------------------------


def write_xzufi(out: Out, sizes: Sizes, services: list[Service], plans: list[StatePlan]) -> None:
    """A Bund message with the nationwide Leistungen and one message per state."""
    if not services or sizes.leistungen <= 0:
        return
    specs = {s.spec.slug: s.spec for s in services}
    leika = {s.spec.slug: s.leika for s in services}
    nationwide = round(sizes.leistungen * 0.3)
    rng = stream(sizes, "xzufi", "bund")
    writer = xz.LeistungWriter(rng, specs, leika)
    bund_dialect = xz.Dialect("2.2.0")
    bund_xml, bund_refs = [], []
    for k in range(nationwide):
        slug = rng.choice(services).spec.slug
        area = "000000000000" if rng.random() < 0.5 else None
        xml, ref = writer.leistung(bund_dialect, xz.BUND_AGENCY, str(10100001 + k), slug, None,
                                   area, "Bundesministerium des Innern und für Heimat")
        bund_xml.append(xml)
        bund_refs.append(ref)
    out.write("xzufi/bund-leistungen.xml",
              xz.bund_message(rng, bund_xml, "2026-10-01T06:00:00+02:00"))
    out.summary.leistungen_bund = nationwide
    for position, plan in enumerate(plans):
        land = plan.land
        rng = stream(sizes, "xzufi", land.code)
        writer = xz.LeistungWriter(rng, specs, leika)
        dialect = xz.Dialect("2.3.1")
        own_xml, own_refs = [], []
        for k in range(sizes.leistungen - nationwide if plan.services else 0):
            service = rng.choice(plan.services)
            ministry = (f"Ministerium für Soziales, Gesundheit und Familie {land.name}"
                        if service.spec.slug in xz.SOCIAL
                        else f"Ministerium des Innern {land.name}")
            xml, ref = writer.leistung(dialect, f"L1000{land.ars}", f"{land.ars}{k + 1:06d}",
                                       service.spec.slug, land, plan.geo.state_ars, ministry)
            own_xml.append(xml)
            own_refs.append(ref)
        created = f"2026-10-{2 + position % 27:02d}T07:30:00+02:00"
        text, counts = xz.state_message(rng, plan.geo, own_xml, bund_refs + own_refs, created)
        out.write(f"xzufi/land-{land.code}.xml", text)
        out.summary.leistungen_state += len(own_refs)
        out.summary.offices += counts.offices
        out.summary.zustaendigkeiten += counts.zustaendigkeiten
        out.summary.gebiete += counts.gebiete


# --- the whole repository -----------------------------------------------------------------


def generate(out: Path, sizes: Sizes = Sizes(), force: bool = False) -> Summary:
    """Write a knowledge-base repository of ``sizes`` into ``out``.

    ``out`` may exist; when it already holds generated folders (content/, overlays/,
    xzufi/), they are replaced only with ``force``.
    """
    if not 1 <= sizes.states <= len(tx.LAENDER):
        raise ValueError(f"--states must be 1 to {len(tx.LAENDER)}, got {sizes.states}")
    if sizes.services < 1 or sizes.articles < 0 or not 0 <= sizes.overlay_share <= 1:
        raise ValueError("--services must be at least 1, --articles at least 0, "
                         "--overlay-share between 0 and 1")
    existing = [out / name for name in GENERATED if (out / name).exists()]
    if existing and not force:
        raise FileExistsError(f"{existing[0]} exists; pass --force to replace "
                              f"{', '.join(GENERATED)} below {out}")
    for path in existing:
        shutil.rmtree(path)
    summary = Summary()
    writer = Out(out, summary)
    lands = list(tx.LAENDER[:sizes.states])
    codes = [land.code for land in lands]
    write_taxonomy(writer)
    services = write_services(writer, sizes, codes)
    write_incidents(writer, sizes, services, codes)
    texts, taken = write_articles(writer, sizes, services)
    seen: set[tuple[int, ...]] = set()
    plans = []
    for position, land in enumerate(lands):
        rng = stream(sizes, "state-services", land.code)
        chosen = choose_services(rng, services, sizes.services_per_state, seen)
        plan = StatePlan(land, xz.geography(stream(sizes, "geography", land.code), land), chosen)
        StateAuthor(writer, sizes, plan, position, texts, taken).write()
        plans.append(plan)
    summary.states = len(plans)
    write_xzufi(writer, sizes, services, plans)
    return summary


def main(argv: list[str] | None = None) -> int:
    defaults = Sizes()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="the repository to write")
    for item in fields(Sizes):
        flag = "--" + item.name.replace("_", "-")
        parser.add_argument(flag, type=type(getattr(defaults, item.name)),
                            default=getattr(defaults, item.name),
                            help=f"default: {getattr(defaults, item.name)}")
    parser.add_argument("--force", action="store_true",
                        help="replace content/, overlays/ and xzufi/ if --out has them")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args(argv)
    sizes = Sizes(**{item.name: getattr(args, item.name) for item in fields(Sizes)})
    started = time.perf_counter()
    try:
        summary = generate(args.out, sizes, force=args.force)
    except (FileExistsError, ValueError) as exc:
        print(f"federal_repo: {exc}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - started
    if args.json:
        print(json.dumps({**asdict(summary), "base_articles": summary.base_articles,
                          "seconds": round(seconds, 2)}, ensure_ascii=False, indent=2))
    else:
        print("\n".join(summary.lines()))
        print(f"written to {args.out} in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
