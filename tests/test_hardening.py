"""Broken repositories get a clear error naming the file, never silence or a traceback."""

from __future__ import annotations

import pytest

from efa_kb.pipeline import load_and_check
from tests.conftest import MINIMAL

MUNICIPALITY = "overlays/by/municipalities/091620000000/municipality.yml"


@pytest.mark.parametrize(("path", "text", "expected"), [
    ("overlays/by/state.yml", "", "must be a mapping of keys (name, ars_prefix, services, …), but it is empty"),
    ("overlays/by/state.yml", "- Bayern\n", "must be a mapping of keys (name, ars_prefix, services, …), but it is a list"),
    ("content/services/wohngeld/service.yml", "", "must be a mapping of keys (name, leika, bela, …), but it is empty"),
    ("content/services/wohngeld/service.yml", "Wohngeld\n",
     "must be a mapping of keys (name, leika, bela, …), but it is the text 'Wohngeld'"),
    (MUNICIPALITY, "", "must be a mapping of keys (name, ars, contact), but it is empty"),
    ("content/categories.yml", "", "must be a list of categories with id, name, description, but it is empty"),
    ("content/categories.yml", "antrag: Antrag\n",
     "must be a list of categories with id, name, description, but it is a mapping"),
    ("content/glossary.yml", "", "must be a list of terms with term, expansion, definition, but it is empty"),
], ids=["empty-state", "list-state", "empty-service", "text-service", "empty-municipality", "empty-categories",
        "mapping-categories", "empty-glossary"])
def test_an_empty_or_mistyped_yaml_file_is_an_error_naming_it(kb_repo, path, text, expected):
    root = kb_repo({**MINIMAL, path: text})
    _kb, _views, problems = load_and_check(root)
    found = [p for p in problems.errors if p.path == path]
    assert found and found[0].message == expected, [str(p) for p in problems]
    assert found[0].fix.startswith("write for example:")
