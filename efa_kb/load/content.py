"""Reading the operator's base content below ``content/``."""

from __future__ import annotations

from pathlib import Path

from efa_kb.load.articles import read_article
from efa_kb.load.files import markdown_files, read_yaml_list, read_yaml_mapping, rel
from efa_kb.load.routing import read_routing
from efa_kb.load.schema import Context, read_mapping
from efa_kb.load.schemas import CATEGORY, CONTACT, GLOSSARY_ENTRY, SERVICE
from efa_kb.load.yamlio import YamlMap
from efa_kb.model.content import Article, Category, Contact, GlossaryEntry, Service
from efa_kb.model.provenance import BASE
from efa_kb.problems import Problems


def contact_from(data: dict | None) -> Contact | None:
    return Contact(**{k: data.get(k) or "" for k in CONTACT}) if data else None


def _read_list(root: Path, path: Path, problems: Problems, what: str) -> list[tuple[YamlMap, int]]:
    """Items of a YAML file that must hold a list of mappings."""
    if not path.exists():
        return []
    data = read_yaml_list(root, path, problems, what, "'- ' und der erste Schlüssel eines Eintrags")
    if data is None:
        return []
    name = rel(root, path)
    items = []
    for index, item in enumerate(data):
        if isinstance(item, YamlMap):
            items.append((item, data.line_of(index)))
        else:
            problems.error(name, data.line_of(index), f"Jeder Eintrag muss Schlüssel mit Werten haben ({what})",
                           "Schreiben Sie Zeilen wie '- schlüssel: wert'", code="wrong-entry-shape")
    return items


def load_categories(root: Path, problems: Problems) -> dict[str, Category]:
    path = root / "content" / "categories.yml"
    ctx = Context(rel(root, path), problems)
    categories: dict[str, Category] = {}
    for item, line in _read_list(root, path, problems, "Kategorien mit id, name, description"):
        data = read_mapping(item, CATEGORY, ctx)
        if "id" not in data or "name" not in data:
            continue
        if data["id"] in categories:
            ctx.error(line, f"Die Kategorie '{data['id']}' ist doppelt definiert", "Entfernen oder benennen Sie eine davon um",
                      code="duplicate-category")
            continue
        categories[data["id"]] = Category(data["id"], data["name"], data["description"] or "")
    return categories


def load_glossary(root: Path, problems: Problems) -> tuple[GlossaryEntry, ...]:
    path = root / "content" / "glossary.yml"
    ctx = Context(rel(root, path), problems)
    entries = []
    for item, _line in _read_list(root, path, problems, "Begriffen mit term, expansion, definition"):
        data = read_mapping(item, GLOSSARY_ENTRY, ctx)
        if "term" in data and "definition" in data:
            entries.append(GlossaryEntry(data["term"], data["definition"], data.get("expansion")))
    return tuple(sorted(entries, key=lambda e: e.term.casefold()))


def load_services(root: Path, problems: Problems) -> dict[str, Service]:
    services: dict[str, Service] = {}
    folder = root / "content" / "services"
    if not folder.is_dir():
        return services
    for service_dir in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        path = service_dir / "service.yml"
        name = rel(root, path)
        if not path.exists():
            problems.error(rel(root, service_dir), None, "Dienstordner ohne service.yml",
                           f"Legen Sie {name} an, mindestens mit 'name: <Name des Dienstes>'", code="missing-service-yml")
            continue
        data = read_yaml_mapping(root, path, problems, "name, leika, bela, …", "name: Wohngeld-Antrag online")
        if data is None:
            continue
        ctx = Context(name, problems)
        fields = read_mapping(data, SERVICE, ctx)
        routing = read_routing(data.get("routing"), data.line_of("routing"), ctx, BASE, own_service=service_dir.name)
        services[service_dir.name] = Service(
            id=service_dir.name, name=fields.get("name") or service_dir.name, path=name,
            leika=tuple(fields["leika"] or ()), bela=(fields["bela"] or "").upper(),
            provider=fields["provider"] or "", url=fields["url"] or "",
            bev_contact=contact_from(fields.get("bev_contact")), routing=routing,
        )
    return services


def load_articles(root: Path, problems: Problems) -> dict[str, Article]:
    """Every article below ``content/services`` and ``content/pages``."""
    content = root / "content"
    articles: dict[str, Article] = {}
    paths = markdown_files(content / "services") + markdown_files(content / "pages")
    paths += sorted(p for p in content.glob("*.md"))
    seen: dict[str, str] = {}
    """Article id in lower case → the file that has it, so URLs differ in more than letter case."""
    for path in paths:
        article_id = path.relative_to(content).with_suffix("").as_posix()
        if (other := seen.get(article_id.casefold())) is not None:
            problems.error(rel(root, path), None,
                           f"Dieselbe Seitenadresse wie {other} (die Namen unterscheiden sich nur in Groß- und Kleinschreibung)",
                           "Benennen Sie eine der Dateien um: auf manchen Dateisystemen und in Adressen überschriebe "
                           "eine die andere", code="case-clash")
            continue
        loaded = read_article(root, path, article_id, problems)
        if loaded:
            seen[article_id.casefold()] = rel(root, path)
            articles[article_id] = loaded.article
    return articles
