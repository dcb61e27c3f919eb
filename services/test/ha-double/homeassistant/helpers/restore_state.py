"""Restore state, after homeassistant/helpers/restore_state.py: the double keeps no state across runs."""

from __future__ import annotations

from homeassistant.core import State

from .entity import Entity


class RestoreEntity(Entity):
    async def async_get_last_state(self) -> State | None:
        return None
