"""The Supervisor integration, after homeassistant/components/hassio/__init__.py, handler.py and discovery.py:
only add-on discovery. At HA's start it reads every message the Supervisor holds (GET /discovery); the
Supervisor's push (POST /api/hassio_push/discovery/<uuid>) reads one. Each becomes a config flow of its
service with source "hassio" and a HassioServiceInfo (the config, the add-on's name from
/addons/<slug>/info, its slug and the message's uuid). Config: {"url": the Supervisor, "token": HA's
SUPERVISOR_TOKEN} (HA reads both from its environment)."""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
from aiohttp import web

from homeassistant.components.http import HomeAssistantView
from homeassistant.const import EVENT_HOMEASSISTANT_START
from homeassistant.core import Event, HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.service_info.hassio import HassioServiceInfo

_LOGGER = logging.getLogger(__name__)
DOMAIN = "hassio"


class HassioAPIError(RuntimeError):
    """The Supervisor answered with an error, or not at all."""


class HassIO:
    def __init__(self, session: aiohttp.ClientSession, url: str, token: str) -> None:
        self._session = session
        self._url = url.rstrip("/")
        self._token = token

    async def send_command(self, path: str) -> Any:
        try:
            async with self._session.get(self._url + path, headers={"Authorization": f"Bearer {self._token}"},
                                         timeout=aiohttp.ClientTimeout(total=10)) as resp:
                body = await resp.json(content_type=None)
        except (aiohttp.ClientError, ValueError) as err:
            raise HassioAPIError(str(err)) from err
        if not isinstance(body, dict) or body.get("result") != "ok":
            raise HassioAPIError(str(body.get("message") if isinstance(body, dict) else body))
        return body.get("data")

    async def retrieve_discovery_messages(self) -> dict[str, Any]:
        return await self.send_command("/discovery")

    async def get_discovery_message(self, uuid: str) -> dict[str, Any]:
        return await self.send_command(f"/discovery/{uuid}")

    async def get_addon_info(self, slug: str) -> dict[str, Any]:
        return await self.send_command(f"/addons/{slug}/info")


class HassIODiscovery(HomeAssistantView):
    name = "api:hassio_push:discovery"
    url = "/api/hassio_push/discovery/{uuid}"

    def __init__(self, hass: HomeAssistant, hassio: HassIO) -> None:
        self.hass = hass
        self.hassio = hassio

    async def post(self, request: web.Request, uuid: str) -> web.Response:
        try:
            data = await self.hassio.get_discovery_message(uuid)
        except HassioAPIError as err:
            _LOGGER.error("Can't read discovery data: %s", err)
            raise web.HTTPServiceUnavailable from None
        await self.async_process_new(data)
        return web.Response()

    async def async_process_new(self, data: dict[str, Any]) -> None:
        try:
            addon_info = await self.hassio.get_addon_info(data["addon"])
        except HassioAPIError as err:
            _LOGGER.error("Can't read add-on info: %s", err)
            return
        await self.hass.config_entries.flow.async_init(
            data["service"], context={"source": "hassio"},
            data=HassioServiceInfo(config=data["config"], name=addon_info["name"], slug=data["addon"],
                                   uuid=data["uuid"]))


async def async_setup(hass: HomeAssistant, config: dict[str, Any]) -> bool:
    settings = config.get(DOMAIN) or {}
    hassio = HassIO(async_get_clientsession(hass), settings["url"], settings["token"])
    discovery = HassIODiscovery(hass, hassio)
    hass.http.register_view(discovery)

    async def discovery_start_handler(_event: Event) -> None:
        try:
            data = await hassio.retrieve_discovery_messages()
        except HassioAPIError as err:
            _LOGGER.error("Can't read discover info: %s", err)
            return
        for message in data["discovery"]:
            await discovery.async_process_new(message)

    hass.bus.async_listen_once(EVENT_HOMEASSISTANT_START, discovery_start_handler)
    return True
