"""The German analysis: folding, stemming of words being typed, compounds, synonyms, typos,
and that the site's client (efa-search.js) analyses exactly as Python does."""

from __future__ import annotations

import json
import shutil
import subprocess
from importlib import resources

import pytest

from efa_kb.index.analysis import fold, stem, stems, words
from efa_kb.index.documents import SearchDoc
from efa_kb.index.lexicon import build_lexicon
from efa_kb.index.matching import Vocabulary, distance, parse_query
from efa_kb.index.terms import text_terms

DOCS = [
    SearchDoc(
        id="services/ikfz/faq/a",
        url="services/ikfz/faq/a/",
        title="Personalausweis mit Online-Ausweisfunktion",
        kind="faq",
        body="Die Zulassungsbescheinigung Teil II heißt auch Fahrzeugbrief. "
        "Eine Zulassung braucht die eVB. Kennzeichenschilder, Geburtsurkunde, Wohngeld.",
    )
]
GLOSSARY = [("eVB", "elektronische Versicherungsbestätigung")]


@pytest.fixture(scope="module")
def lexicon():
    return build_lexicon(DOCS, GLOSSARY)


@pytest.mark.parametrize("spelling", ["Führerschein", "Fuehrerschein", "Fuhrerschein", "FÜHRERSCHEIN"])
def test_umlaut_spellings_meet(spelling):
    assert fold(spelling) == "fuhrerschein"


def test_sharp_s_and_accents_fold():
    assert fold("Straße") == fold("Strasse") == "strasse"
    assert fold("Café") == "cafe"
    assert fold("Queue") == "queu"  # "ue" after q is no umlaut


@pytest.mark.parametrize(
    ("a", "b"),
    [("Anträge", "Antrag"), ("Ausweises", "Ausweis"), ("Bescheinigungen", "Bescheinigung"),
     ("Kennzeichens", "Kennzeichen")],
)
def test_inflections_share_a_stem(a, b):
    assert stem(fold(a)) == stem(fold(b))


@pytest.mark.parametrize("word", ["zulassungsbescheinigung", "kennzeichen", "abmelden", "ausweise"])
def test_stem_is_a_prefix_so_partial_words_match(word):
    # the light stemmer only strips, so whatever prefix an agent has typed so far is a
    # prefix of the word and either a prefix of its stem or the stem plus a short suffix
    s = stem(word)
    assert word.startswith(s)
    for cut in range(3, len(word)):
        typed = word[:cut]
        assert s.startswith((typed, stem(typed))) or typed.startswith(s)


def test_hyphenated_words_are_split_and_joined():
    texts = [(w.text, w.joined) for w in words("Online-Ausweis")]
    assert ("onlineausweis", True) in texts
    assert ("online", False) in texts and ("ausweis", False) in texts


def test_stopwords_are_dropped_but_keep_positions():
    # "ab" is a stop word too: as a verb's particle it is joined to the verb again
    # (matching.rejoin, tested in test_search_callers.py), as a preposition it says nothing
    ws = words("Wie melde ich das Auto ab")
    assert [w.text for w in ws] == ["melde", "auto"]
    assert [w.pos for w in ws] == [1, 4]
    assert stems("Wie melde ich das Auto ab") == ["meld", "auto"]
    assert [w.text for w in words("Wie melde ich das Auto ab", keep_stopwords=True)][-1] == "ab"


@pytest.mark.parametrize(
    ("compound", "part"),
    [("Personalausweis", "ausweis"), ("Zulassungsbescheinigung", "zulassung"),
     ("Zulassungsbescheinigung", "bescheinigung"), ("Geburtsurkunde", "urkund"),
     ("Kennzeichenschilder", "schild"), ("Fahrzeugbrief", "fahrzeug")],
)
def test_compound_parts_are_found(lexicon, compound, part):
    assert part in lexicon.parts(fold(compound))


def test_plain_words_are_not_split(lexicon):
    for word in ("verwaltung", "bescheinigung", "anmeldung"):
        assert lexicon.parts(word) == ()


