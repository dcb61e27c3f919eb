"""A voice satellite in the kitchen, as a satellite integration (Wyoming, ESPHome) would add one; the double
only: it keeps what it was asked to announce, for `test_double/announcements`."""

from __future__ import annotations

import logging
from typing import Any

from homeassistant.components.assist_satellite import AssistSatelliteAnnouncement, AssistSatelliteEntity
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_component import DATA_INSTANCES

_LOGGER = logging.getLogger(__name__)
DATA_ANNOUNCEMENTS = "test_double_announcements"


class KitchenSatellite(AssistSatelliteEntity):
    _attr_name = "Kitchen satellite"

    async def async_announce(self, announcement: AssistSatelliteAnnouncement) -> None:
        self.hass.data.setdefault(DATA_ANNOUNCEMENTS, []).append(
            {"entity_id": self.entity_id, "message": announcement.message, "media_id": announcement.media_id})


async def async_add_satellite(hass: HomeAssistant) -> str:
    satellite = KitchenSatellite()
    satellite.hass = hass
    satellite.entity_id = "assist_satellite.kitchen"
    component: Any = hass.data[DATA_INSTANCES]["assist_satellite"]
    component._add(satellite)
    await satellite.async_added_to_hass()
    satellite.async_write_ha_state()
    return satellite.entity_id
