"""Federal scale: shared work done once without changing a byte, rebuilds that redo only what changed,
and a navigation whose size does not grow with the knowledge base."""

from __future__ import annotations

import hashlib
import posixpath
import re
from pathlib import Path

import pytest

from efa_kb.pipeline import build_sites
from efa_kb.render.project import NAV_LIST_LIMIT
from tests.conftest import MINIMAL, REPO, write_files


def tree(folder: Path) -> dict[str, str]:
    """Every published file (build records left out) by path, with its digest."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".efa-kb" not in p.parts}


def quiet(message: str) -> None:
    pass


def article(title: str, body: str = "## Antwort\n\nText.\n", **keys: str) -> str:
    front = "".join(f"{k}: {v}\n" for k, v in {"title": title, **keys}.items())
    return f"---\n{front}---\n{body}"


# Two states whose copies of the same Markdown convert differently: in Bayern the link target is
# hidden, so MkDocs leaves the link as written; in Berlin it becomes a page URL.
CROSS_LINKED = {
    **MINIMAL,
    "content/services/wohngeld/faq/verweis.md": article(
        "Verweis", "## Antwort\n\nSiehe [Absenden](antrag-absenden.md) und [Ziel](ziel.md#abschnitt).\n"),
    "content/services/wohngeld/faq/ziel.md": article("Ziel", "## Abschnitt\n\nDas Ziel.\n"),
    "overlays/by/services/wohngeld/faq/ziel.md": "---\noverlay: hide\n---\n",
    "overlays/be/state.yml": "name: Berlin\nars_prefix: '11'\nservices: [wohngeld]\n",
}


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A conversion cache of this test only."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("EFA_KB_CACHE_DIR", str(folder))
    return folder


def test_the_optimised_build_is_byte_identical_to_plain_mkdocs(example_site, tmp_path, fixed_now, cache):
    """The shared example build used every speed-up; plain MkDocs, uncached, gives the same bytes."""
    plain = tmp_path / "plain"
    report = build_sites(REPO, plain, progress=quiet, speedups=False)
    assert report.ok, report.failed
    assert tree(plain) == tree(example_site)


def test_a_reused_conversion_is_checked_against_the_states_link_targets(kb_repo, tmp_path, fixed_now, cache):
    root = kb_repo(CROSS_LINKED)
    fast, plain = tmp_path / "fast", tmp_path / "plain"
    assert build_sites(root, fast, progress=quiet, jobs=1).ok  # one worker: Berlin's conversion is reused
    assert build_sites(root, plain, progress=quiet, speedups=False).ok
    assert tree(fast) == tree(plain)
    berlin = (fast / "be/services/wohngeld/faq/verweis/index.html").read_text(encoding="utf-8")
    bayern = (fast / "by/services/wohngeld/faq/verweis/index.html").read_text(encoding="utf-8")
    assert 'href="../ziel/#abschnitt"' in berlin
    assert 'href="ziel.md#abschnitt"' in bayern and 'href="../antrag-absenden/"' in bayern
    assert any(cache.joinpath("conversions").rglob("*.json")), "conversions are kept for the next run"


def test_an_unchanged_state_is_not_built_again(kb_repo, tmp_path, fixed_now, cache):
    root = kb_repo(CROSS_LINKED)
    out = tmp_path / "site"
    assert build_sites(root, out, progress=quiet).built == ["be", "by"]
    before = {p: p.stat().st_mtime_ns for p in (out / "be").rglob("*.html")}
    again = build_sites(root, out, progress=quiet)
    assert again.built == [] and again.unchanged == ["be", "by"]
    assert {p: p.stat().st_mtime_ns for p in (out / "be").rglob("*.html")} == before


def test_one_changed_overlay_rebuilds_its_state_only_and_equals_a_full_build(kb_repo, tmp_path, fixed_now, cache):
    root = kb_repo(CROSS_LINKED)
    out = tmp_path / "site"
    assert build_sites(root, out, progress=quiet).ok
    berlin = tree(out / "be")
    write_files(root, {"overlays/by/services/wohngeld/faq/antrag-absenden.md":
                       "---\noverlay: extend\n---\n## Antwort\n\nIn Bayern zusätzlich per Post.\n"})
    again = build_sites(root, out, progress=quiet)
    assert again.built == ["by"] and again.unchanged == ["be"]
    assert tree(out / "be") == berlin
    assert "In Bayern zusätzlich per Post." in (out / "by/services/wohngeld/faq/antrag-absenden/index.html").read_text(
        encoding="utf-8")
    full = tmp_path / "full"
    assert build_sites(root, full, progress=quiet, speedups=False).ok
    assert tree(out) == tree(full)


BAYERN_EXTENDS = {"overlays/by/services/wohngeld/faq/antrag-absenden.md":
                  "---\noverlay: extend\n---\n## Antwort\n\nIn Bayern zusätzlich per Post.\n"}
COPIED = "unverändert übernommen"


def rebuild_bayern(root: Path, out: Path) -> list[str]:
    """Build again, which must build Bayern only; the lines the build wrote."""
    said: list[str] = []
    assert build_sites(root, out, progress=said.append).built == ["by"]
    return said


def assert_same_as_plain_build(root: Path, out: Path, plain: Path) -> None:
    assert build_sites(root, plain, progress=quiet, speedups=False).ok
    assert tree(out) == tree(plain)


def test_a_rebuild_renders_only_the_pages_the_change_touches_and_equals_a_full_build(kb_repo, tmp_path, fixed_now,
                                                                                     cache):
    """Pages made of the same as their published copy are copied; a changed title (the
    navigation of every page) renders the state's pages again. Each time the site equals a
    plain full build."""
    root = kb_repo(CROSS_LINKED)
    out = tmp_path / "site"
    assert build_sites(root, out, progress=quiet).ok
    write_files(root, BAYERN_EXTENDS)
    said = rebuild_bayern(root, out)
    # Only the changed page is rendered again: its title, short answer and place are the same,
    # so no other page shows anything of it that changed.
    pages = int(re.search(r"\[by\] wird gebaut \((\d+) Seiten\)", said[0]).group(1))
    built = re.compile(rf"\[by\] gebaut \({pages} Seiten in .+, {pages - 1} {COPIED}\)")
    assert any(built.fullmatch(line) for line in said), said
    assert_same_as_plain_build(root, out, tmp_path / "full")

    write_files(root, {"overlays/by/services/wohngeld/faq/antrag-absenden.md":
                       "---\noverlay: replace\ntitle: Wie schicke ich den Antrag ab?\n---\n## Antwort\n\nPer Post.\n"})
    said = rebuild_bayern(root, out)
    assert not any(COPIED in line for line in said), said
    assert_same_as_plain_build(root, out, tmp_path / "again")


def test_after_a_rollback_no_page_is_copied_from_the_older_site(kb_repo, tmp_path, fixed_now, cache):
    """After a rollback the published site is an older one: none of its pages is taken over."""
    from efa_kb.build.publish import rollback

    root = kb_repo(CROSS_LINKED)
    out = tmp_path / "site"
    assert build_sites(root, out, progress=quiet).ok
    write_files(root, BAYERN_EXTENDS)
    rebuild_bayern(root, out)
    rollback(out, "by")
    said = rebuild_bayern(root, out)
    assert not any(COPIED in line for line in said), said
    assert_same_as_plain_build(root, out, tmp_path / "full")


def test_a_replaced_or_emptied_published_site_is_built_again(kb_repo, tmp_path, fixed_now, cache):
    root = kb_repo(MINIMAL)
    out = tmp_path / "site"
    assert build_sites(root, out, progress=quiet).ok
    (out / "by/index.html").unlink()
    assert build_sites(root, out, progress=quiet).built == ["by"]
    assert (out / "by/index.html").is_file()


# --- the navigation --------------------------------------------------------------------------


def primary_nav(html: str) -> str:
    """The page's primary navigation (Material's left sidebar, the drawer on a phone)."""
    match = re.search(r'<nav class="md-nav md-nav--primary.*?<div class="md-content"', html, re.DOTALL)
    assert match, "the page has Material's primary navigation"
    return match.group(0)


def nav_targets(html: str, page_url: str) -> set[str]:
    """Site-relative URLs the primary navigation links to."""
    return {posixpath.normpath(posixpath.join(page_url, href)) + "/"
            for href in re.findall(r'href="([^"#]+)"', primary_nav(html))}


def test_the_sidebar_lists_the_states_services_and_opens_only_the_current_one(example_site):
    url = "services/wohngeld/faq/antrag-online-stellen/"
    targets = nav_targets((example_site / "by" / url / "index.html").read_text(encoding="utf-8"), url)
    for service in ("wohngeld", "ikfz", "gewerbe"):
        assert f"services/{service}/" in targets, service
    assert "services/elterngeld/" not in targets, "Bayern does not use Elterngeld"
    assert "services/wohngeld/faq/ab-wann-gezahlt/" in targets, "the current service's FAQs are listed"
    assert not [t for t in targets if t.startswith("services/ikfz/") and t != "services/ikfz/"], \
        "another service is one link, without its articles"


def test_a_long_kind_is_one_link_and_its_page_lists_every_article(kb_repo, tmp_path, fixed_now, cache):
    many = {f"content/services/wohngeld/faq/frage-{n:02d}.md":
            article(f"Frage {n:02d}", short_answer=f"Antwort Nummer {n:02d}.") for n in range(NAV_LIST_LIMIT + 5)}
    root = kb_repo({**MINIMAL, **many})
    out = tmp_path / "site"
    assert build_sites(root, out, progress=quiet).ok
    faq = (out / "by/services/wohngeld/faq/frage-03/index.html").read_text(encoding="utf-8")
    nav = primary_nav(faq)
    assert "frage-04" not in nav and "frage-03/" not in nav, "no article of a long kind is in the sidebar"
    assert re.search(r'<li class="md-nav__item md-nav__item--active">\s*<a href="../"', nav), \
        "the kind's own page is the current entry"
    listing = (out / "by/services/wohngeld/faq/index.html").read_text(encoding="utf-8")
    for n in range(NAV_LIST_LIMIT + 5):
        assert f'href="frage-{n:02d}/"' in listing and f"Antwort Nummer {n:02d}." in listing
    small = (out / "by/services/wohngeld/faq/antrag-absenden/index.html").stat().st_size
    assert len(faq.encode("utf-8")) < small + 4000, "a page of a long kind is not larger for its kind's length"


def test_a_build_reports_each_states_progress_in_lines_a_ci_log_can_show(kb_repo, tmp_path, fixed_now, cache,
                                                                        monkeypatch):
    from efa_kb import pipeline

    monkeypatch.setattr(pipeline._Meter, "INTERVAL", 0.0)
    many = {f"content/services/wohngeld/faq/frage-{n:02d}.md": article(f"Frage {n:02d}") for n in range(60)}
    root = kb_repo({**MINIMAL, **many})
    lines: list[str] = []
    assert build_sites(root, tmp_path / "site", progress=lines.append).ok
    assert any(re.fullmatch(r"\[by\] \d+ von \d+ Seiten \(\d+ %\), noch etwa \d+ (s|min( \d+ s)?)", line)
               for line in lines), lines
    assert any(re.fullmatch(r"\[by\] gebaut \(\d+ Seiten in \d+ (s|min( \d+ s)?)\)", line) for line in lines), lines
    assert not any("\r" in line for line in lines)


# Berlin has its own service desk and its own second level: every FAQ's routing differs from Bayern's.
DIFFERENT_ROUTING = {
    **MINIMAL,
    **{f"content/services/wohngeld/faq/frage-{n}.md": article(f"Frage {n}", category="antrag", short_answer=f"Antwort {n}.")
       for n in range(4)},
    "overlays/be/state.yml": """
        name: Berlin
        ars_prefix: '11'
        services: [wohngeld]
        service_desk:
          name: Service-Desk Berlin
          phone: "+49 30 1234"
        routing:
          - service: wohngeld
            level: 2
            kind: fachlich
            name: Landeskoordinierung Berlin
            channel: ticket
            address: BE-2L
            reaction_time: 2 Stunden
            resolution_time: 1 Arbeitstag
            service_time: Mo–Fr 8–16 Uhr
    """,
}


def conversions(cache: Path) -> set[Path]:
    return set(cache.joinpath("conversions").rglob("*.json"))


def test_an_article_whose_routing_differs_between_states_is_converted_once(kb_repo, tmp_path, fixed_now, cache):
    """The state's banner, routing and facts are HTML put in after conversion, so the authors'
    Markdown of an unchanged base article converts once for every state."""
    root = kb_repo(DIFFERENT_ROUTING)
    out = tmp_path / "site"
    assert build_sites(root, out, ["by"], progress=quiet).ok
    after_bayern = conversions(cache)
    assert build_sites(root, out, ["be"], progress=quiet).ok
    berlin_only = conversions(cache) - after_bayern
    faq = "services/wohngeld/faq/antrag-absenden/index.html"
    bayern, berlin = ((out / code / faq).read_text(encoding="utf-8") for code in ("by", "be"))
    assert "Landeskoordinierung Berlin" in berlin and "Service-Desk Berlin" in berlin
    assert "Landeskoordinierung Berlin" not in bayern and "115 – Behördennummer" in bayern
    # Only Berlin's pages that name Berlin in their Markdown were converted again (its start
    # page, for one), none of the five FAQs.
    pages_of_berlin = len(list((out / "be").rglob("index.html")))
    assert 0 < len(berlin_only) <= pages_of_berlin - 5
    plain = tmp_path / "plain"
    assert build_sites(root, plain, progress=quiet, speedups=False).ok
    assert tree(plain) == tree(out)


def test_a_repositorys_own_footer_is_rendered_for_every_page(kb_repo, tmp_path, fixed_now, cache):
    """efa-kb renders its own footer once per depth; a repository's may show anything."""
    footer = '<footer class="md-footer" data-own="{{ page.url if page else 404 }}"></footer>\n'
    same_depth = {f"content/services/wohngeld/faq/{name}.md": article(name.title()) for name in ("eins", "zwei")}
    root = kb_repo({**CROSS_LINKED, **same_depth, "theme/partials/footer.html": footer})
    out = tmp_path / "site"
    assert build_sites(root, out, ["be"], progress=quiet).ok
    for page in ("services/wohngeld/faq/eins/", "services/wohngeld/faq/zwei/"):
        html = (out / "be" / page / "index.html").read_text(encoding="utf-8")
        assert f'data-own="{page}"' in html


