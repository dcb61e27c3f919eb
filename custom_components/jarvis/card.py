"""Serves the Lovelace card from the add-on through HA and loads it on every frontend page, so installing the
integration is enough: no resource to add by hand, and the card is always the add-on's own version.

The card is proxied, not shipped inside the integration: the add-on and the card come from one build, the
card's protocol is the add-on's, and the files the card loads lazily from beside itself (terminal, wake word
model and runtime) resolve to the same folder here. Each request revalidates with the add-on's ETag, so an
add-on update shows on the next page load. Only the add-on's public frontend files pass, never its API.
"""

from __future__ import annotations

import asyncio
import re
from typing import Final

import aiohttp
from aiohttp import web

from homeassistant.components.frontend import add_extra_js_url
from homeassistant.components.http import HomeAssistantView
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.aiohttp_client import async_get_clientsession

from .const import CARD_BASE_URL, CARD_FILE
from .runtime import loaded_client

# The card, its lazy chunks (jarvis-terminal.js, jarvis-wakeword.js) and the wake word's models and runtime.
_SERVED: Final = re.compile(r"(?:jarvis-[a-z]+\.js|wakeword/(?:[\w-]+/)*[\w-]+(?:\.[\w]+)+)")
_PASSED_HEADERS: Final = ("Content-Type", "ETag", "Last-Modified")
_CONDITIONAL_HEADERS: Final = ("If-None-Match", "If-Modified-Since")
_TIMEOUT: Final = aiohttp.ClientTimeout(total=120, sock_connect=10)
_CHUNK: Final = 64 * 1024


class JarvisCardView(HomeAssistantView):
    """/jarvis_static/<file>: the add-on's card files, for anyone HA's frontend loads them for."""

    url = f"{CARD_BASE_URL}/{{path:.+}}"
    name = "jarvis:card"
    # HA's frontend imports extra modules with a plain import(), which carries no token; the files hold no data.
    requires_auth = False

    def __init__(self, hass: HomeAssistant) -> None:
        self._hass = hass

    async def get(self, request: web.Request, path: str) -> web.StreamResponse:
        if not _SERVED.fullmatch(path):
            raise web.HTTPNotFound
        try:
            base = loaded_client(self._hass).url
        except HomeAssistantError:
            return _unavailable("Jarvis is not set up or not connected")
        conditions = {name: request.headers[name] for name in _CONDITIONAL_HEADERS if name in request.headers}
        session = async_get_clientsession(self._hass)
        try:
            async with session.get(f"{base}/{path}", headers=conditions, timeout=_TIMEOUT) as upstream:
                headers = {name: upstream.headers[name] for name in _PASSED_HEADERS if name in upstream.headers}
                headers["Cache-Control"] = "no-cache"
                if upstream.status == 304:
                    return web.Response(status=304, headers=headers)
                if upstream.status == 404:
                    raise web.HTTPNotFound
                if upstream.status != 200:
                    return _unavailable(f"the Jarvis add-on answered {path} with HTTP {upstream.status}")
                response = web.StreamResponse(headers=headers)
                await response.prepare(request)
                async for chunk in upstream.content.iter_chunked(_CHUNK):
                    await response.write(chunk)
                await response.write_eof()
                return response
        except (aiohttp.ClientError, asyncio.TimeoutError) as err:
            return _unavailable(f"cannot reach the Jarvis add-on: {err or 'timed out'}")


def _unavailable(reason: str) -> web.Response:
    return web.Response(status=503, text=f"{reason}\n", headers={"Cache-Control": "no-store"})


@callback
def async_register_card(hass: HomeAssistant) -> None:
    hass.http.register_view(JarvisCardView(hass))
    add_extra_js_url(hass, f"{CARD_BASE_URL}/{CARD_FILE}")
