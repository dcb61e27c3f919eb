"""The add-on's live events (actions and alerts) for the integration's own use: the sensors refresh when an
action is held or decided, approvals go to phones, alerts are announced. One subscription per entry, opened
again whenever the connection to the add-on comes back; listeners get each event as the add-on sent it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
import logging
from typing import Any

from homeassistant.core import HomeAssistant, callback

from .client import JarvisClient, JarvisError

_LOGGER = logging.getLogger(__name__)

EventListener = Callable[[dict[str, Any]], None]
# The event types the integration acts on (the add-on's events table); the daily digest is a status event.
FEED_TYPES = ["action", "alert", "status"]


class _Sink:
    """Where the subscription's frames go (client.RelaySink)."""

    def __init__(self, feed: JarvisEventFeed) -> None:
        self._feed = feed

    def event(self, event: Any) -> None:
        if not isinstance(event, dict):
            return
        if event.get("type") == "disconnected":
            self._feed._stop = None
            return
        for listener in list(self._feed.listeners):
            try:
                listener(event)
            except Exception:  # noqa: BLE001 - one listener's bug must not stop the others
                _LOGGER.exception("Jarvis event listener failed on %s", event.get("title"))

    def result(self, result: Any) -> None:
        """The subscription is open."""

    def error(self, code: str, message: str) -> None:
        _LOGGER.warning("Jarvis refused the event subscription (%s): %s", code, message)
        self._feed._stop = None


class JarvisEventFeed:
    def __init__(self, hass: HomeAssistant, client: JarvisClient) -> None:
        self.hass = hass
        self.client = client
        self.listeners: list[EventListener] = []
        self._stop: Callable[[], Awaitable[None]] | None = None
        self._closed = False

    @callback
    def add_listener(self, listener: EventListener) -> Callable[[], None]:
        self.listeners.append(listener)

        @callback
        def remove() -> None:
            if listener in self.listeners:
                self.listeners.remove(listener)

        return remove

    async def async_start(self) -> None:
        """Subscribes unless subscribed; a failure waits for the connection to come back (async_reconnected)."""
        if self._closed or self._stop is not None:
            return
        try:
            self._stop = await self.client.relay("subscribe_events", {"event_types": FEED_TYPES}, None, _Sink(self))
        except JarvisError as err:
            _LOGGER.debug("Jarvis events not subscribed yet: %s", err)

    @callback
    def async_reconnected(self) -> None:
        """The connection to the add-on is up again: the old subscription went with the old connection."""
        self._stop = None
        self.hass.async_create_background_task(self.async_start(), "jarvis event feed")

    async def async_close(self) -> None:
        self._closed = True
        stop, self._stop = self._stop, None
        if stop is not None:
            await stop()
