"""Which entities Assist may act on, after homeassistant/components/homeassistant/exposed_entities.py (2025).

The double has no entity registry, so every entity takes HA's path for entities without a unique id (settings
kept per entity id). New entities follow HA's defaults: exposed to `conversation` when their domain is in
DEFAULT_EXPOSED_DOMAINS (locks and alarm panels are not; covers are) or, for binary sensors and sensors, their
device class is in HA's lists. Listeners per assistant hear every change of an expose flag; the listen call
returns its unsubscribe, as in HA since 2024.
"""

from __future__ import annotations

from collections.abc import Callable
import dataclasses
from typing import Any

import voluptuous as vol

from homeassistant.components import websocket_api
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback, split_entity_id

DATA_EXPOSED_ENTITIES = "homeassistant.exposed_entites"
KNOWN_ASSISTANTS = ("cloud.alexa", "cloud.google_assistant", "conversation")
DEFAULT_EXPOSED_DOMAINS = {"climate", "cover", "fan", "humidifier", "light", "media_player", "scene", "switch",
                           "todo", "vacuum", "water_heater"}
DEFAULT_EXPOSED_BINARY_SENSOR_DEVICE_CLASSES = {"door", "garage_door", "lock", "motion", "opening", "presence",
                                                "window"}
DEFAULT_EXPOSED_SENSOR_DEVICE_CLASSES = {"aqi", "carbon_monoxide", "carbon_dioxide", "humidity", "pm10", "pm25",
                                         "temperature", "volatile_organic_compounds"}
DEFAULT_EXPOSED_ASSISTANT = {"conversation": True}


@dataclasses.dataclass(frozen=True)
class ExposedEntity:
    assistants: dict[str, dict[str, Any]]


class ExposedEntities:
    def __init__(self, hass: HomeAssistant) -> None:
        self._hass = hass
        self._listeners: dict[str, list[Callable[[], None]]] = {}
        self._assistants: dict[str, bool] = {}
        self.entities: dict[str, ExposedEntity] = {}

    @callback
    def async_listen_entity_updates(self, assistant: str, listener: Callable[[], None]) -> CALLBACK_TYPE:
        self._listeners.setdefault(assistant, []).append(listener)

        def unsubscribe() -> None:
            self._listeners[assistant].remove(listener)

        return unsubscribe

    @callback
    def async_expose_entity(self, assistant: str, entity_id: str, should_expose: bool) -> None:
        if ((exposed := self.entities.get(entity_id)) and (options := exposed.assistants.get(assistant, {}))
                and options.get("should_expose") == should_expose):
            return
        assistants = dict(exposed.assistants) if exposed else {}
        assistants[assistant] = assistants.get(assistant, {}) | {"should_expose": should_expose}
        self.entities[entity_id] = ExposedEntity(assistants)
        for listener in self._listeners.get(assistant, []):
            listener()

    @callback
    def async_get_expose_new_entities(self, assistant: str) -> bool:
        return self._assistants.get(assistant, DEFAULT_EXPOSED_ASSISTANT.get(assistant, False))

    @callback
    def async_should_expose(self, assistant: str, entity_id: str) -> bool:
        if (exposed := self.entities.get(entity_id)) and assistant in exposed.assistants:
            if "should_expose" in exposed.assistants[assistant]:
                return bool(exposed.assistants[assistant]["should_expose"])
        should_expose = self.async_get_expose_new_entities(assistant) and self._is_default_exposed(entity_id)
        assistants = dict(exposed.assistants) if exposed else {}
        assistants[assistant] = assistants.get(assistant, {}) | {"should_expose": should_expose}
        self.entities[entity_id] = ExposedEntity(assistants)
        return should_expose

    def _is_default_exposed(self, entity_id: str) -> bool:
        domain = split_entity_id(entity_id)[0]
        if domain in DEFAULT_EXPOSED_DOMAINS:
            return True
        if (state := self._hass.states.get(entity_id)) is None:
            return False
        device_class = state.attributes.get("device_class")
        return (domain == "binary_sensor" and device_class in DEFAULT_EXPOSED_BINARY_SENSOR_DEVICE_CLASSES) or (
            domain == "sensor" and device_class in DEFAULT_EXPOSED_SENSOR_DEVICE_CLASSES)


@callback
def async_listen_entity_updates(hass: HomeAssistant, assistant: str, listener: Callable[[], None]) -> CALLBACK_TYPE:
    return hass.data[DATA_EXPOSED_ENTITIES].async_listen_entity_updates(assistant, listener)


@callback
def async_expose_entity(hass: HomeAssistant, assistant: str, entity_id: str, should_expose: bool) -> None:
    hass.data[DATA_EXPOSED_ENTITIES].async_expose_entity(assistant, entity_id, should_expose)


@callback
def async_should_expose(hass: HomeAssistant, assistant: str, entity_id: str) -> bool:
    if DATA_EXPOSED_ENTITIES not in hass.data:
        return False
    return hass.data[DATA_EXPOSED_ENTITIES].async_should_expose(assistant, entity_id)


@websocket_api.require_admin
@websocket_api.websocket_command({
    vol.Required("type"): "homeassistant/expose_entity",
    vol.Required("assistants"): [vol.In(KNOWN_ASSISTANTS)],
    vol.Required("entity_ids"): [str],
    vol.Required("should_expose"): bool,
})
@callback
def ws_expose_entity(hass: HomeAssistant, connection: websocket_api.ActiveConnection, msg: dict[str, Any]) -> None:
    for entity_id in msg["entity_ids"]:
        for assistant in msg["assistants"]:
            async_expose_entity(hass, assistant, entity_id, msg["should_expose"])
    connection.send_result(msg["id"])


@callback
def async_setup(hass: HomeAssistant) -> None:
    hass.data[DATA_EXPOSED_ENTITIES] = ExposedEntities(hass)
    websocket_api.async_register_command(hass, ws_expose_entity)
