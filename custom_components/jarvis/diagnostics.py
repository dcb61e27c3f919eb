"""Diagnostics: the entry without its token, and what the add-on says about its own health."""

from __future__ import annotations

from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.core import HomeAssistant

from .client import JarvisError
from .const import CONF_TOKEN
from .runtime import JarvisConfigEntry

TO_REDACT = {CONF_TOKEN}


async def async_get_config_entry_diagnostics(hass: HomeAssistant, entry: JarvisConfigEntry) -> dict[str, Any]:
    client = entry.runtime_data.client
    try:
        health: Any = await client.health()
    except JarvisError as err:
        health = {"error": err.message}
    return {
        "entry": async_redact_data(dict(entry.data), TO_REDACT),
        "url": client.url,
        "connected": client.connected,
        "identity": client.identity,
        "health": health,
    }
