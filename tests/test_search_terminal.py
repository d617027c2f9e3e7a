"""The terminal search over the shipped example content: whoosh index, CLI lines, quality."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from efa_kb.commands.search import state_documents
from efa_kb.index.evaluate import EvalQuery, evaluate, load_queries, rank_of
from efa_kb.index.query import batch_lines, search_lines
from efa_kb.index.site_index import write_site_index
from efa_kb.index.whoosh_index import TerminalSearch, is_index, open_or_build

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "tests" / "search" / "queries.yml"

# What the terminal search reached on tests/search/queries.yml (276 queries, see the
# README); a change that lowers a total fails here (raise them when search gets better).
# The floors are R@1 0.95, R@3 0.99, MRR 0.97 and paraphrase R@1 0.90.
MIN_RECALL_AT_1 = 0.96
MIN_RECALL_AT_3 = 0.99
MIN_MRR = 0.975
MIN_PARAPHRASE_AT_1 = 0.93


@pytest.fixture(scope="module")
def indexes(tmp_path_factory):
    """One whoosh index per example state, built once for the module."""
    folder = tmp_path_factory.mktemp("index")
    opened = {}
    for state in ("be", "by", "sh"):
        docs, glossary = state_documents(ROOT, state)
        assert open_or_build(docs, glossary, folder / state) is True
        opened[state] = TerminalSearch(folder / state)
    yield opened
    for search in opened.values():
        search.close()


def ids(search, query, n=3):
    return [h.id for h in search.search(query)][:n]


def test_index_is_reused_when_nothing_changed(tmp_path):
    docs, glossary = state_documents(ROOT, "by")
    assert open_or_build(docs, glossary, tmp_path / "by") is True
    assert is_index(tmp_path / "by")
    assert open_or_build(docs, glossary, tmp_path / "by") is False
    assert open_or_build(docs[:-1], glossary, tmp_path / "by") is True


def test_compound_part_finds_compound(indexes):
    assert "services/ikfz/faq/online-ausweis-eid" in ids(indexes["by"], "ausweis pin")
    assert "services/ikfz/faq/zulassungsbescheinigung-teil-2" in ids(indexes["by"], "zulassung teil 2")


def test_umlaut_spellings_and_typos(indexes):
    for query in ("zuständige wohngeldbehörde", "zustaendige wohngeldbehoerde",
                  "zustandige wohngeldbehorde", "zustandige wohngeldbehrde"):
        assert ids(indexes["by"], query, 1) == ["services/wohngeld/faq/zustaendige-wohngeldbehoerde"]


def test_abbreviations_expand(indexes):
    assert ids(indexes["be"], "zb2 verloren", 1) == ["services/ikfz/faq/zulassungsbescheinigung-teil-2"]
    assert ids(indexes["by"], "evb", 1) == ["services/ikfz/faq/evb-nummer"]


def test_incidents_are_searchable(indexes):
    assert "incidents/2026-12-03-wartung-ikfz" in ids(indexes["by"], "wartung ikfz")


def test_hidden_articles_are_not(indexes):
    assert "services/ikfz/faq/sepa-mandat-kfz-steuer" not in ids(indexes["sh"], "sepa mandat", 10)
    assert "services/ikfz/faq/sepa-mandat-kfz-steuer" in ids(indexes["by"], "sepa mandat", 10)


def test_municipal_block_is_found_with_its_municipality(indexes):
    hits = indexes["by"].search("münchen neuzulassung online")
    block = [h for h in hits[:3] if h.url.endswith("#kurzantwort-1")]
    assert block and block[0].id == "services/ikfz/faq/neuzulassung-online"
    assert block[0].municipality == "Landeshauptstadt München"


def test_json_lines(indexes):
    (line,) = search_lines(indexes["by"], "wohngeld antrag", as_json=True)
    data = json.loads(line)
    assert data["query"] == "wohngeld antrag"
    first = data["results"][0]
    assert set(first) == {"id", "title", "url", "score", "kind", "service", "short_answer",
                          "municipality"}
    assert first["url"] == first["id"] + "/"
    assert first["kind"] == "faq" and first["service"] == "wohngeld" and first["short_answer"]
    assert first["municipality"] is None


def test_batch_gives_one_line_per_query(indexes):
    lines = list(batch_lines(indexes["by"], ["kfz abmelden\n", "\n", "wohngelt\n"], as_json=True))
    assert [json.loads(x)["query"] for x in lines] == ["kfz abmelden", "wohngelt"]
    plain = list(batch_lines(indexes["by"], ["kfz abmelden"]))
    assert len(plain) == 1 and plain[0].startswith("kfz abmelden\t")


def test_plain_lines_show_title_url_and_answer(indexes):
    lines = search_lines(indexes["by"], "evb")
    assert lines[0].startswith(" 1. Was ist die eVB-Nummer")
    assert lines[1].strip() == "services/ikfz/faq/evb-nummer/"
    assert search_lines(indexes["by"], "xyzzyqq") == ["Keine Treffer für „xyzzyqq“."]


def test_rank_of_handles_anchors_and_absent():
    q = EvalQuery("q", "local", "by", ("a#x",), ("h",))
    assert rank_of(q, [("a", "a/"), ("a", "a/#x")]) == 2
    assert rank_of(q, [("a", "a/#x"), ("h", "h/")]) is None
    assert rank_of(EvalQuery("q", "hidden", "sh", (), ("h",)), [("a", "a/")]) == 1


def test_site_index_is_deterministic(tmp_path):
    docs, glossary = state_documents(ROOT, "by")
    write_site_index(docs, glossary, tmp_path / "a")
    write_site_index(list(reversed(docs)), glossary, tmp_path / "b")
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert files_a == files_b
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()


def test_query_set_is_large_and_varied():
    queries = load_queries(QUERIES)
    assert len(queries) >= 250
    assert {q.kind for q in queries} >= {"exact", "paraphrase", "typo", "compound", "abbreviation",
                                         "umlaut", "incident", "state", "local", "hidden", "leistung"}
    assert sum(q.kind == "paraphrase" for q in queries) >= 60
    assert sum(q.kind == "leistung" for q in queries) >= 30


def test_terminal_quality(indexes):
    report = evaluate("terminal", lambda state, q: [(h.id, h.url) for h in indexes[state].search(q)],
                      load_queries(QUERIES))
    print("\n".join(report.lines()))
    assert report.total.recall1 >= MIN_RECALL_AT_1 - 1e-9
    assert report.total.recall3 >= MIN_RECALL_AT_3 - 1e-9
    assert report.total.mrr >= MIN_MRR - 1e-9
    assert report.kinds["paraphrase"].recall1 >= MIN_PARAPHRASE_AT_1 - 1e-9


def test_cli_json_carries_kind_service_kurztext_and_matched_municipality():
    """``efa-kb search --json``, as a ticket system or CTI client calls it."""
    from click.testing import CliRunner

    from efa_kb.cli import main
    from efa_kb.model.xzufi import TextCode
    from efa_kb.pipeline import load_checked
    from efa_kb.render.xzufi import state_leistungen

    def search(state: str, query: str) -> list[dict]:
        result = CliRunner().invoke(main, ["--root", str(ROOT), "search", "--state", state, "--json",
                                           "--limit", "5", query])
        assert result.exit_code == 0, result.output
        (line,) = result.stdout.splitlines()
        data = json.loads(line)
        assert data["query"] == query
        return data["results"]

    _kb, views, _ = load_checked(ROOT, ["by"])
    view = views["by"]
    pages = state_leistungen(view.xzufi, [(s.id, s.leika) for s in view.services], view.state.ars_prefix).pages
    kurztext = {page.url: page.leistung.text(TextCode.KURZTEXT) for page in pages}

    first = search("by", "gewerbeanmeldung germering")[0]
    assert first["kind"] == "leistung"
    assert first["service"] == "gewerbe"
    assert first["url"] in kurztext and kurztext[first["url"]] is not None
    assert first["short_answer"] == " ".join(kurztext[first["url"]].text.split())
    assert first["municipality"] == "Germering"

    # a Leistung without the place in the query: no municipality
    plain = [r for r in search("by", "gewerbe anmelden unterlagen") if r["kind"] == "leistung"]
    assert plain and all(r["municipality"] is None for r in plain)

    # a municipal block of an FAQ: its municipality and its own short answer
    block = next(r for r in search("by", "münchen neuzulassung online") if r["url"].endswith("#kurzantwort-1"))
    assert block["kind"] == "faq" and block["service"] == "ikfz"
    assert block["municipality"] == "Landeshauptstadt München"
    article = view.articles["services/ikfz/faq/neuzulassung-online"]
    assert block["short_answer"] and block["short_answer"] != article.short_answer
