"""What HA's Jarvis sensors show, read from the add-on by one coordinator: the actions held for approval
(`approvals/pending`) and the day's model spend against the limit (`status`). It reads every minute (held
actions expire, spend grows) and at once when the add-on reports an action held or decided."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
import logging
from typing import Any

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.debounce import Debouncer
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util

from .client import JarvisClient, JarvisError
from .const import DOMAIN

_LOGGER = logging.getLogger(__name__)

UPDATE_INTERVAL = timedelta(seconds=60)
# A hold and its approval can come a second apart; both should show.
REFRESH_COOLDOWN_S = 1.0
READ_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class JarvisState:
    pending: list[dict[str, Any]]
    spend_today_usd: float | None
    daily_limit_usd: float | None
    spend_since: datetime | None


class JarvisCoordinator(DataUpdateCoordinator[JarvisState]):
    def __init__(self, hass: HomeAssistant, entry: Any, client: JarvisClient) -> None:
        super().__init__(
            hass, _LOGGER, config_entry=entry, name=DOMAIN, update_interval=UPDATE_INTERVAL,
            request_refresh_debouncer=Debouncer(hass, _LOGGER, cooldown=REFRESH_COOLDOWN_S, immediate=True),
        )
        self.client = client

    async def _async_update_data(self) -> JarvisState:
        try:
            status = await self.client.call("status", timeout=READ_TIMEOUT_S)
            pending = await self.client.call("approvals/pending", timeout=READ_TIMEOUT_S)
        except JarvisError as err:
            raise UpdateFailed(f"Cannot read Jarvis: {err.message}") from err
        since = status.get("spend_since")
        return JarvisState(
            pending=list(pending.get("actions") or []),
            spend_today_usd=status.get("spend_today_usd"),
            daily_limit_usd=status.get("daily_limit_usd"),
            spend_since=dt_util.parse_datetime(since) if isinstance(since, str) else None,
        )

    @callback
    def async_on_feed_event(self, event: dict[str, Any]) -> None:
        """Held, approved, denied or run: the pending list (and perhaps the spend) changed."""
        if event.get("type") == "action":
            self.hass.async_create_background_task(self.async_request_refresh(), "jarvis refresh")
