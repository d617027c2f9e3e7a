"""Hostile XZuFi input: refused with the file named, nothing leaked, nothing executable."""

from __future__ import annotations

import os
import time
from pathlib import Path

import markdown
import pytest

import efa_kb.load.xzufi.parse as xzufi_loader
from efa_kb.load.sanitize import clean_html, is_double_escaped, safe_url
from efa_kb.load.xzufi import load_xzufi
from efa_kb.model.xzufi import ObjectId, XzufiCatalog
from efa_kb.problems import Problems, Severity
from efa_kb.render.xzufi import list_source, render_leistung, render_leistung_list, state_leistungen

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "xzufi"
NS = "http://xoev.de/schemata/xzufi/2_2_0"
GOOD = (
    f'<?xml version="1.0" encoding="UTF-8"?>\n<nachricht xmlns="{NS}">\n'
    "<nachrichtenkopf><erstellungszeitpunkt>2025-01-01T00:00:00+01:00</erstellungszeitpunkt>"
    "</nachrichtenkopf>\n"
    '<schreibe><leistung><id schemeAgencyID="B">1</id>'
    '<referenzLeiKa><code xmlns="">99108005001000</code></referenzLeiKa>'
    '<modulText><leikaTextmodul><code xmlns="">03</code></leikaTextmodul>'
    "<inhalt>Wohngeld beantragen</inhalt></modulText></leistung></schreibe>\n</nachricht>\n"
)
MARKDOWN_EXTENSIONS = ["md_in_html", "attr_list", "admonition", "pymdownx.details", "toc"]


def load(tmp_path: Path, files: dict[str, str | bytes]) -> tuple[XzufiCatalog, Problems]:
    folder = tmp_path / "xzufi"
    folder.mkdir(exist_ok=True)
    for name, content in files.items():
        (folder / name).write_bytes(content.encode() if isinstance(content, str) else content)
    problems = Problems()
    return load_xzufi(tmp_path, problems), problems


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def everything_said(catalog: XzufiCatalog, problems: Problems) -> str:
    """All text the loader produced: problem reports and every record."""
    records = [*catalog.leistungen.values(), *catalog.offices.values(),
               *catalog.online_services.values()]
    return "\n".join([*(str(p) for p in problems), *(repr(r) for r in records)])


# --- XML attacks ------------------------------------------------------------------


def test_external_entity_to_a_local_file_is_refused_and_leaks_nothing(tmp_path: Path) -> None:
    catalog, problems = load(tmp_path, {"xxe.xml": fixture("xxe-file.xml")})
    assert len(catalog) == 0
    [problem] = problems
    assert problem.severity is Severity.ERROR
    assert (problem.path, problem.line) == ("xzufi/xxe.xml", 2)
    assert "DOCTYPE" in problem.message
    said = everything_said(catalog, problems)
    passwd = Path("/etc/passwd")
    if passwd.is_file():
        first_line = passwd.read_text(errors="replace").splitlines()[0]
        assert first_line not in said
    assert "root:" not in said


def test_external_dtd_behind_a_comment_is_refused_without_fetching(tmp_path: Path) -> None:
    catalog, problems = load(tmp_path, {"net.xml": fixture("xxe-network.xml")})
    assert len(catalog) == 0
    [problem] = problems
    assert (problem.path, problem.line) == ("xzufi/net.xml", 3)
    assert "DOCTYPE" in problem.message and "failed to load" not in problem.message


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    started = time.monotonic()
    catalog, problems = load(tmp_path, {"lol.xml": fixture("billion-laughs.xml")})
    assert time.monotonic() - started < 2
    assert len(catalog) == 0
    assert [(p.path, p.severity) for p in problems] == [("xzufi/lol.xml", Severity.ERROR)]
    assert "lollol" not in everything_said(catalog, problems)


def test_parameter_entities_are_refused(tmp_path: Path) -> None:
    attack = ('<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY % p SYSTEM "file:///etc/passwd">'
              '%p;]>\n<r/>')
    catalog, problems = load(tmp_path, {"pe.xml": attack})
    assert len(catalog) == 0 and [p.path for p in problems.errors] == ["xzufi/pe.xml"]