def test_markdown_read_beside_the_xzufi_catalogue_gives_the_serial_load(tmp_path, monkeypatch, cache):
    """A federal repository's Markdown is read in a forked process while XZuFi is read: the same
    articles, overlays and problems, in the same order, as one process reading everything."""
    from efa_kb.load import background
    from efa_kb.load.repository import load_repository
    from efa_kb.problems import Problems
    from tests.conftest import copy_example

    root = write_files(copy_example(tmp_path / "kb"), {
        "content/services/wohngeld/faq/kaputt.md": "---\ntitle: [nicht geschlossen\n---\n## Antwort\n\nText.\n",
        "overlays/by/services/gewerbe/faq/unbekannt.md": "---\nfarbe: rot\n---\n## Ergänzung\n\nText.\n",
    })

    def load():
        problems = Problems()
        return load_repository(root, problems), problems

    serial, serial_problems = load()
    forked: list[bool] = []

    class Watched(background.Background):
        def result(self):
            forked.append(self.forked)
            return super().result()

    monkeypatch.setattr("efa_kb.load.repository.Background", Watched)
    monkeypatch.setattr("efa_kb.load.xzufi.PARALLEL_BYTES", 0)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    monkeypatch.setattr(background.threading, "active_count", lambda: 1)
    beside, beside_problems = load()
    assert forked == [True]
    assert beside.articles == serial.articles and beside.overlays == serial.overlays
    assert beside.articles and beside.overlays
    paths = [p.path for p in serial_problems.items]
    # file type by file type: the base article's problem before the overlay's
    assert paths.index("content/services/wohngeld/faq/kaputt.md") < paths.index(
        "overlays/by/services/gewerbe/faq/unbekannt.md")
    assert beside_problems.items == serial_problems.items


