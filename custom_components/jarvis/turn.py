"""One conversation turn's add-on events as Home Assistant chat-log deltas.

Jarvis runs its tools itself, so each call goes into HA's chat log as an external tool call (llm.ToolInput with
external=True) followed by its result, the way HA's chat log takes calls an agent has already executed. The
Assist debug view and the dialog's "Show details" then show what Jarvis did: the tool, its arguments and its
outcome (ok, error, refused, or held for approval with the action's id).

The add-on reports a call once it is decided (parallel calls in the order they finish), and an action held for
approval right after its call. Calls are gathered until the next thing Jarvis says, then written as one
assistant message listing them (in the order the model asked for them) and one result per call; the text
that follows starts a new assistant message, as an LLM's own turn reads.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from homeassistant.components import conversation
from homeassistant.helpers import llm

from .client import EventStream, JarvisError

Delta = dict[str, Any]

# What a held action's result says, so nothing reading the log takes it for done.
HELD_NOTE = (
    "Not done: this action is held until a person approves it (the approval keyword in their next message, "
    "the Jarvis card, a notification, or the jarvis.approve action with this action_id)."
)


@dataclass
class ToolCall:
    """One call Jarvis made in this turn, as the add-on reported it."""

    tool: str
    tier: str
    status: str
    args: dict[str, Any]
    call_id: str | None
    result: Any
    action_id: str | None = None
    held: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_event(cls, event: dict[str, Any]) -> ToolCall:
        args = event.get("args")
        return cls(
            tool=str(event.get("tool", "")),
            tier=str(event.get("tier", "")),
            status=str(event.get("status", "")),
            args=args if isinstance(args, dict) else {},
            call_id=event.get("call_id") if isinstance(event.get("call_id"), str) else None,
            result=event.get("result"),
            action_id=event.get("action_id"),
        )

    def tool_input(self) -> llm.ToolInput:
        if self.call_id:
            return llm.ToolInput(tool_name=self.tool, tool_args=self.args, id=self.call_id, external=True)
        return llm.ToolInput(tool_name=self.tool, tool_args=self.args, external=True)

    def outcome(self) -> dict[str, Any]:
        """The result as HA stores it: a JSON object saying what became of the call."""
        data: dict[str, Any] = {"status": self.status, "tier": self.tier}
        if self.status == "ok":
            if self.result is not None:
                data["result"] = self.result
        elif self.status == "error":
            data["error"] = self.result or "the tool failed"
        elif self.status == "refused":
            data["reason"] = self.result or "refused"
        elif self.status == "approval_required":
            data["action_id"] = self.action_id
            data.update({key: value for key, value in self.held.items() if value is not None})
            data["note"] = HELD_NOTE
        return data

    @property
    def failed(self) -> bool:
        return self.status != "ok"


def tool_result_delta(call: ToolCall, tool_call_id: str) -> Delta:
    """A tool_result delta. HA after 2025.10 takes an llm.ToolResult in `result` (`tool_result` is deprecated
    there); 2025.10 has no ToolResult and takes the JSON object in `tool_result`."""
    delta: Delta = {"role": "tool_result", "tool_call_id": tool_call_id, "tool_name": call.tool}
    result_type = getattr(llm, "ToolResult", None)
    if result_type is not None:
        delta["result"] = result_type(data=call.outcome(), error=call.failed)
    else:
        delta["tool_result"] = call.outcome()
    return delta


class TurnDeltas:
    """The add-on's events of one turn as chat-log deltas.

    A failure mid-way ends the stream instead of raising through the chat log, which commits a message only
    when its stream ends: what Jarvis had already said and done stays in the log. The failure is in `error`.
    """

    def __init__(self, events: EventStream) -> None:
        self.events = events
        self.error: JarvisError | None = None
        self._calls: list[ToolCall] = []
        self._asked: list[str] = []

    async def deltas(self) -> AsyncIterator[conversation.AssistantContentDeltaDict | conversation.ToolResultContentDeltaDict]:
        yield {"role": "assistant"}
        after_tools = False
        try:
            async for event in self.events:
                if not isinstance(event, dict):
                    continue
                kind = event.get("type")
                if kind == "tool_start":
                    self._asked = [str(name) for name in event.get("tools") or []]
                if kind == "tool_call":
                    self._calls.append(ToolCall.from_event(event))
                    continue
                if kind == "approval_required":
                    self._note_held(event)
                    continue
                if self._calls:
                    for delta in self._flush():
                        yield delta
                    after_tools = True
                if kind == "delta" and event.get("text"):
                    if after_tools:
                        yield {"role": "assistant"}
                        after_tools = False
                    yield {"content": event["text"]}
        except JarvisError as err:
            self.error = err
        # Calls that ran before the turn ended (or failed) belong in the log too.
        for delta in self._flush():
            yield delta

    def _note_held(self, event: dict[str, Any]) -> None:
        for call in self._calls:
            if call.action_id == event.get("action_id"):
                call.held = {key: event.get(key) for key in ("summary", "needs", "expires_at")}

    def _flush(self) -> list[Delta]:
        if not self._calls:
            return []
        calls = sorted(self._calls, key=self._asked_position)
        self._calls = []
        inputs = [call.tool_input() for call in calls]
        return [{"tool_calls": inputs}] + [tool_result_delta(call, tool.id) for call, tool in zip(calls, inputs)]

    def _asked_position(self, call: ToolCall) -> int:
        """Where the model asked for this tool (calls come back in the order they finished)."""
        return self._asked.index(call.tool) if call.tool in self._asked else len(self._asked)
