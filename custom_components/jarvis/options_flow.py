"""The integration's options: which phones get held actions to approve (the companion app's notify services,
shown with their owners) and which Assist satellites or media players announce Jarvis's alerts. Both start
empty, so nothing is sent anywhere until the household chooses."""

from __future__ import annotations

from typing import Any

import voluptuous as vol

from homeassistant.config_entries import ConfigFlowResult, OptionsFlow
from homeassistant.core import HomeAssistant
from homeassistant.helpers.selector import (
    EntitySelector,
    EntitySelectorConfig,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
)

from .const import CONF_ANNOUNCE_ON, CONF_APPROVAL_PHONES
from .phones import async_phones

ANNOUNCE_DOMAINS = ["assist_satellite", "media_player"]


async def _phone_options(hass: HomeAssistant, chosen: list[str]) -> list[SelectOptionDict]:
    options = [SelectOptionDict(value=phone.service, label=f"{phone.device_name} ({phone.owner_name})")
               for phone in await async_phones(hass)]
    # A phone chosen earlier and since removed stays listed, so saving the form does not fail on it.
    known = {option["value"] for option in options}
    return options + [SelectOptionDict(value=service, label=service) for service in chosen if service not in known]


class JarvisOptionsFlow(OptionsFlow):
    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        if user_input is not None:
            return self.async_create_entry(data=user_input)
        current = self.config_entry.options
        phones = await _phone_options(self.hass, list(current.get(CONF_APPROVAL_PHONES, [])))
        schema = vol.Schema({
            vol.Optional(CONF_APPROVAL_PHONES, default=[]): SelectSelector(SelectSelectorConfig(
                options=phones, multiple=True, mode=SelectSelectorMode.LIST)),
            vol.Optional(CONF_ANNOUNCE_ON, default=[]): EntitySelector(EntitySelectorConfig(
                domain=ANNOUNCE_DOMAINS, multiple=True)),
        })
        return self.async_show_form(step_id="init", data_schema=self.add_suggested_values_to_schema(schema, current))
