"""LLM tool calls, after homeassistant/helpers/llm.py (ToolInput only: the double runs no LLM API)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from homeassistant.util.ulid import ulid_now


@dataclass(slots=True)
class ToolInput:
    tool_name: str
    tool_args: dict[str, Any]
    id: str = field(default_factory=ulid_now)
    # Run by the agent itself (e.g. a remote add-on), not by HA: its result comes back as a tool_result delta.
    external: bool = False
