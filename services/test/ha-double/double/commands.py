"""Test-only WebSocket commands. They exist only in the double (real HA has no such commands): they let a
test see what HA would show, without a frontend."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import voluptuous as vol

from homeassistant.components import websocket_api
from homeassistant.components.conversation import async_converse
from homeassistant.components.conversation.chat_log import DATA_CHAT_LOGS, Content
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import llm


def _content_json(content: Content) -> dict[str, Any]:
    item = {key: value for key, value in asdict(content).items() if key not in ("native", "created")}
    for attachment in item.get("attachments") or []:
        attachment["path"] = str(attachment["path"])
    item["created"] = content.created.isoformat()
    return item


@websocket_api.websocket_command(
    {vol.Required("type"): "test_double/chat_log", vol.Required("conversation_id"): str}
)
@callback
def chat_log(hass: HomeAssistant, connection: websocket_api.ActiveConnection, msg: dict[str, Any]) -> None:
    """The stored chat log of a conversation: what HA's Assist dialog and pipelines would read."""
    log = hass.data.get(DATA_CHAT_LOGS, {}).get(msg["conversation_id"])
    if log is None:
        connection.send_error(msg["id"], websocket_api.ERR_NOT_FOUND, "No chat log for that conversation")
        return
    connection.send_result(msg["id"], {
        "conversation_id": log.conversation_id,
        "extra_system_prompt": log.extra_system_prompt,
        "content": [_content_json(content) for content in log.content],
    })


@websocket_api.websocket_command(
    {
        vol.Required("type"): "test_double/converse",
        vol.Required("text"): str,
        vol.Required("agent_id"): str,
        vol.Optional("conversation_id"): vol.Any(str, None),
        vol.Optional("language"): str,
        vol.Optional("device_id"): vol.Any(str, None),
        vol.Optional("satellite_id"): vol.Any(str, None),
        vol.Optional("extra_system_prompt"): vol.Any(str, None),
    }
)
@websocket_api.async_response
async def converse(hass: HomeAssistant, connection: websocket_api.ActiveConnection, msg: dict[str, Any]) -> None:
    """One turn as an Assist pipeline runs it for a satellite: conversation/process cannot pass a device,
    a satellite or an extra system prompt (a satellite's start_conversation gives one, on its first turn)."""
    result = await async_converse(
        hass, msg["text"], msg.get("conversation_id"), connection.context(msg), language=msg.get("language"),
        agent_id=msg["agent_id"], device_id=msg.get("device_id"), satellite_id=msg.get("satellite_id"),
        extra_system_prompt=msg.get("extra_system_prompt"),
    )
    connection.send_result(msg["id"], result.as_dict())


def _llm_context(connection: websocket_api.ActiveConnection, msg: dict[str, Any]) -> llm.LLMContext:
    return llm.LLMContext(platform="test_double", context=connection.context(msg), language="en",
                          assistant="conversation", device_id=None)


@websocket_api.websocket_command({vol.Required("type"): "test_double/llm_apis"})
@websocket_api.async_response
async def llm_apis(hass: HomeAssistant, connection: websocket_api.ActiveConnection, msg: dict[str, Any]) -> None:
    """The LLM APIs an agent can be given (an agent's options list them), each with its tools."""
    apis = []
    for api in llm.async_get_apis(hass):
        instance = await api.async_get_api_instance(_llm_context(connection, msg))
        apis.append({"id": api.id, "name": api.name,
                     "tools": [{"name": t.name, "description": t.description} for t in instance.tools]})
    connection.send_result(msg["id"], {"apis": apis})


@websocket_api.websocket_command({vol.Required("type"): "test_double/llm_call_tool", vol.Required("api_id"): str,
                                  vol.Required("tool_name"): str, vol.Optional("tool_args", default={}): dict})
@websocket_api.async_response
async def llm_call_tool(hass: HomeAssistant, connection: websocket_api.ActiveConnection, msg: dict[str, Any]) -> None:
    """One tool call as an agent's chat log makes it (APIInstance.async_call_tool): its result is what the
    agent's model reads next."""
    try:
        instance = await llm.async_get_api(hass, msg["api_id"], _llm_context(connection, msg))
        result = await instance.async_call_tool(llm.ToolInput(msg["tool_name"], msg["tool_args"]))
    except HomeAssistantError as err:
        connection.send_error(msg["id"], websocket_api.ERR_HOME_ASSISTANT_ERROR, str(err))
        return
    connection.send_result(msg["id"], result)


@websocket_api.websocket_command({vol.Required("type"): "test_double/announcements"})
@callback
def announcements(hass: HomeAssistant, connection: websocket_api.ActiveConnection, msg: dict[str, Any]) -> None:
    """What the double's kitchen satellite was asked to announce, oldest first."""
    from .satellite import DATA_ANNOUNCEMENTS

    connection.send_result(msg["id"], list(hass.data.get(DATA_ANNOUNCEMENTS, [])))


@callback
def async_register(hass: HomeAssistant) -> None:
    websocket_api.async_register_command(hass, announcements)
    websocket_api.async_register_command(hass, chat_log)
    websocket_api.async_register_command(hass, converse)
    websocket_api.async_register_command(hass, llm_apis)
    websocket_api.async_register_command(hass, llm_call_tool)
