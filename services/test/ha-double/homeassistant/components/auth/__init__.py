"""The auth integration's WebSocket command auth/current_user, after homeassistant/components/auth/__init__.py
(home-assistant-js-websocket's getUser asks it)."""

from __future__ import annotations

from typing import Any

import voluptuous as vol

from homeassistant.components import websocket_api
from homeassistant.core import HomeAssistant

DOMAIN = "auth"


@websocket_api.websocket_command({vol.Required("type"): "auth/current_user"})
@websocket_api.ws_require_user()
@websocket_api.async_response
async def websocket_current_user(hass: HomeAssistant, connection: websocket_api.ActiveConnection,
                                 msg: dict[str, Any]) -> None:
    user = connection.user
    enabled_modules = await hass.auth.async_get_enabled_mfa(user)
    connection.send_message(websocket_api.result_message(msg["id"], {
        "id": user.id,
        "name": user.name,
        "is_owner": user.is_owner,
        "is_admin": user.is_admin,
        "credentials": [{"auth_provider_type": c.auth_provider_type, "auth_provider_id": c.auth_provider_id}
                        for c in user.credentials],
        "mfa_modules": [{"id": module.id, "name": module.name, "enabled": module.id in enabled_modules}
                        for module in hass.auth.auth_mfa_modules],
    }))


async def async_setup(hass: HomeAssistant, config: dict[str, Any]) -> bool:
    websocket_api.async_register_command(hass, websocket_current_user)
    return True
