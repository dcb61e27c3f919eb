"""Sensors, after homeassistant/components/sensor/__init__.py and const.py (the parts an integration's
sensors use): native_value as the state, native_unit_of_measurement as its unit (no unit conversion here),
device_class and state_class as attributes, last_reset for a TOTAL sensor, and HA's check that a monetary
sensor is a TOTAL one (HA logs it as an error and the state is still written)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
import logging
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_component import EntityComponent

_LOGGER = logging.getLogger(__name__)
DOMAIN = "sensor"


class SensorDeviceClass(StrEnum):
    DURATION = "duration"
    MONETARY = "monetary"
    TEMPERATURE = "temperature"
    TIMESTAMP = "timestamp"


class SensorStateClass(StrEnum):
    MEASUREMENT = "measurement"
    TOTAL = "total"
    TOTAL_INCREASING = "total_increasing"


class SensorEntity(Entity):
    _attr_device_class: SensorDeviceClass | None = None
    _attr_last_reset: datetime | None = None
    _attr_native_unit_of_measurement: str | None = None
    _attr_native_value: str | int | float | date | datetime | Decimal | None = None
    _attr_state_class: SensorStateClass | str | None = None
    _attr_suggested_display_precision: int | None = None

    @property
    def device_class(self) -> SensorDeviceClass | None:
        return self._attr_device_class

    @property
    def state_class(self) -> SensorStateClass | str | None:
        return self._attr_state_class

    @property
    def last_reset(self) -> datetime | None:
        return self._attr_last_reset

    @property
    def native_value(self) -> str | int | float | date | datetime | Decimal | None:
        return self._attr_native_value

    @property
    def native_unit_of_measurement(self) -> str | None:
        return self._attr_native_unit_of_measurement

    @property
    def suggested_display_precision(self) -> int | None:
        return self._attr_suggested_display_precision

    @property
    def unit_of_measurement(self) -> str | None:
        return self.native_unit_of_measurement

    @property
    def capability_attributes(self) -> dict[str, Any] | None:
        return {"state_class": str(self.state_class)} if self.state_class else None

    @property
    def state_attributes(self) -> dict[str, Any] | None:
        if self.state_class == SensorStateClass.TOTAL and (last_reset := self.last_reset) is not None:
            return {"last_reset": last_reset.isoformat()}
        return None

    @property
    def state(self) -> Any:
        value = self.native_value
        if self.device_class == SensorDeviceClass.MONETARY and self.state_class not in (None, SensorStateClass.TOTAL):
            _LOGGER.error("Entity %s is using state class '%s' which is impossible considering device class "
                          "('monetary'); it should use 'total'", self.entity_id, self.state_class)
        if isinstance(value, datetime):
            return value.isoformat()
        return value


async def async_setup(hass: HomeAssistant, config: dict[str, Any]) -> bool:
    EntityComponent(_LOGGER, DOMAIN, hass)
    return True
