"""Typed records of a knowledge base: plain, immutable, no I/O."""
