"""Assist satellites, after homeassistant/components/assist_satellite (__init__.py, entity.py): the
`assist_satellite.announce` entity action (message, or media_id; preannounce) that plays an announcement on
each targeted satellite. A satellite's state is idle, and responding while it announces. The double runs no
TTS: an announcement carries its message as given."""

from __future__ import annotations

from dataclasses import dataclass
import logging
from typing import Any

import voluptuous as vol

from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_component import EntityComponent
from homeassistant.helpers.service import async_extract_entity_ids

_LOGGER = logging.getLogger(__name__)
DOMAIN = "assist_satellite"


@dataclass
class AssistSatelliteAnnouncement:
    message: str
    media_id: str
    preannounce_media_id: str | None = None


class AssistSatelliteEntity(Entity):
    _attr_should_poll = False
    _state = "idle"

    @property
    def state(self) -> str:
        return self._state

    async def async_internal_announce(self, message: str | None = None, media_id: str | None = None,
                                      preannounce: bool = True, preannounce_media_id: str | None = None) -> None:
        announcement = AssistSatelliteAnnouncement(message=message or "", media_id=media_id or "",
                                                   preannounce_media_id=preannounce_media_id if preannounce else None)
        self._state = "responding"
        self.async_write_ha_state()
        try:
            await self.async_announce(announcement)
        finally:
            self._state = "idle"
            self.async_write_ha_state()

    async def async_announce(self, announcement: AssistSatelliteAnnouncement) -> None:
        raise NotImplementedError


ANNOUNCE_SCHEMA = vol.All(vol.Schema({
    **cv.ENTITY_SERVICE_FIELDS,
    vol.Optional("message"): str,
    vol.Optional("media_id"): str,
    vol.Optional("preannounce", default=True): bool,
    vol.Optional("preannounce_media_id"): str,
}), cv.has_at_least_one_key("message", "media_id"))


async def async_setup(hass: HomeAssistant, config: dict[str, Any]) -> bool:
    component: EntityComponent[AssistSatelliteEntity] = EntityComponent(_LOGGER, DOMAIN, hass)

    async def announce(call: ServiceCall) -> None:
        entity_ids = await async_extract_entity_ids(call)
        satellites = [entity for entity_id in sorted(entity_ids) if (entity := component.get_entity(entity_id))]
        if not satellites:
            raise ServiceValidationError(f"No satellite among {sorted(entity_ids)}")
        for satellite in satellites:
            await satellite.async_internal_announce(
                message=call.data.get("message"), media_id=call.data.get("media_id"),
                preannounce=call.data["preannounce"], preannounce_media_id=call.data.get("preannounce_media_id"))

    hass.services.async_register(DOMAIN, "announce", announce, schema=ANNOUNCE_SCHEMA)
    return True
