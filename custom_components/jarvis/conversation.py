"""Jarvis as a conversation agent: each turn goes to the add-on, and its reply streams into HA's chat log as
it is written, with the tools Jarvis called (turn.py). The conversation id is HA's, so Jarvis keeps the
history (and pending approvals) per chat."""

from __future__ import annotations

from typing import Any, Literal

from homeassistant.components import conversation
from homeassistant.const import MATCH_ALL
from homeassistant.core import HomeAssistant
from homeassistant.helpers import intent
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .client import JarvisAuthError, JarvisError
from .runtime import JarvisConfigEntry, context_user, device_info
from .turn import TurnDeltas


async def async_setup_entry(
    hass: HomeAssistant, entry: JarvisConfigEntry, async_add_entities: AddConfigEntryEntitiesCallback
) -> None:
    async_add_entities([JarvisConversationEntity(entry)])


class JarvisConversationEntity(conversation.ConversationEntity):
    _attr_has_entity_name = True
    _attr_name = None
    _attr_supports_streaming = True
    # Jarvis controls the home through its own tools.
    _attr_supported_features = conversation.ConversationEntityFeature.CONTROL

    def __init__(self, entry: JarvisConfigEntry) -> None:
        self._entry = entry
        self._attr_unique_id = entry.entry_id
        self._attr_device_info = device_info(entry)

    async def async_added_to_hass(self) -> None:
        await super().async_added_to_hass()
        self._entry.runtime_data.agent_id = self.entity_id

    @property
    def supported_languages(self) -> list[str] | Literal["*"]:
        return MATCH_ALL

    async def _async_handle_message(
        self, user_input: conversation.ConversationInput, chat_log: conversation.ChatLog
    ) -> conversation.ConversationResult:
        # HA hands an extra system prompt over on a conversation's first turn only; keep it for the rest.
        extra_prompt = user_input.extra_system_prompt or chat_log.extra_system_prompt
        chat_log.extra_system_prompt = extra_prompt
        request: dict[str, Any] = {
            "text": user_input.text,
            "conversation_id": chat_log.conversation_id,
            "language": user_input.language,
            "device_id": user_input.device_id,
            "satellite_id": getattr(user_input, "satellite_id", None),
            "extra_system_prompt": extra_prompt,
        }
        user = await context_user(self.hass, user_input.context)
        turn = TurnDeltas(self._entry.runtime_data.client.stream("conversation/process", request, user=user))
        async for _content in chat_log.async_add_delta_content_stream(self.entity_id, turn.deltas()):
            pass
        if turn.error:
            if isinstance(turn.error, JarvisAuthError):
                self._entry.async_start_reauth(self.hass)
            return self._failed(user_input, chat_log, turn.error)
        reply = turn.events.result
        # A reply that streamed no text still belongs in the log, or the next turn would miss it.
        if not isinstance(chat_log.content[-1], conversation.AssistantContent):
            chat_log.async_add_assistant_content_without_tools(
                conversation.AssistantContent(agent_id=self.entity_id, content=reply["speech"])
            )
        response = intent.IntentResponse(language=user_input.language)
        response.async_set_speech(reply["speech"])
        return conversation.ConversationResult(
            response=response,
            conversation_id=chat_log.conversation_id,
            continue_conversation=bool(reply.get("continue_conversation")),
        )

    @staticmethod
    def _failed(
        user_input: conversation.ConversationInput, chat_log: conversation.ChatLog, err: JarvisError
    ) -> conversation.ConversationResult:
        response = intent.IntentResponse(language=user_input.language)
        response.async_set_error(intent.IntentResponseErrorCode.UNKNOWN, f"Jarvis could not answer: {err.message}")
        return conversation.ConversationResult(response=response, conversation_id=chat_log.conversation_id)
