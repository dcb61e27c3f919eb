"""The MCP server's tools, after homeassistant/components/mcp/coordinator.py: `mcp_client` opens a session for
each use (initialize, then one request), the coordinator lists the tools every 30 minutes, and each tool calls
the server with a 10 s limit and returns the whole CallToolResult (content, structuredContent, isError), as
HA's does with model_dump(exclude_unset=True, exclude_none=True). A tool's `parameters` is the server's JSON
schema as given (HA converts it with voluptuous_openapi, which the double does not have)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
import datetime
import logging
from typing import Any

import aiohttp

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed, HomeAssistantError
from homeassistant.helpers import llm
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed

from .client import ClientSession, McpHttpError, streamable_http_session
from .const import DOMAIN

_LOGGER = logging.getLogger(__name__)
UPDATE_INTERVAL = datetime.timedelta(minutes=30)
TIMEOUT = 10
TokenManager = Callable[[], Awaitable[str]]


@asynccontextmanager
async def mcp_client(hass: HomeAssistant, url: str, token_manager: TokenManager | None = None
                     ) -> AsyncIterator[tuple[ClientSession, dict[str, Any]]]:
    headers: dict[str, str] = {}
    if token_manager is not None:
        headers["Authorization"] = f"Bearer {await token_manager()}"
    async with streamable_http_session(async_get_clientsession(hass), url, headers) as (session, result):
        yield session, result


class ModelContextProtocolTool(llm.Tool):
    def __init__(self, name: str, description: str | None, parameters: Any, server_url: str,
                 token_manager: TokenManager | None = None) -> None:
        self.name = name
        self.description = description
        self.parameters = parameters
        self.server_url = server_url
        self.token_manager = token_manager

    async def async_call(self, hass: HomeAssistant, tool_input: llm.ToolInput,
                         llm_context: llm.LLMContext) -> llm.JsonObjectType:
        try:
            async with asyncio.timeout(TIMEOUT):
                async with mcp_client(hass, self.server_url, self.token_manager) as (session, _):
                    result = await session.call_tool(tool_input.tool_name, tool_input.tool_args)
        except TimeoutError as error:
            raise HomeAssistantError(f"Timeout when calling tool: {error}") from error
        except McpHttpError as error:
            raise HomeAssistantError(f"Error when calling tool: {error}") from error
        return {key: value for key, value in result.items() if value is not None}


class ModelContextProtocolCoordinator(DataUpdateCoordinator[list[llm.Tool]]):
    config_entry: ConfigEntry[Any]

    def __init__(self, hass: HomeAssistant, config_entry: ConfigEntry[Any],
                 token_manager: TokenManager | None = None) -> None:
        super().__init__(hass, _LOGGER, name=DOMAIN, config_entry=config_entry, update_interval=UPDATE_INTERVAL)
        self.token_manager = token_manager

    async def _async_update_data(self) -> list[llm.Tool]:
        url = self.config_entry.data["url"]
        try:
            async with asyncio.timeout(TIMEOUT):
                async with mcp_client(self.hass, url, self.token_manager) as (session, _):
                    result = await session.list_tools()
        except TimeoutError as error:
            raise UpdateFailed(f"Timeout when listing tools: {error}") from error
        except McpHttpError as error:
            if error.status == 401 and self.token_manager is not None:
                raise ConfigEntryAuthFailed("The MCP server requires authentication") from error
            raise UpdateFailed(f"Error communicating with API: {error}") from error
        except aiohttp.ClientError as error:
            raise UpdateFailed(f"Error communicating with API: {error}") from error
        return [ModelContextProtocolTool(tool["name"], tool.get("description"), tool.get("inputSchema"), url,
                                         self.token_manager) for tool in result["tools"]]
