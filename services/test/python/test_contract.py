"""The relay (custom_components/jarvis/relay.py, unmodified, inside the HA double) against
docs/relay-contract.md, with the real add-on behind it: each example's first card frame goes over HA's
WebSocket, and the frames HA answers with must have the example's shape: frame types, success, error codes,
the relay's own events (`result`, `disconnected`) where the example has them, and the add-on's events where
it has those (however many). The card's side is held to the same examples in services/test/contract/."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
import re
from typing import Any

import pytest

from conftest import COMPONENT, REPO, HaDouble, jarvis_client as jc, run_async
from ha_ws import HaSocket, ha_socket

CONTRACT = REPO / "docs" / "relay-contract.md"
BLOCK = re.compile(r"```json contract:(\w+)(?: ([\w-]+))?\n(.*?)```", re.S)
RELAY_EVENTS = ("result", "disconnected")


def _blocks(path: Path) -> list[tuple[str, str | None, Any]]:
    return [(m[1], m[2], json.loads(m[3])) for m in BLOCK.finditer(path.read_text())]


KINDS: dict[str, list[str]] = next(value for tag, _, value in _blocks(CONTRACT) if tag == "kinds")
EXAMPLES: dict[str, list[dict[str, Any]]] = {name: value for tag, name, value in _blocks(CONTRACT) if tag == "example" and name}


def _shape(frame: dict[str, Any]) -> str:
    """What the contract fixes about a frame HA sends; the add-on's own events are all alike."""
    if frame["type"] == "event":
        kind = frame["event"].get("type") if isinstance(frame["event"], dict) else None
        return f"event:{kind}" if kind in RELAY_EVENTS else "event:add-on"
    if frame.get("success"):
        return "result:ok" if frame.get("result") is None else "result:ok+payload"
    return f"result:error:{frame['error']['code']}"


def _shapes(frames: list[dict[str, Any]]) -> list[str]:
    """Shapes in order, runs of add-on events folded into one."""
    out: list[str] = []
    for shape in map(_shape, frames):
        if not (shape == "event:add-on" and out and out[-1] == shape):
            out.append(shape)
    return out


def _expected(name: str) -> list[str]:
    return _shapes([step["frame"] for step in EXAMPLES[name] if step["from"] == "ha"])


async def _frames_for(socket: HaSocket, msg_id: int, until: str, timeout: float = 30) -> list[dict[str, Any]]:
    """Every frame HA sends for one id, up to and including the first whose shape is `until`."""
    frames: list[dict[str, Any]] = []

    async def read() -> list[dict[str, Any]]:
        while True:
            frame = await socket.receive()
            if frame.get("id") != msg_id:
                continue
            frames.append(frame)
            if _shape(frame) == until or _shape(frame).startswith("result:error"):
                return frames

    return await asyncio.wait_for(read(), timeout)


def _opening(name: str) -> dict[str, Any]:
    frame = dict(EXAMPLES[name][0]["frame"])
    del frame["id"]
    return frame


async def _unsubscribe(socket: HaSocket, subscription: int) -> dict[str, Any]:
    return await socket.command({"type": "unsubscribe_events", "subscription": subscription})


def test_the_contract_names_every_relayed_command_once_and_the_client_agrees() -> None:
    listed = [command for commands in KINDS.values() for command in commands]
    assert len(listed) == len(set(listed))
    assert set(KINDS["call"]) == jc.CALL_COMMANDS
    assert set(KINDS["subscription"]) == jc.SUBSCRIPTION_COMMANDS
    assert set(KINDS["stream"]) == jc.STREAM_COMMANDS
    assert set(listed) == set(jc.RELAYED_COMMANDS)


def test_the_relay_module_points_at_the_contract() -> None:
    assert "docs/relay-contract.md" in (COMPONENT / "relay.py").read_text()


@run_async
async def test_a_call_and_its_error(ha_double: HaDouble) -> None:
    async with ha_socket(ha_double) as socket:
        for name in ("call", "call-error"):
            msg_id = await socket.send(_opening(name))
            frames = await _frames_for(socket, msg_id, "result:ok+payload")
            assert _shapes(frames) == _expected(name), (name, frames)
        assert frames[-1]["error"]["code"] == EXAMPLES["call-error"][-1]["frame"]["error"]["code"]


