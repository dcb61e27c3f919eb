"""Jarvis: the add-on as Home Assistant's conversation agent, its services, its card and a relay of the card's
`jarvis/*` WebSocket commands. This file only wires things together; the protocol lives in client.py."""

from __future__ import annotations

import logging

from homeassistant.const import CONF_HOST, CONF_PORT, EVENT_HOMEASSISTANT_STOP, Platform
from homeassistant.core import Event, HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryNotReady
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.typing import ConfigType

from .announce import AlertAnnouncer
from .approvals import PhoneApprovals
from .card import async_register_card
from .client import JarvisAuthError, JarvisClient, JarvisConnectionError, base_url
from .const import CONF_TOKEN, DOMAIN
from .coordinator import JarvisCoordinator
from .feed import JarvisEventFeed
from .local_intents import LocalIntentsWatch
from .relay import async_register_relay
from .runtime import JarvisConfigEntry, JarvisData
from .services import async_register_services

_LOGGER = logging.getLogger(__name__)

PLATFORMS = [Platform.AI_TASK, Platform.CONVERSATION, Platform.SENSOR]
CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Services, the relay and the card exist once per HA, whatever the entries."""
    async_register_services(hass)
    async_register_relay(hass)
    async_register_card(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: JarvisConfigEntry) -> bool:
    """Connects to the add-on; a refused token asks the user for a new one."""

    feed: JarvisEventFeed | None = None

    def on_status(state: str, detail: str) -> None:
        if state == "auth_failed":
            entry.async_start_reauth(hass)
        if state == "up" and feed is not None:
            feed.async_reconnected()
        _LOGGER.info("Jarvis connection %s: %s", state, detail)

    client = JarvisClient(
        async_get_clientsession(hass),
        base_url(entry.data[CONF_HOST], entry.data[CONF_PORT]),
        entry.data[CONF_TOKEN],
        on_status=on_status,
    )
    try:
        await client.connect()
        health = await client.health()
    except JarvisAuthError as err:
        await client.close()
        raise ConfigEntryAuthFailed(translation_domain=DOMAIN, translation_key="invalid_auth",
                                    translation_placeholders={"error": err.message}) from err
    except JarvisConnectionError as err:
        await client.close()
        raise ConfigEntryNotReady(translation_domain=DOMAIN, translation_key="cannot_connect",
                                  translation_placeholders={"error": err.message}) from err
    feed = JarvisEventFeed(hass, client)
    coordinator = JarvisCoordinator(hass, entry, client)
    try:
        await coordinator.async_config_entry_first_refresh()
    except ConfigEntryNotReady:
        await client.close()
        raise
    entry.async_on_unload(feed.add_listener(coordinator.async_on_feed_event))
    entry.runtime_data = JarvisData(client=client, version=health.get("version"), coordinator=coordinator, feed=feed)
    await feed.async_start()

    async def close_on_stop(_event: Event) -> None:
        # Stops the reconnect loop too, which would otherwise outlive HA's HTTP session.
        await client.close()

    entry.async_on_unload(hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STOP, close_on_stop))
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    entry.async_on_unload(LocalIntentsWatch(hass, lambda: entry.runtime_data.agent_id).async_start())
    # Both read the options at each event: phones and speakers chosen later apply at once, without a reload.
    entry.async_on_unload(PhoneApprovals(hass, client, lambda: entry.options).async_start(feed))
    entry.async_on_unload(AlertAnnouncer(hass, client, lambda: entry.options).async_start(feed))
    return True


async def async_unload_entry(hass: HomeAssistant, entry: JarvisConfigEntry) -> bool:
    unloaded = await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
    if unloaded:
        await entry.runtime_data.feed.async_close()
        await entry.runtime_data.client.close()
    return unloaded
