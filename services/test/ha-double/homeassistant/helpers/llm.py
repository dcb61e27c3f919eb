"""LLM APIs and tools, after homeassistant/helpers/llm.py: ToolInput, Tool, API, APIInstance, LLMContext and the
API registry (async_register_api, async_get_api, async_get_apis) that integrations such as MCP add their tools
to, so HA's own agents can call them. No Assist API: the double has no intents to offer as tools."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from homeassistant.core import Context, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.util.ulid import ulid_now

DATA_APIS = "llm"
JsonObjectType = dict[str, Any]


@dataclass(slots=True)
class LLMContext:
    platform: str
    context: Context | None
    language: str | None
    assistant: str | None
    device_id: str | None


@dataclass(slots=True)
class ToolInput:
    tool_name: str
    tool_args: dict[str, Any]
    id: str = field(default_factory=ulid_now)
    # Run by the agent itself (e.g. a remote add-on), not by HA: its result comes back as a tool_result delta.
    external: bool = False


class Tool:
    name: str
    description: str | None = None
    parameters: Any = None

    @abstractmethod
    async def async_call(self, hass: HomeAssistant, tool_input: ToolInput, llm_context: LLMContext) -> JsonObjectType:
        raise NotImplementedError


@dataclass(slots=True, kw_only=True)
class API(ABC):
    hass: HomeAssistant
    id: str
    name: str

    @abstractmethod
    async def async_get_api_instance(self, llm_context: LLMContext) -> APIInstance:
        raise NotImplementedError


@dataclass
class APIInstance:
    api: API
    api_prompt: str
    llm_context: LLMContext
    tools: list[Tool]
    custom_serializer: Callable[[Any], Any] | None = None

    async def async_call_tool(self, tool_input: ToolInput) -> JsonObjectType:
        for tool in self.tools:
            if tool.name == tool_input.tool_name:
                break
        else:
            raise HomeAssistantError(f'Tool "{tool_input.tool_name}" not found')
        return await tool.async_call(self.api.hass, tool_input, self.llm_context)


def _apis(hass: HomeAssistant) -> dict[str, API]:
    return hass.data.setdefault(DATA_APIS, {})


@callback
def async_register_api(hass: HomeAssistant, api: API) -> Callable[[], None]:
    apis = _apis(hass)
    if api.id in apis:
        raise HomeAssistantError(f"API {api.id} is already registered")
    apis[api.id] = api

    @callback
    def unregister() -> None:
        apis.pop(api.id)

    return unregister


async def async_get_api(hass: HomeAssistant, api_id: str, llm_context: LLMContext) -> APIInstance:
    if (api := _apis(hass).get(api_id)) is None:
        raise HomeAssistantError(f"API {api_id} not found")
    return await api.async_get_api_instance(llm_context)


@callback
def async_get_apis(hass: HomeAssistant) -> list[API]:
    return list(_apis(hass).values())
