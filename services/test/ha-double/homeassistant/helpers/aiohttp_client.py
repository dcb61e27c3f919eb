"""The shared HTTP client session, after homeassistant/helpers/aiohttp_client.py: one per HA, closed when
HA closes (EVENT_HOMEASSISTANT_CLOSE); an integration that calls close() on it is reported, not obeyed."""

from __future__ import annotations

import logging

import aiohttp

from homeassistant.const import EVENT_HOMEASSISTANT_CLOSE, __version__
from homeassistant.core import Event, HomeAssistant, callback

_LOGGER = logging.getLogger(__name__)
DATA_CLIENTSESSION = "aiohttp_clientsession"
SERVER_SOFTWARE = f"HomeAssistant/{__version__} aiohttp/{aiohttp.__version__}"


@callback
def async_get_clientsession(hass: HomeAssistant, verify_ssl: bool = True) -> aiohttp.ClientSession:
    key = (DATA_CLIENTSESSION, verify_ssl)
    session = hass.data.get(key)
    if session is not None:
        return session
    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=None if verify_ssl else False),
                                    headers={"User-Agent": SERVER_SOFTWARE})

    async def report_close() -> None:
        _LOGGER.warning("Detected integration that closes the Home Assistant aiohttp session")

    object.__setattr__(session, "close", report_close)
    hass.data[key] = session

    async def close(_event: Event) -> None:
        await aiohttp.ClientSession.close(session)

    hass.bus.async_listen_once(EVENT_HOMEASSISTANT_CLOSE, close)
    return session
