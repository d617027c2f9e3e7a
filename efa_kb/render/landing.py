"""The landing page ``<out>/index.html`` that lists the published state sites."""

from __future__ import annotations

import html


def landing_page(states: list[tuple[str, str]]) -> str:
    """HTML listing ``(code, name)`` pairs; self-contained, no external requests."""
    items = "\n".join(
        f'      <li><a href="{html.escape(code)}/">{html.escape(name)}</a></li>' for code, name in states
    )
    return f"""<!doctype html>
<html lang="de">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Wissensdatenbanken der Länder</title>
    <style>
      body {{ font-family: system-ui, sans-serif; margin: 0 auto; max-width: 40rem; padding: 1rem; line-height: 1.5; color: #1a1a1a; }}
      a {{ color: #0b4f7c; font-size: 1.2rem; }}
      li {{ margin: 0.5rem 0; }}
      a:focus-visible {{ outline: 3px solid #8a3b00; outline-offset: 2px; }}
    </style>
  </head>
  <body>
    <main>
      <h1>Wissensdatenbanken der Länder</h1>
      <ul>
{items}
      </ul>
    </main>
  </body>
</html>
"""
