"""What a loaded entry holds, and the few helpers every HA-facing module shares: finding the loaded client,
naming the HA user to Jarvis, and turning client errors into translated Home Assistant errors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from homeassistant.auth.models import User
from homeassistant.config_entries import ConfigEntry, ConfigEntryState
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo

from .client import JarvisAuthError, JarvisClient, JarvisCommandError, JarvisError
from .const import CONF_ADDON_SLUG, DOMAIN, NAME

if TYPE_CHECKING:
    from .coordinator import JarvisCoordinator
    from .feed import JarvisEventFeed


@dataclass
class JarvisData:
    client: JarvisClient
    version: str | None
    coordinator: JarvisCoordinator
    feed: JarvisEventFeed
    # The conversation entity's id once it is added (pipelines name their agent by it).
    agent_id: str | None = None


JarvisConfigEntry = ConfigEntry[JarvisData]


def loaded_client(hass: HomeAssistant) -> JarvisClient:
    """The client of the loaded entry (the flow allows one); a translated error when there is none."""
    for entry in hass.config_entries.async_entries(DOMAIN):
        if entry.state is ConfigEntryState.LOADED:
            return entry.runtime_data.client
    raise HomeAssistantError(translation_domain=DOMAIN, translation_key="not_loaded")


def user_payload(user: User | None) -> dict[str, Any] | None:
    """The HA user as the add-on takes it in `user` on each command."""
    if user is None:
        return None
    return {"id": user.id, "name": user.name, "is_admin": user.is_admin}


async def context_user(hass: HomeAssistant, context: Context) -> dict[str, Any] | None:
    """The user behind a service call or a conversation turn; None for automations and satellites."""
    if not context.user_id:
        return None
    return user_payload(await hass.auth.async_get_user(context.user_id))


def ha_error(err: JarvisError) -> HomeAssistantError:
    """A client error as a Home Assistant error with a translation key."""
    if isinstance(err, JarvisCommandError):
        return HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="command_failed",
            translation_placeholders={"code": err.code, "message": err.message},
        )
    return HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key="invalid_auth" if isinstance(err, JarvisAuthError) else "cannot_connect",
        translation_placeholders={"error": err.message},
    )


def device_info(entry: JarvisConfigEntry) -> DeviceInfo:
    """The add-on as a service device: the conversation agent hangs off it."""
    slug = entry.data.get(CONF_ADDON_SLUG)
    return DeviceInfo(
        identifiers={(DOMAIN, entry.entry_id)},
        name=NAME,
        manufacturer=NAME,
        model="Jarvis add-on" if slug else "Jarvis server",
        sw_version=entry.runtime_data.version,
        entry_type=DeviceEntryType.SERVICE,
        configuration_url=f"homeassistant://hassio/addon/{slug}/info" if slug else f"{entry.runtime_data.client.url}/",
    )

