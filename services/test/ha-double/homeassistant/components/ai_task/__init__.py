"""AI tasks, after homeassistant/components/ai_task (2025.10: __init__.py, entity.py, task.py, const.py and
services): the `ai_task.generate_data` action (response only) with `task_name`, `entity_id`, `instructions`,
`structure` (fields with a selector each, `required` and `description`, made into a voluptuous schema) and
`attachments` (media ids: `media-source://camera/<entity>` is a snapshot saved to a temporary file, other ids
go through the media source), and AITaskEntity, whose internal_async_generate_data opens the chat log, adds
the instructions with the attachments as the user's content and hands the task to _async_generate_data."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from enum import IntFlag
import logging
import mimetypes
import os
from pathlib import Path
import tempfile
from typing import Any, final

import voluptuous as vol

from homeassistant.components import camera, conversation, media_source
from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, SupportsResponse
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import config_validation as cv, selector
from homeassistant.helpers.chat_session import ChatSession, async_get_chat_session
from homeassistant.helpers.entity_component import EntityComponent
from homeassistant.helpers.restore_state import RestoreEntity
from homeassistant.util import dt as dt_util

_LOGGER = logging.getLogger(__name__)
DOMAIN = "ai_task"
DATA_COMPONENT = "ai_task_component"
DEFAULT_SYSTEM_PROMPT = "You are a Home Assistant expert and help users with their tasks."


class AITaskEntityFeature(IntFlag):
    GENERATE_DATA = 1
    SUPPORT_ATTACHMENTS = 2
    GENERATE_IMAGE = 4


@dataclass(slots=True)
class GenDataTask:
    name: str
    instructions: str
    structure: vol.Schema | None = None
    attachments: list[conversation.Attachment] | None = None


@dataclass(slots=True)
class GenDataTaskResult:
    conversation_id: str
    data: Any

    def as_dict(self) -> dict[str, Any]:
        return {"conversation_id": self.conversation_id, "data": self.data}


class AITaskEntity(RestoreEntity):
    _attr_should_poll = False
    _attr_supported_features = AITaskEntityFeature(0)
    __last_activity: str | None = None

    @property
    @final
    def state(self) -> str | None:
        return self.__last_activity

    @final
    async def internal_async_generate_data(self, session: ChatSession, task: GenDataTask) -> GenDataTaskResult:
        self.__last_activity = dt_util.utcnow().isoformat()
        self.async_write_ha_state()
        with conversation.async_get_chat_log(self.hass, session, None) as chat_log:
            chat_log.async_add_user_content(conversation.UserContent(task.instructions,
                                                                      attachments=task.attachments))
            return await self._async_generate_data(task, chat_log)

    async def _async_generate_data(self, task: GenDataTask, chat_log: conversation.ChatLog) -> GenDataTaskResult:
        raise NotImplementedError


def _save_camera_snapshot(image: camera.Image) -> Path:
    with tempfile.NamedTemporaryFile(mode="wb", suffix=mimetypes.guess_extension(image.content_type, False),
                                     delete=False) as temp_file:
        temp_file.write(image.content)
        return Path(temp_file.name)


@asynccontextmanager
async def _resolve_attachments(hass: HomeAssistant, attachments: list[dict[str, Any]] | None
                               ) -> AsyncIterator[list[conversation.Attachment]]:
    resolved: list[conversation.Attachment] = []
    created: list[Path] = []
    try:
        for attachment in attachments or []:
            media_content_id = attachment["media_content_id"]
            if media_content_id.startswith("media-source://camera/"):
                entity_id = media_content_id.removeprefix("media-source://camera/")
                image = await camera.async_get_image(hass, entity_id)
                path = await hass.async_add_executor_job(_save_camera_snapshot, image)
                created.append(path)
                resolved.append(conversation.Attachment(media_content_id, image.content_type, path))
            else:
                media = await media_source.async_resolve_media(hass, media_content_id, None)
                if media.path is None:
                    raise HomeAssistantError("Only local attachments are currently supported")
                resolved.append(conversation.Attachment(media_content_id, media.mime_type, media.path))
        yield resolved
    finally:
        for path in created:
            await hass.async_add_executor_job(os.unlink, path)


async def async_generate_data(hass: HomeAssistant, *, task_name: str, entity_id: str | None = None,
                              instructions: str, structure: vol.Schema | None = None,
                              attachments: list[dict[str, Any]] | None = None) -> GenDataTaskResult:
    if entity_id is None:
        raise HomeAssistantError("No entity_id provided and no preferred entity set")
    entity = hass.data[DATA_COMPONENT].get_entity(entity_id)
    if entity is None:
        raise HomeAssistantError(f"AI Task entity {entity_id} not found")
    if AITaskEntityFeature.GENERATE_DATA not in entity.supported_features:
        raise HomeAssistantError(f"AI Task entity {entity_id} does not support generating data")
    if attachments and AITaskEntityFeature.SUPPORT_ATTACHMENTS not in entity.supported_features:
        raise HomeAssistantError(f"AI Task entity {entity_id} does not support attachments")
    with async_get_chat_session(hass) as session:
        async with _resolve_attachments(hass, attachments) as resolved:
            return await entity.internal_async_generate_data(
                session, GenDataTask(name=task_name, instructions=instructions, structure=structure,
                                     attachments=resolved or None))


STRUCTURE_FIELD_SCHEMA = vol.Schema({vol.Optional("description"): str, vol.Optional("required"): bool,
                                     vol.Required("selector"): selector.validate_selector})


def _validate_structure_fields(value: dict[str, Any]) -> vol.Schema:
    if not isinstance(value, dict):
        raise vol.Invalid("Structure must be a dictionary")
    fields = {}
    for key, field in value.items():
        marker = vol.Required if field.get("required", False) else vol.Optional
        fields[marker(key, description=field.get("description"))] = selector.selector(field["selector"])
    return vol.Schema(fields, extra=vol.PREVENT_EXTRA)


GENERATE_DATA_SCHEMA = vol.Schema({
    vol.Required("task_name"): cv.string,
    vol.Optional("entity_id"): cv.entity_id,
    vol.Required("instructions"): cv.string,
    vol.Optional("structure"): vol.All(vol.Schema({str: STRUCTURE_FIELD_SCHEMA}), _validate_structure_fields),
    vol.Optional("attachments"): vol.All(cv.ensure_list, [vol.Schema({vol.Required("media_content_id"): str,
                                                                       vol.Optional("media_content_type"): str},
                                                                      extra=vol.ALLOW_EXTRA)]),
})


async def async_service_generate_data(call: ServiceCall) -> ServiceResponse:
    result = await async_generate_data(hass=call.hass, **call.data)
    return result.as_dict()


async def async_setup(hass: HomeAssistant, config: dict[str, Any]) -> bool:
    hass.data[DATA_COMPONENT] = EntityComponent(_LOGGER, DOMAIN, hass)
    hass.services.async_register(DOMAIN, "generate_data", async_service_generate_data, schema=GENERATE_DATA_SCHEMA,
                                 supports_response=SupportsResponse.ONLY)
    return True