def test_parts_are_indexed_with_less_weight(lexicon):
    terms = dict(text_terms("Personalausweis", lexicon))
    assert terms["personalausweis"] == 1.0
    assert 0 < terms["ausweis"] < 1.0


def test_synonym_groups_from_shipped_list_and_glossary(lexicon):
    found = {g for _, g, _ in lexicon.groups_in(words("Kfz und eVB"))}
    assert "=kfz" in found  # shipped: Kfz/Fahrzeug/Auto/Pkw
    assert "=evb" in found
    same = {g for _, g, _ in lexicon.groups_in(words("elektronische Versicherungsbestätigung"))}
    assert "=evb" in same  # glossary term and expansion form one group
    phrase = {g for _, g, _ in lexicon.groups_in(words("Zulassungsbescheinigung Teil II"))}
    assert phrase == {g for _, g, _ in lexicon.groups_in(words("Fahrzeugbrief"))}


def _vocab(lexicon):
    return Vocabulary([t for doc in DOCS for t, _ in text_terms(doc.title + " " + doc.body, lexicon)])


def test_query_expansion(lexicon):
    vocab = _vocab(lexicon)
    alts = {a.term: a.factor for a in parse_query("auto", lexicon, vocab)[0].alternatives}
    assert "=kfz" in alts  # auto → Kfz group → Fahrzeugbrief
    prefix = {a.term for a in parse_query("zulass", lexicon, vocab)[0].alternatives}
    assert "zulassung" in prefix and "zulassungsbescheinigung" in prefix


@pytest.mark.parametrize("typo", ["zulasungsbescheinigung", "zulassungsbescheiningung", "persnalausweis"])
def test_typos_are_tolerated(lexicon, typo):
    vocab = _vocab(lexicon)
    terms = {a.term for t in parse_query(typo, lexicon, vocab) for a in t.alternatives}
    assert terms & {"zulassungsbescheinigung", "personalausweis"}


def test_unknown_compound_in_query_is_split(lexicon):
    vocab = _vocab(lexicon)
    tokens = parse_query("fahrzeugurkunde", lexicon, vocab)
    assert [t.text for t in tokens] == ["fahrzeug", "urkunde"]


def test_damerau_distance():
    assert distance("bonous", "bonus", 2) == 1
    assert distance("plsu", "plus", 1) == 1  # transposition
    assert distance("abc", "xyz", 1) == 2  # gives up above the limit


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_client_analysis_mirrors_python():
    script = resources.files("efa_kb").joinpath(
        "resources/theme/assets/javascripts/efa-search.js").read_text("utf-8")
    samples = ["Führerschein", "Fuehrerschein", "Straße", "Queue", "Anträge", "Kennzeichens",
               "Online-Ausweisfunktion", "i-Kfz", "Zulassungsbescheinigung Teil II",
               "Bescheinigungen", "Wohngeldbehörde", "Geburtsurkunde", "Café", "E-Mail",
               "bestest", "Ausweises", "Hauptzollamt", "neuen", "Kindern", "Dienstes"]
    driver = (
        "global.window = {}; global.document = {readyState: 'complete', "
        "querySelectorAll: () => [], currentScript: null};\n" + script + "\n"
        "const s = window.efaSearch, stop = new Set(JSON.parse(process.argv[1]));\n"
        "const samples = JSON.parse(process.argv[2]);\n"
        "console.log(JSON.stringify(samples.map(t => [s.fold(t), "
        "s.words(t, stop).map(w => [w.text, w.pos, w.stem])])));"
    )
    from efa_kb.index.analysis import STOPWORDS

    out = subprocess.run(
        ["node", "-e", driver, json.dumps(sorted(STOPWORDS)), json.dumps(samples)],
        capture_output=True, text=True, check=True,
    ).stdout
    expected = [[fold(t), [[w.text, w.pos, w.stem] for w in words(t) if not w.joined]]
                for t in samples]
    assert json.loads(out) == expected
