"""Debouncer, after homeassistant/helpers/debounce.py: with `immediate`, the first call runs at once and opens
a cooldown; calls during the cooldown make the function run once when it ends (which opens another)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
import logging
from typing import Any

from homeassistant.core import HomeAssistant, callback


class Debouncer:
    def __init__(self, hass: HomeAssistant, logger: logging.Logger, *, cooldown: float, immediate: bool,
                 function: Callable[[], Awaitable[Any] | Any] | None = None) -> None:
        self.hass = hass
        self.logger = logger
        self.cooldown = cooldown
        self.immediate = immediate
        self.function = function
        self._timer: asyncio.TimerHandle | None = None
        self._execute_at_end_of_timer = False
        self._lock = asyncio.Lock()
        self._shutdown = False

    async def async_call(self) -> None:
        if self._shutdown:
            raise RuntimeError("Debouncer has been shutdown")
        if self._timer is not None:
            self._execute_at_end_of_timer = True
            return
        if not self.immediate:
            self._execute_at_end_of_timer = True
            self._schedule_timer()
            return
        async with self._lock:
            await self._run()
        self._schedule_timer()

    async def _run(self) -> None:
        assert self.function is not None
        result = self.function()
        if asyncio.iscoroutine(result):
            await result

    async def _handle_timer_finish(self) -> None:
        self._timer = None
        if not self._execute_at_end_of_timer or self._shutdown:
            return
        self._execute_at_end_of_timer = False
        async with self._lock:
            try:
                await self._run()
            except Exception:  # noqa: BLE001 - HA logs it and keeps debouncing
                self.logger.exception("Unexpected exception from %s", self.function)
        self._schedule_timer()

    @callback
    def _schedule_timer(self) -> None:
        if self._shutdown:
            return
        self._timer = self.hass.loop.call_later(
            self.cooldown, lambda: self.hass.async_create_background_task(self._handle_timer_finish(), "debouncer"))

    @callback
    def async_shutdown(self) -> None:
        self._shutdown = True
        self.async_cancel()

    @callback
    def async_cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._execute_at_end_of_timer = False
