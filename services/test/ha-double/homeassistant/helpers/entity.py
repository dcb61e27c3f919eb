"""Entities, after homeassistant/helpers/entity.py: the `_attr_*` pattern, naming from the device when
has_entity_name is set and the name is None (or from the integration's `entity` translations by
translation_key), context for the next state write, and state writes into the state machine (unknown for None,
unavailable when not available; capability, state and extra state attributes, then unit_of_measurement,
device_class, icon, friendly_name and supported_features, in HA's order)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from homeassistant.const import ATTR_FRIENDLY_NAME, ATTR_SUPPORTED_FEATURES, STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import Context, HomeAssistant, callback

from .device_registry import DeviceInfo

if TYPE_CHECKING:
    from .entity_platform import EntityPlatform


class Entity:
    entity_id: str = None  # type: ignore[assignment]
    hass: HomeAssistant = None  # type: ignore[assignment]
    platform: EntityPlatform = None  # type: ignore[assignment]
    _context: Context | None = None

    _attr_available: bool = True
    _attr_device_info: DeviceInfo | None = None
    _attr_has_entity_name: bool = False
    _attr_should_poll: bool = True
    _attr_supported_features: int | None = None
    _attr_unique_id: str | None = None

    @property
    def unique_id(self) -> str | None:
        return self._attr_unique_id

    @property
    def has_entity_name(self) -> bool:
        return self._attr_has_entity_name

    _attr_translation_key: str | None = None
    _attr_extra_state_attributes: dict[str, Any] | None = None
    _attr_icon: str | None = None

    @property
    def translation_key(self) -> str | None:
        return self._attr_translation_key

    @property
    def name(self) -> str | None:
        if hasattr(self, "_attr_name"):
            return self._attr_name  # type: ignore[no-any-return]
        if self.has_entity_name and self.translation_key and self.platform is not None:
            from .translation import async_get_cached_translations

            integration = self.platform.platform_name
            key = f"component.{integration}.entity.{self.platform.domain}.{self.translation_key}.name"
            return async_get_cached_translations(self.hass, "en", "entity", integration).get(key)
        return None

    @property
    def capability_attributes(self) -> dict[str, Any] | None:
        return None

    @property
    def state_attributes(self) -> dict[str, Any] | None:
        return None

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        return self._attr_extra_state_attributes

    @property
    def unit_of_measurement(self) -> str | None:
        return None

    @property
    def device_class(self) -> str | None:
        return getattr(self, "_attr_device_class", None)

    @property
    def icon(self) -> str | None:
        return self._attr_icon

    @property
    def device_info(self) -> DeviceInfo | None:
        return self._attr_device_info

    @property
    def available(self) -> bool:
        return self._attr_available

    @property
    def should_poll(self) -> bool:
        return self._attr_should_poll

    @property
    def supported_features(self) -> int | None:
        return self._attr_supported_features

    @property
    def state(self) -> Any:
        return STATE_UNKNOWN

    def friendly_name(self) -> str | None:
        """The name shown: the device's name, joined with the entity's own when it has one."""
        device_name = (self.device_info or {}).get("name") if self.has_entity_name else None
        if not self.has_entity_name:
            return self.name
        if self.name is None:
            return device_name
        return f"{device_name} {self.name}" if device_name else self.name

    @callback
    def async_set_context(self, context: Context) -> None:
        self._context = context

    @callback
    def async_write_ha_state(self) -> None:
        if self.hass is None or self.entity_id is None:
            raise RuntimeError(f"Attribute hass is None for {self}")
        attributes: dict[str, Any] = dict(self.capability_attributes or {})
        if not self.available:
            state: Any = STATE_UNAVAILABLE
        else:
            state = self.state
            attributes.update(self.state_attributes or {})
            attributes.update(self.extra_state_attributes or {})
        for key, value in (("unit_of_measurement", self.unit_of_measurement), ("device_class", self.device_class),
                           ("icon", self.icon)):
            if value is not None:
                attributes[key] = str(value)
        if (name := self.friendly_name()) is not None:
            attributes[ATTR_FRIENDLY_NAME] = name
        if (features := self.supported_features) is not None:
            attributes[ATTR_SUPPORTED_FEATURES] = int(features)
        self.hass.states.async_set(self.entity_id, STATE_UNKNOWN if state is None else str(state), attributes,
                                   context=self._context)
        self._context = None

    async def async_internal_added_to_hass(self) -> None:
        """Called by the platform before async_added_to_hass."""

    async def async_added_to_hass(self) -> None:
        """Run when the entity is about to be added to hass."""

    async def async_internal_will_remove_from_hass(self) -> None:
        """Called by the platform before async_will_remove_from_hass."""

    async def async_will_remove_from_hass(self) -> None:
        """Run when the entity will be removed from hass."""

    async def async_remove(self) -> None:
        await self.async_internal_will_remove_from_hass()
        await self.async_will_remove_from_hass()
        self.hass.states.async_remove(self.entity_id, context=self._context)

    def __repr__(self) -> str:
        return f"<entity {self.entity_id}>"
