"""The landing page ``<out>/index.html`` that lists the published state sites.

It also says how to look at the sites on one's own machine: they need a web server
(opened as files, the search, the current incidents and the folder links do not work),
and when the page itself is opened as a file it says so first.
"""

from __future__ import annotations

import html

SERVE_COMMAND = "python3 -m http.server 8000"
"""Serves the output folder (the landing page's folder) at http://127.0.0.1:8000/."""


def landing_page(states: list[tuple[str, str]]) -> str:
    """HTML listing ``(code, name)`` pairs; self-contained, no external requests."""
    items = "\n".join(
        f'      <li><a href="{html.escape(code)}/">{html.escape(name)}</a></li>' for code, name in states
    )
    first = html.escape(states[0][0]) if states else "by"
    return f"""<!doctype html>
<html lang="de">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Wissensdatenbanken der Länder</title>
    <style>
      body {{ font-family: system-ui, sans-serif; margin: 0 auto; max-width: 40rem; padding: 1rem; line-height: 1.5; color: #1a1a1a; }}
      a {{ color: #0b4f7c; }}
      ul.efa-states a {{ font-size: 1.2rem; }}
      li {{ margin: 0.5rem 0; }}
      a:focus-visible {{ outline: 3px solid #8a3b00; outline-offset: 2px; }}
      code {{ padding: 0 0.2rem; background: #f0f0f0; border-radius: 0.2rem; }}
      .efa-file-notice {{ padding: 0.5rem 0.8rem; border-left: 0.3rem solid #8a4b00; background: #fff3cd; }}
      .efa-file-notice[hidden] {{ display: none; }}
      h1 {{ font-size: 1.5rem; line-height: 1.25; }}
      h2 {{ margin-top: 2rem; font-size: 1.1rem; }}
    </style>
  </head>
  <body>
    <main>
      <h1>Wissensdatenbanken der Länder</h1>
      <div class="efa-file-notice" id="efa-file-notice" role="note" hidden>
        <p><strong>Diese Seite ist als Datei geöffnet.</strong> So funktionieren in den Landesseiten
          weder die Suche noch die aktuellen Störungen noch die Links zwischen den Seiten. Starten Sie
          einen Webserver, wie unten beschrieben.</p>
      </div>
      <ul class="efa-states">
{items}
      </ul>
      <h2>Die Seiten auf dem eigenen Rechner ansehen</h2>
      <p>Die Landesseiten brauchen einen Webserver. Im Ordner dieser Datei:</p>
      <p><code>{SERVE_COMMAND}</code></p>
      <p>und dann <a href="http://127.0.0.1:8000/">http://127.0.0.1:8000/</a> im Browser öffnen
        (beenden mit Strg+C). Beim Schreiben zeigt <code>efa-kb serve --state {first}</code> im
        Repository eine Vorschau eines Landes, die sich bei jeder gespeicherten Änderung erneuert.</p>
    </main>
    <script>
      if (location.protocol === "file:") document.getElementById("efa-file-notice").hidden = false;
    </script>
  </body>
</html>
"""
