"""The household's phones: each companion app registration (a mobile_app config entry) with its notify service
and the HA user it belongs to."""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.core import HomeAssistant
from homeassistant.util import slugify

MOBILE_APP = "mobile_app"


@dataclass(frozen=True)
class Phone:
    service: str
    device_name: str
    user_id: str
    owner_name: str
    owner_is_admin: bool


async def async_phones(hass: HomeAssistant) -> list[Phone]:
    """Every registered phone whose notify service exists (`notify.mobile_app_<device name>`)."""
    phones = []
    for entry in hass.config_entries.async_entries(MOBILE_APP):
        service = f"mobile_app_{slugify(entry.data.get('device_name'))}"
        if not hass.services.has_service("notify", service):
            continue
        user = await hass.auth.async_get_user(entry.data.get("user_id", ""))
        phones.append(Phone(service, entry.data.get("device_name", service), entry.data.get("user_id", ""),
                            user.name if user and user.name else "unknown user", bool(user and user.is_admin)))
    return phones
