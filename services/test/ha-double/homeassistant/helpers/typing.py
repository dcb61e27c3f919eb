"""Typing helpers, after homeassistant/helpers/typing.py."""

from __future__ import annotations

from typing import Any

ConfigType = dict[str, Any]
DiscoveryInfoType = dict[str, Any]
VolDictType = dict[Any, Any]
