"""Serves the Lovelace card from the integration and loads it on every frontend page, so installing the
integration is enough: no resource to add by hand."""

from __future__ import annotations

import logging
from pathlib import Path

from homeassistant.components.frontend import add_extra_js_url
from homeassistant.components.http import StaticPathConfig
from homeassistant.core import HomeAssistant

from .const import CARD_FILE, CARD_URL

_LOGGER = logging.getLogger(__name__)


async def async_register_card(hass: HomeAssistant) -> None:
    path = Path(__file__).parent / CARD_FILE

    def modified() -> int | None:
        return int(path.stat().st_mtime) if path.is_file() else None

    stamp = await hass.async_add_executor_job(modified)
    if stamp is None:
        _LOGGER.warning("The Jarvis card is not bundled (%s is missing); the card will not be offered", path)
        return
    await hass.http.async_register_static_paths([StaticPathConfig(CARD_URL, str(path), True)])
    # The stamp changes the address whenever the file does, so cached copies never outlive an update.
    add_extra_js_url(hass, f"{CARD_URL}?v={stamp}")
