"""The core integration, after homeassistant/components/homeassistant/__init__.py: here only what Assist's
exposure settings need (exposed_entities.py)."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant

from . import exposed_entities
from .exposed_entities import async_listen_entity_updates, async_should_expose

__all__ = ["async_listen_entity_updates", "async_should_expose"]
DOMAIN = "homeassistant"


async def async_setup(hass: HomeAssistant, config: dict[str, Any]) -> bool:
    exposed_entities.async_setup(hass)
    return True
