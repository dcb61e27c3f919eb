"""The Repair for HA's local intents (custom_components/jarvis/local_intents.py, unmodified, in the HA double):
with "Prefer handling commands locally" on in an assistant that uses Jarvis, and a lock, a door, gate or garage
cover, or an alarm panel exposed to Assist, Home Assistant would run "unlock the front door" itself, without
Jarvis's approval. The issue appears in Repairs and clears with the setting or the exposure, driven the way
an admin changes them (HA's WebSocket and REST API)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp

from conftest import COMPONENT, HaDouble, run_async
from ha_ws import HaSocket, ha_socket

ISSUE = ("jarvis", "local_intents_bypass")
PIPELINE = {
    "conversation_engine": "conversation.jarvis", "conversation_language": "en", "language": "en",
    "name": "Jarvis", "stt_engine": None, "stt_language": None, "tts_engine": None, "tts_language": None,
    "tts_voice": None, "wake_word_entity": None, "wake_word_id": None,
}


async def set_state(double: HaDouble, entity_id: str, state: str, attributes: dict[str, Any]) -> None:
    async with aiohttp.ClientSession() as session, session.post(
        f"{double.url}/api/states/{entity_id}", json={"state": state, "attributes": attributes},
        headers={"Authorization": f"Bearer {double.token('admin')}"},
    ) as resp:
        assert resp.status in (200, 201), await resp.text()


async def issue(socket: HaSocket) -> dict[str, Any] | None:
    issues = (await socket.result({"type": "repairs/list_issues"}))["issues"]
    return next((i for i in issues if (i["domain"], i["issue_id"]) == ISSUE), None)


async def settled(socket: HaSocket, present: bool) -> dict[str, Any] | None:
    """The issue once it is (or is no longer) there; the checks run on HA's event loop right after a change."""
    for _ in range(50):
        found = await issue(socket)
        if (found is not None) == present:
            return found
        await asyncio.sleep(0.05)
    return await issue(socket)


async def expose(socket: HaSocket, entity_ids: list[str], should_expose: bool) -> None:
    await socket.result({"type": "homeassistant/expose_entity", "assistants": ["conversation"],
                         "entity_ids": entity_ids, "should_expose": should_expose})


@run_async
async def test_the_repair_appears_with_local_intents_and_an_exposed_lock_and_clears_with_the_setting(
    ha_double: HaDouble,
) -> None:
    async with ha_socket(ha_double, "admin") as socket:
        # A garage door (covers are exposed to Assist by default), a lock (not exposed by default) and a blind.
        await set_state(ha_double, "cover.garage_door", "closed", {"device_class": "garage"})
        await set_state(ha_double, "cover.living_room_blind", "open", {"device_class": "blind"})
        await set_state(ha_double, "lock.front_door", "locked", {"friendly_name": "Front door"})
        assert await issue(socket) is None

        created = await socket.result({"type": "assist_pipeline/pipeline/create", **PIPELINE,
                                       "prefer_local_intents": True})
        found = await settled(socket, present=True)
        assert found is not None
        assert found["severity"] == "warning" and found["is_fixable"] is False
        assert found["translation_key"] == "local_intents_bypass"
        assert found["translation_placeholders"] == {"pipelines": "“Jarvis”", "entities": "cover.garage_door"}

        # Exposing the lock adds it to what the issue names.
        await expose(socket, ["lock.front_door"], True)
        assert (await issue(socket))["translation_placeholders"]["entities"] == "cover.garage_door, lock.front_door"

        # Turning the setting off clears it; on again brings it back.
        update = {"type": "assist_pipeline/pipeline/update", "pipeline_id": created["id"], **PIPELINE}
        await socket.result({**update, "prefer_local_intents": False})
        assert await settled(socket, present=False) is None
        await socket.result({**update, "prefer_local_intents": True})
        assert await settled(socket, present=True) is not None

        # So does exposing none of them; a newly added alarm panel (not exposed by default) changes nothing.
        await expose(socket, ["lock.front_door", "cover.garage_door"], False)
        assert await settled(socket, present=False) is None
        await set_state(ha_double, "alarm_control_panel.house", "armed_away", {})
        assert await settled(socket, present=False) is None
        await expose(socket, ["alarm_control_panel.house"], True)
        assert (await settled(socket, present=True))["translation_placeholders"]["entities"] == (
            "alarm_control_panel.house")
        await socket.result({**update, "prefer_local_intents": False})
        assert await settled(socket, present=False) is None


def test_the_repair_text_says_what_happens_and_how_to_fix_it() -> None:
    strings = json.loads((COMPONENT / "translations" / "en.json").read_text())
    text = strings["issues"]["local_intents_bypass"]
    assert "{pipelines}" in text["description"] and "{entities}" in text["description"]
    assert "Prefer handling commands locally" in text["description"]
    assert "Expose" in text["description"]
    assert strings == json.loads((COMPONENT / "strings.json").read_text())
