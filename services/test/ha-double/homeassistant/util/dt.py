"""Date helpers, after homeassistant/util/dt.py (utcnow only)."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)
