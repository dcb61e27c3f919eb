"""A client of HA's WebSocket API for the tests that drive the HA double, as home-assistant-js-websocket
speaks it: the auth phase, increasing ids, coalesced frames taken apart."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp

from conftest import HaDouble


class HaSocket:
    """One authenticated connection to HA's WebSocket API: commands get increasing ids, and frames that
    are arrays (coalesced messages) are taken apart, as home-assistant-js-websocket does."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.next_id = 1
        self._inbox: list[dict[str, Any]] = []
        self.frames: list[Any] = []
        self.events: dict[int, list[Any]] = {}

    async def receive(self, timeout: float = 30) -> dict[str, Any]:
        while not self._inbox:
            frame = await asyncio.wait_for(self.ws.receive_json(), timeout)
            self.frames.append(frame)
            self._inbox.extend(frame if isinstance(frame, list) else [frame])
        return self._inbox.pop(0)

    async def send(self, message: dict[str, Any]) -> int:
        if "id" not in message:
            message = {"id": self.next_id, **message}
        self.next_id = max(self.next_id, message["id"]) + 1
        await self.ws.send_json(message)
        return int(message["id"])

    async def answer(self, msg_id: int) -> dict[str, Any]:
        """The result (or pong) for one id; events for it on the way are kept in `events`."""
        while True:
            message = await self.receive()
            if message.get("type") == "event":
                self.events.setdefault(message["id"], []).append(message["event"])
            elif message.get("id") == msg_id:
                return message

    async def command(self, message: dict[str, Any]) -> dict[str, Any]:
        return await self.answer(await self.send(message))

    async def result(self, message: dict[str, Any]) -> Any:
        answer = await self.command(message)
        assert answer["success"], answer
        return answer["result"]


@asynccontextmanager
async def ha_socket(double: HaDouble, who: str = "admin") -> AsyncIterator[HaSocket]:
    async with aiohttp.ClientSession() as session, session.ws_connect(double.ws_url) as ws:
        assert (await ws.receive_json())["type"] == "auth_required"
        await ws.send_json({"type": "auth", "access_token": double.token(who)})
        assert (await ws.receive_json())["type"] == "auth_ok"
        yield HaSocket(ws)