@run_async
async def test_a_subscription_its_events_and_unsubscribe(ha_double: HaDouble) -> None:
    async with ha_socket(ha_double) as socket:
        sub = await socket.send(_opening("subscription"))
        frames = await _frames_for(socket, sub, "result:ok")
        # An action by someone else shows on the subscription.
        await socket.send({"type": "jarvis/tool/run", "name": "get_cluster_status", "args": {}})
        frames += await _frames_for(socket, sub, "event:add-on")
        assert _shapes(frames) == _expected("subscription")[:3]
        assert isinstance(frames[0]["event"]["result"]["recent"], list)
        assert frames[2]["event"]["type"] == "action"
        assert _shape(await _unsubscribe(socket, sub)) == _expected("subscription")[-1]


@run_async
async def test_a_subscription_the_add_on_refuses(ha_double: HaDouble) -> None:
    async with ha_socket(ha_double, "user") as socket:
        msg_id = await socket.send(_opening("subscription-error"))
        frames = await _frames_for(socket, msg_id, "result:ok")
        assert _shapes(frames) == _expected("subscription-error")
        # Refused means forgotten: there is nothing left to unsubscribe.
        assert (await _unsubscribe(socket, msg_id))["error"]["code"] == "not_found"


@run_async
async def test_a_stream_its_result_event_and_unsubscribe(ha_double: HaDouble) -> None:
    async with ha_socket(ha_double) as socket:
        msg_id = await socket.send(_opening("stream"))
        frames = await _frames_for(socket, msg_id, "result:ok")
        assert _shapes(frames) == _expected("stream")[:-1]
        assert "nodes are online" in frames[-2]["event"]["result"]["speech"]
        assert any(f["event"].get("type") == "delta" for f in frames[:-2])
        # The finished stream stays registered until the card's library lets go of it.
        assert _shape(await _unsubscribe(socket, msg_id)) == _expected("stream")[-1]


@run_async
async def test_a_stream_the_add_on_refuses(ha_double: HaDouble) -> None:
    async with ha_socket(ha_double) as socket:
        msg_id = await socket.send(_opening("stream-error"))
        frames = await _frames_for(socket, msg_id, "result:ok")
        assert _shapes(frames) == _expected("stream-error")
        assert frames[-1]["error"]["code"] == EXAMPLES["stream-error"][-1]["frame"]["error"]["code"]


@run_async
async def test_the_add_on_going_away(own_chain: HaDouble) -> None:
    loop = asyncio.get_running_loop()
    async with ha_socket(own_chain) as socket:
        sub = await socket.send(_opening("subscription-addon-gone"))
        frames = await _frames_for(socket, sub, "result:ok")
        # A stream still running when the add-on goes: a Proxmox task the demo takes seconds over.
        stream = await socket.send({"type": "jarvis/tool/run", "name": "start_vm", "args": {"vmid": 105}})
        await _frames_for(socket, stream, "event:add-on")
        stopping = loop.run_in_executor(None, own_chain.jarvis.stop)
        frames += await _frames_for(socket, sub, "event:disconnected")
        gone = await _frames_for(socket, stream, "result:ok")
        await stopping
        assert _shapes(frames) == _expected("subscription-addon-gone")[:-1]
        assert "lost the connection" in frames[-1]["event"]["reason"]
        assert _shape(gone[-1]) == "result:error:cannot_connect"
        assert _shape(await _unsubscribe(socket, sub)) == _expected("subscription-addon-gone")[-1]
        # With the add-on down a new command says so, and when it is back the relay works again.
        down = await socket.command({"type": "jarvis/status"})
        assert down["error"]["code"] == "cannot_connect"
        await loop.run_in_executor(None, own_chain.jarvis.start)
        assert (await socket.result({"type": "jarvis/status"}))["version"]


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_example_starts_with_a_relayed_command(name: str) -> None:
    first = EXAMPLES[name][0]
    assert first["from"] == "card"
    assert first["frame"]["type"].removeprefix("jarvis/") in jc.RELAYED_COMMANDS
