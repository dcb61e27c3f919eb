"""Command decorators, after homeassistant/components/websocket_api/decorators.py."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import Unauthorized

from . import const, messages
from .connection import ActiveConnection


async def _handle_async_response(func: const.AsyncWebSocketCommandHandler, hass: HomeAssistant,
                                 connection: ActiveConnection, msg: dict[str, Any]) -> None:
    try:
        await func(hass, connection, msg)
    except Exception as err:  # noqa: BLE001 - reported to the client like a synchronous handler's error
        connection.async_handle_exception(msg, err)


def async_response(func: const.AsyncWebSocketCommandHandler) -> const.WebSocketCommandHandler:
    """Runs an async handler as a background task: the connection keeps reading meanwhile."""
    task_name = f"websocket_api.async:{func.__name__}"

    @callback
    @wraps(func)
    def schedule_handler(hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]) -> None:
        hass.async_create_background_task(_handle_async_response(func, hass, connection, msg), task_name)

    return schedule_handler


def require_admin(func: const.WebSocketCommandHandler) -> const.WebSocketCommandHandler:
    @wraps(func)
    def with_admin(hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]) -> None:
        user = connection.user
        if user is None or not user.is_admin:
            raise Unauthorized
        func(hass, connection, msg)

    return with_admin


def ws_require_user(only_owner: bool = False, only_system_user: bool = False, allow_system_user: bool = True,
                    only_active_user: bool = True, only_inactive_user: bool = False
                    ) -> Callable[[const.WebSocketCommandHandler], const.WebSocketCommandHandler]:
    def validator(func: const.WebSocketCommandHandler) -> const.WebSocketCommandHandler:
        @wraps(func)
        def check_current_user(hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]) -> None:
            def output_error(message_id: str, message: str) -> None:
                connection.send_message(messages.error_message(msg["id"], message_id, message))

            user = connection.user
            if only_owner and not user.is_owner:
                return output_error("only_owner", "Only allowed as owner")
            if only_system_user and not user.system_generated:
                return output_error("only_system_user", "Only allowed as system user")
            if not allow_system_user and user.system_generated:
                return output_error("not_system_user", "Not allowed as system user")
            if only_active_user and not user.is_active:
                return output_error("only_active_user", "Only allowed as active user")
            if only_inactive_user and user.is_active:
                return output_error("only_inactive_user", "Not allowed as active user")
            return func(hass, connection, msg)

        return check_current_user

    return validator


def websocket_command(
    schema: dict[Any, Any],
) -> Callable[[const.WebSocketCommandHandler], const.WebSocketCommandHandler]:
    """Tags a handler with its type and schema; a schema of only `type` is skipped at run time (False)."""
    command = schema["type"]  # a vol.Required("type") key compares and hashes as "type"

    def decorate(func: const.WebSocketCommandHandler) -> const.WebSocketCommandHandler:
        extended = False if len(schema) == 1 else messages.BASE_COMMAND_MESSAGE_SCHEMA.extend(schema)
        func._ws_schema = extended  # type: ignore[attr-defined]
        func._ws_command = command  # type: ignore[attr-defined]
        return func

    return decorate
