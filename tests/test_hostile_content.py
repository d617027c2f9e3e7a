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


def built_content(kb_repo, tmp_path, overlay: str) -> str:
    """The content (the article element) of Bayern's FAQ page with ``overlay`` as its overlay."""
    root = kb_repo({**MINIMAL, "overlays/by/services/wohngeld/faq/antrag-absenden.md": overlay})
    report = build_sites(root, tmp_path / "site", progress=lambda m: None)
    assert report.ok, report.failed
    page = (tmp_path / "site/by/services/wohngeld/faq/antrag-absenden/index.html").read_text(encoding="utf-8")
    return page[page.index('<article class="md-content__inner'):page.index("</article>")]


def test_overlay_html_is_sanitised_in_the_built_page(kb_repo, tmp_path):
    content = built_content(kb_repo, tmp_path, HOSTILE)
    assert "Harmloser Text bleibt." in content and "Block" in content
    for bad in ("<script", "alert(", "onerror", "onclick", "javascript:", "<iframe", "style="):
        assert bad not in content, bad
    assert 'href="../andere/"' in content


# An author imitating the markers efa-kb puts around its own HTML (banner, routing, facts).
IMITATED_PARTS = """---
overlay: extend
---
## Antwort

Vorher.

<!-- efa-part -->
<script>alert("part")</script><p onclick="alert('p')">Nachgemacht</p>
<!-- /efa-part -->

<div class="efa-part"></div>

Nachher.
"""


def test_html_an_author_marks_like_efa_kbs_own_is_sanitised_and_moves_nothing(kb_repo, tmp_path):
    content = built_content(kb_repo, tmp_path, IMITATED_PARTS)
    assert "<script" not in content and "alert(" not in content and "onclick" not in content
    assert content.index("Vorher.") < content.index("Nachgemacht") < content.index("Nachher.")
    # efa-kb's own blocks stay where the page has them: the short answer first, the routing
    # under "Weiterleitung", not where the author's imitation stands.
    assert content.index('id="kurzantwort"') < content.index("Vorher.")
    weiterleitung = content.index('id="weiterleitung"')
    assert weiterleitung < content.index("Wohngeldstelle", weiterleitung) < content.index("Vorher.")
