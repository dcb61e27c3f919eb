"""The Jarvis add-on's WebSocket protocol (/api/ws), spoken with aiohttp alone.

Every byte the integration exchanges with the add-on goes through this module, and it imports nothing from
Home Assistant, so the tests run it against the real server. One connection carries many commands, told
apart by id; events stream to callbacks in the order the add-on sent them. A dropped connection fails what
was in flight, ends live subscriptions, and is re-established in the background (and on the next call).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
import itertools
import json
import logging
from typing import Any, Protocol

import aiohttp

_LOGGER = logging.getLogger(__name__)

WS_PATH = "/api/ws"
HEALTH_PATH = "/api/health"
# The add-on closes a connection whose auth failed with this code (api/ws/connection.ts).
CLOSE_AUTH_FAILED = 4001
# Voice events carry base64 audio; the default 4 MiB cap would cut a long sentence.
MAX_FRAME_BYTES = 16 * 1024 * 1024
HEARTBEAT_S = 30.0

# How each relayed command answers; docs/relay-contract.md is the contract, and the tests hold these to it.
# A call has one answer; a subscription answers, then streams events until unsubscribed; a stream sends events,
# then its answer.
CALL_COMMANDS = frozenset({
    "status", "tools/list", "action/approve", "action/deny", "terminal/input", "terminal/resize",
    "terminal/close", "voice/start", "voice/audio",
})
SUBSCRIPTION_COMMANDS = frozenset({"subscribe_cluster", "subscribe_events", "terminal/open"})
STREAM_COMMANDS = frozenset({"conversation/process", "tool/run", "voice/stop"})
# What the integration relays from HA's WebSocket as `jarvis/<command>`.
RELAYED_COMMANDS = tuple(sorted(CALL_COMMANDS | SUBSCRIPTION_COMMANDS | STREAM_COMMANDS))
# Marks what HA itself asks for (an action, a phone's Approve, an announcement), not a card relayed through
# it: the add-on's events then say "from Home Assistant".
FROM_HA = {"via": "ha"}

StatusCallback = Callable[[str, str], None]
EventCallback = Callable[[Any], None]


class JarvisError(Exception):
    """Anything that kept a request from getting an answer; `code` names the kind."""

    code = "unknown"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class JarvisConnectionError(JarvisError):
    """The add-on cannot be reached, the connection dropped, or it did not answer in time."""

    code = "cannot_connect"


class JarvisAuthError(JarvisError):
    """The add-on refused the token."""

    code = "invalid_auth"


class JarvisCommandError(JarvisError):
    """The add-on answered a command with an error result."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class RelaySink(Protocol):
    """Where a relayed command's frames go, in the order the add-on sent them."""

    def event(self, event: Any) -> None:
        """An event frame."""

    def result(self, result: Any) -> None:
        """The success result."""

    def error(self, code: str, message: str) -> None:
        """The error result, or why the command got none."""


@dataclass(eq=False)
class _Request:
    on_event: EventCallback
    # Called once, in frame order: (result, None) or (None, error).
    on_done: Callable[[Any, JarvisError | None], None]
    # A subscription stays registered after its result; on_end tells it the connection went away.
    keep: bool = False
    on_end: Callable[[str], None] | None = None
    answered: bool = False
    # Stopped before its result came: unsubscribe as soon as it does.
    cancelled: bool = False


def base_url(host: str, port: int) -> str:
    """http://host:port, with brackets around an IPv6 literal."""
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


