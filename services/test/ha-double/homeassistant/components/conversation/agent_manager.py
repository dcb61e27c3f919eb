"""Finding and calling agents, after homeassistant/components/conversation/agent_manager.py.

No agent id (or the old "homeassistant") means HA's own agent; an id with a dot is a conversation entity.
Legacy (non-entity) agents are not modelled."""

from __future__ import annotations

from typing import Any

import voluptuous as vol

from homeassistant.core import Context, HomeAssistant, async_get_hass, callback
from homeassistant.helpers import config_validation as cv

from .const import DATA_COMPONENT, DATA_DEFAULT_ENTITY, HOME_ASSISTANT_AGENT, OLD_HOME_ASSISTANT_AGENT
from .entity import ConversationEntity
from .models import ConversationInput, ConversationResult


def agent_id_validator(value: Any) -> str:
    if async_get_agent(async_get_hass(), cv.string(value)) is None:
        raise vol.Invalid("invalid agent ID")
    return value


@callback
def async_get_agent(hass: HomeAssistant, agent_id: str | None = None) -> ConversationEntity | None:
    if agent_id is None or agent_id in (HOME_ASSISTANT_AGENT, OLD_HOME_ASSISTANT_AGENT):
        return hass.data[DATA_DEFAULT_ENTITY]
    if "." in agent_id:
        return hass.data[DATA_COMPONENT].get_entity(agent_id)
    return None


async def async_converse(hass: HomeAssistant, text: str, conversation_id: str | None, context: Context,
                         language: str | None = None, agent_id: str | None = None, device_id: str | None = None,
                         satellite_id: str | None = None,
                         extra_system_prompt: str | None = None) -> ConversationResult:
    agent = async_get_agent(hass, agent_id)
    if agent is None:
        raise ValueError(f"Agent {agent_id} not found")
    agent.async_set_context(context)
    conversation_input = ConversationInput(
        text=text, context=context, conversation_id=conversation_id, device_id=device_id,
        satellite_id=satellite_id, language=language or hass.config.language, agent_id=agent.entity_id,
        extra_system_prompt=extra_system_prompt,
    )
    return await agent.internal_async_process(conversation_input)
