"""The front door camera, as a camera integration (Frigate's, say) would add one; the double only: its
snapshot is front_door.jpg beside this file (a small picture with a red figure in a doorway)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from homeassistant.components.camera import Camera
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_component import DATA_INSTANCES

SNAPSHOT = Path(__file__).with_name("front_door.jpg")


class FrontDoorCamera(Camera):
    _attr_name = "Front door"

    async def async_camera_image(self, width: int | None = None, height: int | None = None) -> bytes | None:
        return await self.hass.async_add_executor_job(SNAPSHOT.read_bytes)


async def async_add_camera(hass: HomeAssistant) -> str:
    camera = FrontDoorCamera()
    camera.hass = hass
    camera.entity_id = "camera.front_door"
    component: Any = hass.data[DATA_INSTANCES]["camera"]
    component._add(camera)
    camera.async_write_ha_state()
    return camera.entity_id
