"""Home Assistant's own agent, much reduced: the double has no intents, so every sentence gets the default
agent's answer for a sentence it cannot match (homeassistant/components/conversation/default_agent.py)."""

from __future__ import annotations

from typing import Literal

from homeassistant.const import MATCH_ALL
from homeassistant.helpers import intent

from .chat_log import AssistantContent, ChatLog
from .const import HOME_ASSISTANT_AGENT
from .entity import ConversationEntity
from .models import ConversationInput, ConversationResult


class DefaultAgent(ConversationEntity):
    _attr_name = "Home Assistant"

    def __init__(self) -> None:
        self.entity_id = HOME_ASSISTANT_AGENT

    @property
    def supported_languages(self) -> list[str] | Literal["*"]:
        return MATCH_ALL

    async def _async_handle_message(self, user_input: ConversationInput, chat_log: ChatLog) -> ConversationResult:
        speech = "Sorry, I couldn't understand that"
        response = intent.IntentResponse(language=user_input.language)
        response.async_set_error(intent.IntentResponseErrorCode.NO_INTENT_MATCH, speech)
        chat_log.async_add_assistant_content_without_tools(AssistantContent(agent_id=self.entity_id, content=speech))
        return ConversationResult(response=response, conversation_id=chat_log.conversation_id)
