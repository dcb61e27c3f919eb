"""Entity components, after homeassistant/helpers/entity_component.py: one per entity domain, holding the
entities every platform added, so `conversation.jarvis` can be found by its id."""

from __future__ import annotations

import logging
from typing import Generic, TypeVar

from homeassistant.core import HomeAssistant

from .entity import Entity

_EntityT = TypeVar("_EntityT", bound=Entity)
DATA_INSTANCES = "entity_components"


class EntityComponent(Generic[_EntityT]):
    def __init__(self, logger: logging.Logger, domain: str, hass: HomeAssistant) -> None:
        self.logger = logger
        self.domain = domain
        self.hass = hass
        self._entities: dict[str, _EntityT] = {}
        hass.data.setdefault(DATA_INSTANCES, {})[domain] = self

    @property
    def entities(self) -> list[_EntityT]:
        return list(self._entities.values())

    def get_entity(self, entity_id: str) -> _EntityT | None:
        return self._entities.get(entity_id)

    def _add(self, entity: _EntityT) -> None:
        self._entities[entity.entity_id] = entity

    def _remove(self, entity: _EntityT) -> None:
        self._entities.pop(entity.entity_id, None)
