"""Jarvis as an AI Task entity, so automations can call ai_task.generate_data with it: instructions, images (a
camera snapshot, a media file) and, when given, a structure whose shape the answer must have. The add-on asks
Claude (ha/ai-task.ts); the answer is checked against HA's structure before it is returned, and both the task
and the answer are kept in the task's chat log."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import voluptuous as vol

from homeassistant.components import ai_task, conversation
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .client import JarvisError
from .const import DOMAIN
from .runtime import JarvisConfigEntry, device_info, ha_error
from .structure import json_schema

IMAGE_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")
# Claude reads a picture in a few seconds; a busy day may add a retry.
TASK_TIMEOUT_S = 120.0


async def async_setup_entry(
    hass: HomeAssistant, entry: JarvisConfigEntry, async_add_entities: AddConfigEntryEntitiesCallback
) -> None:
    async_add_entities([JarvisAITaskEntity(entry)])


def _read(path: Path) -> str:
    return base64.b64encode(path.read_bytes()).decode("ascii")


class JarvisAITaskEntity(ai_task.AITaskEntity):
    _attr_has_entity_name = True
    _attr_name = None
    _attr_supported_features = ai_task.AITaskEntityFeature.GENERATE_DATA | ai_task.AITaskEntityFeature.SUPPORT_ATTACHMENTS

    def __init__(self, entry: JarvisConfigEntry) -> None:
        self._entry = entry
        self._attr_unique_id = f"{entry.entry_id}_ai_task"
        self._attr_device_info = device_info(entry)

    async def _attachments(self, task: ai_task.GenDataTask) -> list[dict[str, Any]]:
        files = []
        for attachment in task.attachments or []:
            if attachment.mime_type not in IMAGE_TYPES:
                raise HomeAssistantError(translation_domain=DOMAIN, translation_key="attachment_not_image",
                                         translation_placeholders={"mime_type": attachment.mime_type})
            files.append({"mime_type": attachment.mime_type, "name": attachment.path.name,
                          "data": await self.hass.async_add_executor_job(_read, attachment.path)})
        return files

    async def _async_generate_data(self, task: ai_task.GenDataTask,
                                   chat_log: conversation.ChatLog) -> ai_task.GenDataTaskResult:
        request = {"task_name": task.name, "instructions": task.instructions,
                   "structure": json_schema(task.structure) if task.structure else None,
                   "attachments": await self._attachments(task)}
        try:
            answer = await self._entry.runtime_data.client.call("ai_task/generate_data", request,
                                                                timeout=TASK_TIMEOUT_S)
        except JarvisError as err:
            raise ha_error(err) from err
        data = answer.get("data")
        if task.structure is not None:
            try:
                data = task.structure(data)
            except vol.Invalid as err:
                raise HomeAssistantError(translation_domain=DOMAIN, translation_key="answer_not_structured",
                                         translation_placeholders={"error": str(err)}) from err
        chat_log.async_add_assistant_content_without_tools(conversation.AssistantContent(
            agent_id=self.entity_id, content=data if isinstance(data, str) else json.dumps(data)))
        return ai_task.GenDataTaskResult(conversation_id=chat_log.conversation_id, data=data)
