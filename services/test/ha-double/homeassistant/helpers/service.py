"""Service helpers, after homeassistant/helpers/service.py and helpers/target.py (HA 2025.10+).

async_extract_entity_ids takes only the ServiceCall: the instance comes from `service_call.hass` (the `hass`
first argument was deprecated in 2025.10 and is gone in 2026.10; passing it fails here as it does there).
Referenced entities are the call's entity_id; group members are expanded from a group's `entity_id`
attribute. The double has no device, area, floor or label registries, so those targets select nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import logging

from homeassistant.const import ATTR_ENTITY_ID, ENTITY_MATCH_NONE
from homeassistant.core import HomeAssistant, ServiceCall, callback

from . import config_validation as cv

_LOGGER = logging.getLogger(__name__)


@dataclass(slots=True)
class SelectedEntities:
    referenced: set[str] = field(default_factory=set)
    indirectly_referenced: set[str] = field(default_factory=set)
    missing_devices: set[str] = field(default_factory=set)
    missing_areas: set[str] = field(default_factory=set)


@callback
def expand_entity_ids(hass: HomeAssistant, entity_ids: set[str]) -> set[str]:
    """Group entities stand for their members (homeassistant/components/group expand_entity_ids)."""
    found: set[str] = set()
    pending = list(entity_ids)
    while pending:
        entity_id = pending.pop()
        if entity_id in found:
            continue
        found.add(entity_id)
        if entity_id.startswith("group.") and (state := hass.states.get(entity_id)) is not None:
            found.discard(entity_id)
            pending.extend(cv.ensure_list(state.attributes.get(ATTR_ENTITY_ID)))
    return found


@callback
def async_extract_referenced_entity_ids(hass: HomeAssistant, service_call: ServiceCall,
                                        expand_group: bool = True) -> SelectedEntities:
    selected = SelectedEntities()
    entity_ids = service_call.data.get(ATTR_ENTITY_ID)
    if entity_ids in (None, ENTITY_MATCH_NONE):
        return selected
    ids = set(cv.ensure_list(entity_ids))
    selected.referenced = expand_entity_ids(hass, ids) if expand_group else ids
    return selected


async def async_extract_entity_ids(service_call: ServiceCall, expand_group: bool = True) -> set[str]:
    """Every entity id a service call targets."""
    referenced = async_extract_referenced_entity_ids(service_call.hass, service_call, expand_group)
    return referenced.referenced | referenced.indirectly_referenced
