"""Jarvis's tool calls in HA's chat log (custom_components/jarvis/turn.py, unmodified, in the HA double): what the
Assist debug view and the dialog's "Show details" read. End to end, Jarvis's model is the Anthropic emulator
(services/test/python/scripted_jarvis.ts); in this process, a stand-in for the add-on's stream covers a turn
that fails after its calls ran."""

from __future__ import annotations

from collections.abc import AsyncIterator
import sys
from types import SimpleNamespace
from typing import Any

from conftest import HA_DOUBLE, REPO, HaDouble, run_async
from ha_ws import HaSocket, ha_socket

for _path in (str(REPO), str(HA_DOUBLE)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from homeassistant.components import conversation  # noqa: E402
from homeassistant.core import Context  # noqa: E402

from custom_components.jarvis.client import JarvisConnectionError  # noqa: E402
from custom_components.jarvis.conversation import JarvisConversationEntity  # noqa: E402


async def _turn(socket: HaSocket, text: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    result = await socket.result({"type": "conversation/process", "text": text, "agent_id": "conversation.jarvis"})
    log = await socket.result({"type": "test_double/chat_log", "conversation_id": result["conversation_id"]})
    return result, log["content"]


@run_async
async def test_a_turn_that_calls_two_tools_leaves_both_calls_and_results_in_the_chat_log(
    scripted_ha_double: HaDouble,
) -> None:
    async with ha_socket(scripted_ha_double, "user") as socket:
        result, content = await _turn(socket, "Please check the cluster and the containers")
    assert [c["role"] for c in content] == ["system", "user", "assistant", "tool_result", "tool_result", "assistant"]
    asked, first, second, answer = content[2], content[3], content[4], content[5]
    # The model's words before the calls, then the calls in the order the model asked for them.
    assert asked["content"] == "Checking both."
    assert [call["tool_name"] for call in asked["tool_calls"]] == ["get_cluster_status", "get_containers"]
    assert all(call["external"] is True for call in asked["tool_calls"])
    assert all(call["tool_args"] == {} for call in asked["tool_calls"])
    # Each result answers its call by id and says what happened.
    assert [(r["tool_call_id"], r["tool_name"]) for r in (first, second)] == [
        (call["id"], call["tool_name"]) for call in asked["tool_calls"]
    ]
    assert first["tool_result"]["status"] == "ok" and first["tool_result"]["tier"] == "GREEN"
    assert "nodes" in str(first["tool_result"]["result"])
    assert answer["content"] == "Done: get_cluster_status and get_containers."
    assert result["response"]["speech"]["plain"]["speech"] == answer["content"]


@run_async
async def test_a_held_call_shows_as_not_done_with_its_action_id_and_the_arguments(
    scripted_ha_double: HaDouble,
) -> None:
    async with ha_socket(scripted_ha_double, "user") as socket:
        result, content = await _turn(socket, "stop vm 105 and show the storage")
    assert [c["role"] for c in content] == ["system", "user", "assistant", "tool_result", "tool_result", "assistant"]
    calls = content[2]["tool_calls"]
    assert [(c["tool_name"], c["tool_args"]) for c in calls] == [("stop_vm", {"vmid": 105}), ("get_storage", {})]
    held = content[3]["tool_result"]
    assert held["status"] == "approval_required" and held["tier"] == "ORANGE"
    assert held["action_id"] and held["summary"] == "Stop VM 105 (win11)"
    assert held["note"].startswith("Not done")
    assert content[4]["tool_result"]["status"] == "ok"
    # The reply names the held action and keeps the microphone open for the answer.
    assert "Waiting for your approval: Stop VM 105 (win11). To go ahead, answer with your approval keyword." in content[5]["content"]
    assert result["continue_conversation"] is True


# -- in this process: a turn that fails after its tools ran ---------------------------------------------------


class _FailingTurn:
    """The add-on's events for one turn: a call that ran, then the connection drops before the reply."""

    result: Any = None

    def __aiter__(self) -> AsyncIterator[Any]:
        return self._events()

    async def _events(self) -> AsyncIterator[Any]:
        yield {"type": "tool_start", "tools": ["get_vms"]}
        yield {"type": "tool_call", "tool": "get_vms", "tier": "GREEN", "status": "error", "call_id": "toolu_1",
               "args": {"node": "pve1"}, "result": "pve1 did not answer"}
        raise JarvisConnectionError("lost the connection to Jarvis (connection closed)")


class _Client:
    url = "http://127.0.0.1:9"

    def stream(self, command: str, payload: dict[str, Any], *, user: Any = None) -> _FailingTurn:
        return _FailingTurn()


@run_async
async def test_calls_that_ran_stay_in_the_log_when_the_turn_fails_afterwards() -> None:
    entry = SimpleNamespace(entry_id="e1", data={}, runtime_data=SimpleNamespace(client=_Client(), version="0.1.0"))
    entity = JarvisConversationEntity(entry)  # type: ignore[arg-type]
    entity.entity_id = "conversation.jarvis"
    log = conversation.ChatLog(hass=None, conversation_id="c1")  # type: ignore[arg-type]
    log.async_add_user_content(conversation.UserContent(content="list the vms on pve1"))
    user_input = conversation.ConversationInput(
        text="list the vms on pve1", context=Context(), conversation_id="c1", device_id=None, satellite_id=None,
        language="en", agent_id="conversation.jarvis", extra_system_prompt=None,
    )
    result = await entity._async_handle_message(user_input, log)
    assert [c.role for c in log.content] == ["system", "user", "assistant", "tool_result"]
    [call] = log.content[2].tool_calls
    assert (call.id, call.tool_name, call.tool_args, call.external) == ("toolu_1", "get_vms", {"node": "pve1"}, True)
    assert log.content[3].tool_result == {"status": "error", "tier": "GREEN", "error": "pve1 did not answer"}
    assert result.response.as_dict()["response_type"] == "error"
