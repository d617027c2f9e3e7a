"""Plain text from sanitised XZuFi HTML: the fast path gives what the HTML parser gave."""

from __future__ import annotations

import random
from html.parser import HTMLParser
from pathlib import Path

import pytest

from efa_kb.load.sanitize import clean_html, html_to_text, plain_text

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "xzufi"
REPO = Path(__file__).resolve().parents[1]

BLOCK_TAGS = {"p", "br", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div",
              "blockquote", "dl", "dt", "dd", "table", "caption", "tr", "th", "td"}


class _Reference(HTMLParser):
    """The former implementation (stdlib HTMLParser), kept as the specification."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def reference_text(safe_html: str) -> str:
    extractor = _Reference()
    extractor.feed(safe_html)
    extractor.close()
    lines = (" ".join(line.split()) for line in "".join(extractor.parts).split("\n"))
    return "\n".join(line for line in lines if line)


TAGS = ["p", "br", "ul", "ol", "li", "strong", "em", "b", "a", "abbr", "h1", "h2", "h3", "h4",
        "div", "span", "blockquote", "dl", "dt", "dd", "table", "caption", "thead", "tbody", "tr",
        "th", "td", "script", "style", "img", "pre", "font", "title", "textarea", "svg", "template"]
PIECES = ["Wohngeld", "a", " ", "\n", "\u00a0", "&amp;", "&lt;", "&gt;", "&nbsp;", "&uuml;",
          "&#xa0;", "&#39;", "&quot;", "<", ">", "&", "x < y", "a&b", "&amp;uuml;", "\t",
          "Müller", "&lt;p&gt;", "]]>", "<!-- c -->", "<!DOCTYPE x>", "&bogus;", "&#0;", "\r\n"]
ATTRIBUTES = ["", ' class="x"', ' href="https://e.example/?a=1&amp;b=<p>"', ' title="a>b<br>c"',
              " start=2", ' colspan="2"', " onclick=alert(1)"]


def fragment(rng: random.Random, depth: int = 0) -> str:
    """Random, often malformed HTML: unclosed and misnested tags, stray entities and brackets."""
    out = []
    for _ in range(rng.randint(0, 4)):
        if rng.random() < 0.45 or depth > 4:
            out.append(rng.choice(PIECES))
        else:
            tag = rng.choice(TAGS)
            closing = f"</{tag}>" if rng.random() < 0.85 else ""
            out.append(f"<{tag}{rng.choice(ATTRIBUTES)}>{fragment(rng, depth + 1)}{closing}")
    return "".join(out)


def corpus() -> list[str]:
    """Hand-picked cases, the fixtures' files as fragments, and random malformed HTML."""
    cases = [
        "", "Text", "  viel   Raum  ", "<p>F&uuml;r</p>", "<p>a</p><p>b</p>", "a<br>b<br/>c",
        "<ul><li>eins</li><li>zwei</li></ul>", "<p><strong>fett</strong> und <em>kursiv</em></p>",
        "Kinder &lt; 6 Jahre &amp; Eltern", "&lt;p&gt;F&amp;uuml;r&lt;/p&gt;", "12&nbsp;Monate",
        '<a href="https://www.example.org/a?b=1&amp;c=2" title="x > y">Link</a>',
        "<table><tr><th>A</th><td>B</td></tr></table>", "<h3>Titel</h3>Text", "<div>a</div>b",
        "<h3>x<h3>y</h3>z</h3>", "<dl><dt>Begriff</dt><dd>Erklärung</dd></dl>", "a <3 b> c",
    ]
    for path in sorted(FIXTURES.glob("*.xml")) + sorted((REPO / "xzufi").glob("*.xml")):
        cases.append(path.read_text(encoding="utf-8"))
    rng = random.Random(20261201)
    cases += [fragment(rng) for _ in range(4000)]
    return cases


CORPUS = corpus()


def test_the_fast_text_equals_the_html_parser_on_sanitised_html() -> None:
    differing = [case for case in CORPUS
                 if html_to_text(clean_html(case)) != reference_text(clean_html(case))]
    assert differing == []


def test_plain_text_is_the_text_of_the_sanitised_fragment() -> None:
    for case in CORPUS[:200]:
        assert plain_text(case) == reference_text(clean_html(case))


@pytest.mark.parametrize(("html", "text"), [
    ("<p>F&uuml;r</p><ul><li>eins</li><li>zwei &amp; drei</li></ul>", "Für\neins\nzwei & drei"),
    ("<p>12\u00a0Monate</p>", "12 Monate"),
    ("x &lt; y", "x < y"),
    ("x < y", "x < y"),  # a bracket that is no tag stays text
    ("<strong>a</strong><em>b</em>", "ab"),
    ("<br><br>", ""),
])
def test_blocks_become_lines_and_entities_are_decoded_once(html: str, text: str) -> None:
    assert html_to_text(html) == text
