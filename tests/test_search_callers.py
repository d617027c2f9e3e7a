"""Callers' words: ``caller_phrases`` weighed like the title (overlays add to them), the shipped
everyday-to-administrative list, filler that decides nothing, and the glossary rule.

Each test builds the terminal index of a small repository of real files.
"""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from efa_kb.commands.search import state_documents
from efa_kb.index.analysis import STOPWORDS, fold
from efa_kb.index.whoosh_index import TerminalSearch, open_or_build
from tests.conftest import MINIMAL

SERVICE = MINIMAL["content/services/wohngeld/service.yml"]
CATEGORIES = MINIMAL["content/categories.yml"]


def faq(title: str, body: str, extra: str = "") -> str:
    return f"""
        ---
        title: {title}
        category: antrag
        short_answer: Eine Kurzantwort.
        {extra}
        ---
        ## Antwort

        {body}
    """


def repo(kb_repo, articles: dict[str, str], *, states: dict[str, str] | None = None,
         glossary: str = "") -> object:
    files = {
        "content/categories.yml": CATEGORIES,
        "content/services/wohngeld/service.yml": SERVICE,
        **{f"content/services/wohngeld/faq/{slug}.md": text for slug, text in articles.items()},
        "overlays/by/state.yml": "name: Bayern\nars_prefix: 09\nservices: [wohngeld]\n",
        "overlays/be/state.yml": "name: Berlin\nars_prefix: 11\nservices: [wohngeld]\n",
        **(states or {}),
    }
    if glossary:
        files["content/glossary.yml"] = glossary
    return kb_repo(files)


def searcher(root, state: str, tmp_path) -> TerminalSearch:
    docs, glossary = state_documents(root, state)
    folder = tmp_path / f"index-{state}"
    open_or_build(docs, glossary, folder)
    return TerminalSearch(folder)


def top(search: TerminalSearch, query: str, n: int = 1) -> list[str]:
    return [hit.id.rsplit("/", 1)[-1] for hit in search.search(query)][:n]


DAUER = faq("Wie lange dauert die Bearbeitung?",
            "Die Wohngeldstelle bearbeitet Anträge in der Regel in sechs bis acht Wochen.")
ZURUECK = faq("Kann ich den Antrag zurückziehen?",
              "Einen Antrag ziehen Sie mit einem formlosen Schreiben zurück. Ein Antrag, "
              "der seit Wochen liegt, kann ebenso zurückgezogen werden; der Antrag endet dann.")
PHRASES = 'caller_phrases: ["mein antrag hängt seit wochen", "ich höre nichts vom amt"]'


def test_caller_phrases_rank_like_the_title(kb_repo, tmp_path):
    query = "antrag hängt seit wochen"
    without = searcher(repo(kb_repo, {"bearbeitungsdauer": DAUER, "zurueckziehen": ZURUECK}), "by",
                       tmp_path / "a")
    assert top(without, query) == ["zurueckziehen"], "the body's words alone pick the other article"
    with_phrases = searcher(repo(kb_repo, {"bearbeitungsdauer": faq(
        "Wie lange dauert die Bearbeitung?",
        "Die Wohngeldstelle bearbeitet Anträge in der Regel in sechs bis acht Wochen.", PHRASES),
        "zurueckziehen": ZURUECK}), "by", tmp_path / "b")
    assert top(with_phrases, query) == ["bearbeitungsdauer"]
    assert top(with_phrases, "ich höre nichts vom amt") == ["bearbeitungsdauer"]


def test_caller_phrases_are_not_shown_on_the_page(kb_repo, tmp_path):
    from efa_kb.pipeline import build_sites

    root = repo(kb_repo, {"bearbeitungsdauer": faq("Wie lange dauert die Bearbeitung?", "Sechs Wochen.",
                                                    PHRASES)})
    report = build_sites(root, tmp_path / "site", ["by"], progress=lambda m: None)
    assert report.ok, report.failed
    html = (tmp_path / "site" / "by" / "services" / "wohngeld" / "faq" / "bearbeitungsdauer" /
            "index.html").read_text("utf-8")
    assert "Sechs Wochen" in html and "hängt seit wochen" not in html


def test_a_state_overlay_adds_caller_phrases(kb_repo, tmp_path):
    overlay = """
        ---
        caller_phrases: ["das landratsamt ruft nicht zurück"]
        ---
    """
    root = repo(kb_repo, {"bearbeitungsdauer": faq("Wie lange dauert die Bearbeitung?", "Sechs Wochen.",
                                                    PHRASES),
                          "zurueckziehen": ZURUECK},
                states={"overlays/by/services/wohngeld/faq/bearbeitungsdauer.md": overlay})
    by, be = searcher(root, "by", tmp_path), searcher(root, "be", tmp_path)
    assert top(by, "landratsamt ruft nicht zurück") == ["bearbeitungsdauer"]
    assert top(by, "antrag hängt seit wochen") == ["bearbeitungsdauer"], "the base's phrases stay"
    assert "bearbeitungsdauer" not in top(be, "landratsamt ruft nicht zurück", 10)


