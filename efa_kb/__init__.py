"""efa-kb: one searchable, phone-friendly knowledge-base site per federal state."""

__version__ = "0.1.0"
