"""A running Home Assistant double: the built-in components Jarvis depends on, an admin and a non-admin
user with long-lived access tokens, the integration loaded from the repository and one config entry for it,
set up as HA sets up an entry created by the config flow."""

from __future__ import annotations

from dataclasses import dataclass
import logging
from pathlib import Path
import sys
import tempfile
from typing import Any
from urllib.parse import urlsplit

HA_DOUBLE = Path(__file__).resolve().parents[1]
REPO = HA_DOUBLE.parents[2]
for path in (str(REPO), str(HA_DOUBLE)):
    if path not in sys.path:
        sys.path.insert(0, path)

from homeassistant.auth import AuthManager  # noqa: E402
from homeassistant.auth.models import GROUP_ID_ADMIN, GROUP_ID_USER, User  # noqa: E402
from homeassistant.config_entries import ConfigEntries, ConfigEntry  # noqa: E402
from homeassistant.const import (  # noqa: E402
    CONF_HOST,
    CONF_PORT,
    EVENT_HOMEASSISTANT_START,
    EVENT_HOMEASSISTANT_STARTED,
)
from homeassistant.core import CoreState, HomeAssistant  # noqa: E402
from homeassistant.components.http import StaticPathConfig  # noqa: E402
from homeassistant.setup import async_setup_component  # noqa: E402

from . import commands  # noqa: E402
from .camera import async_add_camera  # noqa: E402
from .satellite import async_add_satellite  # noqa: E402

_LOGGER = logging.getLogger(__name__)
DOMAIN = "jarvis"
FRONTEND_URL = "/double/frontend.js"
BUILT_IN = ("http", "websocket_api", "auth", "frontend", "config", "homeassistant", "api", "repairs", "conversation",
            "sensor", "assist_pipeline", "assist_satellite", "mobile_app", "camera", "media_source", "ai_task")


@dataclass
class Person:
    user: User
    token: str

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.user.id, "name": self.user.name, "is_admin": self.user.is_admin, "token": self.token}


@dataclass
class Instance:
    hass: HomeAssistant
    admin: Person
    user: Person
    entry: ConfigEntry[Any] | None

    @property
    def url(self) -> str:
        return f"http://{self.hass.http.server_host}:{self.hass.http.server_port}"

    def ready_line(self) -> dict[str, Any]:
        from homeassistant.const import __version__

        return {
            "ready": True,
            "url": self.url,
            "ws_url": self.url.replace("http", "ws", 1) + "/api/websocket",
            "ha_version": __version__,
            "entry": {"entry_id": self.entry.entry_id, "state": self.entry.state.value,
                      "reason": self.entry.reason} if self.entry else None,
            "users": {"admin": self.admin.as_dict(), "user": self.user.as_dict()},
        }

    async def stop(self) -> None:
        """HA's stop, then (the double only) every loaded entry unloaded, then the HTTP server."""

        async def unload_entries() -> None:
            for entry in self.hass.config_entries.async_entries():
                await self.hass.config_entries.async_unload(entry.entry_id)
                _LOGGER.info("Unloaded config entry '%s' (%s): %s", entry.title, entry.domain, entry.state.value)

        await self.hass.async_stop(after_stop=unload_entries)
        await self.hass.http.stop()


async def _person(hass: HomeAssistant, name: str, groups: list[str], owner: bool) -> Person:
    user = await hass.auth.async_create_user(name, group_ids=groups, is_owner=owner)
    return Person(user, await hass.auth.async_create_long_lived_token(user, "ha-double"))


async def async_start(*, port: int, jarvis_url: str | None, jarvis_token: str | None,
                      frontend: Path | None = None, host: str = "127.0.0.1",
                      supervisor: dict[str, str] | None = None) -> Instance:
    """`supervisor` ({"url", "token"}): HA runs under a Supervisor, so add-on discovery is read at start."""
    hass = HomeAssistant(tempfile.mkdtemp(prefix="ha-double-"))
    hass.state = CoreState.starting
    hass.auth = AuthManager(hass)
    hass.config_entries = ConfigEntries(hass)
    admin = await _person(hass, "Ada Admin", [GROUP_ID_ADMIN], owner=True)
    user = await _person(hass, "Uma User", [GROUP_ID_USER], owner=False)
    config: dict[str, Any] = {"http": {"server_host": host, "server_port": port}}
    if frontend is not None:
        config["frontend"] = {"app_module_url": FRONTEND_URL}
    if supervisor is not None:
        config["hassio"] = supervisor
    for domain in (*BUILT_IN, *(("hassio",) if supervisor is not None else ())):
        if not await async_setup_component(hass, domain, config):
            raise RuntimeError(f"the double's {domain} component did not set up")
    commands.async_register(hass)
    await async_add_satellite(hass)
    await async_add_camera(hass)
    if frontend is not None:
        # No cache: the test rewrites its frontend module between runs.
        await hass.http.async_register_static_paths([StaticPathConfig(FRONTEND_URL, str(frontend), False)])
    await hass.http.start()
    entry = None
    if jarvis_url is not None:
        if not await async_setup_component(hass, DOMAIN, {}):
            raise RuntimeError("custom_components/jarvis did not set up (async_setup failed); see the log")
        parts = urlsplit(jarvis_url)
        entry = ConfigEntry(domain=DOMAIN, title="Jarvis", source="user", unique_id=DOMAIN,
                            data={CONF_HOST: parts.hostname, CONF_PORT: parts.port or 80, "token": jarvis_token or ""})
        await hass.config_entries.async_add(entry)
    # HA's async_start: the start event, its work (add-on discovery among it), then running and started.
    hass.bus.async_fire(EVENT_HOMEASSISTANT_START)
    await hass.async_block_till_done()
    hass.state = CoreState.running
    hass.bus.async_fire(EVENT_HOMEASSISTANT_STARTED)
    return Instance(hass, admin, user, entry)
