"""Setting Jarvis up: from the Supervisor's discovery of the add-on (one click), or by hand with host, port
and token for a Home Assistant without the Supervisor. Every path logs in to the add-on before it saves."""

from __future__ import annotations

from collections.abc import Mapping
import logging
from typing import Any

import voluptuous as vol

from homeassistant.config_entries import ConfigEntry, ConfigFlow, ConfigFlowResult, OptionsFlow
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.selector import TextSelector, TextSelectorConfig, TextSelectorType
from homeassistant.helpers.service_info.hassio import HassioServiceInfo

from .client import JarvisClient, JarvisError, base_url
from .const import CONF_ADDON_SLUG, CONF_TOKEN, DEFAULT_PORT, DOMAIN, NAME
from .options_flow import JarvisOptionsFlow

_LOGGER = logging.getLogger(__name__)

_SECRET = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD))
_PORT = vol.All(vol.Coerce(int), vol.Range(min=1, max=65535))
USER_SCHEMA = vol.Schema(
    {vol.Required(CONF_HOST): str, vol.Required(CONF_PORT, default=DEFAULT_PORT): _PORT, vol.Required(CONF_TOKEN): _SECRET}
)
# Reconfiguring keeps the saved token unless a new one is typed.
RECONFIGURE_SCHEMA = vol.Schema(
    {vol.Required(CONF_HOST): str, vol.Required(CONF_PORT): _PORT, vol.Optional(CONF_TOKEN): _SECRET}
)
TOKEN_SCHEMA = vol.Schema({vol.Required(CONF_TOKEN): _SECRET})


async def _try_login(hass: HomeAssistant, data: Mapping[str, Any]) -> dict[str, str]:
    """Form errors: empty when the add-on accepted the token, else cannot_connect, invalid_auth or unknown."""
    client = JarvisClient(async_get_clientsession(hass), base_url(data[CONF_HOST], data[CONF_PORT]), data[CONF_TOKEN])
    try:
        await client.connect()
    except JarvisError as err:
        _LOGGER.debug("Jarvis login failed: %s", err)
        return {"base": err.code}
    except Exception:  # noqa: BLE001 - a form must show an error, never a traceback
        _LOGGER.exception("Unexpected error while logging in to Jarvis")
        return {"base": "unknown"}
    finally:
        await client.close()
    return {}


class JarvisConfigFlow(ConfigFlow, domain=DOMAIN):
    VERSION = 1

    _discovery: HassioServiceInfo

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> OptionsFlow:
        """Phones for approvals and speakers for alerts (options_flow.py)."""
        return JarvisOptionsFlow()

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        # One Jarvis per Home Assistant: the add-on exists once per Supervisor.
        await self.async_set_unique_id(DOMAIN)
        self._abort_if_unique_id_configured()
        errors: dict[str, str] = {}
        if user_input is not None:
            errors = await _try_login(self.hass, user_input)
            if not errors:
                return self.async_create_entry(title=NAME, data=user_input)
        return self.async_show_form(
            step_id="user", data_schema=self.add_suggested_values_to_schema(USER_SCHEMA, user_input or {}), errors=errors
        )

    async def async_step_hassio(self, discovery_info: HassioServiceInfo) -> ConfigFlowResult:
        """The add-on announced {host, port, token}; an existing entry just follows it."""
        config = discovery_info.config
        updates = {CONF_HOST: config[CONF_HOST], CONF_PORT: int(config[CONF_PORT]), CONF_ADDON_SLUG: discovery_info.slug}
        if config.get(CONF_TOKEN):
            updates[CONF_TOKEN] = config[CONF_TOKEN]
        await self.async_set_unique_id(DOMAIN)
        self._abort_if_unique_id_configured(updates=updates)
        self._discovery = discovery_info
        self.context["title_placeholders"] = {"name": discovery_info.name}
        return await self.async_step_hassio_confirm()

    async def async_step_hassio_confirm(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        config = self._discovery.config
        announced = config.get(CONF_TOKEN)
        errors: dict[str, str] = {}
        if user_input is not None:
            data = {
                CONF_HOST: config[CONF_HOST],
                CONF_PORT: int(config[CONF_PORT]),
                CONF_TOKEN: announced or user_input[CONF_TOKEN],
                CONF_ADDON_SLUG: self._discovery.slug,
            }
            errors = await _try_login(self.hass, data)
            if not errors:
                return self.async_create_entry(title=self._discovery.name, data=data)
        return self.async_show_form(
            step_id="hassio_confirm",
            # An add-on too old to announce its token: ask for it.
            data_schema=None if announced else TOKEN_SCHEMA,
            description_placeholders={"addon": self._discovery.name},
            errors=errors,
        )

    async def async_step_reauth(self, entry_data: Mapping[str, Any]) -> ConfigFlowResult:
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            errors = await _try_login(self.hass, {**entry.data, **user_input})
            if not errors:
                return self.async_update_reload_and_abort(entry, data_updates=user_input)
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=TOKEN_SCHEMA,
            description_placeholders={"url": base_url(entry.data[CONF_HOST], entry.data[CONF_PORT])},
            errors=errors,
        )

    async def async_step_reconfigure(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            updates = {key: value for key, value in user_input.items() if value not in ("", None)}
            errors = await _try_login(self.hass, {**entry.data, **updates})
            if not errors:
                return self.async_update_reload_and_abort(entry, data_updates=updates)
        shown = user_input or {CONF_HOST: entry.data[CONF_HOST], CONF_PORT: entry.data[CONF_PORT]}
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(RECONFIGURE_SCHEMA, shown),
            errors=errors,
        )
