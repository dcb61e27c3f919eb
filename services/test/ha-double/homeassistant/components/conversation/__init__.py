"""The conversation integration, after homeassistant/components/conversation/__init__.py: the names
integrations import, and a setup that makes HA's own agent and the WebSocket commands."""

from __future__ import annotations

import logging
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_component import EntityComponent

from . import http
from .agent_manager import async_converse, async_get_agent
from .chat_log import (
    AssistantContent,
    Attachment,
    AssistantContentDeltaDict,
    ChatLog,
    Content,
    ConverseError,
    SystemContent,
    ToolResultContent,
    ToolResultContentDeltaDict,
    UserContent,
    async_get_chat_log,
)
from .const import DATA_COMPONENT, DATA_DEFAULT_ENTITY, DOMAIN, HOME_ASSISTANT_AGENT, ConversationEntityFeature
from .default_agent import DefaultAgent
from .entity import ConversationEntity
from .models import AgentInfo, ConversationInput, ConversationResult

__all__ = [
    "HOME_ASSISTANT_AGENT",
    "AgentInfo",
    "AssistantContent",
    "AssistantContentDeltaDict",
    "Attachment",
    "ChatLog",
    "Content",
    "ConversationEntity",
    "ConversationEntityFeature",
    "ConversationInput",
    "ConversationResult",
    "ConverseError",
    "SystemContent",
    "ToolResultContent",
    "ToolResultContentDeltaDict",
    "UserContent",
    "async_converse",
    "async_get_agent",
    "async_get_chat_log",
]

_LOGGER = logging.getLogger(__name__)


async def async_setup(hass: HomeAssistant, config: dict[str, Any]) -> bool:
    component: EntityComponent[ConversationEntity] = EntityComponent(_LOGGER, DOMAIN, hass)
    hass.data[DATA_COMPONENT] = component
    default = DefaultAgent()
    default.hass = hass
    component._add(default)
    hass.data[DATA_DEFAULT_ENTITY] = default
    default.async_write_ha_state()
    http.async_setup(hass)
    return True
