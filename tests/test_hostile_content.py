"""Untrusted content (overlays, any Markdown) cannot bring scripts or unsafe links into a site."""

from __future__ import annotations

from efa_kb.pipeline import build_sites
from tests.conftest import MINIMAL

HOSTILE = """---
overlay: extend
---
## Antwort

Harmloser Text bleibt.

<script>alert("xss")</script>
<img src="x.png" onerror="alert('img')">
<a href="javascript:alert('link')">Klick</a>
<iframe src="/etwas"></iframe>
<div onclick="alert('div')" style="background:url(/x.png)">Block</div>
<a href="../andere/">Interner Link</a>
"""


def test_overlay_html_is_sanitised_in_the_built_page(kb_repo, tmp_path):
    root = kb_repo({**MINIMAL, "overlays/by/services/wohngeld/faq/antrag-absenden.md": HOSTILE})
    report = build_sites(root, tmp_path / "site", progress=lambda m: None)
    assert report.ok, report.failed
    page = (tmp_path / "site/by/services/wohngeld/faq/antrag-absenden/index.html").read_text(encoding="utf-8")
    content = page[page.index('<article class="md-content__inner'):page.index("</article>")]
    assert "Harmloser Text bleibt." in content and "Block" in content
    for bad in ("<script", "alert(", "onerror", "onclick", "javascript:", "<iframe", "style="):
        assert bad not in content, bad
    assert 'href="../andere/"' in content
