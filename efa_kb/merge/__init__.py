"""Merging base content and overlays into one view per state (pure functions)."""
