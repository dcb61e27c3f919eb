"""Core commands, after homeassistant/components/websocket_api/commands.py: ping, supported_features,
subscribe_events / unsubscribe_events, fire_event (admin only), get_states, get_config and call_service with
HA's error mapping (not_found, invalid_format, service_validation_error, home_assistant_error, unknown_error).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
import logging
from typing import Any

import voluptuous as vol

from homeassistant.const import EVENT_STATE_CHANGED, MATCH_ALL
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError, ServiceNotFound, ServiceValidationError, Unauthorized
from homeassistant.helpers import config_validation as cv

from . import const, decorators, messages
from .connection import ActiveConnection

_LOGGER = logging.getLogger(__name__)
# Event types a non-admin may subscribe to (homeassistant/auth/permissions/events.py, abridged).
SUBSCRIBE_ALLOWLIST = frozenset({
    "area_registry_updated", "component_loaded", "core_config_updated", "device_registry_updated",
    "entity_registry_updated", "lovelace_updated", "panels_updated", "persistent_notifications_updated",
    "service_registered", "service_removed", "shopping_list_updated", EVENT_STATE_CHANGED, "themes_updated",
})


@callback
def async_register_commands(hass: HomeAssistant, register: Callable[[HomeAssistant, Any], None]) -> None:
    for handler in (handle_call_service, handle_fire_event, handle_get_config, handle_get_states, handle_ping,
                    handle_subscribe_events, handle_unsubscribe_events, handle_supported_features):
        register(hass, handler)


def pong_message(iden: int) -> dict[str, Any]:
    return {"id": iden, "type": "pong"}


@callback
def _forward_event(send_message: Callable[[dict[str, Any]], None], msg_id: int, event: Event) -> None:
    send_message(messages.event_message(msg_id, event))


@callback
@decorators.websocket_command(
    {vol.Required("type"): "subscribe_events", vol.Optional("event_type", default=MATCH_ALL): str}
)
def handle_subscribe_events(hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    event_type = msg["event_type"]
    if event_type not in SUBSCRIBE_ALLOWLIST and not connection.user.is_admin:
        _LOGGER.error("Refusing to allow %s to subscribe to event %s", connection.user.name, event_type)
        raise Unauthorized(user_id=connection.user.id)
    connection.subscriptions[msg["id"]] = hass.bus.async_listen(
        event_type, partial(_forward_event, connection.send_message, msg["id"])
    )
    connection.send_result(msg["id"])


@callback
@decorators.websocket_command(
    {vol.Required("type"): "unsubscribe_events", vol.Required("subscription"): cv.positive_int}
)
def handle_unsubscribe_events(hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    subscription = msg["subscription"]
    if subscription in connection.subscriptions:
        connection.subscriptions.pop(subscription)()
        connection.send_result(msg["id"])
    else:
        connection.send_error(msg["id"], const.ERR_NOT_FOUND, "Subscription not found.")


@decorators.websocket_command(
    {
        vol.Required("type"): "call_service",
        vol.Required("domain"): str,
        vol.Required("service"): str,
        vol.Optional("target"): cv.ENTITY_SERVICE_FIELDS,
        vol.Optional("service_data"): dict,
        vol.Optional("return_response", default=False): bool,
    }
)
@decorators.async_response
async def handle_call_service(hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    try:
        context = connection.context(msg)
        response = await hass.services.async_call(
            domain=msg["domain"], service=msg["service"], service_data=msg.get("service_data"), blocking=True,
            context=context, target=msg.get("target"), return_response=msg["return_response"],
        )
        result: dict[str, Any] = {"context": context}
        if msg["return_response"]:
            result["response"] = response
        connection.send_result(msg["id"], result)
    except ServiceNotFound as err:
        if err.domain == msg["domain"] and err.service == msg["service"]:
            connection.send_error(msg["id"], const.ERR_NOT_FOUND, f"Service {err.domain}.{err.service} not found.",
                                  translation_domain=err.translation_domain, translation_key=err.translation_key,
                                  translation_placeholders=err.translation_placeholders)
        else:
            connection.send_error(
                msg["id"], const.ERR_HOME_ASSISTANT_ERROR,
                f"Service {err.domain}.{err.service} called service {msg['domain']}.{msg['service']} "
                "which was not found.",
                translation_domain=const.DOMAIN, translation_key="child_service_not_found",
                translation_placeholders={"domain": msg["domain"], "service": msg["service"],
                                          "child_domain": err.domain, "child_service": err.service})
    except vol.Invalid as err:
        connection.send_error(msg["id"], const.ERR_INVALID_FORMAT, str(err))
    except ServiceValidationError as err:
        connection.logger.error(err)
        connection.send_error(msg["id"], const.ERR_SERVICE_VALIDATION_ERROR, f"Validation error: {err}",
                              translation_domain=err.translation_domain, translation_key=err.translation_key,
                              translation_placeholders=err.translation_placeholders)
    except HomeAssistantError as err:
        connection.logger.exception("Unexpected exception")
        connection.send_error(msg["id"], const.ERR_HOME_ASSISTANT_ERROR, str(err),
                              translation_domain=err.translation_domain, translation_key=err.translation_key,
                              translation_placeholders=err.translation_placeholders)
    except Exception as err:  # noqa: BLE001 - HA answers anything else as unknown_error
        connection.logger.exception("Unexpected exception")
        connection.send_error(msg["id"], const.ERR_UNKNOWN_ERROR, str(err))


@callback
@decorators.websocket_command({vol.Required("type"): "get_states"})
def handle_get_states(hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    connection.send_result(msg["id"], [state.as_dict() for state in hass.states.async_all()])


@callback
@decorators.websocket_command({vol.Required("type"): "get_config"})
def handle_get_config(hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    connection.send_result(msg["id"], hass.config.as_dict())


@callback
@decorators.websocket_command({vol.Required("type"): "ping"})
def handle_ping(hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    connection.send_message(pong_message(msg["id"]))


@callback
@decorators.websocket_command(
    {vol.Required("type"): "fire_event", vol.Required("event_type"): str, vol.Optional("event_data"): dict}
)
@decorators.require_admin
def handle_fire_event(hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    context = connection.context(msg)
    hass.bus.async_fire(msg["event_type"], msg.get("event_data"), context=context)
    connection.send_result(msg["id"], {"context": context})


@callback
@decorators.websocket_command({vol.Required("type"): "supported_features", vol.Required("features"): {str: int}})
def handle_supported_features(hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    connection.set_supported_features(msg["features"])
    connection.send_result(msg["id"])
