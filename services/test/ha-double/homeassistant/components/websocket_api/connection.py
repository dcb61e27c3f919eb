"""An authenticated connection, after homeassistant/components/websocket_api/connection.py.

Every message needs an integer id above the last one handled and a string type: else invalid_format, an
old id id_reuse, an unknown type unknown_command (none of which moves last_id). The command's schema runs
before its handler; what the handler raises is mapped to HA's codes (Unauthorized -> unauthorized,
vol.Invalid -> invalid_format with humanize_error, TimeoutError -> timeout, HomeAssistantError ->
home_assistant_error with its translation). On close every subscription's stopper is called once.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
import logging
from typing import Any

import voluptuous as vol
from voluptuous.humanize import humanize_error

from homeassistant.auth.models import RefreshToken, User
from homeassistant.core import Context, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError, Unauthorized

from . import const, messages

_LOGGER = logging.getLogger(__name__)


class ActiveConnection:
    def __init__(self, logger: logging.Logger | logging.LoggerAdapter, hass: HomeAssistant,
                 send_message: Callable[[str | dict[str, Any]], None], user: User,
                 refresh_token: RefreshToken | None) -> None:
        self.logger = logger
        self.hass = hass
        self.send_message = send_message
        self.user = user
        self.refresh_token_id = refresh_token.id if refresh_token else None
        self.subscriptions: dict[Hashable, Callable[[], Any]] = {}
        self.last_id = 0
        self.can_coalesce = False
        self.supported_features: dict[str, float] = {}
        self.handlers: dict[str, tuple[Any, vol.Schema | bool]] = hass.data[const.DOMAIN]

    def __repr__(self) -> str:
        return f"<ActiveConnection {self.user.name}>"

    def set_supported_features(self, features: dict[str, float]) -> None:
        self.supported_features = features
        self.can_coalesce = const.FEATURE_COALESCE_MESSAGES in features

    def context(self, msg: dict[str, Any]) -> Context:
        return Context(user_id=self.user.id)

    @callback
    def send_result(self, msg_id: int, result: Any | None = None) -> None:
        self.send_message(messages.result_message(msg_id, result))

    @callback
    def send_event(self, msg_id: int, event: Any | None = None) -> None:
        self.send_message(messages.event_message(msg_id, event))

    @callback
    def send_error(self, msg_id: int, code: str, message: str, translation_key: str | None = None,
                   translation_domain: str | None = None,
                   translation_placeholders: dict[str, Any] | None = None) -> None:
        self.send_message(messages.error_message(msg_id, code, message, translation_key=translation_key,
                                                 translation_domain=translation_domain,
                                                 translation_placeholders=translation_placeholders))

    @callback
    def async_handle(self, msg: Any) -> None:
        if (
            type(msg) is not dict
            or not (cur_id := msg.get("id"))
            or type(cur_id) is not int
            or cur_id < 0
            or not (type_ := msg.get("type"))
            or type(type_) is not str
        ):
            self.logger.error("Received invalid command: %s", msg)
            id_ = msg.get("id") if isinstance(msg, dict) else 0
            self.send_message(messages.error_message(id_, const.ERR_INVALID_FORMAT, "Message incorrectly formatted."))
            return
        if cur_id <= self.last_id:
            self.send_message(messages.error_message(cur_id, const.ERR_ID_REUSE, "Identifier values have to increase."))
            return
        if not (handler_schema := self.handlers.get(type_)):
            self.logger.info("Received unknown command: %s", type_)
            self.send_message(messages.error_message(cur_id, const.ERR_UNKNOWN_COMMAND, "Unknown command."))
            return
        handler, schema = handler_schema
        try:
            if schema is False:
                if len(msg) > 2:
                    raise vol.Invalid("extra keys not allowed")
                handler(self.hass, self, msg)
            else:
                handler(self.hass, self, schema(msg))
        except Exception as err:  # noqa: BLE001 - every failure becomes an error result, as in HA
            self.async_handle_exception(msg, err)
        self.last_id = cur_id

    @callback
    def async_handle_close(self) -> None:
        for unsub in self.subscriptions.values():
            try:
                unsub()
            except Exception:  # noqa: BLE001 - one failing stopper must not keep the others from running
                self.logger.exception("Error unsubscribing from subscription: %s", unsub)
        self.subscriptions.clear()
        self.send_message = self._connect_closed_error

    @callback
    def _connect_closed_error(self, msg: Any) -> None:
        self.logger.debug("Tried to send message %s on closed connection", msg)

    @callback
    def async_handle_exception(self, msg: dict[str, Any], err: Exception) -> None:
        code = const.ERR_UNKNOWN_ERROR
        err_message: str | None = None
        translation: dict[str, Any] = {}
        if isinstance(err, Unauthorized):
            code = const.ERR_UNAUTHORIZED
            err_message = "Unauthorized"
        elif isinstance(err, vol.Invalid):
            code = const.ERR_INVALID_FORMAT
            err_message = humanize_error(msg, err)
        elif isinstance(err, TimeoutError):
            code = const.ERR_TIMEOUT
            err_message = "Timeout"
        elif isinstance(err, HomeAssistantError):
            err_message = str(err)
            code = const.ERR_HOME_ASSISTANT_ERROR
            translation = {"translation_domain": err.translation_domain, "translation_key": err.translation_key,
                           "translation_placeholders": err.translation_placeholders}
        if not err_message:
            err_message = "Unknown error"
            self.logger.exception("Error handling message: %s", msg, exc_info=err)
        self.send_message(messages.error_message(msg["id"], code, err_message, **translation))
        self.logger.error("Error handling message: %s (%s) %s", err_message, code, self.user.name)
