"""Reading dates and times as people write them.

Naive times mean Europe/Berlin. Accepted: ISO ``2026-11-28``, ``2026-11-28 09:15``,
``2026-11-28T09:15:30+01:00`` and German ``28.11.2026`` / ``28.11.2026, 09:15``.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")

_GERMAN = re.compile(
    r"^(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})(?:,?\s+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?(?:\s*Uhr)?)?$"
)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(text: str) -> date:
    """Parse ``YYYY-MM-DD`` or ``DD.MM.YYYY``; raise ValueError otherwise."""
    text = text.strip()
    if _ISO_DATE.match(text):
        return date.fromisoformat(text)
    match = _GERMAN.match(text)
    if match and match["H"] is None:
        return date(int(match["y"]), int(match["m"]), int(match["d"]))
    raise ValueError(text)


def parse_datetime(text: str) -> datetime:
    """Parse an ISO 8601 or German date-time into an aware datetime."""
    text = text.strip()
    match = _GERMAN.match(text)
    if match:
        value = datetime(
            int(match["y"]), int(match["m"]), int(match["d"]),
            int(match["H"] or 0), int(match["M"] or 0), int(match["S"] or 0),
        )
    else:
        iso = text.replace(" ", "T", 1) if " " in text and "T" not in text else text
        if iso.endswith("Z"):
            iso = iso[:-1] + "+00:00"
        value = datetime.fromisoformat(iso)
    if value.tzinfo is None:
        value = value.replace(tzinfo=BERLIN)
    return value


def now() -> datetime:
    """The build's "now": ``SOURCE_DATE_EPOCH`` when set, so builds are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC)


def today() -> date:
    """The build's date in Europe/Berlin."""
    return now().astimezone(BERLIN).date()
