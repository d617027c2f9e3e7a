"""Every text field of every input is text wherever it ends up: no payload becomes live markup.

One payload (a script, an event handler, a ``javascript:`` URL, a ``</title>`` breakout
and an attribute breakout) goes into every text field of every kind of input:
article, overlay, local article, municipality, state.yml, service.yml, routing target,
category, glossary, incident and XZuFi. The build's every output file is then scanned
(HTML, XML, JSON, the search shards) and the pages are run in a real browser, where
the payload's function records any call.
"""

from __future__ import annotations

import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest

from efa_kb.index.browser import chromium, serve, settle
from efa_kb.pipeline import build_sites
from tests.conftest import MINIMAL, write_files

PAYLOAD = ('Zahlung <script>efaXss("script")</script> <img src=x onerror=efaXss("img")> '
           '</title><script>efaXss("title")</script> "><svg onload=efaXss("svg")> [Link](javascript:efaXss("md"))')
Y = json.dumps(PAYLOAD, ensure_ascii=False)
"""The payload as a YAML scalar."""
URL = 'https://example.org/"><svg/onload=efaXss("url")>'
X = PAYLOAD.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
"""The payload as XML text."""

ROUTING = f"""
    routing:
      - level: 2
        kind: fachlich
        name: {Y}
        channel: email
        address: {Y}
        service_time: {Y}
        reaction_time: {{hoch: {Y}, mittel: {Y}}}
        resolution_time: {Y}
        categories: [antrag]
        allowed_from: [{Y}]
"""

FILES = {
    **MINIMAL,
    "content/categories.yml": f"- id: antrag\n  name: {Y}\n  description: {Y}\n",
    "content/glossary.yml": f"- term: XSS\n  expansion: {Y}\n  definition: {Y}\n- term: {Y}\n  definition: {Y}\n",
    "content/services/wohngeld/service.yml": f"""
        name: {Y}
        leika: [99108005000000]
        provider: {Y}
        url: '{URL}'
        bev_contact: {{name: {Y}, email: {Y}, phone: {Y}}}
    """ + ROUTING.replace("\n    ", "\n        ").replace("categories: [antrag]", "categories: [antrag]"),
    "content/services/wohngeld/faq/antrag-absenden.md": f"""
        ---
        title: {Y}
        category: antrag
        short_answer: {Y}
        keywords: [{Y}]
        owner: {Y}
        ---
        {PAYLOAD}

        ## {PAYLOAD}

        {PAYLOAD}

        ## Antwort {{data-toc-label='<img src=x onerror=efaXss("toc")>'}}

        <a href="javascript:efaXss('raw')">roh</a> <div onclick="efaXss('div')">Block</div>

        ## Rückfragen

        - {PAYLOAD}
    """,
    "content/services/wohngeld/workarounds/fehler.md": f"""
        ---
        title: {Y}
        symptom: {Y}
        status: open
        short_answer: {Y}
        incident: incidents/2026-11-28-stoerung
        ---
        ## Antwort

        {PAYLOAD}
    """,
    "content/services/wohngeld/training/kurs.md": f"---\ntitle: {Y}\naudience: first-level\nduration: {Y}\n---\n{PAYLOAD}\n",
    "content/incidents/2026-11-28-stoerung.md": f"""
        ---
        title: {Y}
        service: wohngeld
        status: investigating
        severity: outage
        start: 2026-11-28 09:00
        workaround: {Y}
        ---
        {PAYLOAD}

        ### 2026-11-28 09:30

        {PAYLOAD}
    """,
    "overlays/by/state.yml": f"""
        name: {Y}
        ars_prefix: 09
        services: [wohngeld]
        service_desk: {{name: {Y}, phone: {Y}, email: {Y}, hours: {Y}}}
        miv_contact: {{name: {Y}, email: {Y}, phone: {Y}}}
    """ + ROUTING.replace("\n    ", "\n        ").replace("level: 2", "level: 3\n            service: wohngeld"),
    "overlays/by/services/wohngeld/faq/antrag-absenden.md": f"---\nshort_answer: {Y}\nkeywords: [{Y}]\n---\n## Antwort\n\n{PAYLOAD}\n",
    "overlays/by/services/wohngeld/faq/lokal.md": f"---\ntitle: {Y}\nshort_answer: {Y}\n---\n## Antwort\n\n{PAYLOAD}\n",
    "overlays/by/pages/seite.md": f"---\ntitle: {Y}\n---\n{PAYLOAD}\n",
    "overlays/by/municipalities/091620000000/municipality.yml":
        f"name: {Y}\nars: '091620000000'\ncontact: {{name: {Y}, email: {Y}, phone: {Y}, hours: {Y}}}\n",
    "overlays/by/municipalities/091620000000/services/wohngeld/faq/antrag-absenden.md":
        f"---\nshort_answer: {Y}\nkeywords: [{Y}]\n---\n## Antwort\n\n{PAYLOAD}\n",
    "xzufi/leistung.xml": f"""
        <?xml version="1.0" encoding="UTF-8"?>
        <xz:transfer xmlns:xz="http://xoev.de/schemata/xzufi/2_3_1" xzufiVersion="2.3.1">
          <xz:nachrichtenkopf><xz:erstellungszeitpunkt>2025-04-01T08:00:00+02:00</xz:erstellungszeitpunkt></xz:nachrichtenkopf>
          <xz:schreibe>
            <xz:leistung>
              <xz:id schemeAgencyID="X1">1</xz:id>
              <xz:referenzLeiKa><code>99108005000000</code></xz:referenzLeiKa>
              <xz:modulText><xz:leikaTextmodul><code>02</code></xz:leikaTextmodul><xz:inhalt languageCode="de">{X}</xz:inhalt></xz:modulText>
              <xz:modulText><xz:leikaTextmodul><code>05</code></xz:leikaTextmodul><xz:inhalt languageCode="de">{X}</xz:inhalt></xz:modulText>
              <xz:modulText><xz:leikaTextmodul><code>08</code></xz:leikaTextmodul><xz:inhalt languageCode="de">&lt;p&gt;{X}&lt;/p&gt;</xz:inhalt>
                <xz:weiterfuehrenderLink languageCode="de"><xz:uri>https://example.org/</xz:uri><xz:titel>{X}</xz:titel></xz:weiterfuehrenderLink></xz:modulText>
              <xz:modulKosten><xz:kosten><xz:betrag currencyID="EUR">10</xz:betrag><xz:beschreibung languageCode="de">{X}</xz:beschreibung></xz:kosten></xz:modulKosten>
            </xz:leistung>
          </xz:schreibe>
          <xz:schreibe>
            <xz:organisationseinheit>
              <xz:id schemeAgencyID="X1">OE-1</xz:id>
              <xz:name><xz:name languageCode="de">{X}</xz:name></xz:name>
              <xz:anschrift><xz:strasse>{X}</xz:strasse><xz:ort>{X}</xz:ort></xz:anschrift>
              <xz:kommunikation><xz:kanal><code>02</code></xz:kanal><xz:kennung>{X}</xz:kennung><xz:zusatz>{X}</xz:zusatz></xz:kommunikation>
              <xz:zustaendigkeit><xz:leistungID schemeAgencyID="X1">1</xz:leistungID><xz:gebietID>091620000000</xz:gebietID></xz:zustaendigkeit>
            </xz:organisationseinheit>
          </xz:schreibe>
        </xz:transfer>
    """,
}