def test_a_doctype_in_utf16_is_refused_after_parsing(tmp_path: Path) -> None:
    attack = ('<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE r [<!ENTITY x "gefährlich">]>\n'
              f'<nachricht xmlns="{NS}">&x;</nachricht>\n')
    catalog, problems = load(tmp_path, {"utf16.xml": attack.encode("utf-16")})
    assert len(catalog) == 0
    [problem] = problems.errors
    assert problem.path == "xzufi/utf16.xml" and "DOCTYPE" in problem.message
    assert "gefährlich" not in everything_said(catalog, problems)


def test_truncated_xml_is_reported_with_file_and_line(tmp_path: Path) -> None:
    catalog, problems = load(tmp_path, {"kaputt.xml": fixture("truncated.xml")})
    assert len(catalog) == 0
    [problem] = problems
    assert problem.path == "xzufi/kaputt.xml" and problem.line is not None and problem.line >= 9
    assert problem.message.startswith("Kein wohlgeformtes XML")
    assert str(problem).startswith(f"xzufi/kaputt.xml:{problem.line}: Fehler [xzufi-refused]:")


def test_nesting_bombs_are_refused(tmp_path: Path) -> None:
    levels = xzufi_loader.MAX_DEPTH + 20  # deeper than we allow, shallower than libxml2's limit
    moderate = f'<nachricht xmlns="{NS}">' + "<a>" * levels + "</a>" * levels + "</nachricht>"
    catalog, problems = load(tmp_path, {"tief.xml": fixture("deep-nesting.xml"),
                                        "mittel.xml": moderate})
    assert len(catalog) == 0
    assert sorted(p.path for p in problems.errors) == ["xzufi/mittel.xml", "xzufi/tief.xml"]
    mittel = next(p for p in problems if p.path == "xzufi/mittel.xml")
    assert f"mehr als {xzufi_loader.MAX_DEPTH} Ebenen tief" in mittel.message


def test_oversized_files_are_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xzufi_loader, "MAX_BYTES", 100)
    catalog, problems = load(tmp_path, {"gross.xml": GOOD})
    assert len(catalog) == 0
    [problem] = problems.errors
    assert problem.path == "xzufi/gross.xml" and "mehr als die erlaubten 100" in problem.message


@pytest.mark.parametrize("content", [b"", b"\x00\xff\xfe garbage \x89PNG", b"   ",
                                     b"<nachricht><ungeschlossen></nachricht>"])
