"""The integration's two sensors in the HA double (custom_components/jarvis/sensor.py, unmodified): the actions
held for approval, which change as soon as one is held or decided, and the day's model spend against the
limit. States are read as a dashboard reads them, with get_states over HA's WebSocket."""

from __future__ import annotations

import asyncio
from typing import Any

from conftest import HaDouble, run_async
from ha_ws import HaSocket, ha_socket

PENDING = "sensor.jarvis_pending_approvals"
SPEND = "sensor.jarvis_llm_spend_today"


async def state_of(socket: HaSocket, entity_id: str) -> dict[str, Any]:
    states = await socket.result({"type": "get_states"})
    return next(state for state in states if state["entity_id"] == entity_id)


async def wait_for_state(socket: HaSocket, entity_id: str, test: Any, timeout: float = 15) -> dict[str, Any]:
    """The entity's state once `test` holds (the sensors follow the add-on's events, not a poll)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        state = await state_of(socket, entity_id)
        if test(state) or asyncio.get_running_loop().time() > deadline:
            return state
        await asyncio.sleep(0.1)


async def run_tool(socket: HaSocket, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
    answer = await socket.result({"type": "call_service", "domain": "jarvis", "service": "run_tool",
                                  "service_data": {"name": name, "arguments": arguments}, "return_response": True})
    return answer["response"]


@run_async
async def test_the_pending_approvals_sensor_counts_and_lists_held_actions_as_they_come_and_go(
    ha_double: HaDouble,
) -> None:
    async with ha_socket(ha_double, "admin") as socket:
        before = await state_of(socket, PENDING)
        assert before["attributes"]["friendly_name"] == "Jarvis Pending approvals"
        assert before["attributes"]["state_class"] == "measurement"
        count = int(before["state"])

        held = await run_tool(socket, "restart_vm", {"vmid": 101})
        assert held["status"] == "approval_required"
        shown = await wait_for_state(socket, PENDING, lambda s: int(s["state"]) == count + 1)
        assert int(shown["state"]) == count + 1
        [listed] = [a for a in shown["attributes"]["actions"] if a["action_id"] == held["actionId"]]
        assert listed["tool"] == "restart_vm" and listed["tier"] == "ORANGE"
        assert listed["summary"] and "101" in listed["summary"]
        assert listed["requested_by"] == ha_double.ready["users"]["admin"]["id"]

        denied = await socket.result({"type": "call_service", "domain": "jarvis", "service": "deny",
                                      "service_data": {"action_id": held["actionId"]}, "return_response": True})
        assert denied["response"] == {"denied": held["actionId"]}
        after = await wait_for_state(socket, PENDING, lambda s: int(s["state"]) == count)
        assert int(after["state"]) == count
        assert held["actionId"] not in [a["action_id"] for a in after["attributes"]["actions"]]


@run_async
async def test_the_spend_sensor_shows_todays_model_spend_against_the_daily_limit(
    scripted_ha_double: HaDouble,
) -> None:
    async with ha_socket(scripted_ha_double, "user") as socket:
        start = await state_of(socket, SPEND)
        assert start["attributes"]["unit_of_measurement"] == "USD"
        assert start["attributes"]["device_class"] == "monetary"
        assert start["attributes"]["state_class"] == "total"
        assert start["attributes"]["last_reset"]
        assert start["attributes"]["daily_limit"] == 5
        spent_before = float(start["state"])

        # A turn with tools goes to the model (the Anthropic emulator), which costs money.
        await socket.result({"type": "conversation/process", "text": "check the cluster and the containers",
                             "agent_id": "conversation.jarvis"})
        grown = await wait_for_state(socket, SPEND, lambda s: float(s["state"]) > spent_before)
    assert float(grown["state"]) > spent_before
    assert 0 < grown["attributes"]["percent_of_limit"] < 100
    assert grown["attributes"]["limit_reached"] is False