class _Live(HTMLParser):
    """Live markup a payload became: a script running it, a handler, a javascript: URL, an svg."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._script = tag == "script"
        for name, value in attrs:
            value = value or ""
            if "efaXss" in value and (name.startswith("on") or value.strip().lower().startswith("javascript:")):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "svg" and any(name == "onload" for name, _ in attrs):
            self.found.append("<svg onload>")

    def handle_endtag(self, tag: str) -> None:
        self._script = False

    def handle_data(self, data: str) -> None:
        if self._script and "efaXss" in data:
            self.found.append(f"<script>{data[:60]}")


def live_markup(site: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(site).as_posix()
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        text = data.decode("utf-8", errors="replace")
        if name.endswith(".html"):
            scanner = _Live()
            scanner.feed(text)
            if scanner.found:
                found[name] = scanner.found
        elif name.endswith((".xml", ".atom")):
            for element in ElementTree.fromstring(data).iter():
                local = element.tag.rsplit("}", 1)[-1]
                if local in ("script", "svg", "img") or any(a.startswith("on") for a in element.attrib):
                    found.setdefault(name, []).append(f"<{local}>")
                if local in ("content", "summary", "title") and element.get("type") in ("html", "xhtml"):
                    found.setdefault(name, []).append(f"<{local} type={element.get('type')}>")
        elif name.endswith((".json", ".json.gz")):
            json.loads(text)  # data, well-formed: the site's scripts insert it as text (see the browser test)
    return found


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = write_files(tmp_path_factory.mktemp("hostile") / "kb", FILES)
    out = root / "site"
    import os

    os.environ["SOURCE_DATE_EPOCH"] = "1795940400"
    try:
        report = build_sites(root, out, progress=lambda m: None)
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
    assert report.ok, report.failed
    return out


def test_the_payload_reaches_the_site_as_text(hostile_site):
    page = (hostile_site / "by/services/wohngeld/faq/antrag-absenden/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;efaXss(&quot;script&quot;)&lt;/script&gt;" in page or \
        "&lt;script&gt;efaXss(\"script\")&lt;/script&gt;" in page, "the payload is shown, as text"
    assert re.search(r"<title>[^<]*&lt;/title&gt;", page), "the <title> holds the escaped breakout"


def test_no_output_file_holds_live_markup_from_a_payload(hostile_site):
    assert live_markup(hostile_site) == {}


@pytest.mark.browser
def test_no_payload_runs_in_the_browser(hostile_site):
    pages = ["by/", "by/services/wohngeld/", "by/services/wohngeld/faq/antrag-absenden/",
             "by/services/wohngeld/faq/lokal/", "by/services/wohngeld/workarounds/fehler/",
             "by/incidents/", "by/incidents/2026-11-28-stoerung/", "by/kommunikationsmatrix/", "by/glossar/",
             "by/kategorien/", "by/pages/seite/", "by/services/wohngeld/leistungsbeschreibungen/",
             "by/leistungen/x1-1/"]
    with serve(hostile_site) as (base, _traffic), chromium() as browser:
        page = browser.new_page()
        page.add_init_script("window.__efaCalls = []; window.efaXss = (w) => window.__efaCalls.push(w);")
        for path in pages:
            page.goto(base + path)
            settle(page)
            page.fill("#efa-search-input", "zahlung")
            page.wait_for_selector("[data-efa-search][data-efa-done='zahlung']")
            page.wait_for_timeout(200)
            assert page.evaluate("window.__efaCalls") == [], path
            assert page.locator("svg[onload], [onerror], [onclick]").count() == 0, path
