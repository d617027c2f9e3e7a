"""The overlay merge as a pure function: modes, precedence, provenance, refusals."""

from __future__ import annotations

from efa_kb.merge.overlays import merge_state
from efa_kb.model.content import Article, ArticleKind, Block, Section
from efa_kb.model.overlays import Overlay, OverlayMode
from efa_kb.model.provenance import BASE, Level, Origin
from efa_kb.problems import Problems

BY = Origin(Level.STATE, "by", "Bayern")
MUC = Origin(Level.MUNICIPALITY, "091620000000", "Landeshauptstadt München")
ID = "services/wohngeld/faq/antrag"


def base_article(**changes) -> Article:
    values: dict[str, object] = {
        "id": ID, "kind": ArticleKind.FAQ, "title": "Antrag", "path": f"content/{ID}.md", "service": "wohngeld",
        "category": "antrag", "keywords": ("abschicken",), "short_answer": "Basis-Kurzantwort", "owner": "BeV",
        "sections": (Section("Antwort", (Block("Basis-Antwort"),)), Section("Rückfragen", (Block("- Basis-Frage"),))),
        "fingerprint": "aaaaaaaaaaaa",
    }
    values.update(changes)
    return Article(**values)


def overlay(mode=OverlayMode.EXTEND, origin=BY, target=ID, given=(), municipality=None, mode_given=True, **article) -> Overlay:
    content = Article(id=target, kind=ArticleKind.FAQ, title=article.pop("title", ""), path="o.md",
                      service="wohngeld", origin=origin, short_answer_origin=origin, **article)
    return Overlay(path=f"overlays/by/{target}.md", target=target, state="by", municipality=municipality,
                   mode=mode, mode_given=mode_given, article=content, given_keys=frozenset(given), base_pin=None)


def merge(*overlays, base=None):
    problems = Problems()
    result = merge_state(base or {ID: base_article()}, list(overlays), ("wohngeld",), problems)
    return result, problems


def texts(article: Article, heading: str) -> list[tuple[str, Level]]:
    section = next(s for s in article.sections if s.heading == heading)
    return [(b.text, b.origin.level) for b in section.blocks]


def test_extend_appends_to_same_heading_and_adds_new_sections():
    result, problems = merge(overlay(sections=(
        Section("antwort", (Block("Bayern-Antwort", BY),)), Section("Hinweis Bayern", (Block("Neu", BY),)),
    )))
    article = result[ID]
    assert texts(article, "Antwort") == [("Basis-Antwort", Level.BASE), ("Bayern-Antwort", Level.STATE)]
    assert [s.heading for s in article.sections] == ["Antwort", "Rückfragen", "Hinweis Bayern"]
    assert problems.items == []


def test_extend_scalars_replace_and_lists_add():
    result, _ = merge(overlay(given=("short_answer", "keywords"), short_answer="Bayern-Kurzantwort",
                              keywords=("BayernPortal", "ABSCHICKEN")))
    article = result[ID]
    assert article.short_answer == "Bayern-Kurzantwort" and article.short_answer_origin == BY
    assert article.keywords == ("abschicken", "BayernPortal")
    assert article.owner == "BeV" and article.title == "Antrag"


def test_keys_the_overlay_does_not_set_keep_the_base_value():
    result, _ = merge(overlay(given=("owner",), owner="MiV Bayern"))
    assert result[ID].short_answer == "Basis-Kurzantwort" and result[ID].owner == "MiV Bayern"


def test_replace_shows_only_the_replacement_and_inherits_the_title():
    result, _ = merge(overlay(OverlayMode.REPLACE, sections=(Section("Antwort", (Block("Nur Bayern", BY),)),)))
    article = result[ID]
    assert article.title == "Antrag"
    assert [(s.heading, [b.text for b in s.blocks]) for s in article.sections] == [("Antwort", ["Nur Bayern"])]
    assert article.short_answer == ""


def test_hide_removes_the_article_and_its_note_goes_nowhere():
    result, problems = merge(overlay(OverlayMode.HIDE, intro=(Block("Intern: geheim", BY),)))
    assert ID not in result and problems.items == []


def test_municipal_blocks_are_labelled_and_short_answer_is_an_addition():
    result, _ = merge(
        overlay(given=("short_answer",), short_answer="Bayern", mode_given=False),
        overlay(origin=MUC, municipality="091620000000", given=("short_answer", "keywords"),
                short_answer="In München: KVR", keywords=("KVR",),
                sections=(Section("Antwort", (Block("München-Antwort", MUC),)),)),
    )
    article = result[ID]
    assert article.short_answer == "Bayern"
    assert [(a.text, a.origin.label) for a in article.additions] == [("In München: KVR", "Ergänzung Landeshauptstadt München")]
    assert texts(article, "Antwort")[-1] == ("München-Antwort", Level.MUNICIPALITY)
    assert ("KVR", MUC) in article.keyword_origins and "KVR" in article.keywords


def test_municipality_cannot_change_state_wide_scalars():
    result, problems = merge(overlay(origin=MUC, municipality="091620000000", given=("title",), title="Anders"))
    assert result[ID].title == "Antrag"
    assert [p.message for p in problems.warnings] == [
        "Eine Kommune kann 'title' eines landesweiten Artikels nicht ändern; der Wert wird ignoriert"
    ]


def test_state_overlays_apply_before_municipal_ones_whatever_the_order_given():
    municipal = overlay(origin=MUC, municipality="091620000000", sections=(Section("Antwort", (Block("M", MUC),)),))
    state = overlay(sections=(Section("Antwort", (Block("S", BY),)),))
    result, _ = merge(municipal, state)
    assert [t for t, _ in texts(result[ID], "Antwort")] == ["Basis-Antwort", "S", "M"]


def test_an_overlay_pointing_nowhere_names_the_closest_article():
    result, problems = merge(overlay(target="services/wohngeld/faq/antarg", mode_given=False))
    assert "services/wohngeld/faq/antarg" not in result
    assert [(p.message, p.fix) for p in problems.errors] == [(
        "Das Overlay passt 'services/wohngeld/faq/antarg' an, aber es gibt keinen Basisartikel mit dieser ID",
        f"Meinten Sie '{ID}'? Benennen Sie die Datei in {ID}.md um",
    )]


def test_a_titled_file_without_base_is_a_local_article():
    result, problems = merge(overlay(target="services/wohngeld/faq/lokal", title="Nur in Bayern", mode_given=False))
    assert result["services/wohngeld/faq/lokal"].origin == BY and problems.items == []


def test_base_articles_of_unused_services_are_left_out():
    other = base_article(id="services/kfz/faq/x", service="kfz")
    result, _ = merge(base={ID: base_article(), other.id: other})
    assert list(result) == [ID]
    assert result[ID].origin == BASE
