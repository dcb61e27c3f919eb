"""client.py against the real Jarvis server: what the integration's conversation agent, services and relay
rely on. The demo server answers "how is the cluster" and holds "stop vm 105" for approval without any LLM."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import pytest

from conftest import JarvisServer, jarvis_client as jc, run_async

HA_USER = {"id": "ha-user-1", "name": "Ada", "is_admin": False}


@asynccontextmanager
async def connected(url: str, token: str, **kwargs: Any) -> AsyncIterator[Any]:
    async with aiohttp.ClientSession() as session:
        client = jc.JarvisClient(session, url, token, **kwargs)
        try:
            yield client
        finally:
            await client.close()


class RecordingSink:
    """Stands in for HA's websocket connection: records relayed frames in order."""

    def __init__(self) -> None:
        self.frames: list[tuple[str, Any]] = []
        self.changed = asyncio.Event()

    def event(self, event: Any) -> None:
        self._add("event", event)

    def result(self, result: Any) -> None:
        self._add("result", result)

    def error(self, code: str, message: str) -> None:
        self._add("error", {"code": code, "message": message})

    def _add(self, kind: str, value: Any) -> None:
        self.frames.append((kind, value))
        self.changed.set()

    async def wait_for(self, predicate: Any, timeout: float = 20) -> tuple[str, Any]:
        async def look() -> tuple[str, Any]:
            while True:
                for frame in self.frames:
                    if predicate(*frame):
                        return frame
                self.changed.clear()
                await self.changed.wait()

        return await asyncio.wait_for(look(), timeout)


@run_async
async def test_ask_is_answered_by_the_fast_path_with_the_deltas_streamed(server: JarvisServer, token: str) -> None:
    deltas: list[str] = []
    async with connected(server.url, token) as client:
        reply = await client.ask("how is the cluster", user=HA_USER, on_delta=deltas.append)
    assert "nodes are online" in reply["speech"]
    assert "".join(deltas) == reply["speech"]
    assert reply["continue_conversation"] is False
    assert reply["data"]["route"] == "fastpath"
    assert reply["data"]["tools"] == [{"tool": "get_cluster_status", "tier": "GREEN", "status": "ok"}]


@run_async
async def test_a_user_without_a_name_is_accepted(server: JarvisServer, token: str) -> None:
    async with connected(server.url, token) as client:
        reply = await client.ask("how is the cluster", user={"id": "ha-user-2", "name": None, "is_admin": True})
    assert "nodes are online" in reply["speech"]


@run_async
async def test_a_conversation_id_from_home_assistant_is_kept(server: JarvisServer, token: str) -> None:
    async with connected(server.url, token) as client:
        first = await client.ask("how is the cluster", "01HAULIDFROMHOMEASSISTANT")
        second = await client.ask("list containers", first["conversation_id"])
    assert first["conversation_id"] == "01HAULIDFROMHOMEASSISTANT"
    assert second["conversation_id"] == "01HAULIDFROMHOMEASSISTANT"
    assert "containers running" in second["speech"]


@run_async
async def test_stream_yields_the_events_in_order_then_holds_the_result(server: JarvisServer, token: str) -> None:
    async with connected(server.url, token) as client:
        events = client.stream("conversation/process", {"text": "stop vm 105", "language": None})
        seen = [event async for event in events]
    kinds = [event["type"] for event in seen]
    assert kinds.index("approval_required") < kinds.index("delta")
    approval = next(event for event in seen if event["type"] == "approval_required")
    assert approval["tool"] == "stop_vm" and approval["tier"] == "ORANGE" and approval["needs"] == "keyword"
    assert events.result["continue_conversation"] is True
    assert events.result["data"]["pending_action_ids"] == [approval["action_id"]]


@run_async
async def test_a_held_action_runs_once_when_approved(server: JarvisServer, token: str) -> None:
    async with connected(server.url, token) as client:
        # The HA user who asked approves it (issue 16: the person who asked or an HA admin).
        held = await client.ask("stop vm 105", user=HA_USER)
        [action_id] = held["data"]["pending_action_ids"]
        outcome = await client.approve(action_id, user=HA_USER)
        assert outcome["status"] == "ok" and outcome["tool"] == "stop_vm"
        with pytest.raises(jc.JarvisCommandError) as again:
            await client.approve(action_id)
    assert again.value.code == "not_found"


@run_async
async def test_a_denied_action_can_no_longer_be_approved(server: JarvisServer, token: str) -> None:
    async with connected(server.url, token) as client:
        held = await client.ask("stop vm 105")
        [action_id] = held["data"]["pending_action_ids"]
        assert await client.deny(action_id) == {"denied": action_id}
        with pytest.raises(jc.JarvisCommandError) as late:
            await client.approve(action_id)
    assert late.value.code == "not_found"


