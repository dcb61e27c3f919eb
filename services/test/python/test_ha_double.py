"""The HA double (services/test/ha-double) behaves as Home Assistant does towards a client, and the
integration's own modules, unmodified, run inside it in front of the real Jarvis server (the demo).

Everything goes over the double's real HTTP and WebSocket API, as HA's frontend and
home-assistant-js-websocket use it; only the config flow test drives the flow manager in this process.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
from typing import Any

import aiohttp
import pytest

from conftest import COMPONENT, HA_DOUBLE, REPO, HaDouble, run_async
from ha_ws import HaSocket, ha_socket

ULID = re.compile(r"^[0-7][0-9A-HJKMNP-TV-Z]{25}$")


async def call_service(socket: HaSocket, service: str, data: dict[str, Any] | None = None,
                       target: dict[str, Any] | None = None, *, response: bool = True) -> dict[str, Any]:
    message: dict[str, Any] = {"type": "call_service", "domain": "jarvis", "service": service,
                               "service_data": data or {}, "return_response": response}
    if target is not None:
        message["target"] = target
    return await socket.command(message)


# -- the double is Home Assistant to its clients -------------------------------------------------------------


@run_async
async def test_a_bad_token_is_refused_with_auth_invalid_and_the_socket_closes(ha_double: HaDouble) -> None:
    async with aiohttp.ClientSession() as session, session.ws_connect(ha_double.ws_url) as ws:
        required = await ws.receive_json()
        assert required == {"type": "auth_required", "ha_version": ha_double.ready["ha_version"]}
        await ws.send_json({"type": "auth", "access_token": ha_double.token("admin") + "x"})
        assert await ws.receive_json() == {"type": "auth_invalid", "message": "Invalid access token or password"}
        closing = await ws.receive()
        assert closing.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)

    # HA's auth message has no id; a client that adds one is told so, not let in.
    async with aiohttp.ClientSession() as session, session.ws_connect(ha_double.ws_url) as ws:
        await ws.receive_json()
        await ws.send_json({"id": 1, "type": "auth", "access_token": ha_double.token("admin")})
        refused = await ws.receive_json()
        assert refused["type"] == "auth_invalid"
        assert refused["message"].startswith("Auth message incorrectly formatted: extra keys not allowed")


@run_async
async def test_commands_get_ha_answers_and_a_bad_one_leaves_the_connection_usable(ha_double: HaDouble) -> None:
    async with ha_socket(ha_double) as socket:
        assert await socket.command({"type": "ping"}) == {"id": 1, "type": "pong"}
        reused = await socket.command({"id": 1, "type": "ping"})
        assert reused["error"] == {"code": "id_reuse", "message": "Identifier values have to increase."}
        unknown = await socket.command({"type": "no/such/command"})
        assert unknown["error"] == {"code": "unknown_command", "message": "Unknown command."}
        invalid = await socket.command({"type": "call_service", "service": "ask"})
        assert invalid["error"]["code"] == "invalid_format"
        assert invalid["error"]["message"] == "required key not provided @ data['domain']. Got None"
        missing = await socket.command({"type": "unsubscribe_events", "subscription": 999})
        assert missing["error"] == {"code": "not_found", "message": "Subscription not found."}
        not_a_service = await call_service(socket, "no_such_service")
        assert not_a_service["error"]["code"] == "not_found"
        assert not_a_service["error"]["message"] == "Service jarvis.no_such_service not found."
        assert (await socket.command({"type": "ping"}))["type"] == "pong"


@run_async
async def test_messages_queued_together_come_as_one_array_once_the_client_asks_for_coalescing(
    ha_double: HaDouble,
) -> None:
    async with ha_socket(ha_double) as socket:
        await socket.result({"type": "supported_features", "features": {"coalesce_messages": 1}})
        frames_before = len(socket.frames)
        # Two commands in one frame are both handled before the writer runs: their answers share a frame.
        await socket.ws.send_json([{"id": 10, "type": "ping"}, {"id": 11, "type": "ping"}])
        assert await socket.answer(10) == {"id": 10, "type": "pong"}
        assert await socket.answer(11) == {"id": 11, "type": "pong"}
        assert socket.frames[frames_before:] == [[{"id": 10, "type": "pong"}, {"id": 11, "type": "pong"}]]


@run_async
async def test_admin_only_commands_refuse_a_plain_user(ha_double: HaDouble) -> None:
    async with ha_socket(ha_double, "user") as socket:
        me = await socket.result({"type": "auth/current_user"})
        assert me["is_admin"] is False and me["name"] == ha_double.ready["users"]["user"]["name"]
        assert set(me) >= {"id", "name", "is_owner", "is_admin", "credentials", "mfa_modules"}
        for command in ({"type": "fire_event", "event_type": "jarvis_test"}, {"type": "config_entries/get"}):
            refused = await socket.command(command)
            assert refused["error"] == {"code": "unauthorized", "message": "Unauthorized"}
    async with ha_socket(ha_double, "admin") as socket:
        assert (await socket.result({"type": "auth/current_user"}))["is_admin"] is True
        fired = await socket.result({"type": "fire_event", "event_type": "jarvis_test"})
        assert fired["context"]["user_id"] == ha_double.ready["users"]["admin"]["id"]


# -- the integration runs in it --------------------------------------------------------------------------------


@run_async
async def test_the_integration_loads_registers_its_agent_and_its_card(ha_double: HaDouble) -> None:
    async with ha_socket(ha_double) as socket:
        [entry] = await socket.result({"type": "config_entries/get", "domain": "jarvis"})
        assert entry["state"] == "loaded" and entry["reason"] is None
        assert entry["supports_reconfigure"] is True
        agents = (await socket.result({"type": "conversation/agent/list"}))["agents"]
        jarvis = next(agent for agent in agents if agent["id"] == "conversation.jarvis")
        assert jarvis["name"] == "Jarvis" and jarvis["supported_languages"] == "*"
        assert jarvis["supports_streaming"] is True
    async with aiohttp.ClientSession() as session:
        async with session.get(ha_double.url + "/") as page:
            html = await page.text()
        extra = json.loads(re.search(r"window\.__extraModules = (\[.*?\]);", html).group(1))
        [card_url] = [url for url in extra if url.split("?")[0].endswith("/jarvis-card.js")]
        assert card_url.startswith("/jarvis_static/")
        # The shell imports the test's app module first, then each extra module, as HA's index.html does.
        assert html.index("__appModule") < html.index("__extraModules.map")
        async with session.get(ha_double.url + "/double/frontend.js") as app:
            assert "__frontendApp" in await app.text()
        # The card comes from the add-on through the integration, without a login (HA's import() sends none).
        async with session.get(ha_double.url + card_url) as card, \
                session.get(ha_double.jarvis.url + "/jarvis-card.js") as upstream:
            # Public (no 401) and routed (no 404): the add-on's own answer passes, which is 503 while the card
            # bundle is not built in this checkout.
            assert card.status == upstream.status
            if upstream.status == 200:
                assert await card.read() == await upstream.read()


@run_async
async def test_jarvis_status_is_relayed_from_the_add_on(ha_double: HaDouble) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.get(ha_double.jarvis.url + "/api/health") as resp:
            health = await resp.json()
    async with ha_socket(ha_double, "user") as socket:
        status = await socket.result({"type": "jarvis/status"})
    assert status["version"] == health["version"]
    assert status["demo"] is True


@run_async
async def test_ask_returns_the_answer_as_service_response_data(ha_double: HaDouble) -> None:
    async with ha_socket(ha_double, "user") as socket:
        asked = await call_service(socket, "ask", {"text": "what is the cluster status"})
        assert asked["success"], asked
        assert "nodes are online" in asked["result"]["response"]["speech"]
        assert asked["result"]["response"]["conversation_id"]
        assert asked["result"]["context"]["user_id"] == ha_double.ready["users"]["user"]["id"]
        # Without return_response HA answers with the context only.
        quiet = await call_service(socket, "ask", {"text": "what is the cluster status"}, response=False)
        assert set(quiet["result"]) == {"context"}
        empty = await call_service(socket, "ask", {})
        assert empty["error"] == {"code": "invalid_format", "message": "required key not provided @ data['text']"}


async def _tool_data(socket: HaSocket, name: str, arguments: dict[str, Any] | None = None) -> Any:
    outcome = (await call_service(socket, "run_tool", {"name": name, "arguments": arguments or {}}))["result"]
    assert outcome["response"]["status"] == "ok", outcome
    return outcome["response"]["data"]


async def _vm_status(socket: HaSocket, vmid: int) -> str:
    return next(vm["status"] for vm in await _tool_data(socket, "get_vms") if vm["vmid"] == vmid)


async def _player_state(socket: HaSocket) -> str:
    players = await _tool_data(socket, "get_home_state", {"domain": "media_player"})
    return str(next(p["state"] for p in players if p["entity_id"] == "media_player.living_room_speaker"))


@run_async
async def test_run_tool_runs_green_at_once_and_holds_orange_until_approved(ha_double: HaDouble) -> None:
    async with ha_socket(ha_double, "admin") as socket:
        green = await call_service(socket, "run_tool", {"name": "get_cluster_status"})
        assert green["result"]["response"]["status"] == "ok"
        assert green["result"]["response"]["tier"] == "GREEN"

        assert await _vm_status(socket, 102) == "running"
        held = (await call_service(socket, "run_tool", {"name": "stop_vm", "arguments": {"vmid": 102}}))
        held = held["result"]["response"]
        assert held["status"] == "approval_required" and held["actionId"]
        assert await _vm_status(socket, 102) == "running"

        approved = await call_service(socket, "approve", {"action_id": held["actionId"]})
        assert approved["result"]["response"]["status"] == "ok"
        assert approved["result"]["response"]["tool"] == "stop_vm"
        for _ in range(100):
            if await _vm_status(socket, 102) == "stopped":
                break
            await asyncio.sleep(0.2)
        assert await _vm_status(socket, 102) == "stopped"
        # Single use: the same approval again is the add-on's not_found, translated by the integration.
        again = await call_service(socket, "approve", {"action_id": held["actionId"]})
        assert again["error"]["code"] == "home_assistant_error"
        assert again["error"]["translation_key"] == "command_failed"
        assert again["error"]["message"].startswith("Jarvis answered with an error (not_found): ")


@run_async
async def test_speak_uses_only_the_media_players_of_its_target(ha_double: HaDouble) -> None:
    async with ha_socket(ha_double, "user") as socket:
        assert await _player_state(socket) == "idle"
        # The add-on's speak tool refuses anything but a media player: the light must not reach it.
        target = {"entity_id": ["light.kitchen", "media_player.living_room_speaker"]}
        spoken = await call_service(socket, "speak", {"text": "The backup finished."}, target, response=False)
        assert spoken["success"], spoken
        for _ in range(50):
            if await _player_state(socket) == "playing":
                break
            await asyncio.sleep(0.2)
        assert await _player_state(socket) == "playing"

        only_light = await call_service(socket, "speak", {"text": "Hello"}, {"entity_id": "light.kitchen"},
                                        response=False)
        assert only_light["error"] == {
            "code": "service_validation_error",
            "message": "Validation error: Choose at least one media player to speak on",
            "translation_key": "no_media_player", "translation_placeholders": None, "translation_domain": "jarvis",
        }

        nowhere = await call_service(socket, "speak", {"text": "Hello"}, {"entity_id": "media_player.nowhere"},
                                     response=False)
        assert nowhere["error"]["code"] == "home_assistant_error"
        assert nowhere["error"]["translation_key"] == "speak_failed"
        assert nowhere["error"]["message"].startswith("Jarvis could not speak: ")
        assert "media_player.nowhere" in nowhere["error"]["message"]


@run_async
async def test_a_conversation_turn_lands_in_has_chat_log_as_one_assistant_message(ha_double: HaDouble) -> None:
    async with ha_socket(ha_double, "user") as socket:
        first = await socket.result({"type": "conversation/process", "text": "how is the cluster",
                                     "agent_id": "conversation.jarvis", "language": "en"})
        speech = first["response"]["speech"]["plain"]["speech"]
        assert "nodes are online" in speech
        assert first["response"]["response_type"] == "action_done"
        assert first["continue_conversation"] is False
        conversation_id = first["conversation_id"]
        assert ULID.match(conversation_id)

        log = await socket.result({"type": "test_double/chat_log", "conversation_id": conversation_id})
        # The fast path's tool call and its result come first (test_chat_log_tools.py), then the answer.
        assert [c["role"] for c in log["content"]] == ["system", "user", "assistant", "tool_result", "assistant"]
        assert log["content"][1]["content"] == "how is the cluster"
        assert [call["tool_name"] for call in log["content"][2]["tool_calls"]] == ["get_cluster_status"]
        assert log["content"][4]["content"] == speech
        assert log["content"][4]["agent_id"] == "conversation.jarvis"

        second = await socket.result({"type": "conversation/process", "text": "list containers",
                                      "conversation_id": conversation_id, "agent_id": "conversation.jarvis"})
        assert second["conversation_id"] == conversation_id
        log = await socket.result({"type": "test_double/chat_log", "conversation_id": conversation_id})
        assert [c["role"] for c in log["content"]][5:] == ["user", "assistant", "tool_result", "assistant"]
        assert log["content"][-1]["content"] == second["response"]["speech"]["plain"]["speech"]

        unknown = await socket.command({"type": "conversation/process", "text": "hi", "agent_id": "conversation.nope"})
        assert unknown["error"]["code"] == "invalid_format"
        assert unknown["error"]["message"].startswith("invalid agent ID for dictionary value @ data['agent_id']")


@run_async
async def test_an_extra_system_prompt_given_on_the_first_turn_stays_with_the_conversation(
    ha_double: HaDouble,
) -> None:
    """HA passes a satellite's extra system prompt with the first turn only; the chat log keeps it after."""
    async with ha_socket(ha_double, "user") as socket:
        first = await socket.result({"type": "test_double/converse", "text": "how is the cluster",
                                     "agent_id": "conversation.jarvis", "satellite_id": "assist_satellite.hall",
                                     "extra_system_prompt": "The person asked to be told about the cluster."})
        assert "nodes are online" in first["response"]["speech"]["plain"]["speech"]
        second = await socket.result({"type": "test_double/converse", "text": "list containers",
                                      "agent_id": "conversation.jarvis", "conversation_id": first["conversation_id"]})
        assert second["response"]["response_type"] == "action_done"
        log = await socket.result({"type": "test_double/chat_log", "conversation_id": first["conversation_id"]})
    assert log["extra_system_prompt"] == "The person asked to be told about the cluster."
    assert [c["role"] for c in log["content"] if c["role"] != "tool_result" and not c.get("tool_calls")] == [
        "system", "user", "assistant", "user", "assistant"]