def _dies_in_a_child(parent: int, value: int) -> int:
    import os

    if os.getpid() != parent:
        os._exit(1)  # like a helper killed by the kernel for memory
    return value * 2


def _raises_in_a_child(parent: int, value: int) -> int:
    import os

    if os.getpid() != parent:
        raise MemoryError
    return value * 3


@pytest.mark.parametrize(("step", "expected"), [(_dies_in_a_child, 42), (_raises_in_a_child, 63)])
def test_a_load_step_whose_process_is_lost_is_run_here(monkeypatch, step, expected):
    """A killed or failing helper never costs the build: the step runs in the caller instead."""
    import os

    from efa_kb.load import background

    monkeypatch.setattr("os.cpu_count", lambda: 2)
    monkeypatch.setattr(background.threading, "active_count", lambda: 1)
    job = background.Background(step, os.getpid(), 21)
    assert job.forked
    assert job.result() == expected


def test_a_process_with_threads_loads_without_forking(monkeypatch):
    """A fork beside running threads (efa-kb serve) could inherit a held lock: it is not tried."""
    import os

    from efa_kb.load import background

    monkeypatch.setattr("os.cpu_count", lambda: 2)
    monkeypatch.setattr(background.threading, "active_count", lambda: 3)
    job = background.Background(_dies_in_a_child, os.getpid(), 5)
    assert not job.forked
    assert job.result() == 10
