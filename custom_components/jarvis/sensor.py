"""Two sensors for dashboards and automations: how many actions Jarvis holds for approval (with the actions as
attributes), and the day's model spend against the daily limit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from homeassistant.components.sensor import SensorDeviceClass, SensorEntity, SensorStateClass
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .coordinator import JarvisCoordinator
from .runtime import JarvisConfigEntry, device_info

# HA's recorder skips attributes over 16 KiB; a long queue is cut to its oldest actions.
MAX_LISTED = 20
_SHOWN_FIELDS = ("action_id", "tool", "tier", "summary", "requested_by", "expires_at")


async def async_setup_entry(
    hass: HomeAssistant, entry: JarvisConfigEntry, async_add_entities: AddConfigEntryEntitiesCallback
) -> None:
    coordinator = entry.runtime_data.coordinator
    async_add_entities([PendingApprovalsSensor(coordinator, entry), SpendTodaySensor(coordinator, entry)])


class _JarvisSensor(CoordinatorEntity[JarvisCoordinator], SensorEntity):
    _attr_has_entity_name = True

    def __init__(self, coordinator: JarvisCoordinator, entry: JarvisConfigEntry, key: str) -> None:
        super().__init__(coordinator)
        self._attr_translation_key = key
        self._attr_unique_id = f"{entry.entry_id}_{key}"
        self._attr_device_info = device_info(entry)


class PendingApprovalsSensor(_JarvisSensor):
    _attr_state_class = SensorStateClass.MEASUREMENT

    def __init__(self, coordinator: JarvisCoordinator, entry: JarvisConfigEntry) -> None:
        super().__init__(coordinator, entry, "pending_approvals")

    @property
    def native_value(self) -> int:
        return len(self.coordinator.data.pending)

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        actions = self.coordinator.data.pending
        return {"actions": [{key: action.get(key) for key in _SHOWN_FIELDS} for action in actions[:MAX_LISTED]]}


class SpendTodaySensor(_JarvisSensor):
    _attr_device_class = SensorDeviceClass.MONETARY
    _attr_state_class = SensorStateClass.TOTAL
    _attr_native_unit_of_measurement = "USD"
    _attr_suggested_display_precision = 2

    def __init__(self, coordinator: JarvisCoordinator, entry: JarvisConfigEntry) -> None:
        super().__init__(coordinator, entry, "llm_spend_today")

    @property
    def native_value(self) -> float | None:
        return self.coordinator.data.spend_today_usd

    @property
    def last_reset(self) -> datetime | None:
        return self.coordinator.data.spend_since

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        spent, limit = self.coordinator.data.spend_today_usd, self.coordinator.data.daily_limit_usd
        if spent is None or not limit:
            return {"daily_limit": limit}
        return {"daily_limit": limit, "percent_of_limit": round(100 * spent / limit, 1),
                "limit_reached": spent >= limit}
