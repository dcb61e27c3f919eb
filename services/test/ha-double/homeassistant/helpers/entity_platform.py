"""Entity platforms, after homeassistant/helpers/entity_platform.py.

A config entry's platform module gets a callback add-entities function; the entities it is handed are added
in a task the platform setup waits for. Adding gives each entity hass, platform and an entity_id made from
the device name (has_entity_name, name None) or its own name, suffixed _2, _3... on collision as the entity
registry does, then runs its added-to-hass hooks and writes its first state.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
import logging
from types import ModuleType
from typing import TYPE_CHECKING, Any, Protocol

from homeassistant.core import HomeAssistant, callback
from homeassistant.util import slugify

from .entity import Entity
from .entity_component import DATA_INSTANCES, EntityComponent

if TYPE_CHECKING:
    from homeassistant.config_entries import ConfigEntry

_LOGGER = logging.getLogger(__name__)
DATA_ENTITY_PLATFORM = "entity_platform"


class AddConfigEntryEntitiesCallback(Protocol):
    def __call__(self, new_entities: Iterable[Entity], update_before_add: bool = False, *,
                 config_subentry_id: str | None = None) -> None:
        """Define add_entities type."""


class EntityPlatform:
    def __init__(self, hass: HomeAssistant, domain: str, platform_name: str, config_entry: ConfigEntry) -> None:
        self.hass = hass
        self.domain = domain
        self.platform_name = platform_name
        self.config_entry = config_entry
        self.entities: dict[str, Entity] = {}
        self._tasks: list[asyncio.Task[None]] = []

    def __repr__(self) -> str:
        return f"<EntityPlatform domain={self.domain} platform_name={self.platform_name}>"

    def _component(self) -> EntityComponent[Any]:
        components = self.hass.data.setdefault(DATA_INSTANCES, {})
        return components.get(self.domain) or EntityComponent(_LOGGER, self.domain, self.hass)

    async def async_setup_entry(self, platform: ModuleType) -> bool:
        try:
            await platform.async_setup_entry(self.hass, self.config_entry, self._async_schedule_add_entities)
            if self._tasks:
                await asyncio.gather(*self._tasks)
        except Exception:
            _LOGGER.exception("Error while setting up %s platform for %s", self.platform_name, self.domain)
            return False
        finally:
            self._tasks.clear()
        self.hass.data.setdefault(DATA_ENTITY_PLATFORM, {}).setdefault(self.platform_name, []).append(self)
        return True

    @callback
    def _async_schedule_add_entities(self, new_entities: Iterable[Entity], update_before_add: bool = False, *,
                                     config_subentry_id: str | None = None) -> None:
        task = self.hass.async_create_task(self.async_add_entities(list(new_entities)),
                                           f"EntityPlatform async_add_entities {self.domain}.{self.platform_name}")
        self._tasks.append(task)

    async def async_add_entities(self, new_entities: list[Entity]) -> None:
        component = self._component()
        for entity in new_entities:
            entity.hass = self.hass
            entity.platform = self
            if entity.entity_id is None:
                entity.entity_id = self._generate_entity_id(entity)
            self.entities[entity.entity_id] = entity
            component._add(entity)
            await entity.async_internal_added_to_hass()
            await entity.async_added_to_hass()
            entity.async_write_ha_state()

    def _generate_entity_id(self, entity: Entity) -> str:
        base = slugify(entity.friendly_name() or f"{self.platform_name} {entity.unique_id or ''}".strip())
        candidate, number = f"{self.domain}.{base}", 2
        while self.hass.states.get(candidate) is not None or self._component().get_entity(candidate):
            candidate, number = f"{self.domain}.{base}_{number}", number + 1
        return candidate

    async def async_reset(self) -> None:
        component = self._component()
        for entity in list(self.entities.values()):
            await entity.async_remove()
            component._remove(entity)
        self.entities.clear()
        platforms = self.hass.data.get(DATA_ENTITY_PLATFORM, {}).get(self.platform_name, [])
        if self in platforms:
            platforms.remove(self)


@callback
def async_get_platforms(hass: HomeAssistant, integration_name: str) -> list[EntityPlatform]:
    return list(hass.data.get(DATA_ENTITY_PLATFORM, {}).get(integration_name, []))
