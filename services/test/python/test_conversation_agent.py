"""The conversation agent (custom_components/jarvis/conversation.py, unmodified) on the HA double's chat log,
in this process, with a stand-in for the add-on's stream, for what the real add-on will not do on cue: fail in
the middle of a reply."""

from __future__ import annotations

from collections.abc import AsyncIterator
import sys
from types import SimpleNamespace
from typing import Any

from conftest import HA_DOUBLE, REPO, run_async

for _path in (str(REPO), str(HA_DOUBLE)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from homeassistant.components import conversation  # noqa: E402
from homeassistant.core import Context  # noqa: E402

from custom_components.jarvis.client import JarvisConnectionError  # noqa: E402
from custom_components.jarvis.conversation import JarvisConversationEntity  # noqa: E402

SAID = "All three nodes are "
LOST = "lost the connection to Jarvis (connection closed)"


class _BrokenTurn:
    """The add-on's events for one turn: a first piece of the reply, then the connection drops."""

    result: Any = None

    def __aiter__(self) -> AsyncIterator[Any]:
        return self._events()

    async def _events(self) -> AsyncIterator[Any]:
        yield {"type": "delta", "text": SAID}
        raise JarvisConnectionError(LOST)


class _Client:
    url = "http://127.0.0.1:9"

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []

    def stream(self, command: str, payload: dict[str, Any], *, user: Any = None) -> _BrokenTurn:
        self.requests.append(payload)
        return _BrokenTurn()


def _entity(client: _Client) -> JarvisConversationEntity:
    entry = SimpleNamespace(entry_id="e1", data={}, runtime_data=SimpleNamespace(client=client, version="0.1.0"))
    entity = JarvisConversationEntity(entry)  # type: ignore[arg-type]
    entity.entity_id = "conversation.jarvis"
    return entity


def _input(text: str, extra: str | None = None) -> conversation.ConversationInput:
    return conversation.ConversationInput(
        text=text, context=Context(), conversation_id="c1", device_id=None, satellite_id=None, language="en",
        agent_id="conversation.jarvis", extra_system_prompt=extra,
    )


@run_async
async def test_text_already_streamed_stays_in_the_chat_log_when_the_turn_fails() -> None:
    client = _Client()
    log = conversation.ChatLog(hass=None, conversation_id="c1")  # type: ignore[arg-type]
    log.async_add_user_content(conversation.UserContent(content="how is the cluster"))
    result = await _entity(client)._async_handle_message(_input("how is the cluster"), log)
    assert [(c.role, c.content) for c in log.content[1:]] == [("user", "how is the cluster"), ("assistant", SAID)]
    answer = result.response.as_dict()
    assert answer["response_type"] == "error"
    assert LOST in answer["speech"]["plain"]["speech"]


@run_async
async def test_the_extra_system_prompt_of_the_first_turn_goes_with_every_later_turn() -> None:
    client = _Client()
    log = conversation.ChatLog(hass=None, conversation_id="c1")  # type: ignore[arg-type]
    entity = _entity(client)
    await entity._async_handle_message(_input("first", "Speak like a butler."), log)
    await entity._async_handle_message(_input("second"), log)
    assert [r["extra_system_prompt"] for r in client.requests] == ["Speak like a butler."] * 2