@run_async
async def test_a_relayed_subscription_ends_with_unsubscribe_events(ha_double: HaDouble) -> None:
    async with ha_socket(ha_double, "user") as socket:
        subscribed = await socket.command({"type": "jarvis/subscribe_events", "event_types": ["action"],
                                           "history": 0})
        assert subscribed["success"], subscribed
        assert (await socket.command({"type": "unsubscribe_events", "subscription": subscribed["id"]}))["success"]
        again = await socket.command({"type": "unsubscribe_events", "subscription": subscribed["id"]})
        assert again["error"]["code"] == "not_found"


def test_sigterm_stops_ha_unloads_the_entry_and_exits_cleanly(own_ha_double: HaDouble) -> None:
    assert own_ha_double.ready["entry"]["state"] == "loaded"
    assert own_ha_double.stop() == 0
    log = own_ha_double.log()
    assert "Traceback" not in log
    assert "Unloaded config entry 'Jarvis' (jarvis): not_loaded" in log


# -- the config flow runs in the double's flow manager ---------------------------------------------------------


@run_async
async def test_a_second_setup_while_one_is_open_aborts_with_a_message(tmp_path: Any) -> None:
    for path in (str(REPO), str(HA_DOUBLE)):
        if path not in sys.path:
            sys.path.insert(0, path)
    from double.instance import async_start  # noqa: PLC0415 - the double is importable only from here

    instance = await async_start(port=0, jarvis_url=None, jarvis_token=None)
    try:
        flows = instance.hass.config_entries.flow
        first = await flows.async_init("jarvis", context={"source": "user"})
        assert first["type"] == "form" and first["step_id"] == "user"
        second = await flows.async_init("jarvis", context={"source": "user"})
        assert second["type"] == "abort" and second["reason"] == "already_in_progress"
        strings = json.loads((COMPONENT / "translations" / "en.json").read_text())
        assert strings["config"]["abort"][second["reason"]]
    finally:
        await instance.stop()


