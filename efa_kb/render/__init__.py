"""Rendering a state's view into a plain MkDocs project (Markdown pages + mkdocs.yml)."""
