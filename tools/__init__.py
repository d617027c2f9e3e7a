"""Developer tools beside the package (not installed with it)."""
