"""The companion app's registration as a config entry, after homeassistant/components/mobile_app/config_flow.py."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult


class MobileAppFlowHandler(ConfigFlow, domain="mobile_app"):
    VERSION = 1

    async def async_step_registration(self, user_input: dict[str, Any]) -> ConfigFlowResult:
        await self.async_set_unique_id(user_input["webhook_id"])
        return self.async_create_entry(title=user_input["device_name"], data=user_input)
