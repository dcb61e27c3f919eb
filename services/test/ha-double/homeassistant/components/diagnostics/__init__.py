"""Diagnostics, after homeassistant/components/diagnostics/util.py (async_redact_data)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

REDACTED = "**REDACTED**"


def async_redact_data(data: Any, to_redact: Iterable[Any]) -> Any:
    """A copy with the values of the named keys replaced, at any depth."""
    if not isinstance(data, (Mapping, list)):
        return data
    if isinstance(data, list):
        return [async_redact_data(item, to_redact) for item in data]
    redacted = {**data}
    for key, value in redacted.items():
        if value is None:
            continue
        if isinstance(value, str) and not value:
            continue
        if key in to_redact:
            redacted[key] = REDACTED
        elif isinstance(value, (Mapping, list)):
            redacted[key] = async_redact_data(value, to_redact)
    return redacted
