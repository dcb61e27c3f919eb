"""The conversation entity, after homeassistant/components/conversation/entity.py (2025.10).

async_process opens the chat session and chat log for the input's conversation_id and hands both to
_async_handle_message; the entity's state is the time of its last turn."""

from __future__ import annotations

from abc import abstractmethod
from typing import Literal, final

from homeassistant.helpers.chat_session import async_get_chat_session
from homeassistant.helpers.restore_state import RestoreEntity
from homeassistant.util import dt as dt_util

from .chat_log import ChatLog, async_get_chat_log
from .const import ConversationEntityFeature
from .models import ConversationInput, ConversationResult


class ConversationEntity(RestoreEntity):
    _attr_should_poll = False
    _attr_supported_features = ConversationEntityFeature(0)
    _attr_supports_streaming = False
    __last_activity: str | None = None

    @property
    @final
    def state(self) -> str | None:
        return self.__last_activity

    @property
    def supports_streaming(self) -> bool:
        return self._attr_supports_streaming

    @final
    async def internal_async_process(self, user_input: ConversationInput) -> ConversationResult:
        self.__last_activity = dt_util.utcnow().isoformat()
        self.async_write_ha_state()
        return await self.async_process(user_input)

    @property
    @abstractmethod
    def supported_languages(self) -> list[str] | Literal["*"]:
        """Return a list of supported languages."""

    async def async_process(self, user_input: ConversationInput) -> ConversationResult:
        with (
            async_get_chat_session(self.hass, user_input.conversation_id) as session,
            async_get_chat_log(self.hass, session, user_input) as chat_log,
        ):
            return await self._async_handle_message(user_input, chat_log)

    async def _async_handle_message(self, user_input: ConversationInput, chat_log: ChatLog) -> ConversationResult:
        raise NotImplementedError

    async def async_prepare(self, language: str | None = None) -> None:
        """Load intents for a language."""