def test_garbage_is_reported_never_raised(tmp_path: Path, content: bytes) -> None:
    catalog, problems = load(tmp_path, {"muell.xml": content})
    assert len(catalog) == 0
    assert [p.path for p in problems.errors] == ["xzufi/muell.xml"]


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    catalog, problems = load(tmp_path, {
        "a-gut.xml": GOOD,
        "b-xxe.xml": fixture("xxe-file.xml"),
        "c-kaputt.xml": fixture("truncated.xml"),
    })
    assert list(catalog.leistungen) == [ObjectId("B", "1")]
    assert sorted(p.path for p in problems.errors) == ["xzufi/b-xxe.xml", "xzufi/c-kaputt.xml"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_a_link_out_of_the_repository_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.xml"
    outside.write_text(GOOD)
    repo = tmp_path / "repo"
    (repo / "xzufi").mkdir(parents=True)
    try:
        (repo / "xzufi" / "link.xml").symlink_to(outside)
    except OSError:
        pytest.skip("cannot create symlinks here")
    problems = Problems()
    catalog = load_xzufi(repo, problems)
    assert len(catalog) == 0
    assert [p.path for p in problems.errors] == ["xzufi/link.xml"]


# --- untrusted HTML ---------------------------------------------------------------


@pytest.mark.parametrize("attack", [
    "<script>alert(1)</script>",
    "<p onclick=\"alert(1)\">x</p>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" java\tscript:alert(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    "<iframe src=\"https://evil.example.org\"></iframe>",
    "<svg onload=alert(1)><script>alert(1)</script></svg>",
    "<style>body{display:none}</style><p style=\"color:red\">x</p>",
    "<form action=\"https://evil.example.org\"><input name=pw></form>",
    "<object data=\"x.swf\"></object><embed src=\"x.swf\">",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "<!-- <script>alert(1)</script> -->",
    "&lt;script&gt;alert(1)&lt;/script&gt;",  # escaped twice at the source
])
def test_clean_html_removes_everything_active(attack: str) -> None:
    cleaned = clean_html(attack).lower()
    for needle in ("<script", "javascript:", "vbscript:", "data:", "onclick", "onerror",
                   "onload", "<img", "<iframe", "<svg", "<style", "style=", "<form", "<input",
                   "<object", "<embed", "alert(1)</script"):
        assert needle not in cleaned, (attack, cleaned)


def test_clean_html_keeps_safe_formatting_and_marks_links() -> None:
    cleaned = clean_html('<h2>Titel</h2><p><strong>Fett</strong> <a href="https://www.example.org/'
                         'a?b=1&amp;c=2" title="Ziel" target="_blank">Link</a> '
                         '<a href="mailto:amt@example.org">Mail</a> <a href="/relativ">rel</a>'
                         "</p><table><tr><td colspan=\"2\">Zelle</td></tr></table>")
    assert '<a href="https://www.example.org/a?b=1&amp;c=2" title="Ziel" ' \
           'rel="noopener noreferrer">Link</a>' in cleaned
    assert '<a href="mailto:amt@example.org" rel="noopener noreferrer">Mail</a>' in cleaned
    assert "<a rel=\"noopener noreferrer\">rel</a>" in cleaned  # relative target removed
    assert "<strong>Fett</strong>" in cleaned and '<td colspan="2">Zelle</td>' in cleaned
    assert "target=" not in cleaned and "<h2" not in cleaned


def test_safe_url_accepts_only_absolute_web_and_mail_addresses() -> None:
    assert safe_url(" https://www.example.org/x ") == "https://www.example.org/x"
    assert safe_url("mailto:amt@example.org") == "mailto:amt@example.org"
    for bad in ("javascript:alert(1)", "java\nscript:alert(1)", "https:/nohost", "/relativ",
                "ftp://example.org", "mailto:kein-at", "", None, "data:text/html,x"):
        assert safe_url(bad) is None


def test_hostile_fixture_renders_nothing_executable(tmp_path: Path) -> None:
    catalog, problems = load(tmp_path, {"boese.xml": fixture("hostile-html.xml")})
    dropped = [p for p in problems if p.code == "xzufi-link"]
    assert [p.line for p in dropped] == [23, 45]
    selected = state_leistungen(catalog, [("wohngeld", ["99108005001000"])], "09")
    assert selected.pages
    pages = [render_leistung(catalog, entry, "09", "Bayern") for entry in selected.pages]
    pages.append(render_leistung_list(selected.by_service["wohngeld"], list_source("wohngeld"), "Bayern"))
    built = "\n".join(markdown.markdown(page.partition("\n---\n")[2] if page.startswith("---\n") else page,
                                         extensions=MARKDOWN_EXTENSIONS) for page in pages).lower()
    for needle in ("<script", "onclick", "onerror", "onmouseover=\"", "onload", "<img",
                   "<iframe", "<svg", "<style", "style=", "<form", "<input", "href=\"javascript",
                   "href=\"data:", "href=\"/relativ", "target="):
        assert needle not in built, needle
    # untrusted names and titles stay text: no Markdown link, no attribute list
    assert "<a href=\"javascript:alert(1)\">" not in built
    assert "[klick](javascript:alert(1))" in built and "{#kaputt}" in built
    assert "<strong>amt [x](javascript:alert(2))</strong>" in built  # tag in a name dropped
    assert 'href="https://www.example.org/ok" rel="noopener noreferrer"' in built


def test_single_escaped_comparisons_are_not_mistaken_for_double_escaping() -> None:
    assert not is_double_escaped("Kinder &lt; 6 Jahre &amp; Eltern")
    assert clean_html("Kinder &lt; 6 Jahre &amp; Eltern") == "Kinder &lt; 6 Jahre &amp; Eltern"
    assert is_double_escaped("&lt;p&gt;Text&lt;/p&gt;") and is_double_escaped("F&amp;uuml;r")
    assert clean_html("&lt;p&gt;F&amp;uuml;r&lt;/p&gt;") == "<p>Für</p>"
