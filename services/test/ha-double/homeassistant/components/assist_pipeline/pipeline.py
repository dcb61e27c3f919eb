"""Assist pipelines, after homeassistant/components/assist_pipeline/pipeline.py (the stored settings only: the
double runs no pipeline). Pipeline and its JSON, the storage collection with HA's change listeners
(`async_add_listener(listener)`, called with change type, item id and the item), async_get_pipelines,
async_update_pipeline, and the default "Home Assistant" pipeline made at setup."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import voluptuous as vol

from homeassistant.core import HomeAssistant, callback
from homeassistant.util.ulid import ulid_now

DOMAIN = "assist_pipeline"
KEY_ASSIST_PIPELINE = DOMAIN
CHANGE_ADDED = "added"
CHANGE_UPDATED = "updated"
CHANGE_REMOVED = "removed"
ChangeListener = Callable[[str, str, Any], Awaitable[None]]

PIPELINE_FIELDS: dict[Any, Any] = {
    vol.Required("conversation_engine"): str,
    vol.Required("conversation_language"): str,
    vol.Required("language"): str,
    vol.Required("name"): str,
    vol.Required("stt_engine"): vol.Any(str, None),
    vol.Required("stt_language"): vol.Any(str, None),
    vol.Required("tts_engine"): vol.Any(str, None),
    vol.Required("tts_language"): vol.Any(str, None),
    vol.Required("tts_voice"): vol.Any(str, None),
    vol.Required("wake_word_entity"): vol.Any(str, None),
    vol.Required("wake_word_id"): vol.Any(str, None),
    vol.Optional("prefer_local_intents"): bool,
}


@dataclass(frozen=True)
class Pipeline:
    conversation_engine: str
    conversation_language: str
    language: str
    name: str
    stt_engine: str | None
    stt_language: str | None
    tts_engine: str | None
    tts_language: str | None
    tts_voice: str | None
    wake_word_entity: str | None
    wake_word_id: str | None
    prefer_local_intents: bool = False
    id: str = field(default_factory=ulid_now)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Pipeline:
        return cls(**{key: data[key] for key in (
            "conversation_engine", "conversation_language", "id", "language", "name", "stt_engine", "stt_language",
            "tts_engine", "tts_language", "tts_voice", "wake_word_entity", "wake_word_id")},
            prefer_local_intents=data.get("prefer_local_intents", False))

    def to_json(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in (
            "conversation_engine", "conversation_language", "id", "language", "name", "stt_engine", "stt_language",
            "tts_engine", "tts_language", "tts_voice", "wake_word_entity", "wake_word_id", "prefer_local_intents")}


class PipelineStorageCollection:
    def __init__(self) -> None:
        self.data: dict[str, Pipeline] = {}
        self.listeners: list[ChangeListener] = []
        self._preferred_item: str | None = None

    @callback
    def async_items(self) -> list[Pipeline]:
        return list(self.data.values())

    @callback
    def async_add_listener(self, listener: ChangeListener) -> Callable[[], None]:
        self.listeners.append(listener)
        return partial(self.listeners.remove, listener)

    @callback
    def async_get_preferred_item(self) -> str | None:
        return self._preferred_item

    async def _notify(self, change_type: str, item_id: str, item: Any) -> None:
        await asyncio.gather(*(listener(change_type, item_id, item) for listener in list(self.listeners)))

    async def async_create_item(self, data: dict[str, Any]) -> Pipeline:
        validated = vol.Schema(PIPELINE_FIELDS)(data)
        pipeline = Pipeline.from_json({**validated, "id": ulid_now()})
        self.data[pipeline.id] = pipeline
        if self._preferred_item is None:
            self._preferred_item = pipeline.id
        await self._notify(CHANGE_ADDED, pipeline.id, pipeline)
        return pipeline

    async def async_update_item(self, item_id: str, updates: dict[str, Any]) -> Pipeline:
        if item_id not in self.data:
            raise KeyError(item_id)
        validated = vol.Schema(PIPELINE_FIELDS)(updates)
        pipeline = Pipeline.from_json({**validated, "id": item_id})
        self.data[item_id] = pipeline
        await self._notify(CHANGE_UPDATED, item_id, pipeline)
        return pipeline


@dataclass
class PipelineData:
    pipeline_store: PipelineStorageCollection


@callback
def async_get_pipelines(hass: HomeAssistant) -> list[Pipeline]:
    return list(hass.data[KEY_ASSIST_PIPELINE].pipeline_store.data.values())


async def async_update_pipeline(hass: HomeAssistant, pipeline: Pipeline, **changes: Any) -> None:
    updates = pipeline.to_json()
    updates.pop("id")
    updates.update(changes)
    await hass.data[KEY_ASSIST_PIPELINE].pipeline_store.async_update_item(pipeline.id, updates)


async def async_setup_pipeline_store(hass: HomeAssistant) -> PipelineData:
    store = PipelineStorageCollection()
    await store.async_create_item({
        "conversation_engine": "conversation.home_assistant", "conversation_language": "en", "language": "en",
        "name": "Home Assistant", "stt_engine": None, "stt_language": None, "tts_engine": None,
        "tts_language": None, "tts_voice": None, "wake_word_entity": None, "wake_word_id": None,
    })
    return PipelineData(store)
