"""The auth phase, after homeassistant/components/websocket_api/auth.py.

The first message must be exactly {"type": "auth", "access_token": ...} (no id, no other keys); a valid token
gives auth_ok and an ActiveConnection for its user, anything else auth_invalid and a disconnect. Revoking
the refresh token closes the connection.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, Final

import voluptuous as vol
from voluptuous.humanize import humanize_error

from homeassistant.components.http import json_dumps
from homeassistant.const import __version__
from homeassistant.core import HomeAssistant

from .connection import ActiveConnection

TYPE_AUTH: Final = "auth"
TYPE_AUTH_INVALID: Final = "auth_invalid"
TYPE_AUTH_OK: Final = "auth_ok"
TYPE_AUTH_REQUIRED: Final = "auth_required"

AUTH_MESSAGE_SCHEMA: Final = vol.Schema(
    {
        vol.Required("type"): TYPE_AUTH,
        vol.Exclusive("api_password", "auth"): str,
        vol.Exclusive("access_token", "auth"): str,
    }
)
AUTH_OK_MESSAGE = json_dumps({"type": TYPE_AUTH_OK, "ha_version": __version__})
AUTH_REQUIRED_MESSAGE = json_dumps({"type": TYPE_AUTH_REQUIRED, "ha_version": __version__})


class Disconnect(Exception):
    """The connection ends (homeassistant/components/websocket_api/error.py)."""


def auth_invalid_message(message: str) -> str:
    return json_dumps({"type": TYPE_AUTH_INVALID, "message": message})


class AuthPhase:
    def __init__(self, logger: Any, hass: HomeAssistant, send_message: Callable[[str | dict[str, Any]], None],
                 cancel_ws: Callable[[], None], send_text: Callable[[str], Coroutine[Any, Any, None]]) -> None:
        self._hass = hass
        self._send_message = send_message
        self._cancel_ws = cancel_ws
        self._logger = logger
        self._send_text = send_text

    async def async_handle(self, msg: Any) -> ActiveConnection:
        try:
            valid_msg = AUTH_MESSAGE_SCHEMA(msg)
        except vol.Invalid as err:
            error_msg = f"Auth message incorrectly formatted: {humanize_error(msg, err)}"
            self._logger.warning(error_msg)
            await self._send_text(auth_invalid_message(error_msg))
            raise Disconnect from err
        if (access_token := valid_msg.get("access_token")) and (
            refresh_token := self._hass.auth.async_validate_access_token(access_token)
        ):
            conn = ActiveConnection(self._logger, self._hass, self._send_message, refresh_token.user, refresh_token)
            conn.subscriptions["auth"] = self._hass.auth.async_register_revoke_token_callback(
                refresh_token.id, self._cancel_ws
            )
            await self._send_text(AUTH_OK_MESSAGE)
            return conn
        await self._send_text(auth_invalid_message("Invalid access token or password"))
        raise Disconnect
