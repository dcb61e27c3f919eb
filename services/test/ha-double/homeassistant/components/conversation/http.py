"""Conversation over the WebSocket API, after homeassistant/components/conversation/http.py."""

from __future__ import annotations

from typing import Any

import voluptuous as vol

from homeassistant.components import websocket_api
from homeassistant.core import HomeAssistant, callback

from .agent_manager import agent_id_validator, async_converse
from .const import DATA_COMPONENT


@callback
def async_setup(hass: HomeAssistant) -> None:
    websocket_api.async_register_command(hass, websocket_process)
    websocket_api.async_register_command(hass, websocket_list_agents)


@websocket_api.websocket_command(
    {
        vol.Required("type"): "conversation/process",
        vol.Required("text"): str,
        vol.Optional("conversation_id"): vol.Any(str, None),
        vol.Optional("language"): str,
        vol.Optional("agent_id"): agent_id_validator,
    }
)
@websocket_api.async_response
async def websocket_process(hass: HomeAssistant, connection: websocket_api.ActiveConnection,
                            msg: dict[str, Any]) -> None:
    result = await async_converse(hass=hass, text=msg["text"], conversation_id=msg.get("conversation_id"),
                                  context=connection.context(msg), language=msg.get("language"),
                                  agent_id=msg.get("agent_id"))
    connection.send_result(msg["id"], result.as_dict())


@websocket_api.websocket_command(
    {vol.Required("type"): "conversation/agent/list", vol.Optional("language"): str, vol.Optional("country"): str}
)
@websocket_api.async_response
async def websocket_list_agents(hass: HomeAssistant, connection: websocket_api.ActiveConnection,
                                msg: dict[str, Any]) -> None:
    """Every conversation entity; the double does not narrow languages (it has no language matcher)."""
    agents = []
    for entity in hass.data[DATA_COMPONENT].entities:
        state = hass.states.get(entity.entity_id)
        agents.append({"id": entity.entity_id, "name": state.name if state else entity.entity_id,
                       "supported_languages": entity.supported_languages,
                       "supports_streaming": entity.supports_streaming})
    connection.send_message(websocket_api.result_message(msg["id"], {"agents": agents}))