def test_everyday_words_find_administrative_ones_in_one_direction(kb_repo, tmp_path):
    root = repo(kb_repo, {
        "bescheid": faq("Der Bescheid ist da – was nun?", "Prüfen Sie die Angaben im Bewilligungsbescheid."),
        "post": faq("Wer verschickt die Briefe?", "Die Briefe verschickt die Poststelle."),
        "geld": faq("Wann wird das Geld überwiesen?", "Einige Tage nach der Bewilligung."),
    })
    search = searcher(root, "by", tmp_path)
    assert top(search, "brief vom amt") == ["bescheid"], "Brief vom Amt → Bescheid"
    assert top(search, "wann kommt die kohle") == ["geld"], "Kohle → Geld"
    assert top(search, "briefe") == ["post"], "the word itself still counts most"
    assert "post" not in top(search, "bescheid", 10), "a Bescheid is never searched as a Brief"


def test_filler_and_question_words_do_not_decide(kb_repo, tmp_path):
    root = repo(kb_repo, {
        "abmelden": faq("Wohngeld abmelden", "Wer umzieht, meldet das Wohngeld ab."),
        "frage": faq("Wie kann ich mein Passwort ändern?", "Im Konto unter Einstellungen."),
    })
    search = searcher(root, "by", tmp_path)
    assert top(search, "wohngeld abmelden") == ["abmelden"]
    assert top(search, "wie kann ich eigentlich mein wohngeld abmelden") == ["abmelden"]
    assert top(search, "wie kann ich mein") == [], "only filler: nothing is asked"


GLOSSARY = """
    - term: WoGG
      expansion: Wohngeldgesetz
      definition: Das Gesetz, nach dem Wohngeld berechnet und bewilligt wird.
"""


def test_glossary_ranks_below_articles_unless_only_the_term_is_asked(kb_repo, tmp_path):
    root = repo(kb_repo, {
        "berechnung": faq("Wie wird das Wohngeld berechnet?",
                          "Nach den Regeln des WoGG: Einkommen, Miete und Haushaltsgröße.",
                          "keywords: [WoGG, Berechnung]"),
    }, glossary=GLOSSARY)
    search = searcher(root, "by", tmp_path)
    asked = search.search("wogg berechnung")
    assert [hit.kind for hit in asked][:2] == ["faq", "glossary"]
    term = search.search("wogg")
    assert {hit.kind for hit in term[:2]} == {"faq", "glossary"}
    glossary_score = {hit.kind: hit.score for hit in term}["glossary"]
    assert glossary_score > 3 * {hit.kind: hit.score for hit in asked}["glossary"], \
        "the term alone: its entry is not pushed down"


def test_the_everyday_list_is_large_and_well_formed():
    data = yaml.safe_load(resources.files("efa_kb").joinpath("resources/colloquial.yml").read_text("utf-8"))
    entries = data["everyday"]
    pairs = sum(len(entry) - 1 for entry in entries)
    assert len(entries) >= 300 and pairs >= 600, (len(entries), pairs)
    seen: set[str] = set()
    for entry in entries:
        assert isinstance(entry, list) and len(entry) >= 2 and all(isinstance(w, str) for w in entry), entry
        everyday, *administrative = entry
        # up to three words that carry meaning (stop words like "das", "ich" are dropped),
        # or a question of stop words only ("bis wann"), which is kept whole
        meaning = [w for w in everyday.split() if fold(w) not in STOPWORDS]
        assert 1 <= len(meaning or everyday.split()) <= 3, entry
        assert all(len(w.split()) == 1 and "-" not in w for w in administrative), entry
        assert everyday.casefold() not in seen, f"twice: {everyday}"
        seen.add(everyday.casefold())


@pytest.mark.parametrize(("everyday", "administrative"),
                         [("Brief", "Bescheid"), ("Amt", "Behörde"), ("Kohle", "Geld")])
def test_the_everyday_list_has_the_issues_examples(everyday, administrative):
    data = yaml.safe_load(resources.files("efa_kb").joinpath("resources/colloquial.yml").read_text("utf-8"))
    assert any(entry[0] == everyday and administrative in entry[1:] for entry in data["everyday"])
