"""ai_task.generate_data with Jarvis (custom_components/jarvis/ai_task.py, unmodified, in the HA double, which
follows HA's ai_task: the structure made from selectors, a camera snapshot resolved to a file), answered by the
real add-on with the Anthropic emulator as Claude (services/test/python/scripted_jarvis.ts: it names what it
sees only when an image reaches it)."""

from __future__ import annotations

from typing import Any

from conftest import HaDouble, run_async
from ha_ws import HaSocket, ha_socket

SEEN = "a person in a red jacket at the front door"  # scripted_jarvis.ts's SEEN
STRUCTURE = {
    "person_present": {"description": "Is someone at the door?", "required": True, "selector": {"boolean": {}}},
    "description": {"description": "Who is at the door, in a few words", "required": True, "selector": {"text": {}}},
    "people": {"description": "How many people", "selector": {"number": {"min": 0, "max": 10}}},
    "mood": {"selector": {"select": {"options": ["calm", "hurried"]}}},
}
SNAPSHOT = [{"media_content_id": "media-source://camera/camera.front_door", "media_content_type": "image/jpeg"}]


async def generate(socket: HaSocket, **data: Any) -> dict[str, Any]:
    return await socket.command({"type": "call_service", "domain": "ai_task", "service": "generate_data",
                                 "service_data": {"task_name": "front door", "entity_id": "ai_task.jarvis", **data},
                                 "return_response": True})


@run_async
async def test_describe_who_is_at_the_door_returns_data_in_the_structure_from_the_snapshot(
    scripted_ha_double: HaDouble,
) -> None:
    async with ha_socket(scripted_ha_double, "admin") as socket:
        state = next(s for s in await socket.result({"type": "get_states"}) if s["entity_id"] == "ai_task.jarvis")
        assert state["attributes"]["supported_features"] == 3  # generate data, with attachments
        answer = await generate(socket, instructions="Describe who is at the door.", structure=STRUCTURE,
                                attachments=SNAPSHOT)
        assert answer["success"], answer
        result = answer["result"]["response"]
        assert result["data"] == {"person_present": True, "description": SEEN, "people": 1.0, "mood": "calm"}

        # The task and the answer are in the task's chat log, the snapshot with the user's content.
        log = await socket.result({"type": "test_double/chat_log", "conversation_id": result["conversation_id"]})
        user, reply = log["content"][1], log["content"][2]
        assert user["content"] == "Describe who is at the door."
        assert [a["mime_type"] for a in user["attachments"]] == ["image/jpeg"]
        assert SEEN in reply["content"]

        # Without the snapshot the same structure says nobody was seen: the image above did reach Claude.
        blind = await generate(socket, instructions="Describe who is at the door.", structure=STRUCTURE)
        assert blind["result"]["response"]["data"]["person_present"] is False


@run_async
async def test_a_task_without_a_structure_answers_in_text(scripted_ha_double: HaDouble) -> None:
    async with ha_socket(scripted_ha_double, "admin") as socket:
        answer = await generate(socket, instructions="Say hello to the household.")
    assert answer["result"]["response"]["data"] == "I am the scripted model."


@run_async
async def test_a_structure_with_an_unknown_selector_is_refused_by_ha(scripted_ha_double: HaDouble) -> None:
    async with ha_socket(scripted_ha_double, "admin") as socket:
        answer = await generate(socket, instructions="x", structure={"a": {"selector": {"no_such": {}}}})
    assert answer["error"]["code"] == "invalid_format"
