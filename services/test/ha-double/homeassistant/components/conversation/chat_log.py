"""The chat log, after homeassistant/components/conversation/chat_log.py (2025.10).

One log per conversation, starting with a SystemContent, then the user's text for each turn. Opening the
log for a turn works on a copy; the copy replaces the stored log only if an assistant (or tool result)
message was added after the user's text, and it is dropped with its chat session.

Delta streams follow HA's rules: a delta with "role" closes the message being built and starts the next;
deltas without a role add to it (content and thinking_content concatenate, tool_calls extend, native may
be set once); the roles allowed are assistant and tool_result (anything else is a ValueError); tool calls
that are not external need an LLM API, which the double never has (ValueError, as HA without one).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterable, Callable, Generator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
import logging
from pathlib import Path
from typing import Any, Literal, TypedDict

from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import chat_session, intent, llm
from homeassistant.util import dt as dt_util

from .models import ConversationInput, ConversationResult

DATA_CHAT_LOGS = "conversation_chat_logs"
LOGGER = logging.getLogger(__name__)

current_chat_log: ContextVar[ChatLog | None] = ContextVar("current_chat_log", default=None)


@dataclass(frozen=True)
class SystemContent:
    role: Literal["system"] = field(init=False, default="system")
    content: str
    created: datetime = field(init=False, default_factory=dt_util.utcnow)


@dataclass(frozen=True)
class Attachment:
    """A file that goes with the user's content (an AI task's image): where it is on disk, and its type."""

    media_content_id: str
    mime_type: str
    path: Path


@dataclass(frozen=True)
class UserContent:
    role: Literal["user"] = field(init=False, default="user")
    content: str
    attachments: list[Attachment] | None = field(default=None)
    created: datetime = field(init=False, default_factory=dt_util.utcnow)


@dataclass(frozen=True)
class AssistantContent:
    role: Literal["assistant"] = field(init=False, default="assistant")
    agent_id: str
    content: str | None = None
    thinking_content: str | None = None
    tool_calls: list[llm.ToolInput] | None = None
    native: Any = None
    created: datetime = field(init=False, default_factory=dt_util.utcnow)


@dataclass(frozen=True)
class ToolResultContent:
    role: Literal["tool_result"] = field(init=False, default="tool_result")
    agent_id: str
    tool_call_id: str
    tool_name: str
    tool_result: Any
    created: datetime = field(init=False, default_factory=dt_util.utcnow)


Content = SystemContent | UserContent | AssistantContent | ToolResultContent


class AssistantContentDeltaDict(TypedDict, total=False):
    role: Literal["assistant"]
    content: str | None
    thinking_content: str | None
    tool_calls: list[llm.ToolInput] | None
    native: Any


class ToolResultContentDeltaDict(TypedDict, total=False):
    role: Literal["tool_result"]
    tool_call_id: str
    tool_name: str
    tool_result: Any


class ConverseError(HomeAssistantError):
    """Error before the agent could answer; not stored in the history."""

    def __init__(self, message: str, conversation_id: str, response: intent.IntentResponse) -> None:
        super().__init__(message)
        self.conversation_id = conversation_id
        self.response = response

    def as_conversation_result(self) -> ConversationResult:
        return ConversationResult(response=self.response, conversation_id=self.conversation_id)


@contextmanager
def async_get_chat_log(hass: HomeAssistant, session: chat_session.ChatSession,
                       user_input: ConversationInput | None = None, *,
                       chat_log_delta_listener: Callable[[ChatLog, dict[str, Any]], None] | None = None
                       ) -> Generator[ChatLog]:
    if (chat_log := current_chat_log.get()) and chat_log.conversation_id == session.conversation_id:
        if chat_log_delta_listener is not None:
            raise RuntimeError("Cannot attach chat log delta listener unless initial caller")
        if user_input is not None and ((content := chat_log.content[-1]).role != "user"
                                       or content.content != user_input.text):
            chat_log.async_add_user_content(UserContent(content=user_input.text))
        yield chat_log
        return
    all_chat_logs: dict[str, ChatLog] = hass.data.setdefault(DATA_CHAT_LOGS, {})
    if stored := all_chat_logs.get(session.conversation_id):
        chat_log = replace(stored, content=stored.content.copy())
    else:
        chat_log = ChatLog(hass, session.conversation_id)
    if chat_log_delta_listener:
        chat_log.delta_listener = chat_log_delta_listener
    if user_input is not None:
        chat_log.async_add_user_content(UserContent(content=user_input.text))
    last_message = chat_log.content[-1]
    token = current_chat_log.set(chat_log)
    try:
        yield chat_log
    finally:
        current_chat_log.reset(token)
    if chat_log.content[-1] is last_message:
        LOGGER.debug("Chat Log opened but no assistant message was added, ignoring update")
        return
    if session.conversation_id not in all_chat_logs:

        @callback
        def do_cleanup() -> None:
            all_chat_logs.pop(session.conversation_id, None)

        session.async_on_cleanup(do_cleanup)
    chat_log.delta_listener = None
    all_chat_logs[session.conversation_id] = chat_log


@dataclass
class ChatLog:
    hass: HomeAssistant
    conversation_id: str
    content: list[Content] = field(default_factory=lambda: [SystemContent(content="")])
    extra_system_prompt: str | None = None
    llm_api: Any = None
    delta_listener: Callable[[ChatLog, dict[str, Any]], None] | None = None

    @property
    def continue_conversation(self) -> bool:
        """True when the last assistant message ends in a question."""
        if not self.content:
            return False
        last = self.content[-1]
        return (last.role == "assistant" and last.content is not None
                and last.content.strip().endswith(("?", ";")))

    @property
    def unresponded_tool_results(self) -> bool:
        return self.content[-1].role == "tool_result"

    @callback
    def async_add_user_content(self, content: UserContent) -> None:
        self.content.append(content)

    @callback
    def async_add_assistant_content_without_tools(self, content: AssistantContent | ToolResultContent) -> None:
        """Assistant content with no tool calls, or only external ones, and results of external tools."""
        if (isinstance(content, AssistantContent) and content.tool_calls is not None
                and any(not tool_call.external for tool_call in content.tool_calls)):
            raise ValueError("Non-external tool calls not allowed")
        self.content.append(content)

    async def async_add_assistant_content(self, content: AssistantContent | ToolResultContent, /,
                                          tool_call_tasks: dict[str, asyncio.Task[Any]] | None = None
                                          ) -> AsyncGenerator[ToolResultContent]:
        self.content.append(content)
        if (not isinstance(content, AssistantContent) or content.tool_calls is None
                or all(tool_call.external for tool_call in content.tool_calls)):
            return
        # HA would run the calls through chat_log.llm_api here; the double never has one.
        raise ValueError("No LLM API configured")
        yield  # noqa: unreachable - makes this an async generator, as HA's is

    def _notify(self, delta: dict[str, Any]) -> None:
        if self.delta_listener and (filtered := {k: v for k, v in delta.items() if k != "native"}):
            self.delta_listener(self, filtered)

    async def async_add_delta_content_stream(
        self, agent_id: str, stream: AsyncIterable[AssistantContentDeltaDict | ToolResultContentDeltaDict]
    ) -> AsyncGenerator[AssistantContent | ToolResultContent]:
        """Streams deltas into the log; yields each message as it is completed and added."""
        text, thinking, native, tool_calls = "", "", None, []

        def built() -> AssistantContent:
            return AssistantContent(agent_id=agent_id, content=text or None, thinking_content=thinking or None,
                                    tool_calls=tool_calls or None, native=native)

        async for delta in stream:
            if "role" not in delta:
                if piece := delta.get("content"):
                    text += piece
                if piece := delta.get("thinking_content"):
                    thinking += piece
                if delta_native := delta.get("native"):
                    if native is not None:
                        raise RuntimeError("Native content already set, cannot overwrite")
                    native = delta_native
                if delta_tool_calls := delta.get("tool_calls"):
                    for tool_call in delta_tool_calls:
                        if not tool_call.external and self.llm_api is None:
                            raise ValueError("No LLM API configured")
                    tool_calls += delta_tool_calls
                self._notify(dict(delta))
                continue
            if text or thinking or tool_calls or native:
                content = built()
                yield content
                async for tool_result in self.async_add_assistant_content(content):
                    yield tool_result
                text, thinking, native, tool_calls = "", "", None, []
            if delta["role"] == "assistant":
                text = delta.get("content") or ""
                thinking = delta.get("thinking_content") or ""
                tool_calls = list(delta.get("tool_calls") or [])
                native = delta.get("native")
                self._notify(dict(delta))
            elif delta["role"] == "tool_result":
                result = ToolResultContent(agent_id=agent_id, tool_call_id=delta["tool_call_id"],
                                           tool_name=delta["tool_name"], tool_result=delta["tool_result"])
                yield result
                if self.delta_listener:
                    self.delta_listener(self, asdict(result))
                self.async_add_assistant_content_without_tools(result)
            else:
                raise ValueError(f"Only assistant and tool_result roles expected. Got {delta['role']}")
        if text or thinking or tool_calls or native:
            content = built()
            yield content
            async for tool_result in self.async_add_assistant_content(content):
                yield tool_result
