"""Date helpers, after homeassistant/util/dt.py: utcnow, and parse_datetime (ISO 8601 with a trailing Z; None
for text that is not a date and time, as HA's raise_on_error=False)."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)


def parse_datetime(dt_str: str, *, raise_on_error: bool = False) -> datetime | None:
    try:
        return datetime.fromisoformat(dt_str.replace("Z", "+00:00"))
    except ValueError:
        if raise_on_error:
            raise
        return None
