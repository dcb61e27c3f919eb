"""Cameras, after homeassistant/components/camera/__init__.py: what an AI task needs, `async_get_image(hass,
entity_id)` returning an Image (content type and bytes) from the camera entity's async_camera_image."""

from __future__ import annotations

from dataclasses import dataclass
import logging
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_component import DATA_INSTANCES, EntityComponent

_LOGGER = logging.getLogger(__name__)
DOMAIN = "camera"


@dataclass(frozen=True)
class Image:
    content_type: str
    content: bytes


class Camera(Entity):
    _attr_should_poll = False
    content_type = "image/jpeg"

    @property
    def state(self) -> str:
        return "idle"

    async def async_camera_image(self, width: int | None = None, height: int | None = None) -> bytes | None:
        raise NotImplementedError


async def async_get_image(hass: HomeAssistant, entity_id: str, timeout: int = 10, width: int | None = None,
                          height: int | None = None) -> Image:
    component: EntityComponent[Camera] | None = hass.data.get(DATA_INSTANCES, {}).get(DOMAIN)
    if component is None or (camera := component.get_entity(entity_id)) is None:
        raise HomeAssistantError("Camera not found")
    if not (image := await camera.async_camera_image(width, height)):
        raise HomeAssistantError("Unable to get image")
    return Image(camera.content_type, image)


async def async_setup(hass: HomeAssistant, config: dict[str, Any]) -> bool:
    EntityComponent(_LOGGER, DOMAIN, hass)
    return True
