"""Relays the card's `jarvis/<command>` messages on HA's own WebSocket to the add-on, as the HA user.

docs/relay-contract.md is the contract. HA needs a fixed type per command, so each relayed command is
registered under its own name; fields pass through untouched and the add-on validates them. A call answers
with HA's result. A subscription or a stream hands the add-on's result over as an event {"type": "result"}
just before HA's (empty) result, because home-assistant-js-websocket's subscribeMessage drops that payload.
Both live in `connection.subscriptions` until the card unsubscribes, so `unsubscribe_events` always finds
them (and stops a subscription on the add-on) and a closed connection drops whatever is still running.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import voluptuous as vol

from homeassistant.components import websocket_api
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError

from .client import CALL_COMMANDS, RELAYED_COMMANDS, JarvisError
from .const import WS_PREFIX
from .runtime import loaded_client, user_payload


@callback
def async_register_relay(hass: HomeAssistant) -> None:
    for command in RELAYED_COMMANDS:
        schema = websocket_api.BASE_COMMAND_MESSAGE_SCHEMA.extend(
            {vol.Required("type"): WS_PREFIX + command}, extra=vol.ALLOW_EXTRA
        )
        websocket_api.async_register_command(hass, WS_PREFIX + command, _handle, schema)


class _ConnectionSink:
    """Writes one relayed command's frames to the card's HA connection."""

    def __init__(self, connection: websocket_api.ActiveConnection, msg_id: int, is_call: bool) -> None:
        self._connection = connection
        self._id = msg_id
        self._is_call = is_call
        # Nothing is left to keep registered: a call answered, or anything that failed.
        self.finished = False

    def event(self, event: Any) -> None:
        self._connection.send_message(websocket_api.event_message(self._id, event))

    def result(self, result: Any) -> None:
        if self._is_call:
            self._finish()
            self._connection.send_result(self._id, result)
            return
        self.event({"type": "result", "result": result})
        self._connection.send_result(self._id)

    def error(self, code: str, message: str) -> None:
        # home-assistant-js-websocket forgets a command once it fails, so HA must too.
        self._finish()
        self._connection.send_error(self._id, code, message)

    def _finish(self) -> None:
        self.finished = True
        self._connection.subscriptions.pop(self._id, None)


@websocket_api.async_response
async def _handle(hass: HomeAssistant, connection: websocket_api.ActiveConnection, msg: dict[str, Any]) -> None:
    msg_id = msg["id"]
    command = msg["type"].removeprefix(WS_PREFIX)
    try:
        client = loaded_client(hass)
    except HomeAssistantError:
        connection.send_error(msg_id, "not_loaded", "Jarvis is not set up or not connected")
        return
    payload = {key: value for key, value in msg.items() if key not in ("id", "type")}
    sink = _ConnectionSink(connection, msg_id, command in CALL_COMMANDS)
    try:
        stop = await client.relay(command, payload, user_payload(connection.user), sink)
    except JarvisError as err:
        connection.send_error(msg_id, err.code, err.message)
        return
    if not sink.finished:
        connection.subscriptions[msg_id] = _stopper(hass, stop)


def _stopper(hass: HomeAssistant, stop: Callable[[], Awaitable[None]]) -> Callable[[], None]:
    """HA calls subscription stoppers synchronously; the add-on's unsubscribe is a round trip."""

    @callback
    def unsubscribe() -> None:
        hass.async_create_task(stop())

    return unsubscribe
