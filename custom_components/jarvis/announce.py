"""Jarvis's alerts (a person at a door camera, a node down, a disk filling up) and its daily digest said aloud
on the Assist satellites and media players chosen in the options: satellites through HA's
assist_satellite.announce, media players in Jarvis's own voice through its speak tool (as jarvis.speak does).
Nothing is announced until the household picks where."""

from __future__ import annotations

from collections.abc import Callable, Mapping
import logging
from typing import Any

from homeassistant.core import HomeAssistant, callback, split_entity_id
from homeassistant.exceptions import HomeAssistantError

from .client import JarvisClient, JarvisError
from .const import CONF_ANNOUNCE_ON
from .feed import JarvisEventFeed

_LOGGER = logging.getLogger(__name__)


def spoken(event: dict[str, Any]) -> str | None:
    """An alert as one sentence to say, the daily digest as its lines; None for anything else."""
    if event.get("type") == "alert":
        title = str(event.get("title") or "an alert").rstrip(".")
        return f"Jarvis alert: {title}."
    if event.get("type") == "status" and isinstance(event.get("data"), dict) and "digest" in event["data"]:
        return f"{str(event.get('title') or 'Daily digest').rstrip('.')}. {event.get('message') or ''}".strip()
    return None


class AlertAnnouncer:
    def __init__(self, hass: HomeAssistant, client: JarvisClient, options: Callable[[], Mapping[str, Any]]) -> None:
        self.hass = hass
        self.client = client
        # Read at each alert, so a change in the options applies at once.
        self._options = options

    @callback
    def async_start(self, feed: JarvisEventFeed) -> Callable[[], None]:
        return feed.add_listener(self._on_feed_event)

    @callback
    def _on_feed_event(self, event: dict[str, Any]) -> None:
        targets = list(self._options().get(CONF_ANNOUNCE_ON) or [])
        text = spoken(event)
        if text and targets:
            self.hass.async_create_background_task(self._announce(text, targets), "jarvis announcement")

    async def _announce(self, text: str, targets: list[str]) -> None:
        for target in targets:
            try:
                if split_entity_id(target)[0] == "assist_satellite":
                    await self.hass.services.async_call("assist_satellite", "announce", {"message": text},
                                                        blocking=True, target={"entity_id": target})
                else:
                    outcome = await self.client.run_tool("speak", {"text": text, "media_player": target})
                    if outcome.get("status") != "ok":
                        _LOGGER.warning("Jarvis could not speak on %s: %s", target, outcome.get("error") or outcome)
            except (HomeAssistantError, JarvisError) as err:
                _LOGGER.warning("Could not announce on %s: %s", target, err)
