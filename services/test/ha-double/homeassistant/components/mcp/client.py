"""What HA's MCP integration gets from the `mcp` Python SDK (mcp/client/streamable_http.py and session.py),
written with aiohttp: Streamable HTTP, one JSON-RPC message per POST with `Accept: application/json,
text/event-stream`, the answer as JSON or as SSE `message` events; the session id (mcp-session-id) and the
negotiated mcp-protocol-version sent on every request after initialize; `notifications/initialized` after
the initialize result (202 expected); DELETE at the end when the server gave a session id. HTTP errors are
McpHttpError (httpx.HTTPStatusError in the SDK), JSON-RPC errors McpError.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
import itertools
import json
from typing import Any

import aiohttp

LATEST_PROTOCOL_VERSION = "2025-06-18"
SUPPORTED_PROTOCOL_VERSIONS = ("2024-11-05", "2025-03-26", "2025-06-18")
# The SDK's ClientSession default client info.
CLIENT_INFO = {"name": "mcp", "version": "0.1.0"}


class McpHttpError(Exception):
    def __init__(self, status: int, body: str) -> None:
        super().__init__(f"HTTP {status}: {body[:200]}")
        self.status = status
        self.body = body


class McpError(Exception):
    def __init__(self, error: dict[str, Any]) -> None:
        super().__init__(error.get("message", "MCP error"))
        self.error = error


def _sse_messages(text: str) -> list[dict[str, Any]]:
    messages, data, event = [], [], "message"
    for line in [*text.splitlines(), ""]:
        if line == "":
            if data and event == "message":
                messages.append(json.loads("\n".join(data)))
            data, event = [], "message"
        elif line.startswith("data:"):
            data.append(line[5:].lstrip(" "))
        elif line.startswith("event:"):
            event = line[6:].strip()
    return messages


class ClientSession:
    def __init__(self, http: aiohttp.ClientSession, url: str, headers: dict[str, str]) -> None:
        self._http = http
        self._url = url
        self._headers = headers
        self._ids = itertools.count(0)
        self.session_id: str | None = None
        self.protocol_version: str | None = None

    def _request_headers(self) -> dict[str, str]:
        headers = {**self._headers, "accept": "application/json, text/event-stream",
                   "content-type": "application/json"}
        if self.session_id:
            headers["mcp-session-id"] = self.session_id
        if self.protocol_version:
            headers["mcp-protocol-version"] = self.protocol_version
        return headers

    async def _post(self, message: dict[str, Any]) -> dict[str, Any] | None:
        async with self._http.post(self._url, json=message, headers=self._request_headers()) as resp:
            body = await resp.text()
            if resp.status == 202:
                return None
            if resp.status >= 400:
                raise McpHttpError(resp.status, body)
            if session_id := resp.headers.get("mcp-session-id"):
                self.session_id = session_id
            content_type = resp.headers.get("content-type", "")
            replies = _sse_messages(body) if content_type.startswith("text/event-stream") else [json.loads(body)]
        return next((reply for reply in replies if reply.get("id") == message.get("id")), None)

    async def send_request(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        reply = await self._post({"jsonrpc": "2.0", "id": next(self._ids), "method": method,
                                  **({"params": params} if params is not None else {})})
        if reply is None:
            raise McpError({"code": -32603, "message": f"no answer to {method}"})
        if "error" in reply:
            raise McpError(reply["error"])
        return reply["result"]

    async def initialize(self) -> dict[str, Any]:
        result = await self.send_request("initialize", {"protocolVersion": LATEST_PROTOCOL_VERSION,
                                                        "capabilities": {}, "clientInfo": CLIENT_INFO})
        if result.get("protocolVersion") not in SUPPORTED_PROTOCOL_VERSIONS:
            raise RuntimeError(f"Unsupported protocol version from the server: {result.get('protocolVersion')}")
        self.protocol_version = result["protocolVersion"]
        await self._post({"jsonrpc": "2.0", "method": "notifications/initialized"})
        return result

    async def list_tools(self) -> dict[str, Any]:
        return await self.send_request("tools/list")

    async def call_tool(self, name: str, arguments: dict[str, Any] | None = None) -> dict[str, Any]:
        return await self.send_request("tools/call", {"name": name, "arguments": arguments or {}})

    async def terminate(self) -> None:
        if self.session_id:
            async with self._http.delete(self._url, headers=self._request_headers()):
                pass


@asynccontextmanager
async def streamable_http_session(http: aiohttp.ClientSession, url: str,
                                  headers: dict[str, str] | None = None) -> AsyncIterator[tuple[ClientSession, dict[str, Any]]]:
    session = ClientSession(http, url, headers or {})
    result = await session.initialize()
    try:
        yield session, result
    finally:
        await session.terminate()
