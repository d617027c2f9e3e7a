"""Broken repositories get a clear error naming the file, never silence or a traceback."""

from __future__ import annotations

import pytest

from efa_kb.pipeline import load_and_check
from tests.conftest import MINIMAL

MUNICIPALITY = "overlays/by/municipalities/091620000000/municipality.yml"


@pytest.mark.parametrize(("path", "text", "expected"), [
    ("overlays/by/state.yml", "", "Die Datei muss Schlüssel mit Werten (name, ars_prefix, services, …) enthalten, ist aber leer"),
    ("overlays/by/state.yml", "- Bayern\n",
     "Die Datei muss Schlüssel mit Werten (name, ars_prefix, services, …) enthalten, ist aber eine Liste"),
    ("content/services/wohngeld/service.yml", "",
     "Die Datei muss Schlüssel mit Werten (name, leika, bela, …) enthalten, ist aber leer"),
    ("content/services/wohngeld/service.yml", "Wohngeld\n",
     "Die Datei muss Schlüssel mit Werten (name, leika, bela, …) enthalten, ist aber der Text 'Wohngeld'"),
    (MUNICIPALITY, "", "Die Datei muss Schlüssel mit Werten (name, ars, contact) enthalten, ist aber leer"),
    ("content/categories.yml", "",
     "Die Datei muss eine Liste von Kategorien mit id, name, description enthalten, ist aber leer"),
    ("content/categories.yml", "antrag: Antrag\n",
     ("Die Datei muss eine Liste von Kategorien mit id, name, description enthalten, ist aber eine Zuordnung "
      "(Schlüssel mit Werten)")),
    ("content/glossary.yml", "",
     "Die Datei muss eine Liste von Begriffen mit term, expansion, definition enthalten, ist aber leer"),
], ids=["empty-state", "list-state", "empty-service", "text-service", "empty-municipality", "empty-categories",
        "mapping-categories", "empty-glossary"])
def test_an_empty_or_mistyped_yaml_file_is_an_error_naming_it(kb_repo, path, text, expected):
    root = kb_repo({**MINIMAL, path: text})
    _kb, _views, problems = load_and_check(root)
    found = [p for p in problems.errors if p.path == path]
    assert found and found[0].message == expected, [str(p) for p in problems]
    assert found[0].fix.startswith("Schreiben Sie zum Beispiel:") and found[0].code == "wrong-file-shape"


ARTICLE = "content/services/wohngeld/faq/antrag-absenden.md"


@pytest.mark.parametrize(("text", "line", "expected"), [
    ("---\ntitle: Abgeschnitten\n", 1,
     "Das Front Matter ist kein gültiges YAML: das mit '---' begonnene Front Matter wird nie geschlossen"),
    ("---\ntitle: x\nkeywords: " + "[" * 300 + "]" * 300 + "\n---\nText\n", 3,
     "Das Front Matter ist kein gültiges YAML: Schlüssel und Listen sind mehr als 50 Ebenen tief verschachtelt"),
    ("---\ntitle: x\n---\n## Antwort\n\n" + "".join("    " * i + "- a\n" for i in range(300)), 27,
     "Listen oder Zitate sind 21 Ebenen tief verschachtelt; möglich sind höchstens 20"),
    ("---\ntitle: x\n---\n" + "> " * 2000 + "Zitat\n", 4,
     "Listen oder Zitate sind 2000 Ebenen tief verschachtelt; möglich sind höchstens 20"),
    ("---\ntitle: x\n---\n" + "*" * 3000 + "x\n", 4, "Mehr als 100 Hervorhebungszeichen (* oder _) in Folge"),
], ids=["unclosed-front-matter", "deep-yaml", "deep-list", "deep-quote", "marker-run"])
def test_markdown_that_cannot_be_converted_is_refused_by_check(kb_repo, text, line, expected):
    root = kb_repo({**MINIMAL, ARTICLE: text})
    _kb, _views, problems = load_and_check(root)
    found = [p for p in problems.errors if p.path == ARTICLE]
    assert [(p.line, p.message) for p in found] == [(line, expected)], [str(p) for p in problems]


def test_deep_yaml_in_service_yml_is_an_error_not_a_crash(kb_repo):
    root = kb_repo({**MINIMAL, "content/services/wohngeld/service.yml": "name: " + "[" * 400 + "]" * 400 + "\n"})
    _kb, _views, problems = load_and_check(root)
    assert any(p.path == "content/services/wohngeld/service.yml" and "mehr als 50 Ebenen tief verschachtelt" in p.message
               for p in problems.errors)


def test_two_base_articles_differing_only_in_case_are_an_error_naming_both(kb_repo):
    root = kb_repo({**MINIMAL, "content/services/wohngeld/faq/Antrag-Absenden.md": "---\ntitle: Doppelt\n---\nText\n"})
    _kb, _views, problems = load_and_check(root)
    found = [p for p in problems.errors if p.code == "case-clash"]
    assert len(found) == 1 and {found[0].path, found[0].message.split(" wie ")[1].split(" (")[0]} == {
        "content/services/wohngeld/faq/Antrag-Absenden.md", "content/services/wohngeld/faq/antrag-absenden.md"}


def test_a_local_article_differing_from_a_base_one_only_in_case_is_an_error(kb_repo):
    root = kb_repo({**MINIMAL, "overlays/by/services/wohngeld/faq/ANTRAG-absenden.md": "---\ntitle: Lokal\n---\nText\n"})
    _kb, _views, problems = load_and_check(root)
    found = [p for p in problems.errors if p.code == "case-clash"]
    assert [p.path for p in found] == ["overlays/by/services/wohngeld/faq/ANTRAG-absenden.md"]
    assert "content/services/wohngeld/faq/antrag-absenden.md" in found[0].message


@pytest.mark.parametrize("setting", [
    "markdown_extensions:\n  - pymdownx.superfences:\n      custom_fences:\n        - name: mermaid\n          class: mermaid\n",
    "extra_javascript:\n  - https://unpkg.com/mermaid@11/dist/mermaid.min.js\n",
])
def test_a_configuration_that_loads_from_another_host_is_refused_with_its_line(kb_repo, setting):
    root = kb_repo({**MINIMAL, "mkdocs.yml": "site_name: KB\n" + setting})
    _kb, _views, problems = load_and_check(root)
    found = [p for p in problems.errors if p.path == "mkdocs.yml"]
    assert found and "erreichen keinen anderen Server" in found[0].message and found[0].line >= 2


def test_the_sanitiser_removes_the_class_that_makes_material_load_mermaid():
    from efa_kb.load.sanitize import clean_page_html

    cleaned = clean_page_html('<pre class="mermaid language-x">graph TD</pre><div class="mermaid">x</div>')
    assert "mermaid" not in cleaned and 'class="language-x"' in cleaned and "graph TD" in cleaned
