"""The MCP client integration, after homeassistant/components/mcp/__init__.py: an entry's server tools become an
LLM API (id `mcp-<entry_id>`, named after the entry) that HA's own agents (Claude, OpenAI, Ollama...) can be
given, so their tool calls reach the server."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import llm

from .const import DOMAIN
from .coordinator import ModelContextProtocolCoordinator


@dataclass(kw_only=True)
class ModelContextProtocolAPI(llm.API):
    coordinator: ModelContextProtocolCoordinator

    async def async_get_api_instance(self, llm_context: llm.LLMContext) -> llm.APIInstance:
        return llm.APIInstance(self, "", llm_context, self.coordinator.data)


async def async_setup_entry(hass: HomeAssistant, entry: ConfigEntry[Any]) -> bool:
    coordinator = ModelContextProtocolCoordinator(hass, entry)
    await coordinator.async_config_entry_first_refresh()
    entry.async_on_unload(llm.async_register_api(
        hass, ModelContextProtocolAPI(hass=hass, id=f"{DOMAIN}-{entry.entry_id}", name=entry.title,
                                      coordinator=coordinator)))
    entry.runtime_data = coordinator
    return True


async def async_unload_entry(hass: HomeAssistant, entry: ConfigEntry[Any]) -> bool:
    return True
