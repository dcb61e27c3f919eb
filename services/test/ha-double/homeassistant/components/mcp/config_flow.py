"""Setting up an MCP server, after homeassistant/components/mcp/config_flow.py: by URL, or from an add-on's
discovery (`config["url"]`, unique id the discovery's uuid) confirmed once. The connection is checked by
initializing a session: a server without tools aborts (missing_capabilities). A 401 starts HA's OAuth
discovery there, which needs application credentials the double does not have; here it aborts with HA's
outcome for a server with no OAuth metadata and no credentials: missing_credentials."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import voluptuous as vol

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult
from homeassistant.helpers.service_info.hassio import HassioServiceInfo

from .client import McpHttpError
from .const import CONF_SLUG, DOMAIN
from .coordinator import mcp_client

_LOGGER = logging.getLogger(__name__)
STEP_USER_DATA_SCHEMA = vol.Schema({vol.Required("url"): str})


class InvalidUrl(Exception):
    """The URL is not an http(s) URL."""


class CannotConnect(Exception):
    """The server did not answer."""


class InvalidAuth(Exception):
    """The server answered 401."""


class MissingCapabilities(Exception):
    """The server offers no tools."""


def _valid_url(url: Any) -> str:
    parts = urlsplit(str(url))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidUrl(url)
    return str(url)


async def validate_input(hass: Any, data: dict[str, Any]) -> dict[str, Any]:
    url = _valid_url(data["url"])
    try:
        async with mcp_client(hass, url) as (_session, response):
            # The SDK's ToolsCapability is an object, true even when empty ({}): only its absence counts.
            if response.get("capabilities", {}).get("tools") is None:
                raise MissingCapabilities(f"MCP Server {url} does not support 'Tools' capability")
            return {"title": response["serverInfo"]["name"]}
    except McpHttpError as error:
        if error.status == 401:
            raise InvalidAuth from error
        raise CannotConnect from error
    except aiohttp.ClientError as error:
        raise CannotConnect from error


class ModelContextProtocolConfigFlow(ConfigFlow, domain=DOMAIN):
    VERSION = 1

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}
        self.addon_name = ""

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        errors: dict[str, str] = {}
        if user_input is not None:
            self._async_abort_entries_match({"url": user_input["url"]})
            try:
                info = await validate_input(self.hass, user_input)
            except InvalidUrl:
                errors["url"] = "invalid_url"
            except CannotConnect:
                errors["base"] = "cannot_connect"
            except InvalidAuth:
                return self.async_abort(reason="missing_credentials")
            except MissingCapabilities:
                return self.async_abort(reason="missing_capabilities")
            else:
                return self.async_create_entry(title=info["title"], data=user_input)
        return self.async_show_form(step_id="user", data_schema=STEP_USER_DATA_SCHEMA, errors=errors)

    async def async_step_hassio(self, discovery_info: HassioServiceInfo) -> ConfigFlowResult:
        try:
            url = _valid_url(discovery_info.config.get("url"))
        except InvalidUrl:
            return self.async_abort(reason="invalid_discovery_info")
        await self.async_set_unique_id(discovery_info.uuid)
        self._abort_if_unique_id_configured(updates={"url": url})
        self._async_abort_entries_match({"url": url})
        self.data = {"url": url, CONF_SLUG: discovery_info.slug}
        self.addon_name = discovery_info.name
        return await self.async_step_hassio_confirm()

    async def async_step_hassio_confirm(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        if user_input is None:
            self._set_confirm_only()
            return self.async_show_form(step_id="hassio_confirm", description_placeholders={"addon": self.addon_name})
        try:
            info = await validate_input(self.hass, self.data)
        except CannotConnect:
            return self.async_abort(reason="cannot_connect")
        except InvalidAuth:
            return self.async_abort(reason="missing_credentials")
        except MissingCapabilities:
            return self.async_abort(reason="missing_capabilities")
        return self.async_create_entry(title=info["title"], data=self.data)
