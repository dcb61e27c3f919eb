"""One poller for many entities, after homeassistant/helpers/update_coordinator.py.

DataUpdateCoordinator fetches with `_async_update_data` (or `update_method`): the first refresh of a config
entry raises ConfigEntryNotReady when it fails; later failures (UpdateFailed) mark it unsuccessful and keep the
last data. It refreshes every `update_interval` while anything listens, and `async_request_refresh` goes
through a Debouncer as HA's does (default: the first request at once, further ones within 10 s once after).
Listeners hear about every refresh. CoordinatorEntity writes its state on each and is available while the
last refresh succeeded.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta
import logging
from typing import Any, Generic, TypeVar

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryError, ConfigEntryNotReady, HomeAssistantError

from .debounce import Debouncer
from .entity import Entity

_DataT = TypeVar("_DataT")
REQUEST_REFRESH_DEFAULT_COOLDOWN = 10
REQUEST_REFRESH_DEFAULT_IMMEDIATE = True


class UpdateFailed(HomeAssistantError):
    """Raised by an update method when it could not fetch."""


class DataUpdateCoordinator(Generic[_DataT]):
    def __init__(self, hass: HomeAssistant, logger: logging.Logger, *, config_entry: Any = None, name: str,
                 update_interval: timedelta | None = None,
                 update_method: Callable[[], Awaitable[_DataT]] | None = None,
                 request_refresh_debouncer: Debouncer | None = None, always_update: bool = True) -> None:
        self.hass = hass
        self.logger = logger
        self.config_entry = config_entry
        self.name = name
        self.update_interval = update_interval
        self.update_method = update_method
        self.always_update = always_update
        self.data: _DataT = None  # type: ignore[assignment]
        self.last_update_success = True
        self.last_exception: BaseException | None = None
        self._listeners: dict[CALLBACK_TYPE, CALLBACK_TYPE] = {}
        self._unsub_refresh: asyncio.TimerHandle | None = None
        if request_refresh_debouncer is None:
            request_refresh_debouncer = Debouncer(hass, logger, cooldown=REQUEST_REFRESH_DEFAULT_COOLDOWN,
                                                  immediate=REQUEST_REFRESH_DEFAULT_IMMEDIATE)
        request_refresh_debouncer.function = self.async_refresh
        self._debounced_refresh = request_refresh_debouncer
        self._shutdown = False
        if config_entry is not None:
            config_entry.async_on_unload(self.async_shutdown)

    @callback
    def async_add_listener(self, update_callback: CALLBACK_TYPE, context: Any = None) -> CALLBACK_TYPE:
        schedule = not self._listeners

        @callback
        def remove_listener() -> None:
            self._listeners.pop(remove_listener, None)
            if not self._listeners:
                self._unschedule_refresh()

        self._listeners[remove_listener] = update_callback
        if schedule:
            self._schedule_refresh()
        return remove_listener

    @callback
    def async_update_listeners(self) -> None:
        for update_callback in list(self._listeners.values()):
            update_callback()

    def _unschedule_refresh(self) -> None:
        if self._unsub_refresh is not None:
            self._unsub_refresh.cancel()
            self._unsub_refresh = None

    def _schedule_refresh(self) -> None:
        if self.update_interval is None or self._shutdown:
            return
        self._unschedule_refresh()
        self._unsub_refresh = self.hass.loop.call_later(
            self.update_interval.total_seconds(),
            lambda: self.hass.async_create_background_task(self._handle_refresh_interval(), f"{self.name} refresh"))

    async def _handle_refresh_interval(self) -> None:
        self._unsub_refresh = None
        await self._async_refresh(log_failures=True, scheduled=True)

    async def async_request_refresh(self) -> None:
        await self._debounced_refresh.async_call()

    async def _async_update_data(self) -> _DataT:
        if self.update_method is None:
            raise NotImplementedError("Update method not implemented")
        return await self.update_method()

    async def async_config_entry_first_refresh(self) -> None:
        await self._async_refresh(log_failures=False, raise_on_entry_error=True)
        if self.last_update_success:
            return
        ex = ConfigEntryNotReady()
        ex.__cause__ = self.last_exception
        raise ex

    async def async_refresh(self) -> None:
        await self._async_refresh(log_failures=True)

    async def _async_refresh(self, log_failures: bool = True, raise_on_entry_error: bool = False,
                             scheduled: bool = False) -> None:
        self._unschedule_refresh()
        previous = self.data
        try:
            self.data = await self._async_update_data()
        except (ConfigEntryError, ConfigEntryNotReady) if raise_on_entry_error else () as err:  # type: ignore[misc]
            self.last_exception = err
            self.last_update_success = False
            raise
        except UpdateFailed as err:
            self.last_exception = err
            if self.last_update_success and log_failures:
                self.logger.error("Error fetching %s data: %s", self.name, err)
            self.last_update_success = False
        except Exception as err:  # noqa: BLE001 - HA logs and marks the update failed
            self.last_exception = err
            self.last_update_success = False
            self.logger.exception("Unexpected error fetching %s data", self.name)
        else:
            if not self.last_update_success:
                self.logger.info("Fetching %s data recovered", self.name)
            self.last_update_success = True
        if self._listeners and not self._shutdown:
            self._schedule_refresh()
        if self.always_update or not self.last_update_success or previous != self.data:
            self.async_update_listeners()

    @callback
    def async_set_updated_data(self, data: _DataT) -> None:
        self._unschedule_refresh()
        self.data = data
        self.last_update_success = True
        if self._listeners:
            self._schedule_refresh()
        self.async_update_listeners()

    async def async_shutdown(self) -> None:
        self._shutdown = True
        self._unschedule_refresh()
        self._debounced_refresh.async_shutdown()


_CoordinatorT = TypeVar("_CoordinatorT", bound=DataUpdateCoordinator[Any])


class CoordinatorEntity(Entity, Generic[_CoordinatorT]):
    _attr_should_poll = False

    def __init__(self, coordinator: _CoordinatorT, context: Any = None) -> None:
        self.coordinator = coordinator
        self.coordinator_context = context

    @property
    def available(self) -> bool:
        return self.coordinator.last_update_success

    async def async_added_to_hass(self) -> None:
        await super().async_added_to_hass()
        self._remove_listener = self.coordinator.async_add_listener(self._handle_coordinator_update,
                                                                    self.coordinator_context)

    async def async_will_remove_from_hass(self) -> None:
        await super().async_will_remove_from_hass()
        if remove := getattr(self, "_remove_listener", None):
            remove()

    @callback
    def _handle_coordinator_update(self) -> None:
        self.async_write_ha_state()

    async def async_update(self) -> None:
        await self.coordinator.async_request_refresh()