@run_async
async def test_the_flow_api_is_for_admins_and_a_configured_jarvis_is_not_added_twice(ha_double: HaDouble) -> None:
    url = ha_double.url + "/api/config/config_entries/flow"
    async with aiohttp.ClientSession() as session:
        async with session.post(url, json={"handler": "jarvis"},
                                headers={"Authorization": f"Bearer {ha_double.token('user')}"}) as refused:
            assert refused.status == 401
        async with session.post(url, json={"handler": "jarvis"},
                                headers={"Authorization": f"Bearer {ha_double.token('admin')}"}) as started:
            result = await started.json()
    assert result["type"] == "abort" and result["reason"] == "already_configured"


# -- the double's chat log enforces HA's delta rules -----------------------------------------------------------


@run_async
async def test_the_chat_log_refuses_deltas_home_assistant_refuses() -> None:
    for path in (str(REPO), str(HA_DOUBLE)):
        if path not in sys.path:
            sys.path.insert(0, path)
    from homeassistant.components.conversation.chat_log import ChatLog  # noqa: PLC0415
    from homeassistant.helpers.llm import ToolInput  # noqa: PLC0415

    async def deltas(*items: dict[str, Any]) -> AsyncIterator[dict[str, Any]]:
        for item in items:
            yield item

    async def stream(log: ChatLog, *items: dict[str, Any]) -> list[Any]:
        return [content async for content in log.async_add_delta_content_stream("conversation.x", deltas(*items))]

    log = ChatLog(hass=None, conversation_id="c")  # type: ignore[arg-type]
    added = await stream(log, {"content": "Before a role. "}, {"role": "assistant", "content": "One"},
                         {"content": " two"}, {"role": "assistant"}, {"content": "Three"})
    assert [c.content for c in added] == ["Before a role. ", "One two", "Three"]
    with pytest.raises(ValueError, match="Only assistant and tool_result roles expected. Got user"):
        await stream(log, {"role": "user", "content": "hi"})
    with pytest.raises(ValueError, match="No LLM API configured"):
        await stream(log, {"role": "assistant", "tool_calls": [ToolInput("get_state", {})]}, {"content": "x"})
    external = ToolInput("get_state", {}, id="t1", external=True)
    added = await stream(log, {"role": "assistant", "tool_calls": [external]},
                         {"role": "tool_result", "tool_call_id": "t1", "tool_name": "get_state", "tool_result": {}},
                         {"role": "assistant", "content": "Done."})
    assert [c.role for c in added] == ["assistant", "tool_result", "assistant"]
