"""The WebSocket endpoint, after homeassistant/components/websocket_api/http.py.

`auth_required` first, then the auth phase (10 s to answer); after that every text frame is a command or a
list of commands. Outgoing messages go through one writer; once the client announced coalesce_messages,
whatever queued up meanwhile is sent as one JSON array, as HA does. A frame that is not JSON ends the
connection; so does HA stopping.
"""

from __future__ import annotations

import asyncio
from collections import deque
import json
import logging
from typing import Any

from aiohttp import WSMsgType, web

from homeassistant.components.http import KEY_HASS, HomeAssistantView
from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import Event, HomeAssistant, callback

from .auth import AUTH_REQUIRED_MESSAGE, AuthPhase, Disconnect
from .connection import ActiveConnection
from .const import MAX_PENDING_MSG, URL
from .messages import message_to_json

_WS_LOGGER = logging.getLogger(f"{__name__}.connection")


class WebsocketAPIView(HomeAssistantView):
    name = "websocketapi"
    url = URL
    requires_auth = False

    async def get(self, request: web.Request) -> web.WebSocketResponse:
        return await WebSocketHandler(request.app[KEY_HASS], request).async_handle()


class WebSocketHandler:
    def __init__(self, hass: HomeAssistant, request: web.Request) -> None:
        self._hass = hass
        self._request = request
        self._wsock = web.WebSocketResponse(heartbeat=55, max_msg_size=16 * 1024 * 1024)
        self._handle_task: asyncio.Task[Any] | None = None
        self._writer_task: asyncio.Task[None] | None = None
        self._closing = False
        self._connection: ActiveConnection | None = None
        self._queue: deque[str | None] = deque()
        self._ready: asyncio.Event = asyncio.Event()
        self._logger = logging.LoggerAdapter(_WS_LOGGER, {"connid": id(self)})

    async def _writer(self) -> None:
        wsock = self._wsock
        try:
            while not wsock.closed:
                if not self._queue:
                    self._ready.clear()
                    await self._ready.wait()
                message = self._queue.popleft()
                if message is None:
                    return
                if not self._queue or not (conn := self._connection) or not conn.can_coalesce:
                    await wsock.send_str(message)
                    continue
                batch = [message]
                while self._queue:
                    if (message := self._queue.popleft()) is None:
                        return
                    batch.append(message)
                await wsock.send_str("[" + ",".join(batch) + "]")
        except (RuntimeError, ConnectionResetError) as err:
            self._logger.debug("Unexpected error in writer: %s", err)

    @callback
    def _send_message(self, message: str | dict[str, Any]) -> None:
        if self._closing:
            return
        if isinstance(message, dict):
            message = message_to_json(message)
        if len(self._queue) >= MAX_PENDING_MSG:
            self._logger.error("Client unable to keep up with pending messages; last message was: %s", message)
            self._cancel()
            return
        self._queue.append(message)
        self._ready.set()

    @callback
    def _cancel(self) -> None:
        self._closing = True
        if self._handle_task is not None:
            self._handle_task.cancel()
        if self._writer_task is not None:
            self._writer_task.cancel()

    async def _send_text(self, text: str) -> None:
        await self._wsock.send_str(text)

    async def async_handle(self) -> web.WebSocketResponse:
        wsock = self._wsock
        await wsock.prepare(self._request)
        self._handle_task = asyncio.current_task()

        @callback
        def handle_hass_stop(event: Event) -> None:
            self._cancel()

        unsub_stop = self._hass.bus.async_listen(EVENT_HOMEASSISTANT_STOP, handle_hass_stop)
        self._writer_task = asyncio.create_task(self._writer())
        auth = AuthPhase(self._logger, self._hass, self._send_message, self._cancel, self._send_text)
        connection: ActiveConnection | None = None
        try:
            await self._send_text(AUTH_REQUIRED_MESSAGE)
            try:
                msg = await asyncio.wait_for(wsock.receive(), 10)
            except asyncio.TimeoutError as err:
                raise Disconnect("Did not receive auth message within 10 seconds") from err
            if msg.type != WSMsgType.TEXT:
                raise Disconnect("Received non-Text message.")
            try:
                auth_msg = json.loads(msg.data)
            except ValueError as err:
                raise Disconnect("Received invalid JSON.") from err
            connection = self._connection = await auth.async_handle(auth_msg)
            while not wsock.closed:
                msg = await wsock.receive()
                if msg.type in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.CLOSING):
                    break
                if msg.type != WSMsgType.TEXT:
                    self._logger.warning("Received non-Text message.")
                    break
                try:
                    data = json.loads(msg.data)
                except ValueError:
                    self._logger.warning("Received invalid JSON.")
                    break
                for command in data if isinstance(data, list) else [data]:
                    connection.async_handle(command)
        except asyncio.CancelledError:
            self._logger.debug("Connection cancelled")
        except Disconnect as err:
            self._logger.debug("Connection closed by client: %s", err)
        except Exception:  # noqa: BLE001 - a broken connection must not take the server down
            self._logger.exception("Unexpected error inside websocket API")
        finally:
            unsub_stop()
            if connection is not None:
                connection.async_handle_close()
            self._closing = True
            self._queue.append(None)
            self._ready.set()
            try:
                await asyncio.wait_for(self._writer_task, 10)
            except (asyncio.TimeoutError, asyncio.CancelledError):
                pass
            await wsock.close()
        return wsock
