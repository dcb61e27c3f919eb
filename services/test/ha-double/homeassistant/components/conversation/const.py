"""Conversation constants, after homeassistant/components/conversation/const.py."""

from __future__ import annotations

from enum import IntFlag

DOMAIN = "conversation"
DATA_COMPONENT = "conversation_entity_component"
DATA_DEFAULT_ENTITY = "conversation_default_entity"
HOME_ASSISTANT_AGENT = "conversation.home_assistant"
OLD_HOME_ASSISTANT_AGENT = "homeassistant"


class ConversationEntityFeature(IntFlag):
    """Supported features of the conversation entity."""

    CONTROL = 1