@run_async
async def test_run_tool_holds_an_orange_tool_instead_of_running_it(server: JarvisServer, token: str) -> None:
    async with connected(server.url, token) as client:
        try:
            outcome = await client.run_tool("stop_vm", {"vmid": 105}, user=HA_USER)
        except jc.JarvisCommandError as err:
            if err.code == "unknown_command":
                pytest.skip("the server has no tool/run command yet")
            raise
    assert outcome["status"] == "approval_required"
    assert outcome["actionId"]


@run_async
async def test_an_error_result_leaves_the_connection_usable(server: JarvisServer, token: str) -> None:
    async with connected(server.url, token) as client:
        with pytest.raises(jc.JarvisCommandError) as unknown:
            await client.call("no/such/command")
        assert unknown.value.code == "unknown_command"
        with pytest.raises(jc.JarvisCommandError) as invalid:
            await client.call("conversation/process", {"text": ""})
        assert invalid.value.code == "invalid_format"
        assert "nodes are online" in (await client.ask("how is the cluster"))["speech"]


@run_async
async def test_relay_forwards_a_stream_then_its_result(server: JarvisServer, token: str) -> None:
    sink = RecordingSink()
    async with connected(server.url, token) as client:
        await client.relay("conversation/process", {"text": "how is the cluster"}, HA_USER, sink)
        await sink.wait_for(lambda kind, _: kind == "result")
    kinds = [kind for kind, _ in sink.frames]
    assert kinds[-1] == "result" and all(kind == "event" for kind in kinds[:-1])
    assert any(value.get("type") == "delta" for _, value in sink.frames[:-1])
    assert "nodes are online" in sink.frames[-1][1]["speech"]


@run_async
async def test_relay_keeps_a_subscription_until_it_is_stopped(server: JarvisServer, token: str) -> None:
    sink = RecordingSink()
    async with connected(server.url, token) as client:
        stop = await client.relay("subscribe_events", {"event_types": ["action"], "history": 0}, HA_USER, sink)
        await sink.wait_for(lambda kind, _: kind == "result")
        assert sink.frames[0] == ("result", {"recent": []})

        await client.ask("stop vm 105")
        _, event = await sink.wait_for(lambda kind, value: kind == "event" and value["type"] == "action")
        assert event["data"]["tool"] == "stop_vm"

        await stop()
        count = len(sink.frames)
        await client.ask("stop vm 105")
        # A ping round trip after the action: any event sent for the old subscription would have come first.
        await client.call("tools/list")
        assert len(sink.frames) == count


@run_async
async def test_relay_answers_a_command_error_through_the_sink(server: JarvisServer, token: str) -> None:
    sink = RecordingSink()
    async with connected(server.url, token) as client:
        await client.relay("action/approve", {"action_id": "no-such-action"}, HA_USER, sink)
        _, error = await sink.wait_for(lambda kind, _: kind == "error")
    assert error["code"] == "not_found"


@run_async
async def test_reconnects_after_the_server_restarts(own_server: JarvisServer) -> None:
    token = own_server.login()
    states: list[str] = []
    sink = RecordingSink()
    async with connected(own_server.url, token, on_status=lambda state, _: states.append(state)) as client:
        assert "nodes are online" in (await client.ask("how is the cluster"))["speech"]
        await client.relay("subscribe_events", {"history": 0}, HA_USER, sink)
        await sink.wait_for(lambda kind, _: kind == "result")

        await asyncio.get_running_loop().run_in_executor(None, own_server.stop)
        _, ended = await sink.wait_for(lambda kind, value: kind == "event" and value["type"] == "disconnected")
        assert "lost the connection" in ended["reason"]
        assert states[-1] == "down"
        with pytest.raises(jc.JarvisConnectionError) as down:
            await client.ask("how is the cluster")
        assert "cannot reach Jarvis" in down.value.message

        await asyncio.get_running_loop().run_in_executor(None, own_server.start)
        assert "nodes are online" in (await client.ask("how is the cluster"))["speech"]
        assert client.connected and states[-1] == "up"


@run_async
async def test_a_bad_token_is_a_clear_auth_error(server: JarvisServer) -> None:
    async with connected(server.url, "not-a-valid-token") as client:
        with pytest.raises(jc.JarvisAuthError) as refused:
            await client.ask("how is the cluster")
    assert "refused the token" in refused.value.message
    assert refused.value.code == "invalid_auth"


@run_async
async def test_nothing_listening_is_a_clear_connection_error(server: JarvisServer) -> None:
    with pytest.raises(jc.JarvisConnectionError) as unreachable:
        async with connected("http://127.0.0.1:9", "whatever", connect_timeout=3) as client:
            await client.connect()
    assert "cannot reach Jarvis at http://127.0.0.1:9" in unreachable.value.message


@run_async
async def test_health_needs_no_token(server: JarvisServer) -> None:
    async with connected(server.url, "") as client:
        health = await client.health()
    assert health["status"] == "ok"
    assert health["demo"] is True
    assert health["version"]


def test_base_url_brackets_ipv6() -> None:
    assert jc.base_url("a0d7b954-jarvis", 4000) == "http://a0d7b954-jarvis:4000"
    assert jc.base_url("::1", 4000) == "http://[::1]:4000"
