"""Dates and times as people read them, always in Europe/Berlin.

German for pages and feeds (``Sa, 28.11.2026, 09:15 Uhr``), ISO for machines
(``<time datetime>``, feeds) and the form authors write in files and commands
(``2026-11-28 09:15``).
"""

from __future__ import annotations

from datetime import date, datetime

from efa_kb.load.values import BERLIN

WEEKDAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")


def german_date(value: date) -> str:
    """``28.11.2026``."""
    return f"{value:%d.%m.%Y}"


def german_datetime(value: datetime) -> str:
    """``Sa, 28.11.2026, 09:15 Uhr``."""
    local = value.astimezone(BERLIN)
    return f"{WEEKDAYS[local.weekday()]}, {local:%d.%m.%Y, %H:%M} Uhr"


def iso(value: datetime) -> str:
    """ISO 8601 to the minute with offset, for ``<time datetime>``."""
    return value.astimezone(BERLIN).isoformat(timespec="minutes")


def iso_seconds(value: datetime) -> str:
    """ISO 8601 / RFC 3339 with seconds and offset, for feeds."""
    return value.astimezone(BERLIN).isoformat(timespec="seconds")


def author_time(value: datetime) -> str:
    """A time as authors write it in front matter: ``2026-11-29 09:20``."""
    return f"{value.astimezone(BERLIN):%Y-%m-%d %H:%M}"
