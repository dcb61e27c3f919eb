"""Conversation models, after homeassistant/components/conversation/models.py (2025.10: satellite_id)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from homeassistant.core import Context
from homeassistant.helpers import intent


@dataclass(frozen=True)
class AgentInfo:
    id: str
    name: str
    supports_streaming: bool = False


@dataclass(slots=True)
class ConversationInput:
    """User input to be processed."""

    text: str
    context: Context
    conversation_id: str | None
    device_id: str | None
    satellite_id: str | None
    language: str
    agent_id: str
    # Given by the caller of this one turn only (e.g. a satellite's start_conversation); the chat log keeps
    # it for later turns only when the agent hands it to async_provide_llm_data.
    extra_system_prompt: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "context": self.context.as_dict(), "conversation_id": self.conversation_id,
                "device_id": self.device_id, "satellite_id": self.satellite_id, "language": self.language,
                "agent_id": self.agent_id, "extra_system_prompt": self.extra_system_prompt}


@dataclass(slots=True)
class ConversationResult:
    """Result of async_process."""

    response: intent.IntentResponse
    conversation_id: str | None = None
    continue_conversation: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"response": self.response.as_dict(), "conversation_id": self.conversation_id,
                "continue_conversation": self.continue_conversation}