class EventStream:
    """One command's events as an async iterator; `result` holds its result once iteration ends."""

    def __init__(self, client: JarvisClient, command: str, payload: Mapping[str, Any] | None,
                 user: Mapping[str, Any] | None, timeout: float) -> None:
        self._client = client
        self._command = command
        self._payload = payload
        self._user = user
        self._timeout = timeout
        self.result: Any = None

    def __aiter__(self) -> AsyncIterator[Any]:
        return self._run()

    async def _run(self) -> AsyncIterator[Any]:
        queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        request = _Request(
            on_event=lambda event: queue.put_nowait(("event", event)),
            on_done=lambda result, error: queue.put_nowait(("error", error) if error else ("result", result)),
        )
        msg_id = await self._client._send(self._command, self._payload, self._user, request)
        try:
            while True:
                try:
                    kind, value = await asyncio.wait_for(queue.get(), self._timeout)
                except asyncio.TimeoutError:
                    raise JarvisConnectionError(
                        f"Jarvis sent nothing for {self._command} in {self._timeout:g} s"
                    ) from None
                if kind == "event":
                    yield value
                elif kind == "result":
                    self.result = value
                    return
                else:
                    raise value
        finally:
            self._client._pending.pop(msg_id, None)


class JarvisClient:
    """A connection to one Jarvis add-on, shared by everything the integration does."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        url: str,
        token: str,
        *,
        on_status: StatusCallback | None = None,
        request_timeout: float = 120.0,
        connect_timeout: float = 10.0,
        max_backoff: float = 30.0,
    ) -> None:
        self._session = session
        self.url = url.rstrip("/")
        self._token = token
        self._on_status = on_status
        self._request_timeout = request_timeout
        self._connect_timeout = connect_timeout
        self._max_backoff = max_backoff
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._reader: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._pending: dict[int, _Request] = {}
        self._ids = itertools.count(1)
        self._lock = asyncio.Lock()
        self._closed = False
        self.identity: Any = None

    @property
    def connected(self) -> bool:
        return self._ws is not None and not self._ws.closed

    # -- connection --------------------------------------------------------------------------------------

    async def connect(self) -> Any:
        """Opens and authenticates the connection unless it is up; returns who the add-on says we are."""
        async with self._lock:
            if self._closed:
                raise JarvisConnectionError("the Jarvis client is closed")
            if self.connected:
                return self.identity
            ws = await self._open()
            try:
                self.identity = await self._authenticate(ws)
            except BaseException:
                await ws.close()
                raise
            self._ws = ws
            self._reader = asyncio.create_task(self._read(ws))
            self._status("up", f"connected to {self.url}")
            return self.identity

    async def _open(self) -> aiohttp.ClientWebSocketResponse:
        try:
            return await asyncio.wait_for(
                self._session.ws_connect(self.url + WS_PATH, heartbeat=HEARTBEAT_S, max_msg_size=MAX_FRAME_BYTES),
                self._connect_timeout,
            )
        except aiohttp.WSServerHandshakeError as err:
            if err.status == 401:
                raise JarvisAuthError(f"Jarvis at {self.url} refused the token") from err
            raise JarvisConnectionError(
                f"{self.url}{WS_PATH} is not a Jarvis WebSocket (HTTP {err.status})"
            ) from err
        except (aiohttp.ClientError, OSError, asyncio.TimeoutError) as err:
            raise JarvisConnectionError(f"cannot reach Jarvis at {self.url}: {err or 'timed out'}") from err

    async def _authenticate(self, ws: aiohttp.ClientWebSocketResponse) -> Any:
        auth_id = next(self._ids)
        try:
            await ws.send_json({"id": auth_id, "type": "auth", "access_token": self._token})
            while True:
                msg = await ws.receive(self._connect_timeout)
                if msg.type != aiohttp.WSMsgType.TEXT:
                    break
                frame = json.loads(msg.data)
                if frame.get("id") == auth_id and frame.get("type") == "result":
                    if frame.get("success"):
                        return frame.get("result")
                    error = frame.get("error") or {}
                    raise JarvisAuthError(f"Jarvis refused the token: {error.get('message', 'unauthorized')}")
        except (aiohttp.ClientError, OSError, asyncio.TimeoutError, ValueError) as err:
            raise JarvisConnectionError(f"Jarvis at {self.url} did not answer the login: {err or 'timed out'}") from err
        if ws.close_code == CLOSE_AUTH_FAILED:
            raise JarvisAuthError("Jarvis refused the token")
        raise JarvisConnectionError(f"Jarvis at {self.url} closed the connection during login")

    async def _read(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        why = "connection closed"
        try:
            async for msg in ws:
                if msg.type == aiohttp.WSMsgType.TEXT:
                    self._dispatch(msg.data)
                elif msg.type == aiohttp.WSMsgType.ERROR:
                    why = f"connection failed: {ws.exception()}"
                    break
        finally:
            self._lost(ws, why)

    def _dispatch(self, text: str) -> None:
        try:
            frame = json.loads(text)
        except ValueError:
            _LOGGER.warning("Jarvis sent a frame that is not JSON")
            return
        if not isinstance(frame, dict):
            return
        msg_id = frame.get("id")
        request = self._pending.get(msg_id) if isinstance(msg_id, int) else None
        if request is None:
            return
        if frame.get("type") == "event":
            request.on_event(frame.get("event"))
            return
        if frame.get("type") != "result":
            return
        if not frame.get("success"):
            del self._pending[msg_id]
            error = frame.get("error") or {}
            request.on_done(None, JarvisCommandError(str(error.get("code", "unknown")), str(error.get("message", ""))))
            return
        if request.cancelled:
            del self._pending[msg_id]
            self._spawn(self._unsubscribe(msg_id))
            return
        request.answered = True
        if not request.keep:
            del self._pending[msg_id]
        request.on_done(frame.get("result"), None)

    def _lost(self, ws: aiohttp.ClientWebSocketResponse, why: str) -> None:
        if self._ws is not ws:
            return
        self._ws = None
        pending, self._pending = self._pending, {}
        reason = "the Jarvis client was closed" if self._closed else f"lost the connection to Jarvis ({why})"
        for request in pending.values():
            if request.answered:
                if request.on_end:
                    request.on_end(reason)
            else:
                request.on_done(None, JarvisConnectionError(reason))
        self._status("down", reason)
        if not self._closed:
            self._spawn(self._reconnect())

    async def _reconnect(self) -> None:
        delay = 1.0
        while not self._closed and not self.connected:
            await asyncio.sleep(delay)
            try:
                await self.connect()
            except JarvisAuthError as err:
                self._status("auth_failed", err.message)
                return
            except JarvisConnectionError as err:
                _LOGGER.debug("Jarvis still unreachable, next try in %s s: %s", delay, err)
                delay = min(delay * 2, self._max_backoff)

    def _status(self, state: str, detail: str) -> None:
        if self._on_status:
            self._on_status(state, detail)

    def _spawn(self, coro: Awaitable[Any]) -> asyncio.Task[Any]:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def close(self) -> None:
        """Closes the connection for good; whatever was in flight fails."""
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        ws, reader = self._ws, self._reader
        if ws is not None:
            await ws.close()
        if reader is not None:
            await asyncio.gather(reader, return_exceptions=True)

    # -- commands ----------------------------------------------------------------------------------------

    async def _send(self, command: str, payload: Mapping[str, Any] | None, user: Mapping[str, Any] | None,
                    request: _Request) -> int:
        await self.connect()
        ws = self._ws
        if ws is None:
            raise JarvisConnectionError(f"lost the connection to Jarvis at {self.url}")
        msg_id = next(self._ids)
        # The add-on's schemas take absent fields, never null.
        message = {k: v for k, v in (payload or {}).items() if v is not None and k not in ("id", "type", "user")}
        message.update(id=msg_id, type=command)
        if user:
            message["user"] = {k: v for k, v in user.items() if v is not None}
        self._pending[msg_id] = request
        try:
            await ws.send_json(message)
        except (aiohttp.ClientError, OSError, RuntimeError) as err:
            self._pending.pop(msg_id, None)
            raise JarvisConnectionError(f"could not send {command} to Jarvis: {err}") from err
        return msg_id

    def stream(self, command: str, payload: Mapping[str, Any] | None = None, *,
               user: Mapping[str, Any] | None = None, timeout: float | None = None) -> EventStream:
        """A command's events as they come; `.result` after the loop. `timeout` bounds each silence."""
        return EventStream(self, command, payload, user, timeout or self._request_timeout)

    async def call(self, command: str, payload: Mapping[str, Any] | None = None, *,
                   user: Mapping[str, Any] | None = None, on_event: EventCallback | None = None,
                   timeout: float | None = None) -> Any:
        """Runs one command and returns its result; its events go to `on_event`."""
        events = self.stream(command, payload, user=user, timeout=timeout)
        async for event in events:
            if on_event:
                on_event(event)
        return events.result

    async def relay(self, command: str, payload: Mapping[str, Any] | None, user: Mapping[str, Any] | None,
                    sink: RelaySink) -> Callable[[], Awaitable[None]]:
        """Sends a command on someone else's behalf; its frames go to `sink` in order.

        Returns stop(): for a subscription it unsubscribes on the add-on, otherwise it drops the answer. If
        the connection drops, a live subscription gets a last event {"type": "disconnected", "reason"}.
        """

        def done(result: Any, error: JarvisError | None) -> None:
            if error:
                sink.error(error.code, error.message)
            else:
                sink.result(result)

        request = _Request(
            on_event=sink.event,
            on_done=done,
            keep=command in SUBSCRIPTION_COMMANDS,
            on_end=lambda reason: sink.event({"type": "disconnected", "reason": reason}),
        )
        msg_id = await self._send(command, payload, user, request)

        async def stop() -> None:
            current = self._pending.get(msg_id)
            if current is None:
                return
            if current.keep and not current.answered:
                current.cancelled = True
                return
            del self._pending[msg_id]
            if current.keep:
                await self._unsubscribe(msg_id)

        return stop

    async def _unsubscribe(self, subscription: int) -> None:
        try:
            await self.call("unsubscribe", {"subscription": subscription}, timeout=10)
        except JarvisError as err:
            # Gone already with the connection or on the add-on: nothing left to stop.
            _LOGGER.debug("unsubscribe %s: %s", subscription, err)

    # -- the add-on's commands, typed --------------------------------------------------------------------

    async def ask(self, text: str, conversation_id: str | None = None, *, language: str | None = None,
                  user: Mapping[str, Any] | None = None, on_delta: Callable[[str], None] | None = None) -> Any:
        """A conversation turn: {speech, conversation_id, continue_conversation, data}."""

        def on_event(event: Any) -> None:
            if on_delta and isinstance(event, dict) and event.get("type") == "delta":
                on_delta(str(event.get("text", "")))

        payload = {"text": text, "conversation_id": conversation_id, "language": language}
        return await self.call("conversation/process", payload, user=user, on_event=on_event)

    async def approve(self, action_id: str, override_key: str | None = None, *,
                      user: Mapping[str, Any] | None = None) -> Any:
        """Runs a held action; returns its ToolOutcome."""
        return await self.call("action/approve", {"action_id": action_id, "override_key": override_key, **FROM_HA}, user=user)

    async def deny(self, action_id: str, *, user: Mapping[str, Any] | None = None) -> Any:
        return await self.call("action/deny", {"action_id": action_id}, user=user)

    async def run_tool(self, name: str, args: Mapping[str, Any] | None = None, *,
                       user: Mapping[str, Any] | None = None) -> Any:
        """Runs a tool under its tier: ORANGE and RED come back as approval_required with an actionId."""
        return await self.call("tool/run", {"name": name, "args": dict(args or {}), **FROM_HA}, user=user)

    async def health(self) -> Any:
        """GET /api/health (open, no token): version, uptime and each integration's state."""
        try:
            async with self._session.get(self.url + HEALTH_PATH,
                                         timeout=aiohttp.ClientTimeout(total=self._connect_timeout)) as resp:
                return await resp.json(content_type=None)
        except (aiohttp.ClientError, OSError, asyncio.TimeoutError, ValueError) as err:
            raise JarvisConnectionError(f"cannot read {self.url}{HEALTH_PATH}: {err or 'timed out'}") from err
